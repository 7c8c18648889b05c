r"""``symflow export``: one derivation (a catalogue entry's, or your method's limit) as a LaTeX, Markdown or JSON file.

``symflow export NAME ...`` writes a catalogue entry; ``symflow export --method FILE ...`` writes the
derivation of the continuous limit of the method in a method file (the same steps as
``symflow derive --method FILE``), at ``--order`` (default: the file's ``[limit] order``, else 0);
``symflow export --lagrangian FILE ...`` the Euler–Lagrange equation of a Bregman Lagrangian file.

The file is written atomically (a temporary file, then a rename) with the usual mode of a new file
(0666 less the umask); a file it replaces keeps its mode.

Examples
--------
>>> import tempfile, pathlib, json
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> from symflow.cli.main import main
>>> main(["export", "nesterov", "--latex", str(folder / "nesterov.tex"), "--bare"])  # doctest: +ELLIPSIS
wrote ...
0
>>> (folder / "nesterov.tex").read_text().startswith(r"\begin{align*}")
True
>>> main(["export", "nesterov", "--order", "0", "--json", str(folder / "nesterov.json")])  # doctest: +ELLIPSIS
wrote ...
0
>>> document = json.loads((folder / "nesterov.json").read_text())
>>> document["name"], [d["variant"] for d in document["derivations"]]
('nesterov', [{'order': 0}])
"""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from ..catalogue import get
from ..core.errors import SymflowError
from ..documents.files import write_atomic
from ..documents.render import latex_block, to_json, to_latex, to_markdown
from ..parse.expressions import parse_rational
from ..parse.method import check_order
from .derive import derive_lagrangian, derive_user_method, user_method

__all__ = ["export_document", "export_json", "run", "KINDS"]

#: the formats of ``symflow export`` and the file suffixes that choose them for ``--output FILE``
KINDS = {"latex": (".tex", ".latex"), "markdown": (".md", ".markdown"), "json": (".json",)}


