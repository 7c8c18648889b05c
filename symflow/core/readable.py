r"""Readable forms of displayed expressions: what the printers show, never what the engine computes with.

:func:`readable` rewrites an expression for reading, keeping its value:

* a vector sum is collected by vector, each coefficient in its shortest form among ``cancel``
  and ``factor`` (:func:`readable_coefficient`): :math:`\frac{2k+1}{k+2}x_k - \frac{k-1}{k+2}x_{k-1}`,
  not :math:`(\frac{k}{k+2} + 1 - \frac{1}{k+2})x_k + \dots`;
* a sum of Gram coordinates (inner products and values of :math:`f`) is written with
  :math:`f(P) - f^\star` (:class:`Gap`) and, when it depends on :math:`x^\star` only through
  differences, with :math:`P - x^\star`: :math:`\|x_0 - x^\star\|^2`, not
  :math:`\|x^\star\|^2 - 2\langle x^\star, x_0\rangle + \|x_0\|^2`; a quadratic form of rank one is
  one squared norm; a factor common to every coefficient is taken out;
* a product with a sum whose terms are all negative carries the sign outside:
  :math:`16(4\mu\|x_0 - x^\star\|^2 + 9(f(x_0) - f^\star))`, not :math:`-16(-4\mu\dots - 9\dots)`.

The structure of other sums is kept: the right side of a certificate's identity stays a sum of
multipliers times inequalities and of squares. Every rewriting is bounded (``factor`` only on
coefficients of modest size, no ``simplify``) and the results are cached.

Examples
--------
>>> from symflow.core import k, x, text
>>> print(text(readable((k / (k + 2) + 1 - 1 / (k + 2)) * x(k) + (1 / (k + 2) - k / (k + 2)) * x(k - 1))))
(2·k + 1)/(k + 2) x_k - (k - 1)/(k + 2) x_(k-1)
>>> from symflow.core import x0, x_star, mu, FValue, Inner
>>> from symflow.core import t
>>> gram = -4 * mu * (Inner(x0, x0) - 2 * Inner(x0, x_star) + Inner(x_star, x_star)) \
...     - 9 * (FValue(x0) - FValue(x_star))
>>> print(text(readable(-16 * gram / t**2)))
16·(4·μ·‖x₀ - x⋆‖² + 9·(f(x₀) - f⋆))/t^2
"""
from __future__ import annotations

from functools import lru_cache

from sympy import (
    Add,
    And,
    Basic,
    Derivative,
    Dummy,
    Expr,
    Function,
    Integer,
    Mul,
    Not,
    Or,
    Order,
    Pow,
    Rational,
    S,
    cancel,
    default_sort_key,
    expand,
    factor,
    factor_list,
    factor_terms,
    fraction,
    gcd_list,
    ilcm,
    together,
)
from sympy.core.relational import Relational
from sympy.polys.polyerrors import PolynomialError

from .rational import FractionSum, cancelled, factored, polynomial_ring, ring_fraction, term_parts
from .symbols import AppliedVector, VectorSymbol, s, sequence_shift, x_star
from .vectors import FValue, Inner, NablaF, VectorAtom, is_vector_atom

__all__ = ["Gap", "by_coordinate", "readable", "readable_coefficient", "step_power", "vector_rank"]


class Gap(Function):
    r"""Display form of :math:`f(P) - f^\star` (only for printing; never computed with).

    Examples
    --------
    >>> from symflow.core import latex, text, X, t
    >>> text(Gap(X(t))), latex(Gap(X(t)))
    ('(f(X) - f⋆)', '\\left(f(X) - f^\\star\\right)')
    """

    nargs = 1

    def _latex(self, printer):
        return rf"\left(f({printer._print(self.args[0])}) - f^\star\right)"

    def _sympystr(self, printer):
        return f"(f({printer._print(self.args[0])}) - f⋆)"


#: coefficients with more symbols and numbers than this (:func:`_size`) are only put over one denominator
_FACTOR_SIZE = 80


#: coefficients with more symbols and numbers (:func:`_size`) or more distinct symbols than these are shown as
#: they are (``cancel`` is not bounded)
_CANCEL_SIZE, _CANCEL_SYMBOLS = 200, 7


def _small(c) -> bool:
    """Whether ``c`` is small enough for ``cancel`` (in operations and symbols)."""
    return len(c.free_symbols) <= _CANCEL_SYMBOLS and _size(c) <= _CANCEL_SIZE


