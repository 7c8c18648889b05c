r"""Coordinate-wise algebra of dimension-free vectors: Hadamard products, coordinate-wise powers, the ones vector.

Adaptive methods (AdaGrad, RMSProp, Adam) square gradients coordinate by coordinate and divide by a
vector: :math:`v_{k+1} = \beta v_k + (1-\beta)\nabla f(x_k)\odot\nabla f(x_k)`,
:math:`x_{k+1} = x_k - s\,\nabla f(x_k)/(\sqrt{v_{k+1}} + \varepsilon)`. The operations are kept as
vector atoms, so that every vector expression stays a linear combination of atoms
(:func:`~symflow.core.vectors.vector_coefficients` reads them as it reads :math:`\nabla f(X)`):

* :class:`Hadamard` — :math:`u_1\odot\cdots\odot u_r` of vector atoms (:math:`r \ge 2`);
* :class:`CoordPower` — :math:`B^{\odot p}` of a vector expression :math:`B`, :math:`p` rational:
  :math:`\sqrt{v} = v^{\odot 1/2}`, division by :math:`w` is :math:`\odot\, w^{\odot -1}` (a diagonal
  preconditioner);
* :data:`ones` — the vector :math:`\mathbb 1` of ones, so that :math:`\sqrt v + \varepsilon` is
  :math:`\sqrt v + \varepsilon\mathbb 1`.

Rules (what the operations commute with):

* :math:`\odot` is commutative, associative and bilinear: scalars move out of it, sums distribute
  (:func:`hadamard`); :math:`\mathbb 1` is its unit; :math:`u^{\odot p}\odot u^{\odot q} = u^{\odot(p+q)}`.
* :math:`\odot` does **not** commute with linear maps: :math:`\nabla^2 f(X)(u\odot w) \ne
  (\nabla^2 f(X)u)\odot w`, and :math:`\langle u\odot w, z\rangle` is not
  :math:`\langle u, w\odot z\rangle` reordered — such terms stay as they are, atoms inside a tensor
  or an inner product.
* :math:`(cB)^{\odot p} = c^p B^{\odot p}` for a scalar :math:`c > 0` (or an integer :math:`p`);
  otherwise the power keeps the sum :math:`B` as its base. :math:`(u\odot u)^{\odot 1/2} = |u|`
  is written as such and never reduced to :math:`u`.
* The time derivative follows the product and power rules coordinate by coordinate
  (:math:`\tfrac{d}{dt}B^{\odot p} = p\,B^{\odot(p-1)}\odot\dot B`).

:func:`coordinatewise` reads a SymPy expression in which vectors are multiplied, raised to powers or
added to scalars (as a method file or :mod:`symflow.methods` writes it) into these atoms.

Examples
--------
>>> from symflow.core import X, t, grad, V
>>> g = grad(X(t))
>>> e = coordinatewise(-g / (V(t) ** Rational(1, 2) + eps))
>>> e
-Hadamard(NablaF(X(t)), CoordPower(ones*varepsilon + CoordPower(V(t), 1/2), -1))
>>> from symflow.core import text
>>> text(e)
'- ∇f(X)/(√V + ε)'
>>> text(coordinatewise(g ** 2))
'∇f(X)⊙∇f(X)'
"""
from __future__ import annotations

from sympy import Add, Expr, Function, Integer, Mul, Pow, Rational, S, Symbol, default_sort_key

from .errors import UnsupportedError
from .normal import normal_scalar
from .symbols import VectorSymbol
from .vectors import (
    FValue,
    Inner,
    VectorAtom,
    combine,
    is_vector_atom,
    time_derivative,
    vector_coefficients,
)

__all__ = ["eps", "beta", "beta1", "beta2", "decay_a", "decay_b", "ADAPTIVE_SCALARS", "OnesVector", "ones",
           "CoordinatewiseAtom", "Hadamard", "CoordPower", "hadamard", "coordinate_power", "coordinate_sqrt",
           "coordinate_divide", "contains_vector", "coordinatewise", "has_coordinatewise",
           "coordinatewise_atoms", "inner_vector_atoms"]


