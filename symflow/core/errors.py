r"""Errors raised by symflow, each with a message a user can act on.

Examples
--------
>>> issubclass(ParseError, SymflowError)
True
"""
from __future__ import annotations

__all__ = ["SymflowError", "ParseError", "MethodError", "EliminationError", "DegenerateLimitError", "LiftError",
           "UnsupportedError", "LagrangianError", "DegenerateLagrangianError", "NonInvertibleHessianError",
           "DiscretizationError", "QuadraticAnalysisError", "IntegrationError", "SeriesError", "DivergenceError",
           "ObjectiveError", "NotSemidefinite", "UnknownEntryError", "BudgetExceeded", "LimitExceeded"]


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


class UnknownEntryError(SymflowError):
    """No catalogue entry has that name."""


class DivergenceError(SymflowError):
    """A discrete run produced a non-finite iterate."""


class DiscretizationError(UnsupportedError):
    """An ODE cannot be discretized by the requested scheme with the requested step."""


class LagrangianError(SymflowError):
    """A Lagrangian (or a weight, or a scaling) is not well formed."""


class DegenerateLagrangianError(LagrangianError):
    r"""The Lagrangian does not determine :math:`\ddot X` (e.g. it does not depend on the velocity)."""


class NonInvertibleHessianError(SymflowError):
    r""":math:`\nabla^2 h` (or the operator in front of :math:`\ddot X`) cannot be inverted."""


class IntegrationError(SymflowError):
    """An integration failed, blew up, or was asked for a time before the ODE's start."""


class ObjectiveError(SymflowError):
    """An objective is not a differentiable real function of its coordinates, or does not fit a point."""


class SeriesError(SymflowError):
    """The series recursion cannot proceed (a resonance, an irregular singular point, inconsistent data)."""


class NotSemidefinite(SymflowError):
    """The matrix has a zero diagonal entry with a nonzero off-diagonal entry in its row."""


class QuadraticAnalysisError(UnsupportedError):
    """A method has no single iteration matrix (time-varying coefficients) or no solvable step."""


class BudgetExceeded(SymflowError):
    """A computation ran past its wall-clock budget (``--timeout``); the message says what to change."""


class LimitExceeded(SymflowError):
    """An input is larger than a declared resource limit (:mod:`symflow.core.limits`): dimension, order, ..."""