def _is_zero(c) -> bool:
    """``c`` cancels to zero (False when it is too large to tell: the term is then shown).

    A value far from zero at a sample point (exact rationals, evaluated to 30 digits) says nonzero at once;
    only what vanishes there goes to ``cancel``.
    """
    if c == 0:
        return True
    if not isinstance(c, Add) or not _small(c):  # a product of nonzero factors, or too large to tell
        return False
    sample = {x: Rational(2 * i + 3, 7 + i) for i, x in enumerate(sorted(c.free_symbols, key=default_sort_key))}
    try:
        probe = c.xreplace(sample).evalf(30)
        if probe.is_Number and abs(probe) > 1e-12:
            return False
    except (TypeError, ValueError, ZeroDivisionError):  # noqa: PERF203 - undecided at the sample: cancel decides
        pass
    # roots of positive symbols as powers of one generator each (a bijection of the positive reals): the
    # same zero test, in the polynomial ring
    forward, _ = _root_generators(c)
    return cancelled(c.xreplace(forward)) == 0


#: sums of more terms than this are not tried over one denominator
_TOGETHER_TERMS = 8

#: a quadratic form in more vectors, or with larger entries, than these is not tried as one square
_RANK_ONE_VECTORS, _RANK_ONE_SIZE = 4, 120

#: a product of a scalar and a sum is shown as one sum only when that is shorter by this factor
_FLAT_SHORTER = 0.7


@lru_cache(maxsize=16384)
def _size(expr) -> int:
    r"""The symbols and numbers one reads in ``expr``: a sign, a square root or a reciprocal costs nothing,
    so :math:`\frac{u(u - 1)}{(1 + u)^2}` is shorter than :math:`\frac{u^2 - u}{1 + 2u + u^2}`."""
    if expr.is_Atom:
        return 0 if expr in (S.NegativeOne, S.One) else 1
    if isinstance(expr, Pow):
        exponent = expr.exp
        return _size(expr.base) + (0 if exponent in (S.Half, -S.Half, S.NegativeOne) else _size(abs(exponent)))
    if isinstance(expr, Add):
        # a fraction inside a sum reads as two (-sqrt(mu) - 3 mu sqrt(s)/4), except in a perturbation of a
        # number (1 + 3 sqrt(s)/(2t), as the papers write it)
        perturbation = _printed_terms(expr)[0].is_Number
        return (sum(_size(a) + (2 if not perturbation and fraction(a)[1] != 1 else 0) for a in expr.args)
                + _leads_negative(expr))
    return sum(_size(a) for a in expr.args) + (1 if isinstance(expr, Function) else 0)


@lru_cache(maxsize=8192)
def readable_coefficient(c: Expr) -> Expr:
    r"""The shortest of ``factor(c)`` (only below a size bound), ``cancel(c)`` with its numeric content taken out,
    ``cancel(c)`` and ``c``, the first of them when several are as short.

    Examples
    --------
    >>> from sympy import sqrt
    >>> from symflow.core import k, mu, s
    >>> readable_coefficient(k / (k + 2) + 1 - 1 / (k + 2))
    (2*k + 1)/(k + 2)
    >>> readable_coefficient(s * (1 - sqrt(mu * s)) / (1 + sqrt(mu * s)) + s)
    2*s/(sqrt(mu)*sqrt(s) + 1)
    """
    if c.is_Atom or not isinstance(c, Expr):
        return c
    if not _small(c):
        return c
    reduced = cancel(c)
    candidates = ([_factor(reduced)] if _size(c) <= _FACTOR_SIZE else []) + [
        _content(reduced), reduced, c]
    candidates = [_signs(candidate) for candidate in candidates]
    return min(candidates, key=_size)  # the first of the shortest: factored, over one denominator, as given


@lru_cache(maxsize=16384)
def _content(c: Expr) -> Expr:
    """A fraction with the numeric content of its numerator taken out: 12(4 + 3Ls)/d, not (48 + 36Ls)/d."""
    numerator, denominator = fraction(c)
    number, rest = numerator.as_content_primitive()
    return number * rest / denominator


@lru_cache(maxsize=16384)
def _printed_terms(add: Add) -> tuple:
    """The terms of ``add`` in the printers' order (a sum in the step size ``s`` goes by powers of ``s``)."""
    terms = add.as_ordered_terms()
    if s in add.free_symbols:
        terms = sorted(terms, key=step_power)
    return tuple(terms)


