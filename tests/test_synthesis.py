"""Lyapunov synthesis: unknowns found exactly, best rates, refutation above, and numeric never proves."""
import json

import numpy as np
import pytest
from sympy import Eq, Rational, S, cancel, exp, sqrt, symbols

from symflow.cli.main import main
from symflow.core import ODE, X, grad, inner, mu, norm2, r, t, x0, x_star
from symflow.core.derivation import Status
from symflow.core.errors import SymflowError
from symflow.lyapunov import (
    NumericSolution,
    certify,
    convex,
    f_gap,
    strongly_convex,
    synthesis,
    synthesize,
    verify,
)
from symflow.parse.claim import claim_from_toml

a, b, c = symbols("a b c", real=True)
V = X(t).diff(t)
x = X(t) - x_star
FAMILY = f_gap() + a * norm2(x) + 2 * b * inner(x, V) + c * norm2(V)
HEAVY = ODE(-2 * sqrt(mu) * V - grad(X(t)), 2)


@pytest.fixture(scope="module")
def four_thirds():
    return synthesize(FAMILY, HEAVY, strongly_convex(), unknowns=[a, b, c], rate="best")


def test_four_thirds_family_best_rate_found(four_thirds):
    # Moucer, Taylor, Bach (2022), arXiv:2205.12772, Cor. 2.5: rho* = 4 sqrt(mu)/3 with
    # E = f - f* + (4 mu/9)|X - x*|^2 + (4 sqrt(mu)/3)<X - x*, Xdot> + |Xdot|^2/2
    found = four_thirds
    assert found.status == Status.PROVED
    assert cancel(found.rate - 4 * sqrt(mu) / 3) == 0
    assert found.values == {a: 4 * mu / 9, b: 2 * sqrt(mu) / 3, c: Rational(1, 2)}
    assert found.certificate.identity() == 0
    assert abs(found.numeric_rate - 2 / 3) < 1e-3  # the bisection at mu = 1/4 agrees


def test_nothing_better_in_the_family(four_thirds):
    ref = four_thirds.refutation
    assert ref is not None
    assert ref.rate == Rational(2, 3) * Rational(51, 50)
    assert ref.target > 0
    # the state is exact: the Gram matrix is rational and positive definite, and every unknown's
    # coefficient vanishes there, so dE/dt + rho E = target for EVERY a, b, c
    assert all(v.is_Rational for v in ref.gram)
    assert ref.gram.det() > 0
    fam = synthesis.family_condition(
        (synthesis.derivative_along(FAMILY, HEAVY) + ref.rate * FAMILY).subs(mu, Rational(1, 4)),
        strongly_convex(Rational(1, 4)))[2]
    constant, parts, slacks = synthesis._pairing(fam, [a, b, c], ref.gram, ref.coordinates)
    assert parts == [0, 0, 0] and constant == ref.target and all(s_ >= 0 for s_ in slacks)
    # and the found energy, integrated from that state, fails the claimed decay
    times, values = ref.trajectory
    assert all(q > p for p, q in zip(values, values[1:]))


def test_numeric_output_alone_never_proves():
    # the exact energy, perturbed by what a numeric solver would leave: the exact check rejects it
    rho = 4 * sqrt(mu) / 3
    for da in (Rational(1, 1000), -Rational(1, 1000)):
        perturbed = FAMILY.xreplace({a: 4 * mu / 9 + da * mu, b: 2 * sqrt(mu) / 3, c: Rational(1, 2)})
        assert certify(perturbed, HEAVY, strongly_convex(), rate=rho).status != Status.PROVED
    # floating-point coefficients straight from the SDP are not a certificate either
    floats = FAMILY.xreplace({a: 0.4444444 * mu, b: 0.6666667 * sqrt(mu), c: 0.5000001})
    assert certify(floats, HEAVY, strongly_convex(), rate=rho).status != Status.PROVED


def test_a_lying_solver_cannot_make_a_proof(monkeypatch):
    # the numeric solver claims feasibility at every rate with made-up coefficients: the exact side finds
    # nothing it can certify at an unbounded rate, so the answer is not "proved" above 4 sqrt(mu)/3
    def liar(conditions, unknowns=(), **options):
        return NumericSolution({u: 0.123 for u in unknowns}, tuple(np.ones(2) for _ in conditions),
                               tuple(np.eye(3) for _ in conditions))

    monkeypatch.setattr(synthesis, "solve_conditions", liar)
    found = synthesize(FAMILY, HEAVY, strongly_convex(), unknowns=[a, b, c], rate="best")
    assert found.status != Status.PROVED or cancel(found.rate - 4 * sqrt(mu) / 3) == 0


