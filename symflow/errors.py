r"""Errors raised by symflow, each with a message a user can act on.

Examples
--------
>>> issubclass(ParseError, SymflowError)
True
"""
from __future__ import annotations

__all__ = [
    "SymflowError", "ParseError", "MethodError", "EliminationError",
    "DegenerateLimitError", "LiftError", "UnsupportedError",
]


class SymflowError(Exception):
    """Base class of every error symflow raises on purpose."""


class ParseError(SymflowError):
    """User text (a TOML file or an expression) is malformed or not allowed."""


class MethodError(SymflowError):
    """A method is not well formed (unknown sequence, no gradient step, ...)."""


class EliminationError(MethodError):
    """Auxiliary sequences of a method cannot be eliminated."""


class DegenerateLimitError(SymflowError):
    """No scaling δ = s^a gives a non-degenerate continuous limit."""


class LiftError(SymflowError):
    """A one-dimensional Taylor term cannot be lifted to R^d unambiguously."""


class UnsupportedError(SymflowError):
    """The input is well formed but outside what symflow can treat."""
