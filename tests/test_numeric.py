"""Lambdified right-hand sides: vector form vs component form vs hand-typed; objectives; bad input."""
import numpy as np
import pytest
from sympy import Symbol

from symflow.core import (
    IntegrationError,
    ObjectiveError,
    ParseError,
    UnsupportedError,
    r,
)
from symflow.limit import continuous_limit
from symflow.methods import gradient_descent, nag_sc, nesterov
from symflow.numeric import (
    component_system,
    first_order_system,
    integrate,
    log_sum_exp,
    logistic_loss,
    parameter_values,
    quadratic,
    quartic,
    separable,
)
from symflow.parse import parse_objective


def test_vector_and_component_routes_agree_for_high_resolution_nag_sc():
    f = parse_objective("x1**4/4 + x1*x2 + 3*x2**2 + log(1 + exp(x3))")
    ode = continuous_limit(nag_sc(), order=1).ode
    values = {"mu": 0.5, "s": 0.01}
    vec, comp = first_order_system(ode, f, parameters=values), component_system(ode, f, parameters=values)
    rng = np.random.default_rng(0)
    for _ in range(5):
        y, tt = rng.normal(size=6), rng.uniform(0.5, 3)
        assert np.allclose(vec.rhs(tt, y), comp.rhs(tt, y), rtol=1e-13, atol=1e-13)
    assert np.allclose(vec.initial_state([1.0, 2.0, 0.0]), np.array(comp.initial_state([1, 2, 0]), dtype=float))


def test_vector_form_quadratic_against_hand_typed_rhs_in_d_500():
    rng = np.random.default_rng(1)
    M = rng.normal(size=(500, 500))
    A, b = M @ M.T / 500, rng.normal(size=500)
    system = first_order_system(continuous_limit(nesterov(r)).ode, quadratic(A, b), parameters={"r": 4})
    y, tt = rng.normal(size=1000), 1.7
    hand = np.concatenate([y[500:], -4 / tt * y[500:] - (A @ y[:500] - b)])
    assert np.allclose(system.rhs(tt, y), hand, rtol=1e-13, atol=1e-12)


def test_objective_families_derive_their_gradients():
    u = Symbol("u", real=True)
    features, labels = np.array([[1.0, 2.0], [-0.5, 1.0], [2.0, -1.0]]), np.array([1.0, -1.0, 1.0])
    sym = logistic_loss(features.tolist(), labels.tolist()).numeric()
    vec = separable(__import__("sympy").log(1 + __import__("sympy").exp(-u)), u, features * labels[:, None])
    x, v = np.array([0.3, -0.2]), np.array([1.0, 0.5])
    assert np.allclose(sym.gradient(x), vec.gradient(x)) and np.allclose(sym.hessian_vector(x, v), vec.hessian_vector(x, v))
    assert abs(sym.value(x) - vec.value(x)) < 1e-14
    lse = log_sum_exp([[1, 0], [0, 1], [1, 1]], [0, 1, 0]).numeric()
    h = 1e-6
    fd = [(lse.value(x + h * e) - lse.value(x - h * e)) / (2 * h) for e in np.eye(2)]
    assert np.allclose(lse.gradient(x), fd, atol=1e-9)
    q = quartic(3).numeric()
    assert np.allclose(q.gradient(np.array([1.0, -2.0, 0.5])), [1.0, -8.0, 0.125])
    assert q.quadratic is None and parse_objective("x1**2 + x1*x2").numeric().quadratic is not None


def test_integration_of_gradient_flow_matches_exponential():
    f = quadratic(np.diag([1.0, 3.0]))
    system = first_order_system(continuous_limit(gradient_descent()).ode, f)
    tr = integrate(system, 0.0, system.initial_state([1.0, 1.0]), [0.5, 2.0])
    assert np.allclose(tr.X, np.exp(-np.outer([0.5, 2.0], [1.0, 3.0])), rtol=1e-11)


def test_bad_input_gets_clear_errors():
    with pytest.raises(ObjectiveError, match="not differentiable"):
        from sympy import Abs

        from symflow.numeric import Objective
        x1 = Symbol("x1", real=True)
        Objective(Abs(x1), (x1,))
    with pytest.raises(ParseError, match="unknown name 'y'"):
        parse_objective("y**2")
    with pytest.raises(ParseError, match="not a number"):
        parse_objective("'a' + x1")
    with pytest.raises(ParseError):
        parse_objective("__import__('os').system('true')")
    with pytest.raises(ObjectiveError, match="dimension 3"):
        quadratic(np.eye(2)).check_point([1, 2, 3])
    with pytest.raises(IntegrationError, match="needs a value for r"):
        parameter_values(continuous_limit(nesterov(r)).ode, {})
    blow = first_order_system(continuous_limit(gradient_descent()).ode, parse_objective("-x1**4"))
    with pytest.raises(IntegrationError, match="blew up|blow up"):
        integrate(blow, 0.0, [1.0], [1.0])
    with pytest.raises(IntegrationError, match="before the start"):
        integrate(blow, 0.0, [1.0], [-1.0])
    with pytest.raises(UnsupportedError):
        from symflow.core import ODE, NablaF, X, t
        ode = ODE(-NablaF(X(t), X(t).diff(t), X(t).diff(t)), 2)
        first_order_system(ode, quadratic(np.eye(1))).rhs(1.0, np.ones(2))
