"""Command-line workflows for papers: `list --format json`, `export --json`, file modes, one integration per
`simulate`, honest plot labels, and progress that a log can read."""
import json
import os
import stat

import numpy as np
import pytest

import symflow.cli.regenerate as regenerate_cli
import symflow.numeric.integration as integration
from symflow.cli.main import main


def test_list_as_json(capsys):
    assert main(["list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert main(["list"]) == 0
    assert [row["name"] for row in rows] == [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert all(set(row) == {"name", "title", "source", "claim", "kind"} for row in rows)
    nesterov = next(row for row in rows if row["name"] == "nesterov")
    assert nesterov["kind"] == "limit" and "Su, Boyd" in nesterov["source"]
    assert main(["list", "--format", "yaml"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_export_json(tmp_path, capsys):
    out = tmp_path / "nesterov.json"
    assert main(["export", "nesterov", "--json", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    document = json.loads(out.read_text())
    assert document["name"] == "nesterov" and document["kind"] == "limit"
    first = document["derivations"][0]
    assert first["equation"] == "Ẍ + 3/t Ẋ + ∇f(X) = 0"
    assert first["steps"] and all(check["passed"] for check in first["checks"])
    # the same through --output with --format, or with the format taken from the suffix
    assert main(["export", "nesterov", "--format", "json", "--output", str(tmp_path / "a.txt")]) == 0
    assert json.loads((tmp_path / "a.txt").read_text()) == document
    assert main(["export", "nesterov", "-o", str(tmp_path / "b.json")]) == 0
    assert json.loads((tmp_path / "b.json").read_text()) == document
    capsys.readouterr()


@pytest.mark.parametrize("extra, message", [
    (["--json", "x.json", "--latex", "x.tex"], "give exactly one of"),
    (["--json", "x.json", "--bare"], "--bare applies to LaTeX only"),
    (["--output", "x.txt"], "give --format"),
    (["--latex", "x.tex", "--format", "json"], "contradicts"),
])
def test_export_bad_input_is_one_line(tmp_path, capsys, monkeypatch, extra, message):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "nesterov", *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_exported_files_have_the_usual_mode(tmp_path, capsys, mask):
    previous = os.umask(mask)
    try:
        for option, name in (("--latex", "n.tex"), ("--markdown", "n.md"), ("--json", "n.json")):
            assert main(["export", "nesterov", "--order", "0", option, str(tmp_path / name)]) == 0
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~mask, (option, oct(mask))
    finally:
        os.umask(previous)
    capsys.readouterr()


def test_export_keeps_the_mode_of_the_file_it_replaces(tmp_path, capsys):
    out = tmp_path / "n.md"
    out.write_text("old")
    out.chmod(0o640)
    assert main(["export", "nesterov", "--order", "0", "--markdown", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text() != "old"
    capsys.readouterr()


def _count_integrations(monkeypatch):
    calls = []
    real = integration.solve_ivp

    def counted(*args, **kwargs):
        calls.append(kwargs.get("t_eval"))
        return real(*args, **kwargs)
    monkeypatch.setattr(integration, "solve_ivp", counted)
    return calls


def test_simulate_integrates_once_for_several_times(monkeypatch, capsys):
    calls = _count_integrations(monkeypatch)
    assert main(["simulate", "nesterov", "--objective", "0.02*x1**2 + 0.005*x2**2", "--x0", "1,1",
                 "--t", "10,20,50"]) == 0
    assert len(calls) == 1 and list(calls[0]) == [10.0, 20.0, 50.0]
    once = json.loads(capsys.readouterr().out)
    # the times come back in the order asked for, repeats included, with the same values
    calls.clear()
    assert main(["simulate", "nesterov", "--objective", "0.02*x1**2 + 0.005*x2**2", "--x0", "1,1",
                 "--t", "50,10,20,10"]) == 0
    assert len(calls) == 1
    shuffled = json.loads(capsys.readouterr().out)
    assert shuffled["t"] == [50.0, 10.0, 20.0, 10.0]
    assert np.allclose(shuffled["X"], [once["X"][2], once["X"][0], once["X"][1], once["X"][0]], rtol=1e-12)


def test_simulate_with_a_plot_still_integrates_once(monkeypatch, tmp_path, capsys):
    calls = _count_integrations(monkeypatch)
    out = tmp_path / "run.png"
    assert main(["simulate", "nesterov", "--objective", "x1**2/2 + x2**2", "--x0", "1,1", "--t", "2,4",
                 "--plot", str(out)]) == 0
    assert len(calls) == 1 and {2.0, 4.0} <= set(calls[0])
    assert out.stat().st_size > 1000
    capsys.readouterr()


def test_plot_labels_say_what_is_drawn(monkeypatch, tmp_path, capsys):
    import symflow.cli.simulate as simulate_cli
    figures = []
    real = simulate_cli.comparison_figure

    def kept(*args, **kwargs):
        figures.append(real(*args, **kwargs))
        return figures[-1]
    monkeypatch.setattr(simulate_cli, "comparison_figure", kept)
    assert main(["simulate", "nesterov", "--objective", "0.02*x1**2 + 0.005*x2**2", "--x0", "1,1",
                 "--t", "10,20", "--plot", str(tmp_path / "p.svg")]) == 0
    capsys.readouterr()
    [figure] = figures
    left, right = figure.axes
    assert (left.get_xlabel(), left.get_ylabel()) == ("$x_1$", "$x_2$")
    assert (right.get_xlabel(), right.get_ylabel()) == ("$t$", "$f(X(t))$")
    assert "f^\\star" not in right.get_ylabel()
    assert left.get_legend() is not None and right.get_legend() is not None
    title = figure.texts[0].get_text()
    assert "0.02*x1**2 + 0.005*x2**2" in title and "1,1" in title
    marked = right.lines[-1]
    assert list(marked.get_xdata()) == [10.0, 20.0]


def _fake_regenerate(monkeypatch, names):
    def documents(progress=None, workers=1):
        for i, name in enumerate(names, 1):
            progress(i, len(names), name)
        return {}
    monkeypatch.setattr(regenerate_cli, "catalogue_documents", documents)
    monkeypatch.setattr(regenerate_cli, "check_output", lambda out, names: None)
    monkeypatch.setattr(regenerate_cli, "write_documents", lambda documents, out: [])
    monkeypatch.setattr(regenerate_cli, "record_manifest", lambda documents, out, key: None)
    monkeypatch.setattr(regenerate_cli, "stale_documents", lambda documents, out: [])
    monkeypatch.setattr(regenerate_cli, "inputs_key", lambda: "key")


def test_regenerate_progress_off_a_terminal_is_plain_lines(monkeypatch, tmp_path, capsys):
    names = ["adam", "heavy-ball", "nesterov", "nag-c", "nag-sc"]
    _fake_regenerate(monkeypatch, names)
    assert main(["regenerate", "--out", str(tmp_path), "--jobs", "1"]) == 0
    lines = capsys.readouterr().err.splitlines()
    # quick entries: the first and the last line only (at most one line every few seconds)
    assert lines == ["[1/5] adam", "[5/5] nag-sc"]
    monkeypatch.setattr(regenerate_cli, "PLAIN_PROGRESS_EVERY", 0.0)
    assert main(["regenerate", "--out", str(tmp_path), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [f"[{i}/5] {name}" for i, name in enumerate(names, 1)]
    assert "\r" not in err
