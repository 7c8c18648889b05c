r"""Building catalogue entries for energies along systems with state constraints (kind "lyapunov-constrained").

The entry derives the system (from the engine), decides :math:`dE/dt \le 0` in coordinates with
the named states constrained nonnegative (:func:`symflow.lyapunov.certify_constrained`), and checks:
the claim proved, the coordinate summand equal to its expected form, and — so that the constraint is
shown to be needed — the same claim *not* proved once the constraint is dropped.

Examples
--------
>>> from sympy import Derivative, Eq
>>> from symflow.core import X, t, grad, FValue
>>> from symflow.core.ode_system import ODESystem
>>> flow = lambda: ODESystem((Eq(Derivative(X(t), t), -grad(X(t))),))
>>> e = constrained_energy_entry("demo", lambda: (FValue(X(t)), flow()), (), title="-", source="-",
...                              claim="-", expected_term=None, needs_constraint=False)
>>> e.run().status
'proved'
"""
from __future__ import annotations

from collections.abc import Callable

from sympy import Expr, cancel

from ...core import Check, Derivation, Status, Step
from ...lyapunov import certify_constrained, coordinate_reading, coordinate_symbols
from .. import Entry

__all__ = ["constrained_energy_entry"]


def constrained_energy_entry(name: str, setup: Callable, constraints: tuple, *, title: str, source: str,
                             claim: str, expected_term: Expr | None, needs_constraint: bool = True) -> Entry:
    r"""An :class:`~symflow.catalogue.Entry` deciding :math:`dE/dt \le 0` along a system under state constraints.

    Parameters
    ----------
    setup : callable
        ``setup() -> (energy, system)``; the system should come out of the engine.
    constraints : tuple of str
        The states constrained coordinate-wise nonnegative.
    expected_term : Expr or None
        The expected :math:`dE/dt` (a vector-level expression, read in coordinates and compared with
        the derived summand).
    needs_constraint : bool
        Whether to check that the claim is not proved without the constraints.
    """

    def derive() -> Derivation:
        energy, system = setup()
        cert = certify_constrained(energy, system, constraints)
        checks = [Check(r"$dE/dt \le 0$ proved, with the state constraints invariant", (0,), cert.proved)]
        if expected_term is not None:
            table = coordinate_symbols(system, constraints)
            checks.append(Check("derived here: the coordinate summand of dE/dt", (expected_term,),
                                cancel(coordinate_reading(expected_term, table) - cert.term) == 0))
        steps = list(cert.steps)
        if needs_constraint and constraints:
            loose = certify_constrained(energy, system, ())
            steps.append(Step("Without the state constraint",
                              "With the states only real, the sign of the summand is "
                              + ("decided" if loose.sign else "not decided (SymPy answers None)")
                              + f": the claim is {'proved' if loose.proved else 'not proved'}.", (loose.term,)))
            checks.append(Check("the constraint is needed: not proved without it (the summand with the states only "
                                "real)", loose.term, not loose.proved))
        return Derivation(name, tuple(steps), cert, title=title, source=source, claim=claim,
                          checks=tuple(checks), status=Status.PROVED if cert.proved else Status.UNKNOWN)

    return Entry(name, title, source, claim, derive, variants=({},), options=(), kind="lyapunov-constrained")
