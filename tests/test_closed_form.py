"""Bessel closed forms derived for symbolic r, checked exactly, and against integration (double and 40 digits)."""
import mpmath
import numpy as np
import pytest
from scipy.special import gamma as G
from scipy.special import jv
from sympy import (
    Rational,
    Symbol,
    besselj,
    cancel,
    cos,
    expand_power_base,
    gamma,
    powsimp,
    sin,
    sqrt,
    symbols,
)

from symflow.closed_form.bessel import (
    bessel_components,
    bessel_solution,
    constant_damping_solution,
    elementary_solution,
    envelope,
    frobenius_ratio,
    reduce_bessel,
)
from symflow.core import SymflowError, lam, mu, r, t, x0_scalar
from symflow.limit import continuous_limit
from symflow.methods import nesterov
from symflow.numeric import solve_ode
from symflow.parse import parse_objective


def _bessel(r_value, lams, x0, ts):
    nu = (r_value - 1) / 2
    z = np.sqrt(np.asarray(lams))[None, :] * np.asarray(ts)[:, None]
    return np.asarray(x0)[None, :] * G(nu + 1) * (2 / z) ** nu * jv(nu, z)


def test_bessel_solution_is_derived_and_checked_for_symbolic_r():
    sol = bessel_solution()
    assert [c.passed for c in sol.checks] == [True] * 4
    literature = x0_scalar * gamma((r + 1) / 2) * (2 / (sqrt(lam) * t)) ** ((r - 1) / 2) * besselj((r - 1) / 2, sqrt(lam) * t)
    ratio = powsimp(expand_power_base(sol.expression / literature, force=True), force=True)
    assert cancel(ratio) == 1
    assert sol.steps[1].math[0].rhs == (r - 1) / 2


def test_the_substitution_check_can_fail():
    nu = r / 2                                     # a wrong order
    wrong = t ** (-nu) * besselj(nu, sqrt(lam) * t)
    residual = reduce_bessel(wrong.diff(t, 2) + r / t * wrong.diff(t) + lam * wrong, nu)
    assert cancel(residual) != 0


def test_frobenius_ratio_and_r3_special_case():
    n = Symbol("n", integer=True, nonnegative=True)
    assert cancel(frobenius_ratio() + lam / ((n + 2) * (n + 1 + r))) == 0
    assert bessel_solution(3, 1, 1).expression == 2 * besselj(1, t) / t


def test_elementary_forms_for_half_integer_orders():
    z = sqrt(lam) * t
    two, four = elementary_solution(2), elementary_solution(4)
    assert all(c.passed for c in two.checks + four.checks)
    assert cancel(two.expression - x0_scalar * sin(z) / z) == 0
    assert cancel((four.expression - 3 * x0_scalar * (sin(z) - z * cos(z)) / z ** 3).rewrite(sin)) == 0
    with pytest.raises(SymflowError, match="even r"):
        elementary_solution(3)


def test_constant_damping_closed_forms():
    x0, v0 = symbols("x0 v0", real=True)
    for damping, stiffness in ((2 * sqrt(mu), lam), (2 * sqrt(mu), mu), (3, 1)):
        sol = constant_damping_solution(damping, stiffness, x0, v0)
        assert all(c.passed for c in sol.checks), (damping, stiffness)
    x = constant_damping_solution(3, 2, 1).expression      # roots -1, -2
    assert x.subs(t, 0) == 1 and cancel(x.diff(t).subs(t, 0)) == 0
    assert abs(float(x.subs(t, 1.3)) - (2 * np.exp(-1.3) - np.exp(-2.6))) < 1e-14


def test_envelope_decays_like_t_to_the_minus_r():
    for r_value in (3, 5):
        env = envelope(r_value, 1, 1)
        assert cancel(env * t ** r_value).free_symbols == set()
        ts = np.linspace(200, 260, 20001)
        gap = 0.5 * _bessel(r_value, [1.0], [1.0], ts)[:, 0] ** 2
        ratio = np.max(gap) / float(env.subs(t, ts[np.argmax(gap)]))
        assert abs(ratio - 1) < 0.02


@pytest.mark.parametrize("r_value", [3, 2, 5.5])
def test_closed_form_against_integration_in_two_dimensions(r_value):
    lams, x0 = [0.04, 0.01], [1.0, -0.5]
    f = parse_objective("0.02*x1**2 + 0.005*x2**2")
    ode = continuous_limit(nesterov(r)).ode
    ts = [0.5, 3.0, 10.0, 40.0]
    got = solve_ode(ode, f, x0, ts, parameters={"r": r_value}, rtol=1e-12).X
    expected = _bessel(r_value, lams, x0, ts)
    assert np.max(np.abs(got - expected) / np.abs(expected)) < 1e-9
    comps = bessel_components(lams, x0, Rational(r_value).limit_denominator(10))
    assert abs(float(comps[0].subs(t, 3.0)) - expected[1, 0]) < 1e-13


@pytest.mark.parametrize("r_value", [3, 4])
def test_closed_form_against_mpmath_integration_at_40_digits(r_value):
    f = parse_objective("x1**2/2 + 2*x2**2")
    ode = continuous_limit(nesterov(r)).ode
    [state] = solve_ode(ode, f, [1, 1], [Rational(1, 2)], parameters={"r": r_value}, dps=40, order=30)
    with mpmath.workdps(50):
        nu = mpmath.mpf(r_value - 1) / 2
        exact = [mpmath.gamma(nu + 1) * (2 / (mpmath.sqrt(l) * mpmath.mpf(1) / 2)) ** nu
                 * mpmath.besselj(nu, mpmath.sqrt(l) / 2) for l in (1, 4)]
        digits = min(-mpmath.log10(abs(state[i] - exact[i]) / abs(exact[i])) for i in range(2))
    assert digits >= 30