def step_power(term) -> Expr:
    """The power of the step size ``s`` in a term of a sum: 0 when it is not a number or ``s`` is inside
    another factor (as ``term.as_coeff_exponent(s)`` gives, read off the factors without ``collect``).

    Examples
    --------
    >>> from sympy import sqrt
    >>> from symflow.core import mu, s
    >>> step_power(3 * mu * s**2), step_power(sqrt(mu) * sqrt(s)), step_power(s * (1 + s)), step_power(mu)
    (2, 1/2, 0, 0)
    """
    if not term.has(s):
        return S.Zero
    exponent = S.Zero
    for factor in Mul.make_args(term):
        base, power = factor.as_base_exp()
        if base == s and power.is_Number:
            exponent += power
        elif factor.has(s):
            return S.Zero
    return exponent


def _leads_negative(add: Add) -> bool:
    """Whether the printers start ``add`` with a minus sign."""
    return _printed_terms(add)[0].could_extract_minus_sign()


def _signs(c: Expr) -> Expr:
    r"""The factors of a product that would print with a leading minus negated in pairs with the product's sign:
    :math:`2\sqrt{\mu}(1 - \sqrt{\mu s})`, not :math:`-2\sqrt{\mu}(-1 + \sqrt{\mu s})`; even powers negated
    freely: :math:`(1 - \sqrt{\mu s})^2`, not :math:`(-1 + \sqrt{\mu s})^2`."""
    if not isinstance(c, Mul):
        return c
    sign, factors = 1, []
    for f in c.args:
        base, exponent = (f.base, f.exp) if isinstance(f, Pow) else (f, S.One)
        if isinstance(base, Add) and exponent.is_Integer and _leads_negative(base):
            factors.append(Pow(-base, exponent))  # an even power keeps its sign: (1 - sqrt(mu s))^2
            sign = -sign if exponent % 2 == 1 else sign
        else:
            factors.append(f)
    return Mul(sign, *factors)


def _root_generators(c: Expr) -> tuple:
    r"""``(forward, back)``: square (and higher) roots of positive symbols as powers of one generator each,
    :math:`\sqrt{\mu} = g^1`, :math:`\mu^{3/2} = g^3` (``factor`` and ``cancel`` then see their relations)."""
    roots: dict = {}
    for p in sorted(c.atoms(Pow), key=default_sort_key):
        if p.base.is_Symbol and p.base.is_positive and p.exp.is_Rational and not p.exp.is_Integer:
            roots[p.base] = ilcm(roots.get(p.base, 1), p.exp.q)
    # named after their symbols, so the generators' order (and the factored form) is the same in every process
    generators = {x: Dummy(f"root_{x.name}", positive=True) for x in roots}
    forward = {x: generators[x] ** q for x, q in roots.items()}
    back = {generators[x]: x ** Rational(1, q) for x, q in roots.items()}
    return forward, back


def _factor(c: Expr) -> Expr:
    r"""``factor`` that sees through square roots of positive symbols: :math:`\sqrt{\mu}`, :math:`\mu^{3/2}` are
    powers of one generator, so :math:`u + u^2` with :math:`u = \sqrt{\mu s}` factors as :math:`u(1 + u)`."""
    forward, back = _root_generators(c)
    if not forward:
        return factored(c)
    return factored(c.xreplace(forward)).xreplace(back)


def _is_point(atom) -> bool:
    """A vector atom that is a point (translated by the minimiser in Gram forms), not a derivative or gradient."""
    return isinstance(atom, (VectorSymbol, AppliedVector)) and atom != x_star


def vector_rank(atom) -> tuple:
    """Sort key of the vectors inside a norm or inner product: points first (the newest iterate first), then
    velocities, then gradients; the minimiser last.

    Examples
    --------
    >>> from symflow.core import X, t, x_star, grad
    >>> sorted([x_star, grad(X(t)), X(t).diff(t), X(t)], key=vector_rank)
    [X(t), Derivative(X(t), t), NablaF(X(t)), x^star]
    """
    if atom == x_star:
        return (9, 0, default_sort_key(atom))
    if isinstance(atom, AppliedVector):
        try:
            return (0, -sequence_shift(atom), default_sort_key(atom))
        except Exception:  # noqa: BLE001 - an index that is not k + integer keeps SymPy's order
            return (0, 0, default_sort_key(atom))
    if isinstance(atom, VectorSymbol):
        return (1, 0, default_sort_key(atom))
    if isinstance(atom, Derivative):
        return (2, atom.derivative_count, default_sort_key(atom))
    if isinstance(atom, NablaF):  # gradients in the order of their points: the newest iterate first
        point = vector_rank(atom.point) if is_vector_atom(atom.point) else (8, 0, default_sort_key(atom.point))
        return (3, len(atom.directions), point, default_sort_key(atom))
    return (4, 0, default_sort_key(atom))


def _has_vector(expr) -> bool:
    if is_vector_atom(expr):
        return True
    if isinstance(expr, (Inner, FValue, Gap)):
        return True
    return any(_has_vector(a) for a in expr.args if isinstance(a, Basic))