#: the ε of adaptive methods (added coordinate-wise to the denominator)
eps = Symbol("varepsilon", positive=True)
#: the averaging weight β of RMSProp
beta = Symbol("beta", positive=True)
#: Adam's first-moment weight β₁
beta1 = Symbol("beta_1", positive=True)
#: Adam's second-moment weight β₂
beta2 = Symbol("beta_2", positive=True)
#: the constant a of 1 − β₁ = a s^c (Adam's first moment)
decay_a = Symbol("a", positive=True)
#: the constant b of 1 − β = b s^c (RMSProp, Adam's second moment)
decay_b = Symbol("b", positive=True)

#: scalar names of adaptive methods a user may write in a method file
ADAPTIVE_SCALARS = {"eps": eps, "beta": beta, "beta1": beta1, "beta2": beta2}


class OnesVector(VectorSymbol):
    r"""The vector :math:`\mathbb 1 = (1, \dots, 1)`: the unit of :math:`\odot`, and what a scalar added to a vector means.

    Examples
    --------
    >>> from symflow.core import latex
    >>> latex(eps * ones)
    '\\varepsilon \\mathbb{1}'
    """

    def _latex(self, printer):
        return r"\mathbb{1}"

    def _sympystr(self, printer):
        return "𝟙" if _paper(printer) else "ones"


#: the vector of ones
ones = OnesVector("ones")


class CoordinatewiseAtom(VectorAtom):
    """Base class of the coordinate-wise atoms :class:`Hadamard` and :class:`CoordPower`."""


def _factor(atom) -> tuple:
    """``(base, exponent)`` of a factor of a Hadamard product."""
    if isinstance(atom, CoordPower):
        return atom.base, atom.exponent
    return atom, Integer(1)


def _product_of(factors: list) -> Expr:
    """The canonical Hadamard product of vector atoms (exponents of equal bases added, ``ones`` dropped)."""
    powers: dict = {}
    order = []
    flat_in = []
    for f in factors:
        flat_in += list(f.args) if isinstance(f, Hadamard) else [f]
    for f in flat_in:
        if f == ones:
            continue
        base, e = _factor(f)
        if base not in powers:
            order.append(base)
            powers[base] = Integer(0)
        powers[base] += e
    flat = []
    for base in order:
        e = powers[base]
        if e == 0:
            continue
        if is_vector_atom(base) and e.is_Integer and e > 0:
            flat += [base] * int(e)
        else:
            flat.append(CoordPower(base, e))
    if not flat:
        return ones
    if len(flat) == 1:
        return flat[0]
    return Hadamard(*flat)


class Hadamard(CoordinatewiseAtom):
    r"""The Hadamard (coordinate-wise) product :math:`u_1\odot\cdots\odot u_r` of vector atoms.

    Build it with :func:`hadamard`, which expands sums and pulls scalars out; the factors are kept
    sorted (the product is commutative) and nested products are flattened.

    Examples
    --------
    >>> from symflow.core import x0, x_star
    >>> Hadamard(x_star, x0) == Hadamard(x0, x_star)
    True
    """

    @classmethod
    def eval(cls, *factors):
        flat = []
        for f in factors:
            flat += list(f.args) if isinstance(f, Hadamard) else [f]
        ordered = sorted(flat, key=default_sort_key)
        if ordered != list(factors):
            return cls(*ordered)
        return None

    def time_derivative(self, time) -> Expr:
        factors = list(self.args)
        total = Integer(0)
        for i, f in enumerate(factors):
            df = time_derivative(f, time)
            if df != 0:
                total += hadamard(_product_of(factors[:i] + factors[i + 1:]), df)
        return total

    def expanded(self) -> Expr:
        """The product rebuilt from factors in normal form (for :func:`~symflow.core.normal.same_vector`)."""
        out = ones
        for f in self.args:
            out = hadamard(out, f.expanded() if isinstance(f, CoordinatewiseAtom) else f)
        return out

    def _split(self):
        top = [f for f in self.args if not (isinstance(f, CoordPower) and f.exponent < 0)]
        bottom = [CoordPower(f.base, -f.exponent) if f.exponent != -1 else f.base
                  for f in self.args if isinstance(f, CoordPower) and f.exponent < 0]
        return top, bottom

    def _render(self, printer, odot: str, fraction):
        top, bottom = self._split()
        up = odot.join(_factor_text(printer, f) for f in top) if top else "1"
        if not bottom:
            return up
        down = odot.join(_factor_text(printer, f) if is_vector_atom(f) else
                         _base_text(printer, f, latex=odot != "⊙") for f in bottom)
        return fraction(up, down, len(bottom) == 1 and not is_vector_atom(bottom[0]))

    def _latex(self, printer):
        return self._render(printer, r" \odot ", lambda u, d, _: rf"\frac{{{u}}}{{{d}}}")

    def _sympystr(self, printer):
        if not _paper(printer):
            return printer._print_Function(self)
        return self._render(printer, "⊙", lambda u, d, bare: f"{u}/({d})" if (bare or "⊙" in d or " " in d)
                            else f"{u}/{d}")


