r"""Where discretization breaks: iterations to reach :math:`f - f^\star \le 10^{-8}` for every scheme.

Source: Shi, Du, Su, Jordan, NeurIPS 2019, arXiv:1902.03694 (symplectic Euler
of the high-resolution ODE accelerates; explicit Euler, or the low-resolution
ODE, does not or needs tiny steps); Wibisono, Wilson, Jordan, PNAS 2016,
arXiv:1603.04245 (the :math:`p = 3` flow
:math:`\ddot X + \tfrac4t\dot X + 9Ct\nabla f(X) = 0` has rate :math:`O(1/t^3)` in
continuous time, but its naive discretization is unstable).

Claim: on an ill-conditioned quadratic (:math:`d = 20`, eigenvalues from
:math:`\mu = 10^{-2}` to :math:`L = 1`) and on an :math:`\ell_2`-regularised
logistic regression (100 samples, :math:`d = 10`, seed 0, :math:`L/\mu = 100`),
with :math:`s = 1/L` and at most 5000 iterations: the symplectic schemes of
both ODEs, NAG-SC and heavy ball need :math:`O(\sqrt{L/\mu})` iterations;
explicit Euler of the low-resolution ODE fails at :math:`s = 1/L` (it diverges on
the quadratic) and is slow at its stable step :math:`s = \mu/L^2`; the naive discretizations of WWJ's
:math:`p = 3` flow diverge while Nesterov's method converges. Only iteration
counts are reported (no timings), so the document is deterministic.

Examples
--------
>>> [row[0] for row in rows_to_run()][:3]
['gradient descent', 'heavy ball', 'NAG-SC']
"""
from __future__ import annotations

import numpy as np
from sympy import Eq, Le, Rational, StrictLessThan, Subs, Symbol

from ..core import (
    ODE,
    C,
    Check,
    Derivation,
    DivergenceError,
    FValue,
    Step,
    X,
    grad,
    k,
    t,
    vector_function,
    x0,
    x_star,
)
from ..discretize import discretize
from ..limit import continuous_limit
from ..methods import gradient_descent, heavy_ball, nag_sc, nesterov
from ..numeric import NumericObjective, quadratic, run_method, separable
from .kinds import discretization_entry

SOURCE = "Shi, Du, Su, Jordan (NeurIPS 2019), arXiv:1902.03694; Wibisono, Wilson, Jordan (PNAS 2016), arXiv:1603.04245"
TITLE = "Where discretization breaks: iterations of every scheme on two objectives"
CLAIM = (r"With $s = 1/L$, symplectic Euler of the low- and high-resolution ODEs, NAG-SC and heavy ball reach "
         r"$f - f^\star \le 10^{-8}$ in $O(\sqrt{L/\mu})$ iterations; explicit Euler of the low-resolution ODE "
         r"fails at $s = 1/L$; the naive discretizations of WWJ's $p = 3$ flow diverge while Nesterov's method "
         r"converges.")
TOLERANCE = 1e-8
MU, L_SMOOTH = 0.01, 1.0


def ill_conditioned_quadratic() -> tuple:
    """``(objective, x0, f_star, mu, L, eigenvalues)``: :math:`d = 20`, eigenvalues geometric in [0.01, 1]."""
    eigenvalues = np.geomspace(MU, L_SMOOTH, 20)
    return quadratic(np.diag(eigenvalues)), np.ones(20), 0.0, MU, L_SMOOTH, eigenvalues


def logistic_regression() -> tuple:
    r"""``(objective, x0, f_star, mu, L)``: :math:`\frac1n\sum\log(1+e^{-y_ia_i^\top x}) + \frac\gamma2\|x\|^2`, seed 0."""
    rng = np.random.default_rng(0)
    n, d = 100, 10
    A = rng.standard_normal((n, d))
    labels = np.sign(A @ rng.standard_normal(d) + 0.5 * rng.standard_normal(n))
    rows = labels[:, None] * A
    u = Symbol("u", real=True)
    from sympy import exp, log

    loss = separable(log(1 + exp(-u)) / n, u, rows)
    smooth = np.linalg.norm(rows, 2) ** 2 / (4 * n)
    gamma = smooth / 99
    f = NumericObjective(d, lambda x: loss.value(x) + gamma * x @ x / 2,
                         lambda x: loss.gradient(x) + gamma * x,
                         lambda x, v: loss.hessian_vector(x, v) + gamma * v, None, "logistic regression")
    x = np.zeros(d)
    for _ in range(60):  # Newton's method for f*, with the exact Hessian
        p = 1 / (1 + np.exp(rows @ x))
        H = rows.T @ (rows * (p * (1 - p))[:, None]) / n + gamma * np.eye(d)
        x = x - np.linalg.solve(H, f.gradient(x))
    return f, np.ones(d), f.value(x), gamma, smooth + gamma


def wwj_p3_ode() -> ODE:
    r"""WWJ's :math:`p = 3` flow :math:`\ddot X + \tfrac4t\dot X + 9Ct\nabla f(X) = 0`."""
    Xt = X(t)
    return ODE(-4 / t * Xt.diff(t) - 9 * C * t * grad(Xt), 2,
               initial_conditions=(Eq(X(0), x0), Eq(Subs(Xt.diff(t), t, 0), 0)), parameters=(C,), name="wwj-p3")


