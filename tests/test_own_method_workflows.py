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
    (SIMULATE, "give either a catalogue NAME, --method FILE or --lagrangian FILE, exactly one"),
    (SIMULATE + ["nesterov", "--method", NESTEROV], "give either a catalogue NAME, --method FILE or --lagrangian FILE, exactly one"),
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
    (["export", "--latex", "x.tex"], "give either a catalogue NAME, --method FILE or --lagrangian FILE, exactly one"),
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


# ------------------------------------------------------------------------------------------------
# a continuous claim whose ODE is derived from a method file (ode_from_method)
def test_claim_ode_from_method_is_the_typed_claim(capsys):
    """SBC's energy along the ODE derived from the method file: the same proof as along the typed ODE."""
    derived = _json(capsys, ["verify", "--energy", str(EXAMPLES / "sbc_energy_from_method.toml"), "--format",
                             "json"])
    typed = _json(capsys, ["verify", "--energy", str(EXAMPLES / "sbc_energy.toml"), "--format", "json"])
    assert derived["status"] == typed["status"] == "proved"
    assert derived["region"] == typed["region"] == "r >= 3"
    assert derived["bound"] == typed["bound"]
    assert derived["derivative_plus_rate_times_energy"] == typed["derivative_plus_rate_times_energy"]
    # the text names where the ODE came from
    assert main(["verify", "--energy", str(EXAMPLES / "sbc_energy_from_method.toml")]) == 0
    out = capsys.readouterr().out
    assert "ODE from the method" in out and "nesterov_by_hand.toml (order 0)" in out


def test_claim_from_method_file_reads_like_a_typed_claim():
    from symflow.core import X, grad, t
    from symflow.parse import read_claim
    claim = read_claim(EXAMPLES / "sbc_energy_from_method.toml")
    typed = read_claim(EXAMPLES / "sbc_energy.toml")
    [r] = claim.parameters
    assert str(r) == "r" and r.is_positive is None       # a claim's parameter has no hidden sign
    assert claim.ode.matches(X(t).diff(t, 2) + r / t * X(t).diff(t) + grad(X(t)))
    assert claim.ode.rhs == typed.ode.rhs and claim.ode.initial_conditions == typed.ode.initial_conditions


def test_claim_ode_from_method_at_a_higher_order(tmp_path, capsys):
    """order = 2 gives gradient descent's modified equation; f - f* decreases along it when s >= 0."""
    (tmp_path / "gd.toml").write_text(GD)
    (tmp_path / "claim.toml").write_text('ode_from_method = "gd.toml"\norder = 2\nenergy = "f(X) - f(xstar)"\n'
                                         'class = "convex"\ntwice_differentiable = true\n')
    data = _json(capsys, ["verify", "--energy", str(tmp_path / "claim.toml"), "--format", "json"])
    assert data["status"] == "proved" and data["region"] == "s >= 0"
    assert data["derivative_plus_rate_times_energy"] == "-s·⟨∇f(X), ∇²f(X) ∇f(X)⟩/2 - ‖∇f(X)‖²"
    hessian = next(m for m in data["multipliers"] if m["name"] == "Hessian lower bound")
    assert hessian["value"] == "s/2"


