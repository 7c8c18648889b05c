"""Derivatives of energies along ODEs, in Gram coordinates (symflow.lyapunov.derivative)."""
import numpy as np
import pytest
from sympy import Rational, cancel, expand, sqrt

from symflow.core import (
    ODE,
    FValue,
    Inner,
    UnsupportedError,
    X,
    grad,
    inner,
    linearize,
    norm2,
    r,
    s,
    t,
    x0,
    x_star,
)
from symflow.limit import continuous_limit
from symflow.lyapunov import (
    candidate_functions,
    derivative_along,
    evaluate,
    f_gap,
    gram_form,
)
from symflow.methods import gradient_descent, nag_c, nesterov

Xt = X(t)
v = Xt.diff(t)
e = Xt - x_star


def same(a, b):
    return cancel(expand(linearize(a - b))) == 0


def test_gradient_flow_derivative_matches_reference():
    ode = continuous_limit(gradient_descent()).ode
    dE = derivative_along(t * f_gap() + norm2(e) / 2, ode)
    # REFERENCE.md §1: dE/dt = (f - f*) - <grad f(X), X - x*> - t |grad f(X)|^2
    assert same(dE, f_gap() - inner(grad(Xt), e) - t * norm2(grad(Xt)))


def test_sbc_derivative_for_general_r():
    ode = continuous_limit(nesterov(r)).ode
    E = 2 * t**2 / (r - 1) * f_gap() + (r - 1) * norm2(e + t * v / (r - 1))
    dE = derivative_along(E, ode)
    assert same(dE, 4 * t / (r - 1) * f_gap() - 2 * t * inner(grad(Xt), e))


def test_nag_c_hessian_terms_cancel():
    ode = continuous_limit(nag_c(), order=1, offset=Rational(3, 2)).ode
    E = t * (t + sqrt(s) / 2) * f_gap() + norm2(t * v + 2 * e + t * sqrt(s) * grad(Xt)) / 2
    form = gram_form(derivative_along(E, ode))
    assert all(h == 0 for h in form.hessian)
    assert cancel(form.value - (2 * t + sqrt(s) / 2)) == 0


def test_gram_form_round_trip():
    expr = 3 * f_gap() + t * inner(e, v) - norm2(grad(Xt)) + inner(v, linearize(grad(Xt).func(Xt, v)))
    assert same(gram_form(expr).expression(), expr)


@pytest.mark.parametrize("bad", [
    Inner(Xt, Xt) ** 2,
    FValue(x0),
    Inner(x_star, v),
    FValue(Xt),
])
def test_gram_form_refuses(bad):
    with pytest.raises(UnsupportedError):
        gram_form(bad)


def test_derivative_matches_finite_differences_in_d3():
    """Second route: E along the numerically integrated flow of a concrete f in R^3."""
    from scipy.integrate import solve_ivp

    from symflow.lyapunov.counterexample import _Compiled, _first_order, _state_of

    ode = ODE(continuous_limit(nesterov(r)).ode.rhs.subs(r, 5), 2)
    E = Rational(1, 2) * t**2 * f_gap() + 4 * norm2(e + t * v / 4)
    dE = derivative_along(E, ode)
    for f in candidate_functions(0.0, 3.0, d=3, seed=1):
        rng = np.random.default_rng(2)
        y = np.concatenate([rng.normal(size=3), rng.normal(size=3)])
        rhs = _first_order(ode, f, {})
        sol = solve_ivp(rhs, (1.0, 1.2), y, rtol=1e-12, atol=1e-12, dense_output=True)
        energy = _Compiled(E, [t])
        h = 1e-3
        ts = [1.1 - 2 * h, 1.1 - h, 1.1 + h, 1.1 + 2 * h]
        Es = [energy(f, _state_of(sol.sol(tk), 3, ode, Xt), {t: tk}) for tk in ts]
        fd = (Es[0] - 8 * Es[1] + 8 * Es[2] - Es[3]) / (12 * h)
        exact = evaluate(dE, f, _state_of(sol.sol(1.1), 3, ode, Xt), {t: 1.1})
        assert abs(fd - exact) <= 1e-6 * (1 + abs(exact))
