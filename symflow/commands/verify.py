r"""``symflow verify NAME`` / ``symflow verify --energy FILE``: prove or refute a Lyapunov claim.

Exit status: 0 proved, 1 refuted, 2 bad input, 3 unknown. ``--format json``
prints the multipliers, the remainder (pivots and rows of its
:math:`LDL^\top`), the parameter region, the rate and any counterexample.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> register(parser.add_subparsers())
>>> args = parser.parse_args(["verify", "energy-gradient-flow", "--format", "json"])
>>> run(args)  # doctest: +ELLIPSIS
{...
0
"""
from __future__ import annotations

import json

from ..errors import SymflowError

__all__ = ["register", "run", "EXIT_PROVED", "EXIT_REFUTED", "EXIT_UNKNOWN"]

EXIT_PROVED, EXIT_REFUTED, EXIT_UNKNOWN = 0, 1, 3
_EXIT = {"proved": EXIT_PROVED, "refuted": EXIT_REFUTED, "unknown": EXIT_UNKNOWN}


def register(subparsers) -> None:
    """Add the ``verify`` subcommand."""
    p = subparsers.add_parser(
        "verify", help="prove or refute a Lyapunov claim",
        description="Prove dE/dt + rho E <= 0 exactly (multipliers, semidefinite remainder, parameter "
                    "region, rate) or refute it with a checked counterexample. Exit status: 0 proved, "
                    "1 refuted, 2 bad input, 3 unknown.")
    p.add_argument("name", nargs="?", help="catalogue entry of kind lyapunov (energy-...)")
    p.add_argument("--energy", metavar="FILE", help="a TOML file with your energy, ODE and function class")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def run(args) -> int:
    """Run ``symflow verify``; return the exit status."""
    from ..document import to_text
    from ..model import Check, Derivation
    from ..verification import to_dict, verify

    if (args.name is None) == (args.energy is None):
        raise SymflowError("give either a catalogue NAME or --energy FILE (see `symflow verify --help`)")
    if args.name is not None:
        from ..catalogue import get

        entry = get(args.name)
        if entry.kind != "lyapunov":
            raise SymflowError(f"{args.name!r} is not a Lyapunov claim (kind {entry.kind}); "
                               "see `symflow list` for the energy-... entries")
        derivation = entry.run()
        result = derivation.result
    else:
        from ..parse_energy import read_claim

        claim = read_claim(args.energy)
        result = verify(claim.energy, claim.ode, claim.function_class, rate=claim.rate)
        derivation = Derivation(claim.name, result.steps, result, title="Lyapunov claim", source=args.energy,
                                checks=(Check("certificate re-expanded to zero", 0,
                                              result.status != "proved" or result.certificate.identity() == 0),),
                                status=result.status)
    if args.format == "json":
        data = {"name": derivation.name, **to_dict(result),
                "checks": [{"description": c.description, "passed": bool(c.passed)} for c in derivation.checks]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(to_text(derivation), end="")
        print(f"status: {result.status}")
    if not all(c.passed for c in derivation.checks):
        return EXIT_UNKNOWN
    return _EXIT[result.status]
