"""SDJS's NAG-SC energy family on the high-resolution ODE: what the engine certifies, and what it cannot yet find.

The ODE is the engine's order-1 limit of NAG-SC, Xdd + 2 sqrt(mu) Xd + sqrt(s) Hess f(X) Xd + (1 + sqrt(mu s)) grad f(X) = 0
(Shi, Du, Jordan, Su 2022, arXiv:1810.08907, Sec. 1.2; entry ``energy-nag-sc``). The family, written with
w = Xd + sqrt(s) grad f(X) (derived here),

    (1 + sqrt(mu s)) (f - f*) + a |X - x*|^2 + 2 b <X - x*, w> + c |w|^2 + d |Xd|^2,

spans every energy (1 + sqrt(mu s))(f - f*) + quadratic in (X - x*, Xd, grad f) whose Hessian cross terms in dE/dt
cancel, which a mu-strongly convex class without an upper Hessian bound forces. SDJS's energy (their Lemma 3.1,
rate sqrt(mu)/4) is the member a = mu, b = sqrt(mu)/2, c = d = 1/4.

What the family allows (derived here, by an exact side computation, not by ``synthesize``): with h = sqrt(mu s)
and mu = 1, the best rate below the golden-ratio threshold is the largest real root of the quartic
h^2 r^4 - 2h(h^2 + 3h + 1) r^3 + (h^4 + 6h^3 + 11h^2 + 14h + 9) r^2 - 8(h + 1)(2h + 3) r + 16(h + 1)^2
(the fold of the curve of members whose remainder has rank one, at d = 0 and lambda1 = 0; it is (3r - 4)^2 at
h = 0, and equals 4(h^2 + h - 1)^2 at r = 2); for general mu, r = rho*/sqrt(mu). So rho*/sqrt(mu) rises from 4/3
(h -> 0) to 2, which it reaches at h = (sqrt(5) - 1)/2 and keeps for larger h; 2 sqrt(mu) is a ceiling for every
quadratic energy (the slow mode on f = mu/2 |x|^2, tested below). A quartic algebraic rate is beyond what
``synthesize`` recognises (a monomial in the parameters times a rational or quadratic irrational).

What the engine does find: at rho = 2 sqrt(mu) the remainder has rank one and the multiplier sits at a double
root of a 2x2 minor; ``certify`` finds it by the tangency choices of the multiplier search (stationarity of a
minor that is quadratic in a free multiplier), and proves the member a = d = 0, b = sqrt(mu)(1 + h)/2,
c = (1 + h)/2 on exactly mu s >= 1. ``synthesize`` at rate 2 sqrt(mu) with a sample inside the region
(mu = 1/4, s = 16) finds another member, b = 0, c = (1 + h)/(2(h - 1)), on mu s > 1 (a = d = 0 subfamily).
The catalogue entry ``synth-nag-sc-high-resolution`` runs the whole family with rate "best" from the sample
mu = 1/4, s = 4: it finds 2 sqrt(mu), certifies the first member above on mu s >= 1, and refutes every larger
rate for all mu, s by the exact slow mode (``symflow.lyapunov.slow_mode``).
"""
import pytest
import numpy as np
from sympy import Poly, Rational, Symbol, cancel, expand, factor, sqrt, symbols

from symflow.catalogue.kinds.synthesis import energy_scale
from symflow.core import NablaF, X, grad, inner, linearize, mu, norm2, s, t, x_star
from symflow.core.errors import SymflowError
from symflow.limit import continuous_limit
from symflow.lyapunov import (
    certify, derivative_along, f_gap, family_condition, largest_rate, solve_conditions, strongly_convex, synthesize,
)
from symflow.lyapunov.slow_mode import slow_mode
from symflow.methods import nag_sc

a, b, c, d = symbols("a b c d", real=True)
e, V = X(t) - x_star, X(t).diff(t)
w = V + sqrt(s) * grad(X(t))
k = 1 + sqrt(mu * s)
FAMILY = k * f_gap() + a * norm2(e) + 2 * b * inner(e, w) + c * norm2(w) + d * norm2(V)
CLASS = strongly_convex(twice_differentiable=True)


