"""Restart (SBC §5, O'Donoghue–Candès): linear rate on a strongly convex quadratic against the plain method."""
import numpy as np

from symflow.limit import continuous_limit
from symflow.methods import nesterov
from symflow.numeric import (
    first_order_system,
    function_restart_method,
    linear_rate,
    quadratic,
    solve_ode,
    speed_restart_method,
    speed_restart_ode,
)
from symflow.parse import parse_objective

A = np.diag([1.0, 0.01])          # mu = 0.01, L = 1


def _gaps(f, xs):
    return np.array([f.value(x) for x in xs])


def test_discrete_restarts_converge_linearly_and_beat_the_plain_scheme():
    f = quadratic(A)
    plain = _gaps(f, speed_restart_method(f, [1.0, 1.0], step_size=1.0, iterations=600, restart=False))
    speed = _gaps(f, speed_restart_method(f, [1.0, 1.0], step_size=1.0, iterations=600))
    value = _gaps(f, function_restart_method(f, [1.0, 1.0], step_size=1.0, iterations=600))
    for restarted in (speed, value):
        rate = linear_rate(restarted)
        assert rate < -0.04                        # about exp(-c sqrt(mu/L) k)
        assert restarted[400] < 1e-6 * plain[400]
        assert np.polyfit(np.arange(300), np.log(restarted[:300]), 1)[0] < -0.04
    # without restart the decay is sublinear at this horizon: its fitted rate is much slower
    assert linear_rate(plain[:300]) > 0.5 * linear_rate(speed[:300])


def test_speed_restart_ode_restarts_where_the_speed_peaks_and_decays_faster():
    f = parse_objective("x1**2/2 + x2**2/20")
    ode = continuous_limit(nesterov()).ode
    tr = speed_restart_ode(ode, f, [1.0, 1.0], 60.0, samples=60)
    assert len(tr.restarts) >= 1
    first = tr.restarts[0]
    system = first_order_system(ode, f)
    state = solve_ode(ode, f, [1.0, 1.0], [first]).states[0]
    assert abs(np.dot(state[2:], system.rhs(first, state)[2:])) < 1e-6   # d|X'|^2/dt = 0 there
    plain = solve_ode(ode, f, [1.0, 1.0], np.linspace(30.0, 60.0, 61)).X
    g = f.numeric()
    restarted = [g.value(x) for x in tr.X]
    assert restarted[-1] < 0.01 * max(g.value(x) for x in plain)    # below the plain envelope
    assert linear_rate(restarted[10:], floor=1e-20) < 0                 # keeps decreasing
    assert np.all(np.diff(tr.restarts) > 0)


# --- function restart (the continuous analogue of O'Donoghue and Candès' function scheme) ---------------

from scipy.optimize import brentq
from scipy.special import j1, jn_zeros, jv

from symflow.closed_form import speed_restart_time
from symflow.numeric import RESTART_RULES, function_restart_ode, restart_ode


def _bessel_path(p, lam, t):
    """Nesterov's ODE from rest at p on f = sum lam_i x_i^2 / 2: X_i = 2 p_i J1(z_i)/z_i, z_i = sqrt(lam_i) t."""
    z = np.sqrt(lam) * t
    return p * 2 * j1(z) / z, p * (-2 * np.sqrt(lam) * jv(2, z) / z)     # X, Xdot


def _closed_form_function_restarts(p, lam, count, dt=1e-3):
    """Restart times from the closed form: the first upward zero of d/dt f = sum lam_i X_i Xdot_i, then again."""
    times, origin = [], 0.0
    for _ in range(count):
        def slope(u):
            X, V = _bessel_path(p, lam, u)
            return float(np.sum(lam * X * V))
        u = dt
        while slope(u + dt) <= 0 or slope(u) > 0:
            u += dt
        root = brentq(slope, u, u + dt, xtol=1e-14)
        origin += root
        times.append(origin)
        p = _bessel_path(p, lam, root)[0]
    return times


def test_function_restart_times_on_a_quadratic_match_the_bessel_closed_form():
    lam = np.array([1.0, 0.1])
    f = parse_objective("x1**2/2 + x2**2/20")
    tr = function_restart_ode(continuous_limit(nesterov()).ode, f, [1.0, 1.0], 40.0, samples=40)
    expected = _closed_form_function_restarts(np.array([1.0, 1.0]), lam, 3)
    assert np.allclose(tr.restarts[:3], expected, rtol=1e-8, atol=1e-8)


