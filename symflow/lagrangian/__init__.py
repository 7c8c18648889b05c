r"""Lagrangian mechanics of optimization: Euler–Lagrange equations of damped and Bregman Lagrangians,
mirror form, ideal scaling, time dilation, Hamilton's equations.
"""

from .bregman import (
    ScalingFunction, alpha, beta, gamma, Scaling, general_scaling, polynomial_scaling,
    exponential_scaling, Condition, IdealScaling, ideal_scaling, bregman_lagrangian, BregmanEquation,
    bregman_equation,
)
from .calculus import tidy_scalar, gram_atoms, free_vector_atoms, tidy_vector, derive, variation, gradient
from .dilation import (
    reparametrisation, dilate, TimeDilation, time_dilation, PolynomialDilation, polynomial_dilation,
)
from .euler import (
    Notation, Lagrangian, EulerLagrange, euler_lagrange, as_expression, check_weight, damped_lagrangian,
)
from .hamilton import (
    EquationSystem, Hamiltonian, HamiltonEquations, hamiltonian, hamilton_equations,
    equivalent_to_euler_lagrange,
)
from .mirror import (
    canonical_point, HValue, NablaH, InverseHessianH, DistanceGenerating, EUCLIDEAN, ABSTRACT,
    as_distance,
)

__all__ = ["ScalingFunction", "alpha", "beta", "gamma", "Scaling", "general_scaling", "polynomial_scaling",
           "exponential_scaling", "Condition", "IdealScaling", "ideal_scaling", "bregman_lagrangian",
           "BregmanEquation", "bregman_equation", "tidy_scalar", "gram_atoms", "free_vector_atoms",
           "tidy_vector", "derive", "variation", "gradient", "reparametrisation", "dilate", "TimeDilation",
           "time_dilation", "PolynomialDilation", "polynomial_dilation", "Notation", "Lagrangian",
           "EulerLagrange", "euler_lagrange", "as_expression", "check_weight", "damped_lagrangian",
           "EquationSystem", "Hamiltonian", "HamiltonEquations", "hamiltonian", "hamilton_equations",
           "equivalent_to_euler_lagrange", "canonical_point", "HValue", "NablaH", "InverseHessianH",
           "DistanceGenerating", "EUCLIDEAN", "ABSTRACT", "as_distance"]
