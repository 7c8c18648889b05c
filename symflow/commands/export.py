r"""``symflow export``: one derivation as a LaTeX or Markdown file.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "nesterov.tex"
>>> from symflow.cli import main
>>> main(["export", "nesterov", "--latex", str(out), "--bare"])  # doctest: +ELLIPSIS
wrote ...
0
>>> out.read_text().startswith(r"\begin{align*}")
True
"""
from __future__ import annotations

from ..errors import SymflowError

__all__ = ["register", "export_document"]


def export_document(derivations, *, kind: str, bare: bool = False, variants=None) -> str:
    r"""The text of an exported document.

    Parameters
    ----------
    derivations : list of Derivation
        A catalogue entry's or your own (e.g. ``continuous_limit(m).derivation``).
    kind : {"latex", "markdown"}
    bare : bool
        LaTeX only: an ``align*`` block to paste into a paper instead of a full document.
    """
    from ..document import latex_block, to_latex, to_markdown

    if kind == "latex":
        if bare:
            return "\n".join(latex_block(d) for d in derivations)
        return to_latex(list(derivations), variants=variants)
    if kind == "markdown":
        if bare:
            raise SymflowError("--bare applies to LaTeX only")
        return to_markdown(list(derivations), variants=variants)
    raise SymflowError(f"unknown export format {kind!r}")


def _run(args) -> int:
    from ..catalogue import get
    from ..regenerate import write_atomic

    if (args.latex is None) == (args.markdown is None):
        raise SymflowError("give exactly one of --latex FILE or --markdown FILE")
    entry = get(args.name)
    variants = [{"order": args.order}] if args.order is not None else list(entry.variants)
    derivations = [entry.run(**v) for v in variants]
    kind, path = ("latex", args.latex) if args.latex is not None else ("markdown", args.markdown)
    content = export_document(derivations, kind=kind, bare=args.bare, variants=variants)
    try:
        target = write_atomic(path, content)
    except OSError as exc:
        raise SymflowError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"wrote {target}")
    return 0


def register(subparsers) -> None:
    """Add ``symflow export`` to the command line."""
    parser = subparsers.add_parser(
        "export", help="write one derivation as LaTeX or Markdown",
        description="Write one catalogue derivation as a LaTeX document (or, with --bare, an "
                    "align* block to paste into a paper) or as Markdown.")
    parser.add_argument("name", help="catalogue entry (see `symflow list`)")
    parser.add_argument("--latex", metavar="FILE", help="write LaTeX to FILE")
    parser.add_argument("--markdown", metavar="FILE", help="write Markdown to FILE")
    parser.add_argument("--bare", action="store_true", help="LaTeX: only an align* block")
    parser.add_argument("--order", type=int, default=None, help="one resolution order only")
    parser.set_defaults(run=_run)
