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
(mu = 1/4, s = 16) finds another member, b = 0, c = (1 + h)/(2(h - 1)), on mu s > 1 (a = d = 0 subfamily,
about 31 s; the full family at that sample runs for minutes without a member).
"""
import pytest
from sympy import Rational, Symbol, cancel, expand, sqrt, symbols

from symflow.catalogue.kinds.synthesis import energy_scale
from symflow.core import NablaF, X, grad, inner, linearize, mu, norm2, s, t, x_star
from symflow.core.errors import SymflowError
from symflow.limit import continuous_limit
from symflow.lyapunov import certify, derivative_along, f_gap, strongly_convex, synthesize
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
