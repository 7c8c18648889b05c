"""SDJS's discrete Lyapunov functions (arXiv:1810.08907) proved by the engine and compared with the paper.

NAG-C (§4.2): the energy (4.6) is nonincreasing (Lemma 4.3, Theorem 6); the region, the bound on
f(x_k) - f*, the gradient coefficient c_k and the gradient-norm rate are compared with SDJS's constants,
and the energy is checked on runs of the method.

Heavy ball (§3.2): NAG-SC's energy (2.6) without its gradient terms decays at the rate sqrt(mu s)/4; the
region found contains SDJS's step size s = mu/(16 L^2) (Theorem 4) and stops at step sizes of order
mu/L^2, where NAG-SC's (the gradient correction) reaches 1/(4L).
"""
import itertools

import numpy as np
import pytest
from sympy import Dummy, Le, Rational, cancel, diff, expand, factor, summation

from symflow.core import FValue, L, NablaF, k, linearize, norm2, s, x, x0, x_star
from symflow.lyapunov import certify_step, interpolation_inequalities, prove_nonnegative, smooth_convex
from symflow.core import mu
from symflow.methods import heavy_ball, nag_c


@pytest.fixture(scope="module")
def nagc():
    from symflow.catalogue import get

    return get("energy-nag-c-discrete").run()


def test_sdjs_nag_c_energy_is_nonincreasing_for_s_at_most_1_over_L(nagc):
    cert = nagc.result
    assert nagc.status == "proved" and all(c.passed for c in nagc.checks) and cert.identity() == 0
    assert cert.region.relations == (Le(s, 1 / L),)
    # SDJS's step sizes 0 < s <= 1/(3L) are inside; s = 2/L is not
    assert all(cert.region.contains({s: h / lv, L: lv}) is True
               for h in (Rational(1, 100), Rational(1, 3)) for lv in (1, 4))
    assert cert.region.contains({s: 2, L: 1}) is False


def _start_energy(cert):
    """E(0) of the bound f(x_k) - f* <= E(0)/a_k."""
    return cancel(expand(linearize(cert.bound.rhs * cert.weight)))


def test_the_function_value_bound_is_below_sdjs_constant_119(nagc):
    cert = nagc.result
    g0 = NablaF(x0)
    # derived: a_k = s(k+1)(k+3) and E(0) with x_1 = x_0 - s grad f(x_0)
    assert cancel(cert.weight - s * (k + 1) * (k + 3)) == 0
    e0 = 3 * s * (FValue(x0) - FValue(x_star)) + 2 * norm2(x0 - s * g0 - x_star)
    assert expand(linearize(_start_energy(cert) - e0)) == 0
    # E(0) <= 2|x0 - x*|^2 for s <= 5/(4L): an exact combination of the two interpolation inequalities
    between = {q.name: q.slack for q in interpolation_inequalities([x0, x_star], smooth_convex())}
    rest = (2 * norm2(x0 - x_star) - e0 - 4 * s * between["interpolation (x^star, x_0)"]
            - s * between["interpolation (x_0, x^star)"])
    assert expand(linearize(rest - s * (Rational(5, 2) / L - 2 * s) * norm2(g0))) == 0
    # hence f(x_k) - f* <= 2|x0 - x*|^2/(s(k+1)(k+3)) <= 119|x0 - x*|^2/(s(k+1)^2) (SDJS (4.12), Thm 6)
    assert prove_nonnegative(119 * (k + 3) - 2 * (k + 1), time=k, start=0)


def test_the_gradient_coefficient_dominates_sdjs_lemma_4_3(nagc):
    from symflow.catalogue.energy_nag_c_discrete import GRADIENT

    found = nagc.result.norm_bound(NablaF(x(k + 1)))
    assert factor(found - GRADIENT) == s * (2 * k + 7) / (2 * L)