def _is_vector(expr) -> bool:
    """Whether ``expr`` is a vector expression (a vector atom outside of Gram coordinates)."""
    if is_vector_atom(expr):
        return True
    if isinstance(expr, (Inner, FValue, Gap)) or not isinstance(expr, Basic):
        return False
    return any(_is_vector(a) for a in expr.args)


def _is_display_form(expr) -> bool:
    """A scalar display form of another stage with vectors in it (a squared norm of a sum, ...)."""
    return ((type(expr).__module__ or "").startswith("symflow.") and isinstance(expr, Expr) and not is_vector_atom(expr)
            and not isinstance(expr, (Inner, FValue, Gap)) and bool(expr.args) and _has_vector(expr))


def _vector_term(term):
    """``(coefficient, atom)`` when ``term`` is a scalar times one vector atom, else None."""
    factors = Mul.make_args(term)
    atoms = [f for f in factors if is_vector_atom(f)]
    if len(atoms) != 1:
        return None
    rest = [f for f in factors if f is not atoms[0]]
    if any(_has_vector(f) for f in rest):
        return None
    return Mul(*rest), atoms[0]


def _readable_atom(atom):
    if isinstance(atom, NablaF):
        return NablaF(_readable_vector(atom.point), *[_readable_vector(d) for d in atom.directions])
    return atom


def _readable_vector(expr):
    """A vector expression collected by vector atom with readable coefficients (its structure kept otherwise)."""
    if is_vector_atom(expr):
        return _readable_atom(expr)
    if not isinstance(expr, Add) or any(isinstance(a, Order) for a in expr.args):
        return readable(expr)
    groups: dict = {}
    for term in expr.args:
        split = _vector_term(term)
        if split is None:
            return Add(*[readable(a) for a in expr.args])
        coefficient, atom = split
        atom = _readable_atom(atom)
        groups[atom] = groups.get(atom, S.Zero) + coefficient
    return Add(*[readable_coefficient(c) * a for a, c in groups.items() if not _is_zero(c)])


def _translate_terms(vector):
    """``[(atom, coefficient)]`` of a vector that is an atom or a point minus the minimiser, else None."""
    if is_vector_atom(vector):
        return [(_readable_atom(vector), S.One)]
    terms = Add.make_args(vector)
    if len(terms) == 2 and -x_star in terms:
        point = terms[0] if terms[1] == -x_star else terms[1]
        if _is_point(point):
            return [(point, S.One), (x_star, S.NegativeOne)]
    return None


def _monomial(term):
    """``[(coefficient, key)]`` for a scalar times one Gram coordinate, keys ``("f", P)``, ``("gap", P)``,
    ``("inner", u, v)`` for vector atoms (an inner product of differences ``P - x*`` is expanded: the sum
    puts it back together), ``("kept", coordinate)`` for an inner product of other sums; None otherwise."""
    factors = Mul.make_args(term)
    coordinates = [f for f in factors if isinstance(f, (Inner, FValue, Gap)) or _is_display_form(f)]
    if len(coordinates) != 1:
        return None
    coordinate = coordinates[0]
    rest = [f for f in factors if f is not coordinate]
    if any(_has_vector(f) for f in rest):
        return None
    c = Mul(*rest)
    if _is_display_form(coordinate):
        return [(c, ("kept", _readable(coordinate)))]
    if isinstance(coordinate, Inner):
        u, v = coordinate.args
        left, right = _translate_terms(u), _translate_terms(v)
        if left is None or right is None:  # a norm of a sum is kept as a norm
            return [(c, ("kept", Inner(_readable_vector(u), _readable_vector(v), evaluate=False)))]
        return [(c * cu * cv, ("inner", a, b)) for a, cu in left for b, cv in right]
    return [(c, ("f" if isinstance(coordinate, FValue) else "gap", _readable_vector(coordinate.args[0])))]


def _pair(u, v) -> tuple:
    return (u, v) if vector_rank(u) <= vector_rank(v) else (v, u)


def _translated(table: dict, origin=x_star):
    """The form ``{(u, v): c}`` in the points translated by ``origin``, ``{(b_u, b_v): c}`` keyed by atoms
    (a point ``a`` standing for ``a - origin``), or None when the form depends on ``origin`` otherwise."""
    out: dict = {}
    for (u, v), c in table.items():
        for a, ca in ([(u, 1)] + ([(origin, 1)] if _moved(u, origin) else [])):
            for b, cb in ([(v, 1)] + ([(origin, 1)] if _moved(v, origin) else [])):
                key = _pair(a, b)
                out[key] = out.get(key, S.Zero) + c * ca * cb
    for (a, b), c in out.items():
        if origin in (a, b) and not _is_zero(c):
            return None
    return {key: c for key, c in out.items() if origin not in key}


