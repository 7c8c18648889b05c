r"""``symflow verify NAME`` / ``symflow verify --energy FILE``: prove or refute a Lyapunov claim.

With ``unknowns`` in the claim file (or ``--best-rate``) the energy is a family: the values of the
unknowns are found (:func:`symflow.lyapunov.synthesize`), certified exactly, and with a best rate the
rate just above it is refuted for every member of the family.

Exit status (:mod:`symflow.cli.options`): 0 proved, 1 refuted, 2 bad input, 3 unknown,
4 budget exceeded. ``--format json``
prints the multipliers, the remainder (pivots and rows of its
:math:`LDL^\top`), the parameter region, the rate and any counterexample (whose ``derivative_plus_rate_times_energy`` is
:math:`\dot E + \rho E` at its state). The check "certificate re-expanded to
zero" is shown only for a proof: a refuted or unknown claim has no certificate.

Examples
--------
>>> from symflow.cli.options import build_parser
>>> parser = build_parser()
>>> args = parser.parse_args(["verify", "energy-gradient-flow", "--format", "json"])
>>> run(args)  # doctest: +ELLIPSIS
{...
0
"""
from __future__ import annotations

import json

from ..catalogue import get
from ..core.derivation import Check, Derivation, Status, Step
from ..core.errors import SymflowError
from ..documents.render import to_text
from ..lyapunov.discrete import certify_step
from ..lyapunov.step_synthesis import synthesize_step
from ..lyapunov.synthesis import synthesize
from ..lyapunov.verification import to_dict, verify
from ..parse.claim import DiscreteClaim, read_claim
from .options import EXIT_OK, EXIT_REFUTED, EXIT_UNKNOWN

__all__ = ["run"]


_EXIT = {Status.PROVED: EXIT_OK, Status.REFUTED: EXIT_REFUTED, Status.UNKNOWN: EXIT_UNKNOWN}


def run(args) -> int:
    """Run ``symflow verify``; return the exit status."""

    if (args.name is None) == (args.energy is None):
        raise SymflowError("give either a catalogue NAME or --energy FILE (see `symflow verify --help`)")
    if args.name is not None:
        entry = get(args.name)
        if entry.kind not in ("lyapunov", "lyapunov-discrete", "lyapunov-synthesis", "lyapunov-constrained"):
            raise SymflowError(f"{args.name!r} is not a Lyapunov claim (kind {entry.kind}); "
                               "see `symflow list` for the energy-... and synth-... entries")
        derivation = entry.run()
        result = derivation.result
        if entry.kind == "lyapunov-discrete":
            return _discrete(derivation, args.format)
        if entry.kind in ("lyapunov-synthesis", "lyapunov-constrained"):  # (synthesis: a family, its member)
            return _finish(derivation, derivation.status, result.to_dict(), args.format)
    else:
        claim = read_claim(args.energy)
        if isinstance(claim, DiscreteClaim):
            return _discrete_claim(claim, args)
        if claim.unknowns or claim.best_rate or getattr(args, "best_rate", False):
            return _synthesis(claim, args)
        result = verify(claim.energy, claim.ode, claim.function_class, rate=claim.rate)
        checks = ()
        if result.status == Status.PROVED:
            checks = (Check("certificate re-expanded to zero", 0, result.certificate.identity() == 0),)
        derivation = Derivation(claim.name, _origin(claim) + result.steps, result, title="Lyapunov claim",
                                source=args.energy, checks=checks, status=result.status)
    return _finish(derivation, result.status, to_dict(result), args.format)


def _origin(claim) -> tuple:
    """A first step saying where the claim's ODE comes from, when it was derived from a method file."""
    if not claim.ode_from_method:
        return ()
    return (Step("ODE from the method", f"The ODE is the continuous limit of the method in "
                 f"{claim.ode_from_method}, derived as `symflow derive --method` derives it:",
                 (claim.ode.equation, *claim.ode.initial_conditions)),)


