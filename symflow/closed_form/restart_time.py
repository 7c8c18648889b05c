r"""The speed-restart time of Nesterov's ODE on a quadratic, from the Bessel closed form, to many digits.

On :math:`f = \tfrac\lambda2 x^2` the ODE :math:`\ddot X + \tfrac rt\dot X + \lambda X = 0`,
:math:`X(0) = x_0`, :math:`\dot X(0) = 0` has the closed form of :func:`~symflow.closed_form.bessel_solution`.
The speed :math:`|\dot X|` grows from 0 until :math:`\tfrac{d}{dt}\dot X^2 = 2\dot X\ddot X` first vanishes;
:math:`\dot X` keeps its sign before that, so the restart time is the first positive zero of :math:`\ddot X`.
It scales as :math:`T(\lambda) = T(1)/\sqrt\lambda` (checked exactly), so :func:`speed_restart_time` computes
:math:`T(1)`: a sign change of :math:`\ddot X` is bracketed on a grid, then refined by mpmath's
``findroot`` in a raised working precision (a context manager: the global precision is untouched).

Examples
--------
>>> T = speed_restart_time(3, digits=20)
>>> T.value[:12]
'2.2999103302'
"""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
from sympy import Dummy, Eq, Expr, S, cancel, lambdify, sqrt

from ..core.errors import SymflowError
from ..core.symbols import lam, t
from .bessel import bessel_solution, reduce_bessel

__all__ = ["RestartTime", "speed_restart_time"]


@dataclass(frozen=True)
class RestartTime:
    r"""The first positive zero :math:`T` of :math:`\ddot X` at :math:`\lambda = 1` (so :math:`T(\lambda) = T/\sqrt\lambda`).

    Attributes
    ----------
    friction : Expr
        :math:`r`.
    acceleration : Expr
        :math:`\ddot X(t)` at :math:`\lambda = 1`, :math:`x_0 = 1`, in :math:`J_\nu, J_{\nu+1}`.
    value : str
        :math:`T` with ``digits`` significant digits.
    residual : str
        :math:`|\ddot X(T)|` evaluated at twice the working precision.
    scaling : bool
        Whether :math:`\ddot X_\lambda(\tau/\sqrt\lambda) = \lambda\ddot X_1(\tau)` holds exactly.
    digits : int
    """

    friction: Expr
    acceleration: Expr
    value: str
    residual: str
    scaling: bool
    digits: int

    @property
    def equation(self) -> Eq:
        """:math:`\\ddot X(T) = 0`, for documents."""
        return Eq(self.acceleration, 0)


def speed_restart_time(friction=3, *, digits: int = 40, horizon: float = 60.0, step: float = 0.01) -> RestartTime:
    r"""The speed-restart time :math:`T` of :math:`\ddot X + \tfrac rt\dot X + X = 0` from rest at :math:`x_0 = 1`.

    Raises
    ------
    SymflowError
        When :math:`\ddot X` has no sign change on :math:`(0, \text{horizon}]`.

    Examples
    --------
    >>> speed_restart_time(1, digits=15).value[:8]  # r = 1: X = J0, Xddot = -J1', the first zero of J1'
    '1.841183'
    """
    friction = S(friction)
    nu = (friction - 1) / 2
    unit = bessel_solution(friction, 1, 1).expression
    acceleration = cancel(reduce_bessel(unit.diff(t, 2), nu))
    general = reduce_bessel(bessel_solution(friction, lam, 1).expression.diff(t, 2), nu)
    tau = Dummy("tau", positive=True)
    scaling = cancel(reduce_bessel(general.subs(t, tau / sqrt(lam)) - lam * acceleration.subs(t, tau), nu)) == 0
    evaluate = lambdify(t, acceleration, "mpmath")
    with mpmath.workdps(digits + 15):
        previous, left = None, None
        u = mpmath.mpf(step)
        while u <= horizon:
            value = evaluate(u)
            if previous is not None and mpmath.sign(value) != mpmath.sign(previous):
                left = u - step
                break
            previous, u = value, u + step
        if left is None:
            raise SymflowError(f"the acceleration has no sign change on (0, {horizon}]: no restart time found")
        root = mpmath.findroot(evaluate, (left, left + step), solver="anderson")
        value = mpmath.nstr(root, digits, strip_zeros=False)
        with mpmath.workdps(2 * digits + 30):
            residual = mpmath.nstr(abs(evaluate(mpmath.mpf(value))), 5)
    return RestartTime(friction, acceleration, value, residual, scaling, digits)
