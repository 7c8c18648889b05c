"""Robustness of the continuous limit: nothing lost, nothing hangs, no false proof, no traceback.

Each test failed on the engine before the change it guards (see the docstrings).
"""
import time

import pytest
from sympy import Eq, Rational, sqrt

from symflow.core import (
    LiftError,
    Method,
    NablaF,
    SymflowError,
    UnsupportedError,
    X,
    grad,
    k,
    mu,
    s,
    t,
    x,
    y,
)
from symflow.core.errors import BudgetExceeded, LimitExceeded
from symflow.core.limits import time_budget
from symflow.limit import D, G, continuous_limit, lift
from symflow.limit import continuous as continuous_module
from symflow.methods import nag_sc, nag_sc_one_sequence, nesterov, triple_momentum
from symflow.recurrence import eliminate_auxiliary

Xt = X(t)
Xd, Xdd = Xt.diff(t), Xt.diff(t, 2)


def _sqrt_s_in_gradient() -> Method:
    point = x(k) + sqrt(s) * (x(k) - x(k - 1))
    return Method("sqrt-s-in-gradient", ("x",), (Eq(x(k + 1), 2 * x(k) - x(k - 1) - s * grad(point)),),
                  initial=(Eq(x(1), x(0) - s * grad(x(0))),), start=1)


def test_sqrt_s_inside_the_gradient_argument_derives_at_every_order():
    """Was NotImplementedError from SymPy's Order arithmetic (the displayed gradient expansion)."""
    method = _sqrt_s_in_gradient()
    assert continuous_limit(method).ode.matches(Xdd + grad(Xt))
    assert continuous_limit(method, order=1).ode.matches(Xdd + grad(Xt))
    # derived here: 2x_k - x_{k-1} - x_{k+1} = -delta^2 X'' - delta^4 X''''/12, the gradient point is
    # X + s X' + O(s^(3/2)), and X'''' = -grad^3 f[X', X'] + grad^2 f grad f from X'' = -grad f
    second = continuous_limit(method, order=2).ode
    assert second.matches(Xdd + grad(Xt) + s * NablaF(Xt, Xd) - s * NablaF(Xt, Xd, Xd) / 12
                          + s * NablaF(Xt, grad(Xt)) / 12)


def test_one_sequence_nag_sc_is_the_elimination_of_the_two_sequence_form():
    """The one-sequence form is what eliminating x_k from nag_sc() leaves for y_k (renamed x)."""
    two = nag_sc()
    in_y = Method("nag-sc-in-y", ("y", "x"), two.updates, parameters=two.parameters, initial=two.initial)
    eliminated = eliminate_auxiliary(in_y).expression.replace(
        lambda e: getattr(e, "func", None) is y, lambda e: x(e.args[0]))
    one = eliminate_auxiliary(nag_sc_one_sequence()).expression
    assert (eliminated - one).expand() == 0 or (eliminated + one).expand() == 0


@pytest.mark.parametrize("order", [0, 1])
def test_one_and_two_sequence_nag_sc_give_one_ode(order):
    """Was NotImplementedError (sqrt(s) in the gradient argument), and the method did not exist."""
    one = continuous_limit(nag_sc_one_sequence(), order=order).ode
    two = continuous_limit(nag_sc(), order=order).ode
    assert one.matches(two.equation.lhs - two.equation.rhs)


def test_one_sequence_nag_sc_gives_the_sdjs_high_resolution_ode():
    """SDJS §1.2 (as quoted in REFERENCE.md §5): X'' + 2 sqrt(mu) X' + sqrt(s) grad^2 f X' + (1 + sqrt(mu s)) grad f = 0."""
    ode = continuous_limit(nag_sc_one_sequence(), order=1).ode
    assert ode.matches(Xdd + 2 * sqrt(mu) * Xd + sqrt(s) * NablaF(Xt, Xd) + (1 + sqrt(mu * s)) * grad(Xt))


def test_triple_momentum_derives():
    """Derived here: beta = 1 - 3 sqrt(mu s) + O(s), alpha = 2s + O(s^(3/2)) give X'' + 3 sqrt(mu) X' + 2 grad f = 0."""
    lim = continuous_limit(triple_momentum())
    assert lim.exponent == Rational(1, 2)
    assert lim.ode.matches(Xdd + 3 * sqrt(mu) * Xd + 2 * grad(Xt))
    assert continuous_limit(triple_momentum(), order=1).ode.rhs.has(NablaF(Xt, Xd))


@pytest.mark.parametrize("order", [7, 10, 99])
def test_orders_above_the_limit_are_refused_before_any_work(order):
    """Was a run of minutes (order 10) or a hang (order 99)."""
    start = time.monotonic()
    with pytest.raises(LimitExceeded, match="--order 0 to 6"):
        continuous_limit(nesterov(), order=order)
    assert time.monotonic() - start < 1


def test_a_spent_budget_stops_the_limit():
    """Was no check at all: the limit ran to the end whatever the budget."""
    with time_budget(0.0), pytest.raises(BudgetExceeded):
        continuous_limit(nesterov(), order=2)


def test_huge_exponents_in_the_updates_are_refused():
    """Was a run past 90 s inside SymPy's series expansion."""
    method = Method("huge", ("x",), (Eq(x(k + 1), x(k) + (x(k) - x(k - 1)) / (1 + sqrt(s)) ** 4096
                                        - s * grad(x(k))),), start=1, initial=(Eq(x(1), x(0)),))
    start = time.monotonic()
    with pytest.raises(LimitExceeded, match="exponent"):
        continuous_limit(method)
    assert time.monotonic() - start < 5


def test_order_four_refuses_quickly_in_the_users_terms():
    """Was 28 s, then 'the one-dimensional term D1^2 * G1 * G2 has no unique reading in R^d'."""
    start = time.monotonic()
    with pytest.raises(LiftError) as info:
        continuous_limit(nesterov(), order=4)
    assert time.monotonic() - start < 30
    message = str(info.value)
    assert "--order 3" in message and "∇²f(X) ∇^3f(X) [X', X']" in message
    assert "relative order s^2" in message and "D1" not in message and "G1" not in message


def test_lift_still_refuses_and_names_the_term_as_a_vector_expression():
    with pytest.raises(LiftError) as info:
        lift(G(2) * G(1) * D(1) ** 2)
    assert "∇²f(X) ∇^3f(X) [X', X']" in str(info.value) and "G2" not in str(info.value)
    with pytest.raises(LiftError, match="product of 2 vectors"):
        lift(D(1) * D(2))


def test_an_error_inside_sympy_becomes_one_symflow_error(monkeypatch):
    def broken(*args, **kwargs):
        raise NotImplementedError("an internal SymPy failure")

    monkeypatch.setattr(continuous_module, "find_balance", broken)
    with pytest.raises(UnsupportedError, match="could not derive") as info:
        continuous_limit(nesterov())
    assert isinstance(info.value, SymflowError)
