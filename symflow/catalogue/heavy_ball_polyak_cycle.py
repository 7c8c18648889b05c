r"""A false claim: heavy ball with Polyak's quadratic tuning converges linearly on :math:`S_{\mu,L}`.

Source: Lessard, Recht, Packard (2016), "Analysis and design of optimization algorithms via integral
quadratic constraints", SIAM J. Optim., §4.6 (arXiv:1408.3595): the heavy-ball method

.. math:: x_{k+1} = x_k - \alpha\nabla f(x_k) + \beta(x_k - x_{k-1}),\qquad
          \alpha = \frac{4}{(\sqrt L + \sqrt\mu)^2},\quad \beta = \Big(\frac{\sqrt L - \sqrt\mu}{\sqrt L + \sqrt\mu}\Big)^2

(Polyak's tuning, optimal on quadratics) does not converge on the :math:`\mu = 1`, :math:`L = 25` function

.. math:: f(x) = \begin{cases} \tfrac{25}{2}x^2 & x < 1\\ \tfrac12 x^2 + 24x - 12 & 1 \le x < 2\\
          \tfrac{25}{2}x^2 - 24x + 36 & x \ge 2 \end{cases}

(the function as restated, with that section, by texts citing the paper; the paper's own page was not
retrieved). The exact cycle, its start and the violated rate are derived here.

Claim (false): for some :math:`C > 0` and :math:`\rho > 0`, every :math:`f \in S_{\mu,L}` and every start,
:math:`\|x_k - x^\star\|^2 \le C(1-\rho)^k\|x_0 - x^\star\|^2`. Refutation: at :math:`\mu = 1, L = 25`
(:math:`\alpha = 1/9`, :math:`\beta = 4/9`), the 3-periodic sequences of the method on :math:`f` are solved for
exactly; from :math:`x_{-1} = -2208/1225`, :math:`x_0 = 2592/1225` the exact run is
:math:`2592/1225 \to 792/1225 \to -2208/1225 \to 2592/1225`, so :math:`\|x_k - x^\star\|` does not tend to 0;
the rate :math:`1 - \rho = \beta` that the tuning gives on quadratics, with :math:`C = 100`, fails at
:math:`k = 6`. Second route: the method in floating point stays on the cycle, and from rest at
:math:`x_0 = 17/5` it is attracted to the same cycle.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, d.result.period
('refuted', 3)
"""
from __future__ import annotations

from sympy import Dummy, Eq, Interval, Rational, S, Symbol, cancel, oo, sqrt

from ..core import (
    Check,
    Derivation,
    L,
    Method,
    Status,
    Step,
    grad,
    k,
    mu,
    vector_coefficients,
    x,
)
from ..lyapunov import (
    PiecewiseFunction,
    cycle_start,
    find_cycles,
    numeric_run,
    periodic_orbit,
    smooth_strongly_convex,
)
from .kinds import refutation_entry

NAME = "heavy-ball-polyak-cycle"
TITLE = "False claim: heavy ball with Polyak's quadratic tuning converges linearly on smooth strongly convex f"
SOURCE = "Lessard, Recht, Packard (2016), SIAM J. Optim., §4.6 (arXiv:1408.3595); the exact cycle derived here"
CLAIM = (r"(false) for some $C > 0$, $\rho > 0$: $\|x_k - x^\star\|^2 \le C(1-\rho)^k\|x_0 - x^\star\|^2$ for "
         r"heavy ball with $\alpha = 4/(\sqrt L + \sqrt\mu)^2$, $\beta = ((\sqrt L - \sqrt\mu)/(\sqrt L + \sqrt\mu))^2$ "
         r"on every $f \in S_{\mu,L}$; refuted at $L/\mu = 25$ by a 3-cycle.")

#: the paper's condition number, as mu = 1, L = 25
VALUES = {mu: 1, L: 25}
#: Polyak's tuning: the step and the momentum
ALPHA = 4 / (sqrt(L) + sqrt(mu)) ** 2
BETA = ((sqrt(L) - sqrt(mu)) / (sqrt(L) + sqrt(mu))) ** 2
#: the claimed rate: 1 - rho = beta, the rate of the tuning on quadratics, with a generous constant
CONSTANT = 100
#: a start at rest for the second route (derived here)
AT_REST = Rational(17, 5)


def heavy_ball_polyak() -> Method:
    r"""Heavy ball :math:`x_{k+1} = x_k - \alpha\nabla f(x_k) + \beta(x_k - x_{k-1})` with Polyak's tuning, from :math:`x_{-1}, x_0`."""
    return Method("heavy-ball-polyak", ("x",), (Eq(x(k + 1), x(k) - ALPHA * grad(x(k)) + BETA * (x(k) - x(k - 1))),),
                  parameters=(mu, L), description="Heavy ball with Polyak's tuning for quadratics.", source=SOURCE)


