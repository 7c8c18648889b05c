r"""The options of every ``symflow`` subcommand, declared without loading the engine.

Building the parser imports only :mod:`argparse`, so ``symflow --help`` and
``symflow COMMAND --help`` answer at once. Each subcommand names the module of
:mod:`symflow.cli.main` that runs it (``set_defaults(command=...)``); see
:func:`symflow.cli.main.main`.

Examples
--------
>>> args = build_parser().parse_args(["derive", "nesterov", "--order", "1"])
>>> args.command, args.name, args.order
('derive', 'nesterov', 1)
"""
from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version

__all__ = ["build_parser", "COMMANDS", "EXIT_CODES", "FORMATS", "SCHEME_NAMES", "RESTART_NAMES", "EXIT_OK", "EXIT_REFUTED",
           "EXIT_USAGE", "EXIT_UNKNOWN", "EXIT_BUDGET", "EXIT_INTERNAL", "EXIT_INTERRUPTED"]

#: the output formats of ``--format`` (:data:`symflow.documents.FORMATS`; a test keeps them equal)
FORMATS = ("text", "latex", "json", "markdown")
#: the names of the discretization schemes (:data:`symflow.discretize.SCHEMES`; a test keeps them equal)
SCHEME_NAMES = ("explicit", "implicit", "symplectic", "symplectic-vx", "velocity-first")
#: the restart rules of ``simulate --restart`` (:data:`symflow.numeric.RESTART_RULES`; a test keeps them equal)
RESTART_NAMES = ("speed", "function")
#: subcommand -> module of :mod:`symflow.cli.main` with its ``run(args) -> int``
COMMANDS = {"list": "listing", "derive": "derive", "regenerate": "regenerate", "verify": "verify",
            "simulate": "simulate", "discretize": "discretize", "export": "export"}
EXIT_OK, EXIT_REFUTED, EXIT_USAGE, EXIT_UNKNOWN, EXIT_BUDGET, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 70, 130
#: the exit status of every command, as documented in ``symflow --help`` and the README
EXIT_CODES = {EXIT_OK: "success (proved, derived, current)", EXIT_REFUTED: "refuted, or documents are stale",
              EXIT_USAGE: "bad input (one line on stderr says what to change)",
              EXIT_UNKNOWN: "unknown (neither proved nor refuted)",
              EXIT_BUDGET: "budget exceeded (--timeout)", EXIT_INTERNAL: "internal error (please report; --debug)",
              EXIT_INTERRUPTED: "interrupted"}


def _version() -> str:
    try:
        return version("symflow")
    except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
        return "unknown"


