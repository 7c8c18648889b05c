r"""The continuous limit of a method with state sequences: a system of ODEs, with a dominant balance over the step, weight and amplitude exponents.

For an :class:`~symflow.core.adaptive_method.AdaptiveMethod` (RMSProp, Adam, ...) every sequence is a
state: :math:`x_k = X(t)`, :math:`v_k = V(t)`, :math:`m_k = M(t)`, :math:`t = (k + c)\delta`. Each
averaging weight :math:`\beta_j` is written :math:`\beta_j = 1 - \eta_j` and scaled as
:math:`\eta_j = b_j s^{c_j}`, with :math:`\delta = s^a`. The updates are expanded in
:math:`\mathbb{R}^d` directly — coordinate-wise functions have diagonal derivatives,
:math:`(B + h)^{\odot p} = \sum_n \binom{p}{n} B^{\odot(p-n)}\odot h^{\odot n}`, and
:math:`\nabla f(X + h) = \sum_n \tfrac1{n!}\nabla^{n+1}f(X)[h, \dots, h]` — so no one-dimensional model
and no lift are needed.

Dominant balance (derived here). Besides :math:`\delta = s^a` and :math:`\eta_j = b_j s^{c_j}`, each
auxiliary sequence has an amplitude: :math:`y_k = s^{-p_y} Y(t)` (AdaGrad's accumulator
:math:`v_{k+1} = v_k + \nabla f\odot\nabla f` grows like :math:`k`, the SGD-style momentum
:math:`m_{k+1} = \beta m_k + \nabla f` like :math:`1/(1-\beta)`). A term :math:`\delta^m s^q \eta_j^r`
of a sequence of amplitude :math:`s^{-p}` has size :math:`s^{am + q + c_j r - p}`, linear in the
unknowns. The balance asks that every update have each class of its terms — the derivative of its
state, the state's own terms (:math:`-\eta V`), the drive (the gradient and the other states) — at
its leading size: linear equations in :math:`(a, c_j, p_y)`, solved exactly
(:func:`system_balance`). Each weight is then classified over :math:`c_j \ge 0`: **balanced** (every
class: an ODE for the state), **static** (no derivative: the state tracks an algebraic target and is
eliminated), **vacuous** (no drive: the state does not feel the gradient), **undamped** (derivative
and drive without the decay). Time-dependent weights such as the bias corrections
:math:`1 - \beta^{k+1}` are read as :math:`O(1)` in this search and expanded exactly afterwards
(:math:`\beta^{t/\delta} \to e^{-bt}` when :math:`c = a`; :math:`\to 0` when :math:`c < a`).

Examples
--------
>>> from symflow.methods import rmsprop
>>> from symflow.core import X, V, t, grad, text
>>> lim = system_limit(rmsprop())
>>> lim.exponent, lim.decays
(1, ((beta, 1),))
>>> print(text(lim.system.display))
(Ẋ, V̇) = (- ∇f(X)/(√V + ε), - b V + b ∇f(X)⊙∇f(X))
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from math import lcm

from sympy import (
    Derivative,
    Eq,
    Expr,
    Integer,
    Pow,
    Rational,
    Symbol,
    binomial,
    cancel,
    expand,
    factorial,
    linsolve,
    oo,
)

from ..core.adaptive_method import AdaptiveMethod
from ..core.coordinatewise import (
    ADAPTIVE_SCALARS,
    CoordPower,
    Hadamard,
    coordinate_power,
    decay_a,
    decay_b,
    hadamard,
    ones,
)
from ..core.derivation import Derivation, Step
from ..core.errors import DegenerateLimitError, UnsupportedError
from ..core.limits import check_budget
from ..core.model import Method
from ..core.ode_system import ODESystem
from ..core.symbols import AppliedVector, VectorSymbol, delta, k, s, sequence_shift, sigma, t, vector_function
from ..core.vectors import NablaF, combine, linearize, vector_coefficients
from .balance import Regime
from .taylor import GridScaling, coefficient_series, step_root_degree

__all__ = ["SystemLimit", "SystemBalance", "state_function", "decay_constant", "system_balance", "system_limit",
           "substitute_states"]


def state_function(name: str):
    """The state variable of a sequence: ``x`` → ``X``, ``v`` → ``V``, ``m`` → ``M``.

    Examples
    --------
    >>> state_function("m")(t)
    M(t)
    """
    return vector_function(name.upper())


def decay_constant(weight: Symbol) -> Symbol:
    r"""The constant :math:`b` of :math:`1 - \beta = b s^c`: ``a`` for :math:`\beta_1`, ``b`` otherwise.

    Examples
    --------
    >>> from symflow.core.coordinatewise import beta1
    >>> decay_constant(beta1)
    a
    """
    return decay_a if weight == ADAPTIVE_SCALARS["beta1"] else decay_b


# --------------------------------------------------------------------------- series of vectors

def _clean(expr: Expr) -> Expr:
    coefficients = {atom: expand(c) for atom, c in vector_coefficients(expr).items()}
    return combine({a: c for a, c in coefficients.items() if c != 0})


def _within(key, box) -> bool:
    return all(e <= b for e, b in zip(key, box))


def _vadd(a: dict, b: dict) -> dict:
    out = dict(a)
    for key, v in b.items():
        out[key] = out.get(key, Integer(0)) + v
    return out


def _product(a: dict, b: dict, box, multiply) -> dict:
    out: dict = {}
    for ka, va in a.items():
        check_budget("multiplying the series of a system")
        for kb, vb in b.items():
            key = tuple(x + y for x, y in zip(ka, kb))
            if _within(key, box):
                out[key] = out.get(key, Integer(0)) + multiply(va, vb)
    return {key: v for key, v in ((key, _clean(v)) for key, v in out.items()) if v != 0}


@dataclass(frozen=True)
class _Expansion:
    """How the small variables enter: ``scaling`` for the coefficients, ``delta_key`` for the shifts."""

    scaling: GridScaling
    decays: dict          # weight symbol -> what it becomes (1 - eta, or 1 - b sigma^gamma, or kept)
    vanishing: frozenset  # weights whose k-th powers vanish beyond all orders
    amplitudes: dict = None  # sequence name -> key of its amplitude (y_k = (that power) * Y(t))

    @property
    def width(self) -> int:
        return len(self.scaling.variables)

    def zero(self) -> tuple:
        return (0,) * self.width

    def scalar(self, c: Expr, box) -> dict:
        c = c.replace(lambda e: isinstance(e, Pow) and e.base in self.vanishing and e.exp.has(k),
                      lambda e: Integer(0))
        c = c.xreplace(self.decays)
        return dict(coefficient_series(c, self.scaling, tuple(box)))

    def vector(self, expr: Expr, box) -> dict:
        total: dict = {}
        for atom, c in vector_coefficients(expr).items():
            check_budget("expanding the updates of a system")
            a = self.scalar(c, box)
            low = tuple(min((key[i] for key in a), default=0) for i in range(self.width))
            inner = tuple(b - min(e, 0) for b, e in zip(box, low))
            total = _vadd(total, _product({key: v for key, v in a.items()}, self.atom(atom, inner), box,
                                          lambda x, y: x * y))
        return {key: v for key, v in ((key, _clean(v)) for key, v in total.items()) if v != 0}

    def atom(self, atom: Expr, box) -> dict:
        if isinstance(atom, AppliedVector):
            return self.shift(atom, box)
        if atom == ones or isinstance(atom, VectorSymbol):
            return {self.zero(): atom}
        if isinstance(atom, NablaF) and not atom.directions:
            return self.gradient(atom.point, box)
        if isinstance(atom, Hadamard):
            out = {self.zero(): ones}
            for factor in atom.args:
                out = _product(out, self.atom(factor, box), box, hadamard)
            return out
        if isinstance(atom, CoordPower):
            return self.power(atom.base, atom.exponent, box)
        raise UnsupportedError(f"cannot expand {atom}: only sequence terms, gradients and coordinate-wise "
                               "operations on them are supported")

    def shift(self, term: Expr, box) -> dict:
        j = sequence_shift(term)
        state = state_function(term.func.__name__)(t)
        powers = self.scaling.delta_powers
        amplitude = (self.amplitudes or {}).get(term.func.__name__, self.zero())
        out = {}
        n = 0
        while True:
            key = tuple(int(e * n) + z for e, z in zip(powers, amplitude))
            if not _within(key, box):
                return out
            value = state if n == 0 else Rational(j) ** n / factorial(n) * Derivative(state, (t, n))
            if value != 0:
                out[key] = out.get(key, Integer(0)) + value
            n += 1
            if n > 40:
                raise UnsupportedError("the Taylor expansion of the iterates does not terminate")

    def gradient(self, point: Expr, box) -> dict:
        p = self.vector(point, box)
        zero = self.zero()
        base = p.pop(zero, None)
        if base is None:
            raise UnsupportedError(f"the gradient is evaluated at {point}, which tends to zero with the step")
        out = {zero: NablaF(base)}
        power = {zero: ()}  # key -> list of (coefficient, directions)
        terms = {zero: [(Integer(1), ())]}
        n = 0
        while terms:
            n += 1
            check_budget("expanding a gradient at a shifted point")
            nxt: dict = {}
            for ka, items in terms.items():
                for kb, h in p.items():
                    key = tuple(x + y for x, y in zip(ka, kb))
                    if _within(key, box):
                        nxt.setdefault(key, []).extend((c, dirs + (h,)) for c, dirs in items)
            terms = nxt
            for key, items in terms.items():
                value = sum((c * linearize(NablaF(base, *dirs)) for c, dirs in items), Integer(0))
                out[key] = out.get(key, Integer(0)) + value / factorial(n)
            if n > 40:
                raise UnsupportedError("the expansion of a gradient does not terminate")
        del power
        return {key: v for key, v in ((key, _clean(v)) for key, v in out.items()) if v != 0}

    def power(self, base: Expr, exponent, box) -> dict:
        b = self.vector(base, box)
        if not b:
            raise UnsupportedError(f"the coordinate-wise power {exponent} of {base}, which vanishes")
        low = min(b, key=lambda key: (sum(key), key))
        if any(x * exponent != int(x * exponent) for x in low):
            raise UnsupportedError(f"{base} raised to {exponent} is not a power series in the step size")
        b0 = b.pop(low)
        rest = {tuple(x - y for x, y in zip(key, low)): v for key, v in b.items()}
        shift = tuple(int(x * exponent) for x in low)
        inner = tuple(bb - sh for bb, sh in zip(box, shift))
        out = {self.zero(): coordinate_power(b0, exponent)}
        h_power = {self.zero(): ones}
        n = 0
        while True:
            n += 1
            check_budget("expanding a coordinate-wise power")
            h_power = _product(h_power, rest, inner, hadamard)
            if not h_power or n > 40:
                break
            lead = binomial(exponent, n) * coordinate_power(b0, exponent - n)
            for key, v in h_power.items():
                out[key] = out.get(key, Integer(0)) + hadamard(lead, v)
        return {tuple(x + y for x, y in zip(key, shift)): _clean(v) for key, v in out.items() if _clean(v) != 0}


# --------------------------------------------------------------------------- balance

def _kind_of(atom, state) -> str:
    if isinstance(atom, Derivative) and atom.expr == state:
        return "derivative"
    return "own" if atom.has(state) else "drive"


def _points(series: dict, state, *, primary: bool = False) -> dict:
    r"""``{class: set of keys}``: where the derivatives of ``state``, the other terms in ``state`` and the drive occur.

    For the primary update every term that is not a derivative of its state counts as its drive
    (:math:`\nabla f(X)` is what moves :math:`X`).
    """
    points = {"derivative": set(), "own": set(), "drive": set()}
    for key, value in series.items():
        for atom, c in vector_coefficients(value).items():
            if cancel(c) != 0:
                kind = _kind_of(atom, state)
                points["drive" if primary and kind == "own" else kind].add(key)
    return points


def _classify(points: dict, size) -> str:
    r"""The kind of the leading-order equation of an update.

    ``balanced``: every class of terms the update has is at the leading size; ``undamped``: the
    derivative and the drive, without the state's own term (:math:`\dot M` = drive); ``static``: no
    derivative (the state tracks its target); ``vacuous``: no drive (the state does not feel the
    gradient: frozen, or decaying on its own).
    """
    everything = [pt for pts in points.values() for pt in pts]
    lowest = min(size(pt) for pt in everything)
    present = {kind for kind, pts in points.items() if any(size(pt) == lowest for pt in pts)}
    if "derivative" not in present:
        return "static"
    if "drive" not in present:
        return "vacuous"
    return "balanced" if present == {kind for kind, pts in points.items() if pts} else "undamped"


def _regimes(points: dict, size_at) -> tuple:
    """Regimes over an exponent e >= 0 when sizes are linear in e: ``size_at(e)(pt)``."""
    everything = [pt for pts in points.values() for pt in pts]
    breaks = set()
    for i, p1 in enumerate(everything):
        for p2 in everything[i + 1:]:
            f1, f2 = size_at(Integer(0)), size_at(Integer(1))
            slope = (f1(p1) - f2(p1)) - (f1(p2) - f2(p2))
            if slope != 0:
                e = (f1(p2) - f1(p1)) / (-slope)
                if e >= 0:
                    breaks.add(Rational(e))
    edges = sorted(breaks | {Integer(0)})
    probes = []
    for lo, hi in zip(edges, edges[1:] + [oo]):
        if lo == edges[0]:
            probes.append((lo, lo, lo))
        inside = (lo + hi) / 2 if hi != oo else lo + 1
        probes.append((lo, hi, inside))
        if hi != oo:
            probes.append((hi, hi, hi))
    out = []
    for lo, hi, e in probes:
        kind = _classify(points, size_at(e))
        if out and out[-1].kind == kind and out[-1].high == lo:
            out[-1] = Regime(out[-1].low, hi, kind)
        else:
            out.append(Regime(lo, hi, kind))
    return tuple(out)


@dataclass(frozen=True)
class SystemBalance:
    r"""The dominant balance of a method with states: :math:`\delta = s^a`, the amplitudes, and the regimes of each weight.

    Attributes
    ----------
    exponent : Rational
        The balanced :math:`a`.
    primary_regimes : tuple of Regime
        The kinds of the primary update over :math:`a` (at the balanced amplitudes).
    decay_regimes : dict
        ``{weight: tuple of Regime}`` over :math:`c` in :math:`1 - \beta = b s^c` (at the balanced
        :math:`a` and amplitudes).
    root_degree : int
    amplitudes : dict
        ``{sequence: p}``: the auxiliary sequence is :math:`y_k = s^{-p}\,Y(t)` (:math:`p = 0`: of order one).
    decays : dict
        ``{weight: c}``: the exponent of :math:`1 - \beta = b s^c` at which every class of terms balances.
    """

    exponent: Rational
    primary_regimes: tuple
    decay_regimes: dict
    root_degree: int
    amplitudes: dict = None
    decays: dict = None

    def balanced_decay(self, weight) -> Rational:
        """The exponent :math:`c` at which the weight's state is balanced (an ODE of its own)."""
        if self.decays and weight in self.decays:
            return self.decays[weight]
        found = [reg.low for reg in self.decay_regimes[weight] if reg.kind == "balanced" and reg.low == reg.high]
        if len(found) != 1:
            raise DegenerateLimitError(f"no single exponent c in 1 - {weight} = b s^c balances the update")
        return found[0]


