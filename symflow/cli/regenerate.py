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

from ..core.errors import SymflowError
from ..documents.regenerate import (
    catalogue_documents,
    check_output,
    current_by_manifest,
    document_names,
    inputs_key,
    record_manifest,
    stale_documents,
    write_documents,
)

__all__ = ["run", "PLAIN_PROGRESS_EVERY"]

#: seconds between two plain progress lines when standard error is not a terminal (a log, CI)
PLAIN_PROGRESS_EVERY = 5.0


def run(args) -> int:
    """Derive every entry; write the documents, or with ``--check`` exit 1 if any would change.

    Progress goes to standard error: one line rewritten in place on a terminal, otherwise plain
    ``[k/n] name`` lines at most every :data:`PLAIN_PROGRESS_EVERY` seconds (and the last one).
    """
    started = time.perf_counter()
    show = sys.stderr.isatty()
    out = Path(args.out)
    if args.jobs is not None and args.jobs < 1:
        raise SymflowError(f"--jobs must be at least 1, not {args.jobs}")
    key = inputs_key()
    if args.check and not getattr(args, "no_cache", False):
        count = current_by_manifest(out, key)
        if count is not None:
            print(f"{count} documents in {out}/ are current: derived from the same sources and versions, "
                  f"unchanged since ({time.perf_counter() - started:.1f} s; --no-cache re-derives them)")
            return 0
    if not args.check:
        check_output(out, document_names())

    last = [None]

    def progress(done, n, name):
        if show:
            print(f"\r[{done}/{n}] {name:<40}", end="", file=sys.stderr, flush=True)
            return
        now = time.monotonic()
        if done == n or last[0] is None or now - last[0] >= PLAIN_PROGRESS_EVERY:
            last[0] = now
            print(f"[{done}/{n}] {name}", file=sys.stderr, flush=True)

    documents = catalogue_documents(progress=progress, workers=args.jobs or os.cpu_count() or 1)
    if show:
        print(file=sys.stderr)
    if args.check:
        stale = stale_documents(documents, out)
        if stale:
            print(f"symflow: stale documents in {out}/: {', '.join(stale)} "
                  "(run `symflow regenerate`)", file=sys.stderr)
            return 1
        record_manifest(documents, out, key)
        print(f"{len(documents)} documents in {out}/ are current "
              f"({time.perf_counter() - started:.1f} s)")
        return 0
    written = write_documents(documents, out)
    record_manifest(documents, out, key)
    for name in stale_documents(documents, out):
        if name in documents:
            continue
        try:
            (out / name).unlink()
        except OSError as exc:
            print(f"symflow: could not remove the left-over {out / name}: {exc.strerror or exc}", file=sys.stderr)
            continue
        print(f"removed {out / name}")
    print(f"{len(documents)} documents in {out}/, {len(written)} rewritten "
          f"({time.perf_counter() - started:.1f} s)")
    return 0
