r"""Accelerated mirror descent, Euclidean case: the energy, the region :math:`r \ge 2` and the Bregman Lagrangian.

Source: Krichene, Bayen, Bartlett (2015), "Accelerated mirror descent in continuous and discrete time",
NeurIPS 28, pp. 2845–2853, abstract: a family of continuous-time descent dynamics for convex functions with
Lipschitz gradients whose trajectories converge at the rate :math:`O(1/t^2)`. The body of the paper was not
retrieved: the system's form below is the one this entry was asked to check, and the energy's form, the
region, the constants and the relation to the Bregman Lagrangian (Wibisono, Wilson, Jordan (2016),
arXiv:1603.04245, abstract) are derived here.

Claim (derived here). The system :math:`\dot X = \tfrac rt(\nabla\psi^*(Z) - X)`,
:math:`\dot Z = -\tfrac tr\nabla f(X)` with :math:`\psi = \tfrac12\|\cdot\|^2` (:math:`\nabla\psi^* = \mathrm{id}`)
is first order in :math:`(X, Z)`. The first equation gives :math:`Z = X + \tfrac tr\dot X`; substituted in the
second (the engine differentiates and solves for :math:`\ddot X`),

.. math:: \ddot X + \frac{r+1}{t}\dot X + \nabla f(X) = 0,

SBC's generalised ODE with friction :math:`r + 1` (the ODE of entry ``energy-nesterov-r`` with :math:`r + 1` for its :math:`r`). The energy
:math:`E = \tfrac{t^2}{r}(f(X) - f^\star) + \tfrac r2\|Z - x^\star\|^2`, :math:`Z = X + \tfrac tr\dot X`, has
:math:`\dot E \le 0` for every convex :math:`f` on the region :math:`r \ge 2` the engine finds (it is half of
SBC's energy at friction :math:`r + 1`, so this is SBC's :math:`r + 1 \ge 3`), and for every
:math:`r \in (0, 2)` a convex function and a state with :math:`\dot E > 0` exist (a counterexample family,
decided exactly): "iff :math:`r \ge 2`" among :math:`r > 0`. From :math:`X(0) = Z(0) = x_0`,
:math:`f(X(t)) - f^\star \le r^2\|x_0 - x^\star\|^2/(2t^2)`.

The Bregman Lagrangian with :math:`h = \tfrac12\|\cdot\|^2` and the scaling :math:`\alpha_t = \log r - \log t`,
:math:`\beta_t = 2\log t - 2\log r`, :math:`\gamma_t = r\log t` has this Euler–Lagrange equation (derived by the
engine): :math:`e^{\alpha_t} = r/t` is the system's coefficient, :math:`X + e^{-\alpha_t}\dot X = Z`, and
:math:`e^{\beta_t}(f - f^\star) + D_h(x^\star, Z) = E/r`. Its ideal-scaling conditions: :math:`\dot\gamma_t = e^{\alpha_t}`
holds, and :math:`\dot\beta_t \le e^{\alpha_t}` reads :math:`(r - 2)/t \ge 0`, i.e. exactly the certificate's
region; at :math:`r = 2` the scaling is WWJ's polynomial family at :math:`p = 2`, :math:`C = \tfrac14`.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, str(d.result.certificate.region.as_boolean())
('proved', 'r >= 2')
"""
from __future__ import annotations

from sympy import (
    Derivative, Eq, Interval, Rational, Subs, Symbol, cancel, expand, factor, log, oo, solve_univariate_inequality,
)

from ..core import (
    ODE, Check, ODESystem, Step, X, Z, combine, expand_vector, grad, linearize, norm2, r, same_vector, solve_for_highest, t,
    vector_coefficients,
    x0, x_star,
)
from ..lagrangian import Scaling, bregman_equation, ideal_scaling, polynomial_scaling
from ..lyapunov import convex, display, f_gap
from .kinds.lyapunov import lyapunov_entry


def mirror_descent_system() -> ODESystem:
    r"""The Euclidean accelerated mirror descent system in :math:`(X, Z)`."""
    return ODESystem((Eq(Derivative(X(t), t), r / t * (Z(t) - X(t))),
                      Eq(Derivative(Z(t), t), -t / r * grad(X(t)))), parameters=(r,), name="accelerated mirror descent")


def _dual_state(system: ODESystem):
    r""":math:`Z` from :math:`\dot X = F(X, Z)`, linear in :math:`Z`: :math:`Z = (\dot X - F|_{Z=0})/\partial_Z F`."""
    coefficients = vector_coefficients(expand_vector(system.rhs("X")))
    weight = coefficients.pop(Z(t))
    rest = {atom: factor(-c / weight) for atom, c in coefficients.items()}
    return combine({Derivative(X(t), t): factor(1 / weight), **rest})


def _eliminated(system: ODESystem):
    r"""The second-order ODE in :math:`X`: :math:`\tfrac{d}{dt}Z(X, \dot X) = G(X)`, solved for :math:`\ddot X`."""
    dual = _dual_state(system)
    residual = expand_vector(dual.diff(t) - system.rhs("Z").subs(Z(t), dual))
    rhs = solve_for_highest(residual, Derivative(X(t), (t, 2)))
    rhs = combine({atom: factor(c) for atom, c in vector_coefficients(expand_vector(rhs)).items()})
    return dual, ODE(rhs, 2, initial_conditions=(Eq(X(0), x0), Eq(Subs(Derivative(X(t), t), t, 0), 0)))