def _weights(method: Method) -> list:
    named = set(ADAPTIVE_SCALARS.values()) - {ADAPTIVE_SCALARS["eps"]}
    return [p for p in method.parameters if p in named]


def _residual(eq: Eq) -> Expr:
    return eq.lhs - eq.rhs


def _owner(eq: Eq, weights: list):
    """The weight of an update (the one that occurs in it), or None."""
    found = [w for w in weights if eq.rhs.has(w)]
    return found[0] if len(found) == 1 else None


def _amplitude_root(method: Method) -> int:
    r""":math:`R` such that an amplitude :math:`s^{-p}` is written :math:`\zeta^{-R}` with every coordinate-wise power a power series in :math:`\zeta`."""
    n = 2
    for eq in method.updates:
        for atom in eq.rhs.atoms(CoordPower):
            n = lcm(n, int(atom.exponent.q))
    return n


#: the most choices of leading terms the balance of a system tries
_MAX_CANDIDATES = 20000


def _pareto(keys) -> list:
    """The keys not dominated coordinate by coordinate (their sizes are the only candidates for a minimum)."""
    keys = sorted(set(keys))
    return [p for p in keys if not any(q != p and all(x <= y for x, y in zip(q, p)) for q in keys)]


def _full_balance(updates: list, size, unknowns: list) -> list:
    r"""Every point of the unknowns (:math:`a > 0`, the others :math:`\ge 0`) at which each update has every class of its terms at its leading size.

    ``updates`` is a list of ``{class: keys}``; ``size(key)`` is linear in ``unknowns``. Each candidate
    takes one key of each class of each update (after discarding dominated keys), equates the sizes
    within each update and solves; it is kept when the solution is unique, in range, and the chosen
    keys are indeed the smallest.
    """
    choices = [[(i, cls, pts) for cls, pts in points.items() if pts] for i, points in enumerate(updates)]
    slots = [(i, _pareto(pts)) for row in choices for i, cls, pts in row]
    total = 1
    for _, keys in slots:
        total *= len(keys)
    if total > _MAX_CANDIDATES:
        raise UnsupportedError(f"the dominant balance has {total} candidate choices of leading terms "
                               f"(more than {_MAX_CANDIDATES}): impose the scaling (decays, amplitudes, exponent)")
    found = []
    for picked in product(*[keys for _, keys in slots]):
        check_budget("solving the dominant balance of a system")
        equations = []
        first = {}
        for (i, _), key in zip(slots, picked):
            if i in first:
                equations.append(size(key) - size(first[i]))
            else:
                first[i] = key
        solutions = linsolve(equations, unknowns) if equations else None
        if not solutions:
            continue
        (values,) = solutions
        if any(v.free_symbols for v in values):
            continue
        point = dict(zip(unknowns, values))
        if not (point[unknowns[0]] > 0 and all(v >= 0 for v in values)):
            continue
        ok = True
        for points in updates:
            sizes = {cls: min(size(pt).xreplace(point) for pt in pts) for cls, pts in points.items() if pts}
            if len(set(sizes.values())) != 1:
                ok = False
                break
        if ok and point not in found:
            found.append(point)
    return found


