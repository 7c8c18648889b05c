r"""Speed restart on a quadratic: the restart time to 40 digits and the exactly geometric decay it gives.

Source: Su, Boyd, Candès (2016), JMLR, arXiv:1503.01243, abstract: the ODE "suggests restarting Nesterov's
scheme leading to an algorithm, which can be rigorously proven to converge at a linear rate whenever the
objective is strongly convex". Their theorem for the restarted ODE was not retrieved; what follows is derived
here, on the case the engine can solve exactly.

Claim (derived here). Speed restart restarts the clock of :math:`\ddot X + \tfrac rt\dot X + \nabla f(X) = 0`
(the engine's limit of Nesterov's scheme) at :math:`T = \sup\{t : \tfrac{d}{dt}\|\dot X\|^2 > 0 \text{ on } (0, t)\}`.
On :math:`f = \tfrac\lambda2\|x\|^2` each coordinate follows the Bessel closed form from rest, so
:math:`\tfrac{d}{dt}\|\dot X\|^2 = 2\dot X\ddot X` and, :math:`\dot X` keeping its sign on :math:`(0, T]`,
:math:`T` is the first positive zero of :math:`\ddot X`, the same for every coordinate and every :math:`x_0`:
:math:`T(\lambda) = T_1/\sqrt\lambda` (exact scaling), with, for :math:`r = 3`, :math:`\ddot X = 0` iff
:math:`J_1(z) = 3J_3(z)`, :math:`z = \sqrt\lambda t`, and

.. math:: T_1 = 2.299910330228410914958110691050625447266\ldots

(mpmath, 40 digits; the residual of :math:`\ddot X` at the rounded value is checked at 110 digits). Each restart
multiplies :math:`X` by :math:`q = X(T)/x_0 = 2J_1(T_1)/T_1`, so :math:`f(X(t_k)) = q^{2k}f(x_0)` at the
restart times :math:`t_k = kT_1/\sqrt\lambda`: a linear rate, :math:`\log(f - f^\star)` falling by
:math:`-2\sqrt\lambda\log|q|/T_1` per unit time, independent of :math:`x_0`. Second route: the restarted ODE integrated by :func:`~symflow.numeric.speed_restart_ode`
(an integrator event on :math:`\langle\dot X, \ddot X\rangle`) restarts at :math:`T_1/\sqrt\lambda` and
:math:`2T_1/\sqrt\lambda`, with :math:`X = q x_0` and :math:`q^2x_0` there.

Examples
--------
>>> d = ENTRY.run()
>>> all(c.passed for c in d.checks)
True
"""
from __future__ import annotations

import mpmath
import numpy as np
from sympy import Eq, Symbol, besselj, cancel, lambdify

from ..closed_form import bessel_solution, reduce_bessel, speed_restart_time
from ..core import Check, Derivation, Status, Step, X, grad, lam, t
from ..limit import continuous_limit
from ..methods import nesterov
from ..numeric import Objective, coordinates, speed_restart_ode
from .kinds import closed_form_entry

#: the friction of Nesterov's ODE (SBC's r = 3)
FRICTION = 3
#: significant digits of the restart time
DIGITS = 40