def test_gradient_flow_families():
    flow = ODE(-grad(X(t)), 1)
    p, q = symbols("p q", real=True)
    found = synthesize(p * t * f_gap() + q * norm2(x), flow, convex(), unknowns=[p, q])
    assert found.status == Status.PROVED and found.values == {p: 1, q: Rational(1, 2)}
    best = synthesize(p * f_gap() + q * norm2(x), flow, strongly_convex(), unknowns=[p, q], rate="best")
    assert best.status == Status.PROVED and cancel(best.rate - 2 * mu) == 0


def test_sbc_family_with_an_ansatz_in_t():
    A, B0, B1, C0, C1, C2 = symbols("A B0 B1 C0 C1 C2", real=True)
    family = t**2 * f_gap() + A * norm2(x) + 2 * (B0 + B1 * t) * inner(x, V) + (C0 + C1 * t + C2 * t**2) * norm2(V)
    found = synthesize(family, ODE(-r / t * V - grad(X(t)), 2), convex(), unknowns=[A, B0, B1, C0, C1, C2])
    assert found.status == Status.PROVED
    assert str(found.certificate.region.as_boolean()) == "r >= 3"
    # at r = 3 it is SBC's energy t^2 (f - f*) + 2|X + t Xdot/2 - x*|^2 (SBC 2016, Thm 3)
    at3 = cancel((found.energy - (t**2 * f_gap() + 2 * norm2(x + t * V / 2))).subs(r, 3).expand())
    assert at3 == 0


def test_energies_without_an_f_gap_term():
    flow = ODE(-grad(X(t)), 1)
    assert verify(norm2(x), flow, convex()).status == Status.PROVED
    started = ODE(-grad(X(t)), 1, initial_conditions=(Eq(X(0), x0),))
    result = verify(norm2(x), started, strongly_convex(), rate=2 * mu)
    assert result.status == Status.PROVED
    # the energy bounds itself: |X - x*|^2 <= |x0 - x*|^2 e^{-2 mu t}
    assert cancel(result.bound.rhs - norm2(x0 - x_star).expand() * exp(-2 * mu * t)) == 0
    assert verify(norm2(x), flow, strongly_convex(), rate=3 * mu).status != Status.PROVED


def test_unknowns_are_checked():
    flow = ODE(-grad(X(t)), 1)
    with pytest.raises(SymflowError, match="does not occur"):
        synthesize(f_gap(), flow, convex(), unknowns=[a])
    with pytest.raises(SymflowError, match="affinely"):
        synthesize(f_gap() + a * b * norm2(x), flow, convex(), unknowns=[a, b])
    with pytest.raises(SymflowError, match="neither parameters"):
        synthesize(f_gap() + a * c * norm2(x), flow, convex(), unknowns=[a], parameters=[])


FOUR_THIRDS = '''
name = "four-thirds-family"
unknowns = ["a", "b", "c"]
energy = "f(X) - f(xstar) + a*norm2(X - xstar) + 2*b*inner(X - xstar, Xdot) + c*norm2(Xdot)"
ode = "Xddot = -2*sqrt(mu)*Xdot - grad(X)"
class = "strongly-convex"
'''


def test_claim_toml_unknowns_and_best_rate():
    claim = claim_from_toml(FOUR_THIRDS + 'rate = "best"\n')
    assert [str(u) for u in claim.unknowns] == ["a", "b", "c"] and claim.best_rate
    with pytest.raises(SymflowError, match="both a parameter"):
        claim_from_toml(FOUR_THIRDS + 'parameters = ["a"]\n')
    with pytest.raises(SymflowError, match="do not occur"):
        claim_from_toml(FOUR_THIRDS.replace('"a", "b", "c"', '"a", "b", "c", "d"'))


