"""Every catalogue entry: derived, every check against the literature passes."""
import pytest

from symflow.catalogue import entries, get
from symflow.errors import SymflowError

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
