"""Gram-coordinate scalars along runs (gram_values, method_decay, energy_decay) against direct NumPy, and minimiser."""
import numpy as np
import pytest
from sympy import sqrt

from symflow.catalogue.energy_nesterov_r_discrete import sbc_energy
from symflow.core import FValue, NablaF, UnsupportedError, X, grad, inner, k, mu, norm2, r, s, t, x0, x_star
from symflow.core.errors import ObjectiveError
from symflow.limit import continuous_limit
from symflow.methods import nesterov
from symflow.numeric import decay_grid, energy_decay, gram_values, method_decay, minimiser
from symflow.parse import parse_objective

A = np.diag([0.04, 0.01])
QUADRATIC = parse_objective("0.02*x1**2 + 0.005*x2**2")


def test_hessian_action_and_gradients_at_combined_points():
    rng = np.random.default_rng(0)
    P, V = rng.normal(size=(7, 2)), rng.normal(size=(7, 2))
    ts = np.linspace(1, 2, 7)
    V_t = X(t).diff(t)
    expr = inner(NablaF(X(t), V_t), V_t) * t + norm2(grad(X(t) + sqrt(s) * V_t)) - mu * FValue(x_star)
    got = gram_values(expr, QUADRATIC, {X(t): P, V_t: V, x_star: [0.0, 0.0]}, {"t": ts, "s": 0.25, "mu": 3.0})
    direct = (np.einsum("ij,jk,ik->i", V, A, V) * ts
              + np.sum(((P + 0.5 * V) @ A) ** 2, axis=1))
    assert np.allclose(got, direct, rtol=1e-13, atol=1e-15)
    with pytest.raises(UnsupportedError, match="no value for mu"):
        gram_values(mu * norm2(X(t)), QUADRATIC, {X(t): P}, {})


def test_sbc_discrete_energy_along_nesterov_equals_its_formula():
    # E_k = 2s/(r-1) (k+r-2)^2 (f(x_k) - f*) + (r-1)|x_k + (k-1)/(r-1)(x_k - x_{k-1}) - x*|^2, computed by hand
    step, rr = 0.25, 4.0
    run = method_decay(nesterov(r), QUADRATIC, [1.0, 1.0], step_size=step, horizon=10.0, parameters={"r": rr},
                       minimum=(np.zeros(2), 0.0), energy=sbc_energy(),
                       bound=(r - 1) ** 2 * norm2(x0 - x_star) / (2 * s * (k + r - 2) ** 2))
    k_, xs = run["k"], run["x"]
    assert k_[0] == 1 and run["t"] == pytest.approx(k_ * np.sqrt(step))   # x(k - 1) is needed: k starts at 1
    full = method_decay(nesterov(r), QUADRATIC, [1.0, 1.0], step_size=step, horizon=10.0, parameters={"r": rr},
                        minimum=(np.zeros(2), 0.0))["x"]
    assert np.array_equal(full[k_], xs)
    assert np.allclose(run["bound"], 9 * 2 / (2 * step * (k_ + 2.0) ** 2), rtol=1e-13)
    f = 0.5 * np.einsum("ij,jk,ik->i", xs, A, xs)
    z = xs + (k_[:, None] - 1) / (rr - 1) * (xs - full[k_ - 1])
    direct = 2 * step / (rr - 1) * (k_ + rr - 2) ** 2 * f + (rr - 1) * np.sum(z ** 2, axis=1)
    assert np.allclose(run["energy"], direct, rtol=1e-13)
    assert np.all(np.diff(run["energy"]) <= 1e-13)      # the entry's energy does not increase (s <= 1/L)


def test_energy_decay_of_sbc_on_the_bessel_quadratic():
    ode = continuous_limit(nesterov()).ode
    energy = t ** 2 * (FValue(X(t)) - FValue(x_star)) + 2 * norm2(X(t) + t * X(t).diff(t) / 2 - x_star)
    run = energy_decay(energy, ode, QUADRATIC, [1.0, 1.0], decay_grid(0.0, 30.0, points=50),
                       bound=2 * norm2(x0 - x_star) / t ** 2)
    assert run["energy"][0] == pytest.approx(4.0, abs=1e-12)           # E(0) = 2|x0 - x*|^2
    assert np.all(np.diff(run["energy"]) <= 1e-12)
    later = run["t"] > 0
    assert np.all(run["gap"][later] <= run["bound"][later]) and np.isnan(run["bound"][0])


def test_minimiser_of_a_smooth_non_quadratic():
    f = parse_objective("log(exp(x1 - 1) + exp(1 - x1)) + (x2 + 2)**2/2 + x1**2/10")
    point, value = minimiser(f, [4.0, 4.0])
    assert np.linalg.norm(f.numeric().gradient(point)) < 1e-9 and point[1] == pytest.approx(-2.0, abs=1e-9)
    with pytest.raises(ObjectiveError, match="no minimiser"):
        minimiser(parse_objective("x1 + x2**2"), [0.0, 1.0])