def _moved(atom, origin) -> bool:
    """Whether ``atom`` is a point other than ``origin`` (shown as ``atom - origin``)."""
    return origin is not None and isinstance(atom, (VectorSymbol, AppliedVector)) and atom != origin


def _origin(table: dict):
    r"""``(origin, form)``: the point the differences are taken from and the form in them (:func:`_translated`).

    The minimiser when the form depends on it only through differences, else the oldest point when the form
    depends on its points only through differences: :math:`\langle x_{k+1} - x_k, \nabla f(x_{k+1})\rangle`, not
    :math:`\langle x_{k+1}, \nabla f(x_{k+1})\rangle - \langle x_k, \nabla f(x_{k+1})\rangle`. ``(None, table)``
    when neither.
    """
    atoms = {a for key in table for a in key}
    points = sorted((a for a in atoms if _is_point(a)), key=vector_rank)
    origin = x_star if x_star in atoms else points[-1] if len(points) >= 2 else None
    moved = _translated(table, origin) if origin is not None else None
    return (None, table) if moved is None else (origin, moved)


def _shown(atom, origin):
    """``atom - origin`` for a point translated by ``origin`` (None: no translation)."""
    return atom - origin if _moved(atom, origin) else atom


def _rank_one(table: dict, origin):
    """``c‖w‖²`` when the quadratic form ``table`` has rank one over two or more vectors, else None."""
    basis = sorted({a for key in table for a in key}, key=vector_rank)
    if not 2 <= len(basis) <= _RANK_ONE_VECTORS:
        return None
    entry = {}
    for (u, v), c in table.items():
        entry[(u, v)] = entry[(v, u)] = c if u == v else c / 2
    if not all(_small(c) and _size(c) <= _RANK_ONE_SIZE for c in entry.values()):
        return None
    pivot = next((b for b in basis if not _is_zero(entry.get((b, b), S.Zero))), None)
    if pivot is None:
        return None
    scale = entry[(pivot, pivot)]
    weights = {b: cancel(entry.get((pivot, b), S.Zero) / scale) for b in basis}
    for i, a in enumerate(basis):
        for b in basis[i:]:
            if cancel(entry.get((a, b), S.Zero) - scale * weights[a] * weights[b]) != 0:
                return None
    # the vector with the origin's coefficient -1 when it has one (an affine combination of points), else
    # with its first coefficient 1
    points = cancel(Add(*[w for b, w in weights.items() if _moved(b, origin)]))
    norm = points if points != 0 else weights[pivot]
    if points != 0:
        vector = Add(*[readable_coefficient(cancel(w / norm)) * b for b, w in weights.items() if w != 0]) - origin
    else:
        vector = Add(*[readable_coefficient(cancel(w / norm)) * _shown(b, origin) for b, w in weights.items()
                       if w != 0])
    return readable_coefficient(cancel(scale * norm ** 2)) * Inner(vector, vector, evaluate=False)


def _kind(atom) -> tuple:
    """Vectors of one kind make differences: points, velocities of one order, gradients (Hessian products)."""
    if _is_point(atom):
        return ("point",)
    if isinstance(atom, NablaF):
        return ("gradient", len(atom.directions))
    if isinstance(atom, Derivative):
        return ("derivative", atom.derivative_count)
    return ("other", atom)


