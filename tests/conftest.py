"""Test-session settings: symflow's cache (the manifests of `symflow regenerate`) goes to a temporary folder."""
import pytest


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