@pytest.fixture(scope="module")
def ode():
    return continuous_limit(nag_sc(), order=1).ode


def test_sdjs_energy_is_a_member_certified_at_their_rate(ode):
    # SDJS (2022), arXiv:1810.08907, Lemma 3.1: E = (1 + sqrt(mu s))(f - f*) + |Xd|^2/4
    # + |Xd + 2 sqrt(mu)(X - x*) + sqrt(s) grad f(X)|^2/4 decays at rate sqrt(mu)/4
    sdjs = k * f_gap() + norm2(V) / 4 + norm2(V + 2 * sqrt(mu) * e + sqrt(s) * grad(X(t))) / 4
    member = FAMILY.xreplace({a: mu, b: sqrt(mu) / 2, c: sqrt(1) / 4, d: sqrt(1) / 4})
    assert energy_scale(member, sdjs) == 1
    cert = certify(member, ode, CLASS, rate=sqrt(mu) / 4)
    assert cert.status == "proved" and cert.identity() == 0


def test_a_member_decays_at_two_sqrt_mu_when_mu_s_is_at_least_one(ode):
    # derived here: a = d = 0, b = sqrt(mu)(1 + sqrt(mu s))/2, c = (1 + sqrt(mu s))/2, with the multipliers
    # lambda2 = sqrt(mu)(1 + sqrt(mu s))(sqrt(mu s) - 1) >= 0 iff mu s >= 1, and lambda1 = 2 sqrt(mu) k + lambda2:
    # dE/dt + 2 sqrt(mu) E + lambda1 s1 + lambda2 s2 = -(1 + sqrt(mu s)) sqrt(s) |grad f - mu (X - x*)|^2
    energy = FAMILY.xreplace({a: 0, b: sqrt(mu) * k / 2, c: k / 2, d: 0})
    s1, s2 = strongly_convex().inequalities()
    lambda2 = sqrt(mu) * k * (sqrt(mu * s) - 1)
    lambda1 = 2 * sqrt(mu) * k + lambda2
    target = derivative_along(energy, ode) + 2 * sqrt(mu) * energy + lambda1 * s1.slack + lambda2 * s2.slack
    assert cancel(expand(linearize(target + k * sqrt(s) * norm2(grad(X(t)) - mu * e)))) == 0
    assert lambda2.subs({mu: 1, s: 4}) > 0 and lambda2.subs({mu: 1, s: Rational(1, 4)}) < 0


def test_two_sqrt_mu_caps_every_quadratic_energy(ode):
    # on f = mu/2 |x|^2 (x* = 0) the ODE is linear; its slowest mode decays like e^{-sqrt(mu) t}, so no energy
    # quadratic in (X, Xd, grad f) decays faster than e^{-2 sqrt(mu) t} (derived here)
    z = Symbol("z")
    Xt = X(t)
    rhs = linearize(ode.rhs).xreplace({NablaF(Xt): mu * Xt, NablaF(Xt, V): mu * V, x_star: 0})
    characteristic = expand(z**2 - rhs.xreplace({V: z * Xt}).xreplace({Xt: 1}))
    assert cancel(characteristic - expand((z + sqrt(mu)) * (z + sqrt(mu) * k))) == 0  # roots -sqrt(mu), -sqrt(mu) k


def test_certify_finds_the_tangent_multiplier_of_the_two_sqrt_mu_member(ode):
    # the remainder's determinant is -(lambda2 - sqrt(mu)(mu s - 1))^2/4: the multiplier sits at its double root,
    # which only the tangency choices of the multiplier search propose; the region mu s >= 1 is exact
    energy = FAMILY.xreplace({a: 0, b: sqrt(mu) * k / 2, c: k / 2, d: 0})
    cert = certify(energy, ode, CLASS, rate=2 * sqrt(mu))
    assert cert.status == "proved" and cert.identity() == 0 and cert.region.exact
    assert cert.region.as_boolean() == (s >= 1 / mu)
    assert cancel(cert.multipliers[1][1] - sqrt(mu) * (mu * s - 1)) == 0
    assert cert.region.contains({mu: 1, s: 1}) and not cert.region.contains({mu: 1, s: Rational(99, 100)})


