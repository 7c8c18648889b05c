r"""Elimination of auxiliary sequences: a method with ``y_k``, ``v_k``, ... → one recurrence in ``x_k``.

An auxiliary sequence is eliminated with an update in which it appears,
outside gradient evaluations, at exactly one shift and linearly:
:math:`y_{k+m} = \Phi_k`. Every other occurrence :math:`y_{k+j}` (inside
gradients too) is replaced by :math:`\Phi_{k+j-m}`.

Examples
--------
>>> from symflow.methods import nag_sc
>>> rec = eliminate_auxiliary(nag_sc())
>>> sorted(str(a) for a in rec.terms)
['x(k + 1)', 'x(k - 1)', 'x(k)']
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Eq, Expr, Integer

from ..core.derivation import Step
from ..core.errors import EliminationError
from ..core.model import Method
from ..core.symbols import AppliedVector, k, sequence_shift, vector_function
from ..core.vectors import NablaF, combine, vector_coefficients

__all__ = ["Recurrence", "eliminate_auxiliary"]


@dataclass(frozen=True)
class Recurrence:
    r"""One recurrence ``expression = 0`` in the primary sequence, in explicit form.

    The shifts are normalised so that the largest index is :math:`k+1`.

    Attributes
    ----------
    expression : Expr
        The vector expression that vanishes.
    sequence : str
        The primary sequence's name.
    steps : tuple of Step
        What the elimination did.
    """

    expression: Expr
    sequence: str
    steps: tuple

    def sequence_function(self, index):
        """The sequence term at ``index`` (e.g. ``x(k + 1)``)."""

        return vector_function(self.sequence)(index)

    @property
    def terms(self) -> set:
        """The sequence terms :math:`x_{k+j}` that occur (inside gradients too)."""
        return {a for a in self.expression.atoms(AppliedVector) if a.func.__name__ == self.sequence}

    @property
    def equation(self) -> Eq:
        r"""The recurrence solved for :math:`x_{k+1}` where it occurs linearly outside gradients."""
        top = [a for a in vector_coefficients(self.expression) if isinstance(a, AppliedVector)
               and sequence_shift(a) == 1]
        if not top:
            return Eq(self.expression, 0)
        lead = top[0]
        coefficient = vector_coefficients(self.expression)[lead]
        return Eq(lead, (lead * coefficient - self.expression) / coefficient)


def _occurrences(expr: Expr, name: str) -> set:
    return {a for a in expr.atoms(AppliedVector) if a.func.__name__ == name}


def _definition(expr: Expr, name: str):
    """``(term, value)`` with ``term = value`` solving ``expr = 0`` for the sequence, or None."""
    inside = set()
    for g in expr.atoms(NablaF):
        inside |= _occurrences(g.point, name)
    if inside:
        return None
    coefficients = vector_coefficients(expr)
    terms = [a for a in coefficients if isinstance(a, AppliedVector) and a.func.__name__ == name]
    if len(terms) != 1:
        return None
    (term,) = terms
    a = coefficients[term]
    rest = combine({b: c for b, c in coefficients.items() if b != term})  # exact, unlike expr - a*term
    return term, -rest / a


def _substitute(expr: Expr, name: str, term: Expr, value: Expr) -> Expr:
    m = sequence_shift(term)

    def shifted(occurrence):
        return value.subs(k, k + sequence_shift(occurrence) - m)

    return expr.replace(
        lambda e: isinstance(e, AppliedVector) and e.func.__name__ == name,
        shifted,
    )


def eliminate_auxiliary(method: Method) -> Recurrence:
    r"""Reduce a method to one recurrence in its primary sequence.

    Parameters
    ----------
    method : Method
        The method; ``method.sequences[0]`` is kept.

    Returns
    -------
    Recurrence
        The recurrence, normalised to highest shift :math:`k+1`, with its steps.

    Raises
    ------
    EliminationError
        If an auxiliary sequence has no update that defines it explicitly, or
        if more (or fewer) than one equation remains.

    Examples
    --------
    >>> from symflow.methods import gradient_descent
    >>> eliminate_auxiliary(gradient_descent()).equation
    Eq(x(k + 1), -s*NablaF(x(k)) + x(k))
    """
    equations = [eq.lhs - eq.rhs for eq in method.updates]
    steps = []
    pending = list(method.sequences[1:])
    while pending:
        progress = False
        for name in list(pending):
            for i, expr in enumerate(equations):
                found = _definition(expr, name)
                if found is None:
                    continue
                term, value = found
                rest = equations[:i] + equations[i + 1:]
                equations = [_substitute(e, name, term, value) for e in rest]
                pending.remove(name)
                steps.append(Step(
                    "Elimination",
                    f"The sequence ${name}$ is defined explicitly by one update; every "
                    f"occurrence of ${name}$ is replaced by this definition at the shifted index.",
                    (Eq(term, value),),
                ))
                progress = True
                break
        if not progress:
            raise EliminationError(
                f"method {method.name!r}: cannot eliminate {', '.join(pending)}: no update gives "
                "it explicitly (linear, at one index, outside gradients)")
    remaining = [e for e in equations if e != 0]
    if len(remaining) != 1:
        raise EliminationError(
            f"method {method.name!r}: after elimination {len(remaining)} equations remain for "
            f"the one sequence {method.primary}; a method needs exactly one update per sequence")
    (expression,) = remaining
    name = method.primary
    terms = _occurrences(expression, name)
    others = expression.atoms(AppliedVector) - terms
    if others:
        raise EliminationError(f"method {method.name!r}: sequence terms {others} remain")
    if not terms:
        raise EliminationError(f"method {method.name!r}: the primary sequence {name} drops out")
    top = max(sequence_shift(a) for a in terms)
    expression = expression.subs(k, k + 1 - top)
    if top != 1:
        steps.append(Step(
            "Explicit form",
            f"The index is shifted by {1 - top} so that the newest iterate is ${name}_{{k+1}}$.",
            (Eq(expression, Integer(0)),),
        ))
    recurrence = Recurrence(expression, name, tuple(steps))
    steps_with_result = tuple(steps) + (Step(
        "Recurrence",
        f"One recurrence in ${name}$ remains.",
        (recurrence.equation,),
    ),)
    return Recurrence(expression, name, steps_with_result)
