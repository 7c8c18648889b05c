"""Energy-decay and rate figures of proved Lyapunov entries: what is drawn, not only that a file exists."""
import numpy as np
import pytest

from symflow.cli import decay
from symflow.cli.main import main
from symflow.cli.options import build_parser
from symflow.numeric import energy_figure, rate_figure

QUADRATIC = "0.02*x1**2 + 0.005*x2**2"   # the objective of catalogue/checks/figures.py; x* = 0, f* = 0


def _figures(*argv):
    args = build_parser().parse_args(["simulate", *argv])
    data = decay.decay_data(args)
    return data, decay.figures(args, data)


def _lines(ax) -> dict:
    return {line.get_label(): (np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float))
            for line in ax.get_lines()}


@pytest.fixture(scope="module")
def nesterov():
    return _figures("energy-nesterov", "--objective", QUADRATIC, "--x0", "1,1", "--t", "10,40",
                    "--plot", "e.png", "--loglog", "r.png", "--step-size", "0.25,0.01")


def test_energy_figure_of_sbc(nesterov):
    data, figs = nesterov
    ax = figs["plot"].axes[0]
    assert (ax.get_xlabel(), ax.get_yscale()) == ("$t$", "log")
    assert "energy-nesterov" in ax.get_title() and QUADRATIC in ax.get_title() and "x0 = (1,1)" in ax.get_title()
    lines = _lines(ax)
    assert len(lines) == 4 and {"$E(t)$", "$f(X(t)) - f^\\star$"} <= set(lines)
    (bound_label,) = [k for k in lines if k.startswith("proved bound")]
    t, gap = lines["$f(X(t)) - f^\\star$"]
    tb, bound = lines[bound_label]
    assert t.min() == 0.0 and t.max() == 40.0 and np.array_equal(t, tb)
    later = t > 0
    # the certificate's bound lies above the gap on the whole run, and E never increases
    assert np.all(bound[later] >= gap[later])
    _, energy = lines["$E(t)$"]
    assert np.all(np.diff(energy) <= 1e-12 * energy[0])
    # the plotted bound is the entry's literature answer 2|x0 - x*|^2/t^2 (x* = 0, |x0|^2 = 2), derived not retyped
    assert np.allclose(bound[later], 4 / t[later] ** 2, rtol=1e-12)
    assert data["x_star"] == pytest.approx([0, 0], abs=1e-9) and abs(data["f_star"]) < 1e-15


def test_rate_figure_of_sbc_with_the_method(nesterov):
    _, figs = nesterov
    ax = figs["loglog"].axes[0]
    assert (ax.get_xscale(), ax.get_yscale(), ax.get_xlabel(), ax.get_ylabel()) == ("log", "log", "$t$",
                                                                                      "$f - f^\\star$")
    lines = _lines(ax)
    assert len(lines) == 4   # the ODE, its bound, the method at two step sizes
    runs = [k for k in lines if k.startswith("nesterov, s = ")]
    assert runs == ["nesterov, s = 0.25: f(x_k) - f*, t_k = k·√s", "nesterov, s = 0.01: f(x_k) - f*, t_k = k·√s"]
    t, gap = lines["ODE: $f(X(t)) - f^\\star$"]
    _, bound = lines[next(k for k in lines if k.startswith("proved bound"))]
    assert t.min() > 0 and t.max() == 40.0 and np.all(bound >= gap)
    slope = np.polyfit(np.log(t), np.log(bound), 1)[0]
    assert slope == pytest.approx(-2.0, abs=1e-9)          # the rate t^-2 is a line of slope -2
    tk, fk = lines[runs[1]]
    assert tk.max() <= 40.0 + 1e-9 and np.allclose(np.diff(np.log(tk))[-5:], np.diff(np.log(tk))[-5:].mean(),
                                                    rtol=0.5)
    # the method at s = 0.01 follows its ODE: about the same gap at the same times
    ode_at_tk = np.interp(tk[tk > 1], t, gap)
    assert np.max(np.abs(fk[tk > 1] - ode_at_tk) / ode_at_tk) < 0.25


def test_exponential_rate_on_a_semilog_axis():
    data, figs = _figures("energy-gradient-flow-sc", "--objective", "x1**2/2 + 2*x2**2", "--x0", "1,1",
                          "--param", "mu=1", "--t", "6", "--plot", "e.png", "--loglog", "r.png")
    ax = figs["loglog"].axes[0]
    assert (ax.get_xscale(), ax.get_yscale()) == ("linear", "log")
    lines = _lines(ax)
    assert len(lines) == 4 and sum(k.startswith("gradient-descent, s = ") for k in lines) == 2
    t, gap = lines["ODE: $f(X(t)) - f^\\star$"]
    _, bound = lines[next(k for k in lines if k.startswith("proved bound"))]
    assert np.all(bound >= gap * (1 - 1e-9))
    # e^{-2 mu t}(f(x0) - f*): log of the bound is a line of slope -2 mu = -2
    assert np.polyfit(t, np.log(bound), 1)[0] == pytest.approx(-2.0, abs=1e-9)
    energy_lines = _lines(figs["plot"].axes[0])
    _, decay_of_e = energy_lines["$E(t_0)e^{-\\rho(t - t_0)}$"]
    _, energy = energy_lines["$E(t)$"]
    assert np.all(energy <= decay_of_e * (1 + 1e-9))
    assert data["bound"][0] >= data["gap"][0]


