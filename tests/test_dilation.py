"""Time dilation of the Bregman Lagrangian: symbolic proof for a symbolic tau, and a numeric check in d = 2."""
import numpy as np
import pytest
from scipy.integrate import solve_ivp
from sympy import Derivative, Rational, Symbol, lambdify, log

from symflow.catalogue.checks.planar import coordinate_components
from symflow.core import (
    C,
    LagrangianError,
    SymflowError,
    UnsupportedError,
    X,
    grad,
    is_zero_scalar,
    p,
    q,
    t,
)
from symflow.lagrangian import (
    Scaling,
    bregman_equation,
    dilate,
    exponential_scaling,
    general_scaling,
    polynomial_dilation,
    polynomial_scaling,
    reparametrisation,
    time_dilation,
)
from symflow.numeric import Objective, coordinates


def test_theorem_for_symbolic_tau_and_general_scaling_and_h():
    proof = time_dilation(general_scaling(), h="abstract")
    assert proof.proved
    assert [c.passed for c in proof.checks] == [True] * 4
    assert proof.tau == reparametrisation(t)


def test_theorem_euclidean_and_concrete_families():
    assert time_dilation(general_scaling(), h="euclidean").proved
    assert time_dilation(polynomial_scaling(), h="abstract").proved
    assert time_dilation(exponential_scaling(), t**2, h="euclidean").proved
    assert time_dilation(polynomial_scaling(), t**3 + t, h="abstract").proved


def test_the_checks_can_fail():
    # dropping log(tau') from the dilated alpha is not a symmetry: it does not give the q-flow
    scaling, tau = polynomial_scaling(2, 1), t ** Rational(3, 2)
    wrong = Scaling(scaling.alpha.subs(t, tau), scaling.beta.subs(t, tau), scaling.gamma.subs(t, tau))
    right = dilate(scaling, tau)
    A, V = X(t).diff(t, 2), X(t).diff(t)
    q_flow = A + 4 / t * V + 9 * t * grad(X(t))
    assert bregman_equation(right).ode.matches(q_flow)
    assert not bregman_equation(wrong).ode.matches(q_flow)


def test_ideal_scaling_is_preserved_for_a_family_member():
    dilated = dilate(polynomial_scaling(), reparametrisation(t))
    proof = time_dilation(polynomial_scaling(), h="euclidean")
    assert proof.checks[3].passed
    assert dilated.beta == p * log(reparametrisation(t)) + log(C)


def test_t_to_the_q_over_p_maps_the_p_flow_onto_the_q_flow():
    family = polynomial_dilation()
    assert family.same_scaling and family.theorem.proved
    assert is_zero_scalar(family.dilated.alpha - (log(q) - log(t)))
    q_flow = X(t).diff(t, 2) + (q + 1) / t * X(t).diff(t) + C * q**2 * t ** (q - 2) * grad(X(t))
    assert family.ode.matches(q_flow)
    concrete = polynomial_dilation(2, 3, 1)
    assert concrete.same_scaling and concrete.theorem.proved
    assert concrete.ode.matches(X(t).diff(t, 2) + 4 / t * X(t).diff(t) + 9 * t * grad(X(t)))


def test_bad_reparametrisations():
    with pytest.raises(LagrangianError, match="does not depend"):
        dilate(polynomial_scaling(), Rational(3))
    with pytest.raises(UnsupportedError, match="undefined"):
        time_dilation(general_scaling(), t**2)
    with pytest.raises(SymflowError, match="different"):
        polynomial_dilation(2, 2)


def _first_order(ode, f):
    """Lambdify the components of X'' = F(t, X, X') into a first-order system y = (X, X')."""
    xs = coordinate_components(X(t), f)
    rhs = coordinate_components(ode.rhs, f)
    d = len(xs)
    pos = [Symbol(f"y{i}") for i in range(d)]
    vel = [Symbol(f"v{i}") for i in range(d)]
    table = {Derivative(x, t): v for x, v in zip(xs, vel)}
    table.update(dict(zip(xs, pos)))
    exprs = [e.xreplace(table) for e in rhs]
    fn = lambdify((t, *pos, *vel), exprs, "numpy")
    return lambda s, y: np.concatenate([y[d:], fn(s, *y)])


def test_numeric_time_dilation_in_d2():
    x1, x2 = coordinates(2)
    f = Objective(x1**2 / 2 + 2 * x2**2 + x1**4 / 4, (x1, x2))
    flow_p = _first_order(bregman_equation(polynomial_scaling(2, 1)).ode, f)
    flow_q = _first_order(bregman_equation(polynomial_scaling(3, 1)).ode, f)
    x, v = np.array([1.0, -0.5]), np.array([0.3, -0.2])
    options = dict(rtol=1e-11, atol=1e-13, method="DOP853")
    end = 2.0
    xp = solve_ivp(flow_p, (1.0, end ** 1.5), np.concatenate([x, v]), **options).y[:2, -1]
    # Y(t) = X_p(t^{3/2}): Y(1) = X_p(1), Y'(1) = (3/2) X_p'(1)
    yq = solve_ivp(flow_q, (1.0, end), np.concatenate([x, 1.5 * v]), **options).y[:2, -1]
    assert np.max(np.abs(xp - yq)) < 1e-8
    # and a different speed-up does not match
    wrong = solve_ivp(flow_q, (1.0, end), np.concatenate([x, v]), **options).y[:2, -1]
    assert np.max(np.abs(xp - wrong)) > 1e-3