def system_balance(method: Method, *, offset=Integer(0), decays=None) -> SystemBalance:
    r"""Find :math:`a` in :math:`\delta = s^a`, the amplitude of every auxiliary sequence, and classify every averaging weight.

    Unknowns (derived here): :math:`\delta = s^a`; :math:`y_k = s^{-p_y} Y(t)` for each auxiliary
    sequence (an accumulator such as AdaGrad's :math:`v_k = v_{k-1} + \nabla f\odot\nabla f` grows
    with :math:`k`); :math:`1 - \beta_j = b_j s^{c_j}` for each averaging weight. A term
    :math:`\delta^m s^q (1-\beta_j)^r \zeta_y^{z}` has size :math:`am + q + c_j r + p_y z/R` (linear in
    the unknowns). The balance asks that every update have each class of its terms — the
    derivative of its state, the state's own terms, the drive by the other states and the gradient —
    at its leading size; the unknowns solve these linear equations (one candidate per choice of
    leading terms, kept only when it is the unique solution and the chosen terms are the smallest).
    Each weight is then classified over :math:`c_j \ge 0` at the balanced :math:`a` and amplitudes.

    With ``decays = {weight: c}`` imposed, those exponents are fixed and the update a fixed weight
    owns need only be *driven*: its drive and at least one of its other classes at the leading size
    (with :math:`\beta` fixed the state may track its target instead of obeying an ODE).

    Examples
    --------
    >>> from symflow.methods import rmsprop, adagrad
    >>> from symflow.core.coordinatewise import beta
    >>> b = system_balance(rmsprop())
    >>> [(str(r.low), str(r.high), r.kind) for r in b.decay_regimes[beta]]
    [('0', '1', 'static'), ('1', '1', 'balanced'), ('1', 'oo', 'vacuous')]
    >>> b = system_balance(adagrad())
    >>> b.exponent, b.amplitudes
    (2, {'v': 2})
    """
    weights = _weights(method)
    etas = [Symbol(f"eta_{w}", positive=True) for w in weights]
    auxiliary = [name for name in method.sequences if name != method.primary]
    zetas = [Symbol(f"zeta_{name}", positive=True) for name in auxiliary]
    n_root = step_root_degree([eq.rhs for eq in method.updates])
    r_amp = _amplitude_root(method)
    variables = (delta, sigma) + tuple(etas) + tuple(zetas)
    box = (3, 2 * n_root) + (2,) * len(etas) + (2 * r_amp,) * len(zetas)
    width = len(variables)
    scaling = GridScaling(variables, (Integer(1),) + (Integer(0),) * (width - 1),
                          step=sigma ** n_root, offset=offset)
    bias = frozenset(weights)
    amplitude_keys = {}
    for j, name in enumerate(auxiliary):
        key = [0] * width
        key[2 + len(etas) + j] = -r_amp
        amplitude_keys[name] = tuple(key)
    expansion = _Expansion(scaling, {w: 1 - e for w, e in zip(weights, etas)}, frozenset(), amplitude_keys)
    primary = next(eq for eq in method.updates if eq.lhs.func.__name__ == method.primary)

    def strip(eq):  # bias corrections read as O(1) in the search
        return eq.rhs.replace(lambda e: isinstance(e, Pow) and e.base in bias and e.exp.has(k),
                              lambda e: Integer(0))

    A = Symbol("a_delta")
    C = [Symbol(f"c_{w}") for w in weights]
    P = [Symbol(f"p_{name}") for name in auxiliary]

    def size(pt):
        return (A * pt[0] + Rational(pt[1], n_root) + sum((c * e for c, e in zip(C, pt[2:])), Integer(0))
                + sum((p * Rational(z, r_amp) for p, z in zip(P, pt[2 + len(etas):])), Integer(0)))

    series = expansion.vector(primary.lhs - strip(primary), box)
    state = state_function(method.primary)(t)
    points = _points(series, state, primary=True)
    if not points["drive"] or not points["derivative"]:
        raise DegenerateLimitError(f"method {method.name!r}: the update of {method.primary} has no "
                                   "gradient-driven motion to balance")
    updates = [points]
    owners = {}
    for eq in method.updates:
        if eq is primary:
            continue
        name = eq.lhs.func.__name__
        owners[name] = _owner(eq, weights)
        aux = expansion.vector(eq.lhs - strip(eq), box)
        pts = _points(aux, state_function(name)(t))
        if not pts["derivative"] or not pts["drive"]:
            raise DegenerateLimitError(f"method {method.name!r}: the update of {name} has "
                                       "no derivative and drive to balance")
        updates.append(pts)
    # a weight that occurs in no auxiliary update of its own is not an unknown of the balance
    imposed = {w: Rational(c) for w, c in (decays or {}).items() if w in owners.values()}
    free_weights = [w for w in weights if w in owners.values() and w not in imposed]
    unknowns = [A] + [C[weights.index(w)] for w in free_weights] + P
    fixed = {C[i]: imposed.get(w, Integer(0)) for i, w in enumerate(weights) if w not in free_weights}
    required = [updates[0]]
    for name, pts in zip(owners, updates[1:]):
        if owners[name] in imposed:  # driven: the drive and the state's derivative or own terms
            required.append({"drive": pts["drive"], "state": pts["derivative"] | pts["own"]})
        else:
            required.append(pts)
    solutions = _full_balance(required, lambda pt: size(pt).xreplace(fixed), unknowns)
    if len(solutions) != 1:
        words = "no scaling" if not solutions else f"{len(solutions)} scalings"
        raise DegenerateLimitError(
            f"method {method.name!r}: {words} of delta = s^a, the amplitudes of "
            f"{', '.join(auxiliary) or 'no sequence'} and the weights balance every update")
    point = {**fixed, **solutions[0]}
    a = point[A]
    amplitudes = {name: point[p] for name, p in zip(auxiliary, P)}
    decays = {w: point[C[i]] for i, w in enumerate(weights) if w in owners.values()}

    def size_primary(value):
        return lambda pt: size(pt).xreplace({**point, A: value})

    primary_regimes = _regimes(points, size_primary)
    decay_regimes = {}
    for name, pts in zip([n for n in owners], updates[1:]):
        w = owners[name]
        if w is None:
            continue

        def size_aux(c, w=w):
            return lambda pt: size(pt).xreplace({**point, C[weights.index(w)]: c})

        decay_regimes[w] = _regimes(pts, size_aux)
    return SystemBalance(a, primary_regimes, decay_regimes, n_root, amplitudes, decays)


