"""Quadratic analysis: iteration matrices, eigenvalues, stable steps, contraction factors vs runs."""
import numpy as np
import pytest
from sympy import Rational, cancel, limit

from symflow.core import QuadraticAnalysisError, q_s, rho, z
from symflow.discretize import discretize, measured_contraction, quadratic_analysis
from symflow.limit import continuous_limit
from symflow.methods import gradient_descent, heavy_ball, nag_c, nag_sc
from symflow.numeric import quadratic, run_method

MU, L = 0.01, 1.0


@pytest.fixture(scope="module")
def odes():
    return {0: continuous_limit(nag_sc(), order=0).ode, 1: continuous_limit(nag_sc(), order=1).ode}


def test_gradient_descent_matrix_and_step():
    qa = quadratic_analysis(gradient_descent())
    assert qa.eigenvalues == (1 - z,)
    assert qa.largest_z() == 2
    assert qa.rate_at_mu() == 1 - q_s ** 2


def test_nag_sc_eigenvalues_and_iteration_matrix():
    qa = quadratic_analysis(nag_sc())
    a1, a0 = qa.coefficients[1:]
    assert cancel(a1 - 2 * (z - 1) / (1 + q_s)) == 0
    assert cancel(a0 - (1 - z) * (1 - q_s) / (1 + q_s)) == 0
    assert qa.matrix.shape == (2, 2)
    assert cancel(qa.matrix.charpoly(rho).as_expr() - qa.polynomial) == 0
    lam1, lam2 = qa.eigenvalues
    assert cancel((lam1 * lam2 - a0).expand()) == 0
    assert qa.acceleration_exponent() == Rational(1, 2)


@pytest.mark.parametrize("order,scheme,exponent,z_limit", [
    (0, "explicit", 1, 0), (0, "symplectic", Rational(1, 2), 4), (0, "symplectic-vx", Rational(1, 2), 4),
    (0, "implicit", Rational(1, 2), None), (1, "symplectic", Rational(1, 2), Rational(4, 3)),
    (1, "explicit", Rational(1, 2), 2), (1, "implicit", Rational(1, 2), None)])
def test_acceleration_of_each_scheme(odes, order, scheme, exponent, z_limit):
    qa = quadratic_analysis(discretize(odes[order], scheme))
    assert qa.acceleration_exponent() == exponent
    zmax = qa.largest_z()
    if z_limit is None:
        assert zmax.is_infinite
    else:
        assert limit(zmax, q_s, 0) == z_limit


def test_explicit_low_resolution_needs_a_step_of_order_mu_over_L_squared(odes):
    qa = quadratic_analysis(discretize(odes[0], "explicit"))
    assert qa.largest_z() == 2 * q_s              # sL < 2 sqrt(mu s)  <=>  s < 4 mu / L^2
    assert qa.largest_step(MU, L) == pytest.approx(4 * MU / L ** 2, rel=1e-6)
    assert qa.contraction_factor(1 / L, MU, L) > 1


@pytest.mark.parametrize("order,scheme,step", [
    (0, "explicit", 0.02), (0, "symplectic", 0.5), (0, "symplectic-vx", 0.5),
    (1, "explicit", 0.5), (1, "symplectic", 0.5), (1, "symplectic-vx", 0.5)])
def test_predicted_contraction_matches_a_run(odes, order, scheme, step):
    """Second route: run the produced method (symflow.numeric.iterate) in d = 6 and measure its contraction."""
    eigenvalues = np.geomspace(MU, L, 6)
    method = discretize(odes[order], scheme)
    predicted = quadratic_analysis(method).contraction_on(eigenvalues, step, MU)
    xs = run_method(method, quadratic(np.diag(eigenvalues)), np.ones(6), step_size=step, iterations=3000,
                    parameters={"mu": MU})
    measured = measured_contraction(xs, first=1000, last=3000, window=100)
    assert abs(measured - predicted) < 0.02 * (1 - predicted)


def test_heavy_ball_and_nag_sc_contract_like_one_minus_sqrt_mu_over_L():
    for method in (heavy_ball(), nag_sc()):
        qa = quadratic_analysis(method)
        rates = [qa.contraction_factor(1 / L_v, 1.0, L_v) for L_v in (1e2, 1e4)]
        # 1 - rho scales like (mu/L)^(1/2): a factor 100 in L divides it by about 10
        assert 7 < (1 - rates[0]) / (1 - rates[1]) < 13
    gd = quadratic_analysis(gradient_descent())
    ratio = (1 - gd.contraction_factor(1 / 1e2, 1.0, 1e2)) / (1 - gd.contraction_factor(1 / 1e4, 1.0, 1e4))
    assert ratio == pytest.approx(100, rel=1e-6)


def test_time_varying_method_is_refused():
    with pytest.raises(QuadraticAnalysisError, match="depends on k"):
        quadratic_analysis(nag_c())


def test_implicit_step_solved_on_quadratic(odes):
    qa = quadratic_analysis(discretize(odes[0], "implicit"))
    assert qa.lead.has(z)        # the coefficient of x_{k+1} involves s*lambda: the step was solved
    assert qa.contraction_factor(100.0, MU, L) < 1


def test_measured_contraction_refuses_bad_windows():
    with pytest.raises(QuadraticAnalysisError):
        measured_contraction(np.ones((10, 2)), first=5, last=20)
