r"""symflow: the continuous-time view of first-order optimization, derived, proved and typeset.

The public face. Every name below loads on first use, so that ``import symflow``
(and the ``symflow`` command) starts without SymPy.

Examples
--------
>>> import symflow
>>> symflow.continuous_limit(symflow.methods.nesterov()).exponent
1/2
>>> symflow.latex(symflow.continuous_limit(symflow.methods.gradient_descent()).ode.equation)
'\\dot{X} = - \\nabla f(X)'
"""
from importlib.metadata import PackageNotFoundError, version

from .core.lazy import lazy_face

try:
    __version__ = version("symflow")
except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "unknown"

_NAMES = {
    # the stages, as modules: symflow.methods.nesterov(), symflow.lyapunov.Region, ...
    "methods": (), "core": (), "recurrence": (), "limit": (), "lagrangian": (), "lyapunov": (),
    "closed_form": (), "numeric": (), "discretize": (), "parse": (), "catalogue": (), "documents": (),
    "cli": (),
    "core.symbols": ("t", "s", "k", "mu", "L", "r", "X", "x0", "x_star", "vector_function"),
    "core.vectors": ("grad", "hessian_action", "inner", "norm2", "FValue", "Inner", "NablaF"),
    "core.model": ("Method", "ODE"),
    "core.derivation": ("Step", "Check", "Derivation"),
    "core.errors": ("SymflowError", "ParseError", "MethodError", "UnsupportedError"),
    "core.printing": ("latex", "text"),
    "limit": ("continuous_limit", "ContinuousLimit"),
    "lagrangian": ("euler_lagrange", "damped_lagrangian", "Lagrangian", "bregman_lagrangian",
                   "bregman_equation", "general_scaling", "polynomial_scaling", "exponential_scaling",
                   "ideal_scaling", "time_dilation", "polynomial_dilation", "hamiltonian", "hamilton_equations"),
    "lyapunov": ("verify", "certify", "best_rate", "refute", "derivative_along", "f_gap", "convex",
                 "strongly_convex", "smooth_convex", "smooth_strongly_convex", "function_class",
                 "FunctionClass"),
    "closed_form": ("bessel_solution", "vector_series"),
    "numeric": ("solve_ode", "first_order_system", "integrate", "run_method", "simulate_method",
                "compare_with_ode", "comparison_figure", "energy_figure", "rate_figure", "gram_values",
                "quadratic", "Objective"),
    "discretize": ("discretize", "discretization", "phase_space", "quadratic_analysis", "match_methods"),
    "parse": ("parse_objective", "read_method", "read_claim", "method_from_toml", "claim_from_toml"),
    "documents": ("to_text", "to_markdown", "to_latex", "to_json", "render"),
}

__all__ = ["__version__"] + [name for names in _NAMES.values() for name in names]
__getattr__, __dir__ = lazy_face(__name__, _NAMES)
