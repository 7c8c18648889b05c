r"""Dominant balance: which scaling :math:`\delta = s^a` gives a non-degenerate continuous limit.

The recurrence is expanded in two small variables, :math:`\delta` and
:math:`\sigma = s^{1/N}`. Each term :math:`\delta^m\sigma^n` then has size
:math:`s^{am + n/N}`, a linear function of :math:`a`. At a given :math:`a` the
leading terms are those of smallest size, and the limit is

* **balanced** when they hold both a derivative of :math:`X` and the gradient;
* **vacuous** when the gradient drops out (e.g. :math:`\ddot X + 3\dot X/t = 0`);
* **static** when only the gradient survives (:math:`\nabla f(X) = 0`);
* **inconsistent** when :math:`X` itself survives (the coefficients of the
  iterates do not sum to zero).

The breakpoints where two sizes cross are the only places where the kind can
change, so testing them and one exponent inside each interval decides every
:math:`a > 0`.

Examples
--------
>>> from symflow.methods import nesterov
>>> from symflow.recurrence import eliminate_auxiliary
>>> b = find_balance(eliminate_auxiliary(nesterov()), offset=0)
>>> b.exponent
1/2
>>> [(str(r.low), str(r.high), r.kind) for r in b.regimes]
[('0', '1/2', 'vacuous'), ('1/2', '1/2', 'balanced'), ('1/2', 'oo', 'static')]
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr, Integer, Poly, Rational, oo

from ..core.errors import DegenerateLimitError
from ..core.symbols import delta, sigma
from ..recurrence.elimination import Recurrence
from .lift import model_symbols
from .taylor import GridScaling, expand_recurrence, step_root_degree

__all__ = ["TAYLOR_BOX", "Regime", "Balance", "classify_monomial", "find_balance"]


#: largest power of δ kept when looking for the balance
TAYLOR_BOX = 4


@dataclass(frozen=True)
class Regime:
    r"""The kind of leading-order equation for the exponents :math:`a` in ``[low, high]``.

    ``low == high`` marks a single exponent.
    """

    low: Expr
    high: Expr
    kind: str


@dataclass(frozen=True)
class Balance:
    r"""The result of the dominant-balance analysis.

    Attributes
    ----------
    exponent : Rational
        The unique :math:`a` with a balanced limit.
    root_degree : int
        :math:`N` with :math:`\sigma = s^{1/N}`.
    points : dict
        ``{kind: set of (m, n)}``: the powers :math:`\delta^m\sigma^n` at which
        each kind of term occurs.
    regimes : tuple of Regime
        The kinds of limit over :math:`a \in (0, \infty)`.
    """

    exponent: Rational
    root_degree: int
    points: dict
    regimes: tuple

    def size(self, point, a) -> Expr:
        r"""The size :math:`am + n/N` (a power of :math:`s`) of the term :math:`\delta^m\sigma^n`."""
        m, n = point
        return a * m + Rational(n, self.root_degree)

    def leading_size(self, a) -> Expr:
        """The smallest size of any term at exponent ``a``."""
        return min(self.size(pt, a) for pts in self.points.values() for pt in pts)


def classify_monomial(monomial: dict) -> str:
    """'position', 'derivative' or 'gradient' for a monomial ``{symbol: power}`` of the model.

    Examples
    --------
    >>> from symflow.limit import D, G
    >>> classify_monomial({D(0): 1}), classify_monomial({D(2): 1}), classify_monomial({G(1): 1, D(1): 1})
    ('position', 'derivative', 'gradient')
    """
    names = {sym.name for sym, e in monomial.items() if e}
    if any(n.startswith("G") for n in names):
        return "gradient"
    if names == {"D0"}:
        return "position"
    return "derivative"


def _points(series: dict) -> dict:
    points = {"position": set(), "derivative": set(), "gradient": set()}
    for key, coefficient in series.items():
        gens = model_symbols(coefficient)
        if not gens:
            continue
        for monomial, c in Poly(coefficient, *gens).terms():
            if c != 0:
                points[classify_monomial(dict(zip(gens, monomial)))].add(key)
    return points


def _kind(points: dict, size) -> str:
    lowest = min(size(pt) for pts in points.values() for pt in pts)
    present = {kind for kind, pts in points.items() if any(size(pt) == lowest for pt in pts)}
    if "position" in present:
        return "inconsistent"
    if present == {"derivative", "gradient"}:
        return "balanced"
    return "vacuous" if present == {"derivative"} else "static"


def find_balance(recurrence: Recurrence, *, offset=Integer(0)) -> Balance:
    r"""Find the exponent :math:`a` of :math:`\delta = s^a` that balances the recurrence.

    Parameters
    ----------
    recurrence : Recurrence
        From :func:`~symflow.recurrence.eliminate_auxiliary`.
    offset : Expr
        The :math:`c` of :math:`t = (k + c)\delta`.

    Raises
    ------
    DegenerateLimitError
        If no exponent, or a whole interval of exponents, balances the equation.
    """
    n_root = step_root_degree([recurrence.expression])
    box = (TAYLOR_BOX, 3 * n_root)
    scaling = GridScaling((delta, sigma), (Integer(1), Integer(0)), step=sigma ** n_root, offset=offset)
    series = expand_recurrence(recurrence.expression, recurrence.sequence, scaling, box)
    points = _points(series)
    if not points["gradient"]:
        raise DegenerateLimitError(
            "the gradient cancels out of the expanded recurrence; there is no gradient flow to find")
    if not points["derivative"]:
        raise DegenerateLimitError("no derivative of X survives the expansion: the method does not move")
    everything = [pt for pts in points.values() for pt in pts]
    breaks = set()
    for i, (m1, n1) in enumerate(everything):
        for m2, n2 in everything[i + 1:]:
            if m1 != m2:
                a = Rational(n2 - n1, n_root * (m1 - m2))
                if a > 0:
                    breaks.add(a)
    breaks = sorted(breaks)

    def size_at(a):
        return lambda pt: a * pt[0] + Rational(pt[1], n_root)

    probes = []
    edges = [Integer(0)] + breaks + [oo]
    for lo, hi in zip(edges, edges[1:]):
        inside = (lo + hi) / 2 if hi != oo else (2 * lo if lo else Integer(1))
        probes.append((lo, hi, inside))
        if hi != oo:
            probes.append((hi, hi, hi))
    regimes = []
    for lo, hi, a in probes:
        kind = _kind(points, size_at(a))
        if regimes and regimes[-1].kind == kind:
            regimes[-1] = Regime(regimes[-1].low, hi, kind)
        else:
            regimes.append(Regime(lo, hi, kind))
    balanced = [reg for reg in regimes if reg.kind == "balanced"]
    summary = "; ".join(
        f"a={reg.low}: {reg.kind}" if reg.low == reg.high else f"{reg.low}<a<{reg.high}: {reg.kind}"
        for reg in regimes)
    if not balanced:
        raise DegenerateLimitError(
            f"no scaling delta = s^a gives a limit with both the gradient and a derivative of X ({summary})")
    if len(balanced) > 1 or balanced[0].low != balanced[0].high:
        raise DegenerateLimitError(
            f"the scaling is not determined: several exponents balance the recurrence ({summary})")
    a = balanced[0].low
    bound = min(a * (box[0] + 1), Rational(box[1] + 1, n_root))
    lowest = min(size_at(a)(pt) for pt in everything)
    if lowest >= bound:
        raise DegenerateLimitError(
            f"the balance at a={a} lies beyond the expansion symflow computes (order {box[0]} in delta)")
    return Balance(a, n_root, points, tuple(regimes))
