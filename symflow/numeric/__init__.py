r"""Numbers from the same expressions: objectives, lambdified systems, integration, discrete runs,
comparison with the ODE, restart, plots.

Its names load on first use (:func:`~symflow.core.lazy.lazy_face`): ``symflow simulate`` loads the
submodules it calls (integration, the method's run, the comparison), not the adaptive methods nor
matplotlib unless it draws. ``minimiser`` is imported at once: it is also the name of its submodule,
which would otherwise shadow the function once loaded.

Examples
--------
>>> from symflow import numeric
>>> numeric.compare_with_ode.__module__, numeric.minimiser.__module__
('symflow.numeric.compare', 'symflow.numeric.minimiser')
"""
from ..core.lazy import lazy_face
from .minimiser import minimiser

_NAMES = {
    "adaptive": ("AdaptiveSystem", "adaptive_system", "SystemTrajectory", "solve_system", "simulate_adaptive",
                 "scaled_parameters", "compare_adaptive", "fitted_order", "rosenbrock", "logistic_regression",
                 "consistency_figure"),
    "compare": ("compare_with_ode",),
    "integration": ("Trajectory", "integrate", "integrate_mp"),
    "iterate": ("compile_method", "DiscreteRun", "simulate_method", "run_method"),
    "objectives": ("float_constants", "coordinates", "Objective", "NumericObjective", "as_numeric", "quadratic",
                   "separable", "quartic", "logistic_loss", "log_sum_exp", "components", "specialize"),
    "decay": ("decay_grid", "energy_decay", "method_decay"),
    "gram": ("gram_values",),
    "plot": ("comparison_figure", "energy_figure", "rate_figure"),
    "restart": ("RestartedTrajectory", "RESTART_RULES", "restart_ode", "speed_restart_ode", "function_restart_ode",
                "speed_restart_method", "function_restart_method", "linear_rate"),
    "start": ("component_series", "numeric_series", "started_at", "solve_ode"),
    "system": ("parameter_values", "FirstOrderSystem", "first_order_system", "component_field", "component_system"),
}

__all__ = ["minimiser", *(name for names in _NAMES.values() for name in names)]
__getattr__, _lazy_dir = lazy_face(__name__, _NAMES)


def __dir__() -> list:
    """The face's names, loaded or not."""
    return sorted({*_lazy_dir(), "minimiser"})
