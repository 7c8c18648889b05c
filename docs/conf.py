"""Sphinx configuration of symflow's documentation: ``sphinx-build -W --keep-going -b html docs docs/_build/html``."""
import inspect
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))          # the source tree, whether or not it is installed
sys.path.insert(0, str(HERE / "_ext"))

project = "symflow"
author = "the symflow authors"
copyright = "the symflow authors, MIT license"
try:
    release = version("symflow")
except PackageNotFoundError:
    release = "unknown"
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "myst_parser",
    "sphinxarg.ext",
    "stage_modules",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
root_doc = "index"
smartquotes_action = "qe"          # quotes and ellipses, but "--method" stays two hyphens

# NumPy docstrings, in the order of the source
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_ivar = True          # an Attributes section is a field list, not a second description of each property
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_use_type_comments = False   # the code has annotations, not type comments (reading them costs seconds)

# the README's sections are included in the pages, not copied
myst_heading_anchors = 3

html_theme = "alabaster"
html_title = f"symflow {release}"


def _unlink_outside_pages(app, doctree):
    """A README link to a Markdown file outside docs/ (``derivations/README.md``) reads as its text here."""
    from docutils import nodes
    from sphinx import addnodes

    for node in list(doctree.findall(addnodes.pending_xref)):
        target = node.get("reftarget", "")
        if node.get("reftype") == "myst" and node.get("refdomain") == "doc" and Path(target).is_absolute() \
                and not Path(target).is_relative_to(HERE):
            node.replace_self(nodes.inline("", "", *node.children))


def _skip_foreign(app, what, name, obj, skip, options):
    """Leave out a member that SymPy, NumPy or the standard library defines (an import, an inherited method).

    Such a member is never documented here, and leaving it out early spares autodoc reading its
    module's source: the build takes seconds instead of a minute.
    """
    if not (inspect.isclass(obj) or inspect.isroutine(obj)):
        return None                                   # data: documented where a ``#:`` comment is
    module = getattr(getattr(obj, "func", obj), "__module__", None)   # a cached_property: its function's
    if isinstance(module, str) and module != "symflow" and not module.startswith("symflow."):
        return True
    return None


def setup(app):
    app.connect("doctree-read", _unlink_outside_pages)
    app.connect("autodoc-skip-member", _skip_foreign)
