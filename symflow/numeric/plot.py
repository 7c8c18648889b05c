r"""Plots of discrete runs against their ODE, as matplotlib figures (no pyplot, no backend switch, no files).

The engine draws; whoever holds the figure saves it (``figure.savefig(...)``), e.g.
``symflow simulate --plot FILE``.
"""
from __future__ import annotations

import numpy as np

__all__ = ["comparison_figure"]


def comparison_figure(data: dict, *, f_star: float | None = None, title: str | None = None, marks=None):
    r"""The data of :func:`~symflow.numeric.compare_with_ode`: trajectories and :math:`f(X(t))`.

    Parameters
    ----------
    data : dict
        ``{"ode": {"t", "X", "f"}, "runs": [{"s", "t", "x", "f"}, ...]}``; ``f`` holds the objective's
        values :math:`f(X(t))` (and :math:`f(x_k)`).
    f_star : float, optional
        The minimum :math:`f^\star`: when given, :math:`f - f^\star` is drawn (and the axis says so);
        otherwise :math:`f` itself.
    title : str, optional
        The figure's title, e.g. naming the objective and the starting point.
    marks : dict, optional
        ``{"t": [...], "f": [...]}``: values to mark on the right panel (e.g. the requested times).

    Returns
    -------
    matplotlib.figure.Figure
        Two panels: the :math:`(x_1, x_2)` paths, and :math:`f` (or the gap) against :math:`t` on a
        logarithmic axis.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.linspace(0, 1, 5)
    >>> X = np.c_[np.cos(t), np.sin(t)]
    >>> fig = comparison_figure({"ode": {"t": t, "X": X, "f": 1 + t}, "runs": []}, title="f = x1**2")
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['$x_2$', '$f(X(t))$']
    >>> fig.axes[1].get_xlabel(), fig.texts[0].get_text()
    ('$t$', 'f = x1**2')
    >>> comparison_figure({"ode": {"t": t, "X": X, "f": 1 + t}, "runs": []}, f_star=1.0).axes[1].get_ylabel()
    '$f(X(t)) - f^\\star$'
    """
    from matplotlib.figure import Figure  # loaded on first plot: importing symflow stays quick

    shift = 0.0 if f_star is None else float(f_star)

    def values(f):
        return np.maximum(np.asarray(f, dtype=float) - shift, 1e-300)

    fig = Figure(figsize=(10, 4.4))
    left, right = fig.subplots(1, 2)
    ode = data["ode"]
    left.plot(ode["X"][:, 0], ode["X"][:, 1], "k-", label="ODE $X(t)$")
    right.semilogy(ode["t"][1:], values(ode["f"][1:]), "k-", label="ODE")
    for run in data["runs"]:
        left.plot(run["x"][:, 0], run["x"][:, 1], ".", ms=2, label=f"$x_k$, s = {run['s']:g}")
        right.semilogy(run["t"][1:], values(run["f"][1:]), label=f"s = {run['s']:g}")
    if marks is not None and len(marks["t"]):
        right.semilogy(marks["t"], values(marks["f"]), "o", color="C3", ms=4, label="requested times")
    left.set_xlabel("$x_1$")
    left.set_ylabel("$x_2$")
    left.set_title("path")
    left.legend()
    right.set_xlabel("$t$")
    right.set_ylabel(r"$f(X(t))$" if f_star is None else r"$f(X(t)) - f^\star$")
    right.set_title("objective along the path" if f_star is None else "gap to the minimum")
    right.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