def test_cli_best_rate(tmp_path, capsys):
    path = tmp_path / "family.toml"
    path.write_text(FOUR_THIRDS, encoding="utf-8")
    assert main(["verify", "--energy", str(path), "--best-rate", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved" and data["rate"] == "4√μ/3"
    assert data["values"] == {"a": "4·μ/9", "b": "2√μ/3", "c": "1/2"}
    assert data["refutation"]["derivative_plus_rate_times_energy"] not in ("0", None)
    assert all(check["passed"] for check in data["checks"])


def test_cli_bad_family_exits_2(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(FOUR_THIRDS.replace('"a", "b", "c"', '"a", "q"'), encoding="utf-8")
    assert main(["verify", "--energy", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'b'" in err and "unknowns" in err


def test_free_coefficients_without_unknowns_are_parameters():
    # the user: with a, b, c declared as parameters they are "for all", and the claim is not
    # proved for all a, b, c; declared as unknowns, they are found
    claim = claim_from_toml(FOUR_THIRDS.replace("unknowns", "parameters") + 'rate = "4*sqrt(mu)/3"\n')
    assert claim.unknowns == () and len(claim.parameters) == 3
    assert S(claim.rate) == 4 * sqrt(mu) / 3


def test_sdjs_heavy_ball_family_allows_more_than_sdjs_rate():
    # SDJS (2022), arXiv:1810.08907, Lemma 3.2: their energy, the member a = mu, b = sqrt(mu)/2, c = 1/2,
    # decays at sqrt(mu)/4; the family allows 4 sqrt(mu)/3 for every s > 0 (derived here)
    from symflow.catalogue import get

    d = get("synth-heavy-ball-high-resolution").run()
    assert d.status == Status.PROVED and cancel(d.result.rate - 4 * sqrt(mu) / 3) == 0
    family, unknowns = d.result.family, d.result.unknowns
    sdjs = family.xreplace(dict(zip(unknowns, (mu, sqrt(mu) / 2, Rational(1, 2)))))
    ode = d.result.ode
    assert certify(sdjs, ode, strongly_convex(), rate=sqrt(mu) / 4).status == Status.PROVED
    assert d.result.refutation is not None and d.result.refutation.target > 0


def test_gradient_norm_rates_high_versus_low_resolution():
    # SDJS (2022), arXiv:1810.08907, Lemma 4.1: c(t) >= sqrt(s) t^2 + (1/L + s/2) t + sqrt(s)/(2L) on the
    # high-resolution NAG-C ODE; the low-resolution ODE with SBC's energy gives only t/L (derived here)
    from symflow.catalogue import get
    from symflow.core import L, s
    from symflow.limit import continuous_limit
    from symflow.lyapunov import smooth_convex
    from symflow.methods import nesterov

    d = get("energy-nag-c-gradient").run()
    assert d.status == Status.PROVED and all(c_.passed for c_ in d.checks)
    found = d.result.certificate.norm_bound(grad(X(t)))
    sdjs = sqrt(s) * t**2 + (1 / L + s / 2) * t + sqrt(s) / (2 * L)
    assert cancel(found - sdjs - sqrt(s) / (4 * L)) == 0
    low = continuous_limit(nesterov(), order=0).ode
    cert = certify(t**2 * f_gap() + 2 * norm2(x + t * V / 2), low, smooth_convex())
    assert cert.norm_bound(grad(X(t))) == t / L


# -------------------------------------------------------------------------------------------------
# an unknown power t**p of the ansatz
def test_the_power_of_t_is_found_on_the_grid():
    """t^p (f - f*) + c|X + t/2 Xdot - x*|^2 along SBC's ODE: the largest power is 2, with c = 2 (SBC Thm 3's energy)."""
    from symflow.lyapunov.synthesis import EXPONENT_GRID

    p, c = symbols("p c", real=True)
    V = X(t).diff(t)
    found = synthesize(t**p * f_gap() + c * norm2(X(t) - x_star + t / 2 * V), ODE(-3 / t * V - grad(X(t)), 2),
                       convex(), unknowns=[p, c])
    assert found.status == "proved" and found.values == {p: 2, c: 2}
    assert found.certificate.identity() == 0
    tried = [str(m) for m in found.steps[0].math]
    assert "p = 2: proved" in tried and all(f"p = {v}: unknown" in tried for v in ("1/2", "1", "3/2", "5/2"))
    assert EXPONENT_GRID[0] > 0


def test_gradient_flow_has_power_one():
    p, c = symbols("p c", real=True)
    found = synthesize(t**p * f_gap() + c * norm2(X(t) - x_star), ODE(-grad(X(t)), 1), convex(), unknowns=[p, c])
    assert found.status == "proved" and found.values == {p: 1, c: Rational(1, 2)}


def test_an_exponent_alone_is_refused():
    p = symbols("p", real=True)
    with pytest.raises(SymflowError, match="at least one unknown coefficient"):
        synthesize(t**p * f_gap(), ODE(-grad(X(t)), 1), convex(), unknowns=[p])


def test_a_claim_file_with_an_unknown_power(capsys):
    from pathlib import Path

    path = Path(__file__).parent.parent / "examples" / "power_family.toml"
    assert main(["verify", "--energy", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved" and data["values"] == {"p": "2", "c": "2"}


def test_cli_sample_and_recognition(tmp_path, capsys):
    # the claim file's sample and best_rate_by reach synthesize: the same best rate 4 sqrt(mu)/3 from a sample at
    # mu = 1/9, recognised from the bisection and certified exactly there
    path = tmp_path / "family.toml"
    path.write_text(FOUR_THIRDS + 'rate = "best"\nsample = {mu = "1/9"}\nbest_rate_by = "recognition"\n',
                    encoding="utf-8")
    assert main(["verify", "--energy", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved" and data["rate"] == "4√μ/3" and data["sample"] == {"mu": "1/9"}
    assert all(check["passed"] for check in data["checks"])
    path.write_text(FOUR_THIRDS + 'sample = {mu = "-1"}\n', encoding="utf-8")
    assert main(["verify", "--energy", str(path)]) == 2
    assert "positive rational" in capsys.readouterr().err