class CoordPower(CoordinatewiseAtom):
    r"""The coordinate-wise power :math:`B^{\odot p}` of a vector expression :math:`B` (:math:`p` rational, not 0 or 1).

    Build it with :func:`coordinate_power` (or :func:`coordinate_sqrt`, :func:`coordinate_divide`).

    Examples
    --------
    >>> from symflow.core import V, t
    >>> CoordPower(V(t), Rational(1, 2)).exponent
    1/2
    """

    nargs = 2

    @classmethod
    def eval(cls, base, exponent):
        if not getattr(exponent, "is_Rational", False):
            raise UnsupportedError(f"a coordinate-wise power needs a rational exponent, not {exponent}")
        if exponent == 1:
            return base
        if exponent == 0:
            return ones
        return None

    @property
    def base(self) -> Expr:
        """The vector expression :math:`B`."""
        return self.args[0]

    @property
    def exponent(self) -> Rational:
        """The exponent :math:`p`."""
        return self.args[1]

    def time_derivative(self, time) -> Expr:
        db = time_derivative(self.base, time)
        if db == 0:
            return Integer(0)
        return self.exponent * hadamard(coordinate_power(self.base, self.exponent - 1), db)

    def expanded(self) -> Expr:
        """The power with the scalars of its base in normal form (for :func:`~symflow.core.normal.same_vector`)."""
        base = Add(*[normal_scalar(c) * (a.expanded() if isinstance(a, CoordinatewiseAtom) else a)
                     for a, c in vector_coefficients(self.base).items()])
        return coordinate_power(base, self.exponent)

    def _is_abs(self) -> bool:
        b = self.base
        return self.exponent == Rational(1, 2) and isinstance(b, Hadamard) and len(b.args) == 2 \
            and b.args[0] == b.args[1]

    def _latex(self, printer):
        if self._is_abs():
            return rf"\left|{printer._print(self.base.args[0])}\right|"
        inside = _base_text(printer, self.base, latex=True)
        if self.exponent == Rational(1, 2):
            return rf"\sqrt{{{inside}}}"
        if self.exponent == -1:
            return rf"\frac{{\mathbb{{1}}}}{{{inside}}}"
        shown = inside if is_vector_atom(self.base) else rf"\left({inside}\right)"
        return rf"{shown}^{{\odot {printer._print(self.exponent)}}}"

    def _sympystr(self, printer):
        if not _paper(printer):
            return printer._print_Function(self)
        if self._is_abs():
            return f"|{printer._print(self.base.args[0])}|"
        inside = _base_text(printer, self.base, latex=False)
        bare = is_vector_atom(self.base)
        if self.exponent == Rational(1, 2):
            return f"√{inside}" if bare else f"√({inside})"
        if self.exponent == -1:
            return f"𝟙/{inside}" if bare else f"𝟙/({inside})"
        return f"{inside if bare else '(' + inside + ')'}^⊙{printer._print(self.exponent)}"


