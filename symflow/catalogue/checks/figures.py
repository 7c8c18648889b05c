r"""Figures of the literature reproduced from the engine (SBC 2016, Figure 1)."""
from __future__ import annotations

from ...limit import continuous_limit
from ...methods import nesterov
from ...numeric import compare_with_ode
from ...parse import parse_objective

__all__ = ["sbc_figure1"]


def sbc_figure1(*, horizon: float = 300.0, step_sizes=(1.0, 0.25, 0.05)) -> dict:
    r"""The data of SBC's Figure 1: :math:`f = 0.02x_1^2 + 0.005x_2^2`, :math:`x_0 = (1, 1)`, Nesterov.

    The ODE is derived from the method (``continuous_limit(nesterov())``); see
    :func:`~symflow.numeric.compare_with_ode` for the layout and
    :func:`~symflow.numeric.comparison_figure` for the picture.

    Examples
    --------
    >>> data = sbc_figure1(horizon=20.0)
    >>> [round(run["s"], 2) for run in data["runs"]]
    [1.0, 0.25, 0.05]
    """
    return compare_with_ode(nesterov(), continuous_limit(nesterov()).ode, parse_objective("0.02*x1**2 + 0.005*x2**2"), [1.0, 1.0],
                            step_sizes=step_sizes, horizon=horizon)
