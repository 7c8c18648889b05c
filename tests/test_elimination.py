"""Elimination of auxiliary sequences."""
import pytest
from sympy import Eq, Rational

from symflow.core import (
    EliminationError,
    Method,
    MethodError,
    grad,
    is_zero_vector,
    k,
    s,
    vector_function,
)
from symflow.methods import (
    heavy_ball,
    heavy_ball_momentum,
    nag_sc,
    nesterov,
    nesterov_one_sequence,
)
from symflow.recurrence import eliminate_auxiliary

x, y, v = (vector_function(n) for n in "xyv")


def test_nesterov_y_is_eliminated_into_the_gradient_point():
    rec = eliminate_auxiliary(nesterov())
    assert is_zero_vector(rec.expression - eliminate_auxiliary(nesterov_one_sequence()).expression)


def test_velocity_form_reduces_to_the_two_step_form():
    a = eliminate_auxiliary(heavy_ball_momentum()).expression
    b = eliminate_auxiliary(heavy_ball()).expression
    assert is_zero_vector(a - b)


def test_explicit_form_has_newest_index_k_plus_1():
    rec = eliminate_auxiliary(nag_sc())
    assert max(int(a.args[0] - k) for a in rec.terms) == 1


def test_sequence_defined_only_implicitly_is_refused():
    m = Method("implicit", ("x", "y"),
               (Eq(y(k + 1), y(k) - s * grad(y(k + 1))), Eq(x(k + 1), y(k + 1))))
    # y appears inside a gradient in its own update, and x's update defines y: fine.
    eliminate_auxiliary(m)
    m2 = Method("stuck", ("x", "y"),
                (Eq(y(k + 1), y(k) - s * grad(y(k))), Eq(x(k + 1), x(k) + y(k + 1) - y(k))))
    with pytest.raises(EliminationError, match="cannot eliminate y"):
        eliminate_auxiliary(m2)


def test_too_many_equations_are_refused():
    m = Method("over", ("x",), (Eq(x(k + 1), x(k) - s * grad(x(k))), Eq(x(k + 1), x(k))))
    with pytest.raises(EliminationError, match="2 equations remain"):
        eliminate_auxiliary(m)


def test_method_validation():
    with pytest.raises(MethodError, match="no gradient step"):
        Method("still", ("x",), (Eq(x(k + 1), x(k)),))
    with pytest.raises(MethodError, match="unknown sequence"):
        Method("typo", ("x",), (Eq(x(k + 1), y(k) - s * grad(x(k))),))
    with pytest.raises(MethodError, match="k plus an integer"):
        Method("index", ("x",), (Eq(x(k + 1), x(2 * k) - s * grad(x(k))),))
    with pytest.raises(MethodError, match="declare them"):
        from sympy import Symbol
        Method("stray", ("x",), (Eq(x(k + 1), x(k) - Symbol("eta") * grad(x(k))),))
    with pytest.raises(MethodError, match="scalar multiple of one vector"):
        Method("product", ("x",), (Eq(x(k + 1), x(k) ** 2 - s * grad(x(k))),))
    assert Method("half", ("x",), (Eq(x(k + 1), x(k) - Rational(1, 2) * s * grad(x(k))),))
