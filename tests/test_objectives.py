"""Second route: derived ODEs specialised to concrete objectives in d = 2, against hand-written components."""
import random

from sympy import Function, Rational, cancel, sqrt, symbols

from symflow.core import mu, s, t
from symflow.limit import continuous_limit
from symflow.methods import nag_c, nag_sc
from symflow.numeric import Objective, specialize

x1, x2 = symbols("x1 x2", real=True)
X1, X2 = Function("X1")(t), Function("X2")(t)


def test_nag_sc_high_resolution_in_two_dimensions():
    f = Objective(x1 ** 2 + x1 * x2 + x2 ** 4, (x1, x2))
    eqs = specialize(continuous_limit(nag_sc(), order=1).ode, f)
    d1, d2 = X1.diff(t), X2.diff(t)
    expected = [
        -2 * sqrt(mu) * d1 - sqrt(s) * (2 * d1 + d2) - (1 + sqrt(mu * s)) * (2 * X1 + X2),
        -2 * sqrt(mu) * d2 - sqrt(s) * (d1 + 12 * X2 ** 2 * d2) - (1 + sqrt(mu * s)) * (X1 + 4 * X2 ** 3),
    ]
    assert [eq.lhs for eq in eqs] == [X1.diff(t, 2), X2.diff(t, 2)]
    for eq, hand in zip(eqs, expected):
        assert cancel(eq.rhs - hand) == 0


def test_nag_c_high_resolution_numerically_at_random_states():
    f = Objective(x1 ** 4 / 4 + x1 * x2 + 3 * x2 ** 2, (x1, x2))
    eqs = specialize(continuous_limit(nag_c(), order=1, offset=Rational(3, 2)).ode, f)
    rng = random.Random(7)
    for _ in range(5):
        values = {X1: rng.uniform(-2, 2), X2: rng.uniform(-2, 2), t: rng.uniform(0.5, 3), s: rng.uniform(0.01, 0.1)}
        v1, v2 = rng.uniform(-1, 1), rng.uniform(-1, 1)
        state = {X1.diff(t): v1, X2.diff(t): v2}
        g = [values[X1] ** 3 + values[X2], values[X1] + 6 * values[X2]]
        hv = [3 * values[X1] ** 2 * v1 + v2, v1 + 6 * v2]
        rs, tt = values[s] ** 0.5, values[t]
        hand = [-3 / tt * v - rs * h - (1 + 1.5 * rs / tt) * gi for v, h, gi in zip((v1, v2), hv, g)]
        for eq, expected in zip(eqs, hand):
            got = float(eq.rhs.subs(state).subs(values))
            assert abs(got - expected) < 1e-12 * (1 + abs(expected))