def _synthesis(claim, args) -> int:
    """A family with unknowns (or a best rate): find the member, certify it, refute above the best rate."""
    best = claim.best_rate or getattr(args, "best_rate", False)
    found = synthesize(claim.energy, claim.ode, claim.function_class, unknowns=claim.unknowns,
                       rate="best" if best else claim.rate,
                       parameters=claim.parameters + tuple(claim.function_class.parameters),
                       sample=dict(claim.sample) or None, kappa_region=claim.best_rate_by == "region")
    checks = ()
    if found.status == Status.PROVED:
        checks = (Check("certificate re-expanded to zero", 0, found.certificate.identity() == 0),)
        if best:
            mode = found.refutation is not None and found.refutation.kind == "mode"
            checks += (Check("no member positive on the slowest mode certifies a rate above rho* (exact mode)"
                             if mode else "no member certifies rho*(1 + 1/50) (exact dual state)", True,
                             found.refutation is not None and found.refutation.target > 0),)
    derivation = Derivation(claim.name, _origin(claim) + found.steps, found, title="Lyapunov synthesis",
                            source=args.energy, checks=checks, status=found.status)
    return _finish(derivation, found.status, found.to_dict(), args.format)


def _discrete_claim(claim, args) -> int:
    """A discrete-time claim file: :func:`~symflow.lyapunov.certify_step`, then as the catalogue's entries; a
    family with unknowns (or a best rate): :func:`~symflow.lyapunov.synthesize_step`."""
    best = claim.best_rate or getattr(args, "best_rate", False)
    if claim.unknowns or best:
        if not claim.unknowns:
            raise SymflowError("a best rate is searched in a family: list the energy's free coefficients under "
                               "unknowns")
        found = synthesize_step(claim.energy, claim.method, claim.function_class, unknowns=claim.unknowns,
                                rate="best" if best else claim.rate, rate_form=claim.rate_form, start=claim.start,
                                parameters=claim.parameters + tuple(claim.method.parameters) + (claim.method.step_size,)
                                + tuple(claim.function_class.parameters))
        checks = ()
        if found.status == Status.PROVED:
            checks = (Check("certificate re-expanded to zero", 0, found.certificate.identity() == 0),)
            if best:
                checks += (Check("no member certifies rho*(1 + 1/50) (exact one-step state)", True,
                                 found.refutation is not None and found.refutation.target > 0),)
        derivation = Derivation(claim.name, found.steps, found, title="Discrete-time Lyapunov synthesis",
                                source=args.energy, checks=checks, status=found.status)
        return _finish(derivation, found.status, found.to_dict(), args.format)
    cert = certify_step(claim.energy, claim.method, claim.function_class, rate=claim.rate, start=claim.start,
                        rate_form=claim.rate_form)
    checks = ()
    if cert.status == Status.PROVED:
        checks = (Check("certificate re-expanded to zero", 0, cert.identity() == 0),)
    derivation = Derivation(claim.name, cert.steps, cert, title="Discrete-time Lyapunov claim",
                            source=args.energy, checks=checks, status=cert.status)
    return _discrete(derivation, args.format)


def _discrete(derivation, form: str) -> int:
    """A discrete-time claim (catalogue or file): its certificate, region, multipliers and bound."""
    cert = derivation.result
    proved = cert.status == Status.PROVED
    data = {"status": str(cert.status), "energy": str(cert.energy),
            "rate": str(cert.rate), "rate_form": cert.rate_form,
            "region": str(cert.region.as_boolean()) if proved else None,
            "multipliers": [{"inequality": q.name, "value": str(m)} for q, m in cert.multipliers],
            "bound": str(cert.bound) if cert.bound is not None else None}
    if not proved:
        data["reason"] = cert.reason
    return _finish(derivation, cert.status, data, form)


def _finish(derivation, status, data: dict, form: str) -> int:
    """Print the derivation (text) or ``data`` and the checks (JSON); the exit status of the verdict."""
    if form == "json":
        data = {"name": derivation.name, **data,
                "checks": [{"description": c.description, "passed": bool(c.passed)} for c in derivation.checks]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(to_text(derivation), end="")
        print(f"status: {status}")
    if not all(c.passed for c in derivation.checks):
        return EXIT_UNKNOWN
    return _EXIT[status]