def test_function_and_speed_restart_differ_on_the_one_dimensional_quadratic():
    # f = (lambda/2) x^2, lambda = 4: speed restart at the first zero of Xddot, z J1(z) = 3 J2(z) (T1/sqrt(lambda));
    # function restart where d/dt f = lambda X Xdot first turns positive: X = 2 J1(z)/z vanishes at z = j_{1,1}
    # before Xdot = -2 sqrt(lambda) J2(z)/z does (j_{2,1}), so it restarts at the minimiser.
    lam, ode, f = 4.0, continuous_limit(nesterov()).ode, parse_objective("2*x1**2")
    speed = restart_ode(ode, f, [1.0], 3.0, rule="speed", samples=30)
    value = restart_ode(ode, f, [1.0], 3.0, rule="function", samples=30)
    T1 = brentq(lambda z: z * j1(z) - 3 * jv(2, z), 1.0, 3.0, xtol=1e-15)
    assert abs(T1 - float(speed_restart_time(3, digits=20).value)) < 1e-12      # two routes to T1
    assert abs(speed.restarts[0] - T1 / np.sqrt(lam)) < 1e-8
    assert abs(value.restarts[0] - jn_zeros(1, 1)[0] / np.sqrt(lam)) < 1e-8
    assert value.restarts[0] < jn_zeros(2, 1)[0] / np.sqrt(lam)                # not the first zero of Xdot
    assert speed.restarts[0] < value.restarts[0]
    assert abs(value.X[-1, 0]) < 1e-12                                          # it stopped at x* = 0


def test_function_restart_decreases_f_monotonically_and_linearly_on_a_strongly_convex_function():
    f = parse_objective("x1**2/2 + x2**2/20 + log(cosh(x1 - x2))/4")
    g = f.numeric()
    ode = continuous_limit(nesterov()).ode
    tr = function_restart_ode(ode, f, [1.0, 1.0], 60.0, samples=600)
    values = np.array([g.value(x) for x in tr.X])        # f* = 0 at x* = 0
    assert len(tr.restarts) >= 2
    assert np.all(np.diff(values) <= 1e-14 * values[0])  # never increases (sampled every 0.1)
    rate = linear_rate(values, floor=1e-15)              # the fitted slope of log f above rounding level
    assert rate < -0.05, rate                            # linear decay (about -0.1 here)
    plain = solve_ode(ode, f, [1.0, 1.0], np.linspace(30.0, 60.0, 61)).X
    assert values[-1] < 1e-3 * max(g.value(x) for x in plain)


def test_speed_restart_also_decreases_f_and_restarts_no_later_than_function_restart():
    # SBC §5.1: d/dt f(X) = -(3/t)|Xdot|^2 - (1/2) d|Xdot|^2/dt, negative while the speed increases
    f = parse_objective("x1**2/2 + x2**2/20 + log(cosh(x1 - x2))/4")
    g, ode = f.numeric(), continuous_limit(nesterov()).ode
    speed = restart_ode(ode, f, [1.0, 1.0], 20.0, rule="speed", samples=200)
    value = restart_ode(ode, f, [1.0, 1.0], 20.0, rule="function", samples=200)
    assert speed.restarts[0] < value.restarts[0]
    values = np.array([g.value(x) for x in speed.X])
    assert np.all(np.diff(values) <= 1e-14 * values[0])


def test_restart_rules_and_their_errors():
    assert tuple(RESTART_RULES) == ("speed", "function")
    from symflow.cli.options import RESTART_NAMES
    assert RESTART_NAMES == tuple(RESTART_RULES)
    import pytest
    from symflow.core import SymflowError
    from symflow.methods import gradient_descent
    with pytest.raises(SymflowError, match="unknown restart rule"):
        restart_ode(continuous_limit(nesterov()).ode, parse_objective("x1**2"), [1.0], 1.0, rule="gradient")
    with pytest.raises(SymflowError, match="second-order"):
        function_restart_ode(continuous_limit(gradient_descent()).ode, parse_objective("x1**2"), [1.0], 1.0)


# --- SBC §5: the lemmas behind Theorem 10, as the catalogue entry checks them ----------------------------

def test_speed_restart_entry_checks_sbc_section_5():
    from symflow.catalogue import get
    derivation = get("speed-restart-quadratic").run()
    named = {key: [c for c in derivation.checks if key in c.description]
             for key in ("§5.1", "Lemma 11", "(30)", "Lemma 12", "Lemma 25", "Theorem 10")}
    assert all(named.values()) and all(c.passed for found in named.values() for c in found), named
    assert all("checked" in c.description for key in ("Lemma 11", "Lemma 12", "Lemma 25", "Theorem 10")
               for c in named[key])                     # stated as checks, never as proofs
    lemma_25 = [c for c in named["Lemma 25"] if "diagonal" in c.description][0]
    assert abs(float(str(lemma_25.expected)) - float(speed_restart_time(3, digits=20).value)) < 1e-5


def test_sbc_lemma_25_on_a_rotated_quadratic_by_the_integrator():
    # a second route for T >= 4/(5 sqrt L): a non-diagonal quadratic, every restart interval, L its top eigenvalue
    A = np.array([[2.0, 0.9], [0.9, 0.5]])
    f = parse_objective(f"{A[0, 0] / 2}*x1**2 + {A[0, 1]}*x1*x2 + {A[1, 1] / 2}*x2**2")
    L = np.linalg.eigvalsh(A).max()
    tr = speed_restart_ode(continuous_limit(nesterov()).ode, f, [1.0, -0.5], 12.0, samples=12)
    intervals = np.diff([0.0, *tr.restarts])
    assert len(intervals) >= 3 and np.all(intervals * np.sqrt(L) >= 0.8)
    T1 = float(speed_restart_time(3, digits=20).value)
    assert np.all(intervals * np.sqrt(L) >= T1 * (1 - 1e-7))   # in fact T >= T1/sqrt(L) on a quadratic
