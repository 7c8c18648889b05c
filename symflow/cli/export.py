r"""``symflow export``: one derivation as a LaTeX or Markdown file.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "nesterov.tex"
>>> from symflow.cli.main import main
>>> main(["export", "nesterov", "--latex", str(out), "--bare"])  # doctest: +ELLIPSIS
wrote ...
0
>>> out.read_text().startswith(r"\begin{align*}")
True
"""
from __future__ import annotations

from ..catalogue import get
from ..core.errors import SymflowError
from ..documents.files import write_atomic
from ..documents.render import latex_block, to_latex, to_markdown
from ..parse.method import check_order

__all__ = ["export_document", "run"]


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

    if kind == "latex":
        if bare:
            return "\n".join(latex_block(d) for d in derivations)
        return to_latex(list(derivations), variants=variants)
    if kind == "markdown":
        if bare:
            raise SymflowError("--bare applies to LaTeX only")
        return to_markdown(list(derivations), variants=variants)
    raise SymflowError(f"unknown export format {kind!r}")


def run(args) -> int:
    if (args.latex is None) == (args.markdown is None):
        raise SymflowError("give exactly one of --latex FILE or --markdown FILE")
    check_order(args.order)
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