@pytest.mark.parametrize("text, message", [
    ('ode = "Xdot = -grad(X)"\node_from_method = "gd.toml"\nenergy = "f(X) - f(xstar)"',
     "give either 'ode' (typed) or 'ode_from_method'"),
    ('order = 1\node = "Xdot = -grad(X)"\nenergy = "f(X) - f(xstar)"', "needs ode_from_method"),
    ('ode_from_method = "nowhere.toml"\nenergy = "f(X) - f(xstar)"', "ode_from_method: cannot read"),
    ('ode_from_method = "broken.toml"\nenergy = "f(X) - f(xstar)"', "not valid TOML"),
    ('ode_from_method = 3\nenergy = "f(X) - f(xstar)"', "must be a path"),
    ('ode_from_method = "gd.toml"\norder = 9\nenergy = "f(X) - f(xstar)"', "larger than symflow's limit"),
    ('ode_from_method = "gd.toml"\norder = "one"\nenergy = "f(X) - f(xstar)"', "'order' must be a whole number"),
    ('method = "nag-sc"\node_from_method = "gd.toml"\nenergy = "f(x[k]) - f(xstar)"',
     "give either 'ode_from_method' (a continuous-time claim) or 'method'"),
    ('ode_from_method = "gd.toml"\nenergy = "f(X) - f(xstar)"\ncolour = 1', "unknown key(s) colour"),
])
def test_bad_claim_with_ode_from_method_is_one_line(tmp_path, capsys, text, message):
    (tmp_path / "gd.toml").write_text(GD)
    (tmp_path / "broken.toml").write_text('sequences = ["x"\n')
    (tmp_path / "claim.toml").write_text(text + "\n")
    assert main(["verify", "--energy", str(tmp_path / "claim.toml")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err


# ------------------------------------------------------------------------------------------------
# a Bregman Lagrangian from a file: alpha, beta, gamma and h given by the user
def test_bregman_lagrangian_from_a_file():
    """p = 3 of the polynomial family, typed as text: the same equation as the engine's own scaling."""
    from symflow.cli.derive import derive_lagrangian
    from symflow.core import C, X, grad, t
    from symflow.lagrangian import bregman_equation, polynomial_scaling
    derivation = derive_lagrangian(EXAMPLES / "bregman_cubic.toml")
    ode = derivation.result
    assert ode.matches(X(t).diff(t, 2) + 4 / t * X(t).diff(t) + 9 * C * t * grad(X(t)))
    assert ode.matches(bregman_equation(polynomial_scaling(3)).ode.residual)
    assert all(check.passed for check in derivation.checks) and "ideal scaling holds" in derivation.title


def test_bregman_file_reports_the_ideal_scaling(tmp_path, capsys):
    (tmp_path / "fast.toml").write_text('alpha = "log(3) - log(t)"\nbeta = "4*log(t)"\ngamma = "3*log(t)"\n')
    assert main(["derive", "--lagrangian", str(tmp_path / "fast.toml")]) == 0
    out = capsys.readouterr().out
    assert "γ̇_t = e^(α_t): holds (slack 0); β̇_t ≤ e^(α_t): fails (slack - 1/t)" in out
    assert "ideal scaling: γ̇ = e^α holds, β̇ ≤ e^α fails" in out.splitlines()[0]
    # a general h and a parameter of the user's: the inverse Hessian of h at X + (t/q) Xdot
    (tmp_path / "q.toml").write_text('parameters = ["q"]\nalpha = "log(q) - log(t)"\nbeta = "q*log(t) + log(C)"\n'
                                     'gamma = "q*log(t)"\nh = "abstract"\n')
    assert main(["derive", "--lagrangian", str(tmp_path / "q.toml"), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["equation"] == "Ẍ + (q + 1)/t Ẋ + C·q^2·t^(q - 2) [∇²h(X + t/q Ẋ)]⁻¹ ∇f(X) = 0"
    # nothing given: the general Bregman Lagrangian, ideal scaling undecided and imposed
    (tmp_path / "general.toml").write_text('h = "abstract"\n')
    assert main(["derive", "--lagrangian", str(tmp_path / "general.toml")]) == 0
    out = capsys.readouterr().out
    assert "γ̇_t = e^(α_t): unknown" in out and "impose ideal scaling" in out


@pytest.mark.parametrize("text, message", [
    ('alpha = "x"', "alpha: unknown name 'x'"),
    ('alpha = "grad(t)"', "unknown function 'grad' (allowed: exp, log, sqrt)"),
    ("beta = \"__import__('os').system('true')\"", "unknown function"),
    ('gamma = "t[0]"', "indexing is not allowed"),
    ('alpha = "log(t"', "was never closed"),
    ('h = "entropy"', "'h' must be \"euclidean\""),
    ('colour = 1', "unknown key(s) colour"),
    ('parameters = ["t"]', "cannot be parameter names"),
    ('alpha = [1]', "'alpha' must be an expression in t"),
    ('beta = "1/0"', "division by zero"),
    ('alpha = ', "not valid TOML"),
])
def test_bad_lagrangian_file_is_one_line(tmp_path, capsys, text, message):
    (tmp_path / "l.toml").write_text(text + "\n")
    assert main(["derive", "--lagrangian", str(tmp_path / "l.toml")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err


@pytest.mark.parametrize("argv, message", [
    (["derive", "--lagrangian", "nowhere.toml"], "cannot read"),
    (["derive", "nesterov", "--lagrangian", str(EXAMPLES / "bregman_cubic.toml")], "exactly one"),
    (["derive", "--method", NESTEROV, "--lagrangian", str(EXAMPLES / "bregman_cubic.toml")], "exactly one"),
    (["derive", "--lagrangian", str(EXAMPLES / "bregman_cubic.toml"), "--order", "1"], "not for --lagrangian"),
])
def test_derive_lagrangian_bad_command_line(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err


HEAVY_BALL = """
name = "my-heavy-ball"
sequences = ["x"]
parameters = ["mu"]
start = 1
updates = ["x[k+1] = x[k] + (1 - sqrt(mu*s))/(1 + sqrt(mu*s))*(x[k] - x[k-1]) - s*grad(x[k])"]
initial = ["x[1] = x[0] - 2*s/(1 + sqrt(mu*s))*grad(x[0])"]
[limit]
order = 1
"""


def test_high_resolution_limit_takes_the_run_step_size(tmp_path, capsys):
    """A high-resolution ODE has s in it: with --step-size S it is integrated at s = S, as with --param s=S."""
    (tmp_path / "hb.toml").write_text(HEAVY_BALL)
    argv = ["simulate", "--method", str(tmp_path / "hb.toml"), "--param", "mu=0.5", "--objective",
            "x1**2/2 + x2**2", "--x0", "1,1", "--t", "3,6"]
    run = _json(capsys, argv + ["--step-size", "0.01"])
    alone = _json(capsys, argv + ["--param", "s=0.01"])
    assert run["X"] == alone["X"] and "method" not in alone
    assert run["method"]["k"] == [30, 60]
    assert max(np.linalg.norm(np.subtract(x, X)) for x, X in zip(run["method"]["x"], run["X"])) < 0.02


def test_plot_with_a_start_that_depends_on_a_parameter(tmp_path, capsys):
    """NAG-C's high-resolution ODE starts at t0 = 3 sqrt(s)/2: the plot's grid starts there (was an internal error)."""
    out = tmp_path / "nag-c.png"
    assert main(["simulate", "nag-c", "--order", "1", "--param", "s=0.01", "--objective", "x1**2/2", "--x0", "1",
                 "--t", "1,2", "--plot", str(out)]) == 0
    assert out.stat().st_size > 1000
    capsys.readouterr()


def test_simulate_refuses_a_system_of_odes(capsys):
    assert main(SIMULATE + ["--method", str(EXAMPLES / "rmsprop.toml")]) == 2
    err = capsys.readouterr().err
    assert "is a system of ODEs" in err and err.count("\n") == 1


SBC_LAGRANGIAN = 'alpha = "log(2) - log(t)"\nbeta = "2*log(t) + log(1/4)"\ngamma = "2*log(t)"\n'


def test_simulate_and_export_a_lagrangian_file(tmp_path, capsys):
    """p = 2, C = 1/4 typed as text: the Euler-Lagrange equation, integrated from rest, is SBC's Bessel solution."""
    (tmp_path / "sbc.toml").write_text(SBC_LAGRANGIAN)
    data = _json(capsys, ["simulate", "--lagrangian", str(tmp_path / "sbc.toml"), "--objective", "x1**2/2",
                          "--x0", "1", "--t", "1,5"])
    assert np.allclose([x[0] for x in data["X"]], [2 * j1(1.0), 2 * j1(5.0) / 5], atol=1e-9)
    assert main(["export", "--lagrangian", str(tmp_path / "sbc.toml"), "-o", str(tmp_path / "sbc.json")]) == 0
    document = json.loads((tmp_path / "sbc.json").read_text())
    assert document["kind"] == "lagrangian" and document["derivations"][0]["equation"] == "Ẍ + 3/t Ẋ + ∇f(X) = 0"
    capsys.readouterr()
    (tmp_path / "abstract.toml").write_text(SBC_LAGRANGIAN + 'h = "abstract"\n')
    assert main(SIMULATE + ["--lagrangian", str(tmp_path / "abstract.toml")]) == 2
    err = capsys.readouterr().err
    assert "cannot be integrated" in err and err.count("\n") == 1
    assert main(["export", "--lagrangian", str(tmp_path / "sbc.toml"), "--order", "1", "-o",
                 str(tmp_path / "x.md")]) == 2
    assert "not for --lagrangian" in capsys.readouterr().err and not (tmp_path / "x.md").exists()


def test_synthesis_along_the_ode_of_a_method_file(tmp_path, capsys):
    """Unknowns and the best rate along the limit of a heavy-ball file: the member and rate that
    examples/four_thirds_family.toml finds along the typed ODE Xddot = -2 sqrt(mu) Xdot - grad(X)."""
    (tmp_path / "hb.toml").write_text(HEAVY_BALL.replace("order = 1", "order = 0"))
    (tmp_path / "family.toml").write_text(
        'ode_from_method = "hb.toml"\nunknowns = ["a", "b", "c"]\nclass = "strongly-convex"\nrate = "best"\n'
        'energy = "f(X) - f(xstar) + a*norm2(X - xstar) + 2*b*inner(X - xstar, Xdot) + c*norm2(Xdot)"\n')
    data = _json(capsys, ["verify", "--energy", str(tmp_path / "family.toml"), "--format", "json"])
    assert data["status"] == "proved" and data["rate"] == "4√μ/3"
    assert data["values"] == {"a": "4·μ/9", "b": "2√μ/3", "c": "1/2"}
