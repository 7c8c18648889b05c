"""Symplectic Euler of NAG-SC's high-resolution ODE: SDJS's energy (2.6) proves an accelerated rate on S_{mu,L}.

Shi, Du, Su, Jordan (2019), arXiv:1902.03694 (abstract, retrieved): the symplectic scheme of the high-resolution
ODE accelerates on smooth strongly convex functions. The energy is SDJS's (2.6) (entry energy-nag-sc-discrete);
the step size 1/(8L) for every L > mu is derived here (the region), not quoted.
"""
import math

import numpy as np
import pytest
from sympy import Rational, sqrt

from symflow.catalogue import get
from symflow.catalogue.energy_nag_sc_symplectic import RATE_NEXT, symplectic_scheme
from symflow.catalogue.kinds.lyapunov import contains_accelerated_step
from symflow.core import L, mu, s
from symflow.numeric import run_method
from symflow.parse import parse_objective


@pytest.fixture(scope="module")
def derivation():
    return get("energy-nag-sc-symplectic").run()


def test_the_scheme_steps_the_position_first():
    scheme = symplectic_scheme()
    x_update, v_update = scheme.updates
    assert str(x_update.rhs) == "sqrt(s)*v(k) + x(k)"                   # x_{k+1} = x_k + sqrt(s) v_k
    assert "NablaF(x(k + 1))" in str(v_update.rhs)                      # the velocity sees the new point


def test_sdjs_energy_is_proved_with_an_accelerated_step(derivation):
    assert derivation.status == "proved" and all(c.passed for c in derivation.checks)
    assert any("s = 1/(8·L) for every L > μ" in c.description and c.passed for c in derivation.checks)
    cert = derivation.result
    assert cert.rate == RATE_NEXT and cert.rate_form == "next" and cert.identity() == 0


def test_the_region_is_exact_about_the_step(derivation):
    region = derivation.result.region
    assert contains_accelerated_step(region, Rational(1, 8))
    # 1/(4L) (SDJS's step for NAG-SC itself) leaves the region for L slightly above mu, though not for large L
    assert not contains_accelerated_step(region, Rational(1, 4))
    assert region.contains({mu: 1, L: Rational(5, 4), s: Rational(1, 5)}) is False
    assert region.contains({mu: 1, L: 100, s: Rational(1, 400)}) is True
    assert region.contains({mu: 1, L: 10**6, s: Rational(1, 8 * 10**6)}) is True


def test_the_energy_contracts_along_a_run_on_a_non_quadratic_function():
    # second route: f(x) = mu x^2/2 + (L - mu) log cosh x has mu <= f'' <= L (x* = 0, f* = 0); run the scheme and
    # evaluate E_k from its definition: (1 + rho) E_(k+1) <= E_k at every step
    m, big = 1.0, 100.0
    f = parse_objective(f"{m / 2}*x1**2 + {big - m}*log(cosh(x1))")
    step = 1 / (8 * big)
    xs = run_method(symplectic_scheme(), f, [3.0], step_size=step, iterations=60, parameters={mu: m})[:, 0]

    def grad(z):
        return m * z + (big - m) * math.tanh(z)

    def value(z):
        return m * z**2 / 2 + (big - m) * math.log(math.cosh(z))

    h = math.sqrt(m * step)
    rho = float(RATE_NEXT.subs({mu: m, s: step}))

    def energy(j):
        v = (xs[j + 1] - xs[j]) / math.sqrt(step)
        return ((1 + h) / (1 - h) * value(xs[j]) + v**2 / 4
                + (v + 2 * math.sqrt(m) / (1 - h) * xs[j + 1] + math.sqrt(step) * grad(xs[j]))**2 / 4
                - step * grad(xs[j])**2 / (2 * (1 - h)))

    E = np.array([energy(j) for j in range(len(xs) - 1)])
    assert E.min() > 1e-9 * E[0]   # still far from round-off
    assert np.all((1 + rho) * E[1:] <= E[:-1] * (1 + 1e-9))
    assert E[-1] <= E[0] * (1 + rho) ** -(len(E) - 1) * (1 + 1e-9)   # the telescoped bound
    assert abs(float(sqrt(mu * s).subs({mu: m, s: step})) - h) < 1e-15