# --------------------------------------------------------------------------- the system at a scaling

@dataclass(frozen=True)
class SystemLimit:
    r"""A derived system of ODEs with how it was derived.

    Attributes
    ----------
    method : Method
    system : ODESystem
    exponent : Rational
        :math:`a` in :math:`\delta = s^a`.
    decays : tuple
        ``((weight, c), ...)``: :math:`1 - \beta = b s^c` used (``c = 0``: the weight is fixed).
    balance : SystemBalance
    kinds : dict
        ``{state: "balanced" | "static" | "vacuous"}`` at this scaling.
    steps : tuple of Step
    offset : Rational
        :math:`c` of :math:`t = (k + c)\delta`.
    amplitudes : tuple
        ``((sequence, p), ...)``: :math:`y_k = s^{-p} Y(t)` (``p = 0``: the sequence is of order one).
    """

    method: Method
    system: ODESystem
    exponent: Rational
    decays: tuple
    balance: SystemBalance
    kinds: dict
    steps: tuple
    offset: Rational = Integer(0)
    amplitudes: tuple = ()

    @property
    def weights(self) -> dict:
        r"""``{weight: value}``: each averaging weight as this scaling sets it, :math:`1 - b s^c` (itself when fixed).

        What a run of the method at step size :math:`s` must use for its limit to be this system.

        Examples
        --------
        >>> from symflow.methods import rmsprop
        >>> system_limit(rmsprop()).weights
        {beta: -b*s + 1}
        """
        return {w: (1 - decay_constant(w) * s ** c if c > 0 else w) for w, c in self.decays}

    @property
    def derivation(self) -> Derivation:
        """The result as a :class:`~symflow.core.Derivation`."""
        return Derivation(self.method.name, self.steps, self.system, title=self.method.description,
                          source=self.method.source)


