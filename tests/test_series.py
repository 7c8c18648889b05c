"""Series at the singular point: dimension-free coefficients vs the literature and vs concrete objectives."""
import numpy as np
import pytest
from sympy import Eq, Rational, Subs, cancel, sqrt

from symflow.closed_form import pole_order, vector_series
from symflow.core import (
    ODE,
    IntegrationError,
    NablaF,
    SeriesError,
    X,
    grad,
    is_zero_vector,
    r,
    s,
    t,
    x0,
)
from symflow.limit import continuous_limit
from symflow.methods import nag_c, nesterov
from symflow.numeric import component_series, components, solve_ode
from symflow.parse import parse_objective


def test_nesterov_series_matches_sbc_small_t_expansion():
    ser = vector_series(continuous_limit(nesterov(r)).ode, order=6)
    assert ser.pole == 1
    assert is_zero_vector(ser.coefficients[2] + grad(x0) / (2 * (r + 1)), simplifier=cancel)
    assert is_zero_vector(ser.coefficients[4] - NablaF(x0, grad(x0)) / (8 * (r + 1) * (r + 3)), simplifier=cancel)
    assert ser.coefficients[1] == 0 and ser.coefficients[3] == 0 and ser.coefficients[5] == 0


def test_dimension_free_series_specialises_to_the_component_series():
    f = parse_objective("x1**4/4 + x1*x2 + x2**2")
    ode = continuous_limit(nesterov(r)).ode
    point = [Rational(1, 2), -1]
    vec = vector_series(ode, order=6, parameters={r: 5})
    comp = component_series(ode, f, point, order=6, parameters={"r": 5})
    for n in range(7):
        expected = components(vec.coefficients[n], f, vectors={x0: point}) if vec.coefficients[n] != 0 else [0, 0]
        assert [cancel(a - b) for a, b in zip(comp.coefficients[n], expected)] == [0, 0]


def test_high_resolution_nag_c_from_its_own_start():
    ode = continuous_limit(nag_c(), order=1, offset=Rational(3, 2)).ode
    ser = vector_series(ode, order=2)
    assert ser.pole == 0 and ser.start == 3 * sqrt(s) / 2
    assert is_zero_vector(ser.coefficients[1] + sqrt(s) * grad(x0))
    f = parse_objective("x1**2/2 + x2**4/4 + x1*x2/10")
    point = [1.0, 0.5]
    t0 = 1.5 * 0.1
    late = t0 + 1e-3
    series_value = component_series(ode, f, point, order=5, parameters={"s": Rational(1, 100)})
    direct = solve_ode(ode, f, point, [late], parameters={"s": 0.01}).X[0]
    summed = [sum(float(c[i]) * 1e-3 ** n for n, c in series_value.coefficients.items()) for i in range(2)]
    assert np.allclose(direct, summed, rtol=0, atol=1e-13)


def test_pole_order_and_bad_input():
    assert pole_order(3 / t + s / t ** 2, t, 0) == 2
    irregular = ODE(-X(t).diff(t) / t ** 3 - grad(X(t)), 2, (Eq(X(0), x0), Eq(Subs(X(t).diff(t), t, 0), 0)))
    with pytest.raises(SeriesError, match="irregular"):
        vector_series(irregular, order=4)
    wrong = ODE(-3 * X(t).diff(t) / t - grad(X(t)), 2, (Eq(X(0), x0), Eq(Subs(X(t).diff(t), t, 0), x0)))
    with pytest.raises(SeriesError, match="contradicts"):
        vector_series(wrong, order=3)
    f = parse_objective("x1**2")
    with pytest.raises(IntegrationError, match="before the start"):
        solve_ode(continuous_limit(nesterov()).ode, f, [1.0], [-1.0])
    with pytest.raises(IntegrationError, match="needs a value for r"):
        solve_ode(continuous_limit(nesterov(r)).ode, f, [1.0], [1.0])


def test_series_gives_early_times_and_integrator_later_times_consistently():
    f = parse_objective("x1**2/2 + exp(x2)")
    ode = continuous_limit(nesterov()).ode
    tr = solve_ode(ode, f, [1.0, 0.3], [0.0, 1e-4, 0.5, 2.0], handover=1e-3, order=6)
    assert np.allclose(tr.X[0], [1.0, 0.3]) and np.allclose(tr.V[0], [0.0, 0.0])
    g = np.array([1.0, np.exp(0.3)])
    assert np.allclose(tr.X[1], [1.0, 0.3] - 1e-8 * g / 8, rtol=0, atol=1e-15)


def test_the_floating_point_series_agrees_with_the_exact_one():
    from symflow.numeric import numeric_series

    f = parse_objective("x1**4/4 + x1*x2 + x2**2")
    ode = continuous_limit(nesterov(r)).ode
    exact = component_series(ode, f, [Rational(1, 2), -1], order=8, parameters={"r": 5})
    fast = numeric_series(ode, f, [0.5, -1.0], order=8, parameters={"r": 5}, radius=0.1)
    for n in range(9):
        assert np.allclose([float(v) for v in exact.coefficients[n]], fast.coefficients[n], rtol=1e-9, atol=1e-11)


def test_a_transcendental_objective_starts_in_seconds():
    import time

    started = time.monotonic()
    tr = solve_ode(continuous_limit(nesterov()).ode, parse_objective("log(cosh(x1)) + x2**2/2"), [1.0, 1.0], [10.0])
    assert time.monotonic() - started < 5 and np.all(np.isfinite(tr.X))
