"""The symflow command line."""
import json
import subprocess
import sys

import pytest

from symflow.cli.main import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "symflow", *args], capture_output=True, text=True)


def test_list_shows_the_catalogue(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in ("gradient-descent", "nesterov", "nesterov-r", "heavy-ball", "nag-sc", "nag-c"):
        assert name in out


def test_derive_nesterov_json(capsys):
    assert main(["derive", "nesterov", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "nesterov"
    assert data["equation"] == "Ẍ + 3/t Ẋ + ∇f(X) = 0"
    assert data["initial_conditions"] == ["X(0) = x₀", "Ẋ(0) = 0"]
    balance = [st for st in data["steps"] if st["title"] == "Dominant balance"][0]
    assert "δ = √s" in balance["math"]
    assert all(c["passed"] for c in data["checks"])


def test_derive_nag_sc_high_resolution(capsys):
    assert main(["derive", "nag-sc", "--order", "1"]) == 0
    out = capsys.readouterr().out
    assert "result: Ẍ + 2√μ Ẋ + √s ∇²f(X) Ẋ + (1 + √(μ s)) ∇f(X) = 0" in out


def test_derive_latex_and_markdown(capsys):
    assert main(["derive", "nag-c", "--order", "1", "--format", "latex"]) == 0
    assert r"\left(1 + \frac{3 \sqrt{s}}{2 t}\right) \nabla f(X)" in capsys.readouterr().out
    assert main(["derive", "heavy-ball", "--format", "markdown"]) == 0
    assert "$$" in capsys.readouterr().out


def test_user_method_file(capsys):
    assert main(["derive", "--method", "examples/nesterov_by_hand.toml", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["equation"] == "Ẍ + r/t Ẋ + ∇f(X) = 0"


@pytest.mark.parametrize("args, message", [
    (["derive", "nesterv"], "did you mean nesterov"),
    (["derive"], "give either"),
    (["derive", "nesterov", "--time-offset", "x"], "rational"),
    (["derive", "--method", "/nonexistent.toml"], "cannot read"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_pwned_method_file_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    bad = tmp_path / "pwned.toml"
    bad.write_text(f'sequences = ["x"]\nupdates = ["x[k+1] = __import__(\'os\').system(\'touch {marker}\')"]\n')
    result = run("derive", "--method", str(bad))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not marker.exists()


def test_degenerate_user_method_is_exit_2(tmp_path):
    path = tmp_path / "fixed.toml"
    path.write_text('sequences = ["x"]\nupdates = ["x[k+1] = x[k] - grad(x[k])"]\n')
    result = run("derive", "--method", str(path))
    assert result.returncode == 2
    assert "no scaling" in result.stderr


def test_regenerate_check_detects_stale_files(tmp_path, capsys, monkeypatch):
    import symflow.documents.regenerate as regenerate

    everything = regenerate.entries()
    small = {name: everything[name] for name in ("nesterov", "gradient-descent")}
    monkeypatch.setattr(regenerate, "entries", lambda: small)
    out = tmp_path / "docs"
    assert main(["regenerate", "--out", str(out), "--jobs", "1"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "README.md", "gradient-descent.md", "gradient-descent.tex", "nesterov.md", "nesterov.tex", "symflow.tex"]
    assert main(["regenerate", "--check", "--out", str(out), "--jobs", "1"]) == 0
    (out / "nesterov.md").write_text("edited by hand\n")
    (out / "leftover.md").write_text("old\n")
    capsys.readouterr()
    assert main(["regenerate", "--check", "--out", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "nesterov.md" in err and "leftover.md" in err


def test_help_explains_each_subcommand():
    for sub in ("list", "derive", "regenerate"):
        result = run(sub, "--help")
        assert result.returncode == 0 and "usage: symflow" in result.stdout


def test_help_and_list_start_without_sympy():
    for code in ("from symflow.cli.options import build_parser; build_parser().format_help()",
                 "from symflow.cli.listing import run; import argparse, io, contextlib\n"
                 "with contextlib.redirect_stdout(io.StringIO()): run(argparse.Namespace())",
                 "import symflow; symflow.__version__"):
        probe = f"import sys\n{code}\nprint(sorted(m for m in sys.modules if m == 'sympy' or m.startswith('sympy.')))"
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[]", (code, done.stdout[:200])


def test_version_and_python_dash_m():
    from importlib.metadata import version

    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"symflow {version('symflow')}"
    listed = run("list")
    assert listed.returncode == 0 and listed.stdout.startswith("bregman-euclidean")
    import symflow

    assert symflow.__version__ == version("symflow")


def test_help_documents_the_exit_codes():
    done = run("--help")
    assert done.returncode == 0
    for code in ("0 success", "1 refuted", "2 bad input", "3 unknown"):
        assert code in " ".join(done.stdout.split())


def test_option_constants_are_the_engines():
    from symflow.cli.options import FORMATS, SCHEME_NAMES
    from symflow.discretize import SCHEMES
    from symflow.documents import FORMATS as DOCUMENT_FORMATS

    assert FORMATS == DOCUMENT_FORMATS
    assert SCHEME_NAMES == tuple(SCHEMES)