def _highest(expr: Expr, state):
    orders = [a.derivative_count for a in vector_coefficients(expr)
              if isinstance(a, Derivative) and a.expr == state]
    return max(orders, default=0)


def _leading(series: dict, width: int):
    keys = sorted(series)
    for key in keys:
        value = series[key]
        if any(cancel(c) != 0 for c in vector_coefficients(value).values()):
            return key, value
    return None, None


def system_limit(method: Method, *, decays=None, amplitudes=None, exponent=None, offset=0,
                 balance: SystemBalance | None = None) -> SystemLimit:
    r"""Derive the system of ODEs that models a method with state sequences.

    Parameters
    ----------
    method : Method
        An :class:`~symflow.core.adaptive_method.AdaptiveMethod` (or any method given in explicit form,
        one update per sequence).
    decays : mapping, optional
        ``{weight: c}``: impose :math:`1 - \beta = b s^c` (``c = 0`` keeps :math:`\beta` fixed); by
        default each weight takes its balanced exponent.
    amplitudes : mapping, optional
        ``{sequence: p}``: impose :math:`y_k = s^{-p} Y(t)`; by default the balanced amplitudes, or
        ``0`` for every sequence when ``decays`` or ``exponent`` is imposed.
    exponent : Rational, optional
        Impose :math:`\delta = s^a` (by default the balanced :math:`a`).
    offset : Rational
        :math:`c` of :math:`t = (k + c)\delta`.

    Raises
    ------
    DegenerateLimitError
        If the primary state does not move at leading order.
    UnsupportedError
        If a static relation cannot be solved for its state.

    Examples
    --------
    >>> from symflow.methods import rmsprop, adagrad
    >>> from symflow.core.coordinatewise import beta
    >>> from symflow.core import text
    >>> fixed = system_limit(rmsprop(), decays={beta: 0})
    >>> print(text(fixed.system.rhs("X")))
    - ∇f(X)/(|∇f(X)| + ε)
    >>> lim = system_limit(adagrad())
    >>> lim.exponent, lim.amplitudes
    (2, (('v', 2),))
    >>> print(text(lim.system.display))
    (Ẋ, V̇) = (- ∇f(X)/√V, ∇f(X)⊙∇f(X))
    """
    offset = Rational(offset)
    if not isinstance(method, AdaptiveMethod):
        method = AdaptiveMethod(method.name, method.sequences, method.updates, parameters=method.parameters,
                                step_size=method.step_size, initial=method.initial, start=method.start,
                                description=method.description, source=method.source)
    balance = balance or system_balance(method, offset=offset)
    weights = _weights(method)
    imposed = bool(decays) or exponent is not None
    scaled = balance
    if decays and exponent is None and amplitudes is None:
        try:  # the balance with these weights fixed: it sets a and the amplitudes
            scaled = system_balance(method, offset=offset, decays=decays)
            imposed = False
        except DegenerateLimitError:  # none: keep a of the full balance, every amplitude 0
            scaled = balance
    chosen = {}
    for w in weights:
        if w in balance.decay_regimes:
            chosen[w] = Rational((decays or {}).get(w, scaled.balanced_decay(w)))
    a = Rational(exponent) if exponent is not None else scaled.exponent
    if a <= 0:
        raise DegenerateLimitError(f"method {method.name!r}: delta = s^a needs a > 0, not a = {a}")
    auxiliary = [name for name in method.sequences if name != method.primary]
    default = {} if imposed else dict(scaled.amplitudes or {})
    given = dict(amplitudes or {})
    unknown = sorted(set(given) - set(auxiliary))
    if unknown:
        raise UnsupportedError(f"method {method.name!r} has no auxiliary sequence {', '.join(unknown)} "
                               f"(its auxiliary sequences: {', '.join(auxiliary) or 'none'})")
    amps = {name: Rational(given.get(name, default.get(name, 0))) for name in auxiliary}
    r_amp = _amplitude_root(method)
    n = lcm(balance.root_degree, int(a.q), *[int(c.q) for c in chosen.values()],
            *[int((p / r_amp).q) * r_amp for p in amps.values() if p != 0])
    alpha = int(a * n)
    replacements = {w: 1 - decay_constant(w) * sigma ** int(c * n) for w, c in chosen.items() if c > 0}
    vanishing = frozenset(w for w, c in chosen.items() if c < a)
    scaling = GridScaling((sigma,), (Integer(alpha),), step=sigma ** n, offset=offset)
    expansion = _Expansion(scaling, replacements, vanishing,
                           {name: (-int(p * n),) for name, p in amps.items() if p != 0})
    box = (alpha + max([int(c * n) for c in chosen.values()] + [n]) + 2,)
    leading = {}
    kinds = {}
    for eq in method.updates:
        name = eq.lhs.func.__name__
        state = state_function(name)(t)
        series = expansion.vector(_residual(eq), box)
        key, value = _leading(series, 1)
        if key is None:
            raise DegenerateLimitError(f"method {method.name!r}: the update of {name} vanishes to the order "
                                       "symflow expands")
        order = _highest(value, state)
        others = {atom for atom in vector_coefficients(value)
                  if not (isinstance(atom, Derivative) and atom.expr == state)}
        kinds[name] = "balanced" if order and others else "vacuous" if order else "static"
        leading[name] = (value, order)
    if kinds[method.primary] != "balanced":
        raise DegenerateLimitError(f"method {method.name!r}: at this scaling the update of {method.primary} "
                                   f"is {kinds[method.primary]}")
    relations = {}
    for name, (value, order) in leading.items():
        if kinds[name] == "static":
            state = state_function(name)(t)
            coefficients = vector_coefficients(value)
            lead = coefficients.pop(state, Integer(0))
            if lead == 0 or any(atom.has(state) for atom in coefficients):
                raise UnsupportedError(f"method {method.name!r}: the state {name.upper()} is static but its "
                                       f"relation {value} = 0 cannot be solved for it")
            relations[state] = _clean(combine({x: -c / lead for x, c in coefficients.items()}))
    for _ in range(len(relations)):  # a static state's target may use another static state (M = grad f/(sqrt V + eps))
        relations = {state: _substitute(value, relations) for state, value in relations.items()}
    equations = []
    for name, (value, order) in leading.items():
        if kinds[name] == "static":
            continue
        state = state_function(name)(t)
        highest = Derivative(state, (t, order))
        coefficients = vector_coefficients(value)
        lead = coefficients.pop(highest)
        rhs = combine({x: -c / lead for x, c in coefficients.items()})
        rhs = _clean(_substitute(rhs, relations)) if kinds[name] == "balanced" else Integer(0)
        equations.append(Eq(highest, rhs))
    primary_first = sorted(equations, key=lambda e: e.lhs.expr.func.__name__ != method.primary.upper())
    system = ODESystem(tuple(primary_first), tuple(Eq(k_, v_) for k_, v_ in relations.items()),
                       initial_conditions=_initial(method, amps), parameters=tuple(method.parameters)
                       + tuple(decay_constant(w) for w, c in chosen.items() if c > 0),
                       name=method.name)
    steps = _steps(method, balance, a, chosen, amps, kinds, system)
    return SystemLimit(method, system, a, tuple(chosen.items()), balance, kinds, steps, offset,
                       tuple(amps.items()))


