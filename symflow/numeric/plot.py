r"""Plots of discrete runs against their ODE, of an energy's decay and of rates, as matplotlib figures
(no pyplot, no backend switch, no files).

The engine draws; whoever holds the figure saves it (``figure.savefig(...)``), e.g.
``symflow simulate --plot FILE``.
"""
from __future__ import annotations

import re

import numpy as np

__all__ = ["comparison_figure", "energy_figure", "rate_figure"]

#: a logarithmic axis's tick label as matplotlib writes it, ``$\mathdefault{2\times10^{-3}}$``
_MATH_POWER = re.compile(r"\$\\mathdefault\{(?:(\d+)\\times)?10\^\{(-?\d+)\}\}\$")
_SUPERSCRIPTS = str.maketrans("-0123456789", "\N{SUPERSCRIPT MINUS}⁰¹²³⁴⁵⁶⁷⁸⁹")


def _plain_power(label: str) -> str:
    r"""``$\mathdefault{2\times10^{-3}}$`` as ``2×10⁻³``: the same label without mathtext (anything else as it is)."""
    match = _MATH_POWER.fullmatch(label)
    if match is None:
        return label
    mantissa, exponent = match.groups()
    return f"{mantissa + '×' if mantissa else ''}10{exponent.translate(_SUPERSCRIPTS)}"