def derive() -> Derivation:
    ode = continuous_limit(nesterov()).ode
    on_quadratic = ode.rhs.subs(grad(X(t)), lam * X(t))
    restart = speed_restart_time(FRICTION, digits=DIGITS)
    unit = bessel_solution(FRICTION, 1, 1).expression
    z = Symbol("z", positive=True)
    bessel_form = cancel(z**3 * (restart.acceleration.subs(t, z)) - (-z**2 / 2) * (besselj(1, z) - 3 * besselj(3, z)))
    with mpmath.workdps(DIGITS + 15):
        T1 = mpmath.mpf(restart.value)
        q = mpmath.mpf(2) * mpmath.besselj(1, T1) / T1
        velocity = lambdify(t, unit.diff(t), "mpmath")
        grid = [T1 * k / 400 for k in range(1, 401)]
        one_signed = all(velocity(u) < 0 for u in grid)
        q_text = mpmath.nstr(q, 30)
        rate = mpmath.nstr(-2 * mpmath.log(abs(q)) / T1, 30)
        check_j3 = abs(mpmath.besselj(1, T1) - 3 * mpmath.besselj(3, T1)) < mpmath.mpf(10) ** (-(DIGITS - 2))
    # second route: integrate the restarted ODE on f = 2 x^2 (lambda = 4), T = T1/2
    (x1,) = coordinates(1)
    traj = speed_restart_ode(ode, Objective(2 * x1**2, (x1,)), [1.0], 2.5 * float(T1) / 2, samples=50)
    T_numeric = np.array(traj.restarts[:2])
    expected = np.array([1, 2]) * float(T1) / 2
    at_restart = [float(np.interp(u, traj.t, traj.X[:, 0])) for u in expected]
    steps = (Step("Dynamics on a quadratic", "Nesterov's ODE (the engine's limit) with ∇f(X) = λX, and its "
                  "closed form from rest at λ = 1, x0 = 1 (Bessel, derived).",
                  (Eq(X(t).diff(t, 2), on_quadratic), Eq(Symbol("X_1(t)"), unit))),
             Step("Restart time", "d‖Ẋ‖²/dt = 2ẊẌ; Ẋ < 0 on (0, T] (checked at 400 points in mpmath), so T is the "
                  "first zero of Ẍ, which is J1(z) = 3J3(z) in z = √λ t; T(λ) = T1/√λ (exact scaling).",
                  (restart.equation, Eq(Symbol("T_1"), Symbol(restart.value)))),
             Step("Geometric decay", "Each restart multiplies X by q = 2J1(T1)/T1, so f(X) falls by q² per restart "
                  "interval: log(f - f*) decreases at the rate below per unit time (times √λ).",
                  (Eq(Symbol("q"), Symbol(q_text)), Eq(Symbol("-2 log|q|/T_1"), Symbol(rate)))),
             Step("Second route", "The restarted ODE integrated (event on ⟨Ẋ, Ẍ⟩) for f = 2x², λ = 4: restarts "
                  f"at {T_numeric.tolist()}, X there {at_restart}.", ()))
    checks = (Check(f"the restart time to {DIGITS} digits: |Xddot(T1)| at twice the precision", Symbol(restart.value),
                    mpmath.mpf(restart.residual) < mpmath.mpf(10) ** (-(DIGITS - 2))),
              Check("Xddot = 0 is J1(z) = 3 J3(z) (z^3 Xddot = -(z^2/2)(J1 - 3 J3), exact)", 0,
                    cancel(reduce_bessel(bessel_form, 0)) == 0),
              Check("J1(T1) = 3 J3(T1) at the computed T1", 0, bool(check_j3)),
              Check("Xdot keeps its sign on (0, T1]: the first zero of Xddot is the speed's maximum", 0, one_signed),
              Check("T(lambda) = T1/sqrt(lambda): Xddot_lambda(tau/sqrt(lambda)) = lambda Xddot_1(tau), exact", 0,
                    restart.scaling),
              Check("second route: the integrated restarted ODE restarts at T1/2 and T1 for lambda = 4", expected.tolist(),
                    T_numeric.size == 2 and bool(np.allclose(T_numeric, expected, rtol=1e-6))),
              Check("second route: X = q x0 and q^2 x0 at those restarts (geometric decay)", Symbol(q_text),
                    bool(np.allclose(at_restart, [float(q), float(q)**2], rtol=1e-5))))
    status = Status.PROVED if all(c.passed for c in checks) else Status.UNKNOWN
    return Derivation("speed-restart-quadratic", steps, Symbol(restart.value), title=TITLE, source=SOURCE,
                      claim=CLAIM, checks=checks, status=status)


TITLE = "Speed restart on a quadratic: the restart time to 40 digits and geometric decay"
SOURCE = "Su, Boyd, Candès (2016), JMLR, arXiv:1503.01243, abstract; the restart time and the rate derived here"
CLAIM = (r"On $f = \frac\lambda2\|x\|^2$ the speed-restarting ODE restarts every $T_1/\sqrt\lambda$, where "
         r"$T_1 = 2.29991033022841091495811069105062544727\ldots$ is the first zero of $\ddot X$ ($J_1(z) = "
         r"3J_3(z)$), and $f(X)$ falls by $q^2$, $q = 2J_1(T_1)/T_1$, per restart: a linear rate (derived here).")

ENTRY = closed_form_entry("speed-restart-quadratic", derive, title=TITLE, source=SOURCE, claim=CLAIM)