def test_discrete_entry_draws_its_method():
    data, figs = _figures("energy-gradient-descent", "--objective", "x1**2/2 + 2*x2**2", "--x0", "1,1",
                          "--param", "L=4", "--step-size", "0.2", "--t", "2,20", "--plot", "e.png", "--loglog", "r.png")
    assert data["k"] == [10, 100] and data["t"] == pytest.approx([2.0, 20.0])
    ax = figs["plot"].axes[0]
    assert ax.get_xlabel() == "$k$"
    lines = _lines(ax)
    assert {"$E_k$", "$f(x_k) - f^\\star$"} <= set(lines) and len(lines) == 4
    k, gap = lines["$f(x_k) - f^\\star$"]
    _, bound = lines[next(key for key in lines if key.startswith("proved bound"))]
    assert k.min() == 0 and k.max() == 100
    assert np.all(bound[k > 0] >= gap[k > 0])
    # |x0 - x*|^2/(2ks), derived from the certificate
    assert np.allclose(bound[k > 0], 2 / (2 * k[k > 0] * 0.2))
    rate = _lines(figs["loglog"].axes[0])
    assert len(rate) == 3 and "ODE: $f(X(t)) - f^\\star$" in rate


def test_cli_writes_both_pictures(tmp_path, capsys):
    plot, loglog = tmp_path / "energy.png", tmp_path / "rate.svg"
    assert main(["simulate", "energy-gradient-flow", "--objective", "x1**2/2 + x2**2/4", "--x0", "1,2",
                 "--t", "5", "--plot", str(plot), "--loglog", str(loglog), "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "t,X1,X2,f,E,gap,bound"
    assert plot.stat().st_size > 1000 and loglog.read_text().lstrip().startswith("<?xml")


def test_bad_requests_are_one_line_with_status_2(tmp_path, capsys):
    target = tmp_path / "e.png"
    cases = [
        (["energy-nesterov-r2", "--objective", "x1**2", "--x0", "1"], "has no proved bound"),
        (["energy-nesterov-r", "--r", "2", "--objective", "x1**2", "--x0", "1"], "holds where r >= 3"),
        (["energy-gradient-flow-sc", "--objective", "x1**2", "--x0", "1"], "needs a value for mu"),
        (["energy-gradient-flow-sc", "--param", "mu=5", "--objective", "x1**2", "--x0", "1"], "not in the certificate's class"),
        (["energy-gradient-flow", "--objective", "x1", "--x0", "1"], "no minimiser"),
        (["energy-gradient-flow", "--objective", "x1**2", "--x0", "1", "--param", "r=3"], "no parameter 'r'"),
        (["energy-gradient-descent", "--objective", "x1**2", "--x0", "1", "--param", "L=2"], "give its step size"),
        (["energy-gradient-descent", "--objective", "x1**2", "--x0", "1", "--param", "L=2", "--step-size", "5"],
         "which L = 2, s = 5 does not satisfy"),
        (["nesterov", "--objective", "x1**2", "--x0", "1", "--loglog", str(target)], "for proved Lyapunov entries"),
        (["energy-gradient-flow", "--objective", "x1**2/2", "--x0", "1", "--t", "3000", "--step-size", "3",
          "--loglog", str(tmp_path / "r.png")], "is not finite from k = "),
        (["energy-gradient-flow", "--objective", "x1**2", "--x0", "1", "--loglog", str(tmp_path / "r.gif")],
         "must end in .png"),
    ]
    for argv, message in cases:
        assert main(["simulate", *argv, "--plot", str(target)]) == 2, argv
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, (argv, err)
    assert not target.exists()


def test_figures_from_the_library():
    t = np.geomspace(0.1, 10, 50)
    fig = energy_figure(t, 1 + 0 * t, t**-3, t**-2, discrete=False)
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["$E(t)$", "$f(X(t)) - f^\\star$",
                                                                      "proved bound"]
    many = {"label": "run", "t": np.linspace(0, 10, 5001), "gap": np.ones(5001)}
    line = rate_figure(None, [many]).axes[0].get_lines()[0]
    assert 100 <= len(line.get_xdata()) <= 160 and line.get_xdata()[-1] == 10.0
