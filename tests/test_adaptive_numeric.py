"""Adaptive methods in numbers: the derived systems integrated, the methods run, orders of consistency as fitted slopes."""
import numpy as np
import pytest

from symflow.core import IntegrationError, MethodError
from symflow.core.coordinatewise import beta
from symflow.limit import system_limit
from symflow.methods import adam, rmsprop
from symflow.numeric import (
    adaptive_system,
    as_numeric,
    compare_adaptive,
    fitted_order,
    logistic_regression,
    rosenbrock,
    scaled_parameters,
    simulate_adaptive,
    solve_system,
)

STEPS = [0.02, 0.01, 0.005, 0.0025]
OBJECTIVES = {"logistic": (logistic_regression(), [-1.0, -1.0]), "rosenbrock": (rosenbrock(), [-1.0, 1.5])}
VALUES = {"a": 2, "b": 1, "varepsilon": 1e-8}


@pytest.fixture(scope="module")
def limits():
    """Every system derived by the engine, once per module (never typed here)."""
    return {"rmsprop": system_limit(rmsprop()), "adam": system_limit(adam()),
            "adam-no-bias-correction": system_limit(adam(False))}


def _start(name):
    objective, x0 = OBJECTIVES[name]
    f = as_numeric(objective)
    return f, x0, f.gradient(np.array(x0)) ** 2


@pytest.mark.parametrize("objective", sorted(OBJECTIVES))
def test_rmsprop_is_first_order_consistent_with_its_system(limits, objective):
    f, x0, g2 = _start(objective)
    data = compare_adaptive(limits["rmsprop"], f, x0, step_sizes=STEPS, horizon=1.0, values=VALUES,
                            initial={"v": g2})
    assert 0.8 <= data["order"] <= 1.2
    errors = [r["error"] for r in data["runs"]]
    assert all(e2 < e1 for e1, e2 in zip(errors, errors[1:]))


@pytest.mark.parametrize("objective", sorted(OBJECTIVES))
@pytest.mark.parametrize("name", ["adam", "adam-no-bias-correction"])
def test_adam_is_first_order_consistent_with_its_system(limits, name, objective):
    f, x0, _ = _start(objective)
    data = compare_adaptive(limits[name], f, x0, step_sizes=STEPS, horizon=1.0, values=VALUES)
    assert 0.8 <= data["order"] <= 1.2


def test_rmsprop_from_v0_zero_is_consistent_at_order_one_half_only(limits):
    # Derived here: with V(0) = 0 the right side -grad f/sqrt(V) ~ t^(-1/2) is integrable but unbounded,
    # and the method's right-endpoint sums miss its integral by O(sqrt(s)).
    f, x0, _ = _start("logistic")
    data = compare_adaptive(limits["rmsprop"], f, x0, step_sizes=STEPS, horizon=1.0, values=VALUES)
    assert 0.35 <= data["order"] <= 0.6


def test_the_system_at_small_step_follows_the_method_states_and_all(limits):
    f, x0, _ = _start("rosenbrock")
    lim = limits["adam"]
    s, n = 0.001, 1000
    run = simulate_adaptive(lim.method, f, x0, step_size=s, iterations=n,
                            parameters=scaled_parameters(lim, s, VALUES))
    trajectory = solve_system(adaptive_system(lim, f, parameters=VALUES), x0, np.arange(n + 1) * s)
    assert np.max(np.linalg.norm(run.primary - trajectory.X, axis=1)) < 2e-3
    for name in ("m", "v"):
        scale = np.max(np.abs(trajectory.states[name]))
        assert np.max(np.abs(run.sequence(name) - trajectory.states[name])) < 1e-2 * scale


def test_the_lambdified_system_is_the_derived_one(limits):
    f = as_numeric(rosenbrock())
    sys = adaptive_system(limits["rmsprop"], f, parameters={"b": 3, "varepsilon": 0.5})
    x, v = np.array([0.3, -0.2]), np.array([2.0, 5.0])
    g = f.gradient(x)
    assert np.allclose(sys.rhs(0.7, np.concatenate([x, v])), np.concatenate([-g / (np.sqrt(v) + 0.5),
                                                                              3 * (g * g - v)]))


def test_bias_corrections_start_from_their_limit_at_zero(limits):
    f, x0, _ = _start("logistic")
    sys = adaptive_system(limits["adam"], f, parameters=VALUES)
    tr = solve_system(sys, x0, [0.0, 1e-4])
    g = f.gradient(np.array(x0))
    slope = (tr.X[1] - tr.X[0]) / 1e-4
    assert np.allclose(slope, -g / (np.abs(g) + 1e-8), rtol=1e-3)


