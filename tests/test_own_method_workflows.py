"""Every workflow on the user's own method: `simulate --method`, `export --method`, initial conditions on the
command line (--v0, --t0), and one line with exit status 2 for bad input."""
import json
import pathlib

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.special import j1

from symflow.cli.main import main

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
NESTEROV = str(EXAMPLES / "nesterov_by_hand.toml")
GD = """
name = "my-gd"
sequences = ["x"]
updates = ["x[k+1] = x[k] - s*grad(x[k])"]
"""


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_simulate_own_method_agrees_with_bessel(capsys):
    """The limit derived from the method file, integrated, is SBC's Bessel solution 2 x0 J1(t)/t (r = 3, f = x²/2)."""
    data = _json(capsys, ["simulate", "--method", NESTEROV, "--r", "3", "--objective", "x1**2/2", "--x0", "1",
                          "--t", "1,5,12"])
    expected = [2 * j1(t) / t for t in (1.0, 5.0, 12.0)]
    assert np.allclose([x[0] for x in data["X"]], expected, atol=1e-9)


def test_simulate_own_method_runs_the_method_too(capsys):
    """With --step-size the method's iterates sit at t_k = k sqrt(s) and approach X(t_k) as s shrinks."""
    argv = ["simulate", "--method", NESTEROV, "--r", "3", "--objective", "0.02*x1**2 + 0.005*x2**2",
            "--x0", "1,1", "--t", "10,20"]
    errors = []
    for s in ("0.04", "0.01"):
        data = _json(capsys, argv + ["--step-size", s])
        run = data["method"]
        assert run["exponent"] == "1/2" and run["offset"] == "0"
        assert np.allclose(run["t"], [k * float(s) ** 0.5 for k in run["k"]])
        assert all(abs(tk - t) <= float(s) ** 0.5 / 2 + 1e-12 for tk, t in zip(run["t"], data["t"]))
        errors.append(max(np.linalg.norm(np.subtract(x, X)) for x, X in zip(run["x"], data["X"])))
    assert errors[1] < errors[0] < 0.1
    # the CSV carries the iterates next to the trajectory
    assert main(argv + ["--step-size", "0.04", "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header == "t,X1,X2,f,k,t_k,x_k1,x_k2,f(x_k)"


def test_initial_velocity_and_start_time(capsys):
    """--t0 moves the start off the singular point t = 0 and --v0 sets Xdot(t0); SciPy on the ODE typed by hand."""
    data = _json(capsys, ["simulate", "--method", NESTEROV, "--r", "3", "--objective", "x1**2/2 + x2**2",
                          "--x0", "1,-1", "--v0", "0.5,2", "--t0", "1/2", "--t", "1,3"])

    def field(t, y):  # X'' = -3/t X' - grad f(X), grad f = (x1, 2 x2)
        x, v = y[:2], y[2:]
        return np.concatenate([v, -3 / t * v - np.array([x[0], 2 * x[1]])])
    reference = solve_ivp(field, (0.5, 3), [1, -1, 0.5, 2], t_eval=[1, 3], rtol=1e-12, atol=1e-14).y[:2].T
    assert np.allclose(data["X"], reference, atol=1e-8)
    # the same with a catalogue entry (NAME): the options are those of simulate
    named = _json(capsys, ["simulate", "nesterov", "--objective", "x1**2/2 + x2**2", "--x0", "1,-1",
                           "--v0", "0.5,2", "--t0", "0.5", "--t", "1,3"])
    assert np.allclose(named["X"], data["X"], atol=1e-10)


def test_start_time_alone_keeps_the_ode_initial_velocity(capsys):
    """--t0 without --v0: X(t0) = x0 and the ODE's own Xdot(t0) = 0."""
    data = _json(capsys, ["simulate", "gradient-descent", "--objective", "x1**2/2", "--x0", "2", "--t0", "1",
                          "--t", "3"])
    assert abs(data["X"][0][0] - 2 * np.exp(-2.0)) < 1e-9   # X' = -X from X(1) = 2


def test_export_own_method(tmp_path, capsys):
    out = tmp_path / "mine.json"
    assert main(["export", "--method", NESTEROV, "--json", str(out)]) == 0
    document = json.loads(out.read_text())
    assert document["name"] == "nesterov-by-hand" and document["kind"] == "limit"
    [derivation] = document["derivations"]
    assert derivation["variant"] == {"order": 0}
    assert derivation["equation"] == "Ẍ + r/t Ẋ + ∇f(X) = 0"
    assert main(["export", "--method", NESTEROV, "--markdown", str(tmp_path / "mine.md")]) == 0
    assert r"\frac{r}{t} \dot{X}" in (tmp_path / "mine.md").read_text()
    assert main(["export", "--method", NESTEROV, "--latex", str(tmp_path / "mine.tex"), "--bare"]) == 0
    assert (tmp_path / "mine.tex").read_text().startswith(r"\begin{align*}")
    gd = tmp_path / "gd.toml"
    gd.write_text(GD)
    assert main(["export", "--method", str(gd), "--order", "2", "-o", str(tmp_path / "gd.json")]) == 0
    [first] = json.loads((tmp_path / "gd.json").read_text())["derivations"]
    # the modified equation of gradient descent, derived from the user's file
    assert first["variant"] == {"order": 2} and first["equation"] == "Ẋ + s/2 ∇²f(X) ∇f(X) + ∇f(X) = 0"
    capsys.readouterr()


def _bad_files(tmp_path):
    (tmp_path / "broken.toml").write_text('sequences = ["x"\n')
    (tmp_path / "extra.toml").write_text(GD + 'colour = "red"\n')
    return {"missing": str(tmp_path / "nowhere.toml"), "broken": str(tmp_path / "broken.toml"),
            "extra": str(tmp_path / "extra.toml")}


SIMULATE = ["simulate", "--objective", "x1**2/2", "--x0", "1", "--t", "1"]


@pytest.mark.parametrize("argv, message", [
    (SIMULATE, "give either a catalogue NAME or --method FILE"),
    (SIMULATE + ["nesterov", "--method", NESTEROV], "give either a catalogue NAME or --method FILE"),
    (SIMULATE + ["--method", "{missing}"], "cannot read"),
    (SIMULATE + ["--method", "{broken}"], "not valid TOML"),
    (SIMULATE + ["--method", "{extra}"], "unknown key(s) colour"),
    (SIMULATE + ["--method", NESTEROV, "--r", "3", "--v0", "1"], "singular at its start"),
    (SIMULATE + ["--method", NESTEROV, "--r", "3", "--v0", "1,2", "--t0", "1/2"], "--v0 has 2 components"),
    (SIMULATE + ["--method", NESTEROV, "--r", "3", "--v0", "a", "--t0", "1/2"], "--v0 must be numbers"),
    (SIMULATE + ["--method", NESTEROV, "--r", "3", "--t0", "-1"], "before the ODE's start"),
    (SIMULATE + ["--method", NESTEROV, "--r", "3", "--t0", "x"], "--t0 must be a rational number"),
    (SIMULATE + ["gradient-descent", "--v0", "1"], "has order 1"),
    (SIMULATE + ["nesterov", "--step-size", "0.1"], "give --method FILE"),
    (SIMULATE + ["--method", NESTEROV, "--r", "3", "--step-size", "0"], "--step-size must be a positive"),
    (SIMULATE + ["--method", NESTEROV, "--r", "3", "--step-size", "0.1", "--t0", "1"], "leave out"),
    (["export", "--latex", "x.tex"], "give either a catalogue NAME or --method FILE"),
    (["export", "nesterov", "--method", NESTEROV, "--latex", "x.tex"], "give either"),
    (["export", "--method", "{missing}", "--latex", "x.tex"], "cannot read"),
    (["export", "--method", "{broken}", "--latex", "x.tex"], "not valid TOML"),
    (["export", "--method", "{extra}", "--latex", "x.tex"], "unknown key(s) colour"),
    (["export", "nesterov", "--time-offset", "1", "--latex", "x.tex"], "--method FILE only"),
])
def test_bad_input_is_one_line(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    files = _bad_files(tmp_path)
    argv = [a.format(**files) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
    assert not (tmp_path / "x.tex").exists()
