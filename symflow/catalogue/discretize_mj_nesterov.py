r"""Muehlebach–Jordan: semi-implicit Euler of :math:`\ddot x + 2d\dot x + \kappa\nabla f(x + \beta\dot x) = 0` is Nesterov's method.

Source: Muehlebach, Jordan, "A Dynamical Systems Perspective on Nesterov Acceleration",
ICML 2019, arXiv:1905.07436 (the ODE with the shifted gradient point, discretized by
semi-implicit Euler without a vanishing step).

Claim: MJ's semi-implicit Euler scheme with step :math:`T` updates the velocity first, from
the old state, :math:`u_{k+1} = u_k - 2dTu_k - T\kappa\nabla f(q_k + \beta u_k)`, then the position,
:math:`q_{k+1} = q_k + Tu_{k+1}`. It is exactly Nesterov's constant-momentum method
:math:`x_{k+1} = y_k - s\nabla f(y_k)`, :math:`y_{k+1} = x_{k+1} + a(x_{k+1} - x_k)`, with
:math:`a = 1 - 2dT`, :math:`\beta = aT` and :math:`s = \kappa T^2`; the momentum lies in
:math:`(0, 1)` exactly when :math:`0 < dT < 1/2`. Conversely :math:`d = (1 - a)/(2T)`,
:math:`\kappa = s/T^2`, :math:`\beta = aT`.

The variant that takes the friction at the new velocity,
:math:`u_{k+1} = u_k - 2dTu_{k+1} - T\kappa\nabla f(q_k + \beta u_k)` (scheme ``symplectic-vx``;
position-first symplectic Euler gives the same method), is a different scheme: it is Nesterov's
method with :math:`a = 1/(1 + 2dT)`, :math:`s = \kappa T^2/(1 + 2dT)`, :math:`\beta = T/(1 + 2dT)`,
for every :math:`T > 0` (derived here). Explicit Euler is Nesterov's method with
:math:`a = 1 - 2dT` and the gradient point shifted by :math:`\beta = (1 + a)T` (derived here).

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

import numpy as np
from sympy import Eq, Interval, Symbol, cancel, oo, solve_univariate_inequality, symbols

from ..core import (
    ODE,
    Check,
    Derivation,
    Method,
    Step,
    X,
    grad,
    k,
    s,
    t,
    vector_function,
)
from ..discretize import discretization, match_methods, same_method, tuple_equation
from ..numeric import quadratic, run_method
from .kinds import discretization_entry

d, beta, kappa, T, m = symbols("d beta kappa T m", positive=True)
_x, _y = vector_function("x"), vector_function("y")
SOURCE = "Muehlebach, Jordan (ICML 2019), arXiv:1905.07436"


def mj_ode() -> ODE:
    r""":math:`\ddot X = -2d\dot X - \kappa\nabla f(X + \beta\dot X)`."""
    Xt = X(t)
    return ODE(-2 * d * Xt.diff(t) - kappa * grad(Xt + beta * Xt.diff(t)), 2,
               parameters=(d, beta, kappa), name="mj")


def nesterov_constant_momentum() -> Method:
    r"""Nesterov's method with constant momentum :math:`m` and step :math:`s`."""
    return Method("nesterov-constant-momentum", ("x", "y"),
                  (Eq(_x(k + 1), _y(k) - s * grad(_y(k))),
                   Eq(_y(k + 1), _x(k + 1) + m * (_x(k + 1) - _x(k)))),
                  parameters=(m,), initial=(Eq(_y(0), _x(0)),),
                  description="Nesterov's method with constant momentum m.")


def _numeric_check(produced: Method, forward: dict) -> bool:
    """Run both methods in d = 3 with mapped parameters; the iterates must agree."""
    f = quadratic(np.diag([1.0, 0.3, 0.05]))
    values = {d: 0.7, kappa: 1.3, T: 0.4}  # dT = 0.28 < 1/2: momentum 0.44
    mapped_m = float(forward[m].subs(values))
    mapped_s = float(forward[s].subs(values))
    values[beta] = float(forward[beta].subs(values))
    ours = run_method(produced, f, [1.0, -2.0, 0.5], step_size=1.0, iterations=40,
                      parameters={str(p): float(values[p]) for p in produced.parameters})
    theirs = run_method(nesterov_constant_momentum(), f, [1.0, -2.0, 0.5], step_size=mapped_s,
                        iterations=40, parameters={"m": mapped_m})
    return bool(np.allclose(ours, theirs, rtol=1e-10, atol=1e-12))


def _without_start_velocity(produced: Method) -> Method:
    """The produced method with v_0 = 0, so that y_0 = x_0 (the first gradient point is x_0)."""
    return Method(produced.name, produced.sequences, produced.updates, parameters=produced.parameters,
                  initial=(Eq(vector_function("v")(0), 0),), description=produced.description)


def _map(method: Method, unknowns) -> dict:
    found = match_methods(method, nesterov_constant_momentum(), unknowns)
    return {key: cancel(v) for key, v in found.solutions[0].items()} if found.matched else {}


def _same(found: dict, expected: dict) -> bool:
    return bool(found) and all(cancel(found[key] - v) == 0 for key, v in expected.items())


