"""`symflow simulate`: values agree with the Bessel closed form; bad input gets one clear line; no partial files."""
import json
import os
import subprocess
import sys

import numpy as np
from scipy.special import gamma, j1, jv

from symflow.cli.main import main


def _bessel(r, lam, x0, t):
    nu = (r - 1) / 2
    z = np.sqrt(lam) * t
    return x0 * gamma(nu + 1) * (2 / z) ** nu * jv(nu, z)


def test_simulate_nesterov_agrees_with_bessel(capsys):
    status = main(["simulate", "nesterov", "--objective", "0.02*x1**2 + 0.005*x2**2", "--x0", "1,1",
                   "--t", "10,20,50"])
    assert status == 0
    data = json.loads(capsys.readouterr().out)
    assert data["t"] == [10.0, 20.0, 50.0]
    for t, X, f in zip(data["t"], data["X"], data["f"]):
        expected = [2 * j1(np.sqrt(l) * t) / (np.sqrt(l) * t) for l in (0.04, 0.01)]
        assert np.allclose(X, expected, rtol=1e-9, atol=1e-12)
        assert abs(f - (0.02 * expected[0] ** 2 + 0.005 * expected[1] ** 2)) < 1e-11


def test_simulate_general_r_as_csv(capsys):
    assert main(["simulate", "nesterov-r", "--r", "5/2", "--objective", "x1**2/2 + 2*x2**2", "--x0", "1,-1",
                 "--t", "0.5,3", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "t,X1,X2,f"
    t, x1, x2, _ = map(float, lines[2].split(","))
    assert abs(x1 - _bessel(2.5, 1.0, 1.0, t)) < 1e-9 and abs(x2 - _bessel(2.5, 4.0, -1.0, t)) < 1e-9


def test_bad_input_is_one_line_with_status_2(capsys, tmp_path):
    cases = [
        (["--objective", "abs(x1)", "--x0", "1"], "unknown function 'abs'"),
        (["--objective", "x1**2", "--x0", "1,2"], "--x0 has 2 components"),
        (["--objective", "x1**2", "--x0", "1", "--t", "-1"], "before the start"),
        (["--objective", "x1**2", "--x0", "a"], "--x0 must be numbers"),
        (["--objective", "x1**2", "--x0", "1", "--r", "4"], "no parameter r"),
        (["--objective", "__import__('os')", "--x0", "1"], "unknown function '__import__'"),
    ]
    for extra, message in cases:
        assert main(["simulate", "nesterov", *extra]) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, (extra, err)
    target = tmp_path / "nope" / "plot.png"
    assert main(["simulate", "nesterov", "--objective", "x1**2", "--x0", "1", "--t", "1",
                 "--plot", str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert not target.exists()


def test_plot_is_written(tmp_path, capsys):
    out = tmp_path / "run.png"
    assert main(["simulate", "nesterov", "--objective", "x1**2/2 + x2**2", "--x0", "1,1", "--t", "2,4",
                 "--plot", str(out)]) == 0
    assert out.stat().st_size > 1000 and os.listdir(tmp_path) == ["run.png"]


def test_speed_restart_from_the_cli(capsys):
    # SBC (2016) §5: restarting when the speed stops increasing beats the plain ODE on an
    # ill-conditioned quadratic; the restart times are reported
    args = ["simulate", "nesterov", "--objective", "x1**2/2 + 50*x2**2", "--x0", "1,1", "--t", "10,20"]
    assert main(args + ["--restart", "speed"]) == 0
    restarted = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    plain = json.loads(capsys.readouterr().out)
    assert restarted["restarts"] and all(0 < r < 20 for r in restarted["restarts"])
    assert restarted["f"][-1] < 0.1 * plain["f"][-1]
    assert main(["simulate", "gradient-descent", "--objective", "x1**2", "--x0", "1", "--restart", "speed"]) == 2
    assert "second-order" in capsys.readouterr().err


def test_function_restart_from_the_cli(capsys):
    # the clock restarts where f(X(t)) stops decreasing; the times agree with the engine's function_restart_ode
    from symflow.limit import continuous_limit
    from symflow.methods import nesterov
    from symflow.numeric import function_restart_ode
    from symflow.parse import parse_objective
    objective = "x1**2/2 + x2**2/20"
    assert main(["simulate", "nesterov", "--objective", objective, "--x0", "1,1", "--t", "5,10,20,30",
                 "--restart", "function"]) == 0
    data = json.loads(capsys.readouterr().out)
    direct = function_restart_ode(continuous_limit(nesterov()).ode, parse_objective(objective), [1.0, 1.0], 30.0,
                                  times=[5.0, 10.0, 20.0, 30.0])
    assert data["restarts"] == list(direct.restarts) and len(data["restarts"]) >= 2
    assert np.allclose(data["X"], direct.X, rtol=1e-12, atol=1e-15)
    assert all(a > b for a, b in zip(data["f"], data["f"][1:]))


def _sbc_figure_1(extra):
    return ["simulate", "nesterov", "--objective", "0.02*x1**2 + 0.005*x2**2", "--x0", "1,1", "--t", "10,50,100",
            "--compare-method", "--step-size", "1,0.25,0.05", *extra]


def test_compare_method_prints_the_method_beside_the_ode(capsys):
    from symflow.methods import nesterov
    from symflow.numeric import run_method
    from symflow.parse import parse_objective
    assert main(_sbc_figure_1([])) == 0
    data = json.loads(capsys.readouterr().out)
    for t, X in zip(data["t"], data["X"]):       # the ODE: SBC's closed form on the quadratic
        assert np.allclose(X, [2 * j1(np.sqrt(l) * t) / (np.sqrt(l) * t) for l in (0.04, 0.01)], rtol=1e-9)
    compared = data["compare"]
    assert (compared["method"], compared["exponent"], compared["offset"]) == ("nesterov", "1/2", "0")
    f = parse_objective("0.02*x1**2 + 0.005*x2**2")
    errors = []
    for run, s in zip(compared["runs"], (1.0, 0.25, 0.05)):
        assert run["s"] == s
        assert run["k"] == [round(t / np.sqrt(s)) for t in data["t"]]         # t_k = k sqrt(s)
        xs = run_method(nesterov(), f, [1.0, 1.0], step_size=s, iterations=max(run["k"]))
        assert np.allclose(run["x"], xs[run["k"]], rtol=1e-13, atol=1e-15)     # the method run directly
        errors.append(run["error"])
    assert errors[0] > errors[1] > errors[2]                                    # SBC Thm 2: the gap closes with s
    assert main(_sbc_figure_1(["--format", "csv"])) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1] == "t,X1,X2,f,s,k,t_k,x_k1,x_k2,f(x_k)" and len(lines) == 2 + 3 * 3


def test_compare_method_draws_sbc_figure_1(tmp_path, capsys, monkeypatch):
    import symflow.cli.simulate as simulate_cli
    figures = []
    real = simulate_cli.comparison_figure

    def kept(*args, **kwargs):
        figures.append(real(*args, **kwargs))
        return figures[-1]
    monkeypatch.setattr(simulate_cli, "comparison_figure", kept)
    out = tmp_path / "figure1.png"
    assert main(_sbc_figure_1(["--plot", str(out)])) == 0
    capsys.readouterr()
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and os.listdir(tmp_path) == ["figure1.png"]
    [figure] = figures
    left, right = figure.axes
    assert (left.get_xlabel(), left.get_ylabel()) == ("$x_1$", "$x_2$")
    assert right.get_yscale() == "log" and right.get_xlabel() == "$t$" and "f^\\star" in right.get_ylabel()
    labels = [text.get_text() for text in right.get_legend().get_texts()]
    assert {"s = 1", "s = 0.25", "s = 0.05"} <= set(labels)
    title = figure.texts[0].get_text()
    assert "0.02*x1**2 + 0.005*x2**2" in title and "x0 = (1,1)" in title


def test_compare_method_bad_combinations_are_one_line_with_status_2(capsys):
    base = ["--objective", "x1**2/2", "--x0", "1", "--t", "1"]
    cases = [
        (["nesterov", *base, "--compare-method"], "--step-size S1,S2"),
        (["nesterov", *base, "--compare-method", "--step-size", "0.1,-1"], "positive"),
        (["nesterov", *base, "--compare-method", "--step-size", "0.1", "--restart", "speed"], "leave out --restart"),
        (["nesterov", *base, "--compare-method", "--step-size", "0.1", "--v0", "0", "--t0", "1"], "leave out --v0"),
        (["energy-nesterov", *base, "--compare-method", "--step-size", "0.1"], "Lyapunov entry"),
        (["lagrangian-damped-power", *base, "--compare-method", "--step-size", "0.1"], "not the continuous limit"),
        (["nag-c", "--order", "1", *base, "--compare-method", "--step-size", "0.1,0.01"], "give one --step-size"),
        (["nesterov", *base, "--step-size", "0.1"], "--compare-method"),
    ]
    for args, message in cases:
        assert main(["simulate", *args]) == 2, args
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, (args, err)


def test_figure_one_loads_only_what_it_needs(tmp_path):
    """SBC's Figure 1 without --plot: no Lyapunov engine, no SDP solver, no matplotlib, no adaptive methods."""
    probe = ("import contextlib, io, sys\n"
             "from symflow.cli.main import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             "    status = main(['simulate', 'nesterov', '--objective', '0.02*x1**2 + 0.005*x2**2', '--x0', '1,1',\n"
             "                   '--t', '10', '--compare-method', '--step-size', '1,0.25'])\n"
             "heavy = ['symflow.lyapunov', 'cvxpy', 'matplotlib', 'symflow.numeric.adaptive', 'symflow.cli.decay',\n"
             "         'symflow.parse.claim']\n"
             "print(status, [name for name in heavy if name in sys.modules])\n")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "RUST_BACKTRACE": "0",
           "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False)
    assert done.stdout.strip() == "0 []", done.stdout + done.stderr