def test_the_member_synthesize_finds_from_a_sample_at_mu_s_4(ode):
    # synthesize(b, c of the a = d = 0 subfamily, rate 2 sqrt(mu), sample mu = 1/4, s = 16) returns b = 0,
    # c = (1 + h)/(2(h - 1)) (about 31 s, so not rerun here); its certificate holds exactly on mu s > 1
    energy = FAMILY.xreplace({a: 0, b: 0, c: k / (2 * (sqrt(mu * s) - 1)), d: 0})
    cert = certify(energy, ode, CLASS, rate=2 * sqrt(mu))
    assert cert.status == "proved" and cert.identity() == 0 and cert.region.exact
    assert cert.region.contains({mu: 1, s: Rational(101, 100)}) and not cert.region.contains({mu: 1, s: 1})


def test_a_sample_value_must_name_a_parameter(ode):
    with pytest.raises(SymflowError, match="not parameters of the family"):
        synthesize(FAMILY, ode, CLASS, unknowns=[a, b, c, d], rate=2 * sqrt(mu), sample={Symbol("r"): 1})


def test_the_slow_mode_bound_is_derived_by_the_engine(ode):
    # the same ceiling as above, found by symflow.lyapunov.slow_mode: the smallest root sqrt(mu) of the
    # characteristic polynomial, and dE/dt = -2 sqrt(mu) E along the mode for every member (checked inside)
    mode = slow_mode(FAMILY, ode, CLASS)
    assert mode.sigma == sqrt(mu) and mode.rate_bound == 2 * sqrt(mu)
    assert {cancel(r - sqrt(mu) * k) == 0 or r == sqrt(mu) for r in mode.roots} == {True}
    # E(0) on the mode x0 = 1, v0 = -sqrt(mu), grad = mu: evaluated by hand from the family
    v0, g0 = -sqrt(mu), mu
    w0 = v0 + sqrt(s) * g0
    by_hand = k * mu / 2 + a + 2 * b * w0 + c * w0**2 + d * v0**2
    assert cancel(expand(mode.energy_at_start - by_hand)) == 0


def test_no_slow_mode_for_oscillating_or_flat_cases():
    from symflow.core import ODE
    from symflow.lyapunov import convex
    from symflow.methods import heavy_ball

    hb = continuous_limit(heavy_ball(), order=1).ode  # roots sqrt(mu) (1 +- i sqrt(sqrt(mu s)))
    assert slow_mode(k * f_gap() + a * norm2(e), hb, strongly_convex()) is None
    assert slow_mode(f_gap(), ODE(-grad(X(t)), 1), convex()) is None  # no modulus: f = 0 has no mode


@pytest.fixture(scope="module")
def entry():
    from symflow.catalogue import get

    return get("synth-nag-sc-high-resolution").run()


def test_the_entry_finds_two_sqrt_mu_on_mu_s_at_least_one(entry):
    assert entry.status == "proved" and all(c_.passed for c_ in entry.checks)
    found = entry.result
    assert found.rate == 2 * sqrt(mu)
    assert found.certificate.identity() == 0 and found.certificate.region.exact
    assert found.certificate.region.as_boolean() == (s >= 1 / mu)
    assert found.certificate.region.contains({mu: 1, s: 1})
    assert not found.certificate.region.contains({mu: 1, s: Rational(99, 100)})
    # the member found is the one proved by hand above, up to its scale (the f-gap weight is fixed, so exactly)
    assert energy_scale(found.energy, FAMILY.xreplace({a: 0, b: sqrt(mu) * k / 2, c: k / 2, d: 0})) == 1


