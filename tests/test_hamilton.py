"""Legendre transform and Hamilton's equations, checked against the Euler–Lagrange route."""
import numpy as np
import pytest
from scipy.integrate import solve_ivp
from sympy import Derivative, Symbol, exp, lambdify

from symflow.catalogue.checks.planar import coordinate_components
from symflow.core import (
    DegenerateLagrangianError,
    FValue,
    P,
    UnsupportedError,
    X,
    grad,
    inner,
    is_zero_scalar,
    latex,
    norm2,
    r,
    same_vector,
    t,
    text,
    x_star,
)
from symflow.lagrangian import (
    EquationSystem,
    alpha,
    beta,
    bregman_equation,
    bregman_lagrangian,
    damped_lagrangian,
    equivalent_to_euler_lagrange,
    euler_lagrange,
    gamma,
    general_scaling,
    hamilton_equations,
    hamiltonian,
    polynomial_scaling,
)
from symflow.numeric import Objective, coordinates

_X, _P = X(t), P(t)
V = _X.diff(t)


def test_damped_hamiltonian_and_equations():
    eqs = hamilton_equations(hamiltonian(damped_lagrangian(t**r)))
    H = eqs.hamiltonian
    assert is_zero_scalar(H.expression - (norm2(_P) / (2 * t**r) + t**r * FValue(_X)))
    assert same_vector(H.velocity, _P / t**r)
    assert same_vector(eqs.position_rate, _P / t**r)
    assert same_vector(eqs.momentum_rate, -t**r * grad(_X))
    assert equivalent_to_euler_lagrange(eqs)


def test_bregman_hamiltonian_euclidean_general_scaling():
    a, b, g = alpha(t), beta(t), gamma(t)
    eqs = hamilton_equations(hamiltonian(bregman_lagrangian(general_scaling())))
    literature = exp(a + g) * (norm2(exp(-g) * _P) / 2 + exp(b) * FValue(_X))
    assert is_zero_scalar(eqs.hamiltonian.expression - literature)
    assert same_vector(eqs.position_rate, exp(a - g) * _P)
    assert same_vector(eqs.momentum_rate, -exp(a + b + g) * grad(_X))
    assert equivalent_to_euler_lagrange(eqs)


def test_equivalence_check_can_fail():
    eqs = hamilton_equations(hamiltonian(damped_lagrangian(t**3)))
    other = euler_lagrange(damped_lagrangian(t**2))
    assert not equivalent_to_euler_lagrange(eqs, other)


def test_gyroscopic_term_shifts_the_momentum():
    L = norm2(V) / 2 + inner(x_star, V) * t - FValue(_X)
    eqs = hamilton_equations(hamiltonian(L))
    assert same_vector(eqs.hamiltonian.velocity, _P - t * x_star)
    assert equivalent_to_euler_lagrange(eqs)


def test_degenerate_legendre_transforms():
    with pytest.raises(DegenerateLagrangianError, match="does not depend on the velocity"):
        hamiltonian(-FValue(_X))
    with pytest.raises(DegenerateLagrangianError, match="degenerate"):
        hamiltonian(inner(x_star, V) - FValue(_X))


def test_general_h_is_refused_clearly():
    with pytest.raises(UnsupportedError, match="not affine in the velocity"):
        hamiltonian(bregman_lagrangian(polynomial_scaling(), h="abstract"))
    with pytest.raises(UnsupportedError, match="not affine"):
        hamiltonian(norm2(V) ** 2 / 4 - FValue(_X))


def test_display_prints_both_equations():
    eqs = hamilton_equations(hamiltonian(damped_lagrangian(t**3)))
    assert isinstance(eqs.display, EquationSystem)
    assert text(eqs.display).count("=") == 2
    assert r"\dot{P}" in latex(eqs.display)


def test_numeric_hamilton_flow_matches_the_euler_lagrange_flow_in_d2():
    x1, x2 = coordinates(2)
    f = Objective(x1**2 / 2 + x2**2 + x1 * x2 / 4, (x1, x2))
    scaling = polynomial_scaling(3, 1)
    eqs = hamilton_equations(hamiltonian(bregman_lagrangian(scaling)))
    ode = bregman_equation(scaling).ode
    xs = coordinate_components(_X, f)
    ps = coordinate_components(_P, f)
    y = [Symbol(f"y{i}") for i in range(4)]
    table = dict(zip(xs + ps, y))
    rates = [e.xreplace(table) for e in coordinate_components(eqs.position_rate, f)
             + coordinate_components(eqs.momentum_rate, f)]
    hamilton = lambdify((t, *y), rates, "numpy")
    vs = [Derivative(x, t) for x in xs]
    second = [e.xreplace({**dict(zip(vs, y[2:])), **dict(zip(xs, y[:2]))})
              for e in coordinate_components(ode.rhs, f)]
    lagrange = lambdify((t, *y), second, "numpy")
    x0, v0, t0, t1 = np.array([1.0, -1.0]), np.array([0.2, 0.1]), 1.0, 3.0
    momentum0 = t0**4 / 3 * v0  # P = e^{gamma - alpha} V = t^3 * t / 3 * V
    options = dict(rtol=1e-11, atol=1e-13, method="DOP853")
    h = solve_ivp(lambda s, z: hamilton(s, *z), (t0, t1), np.concatenate([x0, momentum0]), **options)
    el = solve_ivp(lambda s, z: np.concatenate([z[2:], lagrange(s, *z)]), (t0, t1),
                   np.concatenate([x0, v0]), **options)
    assert np.max(np.abs(h.y[:2, -1] - el.y[:2, -1])) < 1e-8

