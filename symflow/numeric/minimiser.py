r"""A numeric minimiser :math:`x^\star` and minimum :math:`f^\star` of a concrete objective, for plots of :math:`f - f^\star`.

BFGS (SciPy) from a starting point, polished by Newton steps with the objective's Hessian
action; the answer is accepted only where the gradient vanishes to a relative tolerance. This is
a number for a picture (numeric suggests), never part of a proof.

Examples
--------
>>> from symflow.parse import parse_objective
>>> point, value = minimiser(parse_objective("(x1 - 1)**2 + 2*x2**2 + 3"), [5.0, 5.0])
>>> point.round(8).tolist(), round(value, 12)
([1.0, 0.0], 3.0)
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from ..core.errors import ObjectiveError
from .objectives import as_numeric

__all__ = ["minimiser"]


def minimiser(objective, start, *, tolerance: float = 1e-9) -> tuple:
    r"""``(x_star, f_star)``: a stationary point reached from ``start`` and the value there.

    For a convex objective a stationary point is the minimiser.

    Parameters
    ----------
    objective : Objective or NumericObjective
    start : array_like, shape (d,)
    tolerance : float
        Accept when :math:`\|\nabla f(x^\star)\| \le` ``tolerance`` :math:`\cdot\max(1, \|\nabla f(x_0)\|)`.

    Raises
    ------
    ObjectiveError
        When no stationary point is found (e.g. :math:`f` is unbounded below).

    Examples
    --------
    >>> from symflow.parse import parse_objective
    >>> minimiser(parse_objective("x1"), [0.0])
    Traceback (most recent call last):
    ...
    symflow.core.errors.ObjectiveError: no minimiser of x1 found from (0): the gradient does not vanish (|grad f| = 1 at the last point); f needs a minimiser x* for f - f*
    """
    f = as_numeric(objective)
    x = f.check_point(start)
    scale = max(1.0, float(np.linalg.norm(f.gradient(x))))
    where = ", ".join(f"{v:g}" for v in x)
    with np.errstate(all="ignore"):
        found = minimize(lambda p: float(f.value(p)), x, jac=lambda p: f.gradient(p), method="BFGS",
                         options={"gtol": 1e-12 * scale, "maxiter": 2000})
        point = np.asarray(found.x, dtype=float)
        eye = np.eye(f.dimension)
        for _ in range(8):
            g = f.gradient(point)
            if not np.all(np.isfinite(g)) or np.linalg.norm(g) <= 1e-15 * scale:
                break
            H = np.array([f.hessian_vector(point, e) for e in eye]).T
            try:
                step = np.linalg.solve(H, g)
            except np.linalg.LinAlgError:
                break
            trial = point - step
            if not (np.all(np.isfinite(trial)) and f.value(trial) <= f.value(point) + 1e-15 * abs(f.value(point))):
                break
            point = trial
        gradient = f.gradient(point)
        value = float(f.value(point))
    norm = float(np.linalg.norm(gradient))
    if not (np.isfinite(norm) and np.isfinite(value) and norm <= tolerance * scale):
        raise ObjectiveError(f"no minimiser of {f.label} found from ({where}): the gradient does not vanish "
                             f"(|grad f| = {norm:.3g} at the last point); f needs a minimiser x* for f - f*")
    return point, value
