"""The synthesis entries: energies and best rates found by the engine, compared with the literature exactly."""
import pytest
from sympy import Interval, Rational, S, cancel, expand, oo, sqrt

from symflow.catalogue import KINDS, catalogue_index, get
from symflow.catalogue.kinds.lyapunov import lyapunov_entry
from symflow.catalogue.kinds.synthesis import energy_scale, synthesis_entry
from symflow.catalogue.synth_sc_flow_four_thirds import a, b, c
from symflow.core import SymflowError, X, inner, linearize, mu, norm2, r, t, x_star
from symflow.lyapunov import f_gap

NAMES = ["synth-gradient-flow", "synth-gradient-flow-sc", "synth-nesterov-r", "synth-sc-flow-four-thirds"]
x, V = X(t) - x_star, X(t).diff(t)


@pytest.fixture(scope="module")
def derived():
    """Each entry's derivation, run once per module (on first use)."""
    cache = {}

    def run(name):
        if name not in cache:
            cache[name] = get(name).run()
        return cache[name]

    return run


def same(a, b) -> bool:
    return cancel(expand(linearize(a - b))) == 0


def test_the_entries_are_listed_as_synthesis_without_running():
    index = catalogue_index()
    assert KINDS["synthesis_entry"] == "lyapunov-synthesis"
    assert all(index[name].kind == "lyapunov-synthesis" for name in NAMES)


def test_four_thirds_finds_the_literature_energy_and_rate(derived):
    d = derived("synth-sc-flow-four-thirds")
    found = d.result
    assert d.status == "proved" and all(c.passed for c in d.checks)
    # Moucer, Taylor, Bach (2022), Cor. 2.5 as coded in PEPit (psd=False)
    assert cancel(found.rate - 4 * sqrt(mu) / 3) == 0
    assert found.values == {a: 4 * mu / 9, b: 2 * sqrt(mu) / 3, c: S(1) / 2}
    assert same(found.energy, f_gap() + 4 * mu / 9 * norm2(x) + 4 * sqrt(mu) / 3 * inner(x, V) + norm2(V) / 2)
    assert found.certificate.identity() == 0 and found.certificate.region.as_boolean() == S.true
    # nothing better in the family: rho* (1 + 1/50) at mu = 1/4 refuted by an exact state
    ref = found.refutation
    assert ref is not None and ref.target > 0 and ref.rate == Rational(2, 3) * Rational(51, 50)


def test_gradient_flow_finds_the_energy_up_to_scale(derived):
    d = derived("synth-gradient-flow")
    assert d.status == "proved" and all(c.passed for c in d.checks)
    energy = d.result.energy
    assert same(energy, t * f_gap() + norm2(x) / 2)  # the largest unknown scaled to 1
    assert d.result.rate == 0 and d.result.refutation is None and d.result.certificate.identity() == 0


def test_gradient_flow_sc_finds_the_best_rate_two_mu(derived):
    d = derived("synth-gradient-flow-sc")
    found = d.result
    assert d.status == "proved" and all(c.passed for c in d.checks)
    assert cancel(found.rate - 2 * mu) == 0 and same(found.energy, f_gap())
    ref = found.refutation
    assert ref is not None and ref.target > 0 and ref.rate == Rational(1, 2) * Rational(51, 50)
    assert abs(found.numeric_rate - 0.5) < 1e-3


def test_nesterov_r_finds_an_energy_on_r_at_least_three_and_sbc_energy_fails_below(derived):
    d = derived("synth-nesterov-r")
    found = d.result
    assert d.status == "proved" and all(c.passed for c in d.checks)
    assert str(found.certificate.region.as_boolean()) == "r >= 3"
    engine = t**2 * f_gap() + (r - 1) * norm2(x) + 2 * t * inner(x, V) + t**2 / 2 * norm2(V)
    assert same(found.energy, engine)
    # SBC's energy divided by 2/(r - 1): the same at r = 3, a different member for r > 3
    sbc = t**2 * f_gap() + (r - 1)**2 / 2 * norm2(x) + (r - 1) * t * inner(x, V) + t**2 / 2 * norm2(V)
    assert same(found.energy.subs(r, 3), sbc.subs(r, 3)) and not same(found.energy, sbc)
    # the necessity family is for SBC's energy (none is found for the energy found), and says so
    necessity = [c for c in d.checks if c.description.startswith("necessity")]
    assert len(necessity) == 3 and all("literature's energy" in c.description for c in necessity)
    assert any(s.title == "Necessity: the literature's energy" for s in d.steps)


def test_energy_scale_is_positive_constant_or_none():
    assert energy_scale(3 * t * f_gap() + norm2(x), t * f_gap() + norm2(x) / 3) == 3
    assert energy_scale(-(t * f_gap()), t * f_gap()) is None  # negative
    assert energy_scale(t**2 * f_gap(), t * f_gap(), time=t) is None  # depends on time
    assert energy_scale(f_gap() + norm2(x), f_gap() + 2 * norm2(x)) is None  # not proportional


def test_factories_refuse_bad_options_before_running():
    def setup():
        raise AssertionError("not run")

    with pytest.raises(SymflowError, match="best"):
        synthesis_entry("synth-demo", setup, title="-", source="-", claim="-", rate="fastest")
    with pytest.raises(SymflowError, match="domain"):
        lyapunov_entry("energy-demo", setup, title="-", source="-", claim="-", necessity={r: Interval.open(1, 3)})
    entry = lyapunov_entry("energy-demo", setup, title="-", source="-", claim="-",
                           necessity={r: Interval.open(1, 3)}, region={r: Interval(3, oo)})
    assert entry.kind == "lyapunov"
