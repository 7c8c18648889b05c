"""Sphinx configuration of symflow's documentation: ``sphinx-build -W --keep-going -b html docs docs/_build/html``."""
import functools
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
smartquotes = False                # "--method" and "0.02*x1**2" stay as typed, to be copied

# NumPy docstrings, in the order of the source
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_ivar = True          # an Attributes section is a field list, not a second description of each property
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_use_type_comments = False   # the code has annotations, not type comments (reading them costs seconds)

# the README's sections are included in the pages (docs/*.md), not copied; their headings get anchors
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


#: the module whose members autodoc is gathering (autodoc reads one module at a time)
_DOCUMENTING = {"module": ""}


def _note_module(app, what, name, obj, options, lines):
    if what == "module":
        _DOCUMENTING["module"] = name


def _has_doc_comment(module: str, name: str) -> bool:
    from sphinx.pycode import ModuleAnalyzer
    from sphinx.errors import PycodeError

    try:
        return ("", name) in ModuleAnalyzer.for_module(module).find_attr_docs()
    except PycodeError:
        return False


def _skip_foreign(app, what, name, obj, skip, options):
    """Leave out a member that SymPy, NumPy or the standard library defines (an import, an inherited method).

    Such a member is never documented here, and leaving it out early spares autodoc reading its
    module's source: the build takes seconds instead of a minute. A SymPy function symbol
    (``X = vector_function("X")``: a class without a module) is documented where its ``#:`` comment
    is, not wherever it is imported.
    """
    if not (inspect.isclass(obj) or inspect.isroutine(obj)):
        return None                                   # data: documented where a ``#:`` comment is
    if isinstance(obj, functools.cached_property):
        obj = obj.func
    module = getattr(obj, "__module__", None)
    if module is None and inspect.isclass(obj):
        return not _has_doc_comment(_DOCUMENTING["module"], name)
    if isinstance(module, str) and module != "symflow" and not module.startswith("symflow."):
        return True
    return None


def setup(app):
    app.connect("doctree-read", _unlink_outside_pages)
    app.connect("autodoc-process-docstring", _note_module)
    app.connect("autodoc-skip-member", _skip_foreign)
