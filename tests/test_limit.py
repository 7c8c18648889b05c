"""Continuous limits of the catalogue methods, compared exactly with the literature."""
from fractions import Fraction

import pytest
from sympy import Eq, Rational, Subs, sqrt, symbols

from symflow.core import (
    DegenerateLimitError,
    NablaF,
    UnsupportedError,
    X,
    grad,
    is_zero_vector,
    mu,
    r,
    s,
    t,
    x0,
)
from symflow.limit import continuous_limit
from symflow.methods import (
    gradient_descent,
    heavy_ball,
    heavy_ball_momentum,
    nag_c,
    nag_sc,
    nesterov,
    nesterov_one_sequence,
)
from symflow.parse import parse_rational

Xt = X(t)
Xd, Xdd = Xt.diff(t), Xt.diff(t, 2)


def test_gradient_descent_gives_gradient_flow():
    lim = continuous_limit(gradient_descent())
    assert lim.exponent == 1
    assert lim.ode.order == 1
    assert lim.ode.matches(Xd + grad(Xt))
    assert lim.ode.initial_conditions == (Eq(X(0), x0),)


def test_gradient_descent_has_no_sqrt_s_correction_but_an_order_s_one():
    assert continuous_limit(gradient_descent(), order=1).ode.matches(Xd + grad(Xt))
    second = continuous_limit(gradient_descent(), order=2).ode
    assert second.matches(Xd + grad(Xt) + s / 2 * NablaF(Xt, grad(Xt)))


def test_nesterov_sbc_r3():
    lim = continuous_limit(nesterov())
    assert lim.exponent == Rational(1, 2)
    assert lim.ode.matches(Xdd + 3 / t * Xd + grad(Xt))
    assert lim.ode.initial_conditions == (Eq(X(0), x0), Eq(Subs(Xd, t, 0), 0))


def test_nesterov_general_r_is_symbolic():
    lim = continuous_limit(nesterov(r))
    assert lim.ode.matches(Xdd + r / t * Xd + grad(Xt))
    assert not lim.ode.matches(Xdd + 3 / t * Xd + grad(Xt))


@pytest.mark.parametrize("friction", [1, 2, 5, Rational(9, 2)])
def test_nesterov_numeric_r(friction):
    assert continuous_limit(nesterov(friction)).ode.matches(Xdd + friction / t * Xd + grad(Xt))


def test_heavy_ball_orders_0_and_1():
    low = continuous_limit(heavy_ball(), order=0).ode
    high = continuous_limit(heavy_ball(), order=1).ode
    assert low.matches(Xdd + 2 * sqrt(mu) * Xd + grad(Xt))
    assert high.matches(Xdd + 2 * sqrt(mu) * Xd + (1 + sqrt(mu * s)) * grad(Xt))
    assert not high.rhs.has(NablaF(Xt, Xd)), "heavy ball has no gradient correction"
    assert is_zero_vector(high.initial_conditions[1].rhs + 2 * sqrt(s) * grad(x0))


def test_nag_sc_orders_0_and_1():
    low = continuous_limit(nag_sc(), order=0).ode
    high = continuous_limit(nag_sc(), order=1).ode
    assert low.matches(Xdd + 2 * sqrt(mu) * Xd + grad(Xt))
    assert high.matches(Xdd + 2 * sqrt(mu) * Xd + sqrt(s) * NablaF(Xt, Xd) + (1 + sqrt(mu * s)) * grad(Xt))


def test_nag_c_high_resolution_with_sdjs_time_matching():
    lim = continuous_limit(nag_c(), order=1, offset=Rational(3, 2))
    ode = lim.ode
    assert ode.matches(Xdd + 3 / t * Xd + sqrt(s) * NablaF(Xt, Xd) + (1 + 3 * sqrt(s) / (2 * t)) * grad(Xt))
    t0 = 3 * sqrt(s) / 2
    assert ode.start == t0
    assert ode.initial_conditions[0] == Eq(X(t0), x0)
    assert is_zero_vector(ode.initial_conditions[1].rhs + sqrt(s) * grad(x0))


def test_time_matching_changes_only_the_high_resolution_terms():
    plain = continuous_limit(nag_c(), order=1, offset=0).ode
    assert not plain.matches(Xdd + 3 / t * Xd + sqrt(s) * NablaF(Xt, Xd) + (1 + 3 * sqrt(s) / (2 * t)) * grad(Xt))
    assert continuous_limit(nag_c(), order=0, offset=0).ode.matches(Xdd + 3 / t * Xd + grad(Xt))


def test_two_formulations_give_one_ode():
    for order in (0, 1):
        a = continuous_limit(nesterov(), order=order).ode
        b = continuous_limit(nesterov_one_sequence(), order=order).ode
        assert a.matches(b.residual)
        c = continuous_limit(heavy_ball(), order=order).ode
        d = continuous_limit(heavy_ball_momentum(), order=order).ode
        assert c.matches(d.residual)


def test_imposed_exponent_must_balance():
    with pytest.raises(DegenerateLimitError, match="vacuous"):
        continuous_limit(nesterov(), exponent=Rational(1, 4))
    with pytest.raises(DegenerateLimitError, match="static"):
        continuous_limit(nesterov(), exponent=1)
    assert continuous_limit(nesterov(), exponent=Rational(1, 2)).exponent == Rational(1, 2)


def test_bad_order_and_offset_are_refused():
    with pytest.raises(UnsupportedError):
        continuous_limit(nesterov(), order=-1)
    with pytest.raises(UnsupportedError):
        continuous_limit(nesterov(), offset="abc")


def test_steps_record_the_balance():
    lim = continuous_limit(nesterov())
    titles = [st.title for st in lim.steps]
    assert "Dominant balance" in titles
    balance = lim.steps[titles.index("Dominant balance")]
    assert Eq(symbols("delta", positive=True), sqrt(s)) in balance.math
    assert "vacuous" in balance.text and "static" in balance.text


def test_offset_text_is_read_by_the_parser_and_refused_by_the_engine():
    assert continuous_limit(nag_c(), order=1, offset=parse_rational("3/2")).ode.start == 3 * sqrt(s) / 2
    assert continuous_limit(nag_c(), order=1, offset=1.5).ode.start == 3 * sqrt(s) / 2
    assert continuous_limit(nag_c(), order=1, offset=Fraction(3, 2)).ode.start == 3 * sqrt(s) / 2
    with pytest.raises(UnsupportedError, match="parse_rational"):
        continuous_limit(nag_c(), offset="3/2")
    with pytest.raises(UnsupportedError, match="rational"):
        continuous_limit(nag_c(), offset=float("nan"))
