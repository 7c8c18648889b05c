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
