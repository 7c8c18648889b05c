"""Literature entries: Hessian-driven damping (APR 2016) and accelerated mirror descent (KBB 2015).

Each derived result is compared with the statement it is meant to support: the region, the rate, the
gradient coefficient, the ODE as a case of another, the Bregman Lagrangian's equation.
"""
from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from sympy import Interval, Matrix, cancel, limit, oo, solve, symbols

from symflow.catalogue import get
from symflow.core import FValue, X, beta_h, grad, norm2, r, t, x0, x_star
from symflow.lyapunov import prove_nonnegative
from symflow.lyapunov.multipliers import schur_equations


@pytest.fixture(scope="module")
def hessian():
    return get("energy-hessian-damping").run()


@pytest.fixture(scope="module")
def mirror():
    return get("energy-mirror-descent").run()


def test_hessian_damping_every_check_passes(hessian):
    assert hessian.status == "proved"
    assert [c.description for c in hessian.checks if not c.passed] == []


def test_hessian_damping_region_is_apr_alpha_at_least_3(hessian):
    # APR (2016), abstract: O(1/t^2) for alpha >= 3, beta > 0; the engine finds alpha >= 3 for every beta > 0
    region = hessian.result.certificate.region
    assert dict(region.sets) == {r: Interval(3, oo)} and not region.relations


def test_hessian_damping_rate_is_order_inverse_square(hessian):
    bound = hessian.result.bound.rhs
    initial = (r - 1)**2 * ((r - 2) * beta_h**2 * (FValue(x0) - FValue(x_star)) + (r - 1) / 2 * norm2(x0 - x_star))
    ratio = cancel(bound * t**2 / initial.expand())
    assert ratio.free_symbols <= {r, beta_h, t}
    assert limit(ratio.subs({r: 3, beta_h: 1}), t, oo) == 1
    # bound <= E(t0)/t^2 on the region: 1 - ratio >= 0 for alpha = 3 + u, u >= 0, t >= t0
    u = symbols("u", nonnegative=True)
    assert prove_nonnegative((1 - ratio).subs(r, 3 + u), start=(2 + u) * beta_h)


def test_hessian_damping_gradient_integrability(hessian):
    # dE/dt <= -c(t)|grad f|^2 with c(t) >= beta t^2: int t^2 |grad f|^2 dt <= E(t0)/beta (derived here)
    cert = hessian.result.certificate
    c = cert.norm_bound(grad(X(t)))
    assert c is not None
    assert cancel(c - beta_h * t**2 * (t - beta_h) / (t - (r - 2) * beta_h)) == 0
    assert limit(c / t**2, t, oo) == beta_h


def test_hessian_damping_contains_sdjs_nag_c_up_to_a_gradient_term(hessian):
    step = [st for st in hessian.steps if st.title == "The NAG-C high-resolution ODE as a case"]
    assert step and [c.passed for c in hessian.checks if c.description.startswith("SDJS")] == [True]


def test_hessian_damping_energy_decreases_on_a_trajectory():
    # second route: integrate the ODE for f = (x1^2 + 10 x2^2)/2 at alpha = 3, beta = 1/2 and evaluate E
    alpha, beta, A = 3.0, 0.5, np.diag([1.0, 10.0])

    def field(time, y):
        x, v = y[:2], y[2:]
        return np.concatenate([v, -alpha / time * v - beta * A @ v - A @ x])

    t0 = (alpha - 1) * beta
    x_init = np.array([1.0, 1.0])
    y0 = np.concatenate([x_init, -beta * A @ x_init])
    times = np.linspace(t0, 30, 400)
    sol = solve_ivp(field, (t0, 30), y0, t_eval=times, rtol=1e-10, atol=1e-12)
    x, v = sol.y[:2], sol.y[2:]
    f = 0.5 * np.einsum("it,ij,jt->t", x, A, x)
    w = (alpha - 1) * x + times * (v + beta * A @ x)
    energy = times / (times - (alpha - 2) * beta) * (times * (times - beta) * f + 0.5 * (w**2).sum(axis=0))
    assert np.all(np.diff(energy) <= 1e-9 * energy[0])
    assert np.all(f * times**2 <= energy[0] * (1 + 1e-9))


