r"""``symflow regenerate [--check] [--out DIR] [--jobs N]``: rewrite (or check) the documents in ``derivations/``.

Examples
--------
>>> import tempfile
>>> from symflow.cli.options import build_parser
>>> out = tempfile.mkdtemp()
>>> run(build_parser().parse_args(["regenerate", "--check", "--out", out, "--jobs", "1"]))  # doctest: +SKIP
1
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..documents import catalogue_documents, stale_documents, write_documents

__all__ = ["run"]


def run(args) -> int:
    """Derive every entry; write the documents, or with ``--check`` exit 1 if any would change."""
    started = time.perf_counter()
    show = sys.stderr.isatty()

    def progress(done, n, name):
        if show:
            print(f"\r[{done}/{n}] {name:<40}", end="", file=sys.stderr, flush=True)

    documents = catalogue_documents(progress=progress, workers=args.jobs or os.cpu_count() or 1)
    if show:
        print(file=sys.stderr)
    out = Path(args.out)
    if args.check:
        stale = stale_documents(documents, out)
        if stale:
            print(f"symflow: stale documents in {out}/: {', '.join(stale)} "
                  "(run `symflow regenerate`)", file=sys.stderr)
            return 1
        print(f"{len(documents)} documents in {out}/ are current "
              f"({time.perf_counter() - started:.1f} s)")
        return 0
    written = write_documents(documents, out)
    for path in stale_documents(documents, out):
        (out / path).unlink()
        print(f"removed {out / path}")
    print(f"{len(documents)} documents in {out}/, {len(written)} rewritten "
          f"({time.perf_counter() - started:.1f} s)")
    return 0