def test_the_gradient_norm_rate_is_below_sdjs_constant_8568(nagc):
    """min_{1<=i<=k} |grad f(x_i)|^2 <= E(0)/sum_{i<k} c_i <= 2|x0 - x*|^2/sum c_i <= 8568|x0 - x*|^2/(s^2 (k+1)^3)."""
    found = nagc.result.norm_bound(NablaF(x(k + 1)))
    h, i = Dummy("h", positive=True), Dummy("i", integer=True, nonnegative=True)
    per_s2 = expand(found.subs(s, h / L) * L ** 2 / h ** 2)   # c_i/s^2 as a function of h = sL
    assert not per_s2.has(L)
    total = factor(summation(per_s2.subs(k, i), (i, 0, k - 1)))
    # decreasing in h, so its least value on 0 < h <= 1/3 is at h = 1/3
    slope = cancel(diff(total, h))
    assert prove_nonnegative(cancel(-slope * h ** 2), time=k, start=1)
    assert prove_nonnegative(cancel(8568 * total.subs(h, Rational(1, 3)) - 2 * (k + 1) ** 3), time=k, start=1)


def test_the_first_iterates_come_from_the_methods_start():
    from sympy import sqrt

    from symflow.lyapunov.discrete import _first_iterates

    g0 = NablaF(x(0))
    first = _first_iterates(nag_c(), 2)   # y_1 = x_0 - s g_0 and x_1 = y_1 (momentum 0 at k = 0); x_2 = x_1 - (5/4) s g_1
    assert expand(first[x(1)] - (x(0) - s * g0)) == 0
    assert expand(first[x(2)] - (x(1) - Rational(5, 4) * s * NablaF(x(1))).subs(x(1), x(0) - s * g0)) == 0
    hb_first = _first_iterates(heavy_ball(), 1)   # heavy ball's x_1 is its initial condition
    assert cancel(hb_first[x(1)] - (x(0) - 2 * s * g0 / (1 + sqrt(mu * s)))) == 0


def test_second_route_sdjs_lemma_4_3_as_stated():
    """E(k+1) - E(k) <= -s^2((k+3)(k-1) - Ls(k+3)(k+1))/2 |grad f(x_(k+1))|^2, every k >= 0: proved for every s > 0."""
    from symflow.catalogue.energy_nag_c_discrete import GRADIENT, sdjs_energy

    cert = certify_step(sdjs_energy(), nag_c(), smooth_convex(), decrease=GRADIENT * norm2(NablaF(x(k + 1))))
    assert cert.status == "proved" and cert.identity() == 0
    assert cert.region.contains({s: Rational(1, 3), L: 1}) is True
    assert cert.region.contains({s: 5, L: 1}) is True   # the claim weakens as s grows: SDJS need s <= 1/(3L) only later


def test_second_route_the_energy_on_runs_of_nag_c():
    # f = sum log(1 + exp(a_i . z)) + |z|^2/200 (L <= |A|^2/4 + 1/100), x* by Newton's method; s = 1/L and 1/(3L)
    rng = np.random.default_rng(7)
    A = rng.normal(size=(30, 5))
    lv = np.linalg.norm(A, 2) ** 2 / 4 + 0.01

    def f(z):
        return float(np.sum(np.logaddexp(0, A @ z)) + z @ z / 200)

    def grad(z):
        return A.T @ (1 / (1 + np.exp(-(A @ z)))) + z / 100

    xs = np.zeros(5)
    for _ in range(50):
        p = 1 / (1 + np.exp(-(A @ xs)))
        H = A.T @ (A * (p * (1 - p))[:, None]) + np.eye(5) / 100
        xs = xs - np.linalg.solve(H, grad(xs))
    fs = f(xs)
    for sv in (1 / lv, 1 / (3 * lv)):
        xk, ys = [rng.normal(size=5) * 3], []
        ys.append(xk[0])
        for kk in range(150):
            y = xk[-1] - sv * grad(xk[-1])
            xk.append(y + kk / (kk + 3) * (y - ys[-1]))
            ys.append(y)
        energies = []
        for kk, (now, after) in enumerate(itertools.pairwise(xk)):
            w = (kk + 1) * (after - now) + 2 * (after - xs) + (kk + 1) * sv * grad(now)
            energies.append(sv * (kk + 3) * (kk + 1) * (f(now) - fs) + w @ w / 2)
        for kk, (e0, e1) in enumerate(itertools.pairwise(energies)):
            g = grad(xk[kk + 1])
            c = sv ** 2 * ((kk + 3) * (kk - 1) - lv * sv * (kk + 3) * (kk + 1)) / 2 + sv * (2 * kk + 7) / (2 * lv)
            assert e1 - e0 <= -c * (g @ g) + 1e-9 * (1 + abs(e0))
        d0 = xk[0] - xs
        assert energies[0] <= 2 * d0 @ d0
        for kk in range(1, len(xk) - 1):
            assert f(xk[kk]) - fs <= energies[0] / (sv * (kk + 1) * (kk + 3)) * (1 + 1e-9)