def _differences(table: dict, origin) -> list:
    r"""The form ``table`` as a list of ``c⟨u, v⟩``, norms and inner products of differences of vectors of one
    kind kept together: :math:`c\|u - v\|^2` for :math:`c\|u\|^2 - 2c\langle u, v
angle + c\|v\|^2`, and
    :math:`c\langle w, u - v
angle` for :math:`c\langle w, u
angle - c\langle w, v
angle` (the terms of
    interpolation inequalities, :math:`\|
abla f(x_i) - 
abla f(x_j)\|^2`)."""
    table = dict(table)
    out = []
    for u, v in [key for key in table if key[0] != key[1] and _kind(key[0]) == _kind(key[1])]:
        cu, cv, cuv = (table.get(key) for key in ((u, u), (v, v), (u, v)))
        if None in (cu, cv, cuv) or not (_is_zero(cu - cv) and _is_zero(cuv + 2 * cu)):
            continue
        for key in ((u, u), (v, v), (u, v)):
            table.pop(key)
        w = _shown(u, origin) - _shown(v, origin)
        out.append(readable_coefficient(cu) * Inner(w, w, evaluate=False))
    sides: dict = {}   # the vector w of c<w, a> -> [(a, c)]
    for (a, b), c in table.items():
        if a != b:
            sides.setdefault(a, []).append((b, c))
            sides.setdefault(b, []).append((a, c))
    for w in sorted(sides, key=vector_rank):
        for i, (a, ca) in enumerate(sides[w]):
            for b, cb in sides[w][i + 1:]:
                keys = (_pair(w, a), _pair(w, b))
                if (_kind(a) != _kind(b) or w in (a, b) or not all(key in table for key in keys)
                        or not _is_zero(ca + cb)):
                    continue
                for key in keys:
                    table.pop(key)
                first, second = sorted((a, b), key=vector_rank)
                sign = 1 if first == a else -1
                out.append(readable_coefficient(sign * ca) * Inner(
                    _shown(w, origin), _shown(first, origin) - _shown(second, origin), evaluate=False))
    out += [readable_coefficient(c) * Inner(_shown(u, origin), _shown(v, origin), evaluate=False)
            for (u, v), c in table.items()]
    return out


def _common_factor(total):
    """``factor_terms`` of a sum with its Gram coordinates held fixed (the points inside them untouched)."""
    coordinates = {c: Dummy(f"coordinate{i}") for i, c in
                   enumerate(sorted(total.atoms(Inner, FValue, Gap), key=default_sort_key))}
    if not coordinates:
        return total
    back = {d: c for c, d in coordinates.items()}
    held = total.xreplace(coordinates)
    candidates = [factor_terms(held)]
    if _small(held) and len(held.args) <= _TOGETHER_TERMS and _shared_denominator(held):
        # over one denominator when every term has a part of it: ((r - 1)^2 a + 2 s (r - 2)^2 b)/(2 s (k + r - 2)^2)
        # (first if as short), never <X - x*, g> - |g|^2/L as (L <X - x*, g> - |g|^2)/L
        numerator, denominator = fraction(together(held))
        number, rest = numerator.as_content_primitive()
        candidates.insert(0, number * rest / _factor(denominator))
    return min(candidates, key=_size).xreplace(back)


def _shared_denominator(total) -> bool:
    """Whether the denominators of the terms of ``total`` have a symbolic factor in common."""
    denominators = [fraction(term)[1] for term in Add.make_args(total)]
    common = set(Mul.make_args(denominators[0]))
    for d in denominators[1:]:
        common &= set(Mul.make_args(d))
    if any(not f.is_number for f in common):
        return True
    shared = gcd_list(denominators)
    return not shared.is_number


def _gram_sum(terms: list, *, whole: bool = True):
    """A readable sum of ``[(coefficient, key)]`` (see :func:`_monomial`); ``whole``: the terms are a whole sum,
    from which a common factor may be taken out."""
    values: dict = {}
    gaps: dict = {}
    table: dict = {}
    kept: dict = {}
    for c, key in terms:
        if key[0] == "kept":
            kept[key[1]] = kept.get(key[1], S.Zero) + c
        elif key[0] == "f":
            values[key[1]] = values.get(key[1], S.Zero) + c
        elif key[0] == "gap":
            gaps[key[1]] = gaps.get(key[1], S.Zero) + c
        else:
            pair = _pair(key[1], key[2])
            table[pair] = table.get(pair, S.Zero) + c
    out = []
    if x_star in values and _is_zero(Add(*values.values())):
        values.pop(x_star)
        for p, c in values.items():
            gaps[p] = gaps.get(p, S.Zero) + c
        values = {}
    out += [readable_coefficient(c) * Gap(p) for p, c in gaps.items() if not _is_zero(c)]
    out += [readable_coefficient(c) * FValue(p) for p, c in values.items() if not _is_zero(c)]
    out += [readable_coefficient(c) * coordinate for coordinate, c in kept.items() if not _is_zero(c)]
    origin, table = _origin({key: c for key, c in table.items() if not _is_zero(c)})
    square = _rank_one(table, origin)
    out += [square] if square is not None else _differences(table, origin)
    total = Add(*out)
    if not whole:
        return total
    common = _common_factor(total)
    taken = common.as_independent(Add, as_Add=False)[0] if isinstance(common, Mul) else S.One
    # a common factor taken out when it is symbolic (a denominator) or an integer, not a bare 1/2
    if _size(common) < _size(total) and (taken.free_symbols or taken.is_Integer):
        return common
    return total


