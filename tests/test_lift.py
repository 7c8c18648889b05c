"""The one-dimensional model and its checked lift to R^d."""
import pytest
from sympy import Integer, Rational

from symflow.core import LiftError, NablaF, UnsupportedError, X, delta, k, s, t
from symflow.limit import continuous_limit, lift, model_derivative
from symflow.limit.taylor import D, G, GridScaling, coefficient_series, step_root_degree
from symflow.methods import nesterov


def test_unique_readings_lift():
    Xt, Xd = X(t), X(t).diff(t)
    assert lift(G(1) * D(1)) == NablaF(Xt, Xd)
    assert lift(G(2) * D(1) ** 2) == NablaF(Xt, Xd, Xd)
    assert lift(G(1) ** 2 * G(0)) == NablaF(Xt, NablaF(Xt, NablaF(Xt)))
    assert lift(G(2) * D(1) * G(0)) == NablaF(Xt, Xd, NablaF(Xt))


@pytest.mark.parametrize("monomial", [G(2) * G(1) * D(1) ** 2, D(1) * D(2), G(1) * D(1) * D(2), Integer(3)])
def test_ambiguous_or_non_vector_terms_are_refused(monomial):
    with pytest.raises(LiftError):
        lift(monomial)


def test_total_derivative_is_the_chain_rule():
    assert model_derivative(G(1) * D(1)) == G(2) * D(1) ** 2 + G(1) * D(2)


def test_coefficient_series_and_non_analytic_coefficients():
    sc = GridScaling((delta,), (Integer(1),), step=None, offset=Rational(3, 2))
    series = coefficient_series(k / (k + 3), sc, (2,))
    assert series[(0,)] == 1 and series[(1,)] == -3 / t
    from sympy import log
    with pytest.raises(UnsupportedError):
        coefficient_series(log(k), sc, (2,))


def test_step_root_degree_refuses_irrational_powers():
    from sympy import pi
    assert step_root_degree([s ** Rational(1, 3)]) == 6
    with pytest.raises(UnsupportedError):
        step_root_degree([s ** pi])


def test_second_order_nesterov_lifts_with_third_derivatives_of_f():
    ode = continuous_limit(nesterov(), order=2).ode
    Xt = X(t)
    assert ode.order == 2
    assert ode.rhs.has(NablaF(Xt, Xt.diff(t), Xt.diff(t)))
    assert ode.rhs.has(NablaF(Xt, NablaF(Xt)))
