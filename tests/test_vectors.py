"""Dimension-free vector algebra."""
import pytest
from sympy import Symbol, expand, sqrt

from symflow.core import (
    FValue,
    Inner,
    NablaF,
    UnsupportedError,
    X,
    grad,
    hessian_action,
    inner,
    is_zero_vector,
    linearize,
    norm2,
    t,
    time_derivative,
    vector_coefficients,
    x0,
    x_star,
)

Xt = X(t)


def test_products_of_vectors_are_refused():
    with pytest.raises(UnsupportedError):
        vector_coefficients(x0 * x_star)
    with pytest.raises(UnsupportedError):
        vector_coefficients(sqrt(Symbol("a")) + x0)


def test_hessian_action_is_linear_in_its_direction():
    a = Symbol("a")
    assert hessian_action(Xt, a * x0 + x_star) == a * NablaF(Xt, x0) + NablaF(Xt, x_star)


def test_inner_products_are_bilinear_and_symmetric():
    e = inner(x0 - x_star, x0 + x_star)
    assert e == Inner(x0, x0) - Inner(x_star, x_star)
    assert norm2(2 * x0) == 4 * Inner(x0, x0)


def test_time_derivatives_follow_the_chain_rule():
    Xd, Xdd = Xt.diff(t), Xt.diff(t, 2)
    assert time_derivative(grad(Xt), t) == NablaF(Xt, Xd)
    assert time_derivative(NablaF(Xt, Xd), t) == NablaF(Xt, Xd, Xd) + NablaF(Xt, Xdd)
    assert time_derivative(FValue(Xt), t) == Inner(Xd, grad(Xt))
    difference = time_derivative(t ** 2 * norm2(Xt - x_star), t) - (
        2 * t * norm2(Xt - x_star) + t ** 2 * 2 * (Inner(Xd, Xt) - Inner(Xd, x_star)))
    assert expand(difference) == 0


def test_linearize_and_zero_test():
    assert linearize(NablaF(x0, 2 * x_star)) == 2 * NablaF(x0, x_star)
    s = Symbol("s", positive=True)
    assert is_zero_vector((sqrt(s) ** 2 - s) * x0 + 0 * x_star)
    assert not is_zero_vector(x0)
