"""Adaptive methods: coordinate-wise algebra, methods as data, systems of ODEs as limits (derived, then compared)."""
import pytest
from sympy import Derivative, Eq, Integer, Rational, exp

from symflow.catalogue import get
from symflow.core import MethodError, ParseError, UnsupportedError, X, grad, k, s, t, text, vector_function, x0
from symflow.core.adaptive_method import AdaptiveMethod, is_adaptive
from symflow.core.coordinatewise import (
    CoordPower,
    Hadamard,
    beta,
    beta1,
    beta2,
    coordinate_divide,
    coordinate_power,
    coordinate_sqrt,
    coordinatewise,
    decay_a,
    decay_b,
    eps,
    hadamard,
    ones,
)
from symflow.core.normal import same_vector
from symflow.core.vectors import time_derivative, vector_coefficients
from symflow.limit import continuous_limit, state_function, system_balance, system_limit
from symflow.methods import adagrad, adam, gradient_descent, rmsprop, rmsprop_momentum
from symflow.parse import method_from_toml, read_method

x, v = vector_function("x"), vector_function("v")
_X, _V, _M = X(t), state_function("v")(t), state_function("m")(t)
_G = grad(_X)


# ---------------------------------------------------------------- coordinate-wise algebra

def test_hadamard_is_bilinear_commutative_with_ones_as_unit():
    from symflow.core import mu, x_star
    assert hadamard(x0, x_star) == hadamard(x_star, x0)
    assert hadamard(ones, x0) == x0
    assert same_vector(hadamard(mu * x0 + x_star, x0), mu * Hadamard(x0, x0) + Hadamard(x0, x_star))
    assert hadamard(x0, coordinate_power(x0, -1)) == ones


def test_powers_sqrt_and_division():
    assert coordinate_power(4 * _V, Rational(1, 2)) == 2 * CoordPower(_V, Rational(1, 2))
    assert coordinate_power(hadamard(x0, x0), Rational(1, 2)) == CoordPower(Hadamard(x0, x0), Rational(1, 2))
    assert text(coordinate_sqrt(hadamard(_G, _G))) == "|∇f(X)|"           # |u|, never u
    assert text(coordinate_divide(_G, coordinate_sqrt(_V) + eps * ones)) == "∇f(X)/(√V + ε)"
    assert is_adaptive(rmsprop()) and not is_adaptive(gradient_descent())


def test_products_stay_atoms_of_linear_vector_expressions():
    e = 3 * hadamard(_G, _G) - _V
    assert set(vector_coefficients(e)) == {Hadamard(_G, _G), _V}


def test_time_derivative_by_the_product_and_power_rules():
    d = time_derivative(coordinate_sqrt(_V), t)
    assert same_vector(d, Rational(1, 2) * hadamard(coordinate_power(_V, Rational(-1, 2)), _V.diff(t)))
    d2 = time_derivative(hadamard(_G, _G), t)
    from symflow.core import NablaF
    assert same_vector(d2, 2 * hadamard(_G, NablaF(_X, _X.diff(t))))


def test_coordinatewise_reading_refuses_what_it_cannot_read():
    assert coordinatewise(x0 ** 2 + 1) == Hadamard(x0, x0) + ones
    with pytest.raises(UnsupportedError, match="coordinate-wise operation"):
        coordinatewise(exp(x0))
    with pytest.raises(UnsupportedError, match="exponent"):
        coordinatewise(x0 ** x0)


def test_the_one_dimensional_taylor_step_refuses_coordinatewise_methods():
    with pytest.raises(UnsupportedError, match="system of ODEs"):
        continuous_limit(rmsprop())


# ---------------------------------------------------------------- methods as data and method files

def test_methods_keep_their_auxiliary_sequences_as_states():
    assert rmsprop().states == ("x", "v")
    assert adam().states == ("x", "m", "v") and adam(False).name == "adam-no-bias-correction"
    assert adagrad().parameters == (eps,) and rmsprop_momentum().parameters == (beta1, beta2, eps)


