"""Periodic orbits (symflow.lyapunov.cycle): heavy ball with Polyak's tuning cycles on Lessard, Recht and
Packard's piecewise quadratic (2016, §4.6) at L/mu = 25, so no linear rate holds on S(mu, L)."""
import pytest
from sympy import Dummy, Eq, Interval, Rational, cancel, oo, sqrt

import symflow.lyapunov
from symflow.core import (
    L,
    Method,
    MethodError,
    SymflowError,
    UnsupportedError,
    grad,
    k,
    mu,
    x,
    y,
)
from symflow.lyapunov import PiecewiseFunction, smooth_strongly_convex
from symflow.lyapunov.cycle import cycle_start, find_cycles, numeric_run, periodic_orbit

VALUES = {mu: 1, L: 25}
S_1_25 = smooth_strongly_convex(1, 25)
CYCLE = (Rational(2592, 1225), Rational(792, 1225), Rational(-2208, 1225))
REPELLING = (Rational(2592, 1367), Rational(792, 1367), Rational(-2208, 1367))


def heavy_ball_polyak() -> Method:
    alpha = 4 / (sqrt(L) + sqrt(mu)) ** 2
    beta = ((sqrt(L) - sqrt(mu)) / (sqrt(L) + sqrt(mu))) ** 2
    return Method("heavy-ball-polyak", ("x",),
                  (Eq(x(k + 1), x(k) - alpha * grad(x(k)) + beta * (x(k) - x(k - 1))),), parameters=(mu, L))


def lrp(pieces=None) -> PiecewiseFunction:
    """The paper's function as written (pieces and intervals), or other pieces on the same intervals."""
    z = Dummy("x", real=True)
    exprs = pieces(z) if pieces else (Rational(25, 2) * z**2, z**2 / 2 + 24 * z - 12,
                                      Rational(25, 2) * z**2 - 24 * z + 36)
    joins = (Interval.open(-oo, 1), Interval.Ropen(1, 2), Interval(2, oo))
    return PiecewiseFunction("lrp", z, tuple(zip(exprs, joins, strict=True)))


def orbit_on(cycle, function=None):
    method = heavy_ball_polyak()
    return periodic_orbit(method, function or lrp(), S_1_25, cycle_start(method, cycle), period=3, values=VALUES)


# ---------------------------------------------------------------------------------------------- the function
def test_the_paper_function_is_in_s_1_25_exactly_and_is_built_from_its_curvature():
    f = lrp()
    checks = f.membership(S_1_25)
    assert len(checks) == 7 and all(c.passed for c in checks)
    built = PiecewiseFunction.from_curvature("lrp", f.variable, (
        (25, Interval.open(-oo, 1)), (1, Interval.Ropen(1, 2)), (25, Interval(2, oo))))
    assert all(cancel(a - b) == 0 and s == t for (a, s), (b, t) in zip(built.pieces, f.pieces, strict=True))


@pytest.mark.parametrize("pieces, failing", [
    (lambda z: (Rational(25, 2) * z**2, z**2 / 2 + 24 * z - 11, Rational(25, 2) * z**2 - 24 * z + 37),
     "f and f' continuous at x = 1"),                                    # a jump in f at 1
    (lambda z: (Rational(25, 2) * z**2, z**2 / 2 + 23 * z - 11, Rational(25, 2) * z**2 - 26 * z + 38),
     "f and f' continuous at x = 1"),                                    # f continuous, f' jumps at 1
    (lambda z: (Rational(25, 2) * z**2, z**2 / 2 + 24 * z - 12, Rational(25, 2) * z**2 - 24 * z + 35),
     "f and f' continuous at x = 2"),
    (lambda z: (15 * z**2, z**2 / 2 + 29 * z - Rational(29, 2), 15 * z**2 - 29 * z + Rational(87, 2)),
     "1 ≤ f'' ≤ 25 on (-∞, 1)"),                                         # C^1, but curvature 30 > L
])
def test_a_perturbed_function_is_rejected(pieces, failing):
    f = lrp(pieces)
    failed = [c.description for c in f.membership(S_1_25) if not c.passed]
    assert failing in failed
    orbit = periodic_orbit(heavy_ball_polyak(), f, S_1_25, {x(-1): CYCLE[2], x(0): CYCLE[0]}, period=3,
                           values=VALUES)
    assert not orbit.in_class and not orbit.refutes
    with pytest.raises(SymflowError, match="refutes nothing"):
        orbit.violation(1, Rational(5, 9))


def test_a_smaller_smoothness_constant_rejects_the_function():
    assert not all(c.passed for c in lrp().membership(smooth_strongly_convex(1, 24)))