def _paper(printer) -> bool:
    """Whether ``printer`` writes paper notation (``repr`` keeps SymPy's form)."""
    return hasattr(printer, "_print_NablaF")


def _factor_text(printer, f) -> str:
    out = printer._print(f)
    return out


def _base_text(printer, base: Expr, *, latex: bool) -> str:
    r"""A vector sum with :math:`\varepsilon\mathbb 1` written as :math:`\varepsilon` (a scalar added coordinate-wise)."""
    coefficients = vector_coefficients(base)
    constant = coefficients.pop(ones, Integer(0))
    if not coefficients and constant != 0:
        return printer._print(constant)
    parts = [printer._print(combine(coefficients))] if coefficients else []
    if constant != 0:
        c = printer._print(-constant if constant.could_extract_minus_sign() else constant)
        sign = " - " if constant.could_extract_minus_sign() else " + "
        parts.append((sign if parts else sign.strip()) + c)
    return "".join(parts) if parts else "0"


def hadamard(a: Expr, b: Expr) -> Expr:
    r"""The Hadamard product :math:`a\odot b` of two vector expressions, expanded bilinearly.

    Examples
    --------
    >>> from symflow.core import x0, x_star, mu
    >>> hadamard(mu * x0 + x_star, x0)
    mu*Hadamard(x_0, x_0) + Hadamard(x^star, x_0)
    >>> hadamard(ones, x0)
    x_0
    """
    ca, cb = vector_coefficients(a), vector_coefficients(b)
    return Add(*[u_c * w_c * _product_of([u, w]) for u, u_c in ca.items() for w, w_c in cb.items()])


def coordinate_power(a: Expr, exponent) -> Expr:
    r"""The coordinate-wise power :math:`a^{\odot p}` of a vector expression.

    A positive scalar multiple comes out (:math:`(c\,u)^{\odot p} = c^p u^{\odot p}`); a power of a
    single power multiplies the exponents only when the first is an integer or the second is
    (:math:`(u^{\odot 2})^{\odot 1/2}` is :math:`|u|`, not :math:`u`).

    Examples
    --------
    >>> from symflow.core import V, t
    >>> coordinate_power(4 * V(t), Rational(1, 2))
    2*CoordPower(V(t), 1/2)
    """
    exponent = S(exponent)
    if not exponent.is_Rational:
        raise UnsupportedError(f"a vector can be raised coordinate-wise only to a rational power, not {exponent}")
    coefficients = vector_coefficients(a)
    if not coefficients:
        raise UnsupportedError(f"the coordinate-wise power {exponent} of the zero vector")
    if len(coefficients) == 1:
        ((atom, c),) = coefficients.items()
        if c.is_positive or exponent.is_Integer:
            if atom == ones:
                return c ** exponent * ones
            if isinstance(atom, CoordPower) and (atom.exponent.is_Integer or exponent.is_Integer):
                return c ** exponent * coordinate_power(atom.base, atom.exponent * exponent)
            if isinstance(atom, Hadamard) and exponent.is_Integer:
                return c ** exponent * _product_of([CoordPower(f, exponent) for f in atom.args])
            if exponent.is_Integer and exponent > 0:
                return c ** exponent * _product_of([atom] * int(exponent))
            return c ** exponent * CoordPower(atom, exponent)
    return CoordPower(combine(coefficients), exponent)


def coordinate_sqrt(a: Expr) -> Expr:
    r""":math:`\sqrt{a}` coordinate by coordinate.

    Examples
    --------
    >>> from symflow.core import V, t
    >>> coordinate_sqrt(V(t))
    CoordPower(V(t), 1/2)
    """
    return coordinate_power(a, Rational(1, 2))


def coordinate_divide(a: Expr, b: Expr) -> Expr:
    r""":math:`a / b` coordinate by coordinate (the diagonal preconditioner :math:`\operatorname{diag}(b)^{-1}a`).

    Examples
    --------
    >>> from symflow.core import x0, V, t
    >>> coordinate_divide(x0, V(t))
    Hadamard(x_0, CoordPower(V(t), -1))
    """
    return hadamard(a, coordinate_power(b, -1))


