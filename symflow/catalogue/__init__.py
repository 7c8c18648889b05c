r"""The catalogue: named derivations, one module each, found automatically.

A catalogue module ``foo_bar.py`` defines ``ENTRY``, an :class:`Entry` named
``"foo-bar"`` (module = registry key = document name), built by the factory of its
kind (:mod:`symflow.catalogue.kinds`). Its title, source and claim are string
literals, so :func:`catalogue_index` lists the catalogue from the modules' text
without importing the engine (``symflow list``); :func:`entries` and :func:`get`
import the modules and can run them.

Examples
--------
>>> "nesterov" in catalogue_index()
True
>>> get("nag-sc").name
'nag-sc'
"""
from __future__ import annotations

import ast
import difflib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from ..core import SymflowError, UnknownEntryError

__all__ = ["Entry", "EntryInfo", "KINDS", "catalogue_index", "entries", "get", "derived"]

#: the entry factories of :mod:`symflow.catalogue.kinds` and the kind each one makes
KINDS = {"limit_entry": "limit", "lagrangian_entry": "lagrangian", "lyapunov_entry": "lyapunov",
         "discretization_entry": "discretization", "closed_form_entry": "closed-form",
         "identity_entry": "identity", "refutation_entry": "refutation", "step_entry": "lyapunov-discrete", "inertial_step_entry": "lyapunov-discrete", "synthesis_entry": "lyapunov-synthesis",
         "step_synthesis_entry": "lyapunov-synthesis"}
KINDS["system_limit_entry"] = "limit-system"
KINDS["constrained_energy_entry"] = "lyapunov-constrained"
KINDS["table_entry"] = "table"


@dataclass(frozen=True)
class Entry:
    r"""A named derivation of the catalogue.

    Parameters
    ----------
    name : str
        Registry key and document name.
    title, source, claim : str
        What it is, where it is from (paper, section, equation), what it states (LaTeX in ``$...$``).
    derive : callable
        ``derive(**options) -> Derivation``; the derivation carries its checks
        against the literature.
    variants : tuple of dict
        The option sets shown in the entry's document, in order.
    options : tuple of str
        The option names ``derive`` accepts (e.g. ``("order", "offset")``).
    kind : str
        One of the values of :data:`KINDS`.
    uses : tuple of str
        Other entries whose derivations this one reads (through :func:`derived`); ``symflow
        regenerate`` derives them in the same process, so each is derived once.
    """

    name: str
    title: str
    source: str
    claim: str
    derive: Callable
    variants: tuple = ({},)
    options: tuple = ()
    kind: str = "limit"
    defaults: Mapping = field(default_factory=dict)
    uses: tuple = ()

    def run(self, **options):
        """Derive with the given options (a ``Derivation``), refusing options the entry does not take."""
        unknown = sorted(set(o for o, v in options.items() if v is not None) - set(self.options))
        if unknown:
            raise SymflowError(
                f"catalogue entry {self.name!r} takes no option {', '.join(unknown)} "
                f"(it takes: {', '.join(self.options) or 'none'})")
        return self.derive(**{o: v for o, v in options.items() if v is not None})


@dataclass(frozen=True)
class EntryInfo:
    """What the catalogue says of an entry without running it: read from its module's text."""

    name: str
    title: str
    source: str
    claim: str
    kind: str


def _modules() -> list:
    return sorted(info.name for info in pkgutil.iter_modules(__path__)
                  if not info.ispkg and not info.name.startswith("_"))


def _literal(node, constants: dict, module: str, what: str) -> str:
    if isinstance(node, ast.Name):
        node = constants.get(node.id, node)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    raise SymflowError(f"catalogue module {module}: the {what} of ENTRY must be a string literal "
                       "(`symflow list` reads it without running the module)")


def _info(module: str) -> EntryInfo:
    tree = ast.parse(Path(__file__).with_name(f"{module}.py").read_text(encoding="utf-8"))
    constants = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)}
    call = constants.get("ENTRY")
    factory = getattr(getattr(call, "func", None), "id", None)
    if factory not in KINDS:
        raise SymflowError(f"catalogue module {module}: ENTRY must be made by one of {', '.join(KINDS)}")
    words = {k.arg: k.value for k in call.keywords}
    name = _literal(call.args[0] if call.args else words.get("name"), constants, module, "name")
    expected = module.replace("_", "-")
    if name != expected:
        raise SymflowError(f"catalogue module {module} names its entry {name!r}, not {expected!r}")
    return EntryInfo(name, *(_literal(words.get(w), constants, module, w) for w in ("title", "source", "claim")),
                     kind=KINDS[factory])


def catalogue_index() -> dict:
    """``{name: EntryInfo}`` of every entry, in alphabetical order, without importing any entry."""
    found = [_info(module) for module in _modules()]
    return {info.name: info for info in found}


def entries() -> dict:
    """All catalogue entries by name, in alphabetical order (imports every entry module)."""
    return {name: get(name) for name in catalogue_index()}


def get(name: str) -> Entry:
    """The entry called ``name`` (imports its module only); an unknown name gets suggestions."""
    names = [module.replace("_", "-") for module in _modules()]
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `symflow list`"
        raise UnknownEntryError(f"no catalogue entry named {name!r}{hint}")
    entry = getattr(import_module(f"{__name__}.{name.replace('-', '_')}"), "ENTRY", None)
    if not isinstance(entry, Entry) or entry.name != name:
        raise SymflowError(f"catalogue module for {name!r} defines no ENTRY named {name!r}")
    return entry


#: derivations made in this process by :func:`derived`, by entry name and options
_DERIVED: dict = {}


def derived(name: str, **options):
    """The derivation of entry ``name`` with ``options``, derived once per process and then reused.

    An entry that reads other entries' results (a table of them) calls this, and so does ``symflow
    regenerate``: a derivation shared by both is made once. ``Entry.run`` itself always derives anew.

    Examples
    --------
    >>> derived("nesterov") is derived("nesterov")
    True
    """
    key = (name, tuple(sorted(options.items())))
    if key not in _DERIVED:
        _DERIVED[key] = get(name).run(**options)
    return _DERIVED[key]
