"""Discrete-time certificates compared with the literature: SBC Thm 6 (Nesterov's generalized scheme).

The engine proves E_(k+1) <= E_k for SBC's energy with symbolic r, s, L; the region and the bound
are compared with SBC's statement, and the energy is checked by a second route on runs of the method.
"""
import itertools

import numpy as np
import pytest
from sympy import Le, Rational, cancel, expand, oo

from symflow.core import FValue, L, k, linearize, norm2, r, s, x, x0, x_star
from symflow.lyapunov.discrete import _history_is_the_start
from symflow.methods import heavy_ball, nesterov


@pytest.fixture(scope="module")
def sbc():
    from symflow.catalogue import get

    return get("energy-nesterov-r-discrete").run()


def test_sbc_theorem_6_is_proved_on_r_at_least_3_and_s_at_most_1_over_L(sbc):
    cert = sbc.result
    assert sbc.status == "proved" and all(c.passed for c in sbc.checks) and cert.identity() == 0
    assert dict(cert.region.sets)[r].start == 3 and dict(cert.region.sets)[r].end is oo
    assert cert.region.relations == (Le(s, 1 / L),)
    assert cert.region.contains({r: 3, s: 1, L: 1}) is True       # Nesterov's method, s = 1/L
    assert cert.region.contains({r: Rational(5, 2), s: 1, L: 1}) is False
    assert cert.region.contains({r: 4, s: 2, L: 1}) is False


def test_the_bound_has_sbc_constant_and_the_price_of_starting_at_k_0(sbc):
    bound = sbc.result.bound
    gap0 = FValue(x0) - FValue(x_star)
    expected = (2 * (r - 2) ** 2 * s * gap0 + (r - 1) ** 2 * norm2(x0 - x_star)) / (2 * s * (k + r - 2) ** 2)
    assert bound.lhs == FValue(x(k)) - FValue(x_star)
    assert cancel(expand(linearize(bound.rhs - expected))) == 0
    # SBC Thm 6: (r - 1)^2 |x0 - x*|^2 / (2 s (k + r - 2)^2) is the term in |x0 - x*|^2
    sbc_term = (r - 1) ** 2 * norm2(x0 - x_star) / (2 * s * (k + r - 2) ** 2)
    rest = cancel(expand(linearize(bound.rhs - sbc_term)))
    assert cancel(expand(linearize(rest - (r - 2) ** 2 * gap0 / (k + r - 2) ** 2))) == 0


def test_the_history_before_x0_is_read_as_x0_only_when_that_is_the_methods_start():
    z = x(k) + (k - 1) / (r - 1) * (x(k) - x(k - 1))
    energy = (k + r - 2) ** 2 * (FValue(x(k)) - FValue(x_star)) + norm2(z - x_star)
    assert _history_is_the_start(nesterov(r), energy) == {x(-1): x(0)}
    # heavy ball starts with x_1 = x_0 - 2 s grad f(x_0)/(1 + sqrt(mu s)), not an update read at k = 0
    assert _history_is_the_start(heavy_ball(), norm2(x(k) - x(k - 1))) is None


def test_second_route_the_energy_decays_on_runs_of_the_method():
    # f = sum log(1 + exp(a_i . z)) + |z|^2/200, L <= |A|^2/4 + 1/100; x* found by Newton's method
    rng = np.random.default_rng(3)
    A = rng.normal(size=(20, 4))
    lv = np.linalg.norm(A, 2) ** 2 / 4 + 0.01

    def f(z):
        return float(np.sum(np.logaddexp(0, A @ z)) + z @ z / 200)

    def grad(z):
        return A.T @ (1 / (1 + np.exp(-(A @ z)))) + z / 100

    xs = np.zeros(4)
    for _ in range(50):
        p = 1 / (1 + np.exp(-(A @ xs)))
        H = A.T @ (A * (p * (1 - p))[:, None]) + np.eye(4) / 100
        xs = xs - np.linalg.solve(H, grad(xs))
    fs = f(xs)
    for rv in (3.0, 4.5):
        sv = 1 / lv
        xk = [rng.normal(size=4) * 2]
        y = xk[0]
        for kk in range(1, 200):
            xk.append(y - sv * grad(y))
            y = xk[-1] + (kk - 1) / (kk + rv - 1) * (xk[-1] - xk[-2])
        history = [xk[0]] + xk   # x_{-1} = x_0
        energies = []
        for kk, (before, now) in enumerate(itertools.pairwise(history)):
            zk = now + (kk - 1) / (rv - 1) * (now - before)
            energies.append(2 * sv / (rv - 1) * (kk + rv - 2) ** 2 * (f(now) - fs) + (rv - 1) * (zk - xs) @ (zk - xs))
        for e0, e1 in itertools.pairwise(energies):
            assert e1 <= e0 * (1 + 1e-9) + 1e-9
        gap = f(xk[-1]) - fs
        assert gap <= ((2 * (rv - 2) ** 2 * sv * (f(xk[0]) - fs) + (rv - 1) ** 2 * (xk[0] - xs) @ (xk[0] - xs))
                       / (2 * sv * (len(xk) - 1 + rv - 2) ** 2))
