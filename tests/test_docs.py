"""The documentation's sources: a page per stage, in the layering's order, and the README's sections it includes.

Building the site takes Sphinx (``pip install -e '.[docs]'``, CI runs ``sphinx-build -W``); these checks
read the sources only, so that a renamed README section or a new stage fails here, in seconds.
"""
from __future__ import annotations

import pathlib
import re
import sys

import pytest

from test_layers import RANK

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
sys.path.insert(0, str(DOCS / "_ext"))

from stage_listing import stage_modules  # noqa: E402  (docs/_ext is not a package; no Sphinx needed)


def _stage_pages() -> list[str]:
    """The pages of the stages' toctree of docs/index.rst, in their order."""
    index = (DOCS / "index.rst").read_text(encoding="utf-8")
    return re.findall(r"^\s+stages/(\w+)$", index, flags=re.M)


def test_every_stage_has_a_page_in_the_order_of_the_layers():
    parts = sorted((name for name in RANK if name), key=lambda name: RANK[name])
    pages = _stage_pages()
    assert pages[0] == "face" and sorted(pages[1:]) == sorted(parts)
    assert [RANK[page] for page in pages[1:]] == sorted(RANK[page] for page in pages[1:])
    for page in pages:
        text = (DOCS / "stages" / f"{page}.rst").read_text(encoding="utf-8")
        package = "symflow" if page == "face" else f"symflow.{page}"
        assert f".. stage-modules:: {package}\n" in text


@pytest.mark.parametrize("part", ["core", "limit", "lyapunov", "catalogue", "cli"])
def test_a_stage_page_documents_every_module_of_its_folder(part):
    folder = ROOT / "symflow" / part
    on_disk = {".".join(("symflow",) + path.relative_to(ROOT / "symflow").with_suffix("").parts)
               .removesuffix(".__init__") for path in folder.rglob("*.py")}
    documented = stage_modules(f"symflow.{part}")
    assert documented[0] == f"symflow.{part}" and documented[1:] == sorted(documented[1:])
    assert set(documented) == {name for name in on_disk if not re.search(r"\._", name)}


def test_the_readme_sections_the_pages_include_are_there_in_order():
    markers = []
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for start, end in re.findall(r':start-after: "([^"]+)"\n:end-before: "([^"]+)"', text):
            markers.append((page.name, start, end))
    assert {name for name, _, _ in markers} == {"quickstart.md", "methods.md", "claims.md"}
    for name, start, end in markers:
        assert README.count(start + "\n") == 1, (name, start)
        assert README.index(start + "\n") < README.index(end + "\n"), (name, start, end)


def test_the_readme_links_only_files_that_exist():
    targets = re.findall(r"\]\(([^)#\s]+)\)", README)
    local = [target for target in targets if "://" not in target]
    assert "docs/index.rst" in local and "LICENSE" in local
    missing = [target for target in local if not (ROOT / target).exists()]
    assert missing == []
