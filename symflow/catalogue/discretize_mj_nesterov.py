r"""Semi-implicit Euler of :math:`\ddot x + 2d\dot x + \kappa\nabla f(x + \beta\dot x) = 0` is Nesterov's method.

Source: Muehlebach, Jordan, "A Dynamical Systems Perspective on Nesterov
Acceleration", ICML 2019, arXiv:1905.07436, §2 (the ODE with the shifted
gradient point and its semi-implicit Euler discretization with step T).

Claim: the semi-implicit (velocity-first) Euler scheme with step :math:`T`,
:math:`v_{k+1} = v_k - 2dTv_{k+1} - \kappa T\nabla f(x_k + \beta v_k)`,
:math:`x_{k+1} = x_k + Tv_{k+1}`, is exactly Nesterov's constant-momentum
method :math:`x_{k+1} = y_k - s\nabla f(y_k)`,
:math:`y_{k+1} = x_{k+1} + m(x_{k+1} - x_k)`, with
:math:`m = 1/(1 + 2dT)`, :math:`s = \kappa T^2/(1 + 2dT)`, :math:`\beta = T/(1 + 2dT)`,
and conversely :math:`d = (1-m)/(2mT)`, :math:`\kappa = s/(mT^2)`,
:math:`\beta = mT` — for every :math:`T > 0`, no vanishing step.

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

import numpy as np
from sympy import Eq, Symbol, cancel, symbols

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
SOURCE = "Muehlebach, Jordan (ICML 2019), arXiv:1905.07436, §2"


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
    values = {d: 0.7, kappa: 1.3, T: 0.4}
    mapped_m = float(forward[m].subs(values))
    mapped_s = float(forward[s].subs(values))
    values[beta] = float(forward[beta].subs(values))
    ours = run_method(produced, f, [1.0, -2.0, 0.5], step_size=1.0, iterations=40,
                      parameters={str(p): float(values[p]) for p in produced.parameters})
    theirs = run_method(nesterov_constant_momentum(), f, [1.0, -2.0, 0.5], step_size=mapped_s,
                        iterations=40, parameters={"m": mapped_m})
    return bool(np.allclose(ours, theirs, rtol=1e-10, atol=1e-12))


def derive() -> Derivation:
    """Discretize MJ's ODE, match it with Nesterov's method, solve for both parameter maps."""
    produced = discretization(mj_ode(), "symplectic-vx", step=T, name="mj-semi-implicit")
    # v_0 = 0 so that y_0 = x_0 (the first gradient point is x_0)
    method = Method(produced.method.name, produced.method.sequences, produced.method.updates,
                    parameters=produced.method.parameters,
                    initial=(Eq(vector_function("v")(0), 0),), description=produced.method.description)
    target = nesterov_constant_momentum()
    forward = match_methods(method, target, (m, s, beta))
    inverse = match_methods(method, target, (d, beta, kappa))
    steps = list(produced.steps)
    steps.append(Step("Target", "Nesterov's method with constant momentum m, as one recurrence:",
                      target.updates))
    f_map = {key: cancel(v) for key, v in forward.solutions[0].items()} if forward.matched else {}
    i_map = {key: cancel(v) for key, v in inverse.solutions[0].items()} if inverse.matched else {}
    steps.append(Step("Coefficient matching",
                      "The two recurrences agree when their gradient points agree as vectors and every "
                      "coefficient agrees; these conditions (numerators) are:", forward.equations))
    if f_map:
        steps.append(Step("Parameter map", "Solved for Nesterov's momentum and step (and the shift the "
                          "gradient point forces):", (tuple_equation((m, s, beta), (f_map[m], f_map[s], f_map[beta])),)))
    if i_map:
        steps.append(Step("Inverse map", "Solved instead for the ODE's parameters:",
                          (tuple_equation((d, kappa, beta), (i_map[d], i_map[kappa], i_map[beta])),)))
    explicit = match_methods(discretization(mj_ode(), "explicit", step=T).method, target, (m, s, beta))
    e_map = explicit.solutions[0] if explicit.matched else {}
    if e_map:
        steps.append(Step("Explicit Euler, for contrast",
                          "Explicit Euler is Nesterov's method too, but with momentum 1 - 2dT, which "
                          "leaves (0, 1) once dT >= 1/2: its step is bounded.",
                          (tuple_equation((m, s, beta), (e_map[m], e_map[s], e_map[beta])),)))
    literature = {m: 1 / (1 + 2 * d * T), s: kappa * T ** 2 / (1 + 2 * d * T), beta: T / (1 + 2 * d * T)}
    checks = [
        Check(f"{SOURCE}: semi-implicit Euler is Nesterov's method with m = 1/(1+2dT), s = kappa T^2/(1+2dT)",
              tuple_equation((m, s, beta), tuple(literature.values())),
              bool(f_map) and all(cancel(f_map[key] - v) == 0 for key, v in literature.items())),
        Check("the inverse map composed with the forward map is the identity",
              tuple_equation((d, kappa, beta), (d, kappa, beta)),
              bool(i_map) and bool(f_map) and all(
                  cancel(i_map[key].subs({m: f_map[m], s: f_map[s]}) - key) == 0 for key in (d, kappa))
              and cancel(i_map[beta].subs({m: f_map[m], s: f_map[s]}) - f_map[beta]) == 0),
        Check("for every T > 0 the momentum lies in (0, 1): no vanishing step",
              Eq(Symbol("0 < m < 1"), True),
              bool(f_map) and f_map[m].is_positive is True and cancel(1 - f_map[m]).is_positive is True),
        Check("the position-first semi-implicit scheme gives the same method",
              Eq(Symbol("same recurrence"), True),
              same_method(discretization(mj_ode(), "symplectic", step=T).method, method)),
        Check("explicit Euler's momentum 1 - 2dT is not in (0, 1) for every T (sign undecided)",
              Eq(m, 1 - 2 * d * T), bool(e_map) and cancel(e_map[m] - (1 - 2 * d * T)) == 0
              and e_map[m].is_positive is None),
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
CLAIM = (r"Semi-implicit Euler with step $T$ of $\ddot x + 2d\dot x + \kappa\nabla f(x + \beta\dot x) = 0$ is "
         r"Nesterov's constant-momentum method with $m = 1/(1 + 2dT)$, $s = \kappa T^2/(1 + 2dT)$, "
         r"$\beta = T/(1 + 2dT)$.")
ENTRY = discretization_entry("discretize-mj-nesterov", derive, title=ENTRY_TITLE, source=SOURCE, claim=CLAIM)
