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
