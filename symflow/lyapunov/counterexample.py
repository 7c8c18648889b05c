r"""Counterexamples to Lyapunov claims: a function of the class, a state, and a trajectory.

:func:`refute` looks for a concrete :math:`f` in the class (separable
quadratics :math:`\tfrac12\sum_i\lambda_i x_i^2`, log-cosh and pseudo-Huber
functions plus :math:`\tfrac\mu2\|x\|^2`, all minimised at :math:`x^\star = 0`
in :math:`\mathbb{R}^d`), parameter values, and a state :math:`(t, X, \dot X)`
with :math:`\dot E + \rho E > 0`, evaluated from the engine's Gram-coordinate
derivative (:func:`evaluate`). The counterexample is then checked on a
second route: the ODE, specialised to :math:`f` by
:func:`symflow.numeric.specialize` and integrated with SciPy from that
state, must make :math:`e^{\rho t}E` increase. Membership of :math:`f` in the class is checked
numerically (eigenvalues of its Hessian in :math:`[\mu, L]` along the path).

Examples
--------
>>> from symflow.core import ODE, X, t, x_star, mu, grad, norm2
>>> from symflow.lyapunov import f_gap, convex
>>> flow = ODE(-grad(X(t)), 1)
>>> found = refute(t**2 * f_gap() + norm2(X(t) - x_star) / 2, flow, convex())
>>> found is not None and found.derivative > 0 and found.increases
True
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sympy import (
    Add,
    Derivative,
    Dummy,
    Expr,
    Function,
    S,
    cosh,
    diff,
    lambdify,
    log,
    sqrt,
    symbols,
)

from ..core.errors import SymflowError, UnsupportedError
from ..core.limits import check_budget
from ..core.model import ODE
from ..core.symbols import VectorSymbol, x_star
from ..core.vectors import FValue, Inner, NablaF, vector_coefficients
from ..numeric.objectives import Objective, specialize
from .derivative import derivative_along
from .function_classes import FunctionClass

__all__ = ["Instance", "candidate_functions", "evaluate", "Counterexample", "refute"]


@dataclass(frozen=True)
class Instance:
    r"""A concrete objective with NumPy callables, minimised at :math:`x^\star = 0`.

    Attributes
    ----------
    name : str
    objective : Objective
        The SymPy expression (for :func:`~symflow.numeric.specialize`).
    mu, L : float
        The class constants it satisfies.
    """

    name: str
    objective: Objective
    mu: float
    L: float
    f: object = field(repr=False, compare=False, default=None)
    grad: object = field(repr=False, compare=False, default=None)
    hess: object = field(repr=False, compare=False, default=None)

    @classmethod
    def build(cls, name: str, expression: Expr, coordinates, mu: float, L: float) -> "Instance":
        """Lambdify ``expression`` with its gradient and Hessian."""
        g = [diff(expression, x) for x in coordinates]
        h = [[diff(gi, x) for x in coordinates] for gi in g]
        f_ = lambdify([coordinates], expression, "numpy")
        g_ = lambdify([coordinates], g, "numpy")
        h_ = lambdify([coordinates], h, "numpy")
        return cls(name, Objective(expression, tuple(coordinates)), mu, L,
                   lambda x: float(f_(x)), lambda x: np.array(g_(x), dtype=float),
                   lambda x: np.array(h_(x), dtype=float))

    @property
    def dimension(self) -> int:
        return self.objective.dimension

    def in_class(self, points, *, tol: float = 1e-9) -> bool:
        """Hessian eigenvalues within ``[mu, L]`` at the given points."""
        for x in points:
            eig = np.linalg.eigvalsh(self.hess(np.asarray(x, dtype=float)))
            if eig.min() < self.mu - tol or eig.max() > self.L + tol:
                return False
        return True


def candidate_functions(mu: float = 0.0, L: float = np.inf, *, d: int = 3, seed: int = 0) -> list:
    r"""Test functions of the class (:math:`\mu`-strongly convex, :math:`L`-smooth) in dimension ``d``.

    Examples
    --------
    >>> [f.name for f in candidate_functions(0.5, 4.0)]
    ['quadratic', 'log-cosh', 'pseudo-huber']
    """
    rng = np.random.default_rng(seed)
    xs = symbols(f"x1:{d + 1}", real=True)
    top = min(L, 10.0 + mu)
    weights = [float(w) for w in rng.uniform(0.2, 1.0, size=d) * (top - mu)]
    quad = [mu + w for w in weights]
    quad[0], quad[-1] = mu if mu > 0 else quad[0], top
    out = [Instance.build("quadratic", Add(*[S(q) / 2 * x ** 2 for q, x in zip(quad, xs)]), xs, mu, top)]
    shift = Add(*[S(mu) / 2 * x ** 2 for x in xs])
    out.append(Instance.build("log-cosh", Add(*[S(w) * log(cosh(x)) for w, x in zip(weights, xs)]) + shift,
                              xs, mu, mu + max(weights)))
    huber = Add(*[S(w) * (sqrt(1 + x ** 2) - 1) for w, x in zip(weights, xs)])
    out.append(Instance.build("pseudo-huber", huber + shift, xs, mu, mu + max(weights)))
    return out


def _vector(expr, instance: Instance, state: dict, values: dict) -> np.ndarray:
    total = np.zeros(instance.dimension)
    for atom, coefficient in vector_coefficients(expr).items():
        c = float(S(coefficient).subs(values))
        total = total + c * _atom(atom, instance, state, values)
    return total


def _atom(atom, instance, state, values):
    if atom in state:
        return np.asarray(state[atom], dtype=float)
    if atom == x_star:
        return np.zeros(instance.dimension)
    if isinstance(atom, NablaF):
        point = _vector(atom.point, instance, state, values)
        if not atom.directions:
            return instance.grad(point)
        if len(atom.directions) == 1:
            return instance.hess(point) @ _vector(atom.directions[0], instance, state, values)
    raise UnsupportedError(f"no numeric value for {atom}")


class _Compiled:
    """A Gram-coordinate scalar compiled for fast numeric evaluation."""

    def __init__(self, expr: Expr, scalars):
        expr = S(expr)
        self.nodes = sorted(expr.atoms(Inner, FValue), key=str)
        self.dummies = [Dummy() for _ in self.nodes]
        self.scalars = list(scalars)
        body = expr.xreplace(dict(zip(self.nodes, self.dummies)))
        self.f = lambdify(self.dummies + self.scalars, body, "numpy")

    def __call__(self, instance, state, values) -> float:
        coordinate = []
        for node in self.nodes:
            if isinstance(node, Inner):
                u, v = (_vector(a, instance, state, values) for a in node.args)
                coordinate.append(float(u @ v))
            else:
                coordinate.append(instance.f(_vector(node.args[0], instance, state, values)))
        return float(self.f(*coordinate, *[values[x] for x in self.scalars]))


def evaluate(expr: Expr, instance: Instance, state: dict, values: dict) -> float:
    r"""A Gram-coordinate scalar for a concrete function and state.

    ``state`` maps vector atoms (``X(t)``, ``X'(t)``) to arrays, ``values``
    maps scalar symbols (``t`` and parameters) to numbers.

    Examples
    --------
    >>> from symflow.core import X, t, norm2, grad
    >>> f = candidate_functions(1.0, 4.0)[0]
    >>> evaluate(norm2(grad(X(t))), f, {X(t): np.zeros(3)}, {t: 1.0})
    0.0
    """
    scalars = sorted((S(expr).free_symbols - {x for x in S(expr).free_symbols if isinstance(x, VectorSymbol)}),
                     key=str)
    return _Compiled(expr, scalars)(instance, state, values)


@dataclass(frozen=True)
class Counterexample:
    r"""A function, parameter values and a state at which :math:`\dot E + \rho E > 0`.

    Attributes
    ----------
    function : Instance
    values : dict
        Time and parameter values.
    state : dict
        ``{X(t): array, X'(t): array}``; :math:`x^\star = 0`.
    derivative : float
        :math:`\dot E + \rho E` there (from the Gram-coordinate derivative).
    times, energies : tuple
        A short trajectory from the state (SciPy) and :math:`e^{\rho (t - t_c)} E` along it.
    increases : bool
        Whether :math:`e^{\rho t} E` increases along that trajectory.
    in_class : bool
        The numeric class check of the function along the trajectory.
    """

    function: Instance
    values: dict
    state: dict
    derivative: float
    times: tuple = ()
    energies: tuple = ()
    increases: bool = False
    in_class: bool = False

    def describe(self) -> str:
        """One paragraph for reports."""
        vectors = list(self.state.values())
        shown = f"X = {np.round(vectors[0], 4).tolist()}"
        if len(vectors) > 1:
            shown += f", X' = {np.round(vectors[1], 4).tolist()}"
        params = ", ".join(f"{k} = {v:.4g}" for k, v in self.values.items())
        return (f"f = {self.function.name} ({self.function.objective.expression}), {params}, "
                f"{shown}, x* = 0: "
                f"dE/dt + rho E = {self.derivative:.6g} > 0; along the ODE from there "
                f"e^(rho t) E goes from {self.energies[0]:.6g} to {self.energies[-1]:.6g}")


def _first_order(ode: ODE, instance: Instance, values: dict):
    equations = specialize(ode, instance.objective)
    d = instance.dimension
    n = ode.order
    comps = [Function(f"{ode.trajectory.__name__}{i + 1}")(ode.time) for i in range(d)]
    state_syms = symbols(f"y0:{d * n}", real=True)
    table = {}
    for j in range(n - 1, -1, -1):
        for i, c in enumerate(comps):
            table[c.diff(ode.time, j) if j else c] = state_syms[j * d + i]
    rhs = [eq.rhs.xreplace(table).subs(values) for eq in equations]
    derivative = list(state_syms[d:]) + rhs
    f = lambdify([ode.time, state_syms], derivative, "numpy")
    return lambda time, y: np.array(f(time, y), dtype=float)


def _state_of(y, d, ode, trajectory):
    state = {trajectory: y[:d]}
    if ode.order >= 2:
        state[Derivative(trajectory, ode.time)] = y[d:2 * d]
    return state


_ERRORS = (ArithmeticError, ValueError, TypeError, KeyError, AttributeError, IndexError, SymflowError)


def _parameter_values(symbols_used, function_class, values, rng, count: int) -> list:
    """Sets of parameter values to try: the given ones, or ``count`` samples in each symbol's domain."""
    if values:
        return [dict(values)]
    names = {"mu": [1.0, 0.5, 2.0], "L": [4.0, 10.0, 2.0]}
    positive = [2.0, 3.0, 5.0, 0.5, 1.5, 4.0, 10.0, 0.25]
    real = [2.0, -1.0, 3.0, 0.5, -3.0, 5.0, -0.5, 1.5]
    out = []
    for j in range(count):
        point = {}
        for x in sorted(symbols_used, key=str):
            pool = names.get(x.name) if x in (function_class.mu, function_class.L) else None
            pool = pool or (positive if x.is_positive else real)
            base = pool[j % len(pool)]
            point[x] = base if j < len(pool) else float(base * rng.uniform(0.8, 1.25))
        out.append(point)
    return out


def refute(energy: Expr, ode: ODE, function_class: FunctionClass, *, rate: Expr = S.Zero,
           values: dict | None = None, d: int = 3, samples: int = 200, seed: int = 0, tries: int = 4):
    r"""A checked counterexample to :math:`\dot E + \rho E \le 0`, or None if none was found.

    Parameters
    ----------
    values : dict, optional
        Values of the symbolic parameters. By default ``tries`` sets of values
        are sampled in each symbol's domain (positive symbols positive, others
        of both signs); a free symbol is never read as 1.
    d : int
        Dimension of the test functions.
    samples : int
        Random states tried per test function.
    tries : int
        How many sets of parameter values to try.

    None means "no counterexample found", not "the claim holds". A returned
    counterexample states its parameter values; it is checked (``increases``
    and ``in_class``) only when integration from its state confirms it.

    Examples
    --------
    >>> from symflow.core import ODE, X, t, x_star, grad, norm2, r
    >>> from symflow.lyapunov import f_gap, convex
    >>> E = t**2 * f_gap() + (r - 1) / 2 * norm2(X(t) + t / (r - 1) * X(t).diff(t) - x_star)
    >>> found = refute(E, ODE(-r / t * X(t).diff(t) - grad(X(t)), 2), convex())
    >>> found.increases, found.values["r"] != 1.0
    (True, True)
    """
    time = ode.time
    trajectory = ode.trajectory(time)
    target = derivative_along(energy, ode) + S(rate) * energy
    symbols_used = (S(target).free_symbols | S(energy).free_symbols | S(ode.start).free_symbols
                    | S(ode.rhs).free_symbols | S(function_class.mu).free_symbols
                    | S(function_class.L).free_symbols) - {time}
    symbols_used = {x for x in symbols_used if not isinstance(x, VectorSymbol)}
    rng = np.random.default_rng(seed)
    scalars = sorted(symbols_used | {time}, key=str)
    try:
        compiled_target, compiled_energy = _Compiled(target, scalars), _Compiled(energy, scalars)
    except _ERRORS:
        return None
    unchecked = None
    for point_values in _parameter_values(symbols_used, function_class, values, rng, tries):
        check_budget("searching for a counterexample")
        found = _search(energy, ode, function_class, rate, point_values, compiled_target, compiled_energy,
                        d, samples, seed, rng, trajectory)
        if found is None:
            continue
        if found.increases and found.in_class:
            return found
        unchecked = unchecked or found
    return unchecked


def _search(energy, ode, function_class, rate, values, compiled_target, compiled_energy, d, samples, seed, rng,
            trajectory):
    from scipy.integrate import solve_ivp

    time = ode.time
    try:
        mu_value = float(S(function_class.mu).subs(values))
        L_value = float(S(function_class.L).subs(values)) if function_class.L != S.Infinity else np.inf
        t0 = float(S(ode.start).subs(values))
        rho = float(S(rate).subs(values))
    except _ERRORS:
        return None
    if not (np.isfinite(mu_value) and np.isfinite(t0) and np.isfinite(rho)) or mu_value < 0 or L_value <= mu_value:
        return None
    best = None
    with np.errstate(all="ignore"):
        for instance in candidate_functions(mu_value, L_value, d=d, seed=seed):
            for _ in range(samples):
                check_budget("searching for a counterexample")
                X_ = rng.normal(size=d) * rng.choice([0.3, 1.0, 3.0, 10.0])
                V_ = rng.normal(size=d) * rng.choice([0.0, 0.3, 1.0, 3.0])
                tc = t0 + float(rng.choice([0.5, 1.0, 2.0, 5.0]))
                y = np.concatenate([X_, V_]) if ode.order >= 2 else X_
                state = _state_of(y, d, ode, trajectory)
                point = {**values, time: tc}
                try:
                    value = compiled_target(instance, state, point)
                    scale = 1 + abs(compiled_energy(instance, state, point)) * abs(rho) if rate != 0 else 1
                except _ERRORS:
                    continue
                if not (np.isfinite(value) and np.isfinite(scale)):
                    continue
                if value > 1e-6 * scale and (best is None or value / scale > best[0]):
                    best = (value / scale, instance, tc, y, value)
            if best is not None:
                break
    if best is None:
        return None
    _, instance, tc, y, value = best
    horizon = 1e-2
    times = np.linspace(tc, tc + horizon, 6)
    try:
        with np.errstate(all="ignore"):
            rhs = _first_order(ode, instance, values)
            sol = solve_ivp(rhs, (tc, tc + horizon), y, rtol=1e-11, atol=1e-13, dense_output=True)
            if not sol.success:
                return None
            energies = [float(np.exp(rho * (tk - tc))) * compiled_energy(
                instance, _state_of(sol.sol(tk), d, ode, trajectory), {**values, time: tk}) for tk in times]
            in_class = instance.in_class([sol.sol(tk)[:d] for tk in times] + [np.zeros(d)])
    except _ERRORS:
        return None
    increases = all(np.isfinite(e) for e in energies) and all(b > a for a, b in zip(energies, energies[1:]))
    return Counterexample(instance, {str(k): float(v) for k, v in {**values, time: tc}.items()},
                          _state_of(y, d, ode, trajectory), value, tuple(times), tuple(energies),
                          bool(increases), bool(in_class))