def _plain(value):
    """A JSON-ready copy of a variant's options (SymPy numbers become numbers or strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    try:
        number = complex(value)
    except (TypeError, ValueError):
        return str(value)
    if number.imag == 0 and float(number.real).is_integer() and str(value).lstrip("-").isdigit():
        return int(number.real)
    return str(value)


def export_json(derivations, *, entry=None, variants=None) -> str:
    r"""The JSON text of derivations (:func:`symflow.documents.render.to_json` each, with the options of each).

    Parameters
    ----------
    derivations : list of Derivation
    entry : catalogue Entry, optional
        Its ``name``, ``title``, ``source``, ``claim`` and ``kind`` head the document.
    variants : list of dict, optional
        The options each derivation was made with (``{"order": 0}``).

    Examples
    --------
    >>> from symflow.catalogue import get
    >>> text = export_json([get("nesterov").run(order=0)], entry=get("nesterov"), variants=[{"order": 0}])
    >>> import json; sorted(json.loads(text))
    ['claim', 'derivations', 'kind', 'name', 'source', 'title']
    """
    derivations = list(derivations)
    variants = list(variants) if variants is not None else [{} for _ in derivations]
    head = {}
    if entry is not None:
        head = {"name": entry.name, "title": entry.title, "source": entry.source, "claim": entry.claim,
                "kind": entry.kind}
    body = [{"variant": _plain(v), **to_json(d)} for v, d in zip(variants, derivations)]
    return json.dumps({**head, "derivations": body}, indent=2, ensure_ascii=False, default=str) + "\n"


def export_document(derivations, *, kind: str, bare: bool = False, variants=None, entry=None) -> str:
    r"""The text of an exported document.

    Parameters
    ----------
    derivations : list of Derivation
        A catalogue entry's or your own (e.g. ``continuous_limit(m).derivation``).
    kind : {"latex", "markdown", "json"}
    bare : bool
        LaTeX only: an ``align*`` block to paste into a paper instead of a full document.
    entry : catalogue Entry, optional
        JSON only: its name, title, source, claim and kind head the document.

    Examples
    --------
    >>> from symflow.catalogue import get
    >>> export_document([get("nesterov").run(order=0)], kind="markdown").startswith("#")
    True
    """

    if kind == "latex":
        if bare:
            return "\n".join(latex_block(d) for d in derivations)
        return to_latex(list(derivations), variants=variants)
    if bare:
        raise SymflowError("--bare applies to LaTeX only")
    if kind == "markdown":
        return to_markdown(list(derivations), variants=variants)
    if kind == "json":
        return export_json(derivations, entry=entry, variants=variants)
    raise SymflowError(f"unknown export format {kind!r}")


def _target(args) -> tuple:
    """``(kind, path)`` from ``--latex/--markdown/--json FILE`` or ``--output FILE [--format KIND]``."""
    named = [(kind, getattr(args, kind, None)) for kind in KINDS if getattr(args, kind, None) is not None]
    output, fmt = getattr(args, "output", None), getattr(args, "format", None)
    if output is not None:
        named.append((fmt, output))
    if len(named) != 1:
        raise SymflowError("give exactly one of --latex FILE, --markdown FILE, --json FILE or "
                           "--output FILE [--format latex|markdown|json]")
    kind, path = named[0]
    if output is None and fmt is not None and fmt != kind:
        raise SymflowError(f"--format {fmt} contradicts --{kind} {path}; give one of them")
    if kind is None:
        suffix = Path(path).suffix.lower()
        kind = next((k for k, suffixes in KINDS.items() if suffix in suffixes), None)
        if kind is None:
            raise SymflowError(f"--output {path}: give --format latex|markdown|json, or a file name ending in "
                               + ", ".join(s for suffixes in KINDS.values() for s in suffixes))
    return kind, path


def _user_document(args, kind: str) -> str:
    """The document of the continuous limit of ``--method FILE`` (its name, title and source head the JSON)."""
    offset = None if args.time_offset is None else parse_rational(args.time_offset, where="--time-offset")
    _, order, offset, _ = user_method(args.method, args.order, offset)
    derivation = derive_user_method(args.method, order, offset)
    variants = [{"order": order}]
    head = {"name": derivation.name, "title": derivation.title, "source": derivation.source, "claim": "",
            "kind": "limit"}
    if kind == "json":
        return export_json([derivation], entry=SimpleNamespace(**head), variants=variants)
    return export_document([derivation], kind=kind, bare=args.bare, variants=variants)


def _lagrangian_document(args, kind: str) -> str:
    """The document of the Euler–Lagrange equation of ``--lagrangian FILE``."""
    if args.order is not None or args.time_offset is not None:
        raise SymflowError("--order and --time-offset are for method limits, not for --lagrangian FILE")
    derivation = derive_lagrangian(args.lagrangian)
    if kind == "json":
        head = {"name": derivation.name, "title": derivation.title, "source": derivation.source, "claim": "",
                "kind": "lagrangian"}
        return export_json([derivation], entry=SimpleNamespace(**head))
    return export_document([derivation], kind=kind, bare=args.bare)


def run(args) -> int:
    given = [x for x in (args.name, getattr(args, "method", None), getattr(args, "lagrangian", None))
             if x is not None]
    if len(given) != 1:
        raise SymflowError("give either a catalogue NAME, --method FILE or --lagrangian FILE, exactly one "
                           "(see `symflow export --help`)")
    kind, path = _target(args)
    check_order(args.order)
    if getattr(args, "lagrangian", None) is not None:
        content = _lagrangian_document(args, kind)
    elif args.method is not None:
        content = _user_document(args, kind)
    else:
        if args.time_offset is not None:
            raise SymflowError("--time-offset applies to --method FILE only")
        entry = get(args.name)
        variants = [{"order": args.order}] if args.order is not None else list(entry.variants)
        derivations = [entry.run(**v) for v in variants]
        content = export_document(derivations, kind=kind, bare=args.bare, variants=variants, entry=entry)
    try:
        target = write_atomic(path, content)
    except OSError as exc:
        raise SymflowError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"wrote {target}")
    return 0