def lessard_function() -> PiecewiseFunction:
    """Lessard, Recht, Packard's f, built from its curvature 25, 1, 25 with f(0) = f'(0) = 0."""
    return PiecewiseFunction.from_curvature("Lessard-Recht-Packard", Dummy("x", real=True), (
        (25, Interval.open(-oo, 1)), (1, Interval.Ropen(1, 2)), (25, Interval(2, oo))))


def derive() -> Derivation:
    """Find the 3-cycles exactly, run the method on one exactly, check the class and the violated rate."""
    method, f = heavy_ball_polyak(), lessard_function()
    z = f.variable
    literature = (Rational(25, 2) * z**2, z**2 / 2 + 24 * z - 12, Rational(25, 2) * z**2 - 24 * z + 36)
    joins = (Interval.open(-oo, 1), Interval.Ropen(1, 2), Interval(2, oo))
    same_f = all(cancel(e - lit) == 0 and st == join
                 for (e, st), lit, join in zip(f.pieces, literature, joins, strict=True))
    coefficients = vector_coefficients(method.updates[0].rhs)
    alpha = cancel(-coefficients[grad(x(k))].subs(VALUES))
    beta = cancel(-coefficients[x(k - 1)].subs(VALUES))
    cycles = find_cycles(method, f, period=3, values=VALUES)
    rest = None
    chosen = cycles[0] if cycles else None
    for cycle in cycles:  # the cycle a run from rest is attracted to (derived here)
        orbit = periodic_orbit(method, f, smooth_strongly_convex(1, 25), cycle_start(method, cycle), period=3,
                               values=VALUES)
        rest = numeric_run(orbit, x0=float(AT_REST), iterations=2000)
        if rest.agrees:
            chosen = cycle
            break
    if chosen is None:
        steps = (Step("Cycles", "No 3-periodic sequence of the method on f was found.", ()),)
        return Derivation(NAME, steps, None, title=TITLE, source=SOURCE, claim=CLAIM,
                          checks=(Check("verdict: refuted", S(0), False),), status=Status.UNKNOWN)
    orbit = periodic_orbit(method, f, smooth_strongly_convex(1, 25), cycle_start(method, chosen), period=3,
                           values=VALUES)
    on_cycle = numeric_run(orbit, iterations=300)
    violation = orbit.violation(CONSTANT, 1 - beta) if orbit.refutes else None
    shown = ", ".join("(" + ", ".join(str(v) for v in c) + ")" for c in cycles)
    steps = orbit.steps + (
        Step("Cycles: solved for",
             "Every assignment of the three pieces to the gradient points of three consecutive steps gives a linear "
             f"system for a 3-periodic sequence; the solutions whose points lie on their pieces: {shown}. "
             f"The run from rest at x_0 = {AT_REST} is attracted to the first of them (numerically).", ()),
        Step("Claimed rate violated", (violation.describe() + ".") if violation else "No violation found.",
             (violation.display,) if violation else ()),
        Step("Second route", f"{on_cycle.describe()}; {rest.describe()}.", ()),
    )
    checks = (
        Check(f"{SOURCE}: f is the curvature-built function, piece by piece", tuple(literature), same_f),
        *(Check(f"f in S(1, 25): {c.description}", c.expected, c.passed) for c in orbit.membership),
        Check("Polyak's tuning at mu = 1, L = 25: alpha = 1/9, beta = 4/9",
              (Eq(Symbol("alpha"), Rational(1, 9)), Eq(Symbol("beta"), Rational(4, 9))),
              alpha == Rational(1, 9) and beta == Rational(4, 9)),
        *orbit.proofs,
        Check(f"the claimed rate (C = {CONSTANT}, 1 - rho = beta = 4/9) fails on the exact run"
              + (f" at k = {violation.index}" if violation else ""),
              violation.display if violation else S(0), violation is not None),
        Check("numeric run from the start stays on the exact cycle (300 steps, 1e-9)", S(0), on_cycle.agrees),
        Check(f"numeric run from rest at x_0 = {AT_REST} is attracted to the same cycle", S(0),
              rest is not None and rest.agrees),
        Check("verdict: refuted", S(0), orbit.refutes and violation is not None),
    )
    status = Status.REFUTED if orbit.refutes and violation is not None else Status.UNKNOWN
    return Derivation(NAME, steps, orbit, title=TITLE, source=SOURCE, claim=CLAIM, checks=checks, status=status)


ENTRY = refutation_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
