r"""The ``symflow`` command: parse the options, load the one subcommand asked for, run it within its budget.

Only :mod:`symflow.cli.options` (argparse) is loaded before the subcommand is known, so
``symflow --help`` starts without SymPy; the subcommand's module
(:data:`~symflow.cli.options.COMMANDS`) is imported by name when it runs.

Every run has a wall-clock budget (``--timeout``, default
:data:`~symflow.core.limits.DEFAULT_TIMEOUT`): long loops check it, and an alarm stops anything
that does not. Exit status (:data:`~symflow.cli.options.EXIT_CODES`): 0 success, 1 refuted or
stale, 2 bad input, 3 unknown, 4 budget exceeded, 70 internal error; errors are one line on
stderr, with the traceback only under ``--debug``.

Examples
--------
>>> main(["list"])  # doctest: +ELLIPSIS
adagrad ...
0
"""
from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
import threading
import traceback
from contextlib import contextmanager
from importlib import import_module

from ..core.errors import BudgetExceeded, SymflowError
from ..core.limits import DEFAULT_TIMEOUT, time_budget
from .options import COMMANDS, EXIT_BUDGET, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, build_parser

__all__ = ["main"]


@contextmanager
def _loading(program: bool):
    """Import the subcommand; in a run of the ``symflow`` program itself, whose process ends with the command,
    keep what is loaded out of the garbage collector's scans.

    The collector pauses while the subcommand's modules load (SymPy, SciPy: objects that stay alive), then
    they and everything else alive are moved to its permanent generation, and so is everything left at exit:
    the collections during the run and the full one at interpreter exit no longer re-scan them (about 0.6 s
    of ``symflow simulate``). A call of :func:`main` from Python (tests, notebooks) leaves the collector as
    it is.
    """
    if not program:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
        atexit.register(gc.freeze)


@contextmanager
def _alarm(seconds: float, grace: float = 1.0):
    """Raise :class:`BudgetExceeded` in the main thread ``grace`` after ``seconds`` (a hard stop for any code)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def ring(signum, frame):
        raise BudgetExceeded(f"the command ran past its budget of {seconds:g} s "
                             "(give more with --timeout SECONDS, or ask for less)")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds + grace)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _native_output_silenced():
    """Keep what compiled extensions write to the process's standard error off the terminal.

    The SDP solver's native code prints a panic message and a backtrace on a degenerate problem,
    which symflow treats as a missing suggestion. Python's own ``sys.stderr`` (symflow's one-line
    errors, warnings, progress) keeps writing to the terminal through a copy of the descriptor.
    Nothing changes when ``sys.stderr`` is not the process's descriptor 2 (e.g. under a test's
    capture).
    """
    try:
        real = sys.stderr.fileno() == 2
    except (AttributeError, OSError, ValueError):
        real = False
    if not real:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    previous = sys.stderr
    sys.stderr = os.fdopen(os.dup(saved), "w", buffering=1, encoding=previous.encoding, errors="backslashreplace")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)
    try:
        yield
    finally:
        sys.stderr.flush()
        sys.stderr.close()
        sys.stderr = previous
        os.dup2(saved, 2)
        os.close(saved)


def main(argv=None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version (0) or a bad option (2, one line on stderr)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    seconds = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
    try:
        with time_budget(seconds), _alarm(seconds), _native_output_silenced():
            with _loading(program=argv is None):   # None: the program itself (console script, python -m symflow)
                command = import_module(f"{__package__}.{COMMANDS[args.command]}")
            return command.run(args)
    except BudgetExceeded as exc:
        print(f"symflow: error: {exc}", file=sys.stderr)
        return EXIT_BUDGET
    except SymflowError as exc:
        print(f"symflow: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RecursionError:
        print("symflow: error: the input is nested too deeply", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("symflow: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`symflow list | head`): nothing more to say
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (AttributeError, OSError, ValueError):
            pass
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the one place an unexpected error becomes an exit status
        if args.debug:
            traceback.print_exc()
        where = traceback.extract_tb(exc.__traceback__)[-1]
        print(f"symflow: internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} "
              f"(at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}) — please report it, with --debug's "
              "traceback", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
