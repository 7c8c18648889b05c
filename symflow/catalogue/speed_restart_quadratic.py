r"""Speed restart on a quadratic: the restart time to 40 digits and the exactly geometric decay it gives.

Source: Su, Boyd, Candès (2016), JMLR, arXiv:1503.01243, abstract: the ODE "suggests restarting Nesterov's
scheme leading to an algorithm, which can be rigorously proven to converge at a linear rate whenever the
objective is strongly convex". The statements of their §5 (arXiv v2) used below were retrieved as transcribed,
with page numbers, by a public formalisation project (prove2.me), not from the paper's own text: for
:math:`f \in \mathcal S_{\mu,L}`, Theorem 10 (p. 22), :math:`f(X^{sr}(t)) - f^\star \le
\tfrac{c_1L\|x_0 - x^\star\|^2}{2}e^{-c_2t\sqrt L}` with :math:`c_1, c_2` depending only on :math:`L/\mu`; the
display of p. 22, :math:`\tfrac{d}{dt}f(X) = -\tfrac3t\|\dot X\|^2 - \tfrac12\tfrac{d}{dt}\|\dot X\|^2`;
Lemma 11 (p. 23), :math:`\sup_{u \le t}\|\dot X(u)\|/u \le \|\nabla f(x_0)\|/(4(1 - Lt^2/12))` for
:math:`t < \sqrt{12/L}`, and (30); Lemma 12 (p. 23), :math:`f(X(T)) - f^\star \le (1 - C\mu/L)(f(x_0) - f^\star)`
with a universal :math:`C > 0`; Lemma 13 (p. 24), :math:`T \le 4e^{\tilde CL/\mu}/(5\sqrt L)`; Lemma 25 (p. 41),
:math:`T \ge 4/(5\sqrt L)`. The engine proves the p. 22 display along its derived ODE (exactly, in Gram
coordinates) and checks the others where it can: on quadratics by the closed form (Lemmas 11, 12, 25, (30), and
Theorem 10 on :math:`\tfrac\lambda2\|x\|^2`), and numerically on two non-quadratic strongly convex functions
(Lemma 25 for every restart interval, and a decrease of :math:`f - f^\star` at every restart). These are checks,
not proofs of the lemmas. The rest is derived here, on the case the engine can solve exactly.

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
from scipy.optimize import brentq
from sympy import Eq, Symbol, besselj, cancel, cosh, expand, lambdify, log

from ..closed_form import bessel_solution, reduce_bessel, speed_restart_time
from ..core import (Check, Derivation, FValue, Status, Step, SymflowError, X, grad, inner, lam, norm2, t,
                    time_derivative)
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
    lemma_steps, lemma_checks = _lemma_checks(ode, float(T1), float(q))
    steps, checks = steps + lemma_steps, checks + lemma_checks
    status = Status.PROVED if all(c.passed for c in checks) else Status.UNKNOWN
    return Derivation("speed-restart-quadratic", steps, Symbol(restart.value), title=TITLE, source=SOURCE,
                      claim=CLAIM, checks=checks, status=status)


def _descent_identity(ode) -> bool:
    r"""SBC §5.1: :math:`\tfrac{d}{dt}f(X) + \tfrac3t\|\dot X\|^2 + \langle\dot X, \ddot X\rangle = 0` along ``ode``, exact.

    :math:`\tfrac{d}{dt}f(X)` is the engine's chain rule; :math:`\ddot X` is the ODE's right-hand side; the sum is
    expanded in Gram coordinates.
    """
    velocity = X(t).diff(t)
    total = time_derivative(FValue(X(t)), t) + 3 / t * norm2(velocity) + inner(velocity, ode.rhs)
    return expand(total) == 0


def _unit_paths():
    r""":math:`U, \dot U, \ddot U` of the engine's closed form from rest at :math:`\lambda = 1`, :math:`x_0 = 1`."""
    unit = bessel_solution(FRICTION, 1, 1).expression
    return tuple(lambdify(t, unit.diff(t, n), "scipy") for n in range(3))


def _first_speed_restart(lams, p, derivatives, *, step=1e-2, horizon=400.0) -> float:
    r"""The first downward zero of :math:`\sum_i\dot X_i\ddot X_i` on :math:`f = \sum_i\lambda_ix_i^2/2` from rest at ``p``.

    Each coordinate is the closed form :math:`X_i(t) = p_iU(\sqrt{\lambda_i}t)`; the sign change is bracketed on a
    grid (a thousand points at a time) and refined by Brent's method.
    """
    _, du, ddu = derivatives
    roots = np.sqrt(lams)[:, None]
    weights = (p**2)[:, None] * roots**3

    def speed_change(u):
        u = np.atleast_1d(u)[None, :]
        return np.sum(weights * du(roots * u) * ddu(roots * u), axis=0)
    for left in np.arange(step, horizon, 1000 * step):
        grid = left + step * np.arange(1001)
        falls = np.nonzero(speed_change(grid) <= 0)[0]
        if falls.size:
            j = int(falls[0])
            return brentq(lambda u: float(speed_change(u)[0]), grid[j - 1], grid[j], xtol=1e-14)
    raise SymflowError(f"no speed restart before t = {horizon:g}")


