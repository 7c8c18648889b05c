"""Discrete runs from the method's own updates; SBC Thm 2 as a fitted order; SBC Figure 1 as data."""
import os

import numpy as np
import pytest
from sympy import Eq

from symflow.catalogue.checks.figures import sbc_figure1
from symflow.core import (
    DivergenceError,
    Method,
    MethodError,
    ObjectiveError,
    grad,
    k,
    r,
    s,
    vector_function,
)
from symflow.limit import continuous_limit
from symflow.methods import (
    gradient_descent,
    heavy_ball,
    heavy_ball_momentum,
    nag_c,
    nesterov,
    nesterov_one_sequence,
)
from symflow.numeric import (
    compare_with_ode,
    comparison_figure,
    quadratic,
    run_method,
    simulate_method,
)
from symflow.parse import parse_objective

A = np.diag([1.0, 0.2])
x = vector_function("x")


def test_gradient_descent_is_the_matrix_power():
    xs = run_method(gradient_descent(), quadratic(A), [1.0, 2.0], step_size=0.3, iterations=5)
    expected = [np.linalg.matrix_power(np.eye(2) - 0.3 * A, j) @ [1.0, 2.0] for j in range(6)]
    assert np.allclose(xs, expected, rtol=1e-14)


def test_two_formulations_of_nesterov_give_the_same_iterates():
    f = parse_objective("x1**4/4 + x1*x2 + x2**2")
    for friction in (3, r):
        params = {"r": 5} if friction is r else None
        a = run_method(nesterov(friction), f, [1.0, -1.0], step_size=0.05, iterations=50, parameters=params)
        b = run_method(nesterov_one_sequence(friction), f, [1.0, -1.0], step_size=0.05, iterations=50,
                       parameters=params)
        assert np.allclose(a, b, rtol=1e-13, atol=1e-15)


def test_heavy_ball_two_forms_and_initial_step():
    f = quadratic(A)
    a = run_method(heavy_ball(), f, [1.0, 1.0], step_size=0.1, iterations=3, parameters={"mu": 0.2})
    assert np.allclose(a[1], [1.0, 1.0] - 2 * 0.1 * (A @ [1.0, 1.0]) / (1 + np.sqrt(0.02)))
    run = simulate_method(nag_c(), f, [1.0, 1.0], step_size=0.1, iterations=3)
    assert np.allclose(run.sequence("y")[1], [1.0, 1.0] - 0.1 * (A @ [1.0, 1.0]))
    hb = run_method(heavy_ball_momentum(), f, [1.0, 1.0], step_size=0.1, iterations=3, parameters={"mu": 0.2})
    assert hb.shape == (4, 2)


def test_implicit_step_is_solved_for_quadratics_and_refused_otherwise():
    proximal = Method("proximal-point", ("x",), (Eq(x(k + 1), x(k) - s * grad(x(k + 1))),))
    xs = run_method(proximal, quadratic(A), [1.0, 1.0], step_size=0.5, iterations=3)
    expected = [np.linalg.matrix_power(np.linalg.inv(np.eye(2) + 0.5 * A), j) @ [1.0, 1.0] for j in range(4)]
    assert np.allclose(xs, expected, rtol=1e-14)
    with pytest.raises(MethodError, match="implicit"):
        run_method(proximal, parse_objective("x1**4"), [1.0], step_size=0.5, iterations=3)


def test_bad_input():
    with pytest.raises(MethodError, match="needs a value for r"):
        run_method(nesterov(r), quadratic(A), [1.0, 1.0], step_size=0.1, iterations=3)
    with pytest.raises(ObjectiveError, match="dimension"):
        run_method(nesterov(), quadratic(A), [1.0, 1.0, 1.0], step_size=0.1, iterations=3)
    with pytest.raises(DivergenceError, match="diverged"):
        run_method(gradient_descent(), quadratic(A), [1.0, 1.0], step_size=10.0, iterations=2000)
    with pytest.raises(MethodError, match="step size"):
        run_method(gradient_descent(), quadratic(A), [1.0, 1.0], step_size=-1.0, iterations=2)
    backwards = Method("needs-past", ("x",), (Eq(x(k + 1), x(k - 1) - s * grad(x(k))),))
    with pytest.raises(MethodError, match=r"x\(-1\)"):
        run_method(backwards, quadratic(A), [1.0, 1.0], step_size=0.1, iterations=2)


@pytest.mark.parametrize("r_value", [3, 2, 5])
def test_sbc_theorem_2_order_in_sqrt_s_for_several_r(r_value):
    f = parse_objective("x1**2/2 + x2**2/8")
    data = compare_with_ode(nesterov(r), continuous_limit(nesterov(r)).ode, f, [1.0, 1.0], step_sizes=[0.04, 0.01, 0.0025], horizon=5.0,
                            parameters={"r": r_value})
    errors = [run["error"] for run in data["runs"]]
    steps = [run["s"] for run in data["runs"]]
    assert errors[0] > errors[1] > errors[2]
    slope = np.polyfit(np.log(steps), np.log(errors), 1)[0]   # error = O(s^(1/2)) = O(sqrt(s))
    assert 0.4 < slope < 0.6


def test_sbc_figure_1_data_and_plot(tmp_path):
    data = sbc_figure1(horizon=60.0)
    errors = [run["error"] for run in data["runs"]]
    assert errors[0] > errors[1] > errors[2]
    from scipy.special import j1
    ts = data["ode"]["t"][1:]
    bessel = np.stack([2 * j1(np.sqrt(l) * ts) / (np.sqrt(l) * ts) for l in (0.04, 0.01)], axis=1)
    assert np.max(np.abs(data["ode"]["X"][1:] - bessel)) < 1e-9
    figure = comparison_figure(data)
    left, right = figure.axes
    assert len(left.lines) == 1 + len(data["runs"]) and right.get_yscale() == "log"
    out = tmp_path / "figure1.png"
    figure.savefig(out)
    assert out.stat().st_size > 1000 and os.listdir(tmp_path) == ["figure1.png"]