def derive() -> Derivation:
    """Discretize MJ's ODE by MJ's scheme, match it with Nesterov's method, solve for both parameter maps."""
    produced = discretization(mj_ode(), "velocity-first", step=T, name="mj-semi-implicit")
    method = _without_start_velocity(produced.method)
    target = nesterov_constant_momentum()
    forward = match_methods(method, target, (m, s, beta))
    f_map = _map(method, (m, s, beta))
    i_map = _map(method, (d, beta, kappa))
    steps = list(produced.steps)
    steps.append(Step("Target", "Nesterov's method with constant momentum m, as one recurrence:", target.updates))
    steps.append(Step("Coefficient matching",
                      "The two recurrences agree when their gradient points agree as vectors and every "
                      "coefficient agrees; these conditions (numerators) are:", forward.equations))
    if f_map:
        steps.append(Step("Parameter map", "Solved for Nesterov's momentum and step (and the shift the "
                          "gradient point forces):", (tuple_equation((m, s, beta), (f_map[m], f_map[s], f_map[beta])),)))
    if i_map:
        steps.append(Step("Inverse map", "Solved instead for the ODE's parameters:",
                          (tuple_equation((d, kappa, beta), (i_map[d], i_map[kappa], i_map[beta])),)))
    variant = _map(_without_start_velocity(discretization(mj_ode(), "symplectic-vx", step=T).method), (m, s, beta))
    if variant:
        steps.append(Step("Friction at the new velocity: another scheme",
                          "Taking the friction at u_(k+1) instead (a division by 1 + 2dT) gives Nesterov's method "
                          "with another map, for every T > 0; it is not MJ's scheme:",
                          (tuple_equation((m, s, beta), (variant[m], variant[s], variant[beta])),)))
    explicit = _map(discretization(mj_ode(), "explicit", step=T).method, (m, s, beta))
    if explicit:
        steps.append(Step("Explicit Euler, for contrast",
                          "Explicit Euler is Nesterov's method with the same momentum 1 - 2dT but the gradient "
                          "point shifted by (1 + m)T:",
                          (tuple_equation((m, s, beta), (explicit[m], explicit[s], explicit[beta])),)))
    literature = {m: 1 - 2 * d * T, s: kappa * T ** 2, beta: (1 - 2 * d * T) * T}
    # a < 1 holds for every d, T > 0; a > 0 is d < 1/(2T)
    momentum_below_one = bool(f_map) and cancel(1 - f_map[m]).is_positive is True
    momentum_positive = solve_univariate_inequality(f_map[m] > 0, d, relational=False) if f_map else None
    checks = [
        Check(f"{SOURCE}: MJ's semi-implicit Euler is Nesterov's method with a = 1 - 2dT, beta = aT, s = kappa T^2",
              tuple_equation((m, s, beta), tuple(literature.values())), _same(f_map, literature)),
        Check("the inverse map: d = (1 - a)/(2T), kappa = s/T^2, beta = aT",
              tuple_equation((d, kappa, beta), ((1 - m) / (2 * T), s / T ** 2, m * T)),
              _same(i_map, {d: (1 - m) / (2 * T), kappa: s / T ** 2, beta: m * T})),
        Check("the momentum lies in (0, 1) exactly for 0 < d < 1/(2T)", Eq(Symbol("d"), Symbol("(0, 1/(2T))")),
              momentum_below_one and momentum_positive == Interval.open(-oo, 1 / (2 * T))),
        Check("friction at the new velocity (derived here): a = 1/(1 + 2dT), s = kappa T^2/(1 + 2dT), "
              "beta = T/(1 + 2dT)",
              tuple_equation((m, s, beta), (1 / (1 + 2 * d * T), kappa * T ** 2 / (1 + 2 * d * T), T / (1 + 2 * d * T))),
              _same(variant, {m: 1 / (1 + 2 * d * T), s: kappa * T ** 2 / (1 + 2 * d * T), beta: T / (1 + 2 * d * T)})),
        Check("position-first symplectic Euler is the friction-at-new-velocity variant, not MJ's scheme",
              Eq(Symbol("same recurrence"), True),
              same_method(discretization(mj_ode(), "symplectic", step=T).method,
                          _without_start_velocity(discretization(mj_ode(), "symplectic-vx", step=T).method))
              and not same_method(discretization(mj_ode(), "symplectic", step=T).method, method)),
        Check("explicit Euler (derived here): a = 1 - 2dT, s = kappa T^2, beta = (1 + a) T",
              tuple_equation((m, s, beta), (1 - 2 * d * T, kappa * T ** 2, (2 - 2 * d * T) * T)),
              _same(explicit, {m: 1 - 2 * d * T, s: kappa * T ** 2, beta: (2 - 2 * d * T) * T})),
        Check("numeric: both methods, run in d = 3 with the mapped parameters, give the same iterates",
              Eq(Symbol("max |x_k - x_k'|"), 0), bool(f_map) and _numeric_check(method, f_map)),
    ]
    result = tuple_equation((m, s, beta), (f_map.get(m, m), f_map.get(s, s), f_map.get(beta, beta)))
    return Derivation("discretize-mj-nesterov", tuple(steps), _Result(result),
                      title=ENTRY_TITLE, source=SOURCE, claim=CLAIM, checks=tuple(checks))


class _Result:
    """The parameter map, shown by documents through ``display``."""

    def __init__(self, display):
        self.display = display


ENTRY_TITLE = "Nesterov's method as semi-implicit Euler of a shifted-gradient ODE (Muehlebach-Jordan)"
CLAIM = (r"Muehlebach–Jordan's semi-implicit Euler (velocity first, from the old state) with step $T$ of "
         r"$\ddot x + 2d\dot x + \kappa\nabla f(x + \beta\dot x) = 0$ is Nesterov's constant-momentum method with "
         r"$a = 1 - 2dT$, $\beta = aT$, $s = \kappa T^2$ (momentum in $(0, 1)$ for $0 < dT < 1/2$).")
ENTRY = discretization_entry("discretize-mj-nesterov", derive, title=ENTRY_TITLE, source=SOURCE, claim=CLAIM)