# ------------------------------------------------------------------------------------------------ the cycle
def test_the_three_cycles_are_solved_for_exactly():
    assert find_cycles(heavy_ball_polyak(), lrp(), period=3, values=VALUES) == (CYCLE, REPELLING)
    assert find_cycles(heavy_ball_polyak(), lrp(), period=1, values=VALUES) == ()   # only x* itself
    assert find_cycles(heavy_ball_polyak(), lrp(), period=2, values=VALUES) == ()


def test_the_orbit_returns_to_its_start_exactly():
    orbit = orbit_on(CYCLE)
    assert orbit.in_class and orbit.periodic and orbit.refutes
    assert orbit.iterates == ((-1, CYCLE[2]), (0, CYCLE[0]), (1, CYCLE[1]), (2, CYCLE[2]), (3, CYCLE[0]))
    assert orbit.pieces == (2, 0, 0)                       # x_0 >= 2, x_1 < 1, x_2 < 1
    assert [orbit.iterate(j) for j in (0, 1, 2, 300, 301, 302)] == list(CYCLE) * 2
    assert orbit.display == Eq(x(k + 3), x(k))
    assert "the state after 3 steps is the start (exact)" in orbit.describe()
    assert orbit_on(REPELLING).refutes


def test_a_start_off_the_cycle_is_not_periodic():
    rest = Rational(17, 5)
    orbit = periodic_orbit(heavy_ball_polyak(), lrp(), S_1_25, {x(-1): rest, x(0): rest}, period=3, values=VALUES)
    assert orbit.in_class and not orbit.periodic and not orbit.refutes


# ------------------------------------------------------------------------------------------ the second route
def test_the_numeric_run_follows_the_same_cycle():
    orbit = orbit_on(CYCLE)
    on = numeric_run(orbit, iterations=300)
    assert on.agrees and on.deviation < 1e-12 and len(on.iterates) == 301
    rest = numeric_run(orbit, x0=3.4, iterations=2000)      # attracted to the cycle from rest
    assert rest.agrees
    assert numeric_run(orbit, x0=3.5, iterations=2000).deviation > 1     # another start converges to x*


def test_floating_point_cannot_follow_the_repelling_cycle_but_the_exact_run_does():
    orbit = orbit_on(REPELLING)
    assert orbit.periodic and not numeric_run(orbit, iterations=300).agrees


# ------------------------------------------------------------------------------------------ the claimed rate
def test_the_rate_of_the_tuning_on_quadratics_is_violated_at_a_reported_k():
    kappa = L / mu
    rho = (1 - ((sqrt(kappa) - 1) / (sqrt(kappa) + 1)) ** 2).subs(VALUES)
    assert rho == Rational(5, 9)
    orbit = orbit_on(CYCLE)
    x0 = orbit.iterate(0)
    for constant, first in ((1, 2), (100, 6), (10**6, 18)):
        found = orbit.violation(constant, rho)
        assert found.index == first
        assert found.distance == orbit.iterate(first) ** 2 > constant * (1 - rho) ** first * x0**2 == found.bound
        assert all(orbit.iterate(j) ** 2 <= constant * (1 - rho) ** j * x0**2 for j in range(1, first))
    assert f"fails first at k = {orbit.violation(100, rho).index}" in orbit.violation(100, rho).describe()
    assert orbit.violation(1, 1).index == 1
    with pytest.raises(SymflowError, match="0 < rho <= 1"):
        orbit.violation(1, 0)


# ------------------------------------------------------------------------------------------ what is refused
def test_methods_and_starts_it_cannot_handle_are_refused():
    f = lrp()
    two = Method("two", ("x", "y"), (Eq(x(k + 1), y(k) - grad(y(k))), Eq(y(k + 1), x(k + 1))))
    with pytest.raises(UnsupportedError, match="one sequence and one update"):
        find_cycles(two, f, period=2)
    varying = Method("varying", ("x",), (Eq(x(k + 1), x(k) - grad(x(k)) / (k + 25)),))
    with pytest.raises(UnsupportedError, match="depends on k"):
        find_cycles(varying, f, period=2)
    with pytest.raises(MethodError, match="give values for"):
        find_cycles(heavy_ball_polyak(), f, period=3)
    with pytest.raises(MethodError, match=r"needs the start value\(s\) x\(-1\)"):
        periodic_orbit(heavy_ball_polyak(), f, S_1_25, {x(0): 1}, period=3, values=VALUES)


# ------------------------------------------------------------------------------------------- the catalogue
@pytest.mark.skipif(not hasattr(symflow.lyapunov, "periodic_orbit"),
                    reason="symflow.lyapunov does not export the cycle names yet")
def test_the_catalogue_entry_refutes_the_claim():
    from symflow.catalogue import get

    derivation = get("heavy-ball-polyak-cycle").run()
    assert derivation.status == "refuted"
    assert all(c.passed for c in derivation.checks), [c.description for c in derivation.checks if not c.passed]
    assert derivation.result.iterates[1] == (0, CYCLE[0])
    assert any("fails on the exact run at k = 6" in c.description for c in derivation.checks)