def _lemma_checks(ode, T1: float, q: float) -> tuple:
    r"""SBC §5 (Lemmas 11, 12, 25, display (30), Theorem 10) checked where the engine can: ``(steps, checks)``."""
    u_, du, ddu = derivatives = _unit_paths()
    # Lemma 11 and (30) at lambda = 1, x0 = 1 (both sides scale alike in lambda): |grad f(x0)| = 1, L = 1
    grid = np.linspace(1e-3, np.sqrt(12) * 0.999, 400)
    ratio = np.abs(du(grid)) / grid                                   # |Xdot(u)|/u
    running = np.maximum.accumulate(ratio)                            # M(t) = sup over (0, t]
    lemma_11 = bool(np.all(running <= 1 / (4 * (1 - grid**2 / 12)) * (1 + 1e-12)))
    display_30 = bool(np.all(np.abs(du(grid) + grid / 4) <= grid**3 / (48 * (1 - grid**2 / 12)) * (1 + 1e-12) + 1e-15))
    # Lemmas 25 and 12 on diagonal quadratics (closed form): L = 1, mu = 1/kappa, several directions of x0
    cases = []
    for kappa in (1, 10, 100, 1000):
        lams = np.array([1.0, 1.0 / kappa])
        for p in ([1.0, 0.0], [1.0, 1.0], [0.3, 1.0], [0.1, 1.0], [0.01, 1.0], [0.0, 1.0]):
            p = np.array(p)
            T = _first_speed_restart(lams, p, derivatives)
            end = p * u_(np.sqrt(lams) * T)
            rho = float(np.sum(lams * end**2) / np.sum(lams * p**2))
            cases.append((kappa, T, rho))
    shortest = min(T for _, T, _ in cases)                            # T sqrt(L), L = 1
    allowed = min((1 - rho) * kappa for kappa, _, rho in cases)       # the largest C these runs leave for Lemma 12
    lemma_12_isotropic = all(rho <= 1 - (1 - q**2) / kappa + 1e-12 for kappa, _, rho in cases)
    # Lemma 25 and a per-restart decrease on two non-quadratic strongly convex functions, by the integrator.
    # Derived here: both are even with a positive definite Hessian, so x* = 0 and f* = 0; the Hessians are
    # diag(1 + sech²(x1)/2, 1/10) (L = 3/2 at x1 = 0, mu = 1/10) and I + sech²(x1 + 2x2) a aᵀ, a = (1, 2)
    # (L = 1 + |a|² = 6 at x1 + 2x2 = 0, mu = 1).
    x1, x2 = coordinates(2)
    tests = ((x1**2 / 2 + x2**2 / 20 + log(cosh(x1)) / 2, 1.5, [1.0, 1.0]),
             ((x1**2 + x2**2) / 2 + log(cosh(x1 + 2 * x2)), 6.0, [1.0, -1.0]))
    intervals, decreases, counts = [], [], []
    for expression, lipschitz, start in tests:
        objective = Objective(expression, (x1, x2))
        numeric, f_star = objective.numeric(), 0.0
        run = speed_restart_ode(ode, objective, start, 7.0, samples=7)
        counts.append(len(run.restarts))
        times = np.diff([0.0, *run.restarts])
        intervals.append(float(np.min(times) * np.sqrt(lipschitz)))
        gaps = [numeric.value(np.array(start)) - f_star, *[numeric.value(x) - f_star for x in run.points]]
        decreases.append(float(max(b / a for a, b in zip(gaps, gaps[1:]))))
    # Theorem 10 on the isotropic quadratic (derived here): f(X(t)) <= q^-2 f(x0) exp(-c2 sqrt(L) t), c2 = -2 log|q|/T1
    c2 = -2 * np.log(abs(q)) / T1
    local = np.linspace(1e-6, T1, 200)
    within = np.concatenate([q**(2 * k) * u_(local)**2 for k in range(3)])      # f/f(x0) over three intervals
    clock = np.concatenate([k * T1 + local for k in range(3)])
    theorem_10 = bool(np.all(within <= q**-2 * np.exp(-c2 * clock) * (1 + 1e-12)))
    monotone = bool(np.all(np.diff(u_(local)**2) < 0))
    steps = (Step("SBC §5: the lemmas behind Theorem 10, where the engine can check them",
                  "Statements of SBC arXiv:1503.01243v2 §5 as transcribed, with their pages, by a public formalisation "
                  "project (prove2.me): the p. 22 display, Lemmas 11, 12 (p. 23), 13 (p. 24), 25 (p. 41), Theorem 10 "
                  "(p. 22); the paper's own text was not retrieved. "
                  "Exact: the descent identity along the engine's ODE. Checked on the quadratic (closed form): "
                  "Lemma 11 and (30) at 400 points of (0, √12) (λ = 1; both sides scale alike), Lemma 25 and the "
                  f"decrease of Lemma 12 on diagonal quadratics, L/μ = 1…1000, six directions of x0: "
                  f"min T√L = {shortest:.6f} (≥ T1 = {T1:.6f}, since every coordinate has Ẋ Ẍ > 0 on (0, T1/√λ) for its own eigenvalue λ), and "
                  f"min (1 − ρ)L/μ = {allowed:.6f} = 1 − q² at L = μ, so the universal C of Lemma 12 is at most 1 − q². "
                  f"the constant of Lemma 13 is at least log(5T1/4) = {np.log(5 * T1 / 4):.6f} (L = μ, T√L = T1; derived here). "
                  "Numerically (integrator) on two non-quadratic strongly convex functions: every restart interval is "
                  f"at least 4/(5√L) (min T√L = {min(intervals):.4f}, {intervals[1]:.4f}) and f − f* falls at every "
                  f"restart (largest ratio {max(decreases):.4f}). Theorem 10 on f = λ/2‖x‖² (derived here): "
                  f"f(X(t)) − f* ≤ q⁻² (L‖x0‖²/2) e^(−c2 t√L), c2 = −2 log|q|/T1 = {c2:.6f}.", ()),)
    checks = (Check("SBC §5.1 (p. 22 display): df(X)/dt = ⟨∇f(X), Ẋ⟩ = −(3/t)‖Ẋ‖² − ⟨Ẋ, Ẍ⟩ along the derived ODE, "
                    "exact (so f decreases while the speed increases: a function restart never comes before a speed "
                    "restart)", 0, _descent_identity(ode)),
              Check("SBC Lemma 11 (p. 23), checked on the quadratic: M(t) = sup ‖Ẋ(u)‖/u ≤ ‖∇f(x0)‖/(4(1 − Lt²/12)) "
                    "for t < √(12/L), at 400 points", 0, lemma_11),
              Check("SBC (30) (p. 23), checked on the quadratic: ‖Ẋ(t) + (t/4)∇f(x0)‖ ≤ L‖∇f(x0)‖t³/(48(1 − Lt²/12)), "
                    "at 400 points", 0, display_30),
              Check("SBC Lemma 25 (p. 41), checked on 24 diagonal quadratics (closed form): T ≥ 4/(5√L)",
                    Symbol(f"{shortest:.6f}"), shortest >= 0.8 and shortest >= T1 * (1 - 1e-9)),
              Check("SBC Lemma 25 (p. 41), checked numerically on two non-quadratic strongly convex functions: every "
                    "restart interval T(x_i; f) ≥ 4/(5√L), three restarts each", Symbol(f"{min(intervals):.4f}"),
                    min(intervals) >= 0.8 and min(counts) >= 3),
              Check("SBC Lemma 12 (p. 23), checked on 24 diagonal quadratics (closed form): each restart gives "
                    "f(X(T)) − f* ≤ (1 − Cμ/L)(f(x0) − f*) with C = 1 − q² (the isotropic case is the tightest)",
                    Symbol(f"{allowed:.6f}"), lemma_12_isotropic and allowed > 0),
              Check("SBC Lemma 12 (p. 23), checked numerically on two non-quadratic strongly convex functions: f − f* "
                    "falls at every restart", Symbol(f"{max(decreases):.4f}"), max(decreases) < 1),
              Check("SBC Theorem 10 (p. 22), checked on the isotropic quadratic: f(X(t)) − f* ≤ q⁻²(L‖x0‖²/2)"
                    "e^(−c2 t√L) over three restart intervals, f decreasing within each", Symbol(f"{c2:.6f}"),
                    theorem_10 and monotone))
    return steps, checks


TITLE = "Speed restart on a quadratic: the restart time to 40 digits and geometric decay"
SOURCE = ("Su, Boyd, Candès (2016), JMLR, arXiv:1503.01243, abstract and §5 (Theorem 10, Lemmas 11, 12, 13, 25, "
          "as transcribed); the restart time and the rate derived here")
CLAIM = (r"On $f = \frac\lambda2\|x\|^2$ the speed-restarting ODE restarts every $T_1/\sqrt\lambda$, where "
         r"$T_1 = 2.29991033022841091495811069105062544727\ldots$ is the first zero of $\ddot X$ ($J_1(z) = "
         r"3J_3(z)$), and $f(X)$ falls by $q^2$, $q = 2J_1(T_1)/T_1$, per restart: a linear rate (derived here).")

ENTRY = closed_form_entry("speed-restart-quadratic", derive, title=TITLE, source=SOURCE, claim=CLAIM)
