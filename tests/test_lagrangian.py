"""Euler–Lagrange equations in the vector algebra, checked against SymPy's scalar route in d = 2."""
import pytest
from sympy import Function, Rational, Symbol, exp, log

from symflow.catalogue.checks.planar import coordinate_check, planar_objective
from symflow.core import (
    ODE,
    DegenerateLagrangianError,
    FValue,
    Inner,
    LagrangianError,
    NablaF,
    NonInvertibleHessianError,
    SymflowError,
    X,
    c,
    grad,
    inner,
    norm2,
    normal_scalar,
    r,
    same_vector,
    t,
    time_derivative,
    x_star,
)
from symflow.lagrangian import (
    HValue,
    Lagrangian,
    NablaH,
    check_weight,
    damped_lagrangian,
    euler_lagrange,
    gradient,
)
from symflow.numeric import Objective, coordinates

_X = X(t)
V = _X.diff(t)
A = _X.diff(t, 2)


def test_power_weight_gives_r_over_t_friction_for_symbolic_r():
    el = euler_lagrange(damped_lagrangian(t**r))
    assert el.ode.matches(A + r / t * V + grad(_X))
    assert not el.ode.matches(A + 3 / t * V + grad(_X))
    assert coordinate_check(el, planar_objective())


def test_exponential_weight_gives_constant_friction():
    el = euler_lagrange(damped_lagrangian(exp(c * t)))
    assert el.ode.matches(A + c * V + grad(_X))
    assert coordinate_check(el, planar_objective())


def test_any_weight_gives_its_logarithmic_derivative():
    a = Function("a")(t)
    el = euler_lagrange(damped_lagrangian(a))
    assert el.ode.matches(A + a.diff(t) / a * V + grad(_X))
    concrete = euler_lagrange(damped_lagrangian(1 + t**2))
    assert concrete.ode.matches(A + 2 * t / (1 + t**2) * V + grad(_X))


def test_steps_record_momentum_force_and_solution():
    el = euler_lagrange(damped_lagrangian(t**3))
    titles = [s.title for s in el.steps]
    assert titles == ["Lagrangian", "first variation", "time derivative", "Euler–Lagrange equation",
                      "solve for the acceleration"]
    assert el.momentum == t**3 * V
    assert el.force == -t**3 * grad(_X)


def test_gradient_moves_the_variation_out_of_hessians():
    # d/dX <grad f(X), V> = Hess f(X) V (symmetry of the Hessian)
    assert gradient(inner(grad(_X), V), _X) == NablaF(_X, V)
    assert gradient(Inner(_X, x_star) ** 2, _X) == 2 * Inner(_X, x_star) * x_star
    assert gradient(HValue(_X + t * V), V) == t * NablaH(_X + t * V)


def test_null_lagrangian_has_no_acceleration():
    # <grad f(X), V> = d/dt f(X): its Euler-Lagrange equation is empty
    with pytest.raises(DegenerateLagrangianError, match="no acceleration"):
        euler_lagrange(inner(grad(_X), V))


def test_lagrangian_without_velocity_is_degenerate():
    with pytest.raises(DegenerateLagrangianError, match="does not depend on the velocity"):
        euler_lagrange(-FValue(_X))


def test_position_dependent_mass_matches_the_scalar_route():
    L = Lagrangian(norm2(V) * (1 + norm2(_X)) / 2 - FValue(_X) + inner(x_star, V))
    el = euler_lagrange(L)
    x1, x2 = coordinates(2)
    f = Objective(x1**2 + x1 * x2**3, (x1, x2))
    # x_star is a constant vector: give the d = 2 check a Lagrangian without it
    el2 = euler_lagrange(norm2(V) * (1 + norm2(_X)) / 2 - FValue(_X))
    assert coordinate_check(el2, f)
    lead = 1 + Inner(_X, _X)
    assert el.ode.matches(lead * A + 2 * Inner(_X, V) * V - Inner(V, V) * _X + grad(_X))


def test_speed_dependent_kinetic_energy_is_refused():
    with pytest.raises(NonInvertibleHessianError, match="inner products"):
        euler_lagrange(norm2(V) ** 2 / 4 - FValue(_X))


def test_mixed_operator_in_front_of_acceleration_is_refused():
    with pytest.raises(NonInvertibleHessianError, match="cannot invert"):
        euler_lagrange(norm2(V) / 2 + HValue(_X + V))


def test_lagrangian_must_be_a_scalar_of_position_and_velocity():
    with pytest.raises(LagrangianError, match="not a scalar"):
        Lagrangian(_X + FValue(_X))
    with pytest.raises(LagrangianError, match="position and the velocity"):
        Lagrangian(Inner(A, A))
    Y = Function("Y")
    with pytest.raises(LagrangianError):
        Lagrangian(Inner(X(t + 1), X(t + 1)))
    assert Y  # a plain function is a scalar, allowed as a coefficient


def test_weight_must_be_a_function_of_time_alone():
    with pytest.raises(LagrangianError, match="not a function of t alone"):
        damped_lagrangian(FValue(_X))
    with pytest.raises(LagrangianError, match="not a function of t alone"):
        damped_lagrangian(t * Inner(V, V))
    with pytest.raises(LagrangianError, match="contains a"):
        check_weight(Function("a")(Symbol("u")))
    with pytest.raises(LagrangianError, match="zero"):
        damped_lagrangian(t - t)
    with pytest.raises(LagrangianError, match="text"):
        damped_lagrangian("t")
    with pytest.raises(LagrangianError, match="text"):
        euler_lagrange("__import__('os')")
    assert isinstance(check_weight(t**r), type(t**r))


def test_errors_are_symflow_errors():
    for error in (LagrangianError, DegenerateLagrangianError, NonInvertibleHessianError):
        assert issubclass(error, SymflowError)


def test_time_derivative_hook_for_h_atoms():
    Z = _X + V / t
    direct = NablaH(Z).time_derivative(t)  # the atom's own chain rule
    shared = time_derivative(NablaH(Z), t)  # symflow.core.vectors, through the VectorAtom hook
    assert same_vector(direct, shared)
    assert same_vector(direct, NablaH(Z, V) + NablaH(Z, A) / t - NablaH(Z, V) / t**2)


def test_normal_scalar_splits_exponentials_of_logarithms():
    assert normal_scalar(exp(log(3) - log(t)) - 3 / t) == 0
    assert normal_scalar(exp(Rational(1, 2) * log(t)) - t ** Rational(1, 2)) == 0


def test_ode_is_a_model_ode():
    el = euler_lagrange(damped_lagrangian(t))
    assert isinstance(el.ode, ODE) and el.ode.order == 2
    assert el.derivation.result is el.ode