def substitute_states(expr: Expr, relations: dict) -> Expr:
    r"""``expr`` with states replaced (``{M(t): ...}``), its coordinate-wise atoms rebuilt canonically.

    Examples
    --------
    >>> from symflow.core import text, grad, X
    >>> M = state_function("m")(t)
    >>> text(substitute_states(hadamard(M, M), {M: 2 * grad(X(t))}))
    '4 ∇f(X)⊙∇f(X)'
    """
    if not relations:
        return expr
    out = expr.xreplace(relations)
    return _clean(_canonical(out))


_substitute = substitute_states


def _canonical(expr: Expr) -> Expr:
    """Rebuild coordinate-wise atoms after a substitution (so that products and powers stay canonical)."""
    if isinstance(expr, Hadamard):
        out = ones
        for f in expr.args:
            out = hadamard(out, _canonical(f))
        return out
    if isinstance(expr, CoordPower):
        return coordinate_power(_canonical(expr.base), expr.exponent)
    if not expr.args or isinstance(expr, (AppliedVector, NablaF)):
        return expr
    return expr.func(*[_canonical(a) for a in expr.args])


def _initial(method: Method, amplitudes: dict) -> tuple:
    r"""Initial values of the states; a sequence of amplitude :math:`s^{-p}`, :math:`p > 0`, starts at :math:`Y(0) = s^p y_0 \to 0`."""
    out = []
    from_primary = method.sequence(method.primary)
    out.append(Eq(state_function(method.primary)(0), VectorSymbol("x_0")))
    for eq in method.initial:
        if isinstance(eq.lhs, AppliedVector) and eq.lhs.args[0] == 0 and eq.lhs.func != from_primary:
            name = eq.lhs.func.__name__
            out.append(Eq(state_function(name)(0), Integer(0) if amplitudes.get(name, 0) > 0 else eq.rhs))
    return tuple(out)


