"""Necessity: exact counterexample families outside a region, checked on trajectories, never for true claims."""
from itertools import pairwise

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from sympy import (
    Abs,
    Interval,
    Piecewise,
    Rational,
    S,
    cancel,
    diff,
    lambdify,
    oo,
    solve_univariate_inequality,
)

from symflow.catalogue.energy_nesterov_r import _setup as r_limit_setup
from symflow.core import ODE, UnsupportedError, X, c, grad, mu, r, t
from symflow.lyapunov import (
    PiecewiseFunction,
    convex,
    counterexample_family,
    exact_candidates,
    f_gap,
    smooth_convex,
    strongly_convex,
)

OUTSIDE = Interval.open(1, 3)


@pytest.fixture(scope="module")
def family():
    energy, ode, cls = r_setup()
    return counterexample_family(energy, ode, cls, parameter=r, outside=OUTSIDE)


def r_setup():
    """The entry's energy, its ODE (the limit's) and class."""
    energy, limit, cls = r_limit_setup()
    return energy, limit.ode, cls


def test_sbc_family_exists_on_the_whole_interval_and_is_exact(family):
    assert family is not None and family.proved and family.parameter == r and family.outside == OUTSIDE
    assert family.function.name == "huber"
    # the state: X = 2/(3 - r) on the linear piece, at rest, at any t > 0
    assert cancel(family.position - 2 / (3 - r)) == 0 and family.velocity == 0 and family.time == t
    # dE/dt on the piece X > 1 is 2t((3 - r)X - 1)/(r - 1); at the state 2t/(r - 1)
    on_piece = family.on_piece.subs(X(t), Rational(7, 3))
    assert cancel(on_piece - 2 * t * ((3 - r) * Rational(7, 3) - 1) / (r - 1)) == 0
    assert cancel(family.derivative - 2 * t / (r - 1)) == 0
    # an independent exact decision: positive for every r in (1, 3)
    assert OUTSIDE.is_subset(solve_univariate_inequality(2 / (r - 1) > 0, r, relational=False))
    assert all(check.passed for check in family.proofs) and len(family.proofs) == 2


def test_sbc_family_function_is_the_huber_function_and_in_the_class(family):
    f = family.function
    x = f.variable
    huber = Piecewise((x**2 / 2, Abs(x) <= 1), (Abs(x) - S(1) / 2, True))
    for point in (-5, -1, Rational(-1, 3), 0, Rational(1, 2), 1, Rational(7, 3), 40):
        assert f.expression.subs(x, point) == huber.subs(x, point)
    assert all(check.passed for check in family.membership)
    assert all(check.passed for check in f.membership(convex()))
    assert all(check.passed for check in f.membership(smooth_convex(1)))  # 1-smooth
    assert not all(check.passed for check in f.membership(strongly_convex(S(1) / 10)))  # linear pieces
    assert not all(check.passed for check in f.membership(convex(twice_differentiable=True)))  # f'' jumps


def _huber(z: float) -> float:
    return z**2 / 2 if abs(z) <= 1 else abs(z) - 0.5


def test_sbc_family_energy_increases_on_the_integrated_trajectory(family):
    assert family.increases and [run.value for run in family.runs] == [Rational(3, 2), 2, Rational(5, 2)]
    # an independent integration at r = 2.2: Xdd = -(r/t) Xd - f'(X) with the Huber gradient
    rv, tc, x0 = 2.2, 1.0, 2 / (3 - 2.2)
    sol = solve_ivp(lambda s, y: [y[1], -rv / s * y[1] - np.clip(y[0], -1, 1)], (tc, tc + 0.05), [x0, 0.0],
                    rtol=1e-11, atol=1e-13, dense_output=True)
    times = np.linspace(tc, tc + 0.05, 11)
    energy = [2 * s**2 / (rv - 1) * _huber(sol.sol(s)[0]) + (rv - 1) * (sol.sol(s)[0] + s / (rv - 1)
                                                                          * sol.sol(s)[1]) ** 2 for s in times]
    assert all(b > a for a, b in pairwise(energy))
    assert abs((energy[1] - energy[0]) / (times[1] - times[0]) - 2 * tc / (rv - 1)) < 1e-2


def test_true_claim_gets_no_family():
    energy, ode, cls = r_setup()
    assert counterexample_family(energy, ode, cls, parameter=r, outside=Interval(3, oo)) is None
    assert counterexample_family(energy, ode, cls, parameter=r, outside=Interval.Ropen(3, 5)) is None
    # a set reaching into the region is not covered by one family either
    assert counterexample_family(energy, ode, cls, parameter=r, outside=Interval.open(2, 4)) is None


def test_smooth_class_and_strongly_convex_rate():
    energy, ode, _ = r_setup()
    smooth = counterexample_family(energy, ode, smooth_convex(), parameter=r, outside=OUTSIDE)
    assert smooth is not None and smooth.proved and smooth.increases
    # gradient flow: f - f* decays at rate 2 mu at most; every faster rate c mu fails, on a quadratic
    flow = ODE(-grad(X(t)), 1)
    fast = counterexample_family(f_gap(), flow, strongly_convex(), parameter=c, outside=Interval.open(2, oo),
                                 rate=c * mu)
    assert fast is not None and fast.proved and fast.increases and fast.velocity is None
    assert counterexample_family(f_gap(), flow, strongly_convex(), parameter=c, outside=Interval.Lopen(0, 2),
                                 rate=c * mu) is None


def test_twice_differentiable_class_gets_a_c2_function():
    energy, ode, _ = r_setup()
    cls = convex(twice_differentiable=True)
    found = counterexample_family(energy, ode, cls, parameter=r, outside=OUTSIDE)
    assert found is not None and found.proved and found.increases
    f = found.function
    assert found.function.name == "smoothed huber" and all(check.passed for check in f.membership(cls))
    second = lambdify(f.variable, diff(f.expression, f.variable, 2), "math")
    assert abs(second(2 - 1e-9) - second(2 + 1e-9)) < 1e-6


def test_piecewise_function_is_built_from_its_curvature_and_refuses_bad_pieces():
    candidates = exact_candidates(strongly_convex(mu))
    assert [f.name for f in candidates] == ["quadratic", "quadratic (mu)", "huber"]
    assert all(all(check.passed for check in f.membership(strongly_convex(mu))) for f in candidates)
    x = candidates[0].variable
    broken = PiecewiseFunction("kink", x, ((-x, Interval.open(-oo, 0)), (2 * x, Interval(0, oo))))
    assert not all(check.passed for check in broken.membership(convex()))  # f' jumps at 0
    with pytest.raises(UnsupportedError):
        PiecewiseFunction("bad", x, ((x, "everywhere"),))


def test_outside_must_be_a_set_of_reals():
    energy, ode, cls = r_setup()
    with pytest.raises(UnsupportedError, match="outside"):
        counterexample_family(energy, ode, cls, parameter=r, outside=S.EmptySet)