def test_an_adaptive_method_needs_one_explicit_update_per_sequence():
    g = grad(x(k))
    with pytest.raises(MethodError, match="exactly one update"):
        AdaptiveMethod("bad", ("x", "v"), (Eq(x(k + 1), coordinatewise(x(k) - s * g ** 2)),))
    with pytest.raises(MethodError, match="unknown sequence"):
        AdaptiveMethod("bad", ("x",), (Eq(x(k + 1), coordinatewise(x(k) - s * g / v(k) ** 2)),))


def test_method_files_read_squares_sqrt_and_eps():
    m, _ = read_method("examples/rmsprop.toml")
    assert isinstance(m, AdaptiveMethod) and set(m.parameters) == {beta, eps}
    assert m.updates == rmsprop().updates
    a, _ = read_method("examples/adam.toml")
    assert a.updates == adam().updates


@pytest.mark.parametrize("updates, message", [
    ('["v[k+1] = beta*v[k] + exp(grad(x[k]))", "x[k+1] = x[k] - s*grad(x[k])/sqrt(v[k+1])"]', "unknown function"),
    ('["v[k+1] = v[k] + grad(x[k])**grad(x[k])", "x[k+1] = x[k] - s*grad(x[k])/sqrt(v[k+1])"]', "exponent"),
    ('["x[k+1] = x[k] - s*grad(x[k])/sqrt(w[k])"]', "not a sequence"),
    ('["x[k+1] = x[k] - s*grad(x[k])/sqrt(v[k])"]', "exactly one update"),
    ('["v[k+1] = gamma*v[k] + grad(x[k])**2", "x[k+1] = x[k] - s*grad(x[k])/sqrt(v[k+1])"]', "unknown name"),
])
def test_malformed_adaptive_files_get_one_line_errors(updates, message):
    with pytest.raises(ParseError, match=message) as info:
        method_from_toml(f'sequences = ["x", "v"]\nupdates = {updates}')
    assert "\n" not in str(info.value)


