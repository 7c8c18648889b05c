"""SDJS's discrete Lyapunov functions (arXiv:1810.08907) proved by the engine and compared with the paper.

NAG-C (§4.2): the energy (4.6) is nonincreasing (Lemma 4.3, Theorem 6); the region, the bound on
f(x_k) - f*, the gradient coefficient c_k and the gradient-norm rate are compared with SDJS's constants,
and the energy is checked on runs of the method.
"""
import itertools

import numpy as np
import pytest
from sympy import Dummy, Le, Rational, cancel, diff, expand, factor, summation

from symflow.core import FValue, L, NablaF, k, linearize, norm2, s, x, x0, x_star
from symflow.lyapunov import certify_step, interpolation_inequalities, prove_nonnegative, smooth_convex
from symflow.methods import nag_c


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
