r"""Building catalogue entries for systems of ODEs: the limits of methods with state sequences (adaptive methods).

The entry derives the system at the balanced scaling and, for every other regime of the weights
the dominant balance reports, the system of that regime; each is compared with its literature
answer (``{regime: {state: right side}}``).

Examples
--------
>>> from symflow.methods import rmsprop
>>> from symflow.limit import system_limit, state_function
>>> e = system_limit_entry("rmsprop", rmsprop, title="-", source="-", claim="-", literature={})
>>> e.kind, e.options
('limit-system', ('order', 'offset'))
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from ...core import Check, Derivation, Method, Step, UnsupportedError
from ...limit import second_order_form, system_limit
from .. import Entry

__all__ = ["system_limit_entry"]


def system_limit_entry(name: str, method: Callable[[], Method], *, title: str, source: str, claim: str,
                       literature: Mapping, regimes: Mapping | None = None,
                       second_order: Mapping | None = None) -> Entry:
    r"""An :class:`~symflow.catalogue.Entry` deriving the system of ODEs of ``method``.

    Parameters
    ----------
    literature : mapping
        ``{state name: right side}`` of the balanced system (e.g. ``{"X": ..., "V": ...}``).
    regimes : mapping, optional
        ``{label: (scaling, expected)}``: another scaling — ``{weight: c}``, or
        ``{"decays": ..., "amplitudes": ..., "exponent": ...}`` (the keywords of
        :func:`~symflow.limit.system_limit`) — and its expected ``{state: right side}``; derived,
        shown as a step, and compared.
    second_order : mapping, optional
        ``{state: right side}`` of the second-order form of the balanced system
        (:func:`~symflow.limit.second_order_form`, :math:`\ddot X = \dots`); derived, shown, compared.
    """
    regimes = dict(regimes or {})

    def derive(order: int = 0, offset=0) -> Derivation:
        if order != 0:
            raise UnsupportedError(f"catalogue entry {name!r}: only --order 0 of a system of ODEs is derived")
        result = system_limit(method(), offset=offset)
        checks = []
        if literature:
            checks.append(Check(f"{source}: the system", tuple(literature.values()),
                                result.system.matches(dict(literature))))
        steps = list(result.steps)
        if second_order is not None:
            folded = second_order_form(result.system, result.method.primary.upper())
            steps.append(Step("Second-order form", "The primary equation is a constant multiple of a state with "
                              "an equation of its own; eliminating that state gives one second-order equation.",
                              folded.equations + folded.relations))
            checks.append(Check("the second-order form", tuple(second_order.values()),
                                folded.matches(dict(second_order))))
        for label, (scaling, expected) in regimes.items():
            keywords = dict(scaling) if set(map(str, scaling)) <= {"decays", "amplitudes", "exponent"} \
                and all(isinstance(key, str) for key in scaling) else {"decays": dict(scaling)}
            other = system_limit(method(), offset=offset, balance=result.balance, **keywords)
            words = ", ".join(f"{w} with c = {c}" for w, c in other.decays)
            steps.append(Step(f"Regime: {label}", f"With {words}: the kinds are "
                              + ", ".join(f"{n}: {kind}" for n, kind in other.kinds.items()) + ".",
                              other.system.equations + other.system.relations))
            checks.append(Check(f"regime {label}: the system", tuple(expected.values()),
                                other.system.matches(dict(expected))))
        return Derivation(name, tuple(steps), result.system, title=title, source=source, claim=claim,
                          checks=tuple(checks))

    return Entry(name, title, source, claim, derive, variants=({"order": 0},), options=("order", "offset"),
                 kind="limit-system")
