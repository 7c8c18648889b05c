"""Energies derived from inertial proximal schemes (implicit Euler of Nesterov's ODE and of WWJ's p = 3 flow):
the coefficients against the schemes written by hand, the certificates, and the bounds against runs."""
import numpy as np
import pytest
from sympy import Eq, Rational, S, limit, oo, sqrt

from symflow.catalogue import get
from symflow.catalogue.energy_nesterov_implicit import implicit_scheme as nesterov_implicit
from symflow.catalogue.energy_wwj_p3_implicit import implicit_scheme as p3_implicit
from symflow.core import C, FValue, Inner, NablaF, UnsupportedError, k, s, x, x0, x_star
from symflow.discretize import discretize
from symflow.limit import continuous_limit
from symflow.lyapunov import certify_step, convex, inertial_coefficients, inertial_energy
from symflow.methods import Method, nesterov
from symflow.numeric import gram_values, quadratic, simulate_method


@pytest.fixture(scope="module")
def nesterov_entry():
    return get("energy-nesterov-implicit").run()


@pytest.fixture(scope="module")
def p3_entry():
    return get("energy-wwj-p3-implicit").run()


def test_coefficients_are_the_schemes_written_by_hand():
    # implicit Euler of X'' + (a/t)X' + c(t) grad f = 0, step h = sqrt(s), t_(k+1) = (k + 2)h:
    # (1 + a h/t_(k+1)) v_(k+1) = v_k - h c(t_(k+1)) grad f(x_(k+1)), x_(k+1) = x_k + h v_(k+1)
    beta, gamma = inertial_coefficients(nesterov_implicit())
    assert (beta - (k + 2) / (k + 5)).cancel() == 0 and (gamma - s * (k + 2) / (k + 5)).cancel() == 0
    beta, gamma = inertial_coefficients(p3_implicit())
    t1 = (k + 2) * sqrt(s)
    assert (beta - (k + 2) / (k + 6)).cancel() == 0
    assert (gamma - s * 9 * C * t1 * (k + 2) / (k + 6)).cancel() == 0


def test_estimate_sequence_identities():
    for scheme in (nesterov_implicit(), p3_implicit()):
        found = inertial_energy(scheme)
        # tau_(k-1) = 1 + tau_k beta_k, and the weight's ratio is tau_k^2 gamma_k / A_(k+1)
        assert (found.tau.subs(k, k - 1) - 1 - found.tau * found.beta).cancel() == 0
        area = found.tau * found.gamma * (found.tau - 1)
        ratio = found.tau ** 2 * found.gamma / area.subs(k, k + 1)
        assert (found.weight.subs(k, k + 1) / found.weight - ratio).cancel() == 0
        assert limit(found.weight, k, oo) == 1


def test_nesterov_implicit_proved_for_every_step(nesterov_entry):
    cert = nesterov_entry.result
    assert nesterov_entry.status == "proved" and cert.region.text() == "True" and cert.identity() == 0
    # a_k of degree 2 in k and 1 in s: the ODE's 1/t^2 at t = k sqrt(s)
    assert limit(cert.weight / (s * k ** 2), k, oo) == Rational(1, 4)
    # the coefficient of |x0 - x*|^2 times t_k^2 = (k + 1)^2 s tends to 4; the ODE's rate (SBC Thm 3) has 2
    rhs = cert.bound.rhs
    coefficient = rhs.coeff(Inner(x0, x0)) if rhs.is_Add else (rhs.expand().coeff(Inner(x0, x0)))
    assert limit(coefficient * (k + 1) ** 2 * s, k, oo) == 4


def test_p3_implicit_proved_for_every_step(p3_entry):
    cert = p3_entry.result
    assert p3_entry.status == "proved" and cert.region.text() == "True" and cert.identity() == 0
    assert limit(cert.weight / (C * s ** Rational(3, 2) * k ** 3), k, oo) == 1


def _gram(expr, f, xs, xprev, values):
    return gram_values(expr, f, {x(k): xs, x(k - 1): xprev, x_star: np.zeros(xs.shape[1]), x0: xs[0]}, values)


@pytest.mark.parametrize("which", ["nesterov", "p3"])
@pytest.mark.parametrize("step", [0.01, 1.0, 25.0])
def test_bound_and_energy_along_runs_on_a_degenerate_quadratic(which, step, nesterov_entry, p3_entry):
    # convex, not strongly convex: eigenvalues 0, 1/2, 3, 80; the run uses the scheme's own updates
    derivation, scheme, values = ((nesterov_entry, nesterov_implicit(), {}) if which == "nesterov"
                                  else (p3_entry, p3_implicit(), {"C": 1 / 9}))
    f = quadratic(np.diag([0.0, 0.5, 3.0, 80.0]))
    start = np.array([0.0, 1.0, -2.0, 0.5])
    n = 300
    run = simulate_method(scheme, f, start, step_size=step, iterations=n, parameters=values)
    xs = run.primary
    xprev = np.vstack([xs[:1], xs[:-1]])  # x_(-1) = x_0 (v_0 = 0)
    ks = np.arange(n + 1, dtype=float)
    scalars = {"k": ks, "s": step, **values}
    energy = _gram(derivation.result.energy, f, xs, xprev, scalars)
    assert np.all(np.diff(energy) <= 1e-9 * np.maximum(1.0, energy[:-1]))
    gap = np.array([f.value(p) for p in xs])
    bound = gram_values(derivation.result.bound.rhs, f, {x0: xs[0], x_star: np.zeros(4)}, scalars)
    assert np.all(gap <= bound * (1 + 1e-9))


