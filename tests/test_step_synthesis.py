"""Discrete-time synthesis: unknown coefficients and the best rate of a family along a method, exactly."""
import json

import pytest
from sympy import Rational, S, Symbol, cancel, expand, symbols

from symflow.cli.main import main
from symflow.core import FValue, Status, SymflowError, k, norm2, s, x, x_star
from symflow.lyapunov import smooth_convex, smooth_strongly_convex, synthesize_step
from symflow.methods import gradient_descent

a = symbols("a", real=True)
MU = Rational(1, 4)


@pytest.fixture(scope="module")
def gd_best():
    family = FValue(x(k)) - FValue(x_star) + a * norm2(x(k) - x_star)
    return synthesize_step(family, gradient_descent(), smooth_strongly_convex(MU, 1), unknowns=[a], rate="best")


def _quadratic_contraction():
    r"""Second route: on f = mu x^2/2 (in the class), one step of the method itself multiplies
    f - f* + a|x - x*|^2 by (1 - mu s)^2 for every a: no member can certify a larger rate."""
    z = Symbol("z", real=True)
    after = z - s * MU * z                  # gradient descent on mu z^2 / 2, x* = 0
    energy = lambda w: MU * w**2 / 2 + a * w**2  # noqa: E731
    return cancel(1 - energy(after) / energy(z))


def test_gd_best_rate_is_the_quadratic_contraction(gd_best):
    assert gd_best.status == Status.PROVED
    assert cancel(gd_best.rate - _quadratic_contraction()) == 0      # rho* = 1 - (1 - mu s)^2
    assert gd_best.certificate.identity() == 0
    region = gd_best.certificate.region
    assert [region.contains({s: h}) for h in (Rational(1, 10), 1, Rational(8, 5), 2)] == [True, True, True, False]
    assert abs(gd_best.numeric_rate - float(gd_best.rate.subs(s, Rational(1, 4)))) < 1e-6


def test_gd_best_rate_is_refuted_above(gd_best):
    ref = gd_best.refutation
    assert ref is not None and ref.target > 0 and ref.kind == "step"
    assert ref.rate == gd_best.rate.subs(s, Rational(1, 4)) * Rational(51, 50)
    assert "for every member of the family" in gd_best.steps[-1].text


def test_given_rate_finds_the_coefficient():
    b = symbols("b", real=True)
    family = k * s * (FValue(x(k)) - FValue(x_star)) + b * norm2(x(k) - x_star)
    found = synthesize_step(family, gradient_descent(), smooth_convex(), unknowns=[b])
    assert found.status == Status.PROVED
    value = found.values[b]
    assert value >= Rational(1, 2)        # SBC's 1/(2sk) needs weight 1/2 on the distance
    assert found.certificate.identity() == 0


def test_numeric_output_alone_never_proves(monkeypatch):
    import symflow.lyapunov.step_synthesis as module

    def refuse(energy, method, function_class, **kwargs):
        return module.StepCertificate(energy, method, function_class, kwargs.get("rate", S.Zero), S.Zero,
                                      status=Status.UNKNOWN, reason="refused by the test")

    monkeypatch.setattr(module, "certify_step", refuse)
    family = FValue(x(k)) - FValue(x_star) + a * norm2(x(k) - x_star)
    found = synthesize_step(family, gradient_descent(), smooth_strongly_convex(MU, 1), unknowns=[a], rate="best",
                            refute_above=False)
    assert found.status != Status.PROVED and found.numeric_rate is not None


@pytest.mark.parametrize("family, unknowns, message", [
    (FValue(x(k)) - FValue(x_star) + norm2(x(k) - x_star), [a], "does not occur"),
    (FValue(x(k)) - FValue(x_star) + a**2 * norm2(x(k) - x_star), [a], "affinely"),
    (FValue(x(k)) - FValue(x_star) + s * norm2(x(k) - x_star), [s], "occurs in the method"),
])
def test_bad_unknowns_are_refused(family, unknowns, message):
    with pytest.raises(SymflowError, match=message):
        synthesize_step(family, gradient_descent(), smooth_convex(), unknowns=unknowns)


def test_claim_file_with_unknowns(tmp_path, capsys):
    path = tmp_path / "claim.toml"
    path.write_text('method = "gradient-descent"\nenergy = "k*s*(f(x[k]) - f(xstar)) + b*norm2(x[k] - xstar)"\n'
                    'unknowns = ["b"]\nclass = "smooth-convex"\n')
    assert main(["verify", "--energy", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved" and float(S(data["values"]["b"])) >= 0.5
    path.write_text('method = "gradient-descent"\nenergy = "f(x[k]) - f(xstar) + s*norm2(x[k] - xstar)"\n'
                    'unknowns = ["s"]\n')
    assert main(["verify", "--energy", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cannot be unknowns" in err and len(err.strip().splitlines()) == 1
