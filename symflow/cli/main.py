r"""The ``symflow`` command: parse the options, load the one subcommand asked for, run it.

Only :mod:`symflow.cli.options` (argparse) is loaded before the subcommand is known, so
``symflow --help`` starts without SymPy; the subcommand's module
(:data:`~symflow.cli.options.COMMANDS`) is imported by name when it runs. Errors a user
can cause print one line on stderr and exit with status 2.

Examples
--------
>>> main(["list"])  # doctest: +ELLIPSIS
bregman-euclidean ...
0
"""
from __future__ import annotations

import sys
from importlib import import_module

from ..core.errors import SymflowError
from .options import COMMANDS, build_parser

__all__ = ["main"]

EXIT_USAGE, EXIT_INTERRUPTED = 2, 130


def main(argv=None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        command = import_module(f"{__package__}.{COMMANDS[args.command]}")
        return command.run(args)
    except SymflowError as exc:
        print(f"symflow: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RecursionError:
        print("symflow: error: the input is nested too deeply", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("symflow: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
