r"""The distance-generating function :math:`h`: Bregman divergences, :math:`\nabla h`, :math:`[\nabla^2 h]^{-1}`.

WWJ measure distances with the Bregman divergence of a convex :math:`h`,
:math:`D_h(y, x) = h(y) - h(x) - \langle\nabla h(x), y - x\rangle`. Two choices
are dimension-free:

* :data:`EUCLIDEAN`, :math:`h = \tfrac12\|x\|^2`: :math:`\nabla h(y) = y`,
  :math:`\nabla^2 h = I`, :math:`D_h(y, x) = \tfrac12\|y - x\|^2`;
* :data:`ABSTRACT`, an unspecified :math:`h`, with atoms :class:`HValue`
  :math:`h(P)`, :class:`NablaH` :math:`\nabla^{n+1}h(P)[v_1, \dots, v_n]` and
  :class:`InverseHessianH` :math:`[\nabla^2 h(P)]^{-1} v`.

A concrete :math:`h` in coordinates (an :class:`~symflow.numeric.Objective`)
is used to evaluate those atoms component-wise (:func:`symflow.catalogue.checks.planar.coordinate_components`);
a singular Hessian raises :class:`NonInvertibleHessianError`.

Examples
--------
>>> from symflow.core import X, t, latex
>>> Z = X(t) + X(t).diff(t) / t
>>> latex(ABSTRACT.divergence(Z, X(t)))
'h(X + \\frac{1}{t} \\dot{X}) - h(X) - \\frac{\\langle \\dot{X}, \\nabla h(X) \\rangle}{t}'
>>> EUCLIDEAN.divergence(Z, X(t))
Inner(Derivative(X(t), t), Derivative(X(t), t))/(2*t**2)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sympy import Add, Derivative, Expr, Integer, default_sort_key, expand

from ..core.errors import UnsupportedError
from ..core.normal import ScalarAtom, expand_vector, normal_scalar
from ..core.printing import PaperTextPrinter
from ..core.vectors import (
    SymmetricTensor,
    VectorAtom,
    combine,
    inner,
    norm2,
    vector_coefficients,
)
from .calculus import derive

__all__ = ["canonical_point", "HValue", "NablaH", "InverseHessianH", "DistanceGenerating", "EUCLIDEAN",
           "ABSTRACT", "as_distance"]


@lru_cache(maxsize=4096)
def canonical_point(point: Expr) -> Expr:
    r"""A point (vector expression) with its coefficients in normal form.

    Examples
    --------
    >>> from symflow.core import X, t
    >>> from sympy import exp, log
    >>> canonical_point(X(t) + exp(-log(t)) * (1 + t) * X(t).diff(t))
    X(t) + Derivative(X(t), t) + Derivative(X(t), t)/t
    """
    coefficients = vector_coefficients(expand_vector(point))
    # expanded, because vector_coefficients expands inside function arguments too
    return expand(combine({a: normal_scalar(c) for a, c in coefficients.items()}))


def _point_latex(printer, point) -> str:
    terms = vector_coefficients(point)

    def rank(atom):
        if isinstance(atom, Derivative):
            return (1, atom.derivative_count, default_sort_key(atom))
        return (0, 0, default_sort_key(atom))

    parts = []
    for atom in sorted(terms, key=rank):
        shown = printer._print(terms[atom] * atom)
        parts.append(shown if not parts or shown.startswith("-") else "+ " + shown)
    return " ".join(parts).replace(" -", " - ")


def _plain(printer, expr) -> str | None:
    """SymPy's own ``Name(args)`` unless the printer is symflow's paper-notation text printer."""

    if isinstance(printer, PaperTextPrinter):
        return None
    return f"{type(expr).__name__}({', '.join(printer._print(a) for a in expr.args)})"


def _wrap(printer, point, latex: bool) -> str:
    body = _point_latex(printer, point)
    return rf"\left({body}\right)" if latex and len(vector_coefficients(point)) > 1 else f"({body})"


class HValue(ScalarAtom):
    r"""The value :math:`h(P)` of the distance-generating function (a Gram scalar).

    Examples
    --------
    >>> from symflow.core import text, X, t
    >>> text(HValue(X(t) + t * X(t).diff(t)))
    'h(X + t Ẋ)'
    """

    nargs = 1

    def expanded(self) -> Expr:
        """The value at the canonical form of its point."""
        return HValue(canonical_point(self.args[0]))

    def _derive(self, d):
        (point,) = self.args
        return inner(NablaH(point), expand_vector(d(point)))

    def _latex(self, printer):
        return f"h{_wrap(printer, self.args[0], False)}"

    def _sympystr(self, printer):
        return _plain(printer, self) or f"h{_wrap(printer, self.args[0], False)}"


class NablaH(SymmetricTensor, VectorAtom):
    r"""The derivative tensor :math:`\nabla^{n+1} h(P)[v_1, \dots, v_n]` of :math:`h` (symmetric).

    Examples
    --------
    >>> from symflow.core import x0, x_star
    >>> NablaH(x0, 2 * x_star).expanded()
    2*NablaH(x_0, x^star)
    """

    def expanded(self) -> Expr:
        """The atom expanded linearly in its directions, with a canonical point."""
        point = canonical_point(self.point)
        total = Integer(0)
        expansions = [vector_coefficients(expand_vector(v)) for v in self.directions]

        def recurse(i, coefficient, chosen):
            nonlocal total
            if i == len(expansions):
                total += coefficient * NablaH(point, *chosen)
                return
            for atom, c in expansions[i].items():
                recurse(i + 1, coefficient * c, chosen + [atom])

        recurse(0, Integer(1), [])
        return total

    def _derive(self, d):
        dirs = list(self.directions)
        total = NablaH(self.point, expand_vector(d(self.point)), *dirs).expanded()
        for i, v in enumerate(dirs):
            image = expand_vector(d(v))
            if image != 0:
                total += NablaH(self.point, *dirs[:i], image, *dirs[i + 1:]).expanded()
        return total

    def time_derivative(self, time) -> Expr:
        """The total time derivative (chain rule), for :func:`symflow.core.time_derivative`."""
        return expand_vector(derive(self, lambda a: a.diff(time), lambda e: e.diff(time)))

    def transpose_slot(self, v, delta):
        r"""``(slot, w)`` with :math:`\langle T[\dots, \mathrm{slot}], v\rangle = \langle \mathrm{slot}, w\rangle`."""
        dirs = list(self.directions)
        hits = [i for i, x in enumerate(dirs) if x.has(delta)]
        if len(hits) != 1 or self.point.has(delta):
            raise UnsupportedError(f"cannot move the variation out of {self}")
        i = hits[0]
        return dirs[i], NablaH(self.point, *dirs[:i], *dirs[i + 1:], v)

    def _latex(self, printer):
        point = _wrap(printer, self.point, True)
        n = len(self.directions)
        if n == 0:
            return rf"\nabla h{point}"
        if n == 1:
            v = self.directions[0]
            shown = printer._print(v)
            return rf"\nabla^{{2}} h{point} " + (rf"\left({shown}\right)" if isinstance(v, Add) else shown)
        inside = ", ".join(printer._print(v) for v in self.directions)
        return rf"\nabla^{{{n + 1}}} h{point}[{inside}]"

    def _sympystr(self, printer):
        plain = _plain(printer, self)
        if plain:
            return plain
        point = _wrap(printer, self.point, False)
        n = len(self.directions)
        if n == 0:
            return f"∇h{point}"
        inside = ", ".join(printer._print(v) for v in self.directions)
        return f"∇²h{point} {inside}" if n == 1 else f"∇^{n + 1}h{point}[{inside}]"


class InverseHessianH(VectorAtom):
    r"""The vector :math:`[\nabla^2 h(P)]^{-1} v`.

    Examples
    --------
    >>> from symflow.core import x0, x_star
    >>> InverseHessianH(x0, 3 * NablaH(x0, x_star)).expanded()
    3*x^star
    """

    nargs = 2

    @property
    def point(self) -> Expr:
        """The point of the Hessian."""
        return self.args[0]

    @property
    def vector(self) -> Expr:
        """The vector the inverse is applied to."""
        return self.args[1]

    def expanded(self) -> Expr:
        """Linear in the vector; :math:`[\\nabla^2 h(P)]^{-1}\\nabla^2 h(P) w = w`."""
        point = canonical_point(self.point)
        total = Integer(0)
        for atom, c in vector_coefficients(expand_vector(self.vector)).items():
            if isinstance(atom, NablaH) and len(atom.directions) == 1 and \
                    canonical_point(atom.point) == point:
                total += c * atom.directions[0]
            else:
                total += c * InverseHessianH(point, atom)
        return total

    def _derive(self, d):
        point, v = self.args
        inside = NablaH(point, expand_vector(d(point)), InverseHessianH(point, v)).expanded()
        return (InverseHessianH(point, expand_vector(d(v)) - inside)).expanded()

    def time_derivative(self, time) -> Expr:
        """The total time derivative, for :func:`symflow.core.time_derivative`."""
        return expand_vector(derive(self, lambda a: a.diff(time), lambda e: e.diff(time)))

    def transpose_slot(self, v, delta):
        """The inverse Hessian is symmetric: ``(vector, [∇²h(P)]^{-1} v)``."""
        if self.point.has(delta):
            raise UnsupportedError(f"cannot move the variation out of {self}")
        return self.vector, InverseHessianH(self.point, v)

    def _latex(self, printer):
        v = self.vector
        shown = printer._print(v)
        shown = rf"\left({shown}\right)" if isinstance(v, Add) else shown
        return rf"\left[\nabla^{{2}} h{_wrap(printer, self.point, True)}\right]^{{-1}} {shown}"

    def _sympystr(self, printer):
        shown = printer._print(self.vector)
        shown = f"({shown})" if isinstance(self.vector, Add) else shown
        return _plain(printer, self) or f"[∇²h{_wrap(printer, self.point, False)}]⁻¹ {shown}"


@dataclass(frozen=True)
class DistanceGenerating:
    r"""A distance-generating function :math:`h`: ``"euclidean"`` or ``"abstract"``.

    Examples
    --------
    >>> from symflow.core import x0
    >>> EUCLIDEAN.gradient(x0), ABSTRACT.gradient(x0)
    (x_0, NablaH(x_0))
    """

    name: str

    def value(self, point: Expr) -> Expr:
        r""":math:`h(P)`."""
        return norm2(point) / 2 if self.name == "euclidean" else HValue(canonical_point(point))

    def gradient(self, point: Expr) -> Expr:
        r""":math:`\nabla h(P)`."""
        return point if self.name == "euclidean" else NablaH(canonical_point(point))

    def inverse_hessian(self, point: Expr, vector: Expr) -> Expr:
        r""":math:`[\nabla^2 h(P)]^{-1} v`."""
        if self.name == "euclidean":
            return vector
        return InverseHessianH(point, vector).expanded()

    def divergence(self, y: Expr, x: Expr) -> Expr:
        r"""The Bregman divergence :math:`D_h(y, x) = h(y) - h(x) - \langle\nabla h(x), y - x\rangle`."""
        if self.name == "euclidean":
            return norm2(canonical_point(y - x)) / 2
        return self.value(y) - self.value(x) - inner(self.gradient(x), canonical_point(y - x))

    def __str__(self) -> str:
        return "h = |x|^2/2" if self.name == "euclidean" else "h"


EUCLIDEAN = DistanceGenerating("euclidean")
ABSTRACT = DistanceGenerating("abstract")


def as_distance(h) -> DistanceGenerating:
    """``"euclidean"``, ``"abstract"`` or a :class:`DistanceGenerating`; anything else is refused.

    Examples
    --------
    >>> as_distance("abstract") is ABSTRACT
    True
    """
    if isinstance(h, DistanceGenerating):
        return h
    table = {"euclidean": EUCLIDEAN, "abstract": ABSTRACT}
    if isinstance(h, str) and h in table:
        return table[h]
    raise UnsupportedError(
        f"unknown distance-generating function h = {h!r}: use 'euclidean' (h = |x|^2/2) or "
        "'abstract' (a general convex h); evaluate a concrete h with symflow.catalogue.checks.planar.coordinate_components")
