"""No false proof, no traceback: claims that symflow once "proved" wrongly, crashes, and fuzzing.

Each reproduction failed on the code before the fix (proved, or a Python exception).
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from symflow.cli.main import main
from symflow.core.errors import BudgetExceeded, ParseError, SymflowError, UnsupportedError
from symflow.core.limits import time_budget
from symflow.core.symbols import X, t, x_star
from symflow.core.model import ODE
from symflow.core.vectors import grad, norm2
from symflow.lyapunov import candidate_functions, convex, evaluate, f_gap, verify
from symflow.parse.claim import claim_from_toml

GF = 'ode = "Xdot = -grad(X)"\nclass = "convex"\n'
SBC3 = 'ode = "Xddot = -3/t*Xdot - grad(X)"\nclass = "convex"\n'


def run(text):
    claim = claim_from_toml(text)
    return verify(claim.energy, claim.ode, claim.function_class, rate=claim.rate)


def write(tmp_path, text):
    path = tmp_path / "claim.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("text", [
    'energy = "t*(f(X) - f(xstar)) + norm2(X - xstar)/2"\n' + GF + 'start = "-1"\n',
    'energy = "(t + 1)*(f(X) - f(xstar)) + norm2(X - xstar)/2"\n' + GF + 'start = "-2"\n',
])
def test_negative_start_is_not_proved(text):
    result = run(text)
    assert result.status != "proved"
    assert result.status == "refuted" and result.counterexample.values["t"] < 0


@pytest.mark.parametrize("text, region", [
    ('parameters = ["r"]\nenergy = "(t + 1)*(f(X) - f(xstar)) + norm2(X - xstar)/2"\n' + GF + 'start = "r - 5"\n',
     "r >= 4"),
    ('parameters = ["a"]\nenergy = "t*(f(X) - f(xstar)) + norm2(X - xstar)/2"\n' + GF + 'start = "a"\n', "a >= 0"),
    ('parameters = ["c"]\nenergy = "f(X) - f(xstar)"\node = "Xdot = -c*grad(X)"\nclass = "convex"\n', "c >= 0"),
    ('parameters = ["b"]\nenergy = "f(X) - f(xstar)"\node = "Xdot = -b*grad(X)"\nclass = "convex"\n', "b >= 0"),
])
def test_symbolic_start_and_parameters_enter_the_region(text, region):
    result = run(text)
    assert result.status == "proved"
    assert str(result.certificate.region.as_boolean()) == region


def test_singular_ode_inside_the_interval_is_refused(tmp_path, capsys):
    text = 'energy = "t**2*(f(X) - f(xstar)) + 2*norm2(X + t/2*Xdot - xstar)"\n' + SBC3 + 'start = "-1"\n'
    with pytest.raises(UnsupportedError, match="singular at t = 0"):
        run(text)
    assert main(["verify", "--energy", write(tmp_path, text)]) == 2
    err = capsys.readouterr().err
    assert "singular" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_singular_ode_api():
    ode = ODE(-3 / t * X(t).diff(t) - grad(X(t)), 2, start=-1)
    with pytest.raises(UnsupportedError):
        verify(t**2 * f_gap() + 2 * norm2(X(t) + t / 2 * X(t).diff(t) - x_star), ode, convex())


def test_contradictory_initial_conditions(tmp_path, capsys):
    text = 'energy = "t*(f(X) - f(xstar)) + norm2(X - xstar)/2"\n' + GF + 'initial = ["X = x0", "X = xstar"]\n'
    with pytest.raises(ParseError, match="two initial conditions"):
        claim_from_toml(text)
    assert main(["verify", "--energy", write(tmp_path, text)]) == 2
    from sympy import Eq
    from symflow.core.symbols import x0
    ode = ODE(-grad(X(t)), 1, initial_conditions=(Eq(X(0), x0), Eq(X(0), x_star)))
    with pytest.raises(UnsupportedError, match="contradictory"):
        verify(t * f_gap() + norm2(X(t) - x_star) / 2, ode, convex())


def test_scalar_initial_condition_is_refused():
    with pytest.raises(ParseError, match="vectors"):
        claim_from_toml('energy = "t*(f(X) - f(xstar)) + norm2(X - xstar)/2"\n' + GF + 'initial = ["X = 1"]\n')


@pytest.mark.parametrize("text", [
    # a refuted first-order claim (was ValueError in refute)
    'energy = "t*(f(X) - f(xstar)) + norm2(X - xstar)/2"\n' + GF + 'rate = "1"\n',
    # a parameter the refuter read as 1 (was ZeroDivisionError)
    'parameters = ["r"]\nenergy = "t**2*(f(X) - f(xstar)) + (r-1)/2*norm2(X + t/(r-1)*Xdot - xstar)"\n'
    'ode = "Xddot = -r/t*Xdot - grad(X)"\nclass = "convex"\n',
])
def test_refuted_without_traceback(tmp_path, capsys, text):
    assert main(["verify", "--energy", write(tmp_path, text)]) == 1
    out = capsys.readouterr().out
    assert "status: refuted" in out and "re-expanded" not in out


def test_refuted_parameter_values_are_given():
    text = ('parameters = ["r"]\nenergy = "t**2*(f(X) - f(xstar)) + (r-1)/2*norm2(X + t/(r-1)*Xdot - xstar)"\n'
            'ode = "Xddot = -r/t*Xdot - grad(X)"\nclass = "convex"\n')
    result = run(text)
    assert result.status == "refuted"
    assert "r" in result.counterexample.values and result.counterexample.values["r"] != 1.0
    assert "r = " in result.counterexample.describe()


@pytest.mark.parametrize("text", [
    'energy = "sqrt(t)*(f(X) - f(xstar)) + norm2(X - xstar)/2"\n' + GF,
    'energy = "t**2*(f(X) - f(xstar))"\node = "Xdot = -sqrt(-1)*grad(X)"\n',
    'energy = "' + "1" * 5000 + '*(f(X) - f(xstar))"\n' + GF,
    'energy = "t**4096*(f(X) - f(xstar))"\n' + GF,
    'energy = "(t**64)**64*(f(X) - f(xstar))"\n' + GF,
])
def test_fuzz_findings_end_cleanly(text):
    with time_budget(60):
        try:
            result = run(text)
        except SymflowError:
            return
    assert result.status in ("proved", "refuted", "unknown")


# ---------------------------------------------------------------- property: a proof is never contradicted

def _energy_along(energy, instance, order, times, ys):
    d = instance.dimension
    out = []
    for tk, y in zip(times, ys.T):
        state = {X(t): y[:d]}
        if order == 2:
            state[X(t).diff(t)] = y[d:]
        out.append(evaluate(energy, instance, state, {t: float(tk)}))
    return np.array(out)


claims = st.one_of(
    st.tuples(st.just("gf"), st.integers(0, 2), st.sampled_from([1, 2, 3]), st.sampled_from([0, 1, 2])),
    st.tuples(st.just("nesterov"), st.sampled_from([3, 4, 5]), st.sampled_from([1, 2]), st.sampled_from([0, 1])),
)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(claims, st.integers(0, 2 ** 16))
def test_proved_energies_decrease_numerically(claim, seed):
    kind, a, b, t0 = claim
    Xt = X(t)
    if kind == "gf":
        energy = t ** a * f_gap() + b * norm2(Xt - x_star) / 2
        ode = ODE(-grad(Xt), 1, start=t0)
    else:
        r = a
        energy = 2 * t ** 2 / (r - 1) * f_gap() * b + b * (r - 1) * norm2(Xt + t / (r - 1) * Xt.diff(t) - x_star)
        ode = ODE(-r / t * Xt.diff(t) - grad(Xt), 2, start=t0)
    with time_budget(30):
        result = verify(energy, ode, convex(), seed=seed)
    if result.status != "proved":
        return
    rng = np.random.default_rng(seed)
    instance = candidate_functions(0.0, 4.0, d=2, seed=seed)[seed % 3]
    d = instance.dimension
    x = rng.normal(size=d) * 2
    y0 = x if ode.order == 1 else np.concatenate([x, np.zeros(d)])
    start = t0 if t0 > 0 else 1e-3  # the singular start itself is left out

    def rhs(time, y):
        if ode.order == 1:
            return -instance.grad(y)
        return np.concatenate([y[d:], -a / time * y[d:] - instance.grad(y[:d])])  # a = r

    times = np.linspace(start, start + 5, 60)
    sol = solve_ivp(rhs, (start, start + 5), y0, t_eval=times, rtol=1e-10, atol=1e-12)
    values = _energy_along(energy, instance, ode.order, sol.t, sol.y)
    assert np.all(np.diff(values) <= 1e-6 * (1 + np.abs(values[:-1]))), (claim, values)


# ---------------------------------------------------------------- fuzz: the TOML entry point never crashes

atoms = st.sampled_from(["t", "1", "2", "r", "c", "(t + 1)", "sqrt(t)", "t**2", "(r - 1)", "1/t", "(t - 2)",
                         "-3", "sqrt(-1)", "mu", "t**70", "123456789012345678901234567890123456789012345678901234567890123"])
vectors = st.sampled_from(["X - xstar", "Xdot", "X + t*Xdot - xstar", "grad(X)", "X", "x0 - xstar"])


@st.composite
def claim_texts(draw):
    w1, w2 = draw(atoms), draw(atoms)
    v = draw(vectors)
    energy = f"{w1}*(f(X) - f(xstar)) + {w2}*norm2({v})"
    ode = draw(st.sampled_from(["Xdot = -grad(X)", "Xdot = -c*grad(X)", "Xddot = -3/t*Xdot - grad(X)",
                                "Xddot = -r/t*Xdot - grad(X)", "Xddot = -2*sqrt(mu)*Xdot - grad(X)",
                                "Xdot = -{a}*grad(X)".format(a=draw(atoms))]))
    cls = draw(st.sampled_from(["convex", "strongly-convex", "smooth-convex"]))
    start = draw(st.sampled_from(["0", "1", "-1", "r", "r - 5", "3", "2"]))
    rate = draw(st.sampled_from(["0", "1", "mu", "r"]))
    initial = draw(st.sampled_from(['[]', '["X = x0"]', '["X = x0", "Xdot = 0"]', '["X = 1"]',
                                    '["X = x0", "X = xstar"]']))
    return (f'parameters = ["r"]\nenergy = "{energy}"\node = "{ode}"\nclass = "{cls}"\nstart = "{start}"\n'
            f'rate = "{rate}"\ninitial = {initial}\n')


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(claim_texts())
def test_fuzz_claim_toml(text):
    try:
        with time_budget(20):
            result = run(text)
    except BudgetExceeded:
        pytest.fail(f"over budget: {text}")
    except SymflowError:
        return
    assert result.status in ("proved", "refuted", "unknown")