class _Version(argparse.Action):
    """``--version``: the installed distribution's version, looked up only when asked for."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="print symflow's version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"symflow {_version()}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (exit status 2), with a pointer to ``--help``."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, not {text!r}") from None
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(f"must be between 0 and 86400 seconds, not {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``symflow`` command, every subcommand included."""
    codes = "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items())
    parser = _Parser(
        prog="symflow",
        description="Derive, check and typeset the continuous-time view of first-order "
                    "optimization methods.",
        epilog=f"Exit status: {codes}.")
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                        help="wall-clock budget of the command (default 600)")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("list", help="list the catalogue's derivations",
                       description="List the named derivations of the catalogue.")
    p.set_defaults(command="list")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: a list of {name, title, source, claim, kind}")

    p = sub.add_parser(
        "derive", help="derive the ODE of a method",
        description="Derive the continuous limit of a catalogue method (NAME) or of your own "
                    "method (--method FILE, TOML; see the README), or the Euler-Lagrange equation of your own "
                    "Bregman Lagrangian (--lagrangian FILE), with every step.")
    p.add_argument("name", nargs="?", help="catalogue entry (see `symflow list`)")
    p.add_argument("--method", metavar="FILE", help="a TOML file describing your method")
    p.add_argument("--lagrangian", metavar="FILE", help="a TOML file with the alpha, beta, gamma and h of your "
                   "Bregman Lagrangian: its Euler-Lagrange equation and the ideal-scaling conditions")
    p.add_argument("--order", type=int, default=None,
                   help="powers of sqrt(s) to keep: 0 low resolution, 1 high resolution")
    p.add_argument("--time-offset", default=None, metavar="C",
                   help="the c of t = (k + c)*delta, a rational such as 3/2")
    p.add_argument("--format", choices=FORMATS, default="text")

    p = sub.add_parser(
        "regenerate", help="rewrite the documents in derivations/",
        description="Derive every catalogue entry and write derivations/NAME.md, NAME.tex and "
                    "an index; with --check, write nothing and fail if any file would change.")
    p.add_argument("--check", action="store_true", help="exit 1 if any document is stale (without re-deriving "
                   "when symflow's cache shows the same sources, versions and contents as last time)")
    p.add_argument("--no-cache", action="store_true", help="with --check: re-derive every entry even when "
                   "the cache shows nothing changed")
    p.add_argument("--out", default="derivations", metavar="DIR", help="output directory")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="processes deriving entries side by side (default: one per core)")

    p = sub.add_parser(
        "verify", help="prove or refute a Lyapunov claim",
        description="Prove dE/dt + rho E <= 0 exactly (multipliers, semidefinite remainder, parameter "
                    "region, rate) or refute it with a checked counterexample; with unknowns in the claim file, "
                    "find their values (and with --best-rate the best rate, refuted above). Exit status: "
                    "0 proved, 1 refuted, 2 bad input, 3 unknown, 4 budget exceeded.")
    p.add_argument("name", nargs="?", help="catalogue entry of kind lyapunov (energy-...)")
    p.add_argument("--energy", metavar="FILE", help="a TOML file with your energy, ODE and function class; "
                   "with 'unknowns', find their values")
    p.add_argument("--best-rate", action="store_true",
                   help="find the largest rate of the family in --energy FILE (as rate = \"best\")")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser(
        "simulate", help="integrate a derived ODE on a concrete objective",
        description="Integrate the ODE of a catalogue entry (NAME) or the continuous limit of your own method "
                    "(--method FILE) on a concrete objective and print X(t) and f(X(t)); with --method and "
                    "--step-size, run the method itself on the same objective too, and with --compare-method "
                    "--step-size S1,S2,... the method an entry's ODE is the limit of, at each step size (--plot: SBC's "
                    "Figure 1 layout); --restart speed|function restarts the ODE's clock. For a proved Lyapunov entry "
                    "(energy-..., see `symflow list`) the run also evaluates the entry's energy E and the bound "
                    "its certificate proved: --plot draws E and f - f* with the bound, --loglog draws f - f* "
                    "against the proved rate for the ODE and for the method it is the limit of, run at each "
                    "--step-size (a discrete entry runs its method at its one step size).")
    p.add_argument("name", nargs="?", help="catalogue entry whose result is an ODE (e.g. nesterov, nesterov-r), "
                   "or a proved Lyapunov entry (e.g. energy-nesterov, energy-gradient-descent)")
    p.add_argument("--method", metavar="FILE", help="a TOML file describing your method: integrate its "
                   "continuous limit")
    p.add_argument("--lagrangian", metavar="FILE", help="a TOML file with your Bregman Lagrangian (alpha, beta, "
                   "gamma, h = euclidean): integrate its Euler-Lagrange equation")
    p.add_argument("--objective", required=True, help='f in x1, x2, ..., e.g. "0.02*x1**2 + 0.005*x2**2"')
    p.add_argument("--x0", required=True, help="starting point X(t0), comma separated, e.g. 1,1")
    p.add_argument("--v0", default=None, metavar="V", help="initial velocity Xdot(t0), comma separated "
                   "(default: the ODE's own initial condition; a second-order ODE only)")
    p.add_argument("--t0", default=None, metavar="T", help="start time (default: the ODE's start; a later "
                   "start avoids a singular point such as t = 0 in 3/t)")
    p.add_argument("--step-size", default=None, metavar="S", help="with --method: also run the method itself "
                   "with step size S, its iterates x_k placed at t_k = (k + c)*s^a (the limit's scaling); with "
                   "--compare-method: the step sizes S1,S2,... of the method's runs; for a "
                   "Lyapunov entry with --loglog: the method's step sizes S1,S2,... (default 0.1,0.01; the ODE's s "
                   "when it has one; one step size for a discrete entry)")
    p.add_argument("--r", default=None, help="friction r of the generalised Nesterov ODE")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="another parameter of the ODE (mu, s, ...); repeatable")
    p.add_argument("--order", type=int, default=None, help="resolution order of the limit (0 or 1)")
    p.add_argument("--t", default="1,2,5,10", help="times, comma separated (default 1,2,5,10)")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--plot", default=None, metavar="FILE.png",
                   help="also plot the path X(t) and f(X(t)) to this file (.png, .pdf or .svg); for a Lyapunov "
                        "entry: E(t), f - f* and the proved bound")
    p.add_argument("--loglog", default=None, metavar="FILE.png",
                   help="Lyapunov entries: plot f - f* against the proved rate (log-log for t^-p, semilog for "
                        "e^(-rho t)) for the ODE and its method's iterates at t_k = k*sqrt(s) or k*s")
    p.add_argument("--restart", choices=RESTART_NAMES, default=None,
                   help="restart the clock (t back to t0, Xdot to its initial value) and report the restart times: "
                        "speed, whenever the speed ‖Xdot‖ stops increasing (Su, Boyd, Candès 2016, §5); function, "
                        "whenever f(X(t)) stops decreasing (the continuous analogue of O'Donoghue and "
                        "Candès' function restart)")
    p.add_argument("--compare-method", action="store_true",
                   help="run the method the entry's ODE is the limit of at each --step-size S1,S2,... beside the ODE, "
                        "its iterate x_k at t_k = (k + c)*s^a (the limit's scaling): prints x_k and f(x_k) next to "
                        "X(t) and f(X(t)) at each --t; with --plot, SBC's Figure 1 layout (paths in the plane and "
                        "f - f* against t)")
    p.add_argument("--no-cache", action="store_true",
                   help="derive the catalogue entry's ODE (and limit) afresh instead of reading them back from "
                        "symflow's cache, where an earlier run kept them (keyed on symflow's sources), and keep nothing")

    p = sub.add_parser(
        "discretize", help="discretize the ODE of a catalogue entry (or of your method) into a method",
        description="Write the ODE as a first-order system in (X, V) and discretize it by explicit, "
                    "implicit or symplectic Euler; print the method with every step.")
    p.add_argument("name", nargs="?", help="a catalogue entry whose result is an ODE (see `symflow list`)")
    p.add_argument("--method", metavar="FILE", help="a TOML method: its continuous limit is discretized")
    p.add_argument("--scheme", required=True, metavar="SCHEME", choices=SCHEME_NAMES,
                   help=f"one of: {', '.join(SCHEME_NAMES)}")
    p.add_argument("--order", type=int, default=None, help="resolution of the ODE: 0 (low) or 1 (high)")
    p.add_argument("--step", default=None, metavar="H",
                   help="the time step h as an expression in s and the parameters, e.g. 'sqrt(s)' "
                        "(default sqrt(s) for second-order ODEs, s for first-order)")
    p.add_argument("--time-offset", default="0", metavar="C", help="the c of the grid t_k = (k + c) h")
    p.add_argument("--format", choices=FORMATS, default="text")

    p = sub.add_parser(
        "export", help="write one derivation as LaTeX, Markdown or JSON",
        description="Write one catalogue derivation (NAME), or the continuous limit of your own method "
                    "(--method FILE), as a LaTeX document (or, with --bare, an align* block to paste into a "
                    "paper), as Markdown, or as JSON (every step, check and result).")
    p.add_argument("name", nargs="?", help="catalogue entry (see `symflow list`)")
    p.add_argument("--method", metavar="FILE", help="a TOML file describing your method: export the derivation "
                   "of its continuous limit instead of a catalogue entry's")
    p.add_argument("--lagrangian", metavar="FILE", help="a TOML file with your Bregman Lagrangian's alpha, beta, "
                   "gamma and h: export its Euler-Lagrange equation")
    p.add_argument("--time-offset", default=None, metavar="C",
                   help="with --method: the c of t = (k + c)*delta, a rational such as 3/2")
    p.add_argument("--latex", metavar="FILE", help="write LaTeX to FILE")
    p.add_argument("--markdown", metavar="FILE", help="write Markdown to FILE")
    p.add_argument("--json", metavar="FILE", help="write the derivation (every step, check and result) as JSON "
                   "to FILE")
    p.add_argument("--format", choices=("latex", "markdown", "json"), default=None,
                   help="with --output FILE: the format to write (default from FILE's suffix)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE in --format (or as its suffix says)")
    p.add_argument("--bare", action="store_true", help="LaTeX: only an align* block")
    p.add_argument("--order", type=int, default=None, help="one resolution order only")
    return parser