def _readable_add(expr: Add):
    if any(isinstance(a, Order) for a in expr.args):
        return expr
    if not _has_vector(expr):
        return expr
    if any(_vector_term(a) is not None for a in expr.args):
        return _readable_vector(expr)
    flat, nested = [], []
    for a in expr.args:
        monomial = _monomial(a)
        if monomial is None:
            nested.append(a)
        else:
            flat += monomial
    # the Gram coordinates of the sum read together; a product with a sum (a multiplier times an
    # inequality, a weight times a square) keeps its structure
    return Add(*([_gram_sum(flat, whole=not nested)] if flat else []), *[readable(a) for a in nested])


def _readable_mul(expr: Mul):
    split = _vector_term(expr)
    if split is not None:
        coefficient, atom = split
        return readable_coefficient(coefficient) * _readable_atom(atom)
    monomial = _monomial(expr)
    if monomial is not None:
        return _gram_sum(monomial)
    kept = _kept_product(expr)
    sums = [f for f in expr.args if isinstance(f, Add) and _has_vector(f)]
    if len(sums) == 1 and not _has_vector(expr.as_independent(sums[0], as_Add=False)[0]):
        # a scalar times a sum of Gram coordinates: also read as one sum, where factors may cancel between the
        # scalar and the coefficients (a bound E(t0) e^{-rho t}/a(t)); the shorter is shown
        scalar = expr.as_independent(sums[0], as_Add=False)[0]
        monomials = [_monomial(a) for a in sums[0].args]
        if all(m is not None for m in monomials):
            flat = _gram_sum([(scalar * c, key) for m in monomials for c, key in m])
            if _size(flat) < _FLAT_SHORTER * _size(kept):  # clearly shorter: a multiplier times an inequality stays
                return flat
    return kept


def _kept_product(expr: Mul):
    """A product with its factors readable, the sign and the integer content of a sum of vectors outside."""
    scalar, rest = expr.as_independent(*[f for f in expr.args if _has_vector(f)], as_Add=False)
    factors = [readable(f) for f in Mul.make_args(rest)]
    content = readable_coefficient(scalar)
    for i, f in enumerate(factors):
        if isinstance(f, Add) and _has_vector(f):
            # the sign and the numeric content of the sum go to the product: 16(4a + 9b), not -16(-4a - 9b)
            number, rest = f.as_content_primitive()
            if not number.is_Integer:  # 1/2 stays inside: f - f* - |g|^2/(2L), not (2(f - f*) - |g|^2/L)/2
                number, rest = S.One, f
            if all(a.could_extract_minus_sign() for a in Add.make_args(rest)):
                number, rest = -number, -rest
            if isinstance(rest, Add):
                content, factors[i] = content * number, rest
    return Mul(content, *factors)


@lru_cache(maxsize=4096)
def _readable(expr):
    if isinstance(expr, Relational):
        return expr.func(_readable(expr.lhs), _readable(expr.rhs), evaluate=False)
    if isinstance(expr, (And, Or, Not)):
        return expr.func(*[_readable(a) for a in expr.args], evaluate=False)
    if not isinstance(expr, Expr) or expr.is_Atom or not _has_vector(expr):
        return expr
    if isinstance(expr, Add):
        return _readable_add(expr)
    if isinstance(expr, Mul):
        return _readable_mul(expr)
    if isinstance(expr, Pow) and expr.exp.is_Integer:
        return Pow(_readable(expr.base), expr.exp)
    if isinstance(expr, Inner):
        u, v = (_readable_vector(a) for a in expr.args)
        return Inner(u, v, evaluate=False) if u == v or not (is_vector_atom(u) and is_vector_atom(v)) \
            else Inner(u, v)
    if isinstance(expr, FValue):
        return FValue(_readable_vector(expr.args[0]))
    if isinstance(expr, Gap):
        return Gap(_readable_vector(expr.args[0]))
    if is_vector_atom(expr) and not isinstance(expr, VectorAtom):
        return _readable_atom(expr)
    if _is_display_form(expr):
        # a display form of another stage (a squared norm of a sum, ...): its arguments made readable
        return expr.func(*[_readable_vector(a) if _is_vector(a) else readable(a) for a in expr.args])
    return expr


#: a sum of more terms than this is collected by Gram coordinate with its coefficients as they are
_COLLECT_TERMS = 4000


@lru_cache(maxsize=4096)
def _denominator_factors(d: Expr) -> tuple:
    """``(number, ((base, exponent), ...))``: ``d`` factored (its factors as given when it does not factor)."""
    try:
        number, factors = factor_list(d)
    except (PolynomialError, NotImplementedError, TypeError, ValueError):  # noqa: PERF203 - kept whole
        number, factors = S.One, [(d, 1)]
    return number, tuple(factors)


