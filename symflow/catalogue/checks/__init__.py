r"""What catalogue entries share: second routes in coordinates, figures and initial conditions of the literature."""
from .figures import sbc_figure1
from .initial import sdjs_initial_conditions
from .planar import (
    coordinate_check,
    coordinate_components,
    coordinate_value,
    hessian_inverse,
    planar_check,
    planar_distance,
    planar_objective,
)

__all__ = ["sbc_figure1", "sdjs_initial_conditions", "hessian_inverse", "coordinate_components", "coordinate_value", "coordinate_check",
           "planar_objective", "planar_distance", "planar_check"]
