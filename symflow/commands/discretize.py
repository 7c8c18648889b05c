r"""``symflow discretize NAME --scheme SCHEME``: turn a catalogue ODE (or your method's limit) back into a method.

The ODE is the result of the catalogue entry ``NAME`` (``--order`` 0 or 1), or
the continuous limit of the method in ``--method FILE``; it is discretized by
:func:`symflow.discretize.discretization` and printed with every step.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser(); sub = parser.add_subparsers()
>>> register(sub)
>>> args = parser.parse_args(["discretize", "nag-sc", "--scheme", "symplectic", "--order", "1"])
>>> args.scheme, args.order
('symplectic', 1)
"""
from __future__ import annotations


from ..errors import SymflowError

__all__ = ["register"]


def register(subparsers) -> None:
    """Add the ``discretize`` subcommand."""
    from ..discretize import SCHEMES

    p = subparsers.add_parser(
        "discretize", help="discretize the ODE of a catalogue entry (or of your method) into a method",
        description="Write the ODE as a first-order system in (X, V) and discretize it by explicit, "
                    "implicit or symplectic Euler; print the method with every step.")
    p.add_argument("name", nargs="?", help="a catalogue entry whose result is an ODE (see `symflow list`)")
    p.add_argument("--method", metavar="FILE", help="a TOML method: its continuous limit is discretized")
    p.add_argument("--scheme", required=True, metavar="SCHEME",
                   help=f"one of: {', '.join(SCHEMES)}")
    p.add_argument("--order", type=int, default=None, help="resolution of the ODE: 0 (low) or 1 (high)")
    p.add_argument("--step", default=None, metavar="H",
                   help="the time step h as an expression in s and the parameters, e.g. 'sqrt(s)' "
                        "(default sqrt(s) for second-order ODEs, s for first-order)")
    p.add_argument("--time-offset", default="0", metavar="C", help="the c of the grid t_k = (k + c) h")
    p.add_argument("--format", choices=("text", "latex", "json", "markdown"), default="text")
    p.set_defaults(run=run)


def _ode(args):
    from ..model import ODE

    if (args.name is None) == (args.method is None):
        raise SymflowError("give either a catalogue NAME or --method FILE (see `symflow discretize --help`)")
    if args.method is not None:
        from ..limit import continuous_limit
        from ..parse import read_method

        method, _ = read_method(args.method)
        return continuous_limit(method, order=args.order or 0).ode
    from ..catalogue import get

    entry = get(args.name)
    options = {"order": args.order} if "order" in entry.options else {}
    if args.order is not None and "order" not in entry.options:
        raise SymflowError(f"catalogue entry {args.name!r} takes no --order")
    result = entry.run(**options).result
    if not isinstance(result, ODE):
        raise SymflowError(f"catalogue entry {args.name!r} does not derive an ODE, so there is nothing "
                           "to discretize")
    return result


def _step(text, parameters):
    if text is None:
        return None
    from ..parse import parse_expression

    names = [str(p) for p in parameters]
    step = parse_expression(text, {}, parameters=names)
    from ..symbols import KNOWN_SCALARS

    own = {str(p): p for p in parameters}
    return step.xreplace({sym: own[str(sym)] for sym in step.free_symbols
                          if str(sym) in own and str(sym) not in KNOWN_SCALARS})


def run(args) -> int:
    """Discretize and print; bad input raises a :class:`~symflow.errors.SymflowError`."""
    from ..discretize import discretization
    from ..document import render
    from ..parse import parse_rational

    if args.order is not None and args.order not in (0, 1):
        raise SymflowError(f"--order must be 0 or 1, not {args.order}")
    offset = parse_rational(args.time_offset, where="--time-offset")
    ode = _ode(args)
    step = _step(args.step, ode.parameters)
    derivation = discretization(ode, args.scheme, step=step, time_offset=offset).derivation
    print(render(derivation, args.format), end="")
    return 0
