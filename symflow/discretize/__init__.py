r"""From ODEs back to methods: explicit, implicit and symplectic schemes, phase space, recurrence
matching, rescaled matches and the analysis of methods on quadratics.
"""

from .matching import Match, normalised_recurrence, match_methods, same_method
from .phase import PhaseSystem, phase_space
from .quadratic import QuadraticAnalysis, quadratic_analysis, measured_contraction
from .rescale import rescalable, factor_of, scheme_match, factor_limit, tuple_equation
from .schemes import (
    Scheme, SCHEMES, Discretization, factor_coefficient, discretization, one_recurrence, discretize,
)

__all__ = ["Match", "normalised_recurrence", "match_methods", "same_method", "PhaseSystem", "phase_space",
           "QuadraticAnalysis", "quadratic_analysis", "measured_contraction", "rescalable", "factor_of",
           "scheme_match", "factor_limit", "tuple_equation", "Scheme", "SCHEMES", "Discretization",
           "factor_coefficient", "discretization", "one_recurrence", "discretize"]
