r"""Closed forms: Bessel solutions for quadratics and power series at the singular start.
"""

from .bessel import (
    ClosedForm, reduce_bessel, frobenius_ratio, bessel_solution, bessel_components, elementary_solution,
    constant_damping_solution, envelope,
)
from .restart_time import RestartTime, speed_restart_time
from .series import PowerSeries, pole_order, vector_series

__all__ = ["ClosedForm", "reduce_bessel", "frobenius_ratio", "bessel_solution", "bessel_components",
           "elementary_solution", "constant_damping_solution", "envelope", "RestartTime", "speed_restart_time", "PowerSeries", "pole_order",
           "vector_series"]
