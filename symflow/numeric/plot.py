r"""Plots of discrete runs against their ODE, as matplotlib figures (no pyplot, no backend switch, no files).

The engine draws; whoever holds the figure saves it (``figure.savefig(...)``), e.g.
``symflow simulate --plot FILE``.
"""
from __future__ import annotations

import numpy as np

__all__ = ["comparison_figure"]


def comparison_figure(data: dict):
    r"""The data of :func:`~symflow.numeric.compare_with_ode`: trajectories and :math:`f(x) - f^\star`.

    Parameters
    ----------
    data : dict
        ``{"ode": {"t", "X", "f"}, "runs": [{"s", "t", "x", "f"}, ...]}``; ``f`` is the objective's
        value minus its minimum (zero unless the objective says otherwise).

    Returns
    -------
    matplotlib.figure.Figure
        Two panels: :math:`(x_1, x_2)` paths, and the gap on a logarithmic axis.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.linspace(0, 1, 5)
    >>> X = np.c_[np.cos(t), np.sin(t)]
    >>> fig = comparison_figure({"ode": {"t": t, "X": X, "f": 1 + t}, "runs": []})
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['$x_2$', '$f(X) - f^\\star$']
    """
    from matplotlib.figure import Figure  # loaded on first plot: importing symflow stays quick

    fig = Figure(figsize=(10, 4))
    left, right = fig.subplots(1, 2)
    ode = data["ode"]
    left.plot(ode["X"][:, 0], ode["X"][:, 1], "k-", label="ODE")
    right.semilogy(ode["t"][1:], np.maximum(ode["f"][1:], 1e-300), "k-", label="ODE")
    for run in data["runs"]:
        left.plot(run["x"][:, 0], run["x"][:, 1], ".", ms=2, label=f"s = {run['s']:g}")
        right.semilogy(run["t"][1:], np.maximum(run["f"][1:], 1e-300), label=f"s = {run['s']:g}")
    left.set_xlabel("$x_1$")
    left.set_ylabel("$x_2$")
    left.legend()
    right.set_xlabel("$t$")
    right.set_ylabel(r"$f(X) - f^\star$")
    right.legend()
    fig.tight_layout()
    return fig
