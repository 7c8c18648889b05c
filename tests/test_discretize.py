"""Discretization: ODE -> Method, round trips through the core, MJ and SDSJ statements, bad input."""
import numpy as np
import pytest
from sympy import Eq, Rational, Subs, Symbol, cancel, limit, sqrt, symbols

from symflow.catalogue.discretize_mj_nesterov import mj_ode, nesterov_constant_momentum
from symflow.core import (
    ODE,
    DiscretizationError,
    NablaF,
    UnsupportedError,
    X,
    grad,
    is_zero_vector,
    k,
    mu,
    s,
    t,
    vector_function,
    x0,
)
from symflow.discretize import (
    discretization,
    discretize,
    match_methods,
    one_recurrence,
    phase_space,
    same_method,
)
from symflow.limit import continuous_limit
from symflow.methods import gradient_descent, heavy_ball, nag_c, nag_sc, nesterov

Xt = X(t)
Xd, Xdd = Xt.diff(t), Xt.diff(t, 2)
x, v = vector_function("x"), vector_function("v")
SCHEMES = ("explicit", "implicit", "symplectic", "symplectic-vx", "velocity-first")
d, beta, kappa, T, m = symbols("d beta kappa T m", positive=True)


@pytest.fixture(scope="module")
def nag_sc_high():
    return continuous_limit(nag_sc(), order=1).ode


def test_gradient_flow_gives_gradient_descent_and_proximal_point():
    flow = continuous_limit(gradient_descent()).ode
    assert same_method(discretize(flow, "explicit"), gradient_descent())
    implicit = discretize(flow, "implicit")
    assert implicit.updates == (Eq(x(k + 1), x(k) - s * grad(x(k + 1))),)


def test_sdsj_symplectic_scheme_written_out(nag_sc_high):
    """SDSJ's (S): x_{k+1} - x_k = sqrt(s) v_k, v_{k+1} - v_k = -2 sqrt(mu s) v_{k+1}
    - sqrt(s)(grad f(x_{k+1}) - grad f(x_k)) - sqrt(s)(1 + sqrt(mu s)) grad f(x_{k+1})."""
    x_update, v_update = discretize(nag_sc_high, "symplectic").updates
    assert x_update == Eq(x(k + 1), x(k) + sqrt(s) * v(k))
    assert v_update.lhs == v(k + 1)
    expected = v(k) - sqrt(s) * (grad(x(k + 1)) - grad(x(k))) - sqrt(s) * (1 + sqrt(mu * s)) * grad(x(k + 1))
    assert is_zero_vector((1 + 2 * sqrt(mu * s)) * v_update.rhs - expected)


def test_explicit_scheme_takes_everything_at_the_old_state(nag_sc_high):
    x_update, v_update = discretize(nag_sc_high, "explicit").updates
    expected = v(k) - 2 * sqrt(mu * s) * v(k) - sqrt(s) * (grad(x(k + 1)) - grad(x(k))) \
        - sqrt(s) * (1 + sqrt(mu * s)) * grad(x(k))
    assert x_update == Eq(x(k + 1), x(k) + sqrt(s) * v(k))
    assert is_zero_vector(v_update.rhs - expected)


def test_implicit_scheme_is_kept_implicit(nag_sc_high):
    x_update, v_update = discretize(nag_sc_high, "implicit").updates
    assert x_update.lhs == x(k + 1) and x_update.rhs.has(grad(x(k + 1)))
    assert v_update == Eq(v(k + 1), (x(k + 1) - x(k)) / sqrt(s)) or is_zero_vector(
        v_update.rhs - (x(k + 1) - x(k)) / sqrt(s))


def test_velocity_first_scheme_uses_the_previous_step_for_the_hessian(nag_sc_high):
    method = discretize(nag_sc_high, "symplectic-vx")
    assert method.updates[0].lhs == v(k + 1)
    assert method.updates[0].rhs.has(grad(x(k - 1))) and not method.updates[0].rhs.has(x(k + 1))
    assert Eq(x(-1), x(0) - sqrt(s) * v(0)) in method.initial


