r"""The catalogue: named derivations, one module each, found automatically.

A catalogue module ``foo_bar.py`` defines ``ENTRY``, an :class:`Entry` named
``"foo-bar"`` (module = registry key = document name). Modules whose name
starts with an underscore are helpers, not entries.

Examples
--------
>>> "nesterov" in entries()
True
>>> get("nag-sc").name
'nag-sc'
"""
from __future__ import annotations

import difflib
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..errors import SymflowError
from ..model import Derivation

__all__ = ["Entry", "entries", "get", "UnknownEntryError"]


class UnknownEntryError(SymflowError):
    """No catalogue entry has that name."""


@dataclass(frozen=True)
class Entry:
    r"""A named derivation of the catalogue.

    Parameters
    ----------
    name : str
        Registry key and document name.
    title, source, claim : str
        What it is, where it is from (paper, equation), what it states.
    derive : callable
        ``derive(**options) -> Derivation``; the derivation carries its checks
        against the literature.
    variants : tuple of dict
        The option sets shown in the entry's document, in order.
    options : tuple of str
        The option names ``derive`` accepts (e.g. ``("order",)``).
    kind : str
        "limit", "lagrangian", "lyapunov", ...
    """

    name: str
    title: str
    source: str
    claim: str
    derive: Callable[..., Derivation]
    variants: tuple = ({},)
    options: tuple = ()
    kind: str = "limit"
    defaults: Mapping = field(default_factory=dict)

    def run(self, **options) -> Derivation:
        """Derive with the given options, refusing options the entry does not take."""
        unknown = sorted(set(o for o, v in options.items() if v is not None) - set(self.options))
        if unknown:
            raise SymflowError(
                f"catalogue entry {self.name!r} takes no option {', '.join(unknown)} "
                f"(it takes: {', '.join(self.options) or 'none'})")
        return self.derive(**{o: v for o, v in options.items() if v is not None})


def entries() -> dict:
    """All catalogue entries by name, in alphabetical order."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        entry = getattr(module, "ENTRY", None)
        if not isinstance(entry, Entry):
            continue
        expected = info.name.replace("_", "-")
        if entry.name != expected:
            raise SymflowError(f"catalogue module {info.name} names its entry {entry.name!r}, not {expected!r}")
        found[entry.name] = entry
    return found


def get(name: str) -> Entry:
    """The entry called ``name``; an unknown name gets suggestions."""
    table = entries()
    if name not in table:
        close = difflib.get_close_matches(name, table, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `symflow list`"
        raise UnknownEntryError(f"no catalogue entry named {name!r}{hint}")
    return table[name]
