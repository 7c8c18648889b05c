"""Dominant balance: the exponent of delta = s^a and the regimes on either side."""
import pytest
from sympy import Eq, Rational, oo

from symflow.core import DegenerateLimitError, Method, grad, k, s, vector_function
from symflow.limit import find_balance
from symflow.methods import gradient_descent, heavy_ball, nag_sc, nesterov
from symflow.recurrence import eliminate_auxiliary

x = vector_function("x")


def regimes(method):
    return [(reg.low, reg.high, reg.kind) for reg in find_balance(eliminate_auxiliary(method)).regimes]


def test_gradient_descent_balances_at_a_equal_1():
    # delta >> s (a < 1): the curve does not move in t; delta << s: the limit is static.
    assert regimes(gradient_descent()) == [(0, 1, "vacuous"), (1, 1, "balanced"), (1, oo, "static")]


@pytest.mark.parametrize("method", [nesterov(), heavy_ball(), nag_sc()])
def test_momentum_methods_balance_at_a_equal_half(method):
    half = Rational(1, 2)
    assert regimes(method) == [(0, half, "vacuous"), (half, half, "balanced"), (half, oo, "static")]


def test_a_method_with_step_s_squared_balances_at_a_equal_2():
    m = Method("slow", ("x",), (Eq(x(k + 1), x(k) - s ** 2 * grad(x(k))),))
    assert find_balance(eliminate_auxiliary(m)).exponent == 2


def test_a_method_with_root_step_balances_at_a_equal_one_third():
    m = Method("cubic", ("x",), (Eq(x(k + 1), 2 * x(k) - x(k - 1) - s ** Rational(2, 3) * grad(x(k))),))
    assert find_balance(eliminate_auxiliary(m)).exponent == Rational(1, 3)


def test_inconsistent_method_is_refused():
    m = Method("shrink", ("x",), (Eq(x(k + 1), x(k) / 2 - s * grad(x(k))),))
    with pytest.raises(DegenerateLimitError, match="inconsistent"):
        find_balance(eliminate_auxiliary(m))


def test_only_gradient_differences_give_no_balance():
    # s (grad f(x_k) - grad f(x_{k-1})) ~ s delta Hess f X' is always smaller than delta X'
    m = Method("differences", ("x",), (Eq(x(k + 1), x(k) - s * (grad(x(k)) - grad(x(k - 1)))),))
    with pytest.raises(DegenerateLimitError, match="vacuous"):
        find_balance(eliminate_auxiliary(m))


def test_method_with_step_independent_of_s_has_no_balance():
    m = Method("fixed", ("x",), (Eq(x(k + 1), x(k) - grad(x(k))),))
    with pytest.raises(DegenerateLimitError, match="no scaling"):
        find_balance(eliminate_auxiliary(m))


def test_heavy_ball_mixed_powers_of_s():
    b = find_balance(eliminate_auxiliary(heavy_ball()))
    assert b.root_degree == 2
    assert (1, 1) in b.points["derivative"]  # (1 - alpha) delta X' ~ sqrt(mu s) delta