def _over_one_denominator(c: Expr) -> Expr:
    r"""``c``, a sum of fractions, as one cancelled fraction, over the least common multiple of the factored
    denominators (``together`` and ``cancel`` of the whole sum compute the same, far slower, on sums of many
    fractions with expanded denominators)."""
    forward, back = _root_generators(c)
    return _lcm_sum(c.xreplace(forward)).xreplace(back)


def _lcm_sum(c: Expr) -> Expr:
    """:func:`_over_one_denominator` of a sum without roots of symbols."""
    ring = polynomial_ring(c.free_symbols) if c.free_symbols else None
    fractions = [term_parts(term, ring) for term in Add.make_args(c)] if ring is not None else [None]
    if all(f is not None for f in fractions):
        # in the polynomial ring of the sum's symbols (the terms' denominators factored there): the same
        # cancelled fraction as below, as cancel() writes it
        total = FractionSum(ring)
        for num, den in fractions:
            total.add(num, den)
        p, q = total.over_lcm()
        p, q = p.cancel(q)
        return p.as_expr() / q.as_expr()
    parts, lcm = [], {}
    for term in Add.make_args(c):
        numerator, denominator = fraction(term)
        number, factors = _denominator_factors(denominator)
        parts.append((numerator / number, dict(factors)))
        for base, exponent in factors:
            lcm[base] = max(lcm.get(base, 0), exponent)
    numerator = Add(*[n * Mul(*[b ** (e - f.get(b, 0)) for b, e in lcm.items()]) for n, f in parts])
    if ring_fraction(numerator) is None:   # not a rational function of symbols: as expressions
        numerator = expand(numerator)
        if numerator == 0:
            return S.Zero
        return cancel(numerator / Mul(*[b ** e for b, e in lcm.items()]))
    # in the polynomial ring: the same cancelled fraction as cancel() of the expanded numerator over the lcm
    return cancelled(numerator / Mul(*[b ** e for b, e in lcm.items()]))


def by_coordinate(expr: Expr) -> Expr:
    r"""A sum of scalars times Gram coordinates (inner products, values of :math:`f`) collected by coordinate,
    each coefficient as one cancelled fraction; the same value, for display (:func:`readable` then writes
    :math:`f(P) - f^\star`, differences and norms, and the shortest form of each coefficient).

    A sum with more than ``_COLLECT_TERMS`` terms is collected with its coefficients as they are.

    Examples
    --------
    >>> from sympy import expand
    >>> from symflow.core import FValue, Inner, k, x, text
    >>> e = expand((k / (k + 1) - 1 / (k + 1)) * FValue(x(k)) + (k**2 - 1) / (k + 1) ** 2 * Inner(x(k), x(k))
    ...            - FValue(x(k)))
    >>> by_coordinate(e)
    (k - 1)*Inner(x(k), x(k))/(k + 1) - 2*FValue(x(k))/(k + 1)
    >>> print(text(by_coordinate(e)))
    ((k - 1)·‖x_k‖² - 2·f(x_k))/(k + 1)
    """
    terms = Add.make_args(expr)
    groups: dict = {}
    for term in terms:
        coefficient, coordinate = term.as_independent(Inner, FValue, as_Add=False)
        groups.setdefault(coordinate, []).append(coefficient)
    if len(terms) > _COLLECT_TERMS:
        return Add(*[Add(*cs) * coordinate for coordinate, cs in groups.items()])
    return Add(*[_over_one_denominator(Add(*cs)) * coordinate for coordinate, cs in groups.items()])


def readable(expr):
    r"""``expr`` rewritten for reading, with the same value (see the module docstring).

    Anything that is not a SymPy expression, relation or logical combination is returned as it is.

    Examples
    --------
    >>> from symflow.core import X, t, x_star, Inner, FValue, text
    >>> E = t**2 * (FValue(X(t)) - FValue(x_star)) + 2 * (Inner(X(t), X(t)) - 2 * Inner(X(t), x_star)
    ...     + Inner(x_star, x_star) + t * Inner(X(t), X(t).diff(t)) - t * Inner(x_star, X(t).diff(t))
    ...     + t**2 / 4 * Inner(X(t).diff(t), X(t).diff(t)))
    >>> print(text(readable(E)))
    t^2·(f(X) - f⋆) + 2·‖X + t/2 Ẋ - x⋆‖²
    """
    if not isinstance(expr, Basic):
        return expr
    try:
        return _readable(expr)
    except (TypeError, ValueError, ZeroDivisionError, NotImplementedError):  # noqa: PERF203 - shown as it is
        return expr
