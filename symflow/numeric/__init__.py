r"""Numbers from the same expressions: objectives, lambdified systems, integration, discrete runs,
comparison with the ODE, restart, plots.
"""

from .adaptive import (
    AdaptiveSystem, adaptive_system, SystemTrajectory, solve_system, simulate_adaptive, scaled_parameters,
    compare_adaptive, fitted_order, rosenbrock, logistic_regression, consistency_figure,
)
from .compare import compare_with_ode
from .integration import Trajectory, integrate, integrate_mp
from .iterate import compile_method, DiscreteRun, simulate_method, run_method
from .objectives import (
    float_constants, coordinates, Objective, NumericObjective, as_numeric, quadratic, separable,
    quartic, logistic_loss, log_sum_exp, components, specialize,
)
from .decay import decay_grid, energy_decay, method_decay
from .gram import gram_values
from .minimiser import minimiser
from .plot import comparison_figure, energy_figure, rate_figure
from .restart import (
    RestartedTrajectory, RESTART_RULES, restart_ode, speed_restart_ode, function_restart_ode, speed_restart_method,
    function_restart_method, linear_rate,
)
from .start import component_series, numeric_series, started_at, solve_ode
from .system import parameter_values, FirstOrderSystem, first_order_system, component_field, component_system

__all__ = ["compare_with_ode", "Trajectory", "integrate", "integrate_mp", "compile_method", "DiscreteRun",
           "simulate_method", "run_method", "float_constants", "coordinates", "Objective",
           "NumericObjective", "as_numeric", "quadratic", "separable", "quartic", "logistic_loss",
           "log_sum_exp", "components", "specialize", "comparison_figure", "energy_figure", "rate_figure",
           "RESTART_RULES", "restart_ode", "function_restart_ode",
           "gram_values", "minimiser", "decay_grid", "energy_decay", "method_decay", "RestartedTrajectory",
           "speed_restart_ode", "speed_restart_method", "function_restart_method", "linear_rate",
           "component_series", "numeric_series", "started_at", "solve_ode", "parameter_values", "FirstOrderSystem",
           "first_order_system", "component_field", "component_system", "AdaptiveSystem", "adaptive_system",
           "SystemTrajectory", "solve_system", "simulate_adaptive", "scaled_parameters", "compare_adaptive",
           "fitted_order", "rosenbrock", "logistic_regression", "consistency_figure"]