def _setup():
    dual, ode = _eliminated(mirror_descent_system())
    energy = t**2 / r * f_gap() + r / 2 * norm2(dual - x_star)
    return energy, ode, convex()


#: the Bregman scaling of this system: e^alpha = r/t, e^(2 alpha + beta) = 1, gamma' = e^alpha
SCALING = dict(alpha=log(r) - log(t), beta=2 * log(t) - 2 * log(r), gamma=r * log(t))


def _bregman(energy, ode, result) -> tuple:
    """The Euler-Lagrange equation of the Bregman Lagrangian, its Lyapunov function and ideal scaling."""
    system = mirror_descent_system()
    dual = _dual_state(system)
    scaling = Scaling(**SCALING, name="accelerated mirror descent")
    equation = bregman_equation(scaling)
    point = expand_vector(X(t) + (t / r) * Derivative(X(t), t))  # X + e^(-alpha) Xdot
    wwj_energy = (t**2 / r**2) * f_gap() + norm2(x_star - point) / 2
    report = ideal_scaling(scaling)
    region = solve_univariate_inequality(cancel(report.beta.slack * t) >= 0, r, relational=False) & Interval.open(0, oo)
    found = dict(result.certificate.region.sets).get(r)
    polynomial = polynomial_scaling(2, Rational(1, 4))
    at_two = all(cancel(SCALING[n].subs(r, 2) - getattr(polynomial, n)).rewrite(log).expand(force=True) == 0
                 for n in ("alpha", "beta", "gamma"))
    steps = (Step("The system and Z", "ψ = ½‖·‖², ∇ψ* = id; the first equation solved for Z, then the second "
                  "differentiated and solved for Ẍ gives the ODE of this entry.", (system.display, Eq(Z(t), dual))),
             Step("Bregman Lagrangian", "h = ½‖·‖², α = log r − log t, β = 2 log t − 2 log r, γ = r log t: the "
                  "engine's Euler–Lagrange equation, and WWJ's Lyapunov function e^β(f − f*) + D_h(x*, X + e^{−α}Ẋ) "
                  "= E/r.", (equation.ode.equation, Eq(Symbol("E_WWJ"), display(wwj_energy)))),
             Step("Ideal scaling", "γ' = e^α holds; β' ≤ e^α is (r − 2)/t ≥ 0, solved in r:",
                  (report.gamma.statement, report.beta.statement, region.as_relational(r))))
    checks = (Check("Z = X + (t/r) Xdot, eliminated from the first equation", Eq(Z(t), point),
                    same_vector(dual, point)),
              Check("WWJ: the Bregman Lagrangian's Euler-Lagrange equation is this ODE", ode.equation,
                    equation.ode.matches(ode.residual)),
              Check("WWJ: e^beta (f - f*) + D_h(x*, X + e^(-alpha) Xdot) = E / r", wwj_energy,
                    cancel(expand(linearize(energy - r * wwj_energy))) == 0),
              Check("WWJ: ideal scaling gamma' = e^alpha", report.gamma.statement, report.gamma.status == "holds"),
              Check("WWJ: beta' <= e^alpha holds exactly on the certificate's region", region, region == found),
              Check("WWJ: at r = 2 the scaling is the polynomial family p = 2, C = 1/4", polynomial.display, at_two))
    return steps, checks


ENTRY = lyapunov_entry(
    "energy-mirror-descent", _setup,
    title=r"Accelerated mirror descent (Euclidean): the energy, $r \ge 2$ and the Bregman Lagrangian",
    source="Krichene, Bayen, Bartlett (2015), NeurIPS 28, pp. 2845-2853, abstract; form, energy and region "
           "derived here",
    claim=r"With $\psi = \frac12\|\cdot\|^2$, $\dot X = \frac rt(Z - X)$, $\dot Z = -\frac tr\nabla f(X)$ is "
          r"$\ddot X + \frac{r+1}{t}\dot X + \nabla f(X) = 0$ ($Z = X + \frac tr\dot X$ eliminated); "
          r"$E = \frac{t^2}{r}(f(X) - f^\star) + \frac r2\|Z - x^\star\|^2$ has $\dot E \le 0$ for every convex $f$ "
          r"iff $r \ge 2$ (among $r > 0$), so $f(X(t)) - f^\star \le r^2\|x_0 - x^\star\|^2/(2t^2)$; the Bregman "
          r"Lagrangian with $e^{\alpha_t} = r/t$, $e^{\beta_t} = t^2/r^2$, $\gamma_t = r\log t$ gives the same ODE, "
          r"$E/r$ as its Lyapunov function, and $\dot\beta_t \le e^{\alpha_t}$ iff $r \ge 2$ (derived here).",
    region={r: Interval(2, oo)},
    bound=r**2 * norm2(x0 - x_star) / (2 * t**2),
    ode_literature=X(t).diff(t, 2) + (r + 1) / t * X(t).diff(t) + grad(X(t)),
    necessity={r: Interval.open(0, 2)},
    domain={r: Interval.open(0, oo)},
    related=_bregman,
)
