r"""The foundation: symbols, errors, dimension-free vectors, frozen values, derivations, printing.

Imports nothing else from symflow. Its names load on first use, so that ``symflow --help`` and
``symflow list`` start without SymPy.
"""
from .lazy import lazy_face

_NAMES = {
    "errors": ("SymflowError", "ParseError", "MethodError", "EliminationError", "DegenerateLimitError",
          "LiftError", "UnsupportedError", "LagrangianError", "DegenerateLagrangianError",
          "NonInvertibleHessianError", "DiscretizationError", "QuadraticAnalysisError", "IntegrationError",
          "SeriesError", "DivergenceError", "ObjectiveError", "NotSemidefinite", "UnknownEntryError",
          "BudgetExceeded", "LimitExceeded"),
    "symbols": ("sequence_shift", "VectorSymbol", "AppliedVector", "vector_function", "t", "s", "k", "delta", "lam",
          "mu", "L", "r", "c", "p", "C", "q", "tau", "series_variable", "sigma", "z", "q_s", "rho", "zeta",
          "x0_scalar", "n_index", "beta_h", "alpha_rate", "t_start", "X", "x0", "x_star", "x", "y", "v", "V", "P", "Y", "Z", "KNOWN_SCALARS"),
    "vectors": ("SymmetricTensor", "NablaF", "FValue", "Inner", "VectorAtom", "grad", "hessian_action",
          "is_vector_atom", "vector_atoms", "vector_coefficients", "combine", "is_zero_vector", "linearize",
          "inner", "norm2", "time_derivative"),
    "normal": ("ScalarAtom", "normal_scalar", "is_zero_scalar", "expand_vector", "same_vector"),
    "printing": ("atom_rank", "latex", "text", "plain_math"),
    "model": ("Method", "ODE", "solve_for_highest"),
    "ode_system": ("ODESystem",),
    "derivation": ("Status", "Truth", "Step", "Check", "Derivation", "result_equation", "check_mark", "variant_title",
          "expected_latex", "aligned_row", "to_markdown"),
}

__all__ = [name for names in _NAMES.values() for name in names]
__getattr__, __dir__ = lazy_face(__name__, _NAMES)