def rows_to_run() -> list:
    """``(label, method, step factor, parameters)``; the step is ``factor * (1/L)`` (``"mu/L^2"`` for the tiny step)."""
    low = continuous_limit(nag_sc(), order=0).ode
    high = continuous_limit(nag_sc(), order=1).ode
    rows = [("gradient descent", gradient_descent(), 1, {}),
            ("heavy ball", heavy_ball(), 1, {"mu": None}),
            ("NAG-SC", nag_sc(), 1, {"mu": None})]
    for label, ode in (("low-resolution ODE", low), ("high-resolution ODE", high)):
        for scheme in ("explicit", "symplectic", "symplectic-vx", "implicit"):
            rows.append((f"{label}, {scheme} Euler", discretize(ode, scheme), 1, {"mu": None}))
    rows.append(("low-resolution ODE, explicit Euler", discretize(low, "explicit"), "mu/L^2", {"mu": None}))
    rows.append(("Nesterov (SBC, r = 3)", nesterov(), 1, {}))
    wwj = wwj_p3_ode()
    rows.append(("WWJ p = 3 flow, explicit Euler (t_k = (k+1) sqrt(s))",
                 discretize(wwj, "explicit", offset=1), 1, {"C": Rational(1, 9)}))
    rows.append(("WWJ p = 3 flow, symplectic Euler", discretize(wwj, "symplectic"), 1, {"C": Rational(1, 9)}))
    return rows


def _iterations(method, factor, parameters, problem, cap):
    """The first k with f(x_k) - f* <= 1e-8, in stages of 300, 1500 and ``cap`` iterations."""
    f, x0, f_star, mu_value, L_value = problem[:5]
    step = 1 / L_value if factor == 1 else mu_value / L_value ** 2
    values = {key: (mu_value if v is None else v) for key, v in parameters.items()}
    start_gap = f.value(np.asarray(x0, dtype=float)) - f_star
    for count in sorted({min(300, cap), min(1500, cap), cap}):
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                xs = run_method(method, f, x0, step_size=step, iterations=count, parameters=values)
                gaps = np.array([f.value(x) for x in xs]) - f_star
        except DivergenceError:
            return "diverges"
        if not np.all(np.isfinite(gaps)) or gaps.max() > 1e12 * start_gap:
            return "diverges"
        reached = np.nonzero(gaps <= TOLERANCE)[0]
        if reached.size:
            return int(reached[0])
    return f"> {cap}"


def numbers(*, cap: int = 5000) -> list:
    """``[(label, step, quadratic count, logistic count)]``, deterministic."""
    quad, logi = ill_conditioned_quadratic(), logistic_regression()
    table = []
    for label, method, factor, parameters in rows_to_run():
        implicit = any(eq.rhs.has(eq.lhs) for eq in method.updates)
        q_count = _iterations(method, factor, parameters, quad, cap)
        l_count = "n/a (implicit step, f not quadratic)" if implicit else \
            _iterations(method, factor, parameters, logi, cap)
        table.append((label, "1/L" if factor == 1 else "mu/L^2", q_count, l_count))
    return table


def derive(cap: int = 5000) -> Derivation:
    """Run every row and lay out the table."""
    table = numbers(cap=cap)
    header = "| method | step | quadratic (L/mu = 100) | logistic (L/mu = 100) |\n|---|---|---|---|\n"
    body = "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in table)
    steps = [Step("Objectives", "Ill-conditioned quadratic: d = 20, Hessian eigenvalues geometric from "
                  "mu = 0.01 to L = 1, x_0 = (1, ..., 1), f* = 0. Logistic regression: 100 samples in d = 10 "
                  "(NumPy default_rng(0)), labels from a random hyperplane with noise, l2 weight gamma with "
                  "L/gamma = 100, x_0 = (1, ..., 1), f* by Newton's method.", ()),
             Step("Table", "Iterations k until f(x_k) - f* <= 1e-8 (s is the step of the method):\n\n"
                  + header + body + "\n", ()),
             Step("WWJ's p = 3 flow", "Its naive discretizations, with C = 1/9:", (Eq(wwj_p3_ode().residual, 0),))]
    by_label = {}
    for label, step, a, b in table:
        by_label.setdefault(label, []).append((step, a, b))
    sym_high = by_label["high-resolution ODE, symplectic Euler"][0]
    explicit_low = by_label["low-resolution ODE, explicit Euler"]
    gd = by_label["gradient descent"][0]
    checks = [
        Check("symplectic Euler of the high-resolution ODE converges on both objectives, faster than GD",
              StrictLessThan(Symbol("k_symplectic"), Symbol("k_GD")),
              all(isinstance(v, int) for v in sym_high[1:]) and all(
                  isinstance(g, str) or v < g for v, g in zip(sym_high[1:], gd[1:]))),
        Check("explicit Euler of the low-resolution ODE fails at s = 1/L (diverges on the quadratic, "
              "misses 1e-8 on the logistic loss) and is slower than NAG-SC even at its stable step mu/L^2",
              Eq(Symbol("result"), Symbol("diverges")),
              explicit_low[0][1] == "diverges" and not isinstance(explicit_low[0][2], int)
              and all(isinstance(v, str) or v > n for v, n in zip(explicit_low[1][1:], by_label["NAG-SC"][0][1:]))),
        Check("the naive discretizations of the p = 3 flow diverge; Nesterov's method converges",
              Eq(Symbol("result"), Symbol("diverges")),
              all(r[0][1] == "diverges" for lab, r in by_label.items() if lab.startswith("WWJ"))
              and all(isinstance(v, int) for v in by_label["Nesterov (SBC, r = 3)"][0][1:])),
    ]
    return Derivation("discretize-table", tuple(steps), _Shown(Le(FValue(vector_function("x")(k)) - FValue(x_star), Rational(1, 10 ** 8))),
                      title=TITLE, source=SOURCE, claim=CLAIM, checks=tuple(checks))


class _Shown:
    """The target of the table (for documents)."""

    def __init__(self, display):
        self.display = display


ENTRY = discretization_entry("discretize-table", derive, title=TITLE, source=SOURCE, claim=CLAIM)
