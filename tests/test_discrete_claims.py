"""Discrete-time claim files (``method`` instead of ``ode``) and SDJS's discrete NAG-SC lemma."""
import itertools
import json
import re

import pytest
from sympy import Rational, cancel, sqrt

from symflow.cli.main import main
from symflow.core import FValue, L, ParseError, k, mu, norm2, s, x, x_star
from symflow.lyapunov import certify_step, smooth_convex, smooth_strongly_convex
from symflow.methods import gradient_descent, nag_sc
from symflow.parse.claim import (
    DiscreteClaim,
    claim_from_toml,
    method_by_name,
    read_claim,
)

GD_CLAIM = '''
name = "gd-discrete"
method = "gradient-descent"
energy = "k*s*(f(x[k]) - f(xstar)) + norm2(x[k] - xstar)/2"
class = "smooth-convex"
'''


def _write(tmp_path, text, name="claim.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# -------------------------------------------------------------------------------------------------
# parsing
def test_a_discrete_claim_is_parsed_into_the_engines_objects():
    claim = claim_from_toml(GD_CLAIM)
    assert isinstance(claim, DiscreteClaim)
    assert claim.method == gradient_descent() and claim.function_class == smooth_convex()
    expected = k * s * (FValue(x(k)) - FValue(x_star)) + norm2(x(k) - x_star) / 2
    assert cancel(claim.energy - expected) == 0
    assert (claim.rate, claim.rate_form, claim.start) == (0, "current", 0)


def test_the_iterates_of_a_two_step_method_and_the_next_form():
    claim = claim_from_toml('''
method = "nag-sc"
energy = "f(x[k]) - f(xstar) + norm2(x[k+1] - x[k])/s + inner(grad(x[k]), x[k-1] - xstar)"
class = "smooth-strongly-convex"
rate = "sqrt(mu*s)/6"
rate_form = "next"
start = "1"
''')
    assert claim.method.name == "nag-sc" and claim.rate == sqrt(mu * s) / 6
    assert claim.rate_form == "next" and claim.start == 1
    assert {x(k + 1), x(k), x(k - 1)} <= claim.energy.atoms(type(x(k)))


def test_a_method_file_is_read_relative_to_the_claim_file(tmp_path):
    _write(tmp_path, 'name = "my-gd"\nsequences = ["x"]\nupdates = ["x[k+1] = x[k] - s*grad(x[k])"]\n',
           "my_gd.toml")
    path = _write(tmp_path, GD_CLAIM.replace('method = "gradient-descent"', 'method_file = "my_gd.toml"'))
    claim = read_claim(path)
    assert claim.method.name == "my-gd" and claim.method.updates == gradient_descent().updates


def test_the_continuous_claims_keep_working():
    claim = claim_from_toml('energy = "f(X) - f(xstar)"\node = "Xdot = -grad(X)"\nrate = "best"\n'
                            'unknowns = []\n')
    assert claim.best_rate and claim.ode.order == 1


def test_catalogue_methods_by_name():
    assert method_by_name("nag-sc") == nag_sc()
    with pytest.raises(ParseError, match="unknown method 'nag'"):
        method_by_name("nag")


@pytest.mark.parametrize("change, message", [
    (("norm2(x[k] - xstar)/2", "norm2(grad(y[k]))"), "computes no sequence y"),
    (("norm2(x[k] - xstar)/2", "norm2(x[k+5] - xstar)"), "x(k + 5), which method 'gradient-descent' does not"),
    (("norm2(x[k] - xstar)/2", "norm2(x[k-1] - xstar)"), "x(k - 1), which method"),
    (("norm2(x[k] - xstar)/2", "norm2(X - xstar)"), "X is continuous time"),
    (('"gradient-descent"', '"gradient-flow"'), "unknown method 'gradient-flow'"),
    (('"smooth-convex"', '"smooth-nonconvex"'), "unknown function class 'smooth-nonconvex'"),
    (("class", 'twice_differentiable = true\nclass'), "twice_differentiable"),
    (("class", 'ode = "Xdot = -grad(X)"\nclass'), "either 'ode'"),
    (("class", 'method_file = "gd.toml"\nclass'), "either 'method'"),
    (("class", 'rate_form = "previous"\nclass'), "'rate_form' must be one of current, next"),
    (("class", 'unknowns = ["a"]\nclass'), "the unknown(s) a do not occur in the energy"),
    (("class", 'initial = []\nclass'), "'initial' is for continuous-time claims"),
])
def test_bad_input_is_one_clear_line(change, message):
    with pytest.raises(ParseError, match=re.escape(message)):
        claim_from_toml(GD_CLAIM.replace(*change))


def test_an_auxiliary_sequence_is_named_as_such():
    with pytest.raises(ParseError, match="auxiliary sequence y of method 'nag-sc'"):
        claim_from_toml(GD_CLAIM.replace("gradient-descent", "nag-sc").replace("norm2(x[k] - xstar)/2",
                                                                              "norm2(y[k] - xstar)"))


# -------------------------------------------------------------------------------------------------
# the command line
def test_a_discrete_claim_file_is_proved_by_verify(tmp_path, capsys):
    path = _write(tmp_path, GD_CLAIM)
    assert main(["verify", "--energy", path, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved" and data["name"] == "gd-discrete"
    assert "s" in data["region"] and "L" in data["region"]
    assert all(c["passed"] for c in data["checks"]) and data["checks"]
    weights = {m["inequality"]: m["value"] for m in data["multipliers"] if m["value"] != "0"}
    assert weights == {"interpolation (x(k), x(k + 1))": "s*(k + 1)", "interpolation (x^star, x(k))": "s"}
    assert data["bound"] is not None and "x_0" in data["bound"]


def test_a_discrete_claim_file_in_text(tmp_path, capsys):
    assert main(["verify", "--energy", _write(tmp_path, GD_CLAIM)]) == 0
    assert "status: proved" in capsys.readouterr().out


@pytest.mark.parametrize("change, message", [
    (("norm2(x[k] - xstar)/2", "norm2(grad(y[k]))"), "computes no sequence y"),
    (("norm2(x[k] - xstar)/2", "norm2(x[k+5] - xstar)"), "does not have at step k"),
    (('"gradient-descent"', '"gd"'), "unknown method 'gd'"),
    (("class", 'ode = "Xdot = -grad(X)"\nclass'), "either 'ode'"),
    (('"smooth-convex"', '"lipschitz"'), "unknown function class"),
])
def test_bad_claim_files_exit_2_with_one_line(tmp_path, capsys, change, message):
    assert main(["verify", "--energy", _write(tmp_path, GD_CLAIM.replace(*change))]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("symflow: error:") and message in lines[0]


def test_best_rate_needs_a_family(tmp_path, capsys):
    assert main(["verify", "--energy", _write(tmp_path, GD_CLAIM), "--best-rate"]) == 2
    err = capsys.readouterr().err
    assert "list the energy's free coefficients under unknowns" in err and len(err.strip().splitlines()) == 1


def test_the_catalogue_lists_the_discrete_entries(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "energy-gradient-descent" in out and "energy-nag-sc-discrete" in out


# -------------------------------------------------------------------------------------------------
# SDJS Lemma 3.4: NAG-SC, E(k+1) - E(k) <= -(sqrt(mu s)/6) E(k+1) for 0 < s <= 1/(4L)
@pytest.fixture(scope="module")
def sdjs_derivation():
    from symflow.catalogue import get

    return get("energy-nag-sc-discrete").run()


@pytest.fixture(scope="module")
def sdjs_certificate(sdjs_derivation):
    return sdjs_derivation.result


#: points of SDJS's region 0 < s <= 1/(4L), 0 < mu < L with sqrt(mu s) rational, L = 1 and L = 4
SDJS_POINTS = [{s: Rational(1, 4), mu: Rational(81, 100), L: 1}, {s: Rational(1, 4), mu: Rational(1, 100), L: 1},
               {s: Rational(1, 9), mu: Rational(1, 4), L: 1}, {s: Rational(1, 100), mu: Rational(1, 10 ** 4), L: 1},
               {s: Rational(1, 16), mu: Rational(1, 4), L: 4}, {s: Rational(1, 16), mu: Rational(1, 100), L: 4}]


def test_sdjs_lemma_3_4_is_proved_exactly(sdjs_certificate):
    cert = sdjs_certificate
    assert cert.status == "proved" and cert.rate_form == "next"
    assert cert.identity() == 0
    assert all(m.free_symbols <= {s, mu, L} for _, m in cert.multipliers)


def test_the_region_contains_sdjs_step_sizes(sdjs_certificate):
    region = sdjs_certificate.region
    assert all(region.contains(point) is True for point in SDJS_POINTS)
    assert region.contains({s: Rational(1, 4), mu: 1, L: 1}) is False  # mu = L: the inequalities divide by L - mu


def test_the_catalogue_entry_states_sdjs_claim(sdjs_derivation):
    from symflow.catalogue.energy_nag_sc_discrete import RATE_NEXT

    cert = sdjs_derivation.result
    assert sdjs_derivation.status == "proved" and all(c.passed for c in sdjs_derivation.checks)
    assert cancel(cert.rate - RATE_NEXT) == 0 and cert.rate_form == "next"


def test_second_route_the_same_claim_in_the_current_form():
    """rho' = rho/(1 + rho): E(k+1) - E(k) <= -rho' E(k)  <=>  (1 + rho) E(k+1) <= E(k)."""
    from symflow.catalogue.energy_nag_sc_discrete import RATE_NEXT, sdjs_energy

    cert = certify_step(sdjs_energy(), nag_sc(), smooth_strongly_convex(), rate=RATE_NEXT / (1 + RATE_NEXT))
    assert cert.status == "proved" and cert.rate_form == "current" and cert.identity() == 0
    assert all(cert.region.contains(point) is True for point in SDJS_POINTS)


def test_second_route_sdjs_energy_decays_on_runs_of_nag_sc():
    # f = sum a_i z_i^2/2 + 0.05 sum log cosh(z_i), minimiser 0: mu = 0.1 and L <= 1.05; s = 1/(4L)
    import numpy as np

    rng = np.random.default_rng(1)
    a = rng.uniform(0.1, 1.0, 5)
    a[0] = 0.1
    lv, muv = 1.05, 0.1

    def f(z):
        return float(np.sum(a * z ** 2 / 2 + 0.05 * np.log(np.cosh(z))))

    def grad(z):
        return a * z + 0.05 * np.tanh(z)

    sv = 1 / (4 * lv)
    r = np.sqrt(muv * sv)
    alpha = (1 - r) / (1 + r)
    xs, ys = [rng.normal(size=5) * 3], []
    ys.append(xs[0])
    for _ in range(80):
        y = xs[-1] - sv * grad(xs[-1])
        xs.append(y + alpha * (y - ys[-1]))
        ys.append(y)
    energies = []
    for xk, xk1 in itertools.pairwise(xs):        # SDJS (2.6), f* = 0 and x* = 0
        v = (xk1 - xk) / np.sqrt(sv)
        w = v + 2 * np.sqrt(muv) / (1 - r) * xk1 + np.sqrt(sv) * grad(xk)
        energies.append((1 + r) / (1 - r) * f(xk) + v @ v / 4 + w @ w / 4 - sv * grad(xk) @ grad(xk) / (2 * (1 - r)))
    for e0, e1 in itertools.pairwise(energies):
        assert e1 - e0 <= -(r / 6) * e1 + 1e-12 * (1 + abs(e0))