def contains_vector(expr) -> bool:
    """Whether a vector atom occurs in ``expr`` outside inner products and values of f.

    Examples
    --------
    >>> from symflow.core import x0
    >>> contains_vector(2 * x0), contains_vector(eps)
    (True, False)
    """
    expr = S(expr)
    if is_vector_atom(expr):
        return True
    if isinstance(expr, (Inner, FValue)):
        return False
    return any(contains_vector(a) for a in expr.args)


def coordinatewise(expr: Expr) -> Expr:
    r"""Read products, powers and scalar shifts of vectors as coordinate-wise operations.

    :math:`u\,w \mapsto u\odot w`, :math:`u^p \mapsto u^{\odot p}` (so ``sqrt(v)`` is :math:`\sqrt v`
    coordinate-wise), :math:`u / w \mapsto u\odot w^{\odot -1}`, and a scalar :math:`c` added to a
    vector becomes :math:`c\,\mathbb 1`. A linear expression is returned unchanged.

    Raises
    ------
    UnsupportedError
        For a vector inside another function (``exp(x)``), a vector exponent, or a lone scalar.

    Examples
    --------
    >>> from symflow.core import x0
    >>> coordinatewise(x0 ** 2 + 1)
    ones + Hadamard(x_0, x_0)
    """
    expr = S(expr)
    if not contains_vector(expr):
        raise UnsupportedError(f"{expr} is a scalar, not a vector")
    return _read(expr)


def _read(expr: Expr) -> Expr:
    if not contains_vector(expr):
        return expr * ones
    if is_vector_atom(expr):
        return expr
    if isinstance(expr, Add):
        return Add(*[_read(term) for term in expr.args])
    if isinstance(expr, Mul):
        scalars = [f for f in expr.args if not contains_vector(f)]
        vectors = [_read(f) for f in expr.args if contains_vector(f)]
        out = vectors[0]
        for w in vectors[1:]:
            out = hadamard(out, w)
        return Mul(*scalars) * out
    if isinstance(expr, Pow):
        if contains_vector(expr.exp):
            raise UnsupportedError(f"a vector in an exponent ({expr}) is not supported")
        return coordinate_power(_read(expr.base), expr.exp)
    if isinstance(expr, Function):
        raise UnsupportedError(
            f"{expr.func} of a vector is not a coordinate-wise operation symflow knows "
            "(products, powers, sqrt and division of vectors are)")
    raise UnsupportedError(f"cannot read {expr} as a vector expression")


def coordinatewise_atoms(expr: Expr) -> set:
    """The :class:`Hadamard` and :class:`CoordPower` atoms of ``expr`` (nested ones too).

    Examples
    --------
    >>> from symflow.core import x0
    >>> sorted(map(str, coordinatewise_atoms(coordinatewise(x0 ** 2))))
    ['Hadamard(x_0, x_0)']
    """
    return set(S(expr).atoms(Hadamard, CoordPower))


def has_coordinatewise(expr) -> bool:
    """Whether ``expr`` uses a coordinate-wise operation (or the ones vector).

    Examples
    --------
    >>> from symflow.core import x0
    >>> has_coordinatewise(2 * x0), has_coordinatewise(x0 + ones)
    (False, True)
    """
    expr = S(expr)
    return bool(coordinatewise_atoms(expr)) or expr.has(ones)


def inner_vector_atoms(expr: Expr) -> set:
    """The vector atoms that are not coordinate-wise: what the coordinate-wise operations are applied to.

    Examples
    --------
    >>> from symflow.core import x0, x_star
    >>> sorted(map(str, inner_vector_atoms(hadamard(x0, x_star) + ones)))
    ['x^star', 'x_0']
    """
    found = set()

    def walk(e):
        if e == ones:
            return
        if isinstance(e, CoordinatewiseAtom):
            for a in e.args:
                walk(a)
            return
        if is_vector_atom(e):
            found.add(e)
            return
        for a in e.args:
            walk(a)

    walk(S(expr))
    return found
