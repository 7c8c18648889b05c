"""Energies along adaptive systems, decided in coordinates under state constraints (derived, then compared)."""
import pytest
from sympy import Derivative, Eq, I, Symbol, cancel, sqrt

from symflow.catalogue import get
from symflow.core import FValue, UnsupportedError, X, grad, inner, t, vector_function
from symflow.core.coordinatewise import coordinate_divide, coordinate_sqrt, eps, hadamard, ones
from symflow.core.ode_system import ODESystem
from symflow.limit import state_function, system_limit
from symflow.lyapunov import certify_constrained, coordinate_reading, coordinate_symbols, decide_sign
from symflow.methods import adagrad, rmsprop

_X, _V = X(t), state_function("v")(t)
_G = grad(_X)


def _rmsprop_system():
    return system_limit(rmsprop()).system


def test_f_decreases_along_the_rmsprop_system_when_v_is_nonnegative():
    cert = certify_constrained(FValue(_X), _rmsprop_system(), ("V",))
    assert cert.proved and cert.sign == "nonpositive"
    g, v = Symbol("g_i", real=True), Symbol("V_i", nonnegative=True)
    assert cancel(cert.term + g ** 2 / (sqrt(v) + eps)) == 0          # -sum_i g_i^2/(sqrt(V_i) + eps)
    expected = -inner(_G, coordinate_divide(_G, coordinate_sqrt(_V) + eps * ones))
    assert cancel(cert.derivative - expected) == 0
    assert cert.invariance[0][:2] == ("V", True)


def test_without_the_constraint_the_claim_is_not_proved_and_a_negative_v_breaks_it():
    system = _rmsprop_system()
    loose = certify_constrained(FValue(_X), system, ())
    assert not loose.proved and loose.sign is None
    # a witness: V_i = -1 (allowed once V is only real) makes the summand non-real, so "<= 0" fails
    g, v = Symbol("g_i", real=True), Symbol("V_i", real=True)
    value = loose.term.xreplace({g: 1, v: -1, eps: 1})
    assert value.has(I) and value.is_real is False


def test_a_constraint_that_is_not_invariant_proves_nothing():
    Vf = vector_function("V")
    draining = ODESystem((Eq(Derivative(_X, t), -coordinate_divide(_G, coordinate_sqrt(_V) + eps * ones)),
                          Eq(Derivative(_V, t), -hadamard(_G, _G))),
                         initial_conditions=(Eq(Vf(0), 0),))
    cert = certify_constrained(FValue(_X), draining, ("V",))
    assert cert.sign == "nonpositive" and not cert.invariance[0][1] and not cert.proved


def test_adagrad_is_left_undecided_at_the_singular_start():
    # dE/dt = -sum g_i^2/sqrt(V_i): 1/sqrt(V_i) is undefined at V_i = 0 (V(0) = 0), and SymPy's None is a failure
    cert = certify_constrained(FValue(_X), system_limit(adagrad()).system, ("V",))
    assert cert.invariance[0][1] and cert.sign is None and not cert.proved


def test_what_is_not_coordinatewise_is_refused():
    with pytest.raises(UnsupportedError, match="not a sum over coordinates"):
        certify_constrained(t * FValue(_X), _rmsprop_system(), ("V",))
    with pytest.raises(UnsupportedError, match="not a state"):
        certify_constrained(FValue(_X), _rmsprop_system(), ("W",))


def test_signs_are_decided_factor_by_factor():
    g, v, e = Symbol("g", real=True), Symbol("v", nonnegative=True), Symbol("e", positive=True)
    assert decide_sign(-g ** 2 / (sqrt(v) + e))[0] == "nonpositive"
    assert decide_sign(g ** 2 - v)[0] is None                        # opposite signs: undecided
    table = coordinate_symbols(_rmsprop_system(), ("V",))
    assert coordinate_reading(hadamard(_G, _G), table) == Symbol("g_i", real=True) ** 2


def test_the_catalogue_entry_proves_it_and_shows_the_constraint_is_needed():
    derivation = get("energy-rmsprop").run()
    assert derivation.status == "proved" and len(derivation.checks) == 3
    assert all(c.passed for c in derivation.checks)


def test_verify_answers_for_the_constrained_entry(capsys):
    import json
    from symflow.cli.main import main
    assert main(["verify", "energy-rmsprop", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved" and data["invariance"][0]["proved"]
    assert data["derivative"] == "-⟨∇f(X), ∇f(X)/(√V + ε)⟩"