@pytest.mark.parametrize("make", [nag_sc, heavy_ball])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_round_trip_low_resolution(make, scheme):
    """Method -> ODE -> Method -> ODE gives back the low-resolution ODE for every scheme."""
    ode = continuous_limit(make(), order=0).ode
    back = continuous_limit(discretize(ode, scheme), order=0).ode
    assert back.matches(ode.residual)
    assert back.matches(Xdd + 2 * sqrt(mu) * Xd + grad(Xt))


def test_round_trip_nesterov_low_resolution():
    ode = continuous_limit(nesterov()).ode
    method = discretize(ode, "symplectic")
    assert continuous_limit(method).ode.matches(Xdd + 3 / t * Xd + grad(Xt))


def test_round_trip_high_resolution_keeps_the_correction_only_for_symplectic(nag_sc_high):
    hessian = NablaF(Xt, Xd)
    sym = continuous_limit(discretize(nag_sc_high, "symplectic"), order=1).ode
    exp = continuous_limit(discretize(nag_sc_high, "explicit"), order=1).ode
    assert sym.matches(Xdd + (2 * sqrt(mu) - 2 * mu * sqrt(s)) * Xd + sqrt(s) * hessian + grad(Xt))
    assert exp.matches(Xdd + (2 * sqrt(mu) + 2 * mu * sqrt(s)) * Xd + (1 + 2 * sqrt(mu * s)) * grad(Xt))


def test_mj_semi_implicit_is_nesterov_with_the_derived_map():
    # Muehlebach-Jordan (ICML 2019): velocity first from the old state, then the position
    method = discretize(mj_ode(), "velocity-first", step=T)
    forward = match_methods(method, nesterov_constant_momentum(), (m, s, beta))
    (solution,) = forward.solutions
    assert cancel(solution[m] - (1 - 2 * d * T)) == 0
    assert cancel(solution[s] - kappa * T ** 2) == 0
    assert cancel(solution[beta] - solution[m] * T) == 0
    (inverse,) = match_methods(method, nesterov_constant_momentum(), (d, beta, kappa)).solutions
    assert cancel(inverse[d] - (1 - m) / (2 * T)) == 0
    assert cancel(inverse[kappa] - s / T ** 2) == 0


def test_friction_at_the_new_velocity_is_another_scheme():
    method = discretize(mj_ode(), "symplectic-vx", step=T)
    (solution,) = match_methods(method, nesterov_constant_momentum(), (m, s, beta)).solutions
    assert cancel(solution[m] - 1 / (1 + 2 * d * T)) == 0
    assert cancel(solution[s] - kappa * T ** 2 / (1 + 2 * d * T)) == 0
    assert not same_method(method, discretize(mj_ode(), "velocity-first", step=T))


def test_mj_wrong_map_does_not_match():
    method = discretize(mj_ode(), "symplectic-vx", step=T)
    wrong = method.updates[0].rhs.subs(beta, 2 * T)  # a shift that is not mT
    from symflow.core import Method

    altered = Method("altered", method.sequences, (Eq(v(k + 1), wrong), method.updates[1]),
                     parameters=tuple(p for p in method.parameters if p != beta))
    assert not match_methods(altered, nesterov_constant_momentum(), (m, s)).matched


def test_sdsj_nag_sc_rescaling_and_explicit_failure(nag_sc_high):
    from symflow.discretize import factor_of, scheme_match

    sym, _ = scheme_match(nag_sc_high, "symplectic", nag_sc())
    exp, _ = scheme_match(nag_sc_high, "explicit", nag_sc())
    imp, _ = scheme_match(nag_sc_high, "implicit", nag_sc())
    hessian = NablaF(Xt, Xd)
    assert factor_of(nag_sc_high, sym, hessian) == 1
    assert cancel(factor_of(nag_sc_high, sym, Xd) - 1 / (1 - sqrt(mu * s))) == 0
    assert cancel(factor_of(nag_sc_high, sym, grad(Xt)) - 1 / (1 - sqrt(mu * s))) == 0
    assert limit(factor_of(nag_sc_high, exp, hessian), s, 0) == 2
    assert imp is None


