"""Every catalogue entry: derived, every check against the literature passes."""
import pytest

from symflow.catalogue import entries, get
from symflow.core import SymflowError

CASES = [(name, variant) for name, entry in entries().items() for variant in entry.variants]


@pytest.mark.parametrize("name, variant", CASES, ids=[f"{n}-{v}" for n, v in CASES])
def test_entry_matches_the_literature(name, variant):
    derivation = get(name).run(**variant)
    assert derivation.checks, f"{name} carries no literature answer"
    failed = [c.description for c in derivation.checks if not c.passed]
    assert not failed, failed


def test_module_name_is_registry_key():
    for name, entry in entries().items():
        assert entry.name == name


def test_unknown_option_is_refused():
    with pytest.raises(SymflowError, match="no option"):
        get("nesterov").run(colour="blue")


def test_the_index_is_read_without_running_and_agrees_with_the_entries():
    from symflow.catalogue import KINDS, catalogue_index, entries

    index, table = catalogue_index(), entries()
    assert list(index) == list(table)
    for name, info in index.items():
        entry = table[name]
        assert (info.name, info.title, info.source, info.claim, info.kind) == (
            entry.name, entry.title, entry.source, entry.claim, entry.kind)
        assert info.kind in KINDS.values()


def test_sources_cite_the_literature_only():
    from symflow.catalogue import catalogue_index

    for name, info in catalogue_index().items():
        assert "REFERENCE" not in info.source and info.source, name


def test_initial_conditions_as_published_are_compared_to_the_order_of_the_limit():
    from sympy import Eq, Subs, sqrt

    from symflow.catalogue.checks import sdjs_initial_conditions
    from symflow.catalogue.kinds import limit_entry
    from symflow.core import X, grad, mu, s, t, x0
    from symflow.methods import nag_sc

    ode_nag_sc = X(t).diff(t, 2) + 2 * sqrt(mu) * X(t).diff(t) + grad(X(t))
    right = limit_entry("demo", nag_sc, title="-", source="-", claim="-", literature={0: ode_nag_sc},
                        initial_exact=sdjs_initial_conditions(), initial_source="SDJS")
    wrong = limit_entry("demo", nag_sc, title="-", source="-", claim="-", literature={0: ode_nag_sc},
                        initial_exact=(Eq(X(0), x0), Eq(Subs(X(t).diff(t), t, 0), -3 * sqrt(s) * grad(x0))),
                        initial_source="wrong")
    assert all(c.passed for c in right.run(order=1).checks)
    assert all(c.passed for c in wrong.run(order=0).checks)        # -3 sqrt(s) grad f vanishes at order 0
    assert not all(c.passed for c in wrong.run(order=1).checks)    # ... but not at order 1


def test_mj_entry_derives_the_published_scheme():
    from sympy import cancel, symbols

    derivation = get("discretize-mj-nesterov").run()
    d, T, m, beta = symbols("d T m beta", positive=True)
    (lhs, rhs) = derivation.result.display.args
    found = dict(zip(lhs, rhs))
    from symflow.core import s

    assert cancel(found[m] - (1 - 2 * d * T)) == 0 and cancel(found[beta] - found[m] * T) == 0
    assert str(found[s]) == "T**2*kappa"
