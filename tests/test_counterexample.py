"""Counterexamples: found for false claims, checked on a second route, never invented for true ones."""
import numpy as np
from sympy import sqrt

from symflow.catalogue import get
from symflow.catalogue.energy_nesterov_r2 import _setup as r2_setup
from symflow.catalogue.energy_sc_flow_too_fast import _setup as fast_setup
from symflow.core import ODE, X, grad, mu, norm2, t, x_star
from symflow.lyapunov import (
    candidate_functions,
    convex,
    derivative_along,
    evaluate,
    f_gap,
    refute,
    verification,
    verify,
)

Xt = X(t)


def finite_difference_derivative(energy, ode, c):
    """dE/dt at the counterexample's state, from the integrated trajectory (not the Gram derivative)."""
    times, energies = np.array(c.times), np.array(c.energies)
    return (energies[1] - energies[0]) / (times[1] - times[0])


def test_r2_claim_is_refuted_by_a_convex_function():
    energy, ode, cls = r2_setup()
    c = refute(energy, ode, cls)
    assert c is not None and c.derivative > 0 and c.increases and c.in_class
    f = c.function
    # convexity of the function along random points (Hessian eigenvalues >= 0)
    rng = np.random.default_rng(3)
    assert all(np.linalg.eigvalsh(f.hess(rng.normal(size=3) * 5)).min() >= -1e-12 for _ in range(20))
    # second route: the energy increases along the integrated ODE at the rate the Gram derivative says
    assert finite_difference_derivative(energy, ode, c) > 0
    assert abs(finite_difference_derivative(energy, ode, c) - c.derivative) <= 0.05 * c.derivative
    # and on quadratics the r = 2 derivative vanishes: 4t(f - f*) - 2t<grad f, X - x*> = 0
    q = candidate_functions(0.0, 3.0)[0]
    state = {Xt: np.array([1.0, -2.0, 0.5]), Xt.diff(t): np.array([0.3, 0.1, -1.0])}
    assert abs(evaluate(derivative_along(energy, ode), q, state, {t: 2.0})) < 1e-9


def test_too_fast_rate_is_refuted_on_a_quadratic():
    energy, ode, cls = fast_setup()
    c = refute(energy, ode, cls, rate=2 * sqrt(mu), values={mu: 1.0})
    assert c is not None and c.increases and c.in_class and c.derivative > 0


def test_true_claim_gets_no_counterexample():
    energy = t * f_gap() + norm2(Xt - x_star) / 2
    assert refute(energy, ODE(-grad(Xt), 1), convex(), samples=60) is None


def test_verify_reports_refuted_with_the_counterexample():
    energy, ode, cls = r2_setup()
    v = verify(energy, ode, cls)
    assert v.status == "refuted" and v.counterexample is not None and v.bound is None


def test_unknown_is_never_proved(monkeypatch):
    """When neither a certificate nor a counterexample is found, the verdict is 'unknown'."""
    monkeypatch.setattr(verification, "refute", lambda *a, **k: None)
    energy, ode, cls = r2_setup()
    v = verification.verify(energy, ode, cls)
    assert v.status == "unknown"
    assert any(step.title == "Unknown" for step in v.steps)


def test_catalogue_refutations():
    for name in ("energy-nesterov-r2", "energy-sc-flow-too-fast", "energy-sc-flow-four-thirds-variant"):
        d = get(name).run()
        assert d.status == "refuted" and all(c.passed for c in d.checks)
