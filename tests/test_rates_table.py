"""The rates table (issue: where discretization keeps or breaks the rate): each cell against the literature.

Every number below is read from the engine's derivation of ``rates-table``; the expected values are the
literature's (gradient flow and gradient descent: Nesterov 2004, Thm 2.1.15's 2μL/(μ + L); NAG-SC: SDJS
Lemma 3.4's √(μs)/6, so √μ/6 per unit time t = k√s; Polyak's heavy ball: Lessard, Recht, Packard 2016).
"""
import pytest
from sympy import Rational, cancel, oo, sqrt

from symflow.catalogue import derived
from symflow.catalogue.rates_table import frozen_instability, per_unit_time
from symflow.core import L, lam, mu, s
from symflow.discretize import discretize
from symflow.limit import continuous_limit
from symflow.methods import gradient_descent, nag_sc


@pytest.fixture(scope="module")
def table():
    return derived("rates-table")


def test_every_check_of_the_table_passes(table):
    assert table.status == "proved"
    failed = [c.description for c in table.checks if not c.passed]
    assert not failed, failed


def test_the_table_has_one_row_per_ode_and_one_cell_per_scheme(table):
    rows = table.result.rows
    assert len(rows) == 5 and all(len(row) == 6 for row in rows)
    assert [row[0].split(",")[0] for row in rows] == [
        "gradient flow", "high-resolution NAG-SC ODE", "low-resolution NAG-SC / heavy-ball ODE",
        "Nesterov's ODE", "WWJ's p = 3 flow"]
    # explicit Euler of the low-resolution ODE: refuted on quadratics; the high-resolution schemes are not
    assert "not accelerated (refuted)" in rows[2][2]
    assert "not accelerated" not in rows[1][2]
    assert "refuted" in rows[4][2] and "refuted" in rows[4][4] and "refuted" not in rows[4][3]
    # explicit Euler of Nesterov's ODE: unstable on every quadratic; implicit Euler of it and of the p = 3 flow:
    # the ODEs' rates, proved for every step with energies derived from the schemes
    assert "refuted" in rows[3][2] and "(s·(k + 3)·(k + 4))" in rows[3][3] and rows[3][3].endswith("(proved)")
    assert "(k + 3)·(k + 4)·(k + 5))" in rows[4][3] and rows[4][3].endswith("(proved)")
    # the high-resolution ODE beyond quadratics: SDJS's energy loses s = c/L along explicit and implicit Euler
    assert all("its exact region misses s = 1/(1024L)" in rows[1][j] for j in (2, 3))
    # the continuous cell of the high-resolution NAG-SC ODE: SDJS's rate, and their family's best (synthesised)
    assert rows[1][1].startswith("rate √μ/4 (proved)") and "best rate 2√μ, a member on s ≥ 1/μ" in rows[1][1]


def test_nag_sc_keeps_the_accelerated_rate_per_unit_time(table):
    exponent = continuous_limit(nag_sc(), order=1).exponent
    assert exponent == Rational(1, 2)
    rate = derived("energy-nag-sc-discrete").result.rate
    assert cancel(per_unit_time(rate, exponent) - sqrt(mu) / 6) == 0


def test_per_unit_time_is_a_limit_not_a_ratio():
    assert per_unit_time(2 * mu * L * s / (mu + L), 1) == 2 * mu * L / (mu + L)
    assert per_unit_time(mu * s + s**2, 1) == mu
    assert per_unit_time(sqrt(mu * s) / 6 + mu * s, Rational(1, 2)) == sqrt(mu) / 6


def test_frozen_instability_tells_a_stable_method_from_an_unstable_one():
    # gradient descent on a quadratic is a one-step method: its margin stays bounded in k
    _, _, margin = frozen_instability(gradient_descent())
    assert margin != oo
    # explicit Euler of gradient flow has constant coefficients: no growth in k either
    _, _, margin = frozen_instability(discretize(continuous_limit(gradient_descent()).ode, "explicit"))
    assert margin != oo and not margin.has(oo)
    assert lam in margin.free_symbols or margin.is_number
