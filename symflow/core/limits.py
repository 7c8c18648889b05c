r"""Resource limits and wall-clock budgets, declared in one place.

Every input that sets the size of a computation is checked against :data:`LIMITS` before any work
starts (:func:`check_limit`), and every long loop asks :func:`check_budget` whether the time the
caller allowed is spent. The budget is a context-local deadline, set with :func:`time_budget` by
the caller (the command line sets ``--timeout``); outside one, nothing is bounded by time.

Examples
--------
>>> check_limit("order", 2)
2
>>> check_limit("order", 99)
Traceback (most recent call last):
    ...
symflow.core.errors.LimitExceeded: the order 99 is larger than symflow's limit 6 (use --order 0 to 6)
>>> with time_budget(5.0):
...     remaining() <= 5.0
True
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from .errors import BudgetExceeded, LimitExceeded

__all__ = ["Limit", "LIMITS", "DEFAULT_TIMEOUT", "check_limit", "time_budget", "check_budget", "remaining"]


@dataclass(frozen=True)
class Limit:
    """A bound on one size: its largest value, what it counts, and what a user can do instead."""

    largest: int | float
    what: str
    advice: str


#: every resource limit of symflow, by name
LIMITS = {
    "dimension": Limit(1000, "the dimension", "write the objective in at most 1000 coordinates x1, x2, ..."),
    "order": Limit(6, "the order", "use --order 0 to 6"),
    "times": Limit(10_000, "the number of requested times", "ask for at most 10000 times"),
    "horizon": Limit(1e5, "the time horizon", "ask for times up to 1e5"),
    "source length": Limit(2000, "the length of the text", "shorten the expression to 2000 characters"),
    "exponent": Limit(64, "the size of an exponent", "use exponents of at most 64 in absolute value"),
    "integer digits": Limit(60, "the number of digits of an integer", "use integers of at most 60 digits"),
    "expression size": Limit(20_000, "the size of an expression", "simplify the input"),
    "iterations": Limit(1_000_000, "the number of iterations",
                        "give a larger --step-size or earlier times --t"),
}

#: seconds a command may run when ``--timeout`` is not given
DEFAULT_TIMEOUT = 600.0

_deadline: ContextVar[float | None] = ContextVar("symflow_deadline", default=None)


def check_limit(name: str, value):
    """``value`` if it is within the limit ``name`` of :data:`LIMITS`, else :class:`LimitExceeded`."""
    limit = LIMITS[name]
    if value > limit.largest:
        raise LimitExceeded(f"{limit.what} {value} is larger than symflow's limit {limit.largest} "
                            f"({limit.advice})")
    return value


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Within the block, :func:`check_budget` raises once ``seconds`` have passed (``None``: no bound)."""
    token = _deadline.set(None if seconds is None else time.monotonic() + float(seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float:
    """Seconds left in the current budget (infinity outside one)."""
    deadline = _deadline.get()
    return float("inf") if deadline is None else deadline - time.monotonic()


def check_budget(doing: str) -> None:
    """Raise :class:`BudgetExceeded` if the current budget is spent; ``doing`` says what was running."""
    if remaining() < 0:
        raise BudgetExceeded(f"the time budget ran out while {doing} (give more with --timeout SECONDS, "
                             "or ask for less)")
