r"""``symflow list [--format text|json]``: every named derivation of the catalogue, read from its modules without
running one.

Examples
--------
>>> import argparse
>>> run(argparse.Namespace())  # doctest: +ELLIPSIS
adagrad ...
0
>>> import contextlib, io, json
>>> with contextlib.redirect_stdout(io.StringIO()) as out:
...     status = run(argparse.Namespace(format="json"))
>>> status, sorted(json.loads(out.getvalue())[0])
(0, ['claim', 'kind', 'name', 'source', 'title'])
"""
from __future__ import annotations

import json

from ..catalogue import catalogue_index

__all__ = ["listing", "run"]


def listing() -> list:
    """``[{"name", "title", "source", "claim", "kind"}, ...]`` for every entry, in alphabetical order.

    Examples
    --------
    >>> [row for row in listing() if row["name"] == "nesterov"][0]["kind"]
    'limit'
    """
    return [{"name": name, "title": entry.title, "source": entry.source, "claim": entry.claim, "kind": entry.kind}
            for name, entry in catalogue_index().items()]


def run(args) -> int:
    """Print ``name  title  [source]`` for every entry, in alphabetical order (``--format json``: a JSON list)."""
    rows = listing()
    if getattr(args, "format", "text") == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max(len(row["name"]) for row in rows)
    for row in rows:
        print(f"{row['name']:<{width}}  {row['title']}  [{row['source']}]")
    return 0