# -------------------------------------------------------------------------------------------------
# heavy ball: E(k+1) - E(k) <= -(sqrt(mu s)/4) E(k+1)
@pytest.fixture(scope="module")
def hb():
    from symflow.catalogue import get

    return get("energy-heavy-ball-discrete").run()


#: SDJS's Theorem 4 step size s = mu/(16 L^2), at which sqrt(mu s) = mu/(4L) is rational
SDJS_HB_POINTS = [{mu: m * lv, L: lv, s: m / (16 * lv)} for lv in (1, 4)
                  for m in (Rational(1, 2), Rational(1, 10), Rational(1, 100), Rational(1, 10 ** 4))]


def test_the_heavy_ball_claim_is_proved_exactly(hb):
    from symflow.catalogue.energy_heavy_ball_discrete import RATE_NEXT

    cert = hb.result
    assert hb.status == "proved" and all(c.passed for c in hb.checks) and cert.identity() == 0
    assert cancel(cert.rate - RATE_NEXT) == 0 and cert.rate_form == "next"
    assert all(m.free_symbols <= {s, mu, L} for _, m in cert.multipliers)


def test_the_heavy_ball_region_contains_sdjs_step_size(hb):
    assert all(hb.result.region.contains(point) is True for point in SDJS_HB_POINTS)


def test_the_heavy_ball_region_stops_at_steps_of_order_mu_over_L2(hb):
    """At L = 1 the largest step on the grid s = mu n^2/256 is about the same multiple of mu for mu = 1/100 and
    1/10^4 (s = O(mu/L^2)); s = 1/(4L), NAG-SC's step (its gradient correction), is far outside."""
    region = hb.result.region
    for m in (Rational(1, 10), Rational(1, 100)):
        # s = mu n^2/256: SDJS's mu/16 is n = 4; the largest n inside is 26 (s = 2.64 mu) and 27 (s = 2.85 mu)
        assert [region.contains({mu: m ** 2, L: 1, s: m ** 2 * n ** 2 / 256}) for n in (1, 4, 20, 32, 64)] == [
            True, True, True, False, False]
    assert region.contains({mu: Rational(1, 100), L: 1, s: Rational(1, 4)}) is False


def test_second_route_the_heavy_ball_energy_on_runs():
    # f = sum a_i z_i^2/2 + 0.05 sum log cosh(z_i), minimiser 0: mu = 0.1, L <= 1.05; s = mu/(16 L^2)
    rng = np.random.default_rng(5)
    a = rng.uniform(0.1, 1.0, 5)
    a[0] = 0.1
    lv, muv = 1.05, 0.1

    def f(z):
        return float(np.sum(a * z ** 2 / 2 + 0.05 * np.log(np.cosh(z))))

    def grad(z):
        return a * z + 0.05 * np.tanh(z)

    sv = muv / (16 * lv ** 2)
    r = np.sqrt(muv * sv)
    alpha = (1 - r) / (1 + r)
    xs = [rng.normal(size=5) * 3]
    xs.append(xs[0] - 2 * sv * grad(xs[0]) / (1 + r))
    for _ in range(400):
        xs.append(xs[-1] + alpha * (xs[-1] - xs[-2]) - sv * grad(xs[-1]))
    energies = []
    for xk, xk1 in itertools.pairwise(xs):        # f* = 0 and x* = 0
        v = (xk1 - xk) / np.sqrt(sv)
        w = v + 2 * np.sqrt(muv) / (1 - r) * xk1
        energies.append((1 + r) / (1 - r) * f(xk) + v @ v / 4 + w @ w / 4)
    for e0, e1 in itertools.pairwise(energies):
        assert e1 - e0 <= -(r / 4) * e1 + 1e-12 * (1 + abs(e0))