def test_nonsmooth_run_against_the_bound(nesterov_entry):
    # f(x) = |x|_1, the proximal step is soft thresholding; the scheme written by hand
    cert = nesterov_entry.result
    step, n = 0.5, 400
    start = np.array([3.0, -1.0, 0.25])
    x_prev = x_cur = start
    f0 = float(np.abs(start).sum())
    bound = lambda j: float(cert.bound.rhs.subs({k: j, s: step, FValue(x0): f0, FValue(x_star): 0,
                                                 Inner(x0, x0): float(start @ start), Inner(x_star, x0): 0,
                                                 Inner(x_star, x_star): 0}))
    for j in range(n):
        beta, gamma = (j + 2) / (j + 5), step * (j + 2) / (j + 5)
        y = x_cur + beta * (x_cur - x_prev)
        x_prev, x_cur = x_cur, np.sign(y) * np.maximum(np.abs(y) - gamma, 0.0)
        assert np.abs(x_cur).sum() <= bound(j + 1) + 1e-12


def test_not_an_inertial_proximal_method():
    explicit = discretize(continuous_limit(nesterov()).ode, "explicit", offset=1)
    with pytest.raises(UnsupportedError, match="not an inertial proximal method"):
        inertial_energy(explicit)
    squared = Method("squared", ("x",), (Eq(x(k + 1), x(k) + (k / (k + 3)) ** 2 * (x(k) - x(k - 1))
                                            - s * NablaF(x(k + 1))),), step_size=s)
    with pytest.raises(UnsupportedError, match="no sequence tau_k"):
        inertial_energy(squared)


def test_the_derived_energy_is_decided_not_assumed():
    # the same construction with the inertia of Nesterov's method (k - 1)/(k + 2) and a fixed prox step:
    # the engine proves it (Guler-type accelerated proximal point), from k = 1
    prox = Method("prox", ("x",), (Eq(x(k + 1), x(k) + (k - 1) / (k + 2) * (x(k) - x(k - 1))
                                      - s * NablaF(x(k + 1))),), step_size=s, start=1)
    found = inertial_energy(prox)
    cert = certify_step(found.energy, prox, convex(), start=1)
    assert cert.status == "proved" and cert.identity() == 0


def test_rates_table_cells():
    table = get("rates-table").run()
    rows = {row[0]: row for row in table.result.rows}
    for label in ("Nesterov's ODE, convex (L-smooth for the method)", "WWJ's p = 3 flow, convex"):
        assert rows[label][3].endswith("with an energy derived from the scheme (proved)")
    assert table.status == "proved"


def test_a_parameter_in_the_momentum_gives_a_region():
    # the proximal version of SBC's generalized scheme, momentum (k - 1)/(k + r - 1): whether the step leaves a
    # surplus depends on r, so the unweighted energy is the candidate, and the certificate's region is r >= 3
    # (SBC, JMLR 17 (2016), Thm 6, need r >= 3 for their gradient version too)
    from symflow.core import r
    prox = Method("prox-r", ("x",), (Eq(x(k + 1), x(k) + (k - 1) / (k + r - 1) * (x(k) - x(k - 1))
                                        - s * NablaF(x(k + 1))),), parameters=(r,), step_size=s, start=1)
    found = inertial_energy(prox)
    assert found.weight == 1 and (found.tau - (k + r - 1) / (r - 1)).cancel() == 0
    cert = certify_step(found.energy, prox, convex(), start=1)
    assert cert.status == "proved" and cert.region.text() == "r >= 3" and cert.identity() == 0
    assert [cert.region.contains({r: v}) for v in (2, 3, 5)] == [False, True, True]


def test_a_vanishing_weight_is_refused_not_proved():
    # gamma_0 = 0: the weight's product has the factor 0 at k = 0, and the energy would be 0 (a vacuous proof)
    stalled = Method("stalled", ("x",), (Eq(x(k + 1), x(k) + (k + 2) / (k + 5) * (x(k) - x(k - 1))
                                           - s * k * NablaF(x(k + 1))),), step_size=s)
    with pytest.raises(UnsupportedError, match="vanishes|not a rational function"):
        inertial_energy(stalled)


def test_an_ascent_step_gets_no_energy():
    ascent = Method("ascent", ("x",), (Eq(x(k + 1), x(k) + (k + 2) / (k + 5) * (x(k) - x(k - 1))
                                         + s * NablaF(x(k + 1))),), step_size=s)
    with pytest.raises(UnsupportedError, match="not positive"):
        inertial_energy(ascent)
