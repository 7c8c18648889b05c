"""`symflow discretize`: output for catalogue ODEs and user methods; bad input exits 2 with one line."""
import pytest

from symflow.cli.main import main

NESTEROV_TOML = '''
name = "my-hb"
sequences = ["x"]
parameters = ["mu"]
start = 1
updates = ["x[k+1] = x[k] + (1 - sqrt(mu*s))/(1 + sqrt(mu*s))*(x[k] - x[k-1]) - s*grad(x[k])"]
initial = ["x[1] = x[0] - s*grad(x[0])"]
'''


def test_symplectic_nag_sc_prints_the_method(capsys):
    assert main(["discretize", "nag-sc", "--order", "1", "--scheme", "symplectic"]) == 0
    out = capsys.readouterr().out
    assert "Gradient correction" in out
    assert "x_(k+1) = √s v_k + x_k" in out
    assert out.strip().splitlines()[-1].startswith("result: x_(k+1) =")


@pytest.mark.parametrize("fmt,marker", [("markdown", "$$"), ("latex", r"\documentclass"), ("json", '"steps"')])
def test_formats(capsys, fmt, marker):
    assert main(["discretize", "heavy-ball", "--scheme", "explicit", "--format", fmt]) == 0
    assert marker in capsys.readouterr().out


def test_user_method_and_step(tmp_path, capsys):
    path = tmp_path / "hb.toml"
    path.write_text(NESTEROV_TOML)
    assert main(["discretize", "--method", str(path), "--scheme", "symplectic-vx", "--step", "2*sqrt(s)"]) == 0
    assert "h = 2√s" in capsys.readouterr().out


def test_time_offset_allows_explicit_nesterov(capsys):
    assert main(["discretize", "nesterov", "--scheme", "explicit", "--time-offset", "1"]) == 0


@pytest.mark.parametrize("argv,message", [
    (["discretize", "nag-sc", "--scheme", "leapfrog"], "invalid choice: 'leapfrog'"),
    (["discretize", "nag-sc", "--scheme", "explicit", "--step=-s"], "not positive"),
    (["discretize", "nag-sc", "--scheme", "explicit", "--step", "__import__('os')"], "__import__"),
    (["discretize", "nesterov", "--scheme", "explicit"], "not defined at k = 0"),
    (["discretize", "gradient-descent", "--scheme", "symplectic"], "second-order"),
    (["discretize", "nag-sc", "--scheme", "explicit", "--order", "2"], "--order must be 0 or 1"),
    (["discretize", "no-such-entry", "--scheme", "explicit"], "no catalogue entry"),
    (["discretize", "discretize-mj-nesterov", "--scheme", "explicit"], "does not derive an ODE"),
    (["discretize", "--scheme", "explicit"], "give either"),
])
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
