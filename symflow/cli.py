r"""The ``symflow`` command.

``symflow list`` shows the catalogue; ``symflow derive NAME`` (or
``--method FILE``) derives an ODE with its steps; ``symflow regenerate``
rewrites the documents in ``derivations/``.

Errors a user can cause print one line on stderr and exit with status 2.

Examples
--------
>>> main(["list"])  # doctest: +ELLIPSIS
bregman-euclidean ...
0
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .document import FORMATS
from .errors import SymflowError

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``symflow`` command."""
    parser = argparse.ArgumentParser(
        prog="symflow",
        description="Derive, check and typeset the continuous-time view of first-order "
                    "optimization methods.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p_list = sub.add_parser("list", help="list the catalogue's derivations",
                            description="List the named derivations of the catalogue.")
    p_list.set_defaults(run=_run_list)

    p_derive = sub.add_parser(
        "derive", help="derive the ODE of a method",
        description="Derive the continuous limit of a catalogue method (NAME) or of your own "
                    "method (--method FILE, TOML; see the README), with every step.")
    p_derive.add_argument("name", nargs="?", help="catalogue entry (see `symflow list`)")
    p_derive.add_argument("--method", metavar="FILE", help="a TOML file describing your method")
    p_derive.add_argument("--order", type=int, default=None,
                          help="powers of sqrt(s) to keep: 0 low resolution, 1 high resolution")
    p_derive.add_argument("--time-offset", default=None, metavar="C",
                          help="the c of t = (k + c)*delta, a rational such as 3/2")
    p_derive.add_argument("--format", choices=FORMATS, default="text")
    p_derive.set_defaults(run=_run_derive)

    p_regen = sub.add_parser(
        "regenerate", help="rewrite the documents in derivations/",
        description="Derive every catalogue entry and write derivations/NAME.md, NAME.tex and "
                    "an index; with --check, write nothing and fail if any file would change.")
    p_regen.add_argument("--check", action="store_true", help="exit 1 if any document is stale")
    p_regen.add_argument("--out", default="derivations", metavar="DIR", help="output directory")
    p_regen.add_argument("--jobs", type=int, default=None, metavar="N",
                         help="processes deriving entries side by side (default: one per core)")
    p_regen.set_defaults(run=_run_regenerate)

    from .commands import command_modules

    for module in command_modules():
        module.register(sub)
    return parser


def _run_list(args) -> int:
    from .catalogue import entries

    table = entries()
    width = max(len(n) for n in table)
    for name, entry in table.items():
        print(f"{name:<{width}}  {entry.title}  [{entry.source}]")
    return EXIT_OK


def _run_derive(args) -> int:
    from .document import render

    if (args.name is None) == (args.method is None):
        raise SymflowError("give either a catalogue NAME or --method FILE (see `symflow derive --help`)")
    from .parse import parse_rational

    offset = None if args.time_offset is None else parse_rational(args.time_offset, where="--time-offset")
    if args.method is not None:
        derivation = _derive_user_method(args.method, args.order, offset)
    else:
        from .catalogue import get

        derivation = get(args.name).run(order=args.order, time=offset)
    print(render(derivation, args.format), end="")
    return EXIT_OK


def _derive_user_method(path, order, offset):
    from .limit import continuous_limit
    from .model import Derivation
    from .parse import parse_rational, read_method

    method, options = read_method(path)
    if order is None:
        order = options.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool):
        raise SymflowError(f"{path}: [limit] order must be a whole number")
    if offset is None:
        offset = parse_rational(options.get("time_offset", 0), where=f"{path}: time_offset")
    exponent = options.get("exponent")
    if exponent is not None:
        exponent = parse_rational(exponent, where=f"{path}: exponent")
    result = continuous_limit(method, time=offset, order=order, exponent=exponent)
    return Derivation(method.name, result.steps, result.ode, title=method.description,
                      source=method.source)


def _run_regenerate(args) -> int:
    from .regenerate import catalogue_documents, stale_documents, write_documents

    started = time.perf_counter()
    show = sys.stderr.isatty()

    def progress(done, n, name):
        if show:
            print(f"\r[{done}/{n}] {name:<40}", end="", file=sys.stderr, flush=True)

    import os

    documents = catalogue_documents(progress=progress, workers=args.jobs or os.cpu_count() or 1)
    if show:
        print(file=sys.stderr)
    out = Path(args.out)
    if args.check:
        stale = stale_documents(documents, out)
        if stale:
            print(f"symflow: stale documents in {out}/: {', '.join(stale)} "
                  "(run `symflow regenerate`)", file=sys.stderr)
            return EXIT_FAILED
        print(f"{len(documents)} documents in {out}/ are current "
              f"({time.perf_counter() - started:.1f} s)")
        return EXIT_OK
    written = write_documents(documents, out)
    for path in stale_documents(documents, out):
        (out / path).unlink()
        print(f"removed {out / path}")
    print(f"{len(documents)} documents in {out}/, {len(written)} rewritten "
          f"({time.perf_counter() - started:.1f} s)")
    return EXIT_OK


def main(argv=None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SymflowError as exc:
        print(f"symflow: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RecursionError:
        print("symflow: error: the input is nested too deeply", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("symflow: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
