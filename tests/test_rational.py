"""symflow.core.rational: the ring's cancel and factor return exactly what SymPy's return."""
import random

import pytest
from sympy import Rational, S, cancel, expand, factor, fraction, sqrt, symbols

from symflow.core.rational import cancelled, factored, ring_fraction

a, b, c = symbols("a b c", positive=True)
d = symbols("d")


def _random_sum(rng):
    terms = [Rational(rng.randint(-5, 5), rng.randint(1, 4)) * a ** rng.randint(0, 3) * b ** rng.randint(-1, 2)
             * d ** rng.randint(0, 2) / (c + rng.randint(-2, 2)) ** rng.randint(0, 2)
             for _ in range(rng.randint(1, 5))]
    return sum(terms, S.Zero)


@pytest.mark.parametrize("seed", range(4))
def test_cancel_and_factor_are_sympys(seed):
    rng = random.Random(seed)
    for _ in range(60):
        e = _random_sum(rng)
        assert cancelled(e) == cancel(e)
        for part in fraction(cancel(e)):
            assert factored(part) == factor(part)
            assert factored(expand(part * (a - 2 * b))) == factor(expand(part * (a - 2 * b)))


def test_what_is_not_a_rational_function_goes_to_sympy():
    for e in [(a - 1) / (sqrt(a) - 1), sqrt(2) * a + a, S(3) / 4, a * sqrt(b) + sqrt(b)]:
        assert cancelled(e) == cancel(e)
        assert factored(e) == factor(e)
    assert ring_fraction(sqrt(a) + 1) is None
    assert ring_fraction(S(2)) is None


def test_numbers_stay_outside_a_factored_sum():
    assert str(factored(6 * a * b - 6)) == "6*(a*b - 1)"
    assert factored(-2 * a + 2 * b) == factor(-2 * a + 2 * b)


@pytest.mark.parametrize("seed", range(2))
def test_factor_of_fractions_is_sympys(seed):
    rng = random.Random(100 + seed)
    for _ in range(60):
        e = _random_sum(rng)
        for x in (e, cancel(e), cancel(e) * (a - b) ** 2 / (a + b)):
            assert factored(x) == factor(x)