def test_cli_exits_2_with_one_line_for_a_malformed_adaptive_file(tmp_path, capsys):
    from symflow.cli.main import main
    bad = tmp_path / "bad.toml"
    bad.write_text('sequences = ["x", "v"]\nupdates = ["v[k+1] = v[k] + grad(x[k])**x[k]", '
                   '"x[k+1] = x[k] - s*grad(x[k])/sqrt(v[k+1])"]\n')
    assert main(["derive", "--method", str(bad)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


# ---------------------------------------------------------------- systems of ODEs as limits

def test_rmsprop_balance_over_two_exponents():
    b = system_balance(rmsprop())
    assert b.exponent == 1
    kinds = [(str(r.low), str(r.high), r.kind) for r in b.decay_regimes[beta]]
    assert kinds == [("0", "1", "static"), ("1", "1", "balanced"), ("1", "oo", "vacuous")]


def test_rmsprop_tends_to_the_preconditioned_flow_with_v_as_state():
    lim = system_limit(rmsprop())
    assert lim.exponent == 1 and lim.decays == ((beta, 1),)
    assert lim.system.matches({"X": -coordinate_divide(_G, coordinate_sqrt(_V) + eps * ones),
                               "V": decay_b * (hadamard(_G, _G) - _V)})


def test_rmsprop_with_beta_fixed_is_sign_like():
    lim = system_limit(rmsprop(), decays={beta: 0})
    assert lim.kinds["v"] == "static"
    assert lim.system.matches({"X": -coordinate_divide(_G, coordinate_sqrt(hadamard(_G, _G)) + eps * ones),
                               "V": hadamard(_G, _G)})
    assert text(lim.system.rhs("X")) == "- ∇f(X)/(|∇f(X)| + ε)"


def test_rmsprop_with_slow_averaging_freezes_v():
    lim = system_limit(rmsprop(), decays={beta: 2})
    assert lim.kinds["v"] == "vacuous" and lim.system.rhs("V") == 0


def test_adam_without_bias_correction():
    lim = system_limit(adam(False))
    assert lim.system.matches({"X": -coordinate_divide(_M, coordinate_sqrt(_V) + eps * ones),
                               "M": decay_a * (_G - _M), "V": decay_b * (hadamard(_G, _G) - _V)})


def test_adam_bias_corrections_become_exponential_factors():
    lim = system_limit(adam())
    expected_x = -coordinate_divide(_M / (1 - exp(-decay_a * t)),
                                    coordinate_sqrt(_V / (1 - exp(-decay_b * t))) + eps * ones)
    assert lim.system.matches({"X": expected_x, "M": decay_a * (_G - _M),
                               "V": decay_b * (hadamard(_G, _G) - _V)})


def test_adam_with_fixed_weights_drops_the_bias_corrections_and_tracks_the_targets():
    lim = system_limit(adam(), decays={beta1: 0, beta2: 0})
    assert lim.kinds == {"m": "static", "v": "static", "x": "balanced"}
    assert lim.system.matches({"X": -coordinate_divide(_G, coordinate_sqrt(hadamard(_G, _G)) + eps * ones),
                               "M": _G, "V": hadamard(_G, _G)})


def test_adagrad_balance_finds_the_amplitude_of_the_accumulator():
    b = system_balance(adagrad())
    assert b.exponent == 2 and b.amplitudes == {"v": 2}


def test_adagrad_limit_matches_a_hand_expansion_of_the_accumulated_sum():
    # Independent route (derived here): v_k = sum_{j<k} g(x_j)^2 ~ (1/delta) int_0^t g(X)^2, so
    # V = s^2 v_k satisfies V' = g*g when delta = s^2; then expand x_{k+1} - x_k = -s g/(sqrt(V(t + delta)/s^2) + eps)
    # in one dimension: the leading order (s^2) gives X' = -g/sqrt(V): eps drops out.
    from sympy import Function, cancel, series, solve, sqrt, symbols
    sv, tt = symbols("s t", positive=True)
    Vf, Xf, g = Function("V"), Function("X"), Function("g")
    d = sv ** 2
    residual = Xf(tt + d) - Xf(tt) + sv * g(Xf(tt)) / (sqrt(Vf(tt + d) / sv ** 2) + eps)
    expansion = series(residual, sv, 0, 3).removeO().doit()
    assert expansion.coeff(sv, 1) == 0
    hand_x = solve(expansion.coeff(sv, 2), Xf(tt).diff(tt))[0]
    lim = system_limit(adagrad())
    assert lim.kinds == {"v": "balanced", "x": "balanced"}
    engine_x = _scalar(lim.system.rhs("X"), g, Xf(tt), Vf(tt), None).subs(t, tt)
    assert cancel(hand_x - engine_x) == 0
    assert lim.system.matches({"X": -coordinate_divide(_G, coordinate_sqrt(_V)), "V": hadamard(_G, _G)})
    assert lim.system.initial_conditions[1] == Eq(state_function("v")(0), 0)


def test_adagrad_without_the_amplitude_has_no_limit():
    from symflow.core import DegenerateLimitError
    with pytest.raises((DegenerateLimitError, UnsupportedError)):
        system_limit(adagrad(), amplitudes={"v": 0}, exponent=2)


@pytest.mark.parametrize("name", ["rmsprop", "adam", "adagrad", "rmsprop-momentum"])
def test_catalogue_entries_derive_and_check(name):
    derivation = get(name).run()
    assert derivation.checks and all(c.passed for c in derivation.checks)


def test_derive_rmsprop_reports_every_regime(capsys):
    from symflow.cli.main import main
    assert main(["derive", "rmsprop"]) == 0
    out = capsys.readouterr().out
    assert "Ẋ = - ∇f(X)/(√V + ε)" in out and "Ẋ = - ∇f(X)/(|∇f(X)| + ε)" in out
    assert "static" in out and "vacuous" in out


# ---------------------------------------------------------------- the second-order regime

def _scalar(expr, g, Xs, Vs, Ms):
    """The one-dimensional reading of a vector expression (independent of the engine's lift)."""
    from sympy import Derivative as D
    from symflow.core import NablaF
    if expr == ones:
        return Integer(1)
    if isinstance(expr, NablaF):
        return g(Xs)
    if isinstance(expr, Hadamard):
        out = Integer(1)
        for f in expr.args:
            out *= _scalar(f, g, Xs, Vs, Ms)
        return out
    if isinstance(expr, CoordPower):
        return _scalar(expr.base, g, Xs, Vs, Ms) ** expr.exponent
    if expr == _X:
        return Xs
    if expr == _V:
        return Vs
    if expr == _M:
        return Ms
    if isinstance(expr, D) and expr.expr == _X:
        return Xs.diff(t, expr.derivative_count)
    if not expr.args:
        return expr
    return expr.func(*[_scalar(a, g, Xs, Vs, Ms) for a in expr.args])


def test_heavy_ball_rmsprop_balance_and_its_second_order_form_match_an_expansion_of_the_recurrence():
    from sympy import Function, Symbol, solve, sqrt as ssqrt
    from symflow.limit import second_order_form
    lim = system_limit(rmsprop_momentum())
    assert lim.exponent == Rational(1, 2) and lim.amplitudes == (("m", Rational(1, 2)), ("v", 0))
    assert dict(lim.decays) == {beta1: Rational(1, 2), beta2: Rational(1, 2)}
    folded = second_order_form(lim.system)
    # Independent route (derived here): eliminate m from the recurrence, x_{k+1} - x_k = -s m_{k+1},
    # so x_{k+1} - x_k = beta_1 (x_k - x_{k-1}) - s g(x_k)/(sqrt(v_{k+1}) + eps); expand with
    # delta = u = sqrt(s), beta_1 = 1 - a u, in one dimension.
    u = Symbol("u", positive=True)
    Xs, Vs, g = Function("X")(t), Function("V")(t), Function("g")
    residual = (Xs.subs(t, t + u) - Xs - (1 - decay_a * u) * (Xs - Xs.subs(t, t - u))
                + u ** 2 * g(Xs) / (ssqrt(Vs.subs(t, t + u)) + eps))
    expansion = residual.series(u, 0, 3).removeO().doit()
    assert expansion.coeff(u, 1) == 0
    hand = solve(expansion.coeff(u, 2), Xs.diff(t, 2))[0]
    engine = _scalar(folded.rhs("X"), g, Xs, Vs, None)
    from sympy import cancel
    assert cancel(hand - engine) == 0
    # and the damping really is there: drop it from the hand route and the two differ
    assert cancel(hand.subs(decay_a, 0) - engine) != 0


def test_adam_with_a_root_s_first_moment_stays_first_order():
    lim = system_limit(adam(False), decays={beta1: Rational(1, 2), beta2: 1})
    assert lim.kinds["m"] == "static" and lim.system.rhs("M") == _G
    from symflow.limit import second_order_form
    with pytest.raises(UnsupportedError):
        second_order_form(lim.system)


def test_a_users_adagrad_file_derives_with_its_amplitude(capsys):
    from symflow.cli.main import main
    m, _ = read_method("examples/adagrad.toml")
    assert m.updates == adagrad().updates
    assert main(["derive", "--method", "examples/adagrad.toml"]) == 0
    out = capsys.readouterr().out
    assert "Ẋ = - ∇f(X)/√V" in out and "v_k = s^(-2) V" in out


def test_a_fixed_weight_sets_its_own_balance():
    # beta_1 fixed: the balance with that weight imposed finds delta = s, no amplitude, and M tracks its target
    lim = system_limit(rmsprop_momentum(), decays={beta1: 0})
    assert lim.exponent == 1 and dict(lim.amplitudes) == {"m": 0, "v": 0} and dict(lim.decays)[beta2] == 1
    p = coordinate_divide(_G, coordinate_sqrt(_V) + eps * ones)
    assert lim.kinds["m"] == "static" and lim.system.matches(
        {"X": -p / (1 - beta1), "M": p / (1 - beta1), "V": decay_b * (hadamard(_G, _G) - _V)})
    both = system_limit(rmsprop_momentum(), decays={beta1: 0, beta2: 0})   # static targets substituted in each other
    q = coordinate_divide(_G, coordinate_sqrt(hadamard(_G, _G)) + eps * ones)
    assert both.system.matches({"X": -q / (1 - beta1), "M": q / (1 - beta1), "V": hadamard(_G, _G)})