def test_heavy_ball_has_no_correction_and_symplectic_reproduces_it():
    ode = continuous_limit(heavy_ball(), order=1).ode
    assert phase_space(ode).correction == 0
    from symflow.discretize import scheme_match

    factors, _ = scheme_match(ode, "symplectic", heavy_ball())
    assert factors is not None and all(cancel(f - 1 / (1 - sqrt(mu * s))) == 0 for f in factors.values())
    assert not match_methods(discretize(ode, "symplectic"), nag_sc(), ()).matched


def test_numeric_second_route_symplectic_rescaled_is_nag_sc_in_d3():
    """Run NAG-SC and the symplectic method of the rescaled ODE in d = 3 on a non-quadratic f."""
    from symflow.numeric import run_method
    from symflow.parse import parse_objective

    scale = 1 / (1 - sqrt(mu * s))
    ode = ODE(-2 * sqrt(mu) * scale * Xd - sqrt(s) * NablaF(Xt, Xd) - (1 + sqrt(mu * s)) * scale * grad(Xt), 2,
              initial_conditions=(Eq(X(0), x0), Eq(Subs(Xd, t, 0), -2 * sqrt(s) * grad(x0) / (1 + sqrt(mu * s)))))
    f = parse_objective("x1**4/4 + x2**2 + x1*x2/2 + x3**2/2 + log(1 + exp(x3))")
    ours = run_method(discretize(ode, "symplectic"), f, [1.0, -0.5, 2.0], step_size=0.05, iterations=60,
                      parameters={"mu": 0.3})
    theirs = run_method(nag_sc(), f, [1.0, -0.5, 2.0], step_size=0.05, iterations=60, parameters={"mu": 0.3})
    assert np.allclose(ours, theirs, rtol=1e-10, atol=1e-12)
    explicit = run_method(discretize(ode, "explicit"), f, [1.0, -0.5, 2.0], step_size=0.05, iterations=60,
                          parameters={"mu": 0.3})
    assert not np.allclose(explicit, theirs, rtol=1e-6, atol=1e-8)


def test_one_recurrence_of_nag_c_symplectic_has_k_dependent_coefficients():
    ode = continuous_limit(nag_c(), order=1, offset=Rational(3, 2)).ode
    rec = one_recurrence(discretize(ode, "symplectic"))
    assert rec.lhs == x(k + 1) and rec.rhs.has(k)


# ---- bad input --------------------------------------------------------------------------------

def test_unknown_scheme_is_refused(nag_sc_high):
    with pytest.raises(DiscretizationError, match="unknown scheme 'rk4'"):
        discretize(nag_sc_high, "rk4")


@pytest.mark.parametrize("step", [-1, 0, -sqrt(s), Symbol("h"), k * s])
def test_step_must_be_positive(nag_sc_high, step):
    with pytest.raises(DiscretizationError, match="step size"):
        discretize(nag_sc_high, "symplectic", step=step)


def test_symplectic_needs_second_order():
    with pytest.raises(DiscretizationError, match="second-order"):
        discretize(ODE(-grad(Xt), 1), "symplectic")


def test_singular_time_is_refused_not_shifted():
    ode = continuous_limit(nesterov()).ode
    with pytest.raises(DiscretizationError, match="k = 0"):
        discretize(ode, "explicit")
    assert discretize(ode, "explicit", offset=1).updates  # the user may shift the grid


def test_implicit_step_without_solution():
    ode = ODE(Xd / sqrt(s) - grad(Xt), 2)  # friction -1/sqrt(s): 1 + h a = 0 with h = sqrt(s)
    with pytest.raises(DiscretizationError, match="no solution"):
        discretize(ode, "implicit")


def test_terms_no_euler_scheme_defines():
    with pytest.raises(UnsupportedError, match="not defined by an Euler scheme"):
        discretize(ODE(-NablaF(Xt, Xd, Xd) - grad(Xt), 2), "symplectic")
    with pytest.raises(UnsupportedError, match="order 1 or 2"):
        discretize(ODE(-grad(Xt), 3), "explicit")


def test_not_an_ode():
    with pytest.raises(DiscretizationError, match="needs an ODE"):
        discretize(nag_sc(), "explicit")


def test_derivation_records_steps(nag_sc_high):
    titles = [st.title for st in discretization(nag_sc_high, "symplectic").steps]
    assert titles[:4] == ["ODE", "First-order system", "Scheme", "Gradient correction"]
    assert "One recurrence" in titles
