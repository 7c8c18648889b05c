"""Discrete-time certificates: E_{k+1} - E_k along a method, exact multipliers, exact regions."""
import numpy as np
import pytest
from sympy import Rational, cancel, sqrt

from symflow.core import FValue, L, UnsupportedError, k, norm2, s, x, x_star
from symflow.lyapunov import smooth_convex
from symflow.lyapunov.discrete import certify_step, difference_along, interpolation_inequalities, point_form
from symflow.methods import gradient_descent

ENERGY = k * s * (FValue(x(k)) - FValue(x_star)) + norm2(x(k) - x_star) / 2


@pytest.fixture(scope="module")
def gd_certificate():
    return certify_step(ENERGY, gradient_descent(), smooth_convex())


def test_the_difference_keeps_every_gradient_and_value_at_its_point():
    difference, points = difference_along(ENERGY, gradient_descent())
    form = point_form(difference)
    assert set(form.values) == {x(k), x(k + 1)}
    assert cancel(form.values[x(k + 1)] - (k + 1) * s) == 0 and cancel(form.values[x(k)] + k * s) == 0
    assert points == {x(k), x(k + 1), x_star}


def test_interpolation_inequalities_between_every_ordered_pair():
    names = [q.name for q in interpolation_inequalities([x(k), x(k + 1), x_star], smooth_convex(L))]
    assert len(names) == 6 and len(set(names)) == 6


def test_gradient_descent_energy_is_proved_on_a_region_containing_s_le_1_over_L(gd_certificate):
    # Literature: E_k nonincreasing for f in F_{0,L} and 0 < s <= 1/L (the classical rate
    # f(x_k) - f* <= |x_0 - x*|^2/(2sk)); the exact region of the certificate found is larger.
    cert = gd_certificate
    assert cert.status == "proved" and cert.identity() == 0
    assert all(cert.region.contains({s: h, L: 1}) for h in (Rational(1, 10), Rational(1, 2), 1))
    assert cert.region.contains({s: (1 + sqrt(5)) / 2, L: 1}) is True
    assert cert.region.contains({s: Rational(17, 10), L: 1}) is False
    weights = {q.name: m for q, m in cert.multipliers if m != 0}
    assert set(weights) == {"interpolation (x(k), x(k + 1))", "interpolation (x^star, x(k))"}
    assert cancel(weights["interpolation (x(k), x(k + 1))"] - (k + 1) * s) == 0
    assert weights["interpolation (x^star, x(k))"] == s


@pytest.mark.parametrize("step", [0.5, 1.0, 1.6])
def test_second_route_the_energy_does_not_increase_on_runs_of_the_method(step):
    # f = sum log cosh(a_i x_i) + quadratic: convex and 1-smooth (a_i <= 1, eigenvalues <= 1 together)
    rng = np.random.default_rng(0)
    a = rng.uniform(0.2, 0.7, 4)
    lam = rng.uniform(0.0, 0.3, 4)

    def f(z):
        return float(np.sum(np.log(np.cosh(a * z)) + lam * z**2 / 2))

    def grad(z):
        return a * np.tanh(a * z) + lam * z

    assert np.all(a**2 + lam <= 1.0)
    z = rng.normal(size=4) * 3
    energies = []
    for index in range(60):
        energies.append(index * step * f(z) + 0.5 * float(z @ z))   # x* = 0, f* = 0
        z = z - step * grad(z)
    assert np.all(np.diff(energies) <= 1e-10 * (1 + np.abs(energies[:-1])))


def test_an_implicit_gradient_step_keeps_its_gradient_as_a_vector():
    from sympy import Eq

    from symflow.core import Method, grad

    implicit = Method("proximal", ("x",), (Eq(x(k + 1), x(k) - s * grad(x(k + 1))),))
    _, points = difference_along(ENERGY, implicit)
    assert x(k + 1) in points   # the gradient at the new iterate is a point of the step


def test_the_catalogue_entry_compares_the_step_interval_exactly(gd_certificate):
    from sympy import Interval

    from symflow.catalogue.kinds.lyapunov import _contains_steps

    assert _contains_steps(gd_certificate.region, Interval.Lopen(0, 1))
    assert _contains_steps(gd_certificate.region, Interval.Lopen(0, (1 + sqrt(5)) / 2))
    assert not _contains_steps(gd_certificate.region, Interval.Lopen(0, Rational(17, 10)))


def test_an_implicit_gradient_step_is_certified_and_an_implicit_vector_step_is_refused():
    # the proximal point method (implicit Euler of gradient flow): (1 + 2 mu s)|x_(k+1) - x*|^2 <= |x_k - x*|^2
    # for every s > 0, since <grad f(x_(k+1)), x_(k+1) - x*> >= mu |x_(k+1) - x*|^2 (derived here)
    from symflow.core import NablaF, mu, norm2, s, x, x_star, k
    from symflow.discretize import discretize
    from symflow.limit import continuous_limit
    from symflow.lyapunov import certify_step, strongly_convex
    from symflow.lyapunov.discrete import explicit_update
    from symflow.methods import gradient_descent
    from symflow.core.errors import UnsupportedError
    proximal = discretize(continuous_limit(gradient_descent()).ode, "implicit")
    cert = certify_step(norm2(x(k) - x_star), proximal, strongly_convex(), rate=2 * mu * s, rate_form="next")
    assert cert.status == "proved" and cert.region.text() == "True" and cert.identity() == 0
    too_fast = certify_step(norm2(x(k) - x_star), proximal, strongly_convex(), rate=3 * mu * s, rate_form="next")
    assert too_fast.status != "proved"
    with pytest.raises(UnsupportedError, match="implicit"):   # the new iterate only inside a gradient
        explicit_update(x(k) + s * NablaF(x(k + 1)), x(k + 1))