def _regime_words(regimes: tuple, name: str) -> str:
    words = {"balanced": "balanced (an ODE of its own)", "static": "static (it tracks its target)",
             "vacuous": "vacuous (it does not feel the gradient)",
             "undamped": "undamped (an ODE driven by the gradient, without its own decay)"}
    parts = []
    for reg in regimes:
        where = f"$c = {reg.low}$" if reg.low == reg.high else (
            f"${reg.low} \\le c < {reg.high}$" if reg.low == 0 else f"${reg.low} < c < {reg.high}$")
        if reg.high == oo:
            where = f"$c > {reg.low}$"
        parts.append(f"{where}: {words[reg.kind]}")
    return f"for ${name}$: " + "; ".join(parts)


def _steps(method: Method, balance: SystemBalance, a, chosen: dict, amplitudes: dict, kinds: dict,
           system: ODESystem) -> tuple:
    steps = [Step("Method", method.description or method.name, tuple(method.updates) + tuple(method.initial))]
    states = ", ".join(f"${name}_k = s^{{-p_{name}}} {name.upper()}(t)$" if name != method.primary
                       else f"${name}_k = {name.upper()}(t)$" for name in method.sequences)
    steps.append(Step(
        "Ansatz",
        f"Every sequence is a state: {states}, with $t = k\\delta$ and $\\delta = s^a$"
        + ("; each weight is $\\beta = 1 - b s^c$" if balance.decay_regimes else "")
        + ". The updates are expanded in $\\mathbb{R}^d$ (coordinate-wise powers by the binomial series, "
        "gradients by Taylor's formula)."))
    regime_text = "; ".join(_regime_words(regs, w.name) for w, regs in balance.decay_regimes.items())
    amp_text = ", ".join(f"$p_{name} = {p}$" for name, p in (balance.amplitudes or {}).items())
    steps.append(Step(
        "Dominant balance",
        "A term $\\delta^m s^q (1-\\beta)^r$ of a sequence of amplitude $s^{-p}$ has size "
        "$s^{am + q + cr - p}$. Every class of terms of every update (the derivative of its state, the "
        f"state's own terms, the drive) is at its leading size at $a = {balance.exponent}$"
        + (f", {amp_text}" if amp_text else "") + (("; " + regime_text) if regime_text else "") + ".",
        (Eq(delta, s ** balance.exponent),)))
    used = (Eq(delta, s ** a),) + tuple(Eq(1 - w, decay_constant(w) * s ** c) if c > 0 else Eq(w, w)
                                        for w, c in chosen.items()) \
        + tuple(Eq(vector_function(name)(k), s ** (-p) * state_function(name)(t))
                for name, p in amplitudes.items() if p != 0)
    steps.append(Step("Scaling", "The scaling of this derivation.", used))
    steps.append(Step("Leading order", "Kinds of the updates at this scaling: " + ", ".join(
        f"{name}: {kind}" for name, kind in kinds.items()) + ".", system.relations))
    steps.append(Step("Result", "The system of ODEs, solved for the derivatives.", system.equations))
    return tuple(steps)