def test_schur_equations_fix_the_multiplier_of_a_rank_one_remainder():
    lam = symbols("lam")
    v = Matrix([2, t, 3])
    Q = v * v.T
    Q[0, 2] = Q[2, 0] = lam
    equations = schur_equations(Q, [lam])
    assert equations and solve(equations, lam, dict=True) == [{lam: 6}]  # the value that makes Q = v v^T again


def test_mirror_descent_every_check_passes(mirror):
    assert mirror.status == "proved"
    assert [c.description for c in mirror.checks if not c.passed] == []


def test_mirror_descent_region_and_rate(mirror):
    # KBB (2015), abstract: O(1/t^2); the engine: r >= 2 exactly, iff among r > 0 (counterexample family)
    cert = mirror.result.certificate
    assert dict(cert.region.sets) == {r: Interval(2, oo)}
    assert cancel(mirror.result.bound.rhs - r**2 * norm2(x0 - x_star) / (2 * t**2)) == 0
    assert [c.passed for c in mirror.checks if c.description.startswith("necessity")] == [True, True, True]


def test_mirror_descent_is_sbc_r_plus_one_and_the_bregman_equation(mirror):
    ode = mirror.result.certificate.ode
    assert ode.matches(X(t).diff(t, 2) + (r + 1) / t * X(t).diff(t) + grad(X(t)))
    assert not ode.matches(X(t).diff(t, 2) + r / t * X(t).diff(t) + grad(X(t)))
    wwj = [c for c in mirror.checks if c.description.startswith("WWJ")]
    assert len(wwj) == 5 and all(c.passed for c in wwj)


@pytest.fixture(scope="module")
def restart():
    return get("speed-restart-quadratic").run()


def test_speed_restart_every_check_passes(restart):
    assert restart.status == "proved"
    assert [c.description for c in restart.checks if not c.passed] == []


def test_speed_restart_time_to_thirty_digits():
    import mpmath

    from symflow.closed_form import speed_restart_time

    found = speed_restart_time(3, digits=40)
    assert len(found.value.replace(".", "")) >= 40
    with mpmath.workdps(60):
        # independent: the first positive root of J1(z) = 3 J3(z), bracketed by hand
        root = mpmath.findroot(lambda z: mpmath.besselj(1, z) - 3 * mpmath.besselj(3, z), (2.2, 2.4), solver="anderson")
        assert abs(mpmath.mpf(found.value) - root) < mpmath.mpf(10) ** -38
        # r = 1: X = J0(t), Xddot = -J1'(t): the restart time is the first zero of J1' (a tabulated constant)
        assert abs(mpmath.mpf(speed_restart_time(1, digits=35).value) - mpmath.besseljzero(1, 1, derivative=1)) \
            < mpmath.mpf(10) ** -33
    assert mpmath.mp.dps == 15  # the global precision is left alone


@pytest.mark.parametrize("friction", [2.0, 3.0])
def test_mirror_descent_system_route_energy_and_bound(friction):
    # the first-order (X, Z) system itself, integrated (no elimination): E nonincreasing, t^2 f <= r^2|x0|^2/2
    A = np.diag([1.0, 10.0])

    def field(time, y):
        x, zed = y[:2], y[2:]
        return np.concatenate([friction / time * (zed - x), -time / friction * (A @ x)])

    t0, x_init = 1e-6, np.array([1.0, 1.0])
    times = np.linspace(t0, 20, 300)
    sol = solve_ivp(field, (t0, 20), np.concatenate([x_init, x_init]), t_eval=times, method="LSODA",
                    rtol=1e-10, atol=1e-12)
    x, zed = sol.y[:2], sol.y[2:]
    f = 0.5 * np.einsum("it,ij,jt->t", x, A, x)
    energy = times**2 / friction * f + friction / 2 * (zed**2).sum(axis=0)
    assert np.all(np.diff(energy) <= 1e-8 * energy[0])
    assert np.all(times**2 * f <= friction**2 * (x_init**2).sum() / 2 * (1 + 1e-6))