def test_the_practical_regime_weights_fixed_is_the_sign_like_flow(limits):
    # beta = 0.9 fixed as s -> 0: the limit is the sign-like flow, at first order; at s = 0.02 the balanced
    # system with b = (1 - beta)/s is still the far better model of the same run.
    fixed = system_limit(rmsprop(), decays={beta: 0})
    f, x0, g2 = _start("logistic")
    data = compare_adaptive(fixed, f, x0, step_sizes=STEPS, horizon=1.0, values={"beta": 0.9, "varepsilon": 1e-8},
                            initial={"v": g2})
    assert 0.8 <= data["order"] <= 1.2
    balanced = compare_adaptive(limits["rmsprop"], f, x0, step_sizes=STEPS[:1], horizon=1.0,
                                values={"b": 0.1 / STEPS[0], "varepsilon": 1e-8}, initial={"v": g2})
    assert data["runs"][0]["error"] > 5 * balanced["runs"][0]["error"]


def test_the_scaling_of_the_weights_comes_from_the_limit(limits):
    assert scaled_parameters(limits["adam"], 0.01, VALUES) == {"beta_1": 0.98, "beta_2": 0.99, "varepsilon": 1e-8}
    with pytest.raises(MethodError, match="b"):
        scaled_parameters(limits["rmsprop"], 0.01, {"varepsilon": 1e-8})


def test_runs_and_systems_name_what_is_missing(limits):
    f, x0, _ = _start("logistic")
    with pytest.raises(MethodError, match="varepsilon"):
        simulate_adaptive(rmsprop(), f, x0, step_size=0.1, iterations=2, parameters={"beta": 0.9})
    with pytest.raises(MethodError, match="not a sequence"):
        simulate_adaptive(rmsprop(), f, x0, step_size=0.1, iterations=2,
                          parameters={"beta": 0.9, "varepsilon": 0}, initial={"w": 1.0})
    with pytest.raises(IntegrationError, match="b"):
        adaptive_system(limits["rmsprop"], f, parameters={"varepsilon": 0})
    with pytest.raises(IntegrationError, match="two positive"):
        fitted_order([0.1], [0.2])


@pytest.mark.parametrize("path, shown", [
    ("examples/rmsprop.toml", ["Ẋ = - ∇f(X)/(√V + ε)", "V̇ = - b V + b ∇f(X)⊙∇f(X)",
                               "Ẋ = - ∇f(X)/(|∇f(X)| + ε)"]),
    ("examples/adam.toml", ["Ṁ = - a M + a ∇f(X)", "V̇ = - b V + b ∇f(X)⊙∇f(X)", "exp(a·t)/(exp(a·t) - 1)"]),
])
def test_derive_method_file_gives_the_system(path, shown, capsys):
    from symflow.cli.main import main
    assert main(["derive", "--method", path]) == 0
    out = capsys.readouterr().out
    assert all(text in out for text in shown), out
    assert "static" in out and "vacuous" in out and "result: (Ẋ," in out


def test_derive_method_file_refuses_an_exponent_for_a_system(tmp_path, capsys):
    from symflow.cli.main import main
    path = tmp_path / "rms.toml"
    path.write_text(open("examples/rmsprop.toml", encoding="utf-8").read() + '\n[limit]\nexponent = "1/2"\n',
                    encoding="utf-8")
    assert main(["derive", "--method", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "exponent" in err[0]
    assert main(["derive", "--method", "examples/rmsprop.toml", "--order", "1"]) == 2


def test_adagrad_against_its_system_converges_at_order_two_in_s():
    # delta = s^2 and v_k = V/s^2: the method starts at v_0 = V(0)/s^2; the error is O(delta) = O(s^2)
    from symflow.methods import adagrad
    from symflow.numeric.adaptive import compare_adaptive, logistic_regression
    data = compare_adaptive(system_limit(adagrad()), logistic_regression(), [-1.0, -1.0],
                            step_sizes=[0.2, 0.1, 0.05], horizon=1.0, values={"varepsilon": 1e-8},
                            initial={"v": 1.0})
    assert 1.8 < data["order"] < 2.2
    assert data["runs"][-1]["error"] < 1e-4


def test_heavy_ball_rmsprop_against_its_system_converges_at_order_one_half_in_s():
    # delta = sqrt(s): the error is O(delta) = O(sqrt(s))
    from symflow.methods import rmsprop_momentum
    from symflow.numeric.adaptive import compare_adaptive, logistic_regression
    data = compare_adaptive(system_limit(rmsprop_momentum()), logistic_regression(), [-1.0, -1.0],
                            step_sizes=[0.04, 0.01, 0.0025], horizon=2.0,
                            values={"a": 1, "b": 1, "varepsilon": 1e-8}, initial={"v": 1.0})
    assert 0.4 < data["order"] < 0.7
    errors = [r["error"] for r in data["runs"]]
    assert errors[0] > errors[1] > errors[2]
