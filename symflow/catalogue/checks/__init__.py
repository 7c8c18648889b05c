r"""Second routes that catalogue entries share: coordinates in the plane, figures of the literature."""
from .figures import sbc_figure1
from .planar import (
    coordinate_check,
    coordinate_components,
    coordinate_value,
    hessian_inverse,
    planar_check,
    planar_distance,
    planar_objective,
)

__all__ = ["sbc_figure1", "hessian_inverse", "coordinate_components", "coordinate_value", "coordinate_check",
           "planar_objective", "planar_distance", "planar_check"]