def _log_tick_labels():
    """The tick labels of a logarithmic axis in plain text with superscripts: nothing for mathtext to parse."""
    from matplotlib.ticker import LogFormatterSciNotation

    class PlainPowers(LogFormatterSciNotation):
        def __call__(self, x, pos=None):
            return _plain_power(super().__call__(x, pos))

    return PlainPowers()


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
        Two panels: the :math:`(x_1, x_2)` paths (in one dimension :math:`x_1` against :math:`t`), and
        :math:`f` (or the gap) against :math:`t` on a logarithmic axis; the legends name each step size.

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
    >>> gap = comparison_figure({"ode": {"t": t, "X": X, "f": 1 + t}, "runs": []}, f_star=1.0).axes[1]
    >>> gap.get_ylabel(), gap.yaxis.get_major_formatter()(1e-5), gap.yaxis.get_major_formatter()(2e-3)
    ('$f(X(t)) - f^\\star$', '10⁻⁵', '2×10⁻³')
    >>> run = {"s": 0.25, "t": t, "x": X[:, :1], "f": 1 + t}
    >>> one = comparison_figure({"ode": {"t": t, "X": X[:, :1], "f": 1 + t}, "runs": [run]})
    >>> one.axes[0].get_xlabel(), [line.get_label() for line in one.axes[1].get_lines()]
    ('$t$', ['ODE', 's = 0.25'])
    """
    from matplotlib.figure import Figure  # loaded on first plot: importing symflow stays quick

    shift = 0.0 if f_star is None else float(f_star)

    def values(f):
        return np.maximum(np.asarray(f, dtype=float) - shift, 1e-300)

    fig = Figure(figsize=(10, 4.4))
    # fixed margins, room for the tick labels, the axis labels, the panels' titles and the figure's title: a
    # layout engine would measure every text on each draw (the slowest part of saving the figure)
    fig.subplots_adjust(left=0.07, right=0.985, bottom=0.12, top=0.86 if title else 0.9, wspace=0.22)
    left, right = fig.subplots(1, 2)
    ode = data["ode"]
    plane = np.ndim(ode["X"]) == 2 and np.shape(ode["X"])[1] >= 2   # else x_1 against t

    def path(t, X):
        X = np.asarray(X, dtype=float).reshape(len(t), -1)
        return (X[:, 0], X[:, 1]) if plane else (np.asarray(t), X[:, 0])

    left.plot(*path(ode["t"], ode["X"]), "k-", label="ODE $X(t)$")
    right.semilogy(ode["t"][1:], values(ode["f"][1:]), "k-", label="ODE")
    for run in data["runs"]:
        left.plot(*path(run["t"], run["x"]), ".", ms=2, label=f"$x_k$, s = {run['s']:g}")
        right.semilogy(run["t"][1:], values(run["f"][1:]), label=f"s = {run['s']:g}")
    if marks is not None and len(marks["t"]):
        right.semilogy(marks["t"], values(marks["f"]), "o", color="C3", ms=4, label="requested times")
    left.set_xlabel("$x_1$" if plane else "$t$")
    left.set_ylabel("$x_2$" if plane else "$x_1$")
    left.set_title("path" if plane else "the coordinate against time")
    left.legend()
    right.set_xlabel("$t$")
    right.set_ylabel(r"$f(X(t))$" if f_star is None else r"$f(X(t)) - f^\star$")
    right.set_title("objective along the path" if f_star is None else "gap to the minimum")
    right.minorticks_off()   # the decades are labelled; unlabelled minor ticks only cost drawing time
    right.yaxis.set_major_formatter(_log_tick_labels())   # 10⁻⁵ in plain text: mathtext is slow to lay out
    right.legend()
    if title:
        fig.suptitle(title)
    return fig


def _positive(values) -> np.ndarray:
    """Values for a logarithmic axis: non-positive ones (exact zeros, round-off) are not drawn."""
    v = np.asarray(values, dtype=float)
    return np.where(v > 0, v, np.nan)


def _markers(t: np.ndarray, *, logarithmic: bool, most: int = 160) -> np.ndarray:
    """The indices of at most about ``most`` markers, evenly spread on the time axis (linear or logarithmic)."""
    if t.size <= most:
        return np.arange(t.size)
    positive = t > 0
    spread = np.log(t[positive]) if logarithmic and positive.any() else t[positive] if logarithmic else t
    offset = int(np.argmax(positive)) if logarithmic else 0
    targets = np.linspace(spread[0], spread[-1], most)
    return np.unique(np.searchsorted(spread, targets).clip(0, spread.size - 1) + offset)


def energy_figure(t, energy, gap, bound, *, energy_bound=None, title: str | None = None,
                  bound_label: str = "proved bound", energy_bound_label: str | None = None,
                  discrete: bool = False):
    r"""An energy's decay with the proved bound: :math:`E`, :math:`f - f^\star` and its bound against time.

    Parameters
    ----------
    t : array_like, shape (n,)
        The times :math:`t` (or the indices :math:`k` with ``discrete``).
    energy, gap, bound : array_like, shape (n,)
        :math:`E(t)`, :math:`f(X(t)) - f^\star` and the proved bound on :math:`f(X(t)) - f^\star`.
    energy_bound : array_like, optional
        The bound on :math:`E` itself, :math:`E(t_0)e^{-\rho(t - t_0)}`.
    title : str, optional
        E.g. naming the entry, the objective and the starting point.
    bound_label : str
        The legend of the bound, e.g. the formula it evaluates.
    energy_bound_label : str, optional
        The legend of ``energy_bound`` (default :math:`E(t_0)e^{-\rho(t - t_0)}`, or :math:`E_{k_0}`).
    discrete : bool
        Label with :math:`k`, :math:`E_k` and :math:`f(x_k)` (a method) instead of :math:`t`, :math:`E(t)`
        and :math:`f(X(t))` (an ODE).

    Returns
    -------
    matplotlib.figure.Figure
        One panel, logarithmic in the values: :math:`E` (solid), its bound (dotted), the gap (solid) and
        its bound (dashed).

    Examples
    --------
    >>> t = np.linspace(1, 10, 20)
    >>> fig = energy_figure(t, 2 + 0 * t, 1 / t**3, 2 / t**2, energy_bound=2 + 0 * t, title="f = x1**2/2")
    >>> ax = fig.axes[0]
    >>> ax.get_xlabel(), ax.get_yscale(), [line.get_label() for line in ax.get_lines()]
    ('$t$', 'log', ['$E(t)$', '$E(t_0)e^{-\\rho(t - t_0)}$', '$f(X(t)) - f^\\star$', 'proved bound'])
    """
    from matplotlib.figure import Figure  # loaded on first plot: importing symflow stays quick

    time, energy_text, gap_text = ("k", "E_k", "f(x_k)") if discrete else ("t", "E(t)", "f(X(t))")
    fig = Figure(figsize=(7, 4.6))
    ax = fig.subplots()
    ax.semilogy(t, _positive(energy), "-", color="C0", lw=1.8, label=f"${energy_text}$")
    if energy_bound is not None:
        ax.semilogy(t, _positive(energy_bound), ":", color="C0", lw=1.4,
                    label=energy_bound_label or ("$E_{k_0}$" if discrete else r"$E(t_0)e^{-\rho(t - t_0)}$"))
    ax.semilogy(t, _positive(gap), "-", color="C3", lw=1.8, label=f"${gap_text} - f^\\star$")
    ax.semilogy(t, _positive(bound), "--", color="C3", lw=1.4, label=bound_label)
    ax.set_xlabel(f"${time}$")
    ax.set_ylabel("energy and gap to the minimum")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(title, fontsize="medium")
    fig.tight_layout()
    return fig


def rate_figure(ode: dict | None, runs=(), *, exponential: bool = False, title: str | None = None,
                bound_label: str = "proved bound"):
    r""":math:`f - f^\star` against the proved rate, for an ODE and for the discrete runs of its method.

    Parameters
    ----------
    ode : dict or None
        ``{"t", "gap", "bound"}``: times, :math:`f(X(t)) - f^\star` and the proved bound (``bound`` may be
        None).
    runs : sequence of dict
        ``{"label", "t", "gap"}`` and optionally ``"bound"``: a method's :math:`f(x_k) - f^\star` at its
        times :math:`t_k` (and a proved bound there).
    exponential : bool
        A rate :math:`e^{-\rho t}`: a logarithmic value axis over linear time (semilog); otherwise both
        axes are logarithmic (log-log), where :math:`t^{-p}` is a line of slope :math:`-p`.
    title : str, optional
    bound_label : str
        The legend of the ODE's bound.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = np.geomspace(1, 100, 30)
    >>> fig = rate_figure({"t": t, "gap": 1 / t**3, "bound": 2 / t**2},
    ...                   [{"label": "s = 0.01", "t": t[::3], "gap": 1.1 / t[::3]**3}], title="f = x1**2/2")
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), ax.get_yscale(), len(ax.get_lines()), ax.get_xlabel()
    ('log', 'log', 3, '$t$')
    """
    from matplotlib.figure import Figure  # loaded on first plot: importing symflow stays quick

    fig = Figure(figsize=(7, 4.6))
    ax = fig.subplots()
    draw = ax.semilogy if exponential else ax.loglog
    if ode is not None:
        draw(ode["t"], _positive(ode["gap"]), "-", color="k", lw=1.8, label=r"ODE: $f(X(t)) - f^\star$")
        if ode.get("bound") is not None:
            draw(ode["t"], _positive(ode["bound"]), "--", color="k", lw=1.4, label=bound_label)
    for i, run in enumerate(runs):
        color = f"C{i % 10}"
        shown = _markers(np.asarray(run["t"], dtype=float), logarithmic=not exponential)
        draw(np.asarray(run["t"])[shown], _positive(run["gap"])[shown], "o", color=color, ms=2.5,
             label=run["label"])
        if run.get("bound") is not None:
            draw(run["t"], _positive(run["bound"]), "--", color=color, lw=1.2,
                 label=run.get("bound_label", "proved bound of the method"))
    ax.set_xlabel("$t$")
    ax.set_ylabel(r"$f - f^\star$")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small")
    if title:
        ax.set_title(title, fontsize="medium")
    fig.tight_layout()
    return fig
