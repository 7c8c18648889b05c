"""`symflow simulate`: values agree with the Bessel closed form; bad input gets one clear line; no partial files."""
import json
import os

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
