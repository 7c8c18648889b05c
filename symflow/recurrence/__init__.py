r"""Recurrences: elimination of auxiliary sequences and the explicit form of a method.
"""

from .elimination import Recurrence, eliminate_auxiliary

__all__ = ["Recurrence", "eliminate_auxiliary"]