def test_the_entry_refutes_every_rate_above_two_sqrt_mu_for_all_steps(entry):
    ref = entry.result.refutation
    assert ref.kind == "mode" and ref.mode.rate_bound == 2 * sqrt(mu) and ref.target > 0
    # the energy found is positive on the mode for every mu, s > 0
    on_mode = factor(ref.mode.energy_at_start.xreplace(entry.result.values))
    assert cancel(on_mode - mu * k * mu * s / 2) == 0 and on_mode.is_positive is True  # mu (1 + h) h^2 / 2
    assert "slowest mode" in ref.describe() or "smallest root" in ref.describe()
    # SDJS's energy is a member of the family, so its rate sqrt(mu)/4 is one eighth of what the family allows
    sdjs = k * f_gap() + norm2(V) / 4 + norm2(V + 2 * sqrt(mu) * e + sqrt(s) * grad(X(t))) / 4
    assert energy_scale(FAMILY.xreplace({a: mu, b: sqrt(mu) / 2, c: Rational(1, 4), d: Rational(1, 4)}), sdjs) == 1
    assert entry.result.to_dict()["refutation"]["rate_bound"] == "2√μ"


def _quartic(r, h):
    # the fold polynomial of the module docstring (derived here by elimination; typed, and checked against the SDP)
    return (h**2 * r**4 - 2 * h * (h**2 + 3 * h + 1) * r**3 + (h**4 + 6 * h**3 + 11 * h**2 + 14 * h + 9) * r**2
            - 8 * (h + 1) * (2 * h + 3) * r + 16 * (h + 1)**2)


def test_below_the_threshold_the_family_allows_less_than_two_sqrt_mu(ode):
    # second route for the side computation: the SDP's best rate at mu = 1, s = 1/4 (h = 1/2) is below 2 and is
    # the largest real root below 2 of the quartic; at h = 1 the SDP reaches 2 (the entry's sample)
    rho = Symbol("rho")
    target = expand(derivative_along(FAMILY, ode) + rho * FAMILY)
    _, _, condition = family_condition(target, CLASS)

    def best(step):
        def build(x):
            return solve_conditions([(condition, {mu: 1.0, s: step, t: 1.0, rho: x})], (a, b, c, d))
        return largest_rate(build, high=1.0, tolerance=1e-7)

    r = Symbol("r")
    h = Rational(1, 2)
    roots = [complex(z) for z in np.roots([float(cf) for cf in Poly(expand(_quartic(r, h)), r).all_coeffs()])]
    below = max(z.real for z in roots if abs(z.imag) < 1e-9 and z.real < 2)
    numeric = best(0.25)
    assert numeric < 2 * (1 - 1 / 100) and abs(numeric - below) < 1e-4
    assert abs(best(1.0) - 2) < 1e-4
    # the quartic's boundary values: (3r - 4)^2 at h = 0 (the heavy-ball rate 4/3), 4(h^2 + h - 1)^2 at r = 2
    hh = Symbol("hh")
    assert expand(_quartic(r, 0) - (3 * r - 4)**2) == 0
    assert expand(_quartic(2, hh) - 4 * (hh**2 + hh - 1)**2) == 0


def test_another_member_reaches_two_sqrt_mu_below_mu_s_one(ode):
    # derived here: at rho = 2 sqrt(mu) (mu = 1) the members whose remainder has rank one form two branches; one,
    # a = (1 - h^2)/(1 + q), b = (1 + h)/(1 + q), c = (1 + h)^3/(2(1 + q)^2), d = 0 with q = sqrt(h(h^2 + h - 1)),
    # is real for h >= (sqrt(5) - 1)/2 and equals the entry's member at h = 1. Certified exactly at h = 5/8
    # (mu s = 25/64 < 1, just above the threshold 0.3819...): the family's region for 2 sqrt(mu) is larger than the
    # member found by the entry (mu s >= 1)
    from dataclasses import replace

    h = Rational(5, 8)
    q = sqrt(h * (h**2 + h - 1))
    values = {a: (1 - h**2) / (1 + q), b: (1 + h) / (1 + q), c: (1 + h)**3 / (2 * (1 + q)**2), d: 0}
    at = {mu: 1, s: h**2}
    member = FAMILY.xreplace(values).subs(at)
    cert = certify(member, replace(ode, rhs=ode.rhs.subs(at)), strongly_convex(1, twice_differentiable=True), rate=2)
    assert cert.status == "proved" and cert.identity() == 0
    assert h**2 + h - 1 > 0 and h**2 < 1
