r"""Paper notation: LaTeX and plain-text printers for symflow's expressions.

SymPy would print :math:`\ddot X` as ``\frac{d^{2}}{d t^{2}} X{\left(t \right)}``;
these printers write :math:`\ddot X`, :math:`\nabla f(X)`,
:math:`\nabla^2 f(X)\dot X`, :math:`x_{k+1}`, :math:`\langle u, v\rangle`,
:math:`\sqrt{\mu s}`, and order the terms of a vector equation as papers do:
highest derivative first, then lower derivatives, Hessian-driven terms, the
gradient, and constant vectors.

Examples
--------
>>> from sympy import sqrt
>>> from symflow.core import X, t, s, mu, grad, NablaF
>>> e = X(t).diff(t, 2) + 2 * sqrt(mu) * X(t).diff(t) + sqrt(s) * NablaF(X(t), X(t).diff(t)) \
...     + (1 + sqrt(mu * s)) * grad(X(t))
>>> latex(e)
'\\ddot{X} + 2 \\sqrt{\\mu} \\dot{X} + \\sqrt{s} \\nabla^{2} f(X) \\dot{X} + \\left(1 + \\sqrt{\\mu s}\\right) \\nabla f(X)'
>>> text(e)
'Ẍ + 2√μ Ẋ + √s ∇²f(X) Ẋ + (1 + √(μ s)) ∇f(X)'
"""
from __future__ import annotations

import re
import unicodedata

from sympy import (
    Add,
    Derivative,
    Eq,
    Expr,
    Mul,
    Order,
    Pow,
    Rational,
    S,
    Symbol,
    default_sort_key,
    log,
)
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from .readable import readable, step_power, vector_rank
from .symbols import AppliedVector, k, s, sequence_shift, t
from .vectors import Inner, NablaF, is_vector_atom

__all__ = ["atom_rank", "latex", "text", "plain_math"]


_GREEK_TEXT = {"mu": "μ", "delta": "δ", "lambda": "λ", "alpha": "α", "beta": "β", "gamma": "γ",
               "sigma": "σ", "epsilon": "ε", "varepsilon": "ε", "tau": "τ", "rho": "ρ", "kappa": "κ",
               "theta": "θ", "nu": "ν", "omega": "ω", "phi": "φ", "psi": "ψ", "eta": "η", "xi": "ξ"}
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def atom_rank(atom) -> tuple:
    """Sort key of vector atoms in paper order (highest derivative first)."""
    if isinstance(atom, Derivative):
        return (0, -atom.derivative_count, default_sort_key(atom))
    if isinstance(atom, NablaF):
        return (2, -len(atom.directions), default_sort_key(atom))
    if isinstance(atom, AppliedVector):
        try:
            return (1, -sequence_shift(atom), default_sort_key(atom))
        except Exception:
            return (1, 0, default_sort_key(atom))
    return (1, 2 if getattr(atom, "name", "") == "x^star" else 1, default_sort_key(atom))


def _vector_terms(expr):
    """``[(atom, coefficient)]`` in paper order when ``expr`` is a sum of vector terms, else None."""
    if not isinstance(expr, Add):
        return None
    groups: dict = {}
    orders = []
    for term in expr.args:
        if isinstance(term, Order):
            orders.append(term)
            continue
        atoms = [f for f in Mul.make_args(term) if is_vector_atom(f)]
        if len(atoms) != 1:
            return None
        groups[atoms[0]] = groups.get(atoms[0], S(0)) + term / atoms[0]
    ranked = sorted(groups.items(), key=lambda kv: atom_rank(kv[0]))
    if orders:  # a series: ascending order, remainder last
        ranked = sorted(groups.items(), key=lambda kv: _series_rank(kv[0]))
        ranked += [(o, S(1)) for o in orders]
    return ranked


def _series_rank(atom) -> tuple:
    if isinstance(atom, Derivative):
        return (0, atom.derivative_count, default_sort_key(atom))
    if isinstance(atom, NablaF):
        return (1, len(atom.directions), default_sort_key(atom))
    return (-1, 0, default_sort_key(atom))


_GREEK_LATEX = {"λ": r"\lambda", "μ": r"\mu", "ρ": r"\rho", "α": r"\alpha", "β": r"\beta",
                "γ": r"\gamma", "δ": r"\delta", "τ": r"\tau", "σ": r"\sigma", "κ": r"\kappa",
                "θ": r"\theta", "ε": r"\varepsilon", "ν": r"\nu", "ω": r"\omega"}


def _labelled_symbol_latex(name: str, label_width=None) -> str:
    r"""LaTeX for symbols named in words, such as ``λ[interpolation (X, x*)]``.

    The words are text and the math in them math (:func:`tex_text`); with ``label_width`` (a
    fraction of the line) a label longer than ``_LONG_LABEL`` characters is set in a box of
    that width, where it can take several lines.
    """
    import re

    match = re.match(r"^(.+?)\[(.*)\]$", name)
    if match:
        base, label = match.groups()
        base = _GREEK_LATEX.get(base, rf"\text{{{tex_escape(base)}}}")
        if label_width and len(label) > _LONG_LABEL:
            return (rf"{base}_{{\parbox[t]{{{label_width}\linewidth}}{{\raggedright\scriptsize "
                    rf"{tex_text(label)}}}}}")
        return rf"{base}_{{{_math_form(label)}}}"
    return _math_form(name)


def _math_form(words: str) -> str:
    """Words for math mode: the text in ``\\text{...}``, the math in them as math."""
    pieces = tex_text(words).replace(r"\allowbreak", "").split("$")
    if len(pieces) % 2 == 0 or "\\$" in words:
        return rf"\text{{{tex_escape(words)}}}"
    return "".join((rf"\text{{{p}}}" if p else "") if i % 2 == 0 else p for i, p in enumerate(pieces))


#: a symbol's label longer than this many characters may be set in a box of several lines
_LONG_LABEL = 40


def _index(arg, show) -> str:
    """``k+1`` rather than SymPy's ``1 + k`` for sequence indices."""

    shift = arg - k
    if arg.has(k) and shift.is_Integer:
        return "k" if shift == 0 else f"k{int(shift):+d}"
    return show(arg)


def _single_vector_term(expr: Mul):
    atoms = [f for f in expr.args if is_vector_atom(f)]
    if len(atoms) != 1:
        return None
    return atoms[0], expr / atoms[0]


def _sqrt_factors(expr: Mul):
    roots, rest = [], []
    for f in expr.args:
        if isinstance(f, Pow) and f.exp == Rational(1, 2) and f.base.is_Symbol:
            roots.append(f.base)
        else:
            rest.append(f)
    return roots, rest


class _PerturbationOrder:
    """Sums that involve the step size s are written as series: 1 + sqrt(mu s), not sqrt(mu s) + 1."""

    def _as_ordered_terms(self, expr, order=None):
        terms = super()._as_ordered_terms(expr, order=order)

        if s in expr.free_symbols:
            return sorted(terms, key=step_power)
        return terms


def _bare_argument(arg) -> bool:
    """Whether a logarithm's argument is written without parentheses: a symbol or a positive integer."""
    return bool(arg.is_Symbol and " " not in arg.name or arg.is_Integer and arg.is_positive)


def _bare_log(factor) -> bool:
    """Whether ``factor`` is :math:`\\log a` or a power of it, :math:`a` bare (see :func:`_bare_argument`)."""
    if isinstance(factor, Pow):
        factor = factor.base
    return isinstance(factor, log) and _bare_argument(factor.args[0])


class _LogNotation:
    r"""Logarithms as papers write them: :math:`\log t`, :math:`\log 2`, :math:`\log(t + 1)`.

    A bare logarithm (:func:`_bare_log`) that another factor of a product would follow takes its
    parentheses back, :math:`\log(t)\, x` rather than :math:`\log t\, x`, which reads as
    :math:`\log(tx)`: the product is printed again with every logarithm closed. A printer sets
    ``_FOLLOWER`` (what may follow a bare logarithm: the end, or a closing bracket) and
    ``_paper_Mul`` (its own products).
    """

    _closed_logs = False
    _FOLLOWER = re.compile(r"\s*$")

    def _closed(self, show, *args):
        """``show(*args)`` with every logarithm in parentheses."""
        if self._closed_logs:
            return show(*args)
        self._closed_logs = True
        try:
            return show(*args)
        finally:
            self._closed_logs = False

    def _print_Mul(self, expr):
        out = self._paper_Mul(expr)
        if self._closed_logs or not any(_bare_log(f) for f in Mul.make_args(expr)):
            return out
        for factor in {f for f in Mul.make_args(expr) if _bare_log(f)}:
            if isinstance(factor, Pow) and factor.exp.is_negative:
                continue  # in a denominator
            shown = self._print(factor)
            at = out.find(shown)
            while at >= 0:
                if not self._FOLLOWER.match(out, at + len(shown)):
                    return self._closed(self._paper_Mul, expr)
                at = out.find(shown, at + 1)
        return out


class PaperLatexPrinter(_LogNotation, _PerturbationOrder, LatexPrinter):
    """LaTeX in the notation of the papers (see the module docstring).

    The setting ``label_width`` (a fraction of the line, default None) boxes the long labels
    of symbols named in words, for documents whose lines must fit the page.
    """

    _default_settings = {**LatexPrinter._default_settings, "label_width": None}

    def _print_VectorSymbol(self, expr):
        return {"x^star": r"x^\star"}.get(expr.name, expr.name)

    def _print_Symbol(self, expr, style="plain"):
        name = expr.name
        if name.isascii() and " " not in name and "[" not in name:
            return super()._print_Symbol(expr, style)
        return _labelled_symbol_latex(name, self._settings["label_width"])

    def _print_AppliedVector(self, expr):
        (arg,) = expr.args
        name = expr.func.__name__
        if name.isupper():
            return name if arg == t else f"{name}({self._print(arg)})"
        return f"{name}_{{{_index(arg, self._print)}}}"

    def _print_Function(self, expr, exp=None):
        if isinstance(expr, AppliedVector):
            return self._print_AppliedVector(expr)
        if isinstance(expr, AppliedUndef):
            # a scalar function as the papers write it: a(t), never a{\left(t \right)}
            args = ", ".join(self._print(a) for a in expr.args)
            inside = rf"\left({args}\right)" if any(not (a.is_Atom or isinstance(a, AppliedVector))
                                                      for a in expr.args) else f"({args})"
            head = self._print(Symbol(expr.func.__name__))
            return f"{head}{inside}" + (f"^{{{exp}}}" if exp is not None else "")
        return super()._print_Function(expr, exp)

    def _dots(self, expr):
        n = expr.derivative_count
        (arg,) = expr.expr.args
        base = self._print(expr.expr) if arg == t else expr.expr.func.__name__
        if n <= 3:
            dotted = {1: r"\dot{%s}", 2: r"\ddot{%s}", 3: r"\dddot{%s}"}[n] % base
        else:
            dotted = f"{base}^{{({n})}}"
        return dotted if arg == t else f"{dotted}({self._print(arg)})"

    def _print_Derivative(self, expr):
        if isinstance(expr.expr, AppliedVector) and len(expr.variables) and set(expr.variables) == {t}:
            return self._dots(expr)
        if _own_time_derivative(expr):
            if isinstance(expr.expr, AppliedVector):  # X(tau) differentiated in tau: the dots and (tau)
                return self._dots(expr)
            # a scalar function of time, as the papers write it: \dot\alpha_t, \ddot a(t), not d/dt alpha_t
            head = self._print(Symbol(expr.expr.func.__name__))
            whole = self._print(expr.expr)
            if whole.startswith(head):
                mark = {1: r"\dot", 2: r"\ddot", 3: r"\dddot"}[expr.derivative_count]
                return f"{mark}{{{head}}}{whole[len(head):]}"
        return super()._print_Derivative(expr)

    def _print_Subs(self, expr):
        body, (var,), (point,) = expr.args
        if isinstance(body, Derivative) and isinstance(body.expr, AppliedVector) and var == t:
            return f"{self._dots(body)}({self._print(point)})"
        return super()._print_Subs(expr)

    def _slot(self, v):
        out = self._print(v)
        return rf"\left({out}\right)" if isinstance(v, Add) else out

    def _print_NablaF(self, expr):
        point = self._print(expr.point)
        if not (expr.point.is_Atom or isinstance(expr.point, AppliedVector)):
            point = rf"\left({point}\right)"
        else:
            point = f"({point})"
        n = len(expr.directions)
        if n == 0:
            return rf"\nabla f{point}"
        if n == 1:
            return rf"\nabla^{{2}} f{point} {self._slot(expr.directions[0])}"
        inside = ", ".join(self._print(d) for d in expr.directions)
        return rf"\nabla^{{{n + 1}}} f{point}[{inside}]"

    def _print_FValue(self, expr):
        return f"f({self._print(expr.args[0])})"

    def _print_Inner(self, expr):
        u, v = (_slot_text(self, w, lambda c: rf"\left({c}\right)") for w in expr.args)
        if expr.args[0] == expr.args[1]:
            return rf"\|{u}\|^{{2}}"
        return rf"\langle {u}, {v} \rangle"

    _FOLLOWER = re.compile(r"\s*(?:$|\}|\\right|\)|\\log\b)")

    def _print_log(self, expr, exp=None):
        (arg,) = expr.args
        inside = self._print(arg)
        head = r"\log" if exp is None else rf"\log^{{{exp}}}"
        if _bare_argument(arg) and not self._closed_logs:
            return f"{head} {inside}"
        if any(tall in inside for tall in (r"\frac", r"\left", r"\sum", r"\int", r"\begin")):
            return rf"{head}\left({inside}\right)"
        return f"{head}({inside})"

    def _print_Pow(self, expr):
        if _bare_log(expr.base) and not expr.exp.is_Integer and not (
                expr.exp.is_Rational and abs(expr.exp.p) == 1):  # log(t)^q, not log t^q; roots enclose it
            return self._closed(super()._print_Pow, expr)
        return super()._print_Pow(expr)

    def _paper_Mul(self, expr):
        single = _single_vector_term(expr)
        if single is not None:
            return _join(self, [single], lambda c: rf"\left({c}\right)")
        roots, rest = _sqrt_factors(expr)
        if len(roots) >= 2:
            merged = r"\sqrt{%s}" % " ".join(self._print(b) for b in sorted(roots, key=str))
            if not rest:
                return merged
            head = Mul(*rest)
            if head == -1:
                return "- " + merged
            return f"{self._print(head)} {merged}" if not isinstance(head, Add) else \
                rf"\left({self._print(head)}\right) {merged}"
        return LatexPrinter._print_Mul(self, expr)

    def _print_Add(self, expr, order=None):
        terms = _vector_terms(expr)
        if terms is None:
            return super()._print_Add(expr, order=order)
        return _join(self, terms, lambda c: rf"\left({c}\right)")


def _own_time_derivative(expr: Derivative) -> bool:
    r"""Whether ``expr`` differentiates (up to three times) a function of one symbol in that symbol only, as
    :math:`\dot\alpha_t = \frac{d}{dt}\alpha_t` or :math:`\frac{d}{d\tau} X(\tau)` do."""
    body = expr.expr
    if not isinstance(body, AppliedUndef) or len(body.args) != 1 or not (
            body.args[0].is_Symbol or isinstance(body.args[0], AppliedUndef)):  # a time tau_t = tau(t)
        return False
    return set(expr.variables) == {body.args[0]} and expr.derivative_count <= 3


def _slot_text(printer, vector, paren) -> str:
    """A vector inside a norm or inner product, its terms in the order of :func:`vector_rank` (points first)."""
    terms = _vector_terms(vector)
    if terms is None or any(isinstance(a, Order) for a, _ in terms):
        return printer._print(vector)
    return _join(printer, sorted(terms, key=lambda kv: vector_rank(kv[0])), paren)


def _join(printer, terms, paren) -> str:
    parts = []
    for atom, coefficient in terms:
        if isinstance(coefficient, Add):
            negative = all(a.could_extract_minus_sign() for a in coefficient.args)
        else:
            negative = coefficient.could_extract_minus_sign()
        c = -coefficient if negative else coefficient
        atom_text = printer._print(atom)
        if c == 1:
            body = atom_text
        else:
            ctext = printer._closed(printer._print, c) if c.has(log) else printer._print(c)  # log(t) X
            body = f"{paren(ctext) if isinstance(c, Add) else ctext} {atom_text}"
        parts.append(("- " if negative else "+ ") + body)
    out = " ".join(parts)
    return out[2:] if out.startswith("+ ") else "-" + out[1:] if out.startswith("- ") else out


#: stands for a ``*`` inside a name while :func:`text` turns the printer's ``*`` into ``·``
_NAME_STAR = "\ue000"


class PaperTextPrinter(_LogNotation, _PerturbationOrder, StrPrinter):
    """Unicode text in the notation of the papers, for terminals."""

    def _print_Symbol(self, expr):
        return _GREEK_TEXT.get(expr.name, expr.name).replace("*", _NAME_STAR)

    def _print_VectorSymbol(self, expr):
        return {"x^star": "x⋆", "x_0": "x₀"}.get(expr.name, expr.name).replace("*", _NAME_STAR)

    def _print_AppliedVector(self, expr):
        (arg,) = expr.args
        name = expr.func.__name__
        if name.isupper():
            return name if arg == t else f"{name}({self._print(arg)})"
        index = _index(arg, self._print)
        return f"{name}_{index}" if arg.is_Atom else f"{name}_({index})"

    def _print_Function(self, expr):
        if isinstance(expr, AppliedVector):
            return self._print_AppliedVector(expr)
        name = expr.func.__name__
        if isinstance(expr, AppliedUndef) and name in _GREEK_TEXT:
            return f"{_GREEK_TEXT[name]}({', '.join(self._print(a) for a in expr.args)})"
        return super()._print_Function(expr)

    def _dots(self, expr):
        n = expr.derivative_count
        base = expr.expr.func.__name__
        if n <= 3:
            return unicodedata.normalize("NFC", base + {1: "\u0307", 2: "\u0308", 3: "\u20db"}[n])
        return f"{base}^({n})"

    def _print_Derivative(self, expr):
        if isinstance(expr.expr, AppliedVector) and (set(expr.variables) == {t} or _own_time_derivative(expr)):
            d = self._dots(expr)
            return d if expr.expr.args[0] == t else f"{d}({self._print(expr.expr.args[0])})"
        if isinstance(expr.expr, AppliedUndef) and (set(expr.variables) == {t} and expr.derivative_count <= 3
                                                    or _own_time_derivative(expr)):
            # a scalar function of time, as the papers write it: α̇_t, β̈(t), never Derivative(alpha(t), t)
            base = self._print(expr.expr)
            mark = {1: "\u0307", 2: "\u0308", 3: "\u20db"}[expr.derivative_count]
            return unicodedata.normalize("NFC", base[:1] + mark + base[1:])
        return super()._print_Derivative(expr)

    def _print_Subs(self, expr):
        body, (var,), (point,) = expr.args
        if isinstance(body, Derivative) and isinstance(body.expr, AppliedVector) and var == t:
            return f"{self._dots(body)}({self._print(point)})"
        return super()._print_Subs(expr)

    def _print_NablaF(self, expr):
        point = self._print(expr.point)
        n = len(expr.directions)
        if n == 0:
            return f"∇f({point})"
        if n == 1:
            v = expr.directions[0]
            vt = self._print(v)
            return f"∇²f({point}) {'(' + vt + ')' if isinstance(v, Add) else vt}"
        sup = str(n + 1).translate(_SUPERSCRIPT)
        return f"∇{sup}f({point})[{', '.join(self._print(d) for d in expr.directions)}]"

    def _print_FValue(self, expr):
        return f"f({self._print(expr.args[0])})"

    def _print_Inner(self, expr):
        u, v = (_slot_text(self, w, lambda c: f"({c})") for w in expr.args)
        if expr.args[0] == expr.args[1]:
            return f"‖{u}‖²"
        return f"⟨{u}, {v}⟩"

    _FOLLOWER = re.compile(r"(?:$|\)|\]|,|\*log\b)")

    def _print_log(self, expr):
        (arg,) = expr.args
        if _bare_argument(arg) and not self._closed_logs:
            return f"log {self._print(arg)}"
        return f"log({self._print(arg)})"

    def _print_Pow(self, expr, rational=False):
        if _bare_log(expr.base) and expr.exp != Rational(1, 2) and expr.exp != Rational(-1, 2):
            return self._closed(super()._print_Pow, expr, rational)  # log(t)^2, never log t^2
        if expr.exp == Rational(1, 2):
            b = self._print(expr.base)
            return f"√{b}" if expr.base.is_Atom else f"√({b})"
        if expr.exp == Rational(-1, 2):
            b = self._print(expr.base)
            return f"1/√{b}" if expr.base.is_Atom else f"1/√({b})"
        return super()._print_Pow(expr, rational)

    def _paper_Mul(self, expr):
        single = _single_vector_term(expr)
        if single is not None:
            return _join(self, [single], lambda c: f"({c})")
        roots, rest = _sqrt_factors(expr)
        if len(roots) >= 2:
            merged = "√(%s)" % " ".join(self._print(b) for b in sorted(roots, key=str))
            if not rest:
                return merged
            head = Mul(*rest)
            if head == -1:
                return "-" + merged
            htext = self._print(head)
            return f"{'(' + htext + ')' if isinstance(head, Add) else htext} {merged}"
        out = StrPrinter._print_Mul(self, expr)
        return out.replace("*√", "√")

    def _print_Add(self, expr, order=None):
        terms = _vector_terms(expr)
        if terms is None:
            return super()._print_Add(expr, order=order)
        return _join(self, terms, lambda c: f"({c})")


def latex(expr, *, label_width: float | None = None) -> str:
    r"""LaTeX of an expression or equation in paper notation.

    ``label_width`` (a fraction of the line) boxes long labels of symbols named in words, so
    that they may take several lines in a document.

    Examples
    --------
    >>> from symflow.core import X, t, grad
    >>> latex(Eq(X(t).diff(t), -grad(X(t))))
    '\\dot{X} = - \\nabla f(X)'
    >>> from sympy import Symbol
    >>> latex(Symbol("λ[interpolation (x*, X)]"))
    '\\lambda_{\\text{interpolation }(x^{\\star}, X)}'
    >>> from sympy import log
    >>> latex(2 * log(t)), latex(log(t + 1)), latex(log(t) * X(t))
    ('2 \\log t', '\\log(t + 1)', '\\log(t) X')
    """
    expr = S(expr) if not isinstance(expr, Expr) and not isinstance(expr, Eq) else expr
    if isinstance(expr, Eq):
        return f"{latex(expr.lhs, label_width=label_width)} = {latex(expr.rhs, label_width=label_width)}"
    return PaperLatexPrinter({"label_width": label_width}).doprint(readable(expr))


def text(expr) -> str:
    """Plain unicode text of an expression or equation in paper notation.

    Products are written with ``·`` and powers with ``^``; a ``*`` in a symbol's name stays.

    Examples
    --------
    >>> from sympy import Symbol
    >>> from symflow.core import X, t
    >>> print(text(3 * X(t).diff(t) / t))
    3/t Ẋ
    >>> print(text(2 * Symbol("λ[interpolation (x*, X)]") * Symbol("y") ** 2))
    2·y^2·λ[interpolation (x*, X)]
    >>> from sympy import Function
    >>> print(text(Function("alpha")(t).diff(t)))
    α̇(t)
    >>> from sympy import log
    >>> print(text(2 * log(t)), text(log(t + 1)), text(log(t) / 2))
    2·log t log(t + 1) log(t)/2
    """
    if isinstance(expr, Eq):
        return f"{text(expr.lhs)} = {text(expr.rhs)}"
    out = PaperTextPrinter().doprint(readable(expr))
    return out.replace("**", "^").replace("*", "·").replace(_NAME_STAR, "*")


_PLAIN = [
    (r"\left", ""), (r"\right", ""), (r"\,", " "), (r"\quad", "  "), (r"\qquad", "   "),
    (r"\ddot{X}", "Ẍ"), (r"\dot{X}", "Ẋ"), (r"\ddot X", "Ẍ"), (r"\dot X", "Ẋ"),
    (r"\nabla^2 ", "∇²"), (r"\nabla^{2} ", "∇²"), (r"\nabla ", "∇"), (r"\nabla", "∇"), (r"\langle", "⟨"), (r"\rangle", "⟩"),
    (r"\|", "‖"), (r"\geq", "≥"), (r"\leq", "≤"), (r"\ge", "≥"), (r"\le", "≤"), (r"\to", "→"),
    (r"\infty", "∞"), (r"\in ", "∈ "), (r"\cdot", "·"), (r"\star", "⋆"), (r"\circ", "∘"),
    (r"\preceq", "⪯"), (r"\succeq", "⪰"), (r"\mapsto", "↦"), (r"\log", "log"), (r"\exp", "exp"),
    (r"\mathbb{R}", "R"), ("^{2}", "²"), ("^{3}", "³"), ("^{-1}", "⁻¹"),
    (r"\dot\alpha", "α̇"), (r"\dot\beta", "β̇"), (r"\dot\gamma", "γ̇"), (r"\ddot\tau", "τ̈"),
    (r"\dot\tau", "τ̇"), (r"\dot{\tilde\gamma}", "γ̃̇"), (r"\dot{\tilde\beta}", "β̃̇"),
    (r"\tilde\alpha", "α̃"), (r"\tilde\beta", "β̃"), (r"\tilde\gamma", "γ̃"), (r"\tilde L", "L̃"),
    (r"\partial", "∂"), (r"\varepsilon", "ε"),
    (r"\dot Y", "Ẏ"), (r"\ddot Y", "Ÿ"), (r"\odot", "⊙"),
]


def _group(part: str) -> str:
    return part if part.isdigit() or part.isalpha() and len(part) == 1 else f"({part})"


def _numerator(part: str) -> str:
    return f"({part})" if any(c in part for c in "+- ") else part


_PLAIN_GREEK = {**_GREEK_TEXT, "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Sigma": "Σ", "Phi": "Φ",
                "Psi": "Ψ", "Omega": "Ω", "zeta": "ζ", "chi": "χ", "pi": "π", "varphi": "φ", "ell": "ℓ"}
_PLAIN_FUNCTIONS = ("log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "det", "max", "min", "sup", "inf",
                    "lim")
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_ARGUMENT = r"(\{[^{}]*\}|\\[A-Za-z]+|[^\s{}\\])"


def _argument(part: str) -> str:
    return part[1:-1] if part.startswith("{") else part


def _plain_piece(piece: str) -> str:
    """One ``$...$`` segment of LaTeX as terminal text."""
    import re

    piece = re.sub(r"\\(?:mathrm|operatorname|text|textrm|mathit|mathbf|boldsymbol)\{([^{}]*)\}", r"\1", piece)
    piece = re.sub(r"\^\{?\\(?:top|mathsf\{?T\}?|mathsf T)\}?", "ᵀ", piece)
    piece = re.sub(r"\^\{?\\star\}?", "⋆", piece)
    piece = re.sub(r"\\[lr]Vert\s*", "‖", piece)
    piece = re.sub(r"\\[lr]vert\s*", "|", piece)
    piece = piece.replace(r"\;", " ").replace(r"\!", "").replace(r"\top", "ᵀ")

    def function(match):
        before = match.string[:match.start()]
        after = match.string[match.end():]
        lead = " " if before and (before[-1].isalnum() or before[-1] in ")}") else ""
        trail = " " if after and (after[0].isalnum() or after[0] == "\\") else ""
        return lead + match.group(1) + trail

    piece = re.sub(r"\\(%s)(?![A-Za-z])" % "|".join(_PLAIN_FUNCTIONS), function, piece)
    piece = re.sub(r"\\(d?dot)\s*\{?([A-Za-z])\}?(?![A-Za-z])", lambda m: unicodedata.normalize(
        "NFC", m.group(2) + ("\u0307" if m.group(1) == "dot" else "\u0308")), piece)
    for a, b in _PLAIN:
        piece = piece.replace(a, b)

    def fraction(match):
        top, bottom = _argument(match.group(1)), _argument(match.group(2))
        after = match.string[match.end():]
        trail = " " if after and after[0] not in " )]},;.:+-=/^_'" else ""
        return f"{_numerator(top)}/{_group(bottom)}{trail}"

    def root(match):
        inner = _argument(match.group(1))
        single = len(inner) == 1 or re.fullmatch(r"\\[A-Za-z]+", inner)
        return "√" + (inner if single else f"({inner})")

    for _ in range(3):
        piece = re.sub(r"\\sqrt" + _ARGUMENT, root, piece)
        piece = re.sub(r"\\[dt]?frac" + _ARGUMENT + _ARGUMENT, fraction, piece)
        piece = re.sub(r"_{([^{}]*)}", lambda m: "_" + (m.group(1) if len(m.group(1)) == 1
                                                        else f"({m.group(1)})"), piece)
        piece = re.sub(r"\^{([^{}]*)}", lambda m: m.group(1).translate(_SUPERSCRIPT_DIGITS)
                       if m.group(1).isdigit() else "^" + (m.group(1) if len(m.group(1)) == 1
                                                           else f"({m.group(1)})"), piece)
    piece = re.sub(r"\^(\d)", lambda m: m.group(1).translate(_SUPERSCRIPT_DIGITS), piece)
    piece = re.sub(r"\\([A-Za-z]+)", lambda m: _PLAIN_GREEK.get(m.group(1), m.group(1)), piece)
    return piece.replace("{", "").replace("}", "")


def plain_math(words: str) -> str:
    r"""Words with inline ``$...$`` LaTeX made readable on a terminal.

    Examples
    --------
    >>> plain_math(r"put $\delta = \sqrt{s}$ and $x_{k+1} = X(t + \delta)$")
    'put δ = √s and x_(k+1) = X(t + δ)'
    >>> plain_math(r"for $f = \frac12\lambda x^2$, $\sqrt\lambda t$ and $p\log t$")
    'for f = 1/2 λ x², √λ t and p log t'
    >>> plain_math(r"the energy $t(f - f^\star) + \frac12\lVert X - x^\star\rVert^2$; $LDL^\top$")
    'the energy t(f - f⋆) + 1/2 ‖X - x⋆‖²; LDLᵀ'
    >>> plain_math(r"$\dot E \le -\frac{\sqrt{\mu}}{4} E$")
    'Ė ≤ -√μ/4 E'
    """
    if "$" not in words:
        return words
    pieces = words.split("$")
    return "".join(_plain_piece(piece) if i % 2 else piece for i, piece in enumerate(pieces))


_TEX_TEXT = {
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
    "§": r"\S{}", "–": "--", "—": "---", "’": "'", "“": "``", "”": "''", "…": r"\dots{}",
}
_TEX_MATH = {
    "√": r"\sqrt{}", "≥": r"\geq", "≤": r"\leq", "→": r"\to", "↦": r"\mapsto", "∇": r"\nabla",
    "⟨": r"\langle", "⟩": r"\rangle", "‖": r"\|", "⪯": r"\preceq", "⪰": r"\succeq", "∘": r"\circ",
    "·": r"\cdot", "±": r"\pm", "∞": r"\infty", "≠": r"\neq", "≈": r"\approx", "∈": r"\in",
    "×": r"\times", "∑": r"\sum", "∂": r"\partial", "²": "^{2}", "³": "^{3}", "⁻": "^{-}", "¹": "^{1}",
    "₀": "_{0}", "₁": "_{1}", "₂": "_{2}", "ₖ": "_{k}", "∗": "*", "⋆": r"\star", "−": "-",
    "\u0307": "", "\u0308": "", "\u20db": "", "ᵀ": r"^{\mathsf{T}}",
}
_GREEK = "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩ"
_GREEK_NAMES = ("alpha beta gamma delta varepsilon zeta eta theta iota kappa lambda mu nu xi pi rho "
                "sigma tau upsilon varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi "
                "Omega").split()
_TEX_MATH.update({g: "\\" + n for g, n in zip(_GREEK, _GREEK_NAMES)})
_ACCENTS = {"è": r"\`e", "é": r"\'e", "ö": r'\"o', "ü": r'\"u', "ä": r'\"a', "à": r"\`a", "ç": r"\c{c}",
            "ñ": r"\~n", "É": r"\'E", "Ẋ": r"$\dot{X}$", "Ẍ": r"$\ddot{X}$"}


def tex_escape(words: str) -> str:
    r"""Words for LaTeX text mode: special characters escaped, symbols set in math.

    Segments between ``$...$`` are inline LaTeX and pass through unchanged.

    Examples
    --------
    >>> tex_escape(r"50% of $\sqrt{s}$ & μ")
    '50\\% of $\\sqrt{s}$ \\& $\\mu$'
    """
    pieces = words.split("$")
    if len(pieces) % 2 == 0:  # unbalanced: treat every dollar as text
        return _escape_plain(words)
    return "".join(_escape_plain(p) if i % 2 == 0 else f"${p}$" for i, p in enumerate(pieces))


def _escape_plain(words: str) -> str:
    import unicodedata

    out = []
    for ch in unicodedata.normalize("NFC", words):
        if ch in _TEX_TEXT:
            out.append(_TEX_TEXT[ch])
        elif ch in _ACCENTS:
            out.append(_ACCENTS[ch])
        elif ch in _TEX_MATH:
            out.append(f"${_TEX_MATH[ch]}$" if _TEX_MATH[ch] else "")
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append("?")
    return "".join(out).replace("$$", "")


# ---------------------------------------------------------------------------------------------------------------
# Displayed equations that fit the page: an estimate of the width of LaTeX math and a printer that breaks long
# sums between their top-level summands (and long factors inside sized parentheses).

#: the width, in the units of :func:`latex_width`, of one displayed line of the generated documents
DISPLAY_BUDGET = 72
#: the width of the text, in the same units
_LINE_UNITS = 84

_ZERO_WIDTH = {"left", "right", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "big", "Big", "bigg",
               "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "allowbreak", "nonumber",
               "notag", "label", "mathstrut", "strut", "phantom", "quad_"}
_ACCENT_COMMANDS = {"dot", "ddot", "dddot", "tilde", "hat", "bar", "vec", "widetilde", "widehat", "overline",
                    "mathbf", "boldsymbol", "mathcal", "mathbb", "mathit", "mathnormal"}
_TEXT_COMMANDS = {"text", "mathrm", "textbf", "textit", "texttt", "mathsf", "mathtt", "operatorname", "textrm"}
_SPACE_WIDTH = {",": 0.35, ":": 0.45, ";": 0.55, "!": -0.35, " ": 0.7, "quad": 2.2, "qquad": 4.4}
_OPERATOR_WIDTH = 2.6  # a binary operator or a relation with its spaces
_OPERATORS = {"leq", "geq", "le", "ge", "neq", "to", "mapsto", "in", "approx", "equiv", "preceq", "succeq", "sim",
              "Rightarrow", "Leftarrow", "iff", "implies", "wedge", "vee", "land", "lor", "cdot", "times", "pm",
              "mp", "circ", "odot", "otimes", "oplus", "setminus", "cup", "cap", "subseteq", "subset", "ll", "gg"}
_SYMBOL_WIDTH = {"nabla": 1.7, "sum": 2.0, "prod": 2.0, "int": 1.2, "infty": 2.0, "langle": 0.8, "rangle": 0.8,
                 "|": 1.0, "lVert": 1.0, "rVert": 1.0, "lvert": 0.6, "rvert": 0.6, "partial": 1.1, "dots": 2.6,
                 "ldots": 2.6, "cdots": 2.6, "checkmark": 1.6, "star": 1.0, "{": 0.9, "}": 0.9, "#": 1.5,
                 "%": 1.5, "&": 1.5, "_": 1.0, "$": 1.0}


class _Width:
    """A small reader of LaTeX math that adds up estimated widths (see :func:`latex_width`)."""

    def __init__(self, tex: str):
        self.tex, self.at = tex, 0

    def group(self, close: str | None = None) -> float:
        total = 0.0
        while self.at < len(self.tex):
            if close is not None and self.tex[self.at] == close:
                self.at += 1
                return total
            total += self.atom()
        return total

    def raw_group(self) -> str:
        """The text of the next ``{...}`` argument (or the next character)."""
        self.skip_spaces()
        if self.at >= len(self.tex):
            return ""
        if self.tex[self.at] != "{":
            self.at += 1
            return self.tex[self.at - 1]
        depth, start = 0, self.at
        while self.at < len(self.tex):
            ch = self.tex[self.at]
            depth += {"{": 1, "}": -1}.get(ch, 0)
            self.at += 1
            if depth == 0:
                break
        return self.tex[start + 1:self.at - 1]

    def skip_spaces(self):
        while self.at < len(self.tex) and self.tex[self.at] == " ":
            self.at += 1

    def argument(self) -> float:
        self.skip_spaces()
        if self.at >= len(self.tex):
            return 0.0
        if self.tex[self.at] == "{":
            self.at += 1
            return self.group("}")
        return self.atom()

    def command(self) -> float:
        self.at += 1
        if self.at >= len(self.tex):
            return 0.0
        if not self.tex[self.at].isalpha():
            name = self.tex[self.at]
            self.at += 1
            if name in _SPACE_WIDTH:
                return _SPACE_WIDTH[name]
            return 0.0 if name == "\\" else _SYMBOL_WIDTH.get(name, 1.0)
        start = self.at
        while self.at < len(self.tex) and self.tex[self.at].isalpha():
            self.at += 1
        name = self.tex[start:self.at]
        if name in ("frac", "dfrac", "tfrac", "binom"):
            top, bottom = self.argument(), self.argument()
            return (0.75 if name == "tfrac" else 1.0) * max(top, bottom) + 0.5
        if name == "sqrt":
            self.skip_spaces()
            if self.at < len(self.tex) and self.tex[self.at] == "[":
                self.at = self.tex.find("]", self.at) + 1 or len(self.tex)
            return self.argument() + 1.3
        if name in _TEXT_COMMANDS:
            words = self.raw_group()
            plain = sum(latex_width(piece) if i % 2 else 0.95 * len(piece.replace("\\", "").replace("{", "")
                                                                      .replace("}", ""))
                        for i, piece in enumerate(words.split("$")))
            return plain
        if name in ("begin", "end"):
            environment = self.raw_group()
            if name == "begin" and environment.rstrip("*") in ("matrix", "pmatrix", "bmatrix", "smallmatrix",
                                                                  "array", "cases", "aligned"):
                return self._matrix(environment)
            return 0.0
        if name == "parbox":
            import re

            self.skip_spaces()
            if self.at < len(self.tex) and self.tex[self.at] == "[":
                self.at = self.tex.find("]", self.at) + 1 or len(self.tex)
            size = re.match(r"\s*([\d.]*)\s*\\(?:linewidth|textwidth)", self.raw_group())
            self.raw_group()
            return (float(size.group(1) or 1) if size else 0.5) * _LINE_UNITS
        if name in ("hspace", "vspace", "mathchoice"):
            self.raw_group()
            return 0.0
        if name in _ZERO_WIDTH:
            return 0.0
        if name in _ACCENT_COMMANDS:
            return self.argument()
        if name in _SPACE_WIDTH:
            return _SPACE_WIDTH[name]
        if name in _OPERATORS:
            return _OPERATOR_WIDTH
        if name in _SYMBOL_WIDTH:
            return _SYMBOL_WIDTH[name]
        if name in ("log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "det", "max", "min", "sup",
                    "inf", "lim", "arg", "deg", "dim", "ker"):
            return 0.9 * len(name) + 0.4
        return 1.1

    def _matrix(self, environment: str) -> float:
        end = self.tex.find(rf"\end{{{environment}}}", self.at)
        end = len(self.tex) if end < 0 else end
        body = self.tex[self.at:end]
        self.at = min(len(self.tex), end + len(rf"\end{{{environment}}}"))
        rows = [row.split("&") for row in body.split(r"\\")]
        columns = max(len(row) for row in rows)
        widths = [max(latex_width(row[j]) if j < len(row) else 0.0 for row in rows) for j in range(columns)]
        return sum(widths) + 2.0 * columns

    def atom(self) -> float:
        ch = self.tex[self.at]
        if ch == "\\":
            return self.command()
        self.at += 1
        if ch == "{":
            return self.group("}")
        if ch in "}& \n\t":
            return 0.0
        if ch in "^_":
            return 0.72 * self.argument()
        if ch in "+-=<>":
            return _OPERATOR_WIDTH
        if ch in ",;:":
            return 1.0
        if ch in "()[]|":
            return 0.8
        if ch in ".'!":
            return 0.5
        if ch == "~":
            return 0.7
        return 1.0


def latex_width(tex: str) -> float:
    r"""An estimate of the printed width of LaTeX math, in units of about one italic letter.

    Fractions count their wider line, sub- and superscripts three quarters, ``\text{...}`` its
    characters, operators and relations their glyph and spaces; a display line of the
    generated documents holds :data:`DISPLAY_BUDGET` units.

    Examples
    --------
    >>> latex_width("x + y")
    4.6
    >>> latex_width(r"\frac{a + b}{2}") == latex_width("a + b") + 0.5
    True
    >>> latex_width(r"\left(x\right)")
    2.6
    """
    return round(_Width(tex).group(), 6)


def _add_terms(printer, expr) -> list:
    """``[(negative, piece, tex)]`` for the summands of ``expr`` in the printer's order.

    ``piece`` is the positive summand, an expression or ``(coefficient, vector atom)``; ``tex`` its
    LaTeX, so that the joined pieces read exactly as ``printer._print(expr)``.
    """
    vector_terms = _vector_terms(expr)
    out = []
    if vector_terms is not None:
        for atom, coefficient in vector_terms:
            if isinstance(coefficient, Add):
                negative = all(a.could_extract_minus_sign() for a in coefficient.args)
            else:
                negative = coefficient.could_extract_minus_sign()
            c = -coefficient if negative else coefficient
            out.append((negative, (c, atom), _join(printer, [(atom, c)], lambda w: rf"\left({w}\right)")))
        return out
    for i, term in enumerate(printer._as_ordered_terms(expr, order=None)):
        tex = printer._print(term)
        if i > 0 and term.could_extract_minus_sign():
            term = -term
            tex = printer._print(term)
            negative = True
        elif i == 0 and tex.startswith("-"):
            term, tex, negative = -term, tex[1:].lstrip(), True
        else:
            negative = False
        if printer._needs_add_brackets(term):
            tex = rf"\left({tex}\right)"
        out.append((negative, term, tex))
    return out


class _Breaker:
    """Lines of a long expression, broken between summands (see :func:`latex_lines`)."""

    def __init__(self, label_width=None):
        self.printer = PaperLatexPrinter({"label_width": label_width})
        self._printed: dict = {}  # each part is printed once while the lines are sought

    def tex(self, expr) -> str:
        printed = self._printed.get(expr)
        if printed is None:
            printed = self._printed[expr] = self.printer.doprint(expr)
        return printed

    def lines(self, expr, budget: float) -> list:
        tex = self.tex(expr)
        if latex_width(tex) <= budget or not isinstance(expr, Expr):
            return [tex]
        if isinstance(expr, Add):
            return self.sum_lines(expr, budget)
        if isinstance(expr, Inner) or self.square_norm(expr) is not None:
            return self.factor_lines(expr, budget)
        if isinstance(expr, (Mul, Pow)):
            if tex.startswith("-"):
                inner = self.product_lines(-expr, budget - 2)
                if inner:
                    return ["- " + inner[0], *inner[1:]]
            else:
                inner = self.product_lines(expr, budget)
                if inner:
                    return inner
        return [tex]

    def inner_lines(self, expr, budget: float) -> list:
        u, v = expr.args
        if u == v:
            return self._wrap("", self.lines(u, budget - 4), "^{2}", "", (r"\Bigl\|", r"\Bigr\|"))
        left = self.lines(u, budget - 3)
        right = self.lines(v, budget - 3)
        lines = left[:-1] + [left[-1] + ","] + right
        return self._wrap("", lines, "", "", (r"\Bigl\langle ", r"\Bigr\rangle"))

    def piece_lines(self, piece, budget: float) -> list:
        if not isinstance(piece, tuple):
            return self.lines(piece, budget)
        coefficient, atom = piece
        atom_tex = self.tex(atom)
        room = budget - latex_width(atom_tex) - 1
        if isinstance(coefficient, Add):
            inner = self.sum_lines(coefficient, room - 2)
            return self._wrap("", inner, "", atom_tex)
        inner = self.lines(coefficient, room)
        if len(inner) == 1:
            return [_join(self.printer, [(atom, coefficient)], lambda w: rf"\left({w}\right)")]
        inner[-1] += " " + atom_tex
        return inner

    def sum_lines(self, expr: Add, budget: float) -> list:
        lines, current = [], ""
        for i, (negative, piece, tex) in enumerate(_add_terms(self.printer, expr)):
            sign = ("- " if negative else "") if i == 0 else ("- " if negative else "+ ")
            if current and latex_width(current + " " + sign + tex) <= budget:
                current += " " + sign + tex
                continue
            if current:
                lines.append(current)
            if latex_width(sign + tex) <= budget:
                current = sign + tex
                continue
            broken = self.piece_lines(piece, budget - 2)
            broken[0] = sign + broken[0]
            lines += broken[:-1]
            current = broken[-1]
        lines.append(current)
        return [lines[0]] + ["{}" + line if line[:1] in "+-" else line for line in lines[1:]]

    def _wrap(self, head: str, inner: list, power: str, tail: str, delimiters=None) -> list:
        if delimiters is None:
            big = any(r"\frac" in line for line in inner)
            delimiters = (r"\biggl(", r"\biggr)") if big else (r"\Bigl(", r"\Bigr)")
        open_, close = delimiters
        lines = list(inner)
        lines[0] = (head + " " if head else "") + open_ + lines[0]
        lines[-1] = lines[-1] + close + power + (" " + tail if tail else "")
        return lines

    def square_norm(self, expr):
        """The vector of an atom printed as a squared norm ``\\left\\|v\\right\\|^{2}`` (checked), else None."""
        if isinstance(expr, Inner) and expr.args[0] == expr.args[1]:
            return expr.args[0]
        if isinstance(expr, (Add, Mul, Pow)) or len(expr.args) != 1 or not isinstance(expr.args[0], Expr):
            return None
        vector = expr.args[0]
        if self.tex(expr) == rf"\left\|{self.tex(vector)}\right\|^{{2}}":
            return vector
        return None

    def breakable(self, factor) -> bool:
        return (isinstance(factor, (Add, Inner)) or self.square_norm(factor) is not None
                or isinstance(factor, Pow) and isinstance(factor.base, Add) and factor.exp.is_Integer
                and factor.exp > 0)

    def factor_lines(self, factor, budget: float, inverse: bool = False) -> list:
        """Lines of one long factor in sized delimiters (``inverse``: the factor to the power -1)."""
        vector = self.square_norm(factor)
        if vector is not None:
            return self._wrap("", self.lines(vector, budget - 4), "^{2}", "", (r"\Bigl\|", r"\Bigr\|"))
        if isinstance(factor, Inner):
            return self.inner_lines(factor, budget)
        base, power = (factor.base, factor.exp) if isinstance(factor, Pow) else (factor, S.One)
        power = -power if inverse else power
        lines = self.sum_lines(base, budget - 4) if isinstance(base, Add) else self.lines(base, budget - 4)
        return self._wrap("", lines, "" if power == 1 else f"^{{{self.tex(power)}}}", "")

    def product_lines(self, expr, budget: float) -> list | None:
        coefficient, rest = expr.as_coeff_Mul()
        numerator, denominator = [], []
        for factor in Mul.make_args(rest):
            if isinstance(factor, Pow) and factor.exp.is_Number and factor.exp < 0:
                denominator.append(Pow(factor.base, -factor.exp))
            else:
                numerator.append(factor)
        vectors = sorted((f for f in numerator if is_vector_atom(f)), key=atom_rank)
        numerator = [f for f in numerator if not is_vector_atom(f)]
        tail = " ".join(self.tex(v) for v in vectors)
        room = budget - 4
        wide = [f for f in numerator if self.breakable(f) and latex_width(self.tex(f)) > room / 3]
        inverse = [d for d in denominator if latex_width(self.tex(d)) > room / 2]
        if not wide and not inverse:
            candidates = [f for f in numerator if self.breakable(f)]
            if not candidates:
                return None
            wide = [max(candidates, key=lambda f: latex_width(self.tex(f)))]
        plain = [f for f in numerator if f not in wide and not isinstance(f, Add)
                 and not (isinstance(f, Pow) and isinstance(f.base, Add))]
        sums = [f for f in numerator if f not in wide and f not in plain]
        head = coefficient * Mul(*plain) / Mul(*[d for d in denominator if d not in inverse])
        pieces = [] if head == 1 else [self.tex(head)]
        for f in sums:
            base, power = (f.base, f.exp) if isinstance(f, Pow) else (f, 1)
            pieces.append(rf"\left({self.tex(base)}\right)" + ("" if power == 1 else f"^{{{self.tex(power)}}}"))
        lines = [" ".join(pieces)]
        for factor, inverted in [(f, False) for f in wide] + [(d, True) for d in inverse]:
            broken = self.factor_lines(factor, room, inverse=inverted)
            if lines[-1] and latex_width(lines[-1] + " " + broken[0]) > budget:
                lines.append(broken[0])
            else:
                lines[-1] = (lines[-1] + " " + broken[0]).strip()
            lines += broken[1:]
        if tail:
            if latex_width(lines[-1] + " " + tail) > budget:
                lines.append(tail)
            else:
                lines[-1] += " " + tail
        return lines


def latex_lines(expr, budget: float = DISPLAY_BUDGET, *, label_width: float | None = None) -> list:
    r"""The LaTeX of ``expr`` as lines of about ``budget`` units of :func:`latex_width` at most.

    A long sum is broken between its top-level summands, in the order :func:`latex` prints them;
    a summand that is still too long (a product with a long sum as a factor) becomes its other
    factors times that sum in sized parentheses, broken the same way. The lines after the first
    start with ``{}`` and their sign, ready to follow ``&\quad`` in an ``align*`` row. An
    expression that cannot be broken stays on one line. ``label_width`` is passed to
    :func:`latex`.

    Examples
    --------
    >>> from sympy import symbols
    >>> a = symbols("a0:40")
    >>> lines = latex_lines(sum(a), budget=40)
    >>> len(lines) > 1 and all(latex_width(line) <= 40 for line in lines)
    True
    >>> lines[1].startswith("{}+ ")
    True
    >>> latex_lines(a[0] - a[1])
    ['a_{0} - a_{1}']
    >>> print("\n".join(latex_lines(sum(a[:12]) * a[12] / 4, budget=40)))
    \frac{a_{12}}{4} \Bigl(a_{0} + a_{1} + a_{10} + a_{11} + a_{2} + a_{3} + a_{4}
    {}+ a_{5} + a_{6} + a_{7} + a_{8} + a_{9}\Bigr)
    """
    return _Breaker(label_width).lines(readable(expr if isinstance(expr, Expr) else S(expr)), budget)


# ---------------------------------------------------------------------------------------------------------------
# Words with math in them: the plain-text math of step texts ("f(X) - f*", "rho = sqrt(mu)/4", "x_(k+1)")
# set in math mode for LaTeX.

_GREEK_WORDS = frozenset("alpha beta gamma delta Delta epsilon varepsilon zeta eta theta Theta kappa lambda Lambda "
                         "mu nu xi rho sigma Sigma tau phi varphi Phi chi psi Psi omega Omega Gamma".split())
_FUNCTION_WORDS = {"sqrt": r"\sqrt", "log": r"\log", "exp": r"\exp", "cosh": r"\cosh", "sinh": r"\sinh",
                   "tanh": r"\tanh", "cos": r"\cos", "sin": r"\sin", "det": r"\det", "diag": r"\operatorname{diag}"}
_DOTTED = {"Ẋ": r"\dot{X}", "Ẍ": r"\ddot{X}", "Ẏ": r"\dot{Y}", "Ÿ": r"\ddot{Y}", "ẋ": r"\dot{x}", "ẍ": r"\ddot{x}"}
_SUPER_CHARS = {"²": "2", "³": "3", "¹": "1", "⁰": "0", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
                "⁻": "-", "ᵀ": r"\mathsf{T}"}
_SUB_CHARS = {"₀": "0", "₁": "1", "₂": "2", "₃": "3", "ₖ": "k"}
_MATH_OPERATORS = {"<=": r"\leq", ">=": r"\geq", "->": r"\to", "!=": r"\neq", "==": "=", "**": "^", "≤": r"\leq",
                   "≥": r"\geq", "→": r"\to", "≠": r"\neq", "≈": r"\approx", "∈": r"\in", "±": r"\pm",
                   "·": r"\cdot", "×": r"\times", "∘": r"\circ", "⊙": r"\odot", "⪯": r"\preceq", "⪰": r"\succeq",
                   "↦": r"\mapsto", "∼": r"\sim", "−": "-"}
_LETTERS = r"[^\W\d_²³¹⁰⁴⁵⁶⁷⁸⁹⁻ᵀ₀₁₂₃ₖ]"
_SUBSCRIPT = r"_(?:\([^()]*\)|\{[^{}]*\}|-?[A-Za-z0-9]+)"
_TOKEN = re.compile("|".join([
    r"(?P<abbr>\b(?:e\.g\.|i\.e\.|cf\.|etc\.|vs\.|n/a|(?:App|Sec|Thm|Eq|Fig|Ch)\.\s[A-Z]\b|[pP]\.(?=\s\d)"
    r"|[A-Z]\.(?=\s[A-Z][a-z])|arXiv:\d+\.\d+(?:v\d+)?|[A-Za-z]['’][A-Z]\w+)(?!\w))",
    r"(?P<flag>(?<![\w-])--[A-Za-z][\w-]*)",
    r"(?P<sci>(?<![\w.])\d+(?:\.\d+)?e[-+]?\d+(?!\w|\.\d))",
    r"(?P<num>\d+(?:\.\d+)?)",
    rf"(?P<ident>{_LETTERS}+\d*(?:{_SUBSCRIPT})*(?:['’]s\b|\*(?![\w*(√])|⋆|'+)?|∞)",
    r"(?P<op><=|>=|->|!=|==|\*\*|[-+*/=<>^≤≥→≠≈∈±·×∘⊙⪯⪰↦∼−])",
    r"(?P<prefix>[√∇∂∑])",
    r"(?P<sup>[²³¹⁰⁴⁵⁶⁷⁸⁹⁻ᵀ]+)",
    r"(?P<sub>[₀₁₂₃ₖ]+)",
    r"(?P<dots>\.\.\.|…)",
    r"(?P<open>[(\[{⟨])",
    r"(?P<close>[)\]}⟩])",
    r"(?P<bar>\|\||[|‖])",
    r"(?P<punct>[,;:.!?])",
    r"(?P<space>\s+)",
    r"(?P<other>.)",
]))


def _tokens(words: str) -> list:
    """``[(kind, text)]`` of plain words: idents, numbers, operators, brackets, spaces, words, ..."""
    return [(m.lastgroup, m.group()) for m in _TOKEN.finditer(words)]


def _ident_parts(word: str):
    """``(base, digits, subscripts, mark)`` of an ident token such as ``x_(k+1)``, ``t0``, ``x*``, ``u''``."""
    import re

    if word == "∞":
        return word, "", [], ""
    match = re.match(r"^([^\W\d_²³¹⁰⁴⁵⁶⁷⁸⁹⁻ᵀ₀₁₂₃ₖ]+)(\d*)((?:_(?:\([^()]*\)|\{[^{}]*\}|-?[A-Za-z0-9]+))*)(.*)$", word)
    base, digits, subscripts, mark = match.groups()
    subs = re.findall(r"_(\([^()]*\)|\{[^{}]*\}|-?[A-Za-z0-9]+)", subscripts)
    return base, digits, [s[1:-1] if s[:1] in "({" else s for s in subs], mark


def _is_word(kind: str, word: str, following: str = "") -> bool:
    """Whether an ident token is an English (or code) word rather than math."""
    if kind != "ident":
        return kind in ("abbr", "flag", "other", "word")
    base, digits, subs, mark = _ident_parts(word)
    if mark[:1] in "'’" and mark[1:2] == "s":
        return len(base) > 1
    if base in _GREEK_WORDS or base in _DOTTED or len(base) == 1 or all(ch in _GREEK for ch in base):
        return False
    if len(base) <= 3 and (any(ch in _GREEK for ch in base) or base[0].islower() and base[1:].isupper()):
        return False  # a product of symbols: ρE, ρt, aT, dT
    if base in _FUNCTION_WORDS:
        return following != "("
    if base in ("grad", "oo") or (len(base) == 2 and base[0] == "d" and (base[1].isupper() or base[1] in "tsx")):
        return False
    return True


def _mark_words(tokens: list) -> list:
    """Kinds refined: English words, hyphenated compounds and articles become ``word`` (text)."""
    out = [list(t) for t in tokens]
    n = len(out)

    def nxt(i):
        return out[i + 1][1] if i + 1 < n else ""

    for i, (kind, word) in enumerate(out):
        if kind == "ident":
            if word != "sum" and _is_word(kind, word, nxt(i)):
                out[i][0] = "word"
            elif word == "sum":
                j = i + 1
                while j < n and out[j][0] == "space":
                    j += 1
                if j >= n or out[j][0] != "ident" or _is_word("ident", out[j][1], nxt(j)):
                    out[i][0] = "word"
    # an ident of two or three letters glued to a number ("2dT") is a product of symbols
    for i in range(1, n):
        if out[i][0] == "word" and out[i - 1][0] == "num" and len(out[i][1]) <= 3 and out[i][1].isalpha():
            out[i][0] = "ident"
    # hyphenated compounds: a chain a-b-c without spaces with a word in it is text ("L-smooth", "nag-c")
    i = 0
    while i < n:
        if out[i][0] in ("ident", "word", "num") or (out[i][1] == "-" and (i == 0 or out[i - 1][0] == "space"
                                                                        and False)):
            j = i
            while j + 2 < n and out[j + 1][1] == "-" and out[j + 2][0] in ("ident", "word", "num"):
                j += 2
            chain = range(i, j + 1, 2)
            if j > i and any(out[c][0] == "word" for c in chain):
                for c in range(i, j + 1):
                    out[c][0] = "hyphen" if out[c][1] == "-" else (
                        "word" if out[c][0] == "num" or c != i and len(out[c][1]) == 1 else out[c][0])
                    if out[c][0] == "ident" and c != i:
                        out[c][0] = "word" if out[c][1] not in _GREEK_WORDS else "ident"
            i = j + 1
        else:
            i += 1
    # a hyphen at the start or glued between a closing bracket and a word ("$\mu$-strongly")
    for i in range(n):
        if out[i][1] == "-" and out[i][0] == "op" and i + 1 < n and out[i + 1][0] == "word" \
                and (i == 0 or out[i - 1][0] in ("word", "close")):
            out[i][0] = "hyphen"
    for i in range(1, n):
        if out[i][1] == "-" and out[i][0] == "op" and out[i - 1][0] == "word" and (i + 1 == n or out[i + 1][0] == "space"):
            out[i][0] = "hyphen"
        if out[i][1] == "=" and out[i][0] == "op" and out[i - 1][0] == "word" and i + 1 < n and out[i + 1][0] == "word":
            out[i][0] = "word"  # a keyword argument such as psd=True
    # the article "a" (and "A") before a word
    for i in range(n):
        if out[i][0] == "ident" and out[i][1] in ("a", "A", "I"):
            before = next((out[j][0] for j in range(i - 1, -1, -1) if out[j][0] != "space"), "")
            after = next((out[j][0] for j in range(i + 1, n) if out[j][0] != "space"), "")
            if nxt(i) == " " and before != "op" and after == "word":
                out[i][0] = "word"
    return [tuple(t) for t in out]


def _matching(tokens: list) -> dict:
    """``{open index: close index}`` of matched brackets."""
    pairs, stack = {}, []
    closing = {")": "([", "]": "[(", "}": "{", "⟩": "⟨"}  # intervals may be half open: [0, 1)
    for i, (kind, word) in enumerate(tokens):
        if kind == "open":
            stack.append(i)
        elif kind == "close":
            if stack and tokens[stack[-1]][1] in closing[word]:
                pairs[stack.pop()] = i
            else:
                stack.clear()
    return pairs


_STRONG = {"ident", "op", "prefix", "sup", "sub", "bar", "sci"}


def _math_tex(tokens: list) -> str:
    """LaTeX math of a run of math tokens (brackets matched)."""
    pairs = _matching(tokens)
    out = []

    import re

    def emit(piece):
        if out and re.search(r"\\[A-Za-z]+$", out[-1]) and piece[:1].isalpha():
            out.append(" ")
        out.append(piece)

    def argument(i):
        """(LaTeX of the group or token at i, next index), parentheses of a group dropped."""
        while i < len(tokens) and tokens[i][0] == "space":
            i += 1
        if i >= len(tokens):
            return "", i
        if i in pairs:
            return _math_tex(tokens[i + 1:pairs[i]]), pairs[i] + 1
        return _math_tex([tokens[i]]), i + 1

    i = 0
    while i < len(tokens):
        kind, word = tokens[i]
        if kind == "ident":
            base, digits, subs, mark = _ident_parts(word)
            if base == "sqrt" and i + 1 < len(tokens) and i + 1 in pairs:
                inner, i = argument(i + 1)
                emit(rf"\sqrt{{{inner}}}")
                continue
            if base in _FUNCTION_WORDS:
                head = _FUNCTION_WORDS[base]
            elif base in _GREEK_WORDS:
                head = "\\" + base
            elif base == "grad":
                head = r"\nabla"
            elif base == "oo":
                head = r"\infty"
            elif base == "sum":
                head = r"\sum"
            else:
                head = ""
                for ch in base:
                    part = _DOTTED.get(ch, _TEX_MATH.get(ch, ch))
                    glue = " " if re.search(r"\\[A-Za-z]+$", head) and part[:1].isalpha() else ""
                    head += glue + part
            sub = ",".join(([digits] if digits else []) + [_math_tex(_tokens(s)) for s in subs])
            emit(head + (f"_{{{sub}}}" if sub else ""))
            if mark in ("*", "⋆"):
                emit(r"^{\star}")
            elif mark[:1] == "'":
                emit(mark)
            i += 1
        elif kind == "prefix" and word == "√":
            inner, i = argument(i + 1)
            emit(rf"\sqrt{{{inner}}}")
        elif kind == "op" and word in ("^", "**"):
            inner, i = argument(i + 1)
            emit(f"^{{{inner}}}")
        elif kind == "op" and word == "*":
            left = tokens[i - 1][0] if i else ""
            right = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            emit(r" \cdot " if left == "num" and right == "num" else " ")
            i += 1
        elif kind == "op":
            emit(_MATH_OPERATORS.get(word, word))
            i += 1
        elif kind == "prefix":
            emit(_TEX_MATH[word])
            i += 1
        elif kind == "sup":
            emit("^{" + "".join(_SUPER_CHARS[ch] for ch in word) + "}")
            i += 1
        elif kind == "sub":
            emit("_{" + "".join(_SUB_CHARS[ch] for ch in word) + "}")
            i += 1
        elif kind == "sci":
            mantissa, exponent = word.split("e")
            power = f"10^{{{int(exponent)}}}"
            emit(power if mantissa == "1" else rf"{mantissa} \cdot {power}")
            i += 1
        elif kind in ("open", "close"):
            emit({"{": r"\{", "}": r"\}", "⟨": r"\langle", "⟩": r"\rangle"}.get(word, word))
            i += 1
        elif kind == "bar":
            emit(r"\|")
            i += 1
        elif kind == "dots":
            emit(r"\dots")
            i += 1
        elif kind == "punct" and word == ",":
            emit(r",\allowbreak")
            i += 1
        elif kind == "space":
            if out and not out[-1].endswith(" "):
                out.append(" ")
            i += 1
        else:
            emit(word)
            i += 1
    import re

    return re.sub(" +", " ", "".join(out)).strip()


def _words_tex(tokens: list) -> str:
    """Text-mode LaTeX of word tokens."""
    out = []
    for kind, word in tokens:
        if kind == "flag":
            out.append(r"\texttt{" + word.replace("-", "-{}") + "}")
        elif kind == "word" and "_" in word:
            out.append(r"\texttt{" + _escape_plain(word).replace(r"\_", r"\_\allowbreak{}") + "}")
        elif kind == "ident" and word in _GREEK_WORDS:
            out.append(f"$\\{word}$")
        elif kind == "ident":
            out.append(f"${_math_tex([(kind, word)])}$")
        elif kind == "hyphen":
            out.append("-")
        else:
            out.append(_escape_plain(word))
    return "".join(out)


def _plain_tex(words: str) -> str:
    tokens = _mark_words(_tokens(words.replace("^star", "⋆")))
    pairs = _matching(tokens)
    texty = set()
    for open_, close in pairs.items():
        if any(tokens[j][0] in ("word", "abbr", "flag", "other", "hyphen")
               or tokens[j][0] in ("open", "close") and j not in pairs and j not in pairs.values()
               or tokens[j][0] == "punct" and tokens[j][1] in ";:.!?"
               for j in range(open_ + 1, close)):
            texty.update((open_, close))
    matched = set(pairs) | set(pairs.values())
    depth = [0] * len(tokens)
    level = 0
    for j, (kind, _) in enumerate(tokens):
        if j in matched and j not in texty and kind == "open":
            level += 1
        depth[j] = level
        if j in matched and j not in texty and kind == "close":
            level -= 1

    def in_math(j):
        kind, word = tokens[j]
        if kind in ("open", "close"):
            return j in matched and j not in texty
        if kind == "punct":
            return word == "," and depth[j] > 0
        return kind in _STRONG or kind in ("num", "dots", "space")

    out, j = [], 0
    while j < len(tokens):
        if not in_math(j) or tokens[j][0] == "space":
            start = j
            j += 1
            while j < len(tokens) and (not in_math(j) or tokens[j][0] == "space"):
                j += 1
            out.append(_words_tex(tokens[start:j]))
            continue
        start = j
        while j < len(tokens) and in_math(j):
            j += 1
        end = j
        while end > start and tokens[end - 1][0] == "space":
            end -= 1
        run = tokens[start:end]
        # the run's brackets must match inside it, else they are text
        if any(kind in _STRONG for kind, _ in run) and len(_matching(run)) * 2 == sum(
                kind in ("open", "close") for kind, _ in run):
            out.append(f"${_math_tex(run)}$")
        else:
            out.append(_words_tex(run))
        out.append(_words_tex(tokens[end:j]))
    return "".join(out)


def tex_text(words: str) -> str:
    r"""Words for LaTeX text mode, with the math written in them set in math mode.

    What :func:`tex_escape` does, and plain-text math — ``f(X) - f*``, ``rho = sqrt(mu)/4``,
    ``x_(k+1)``, ``t0``, ``|x_k - x*|^2``, ``e^(rho t)``, ``∇f(X)``, ``√(μ s)``, ``LDLᵀ`` — becomes
    inline math; English words, hyphenated words and code names stay text. Segments between
    ``$...$`` are LaTeX already and pass through unchanged.

    Examples
    --------
    >>> tex_text("plus rho E with rho = sqrt(mu)/4.")
    'plus $\\rho E$ with $\\rho = \\sqrt{\\mu}/4$.'
    >>> tex_text("for every t ≥ t0, with x* a minimiser")
    'for every $t \\geq t_{0}$, with $x^{\\star}$ a minimiser'
    >>> tex_text("mu-strongly convex, L-smooth f; LDLᵀ")
    '$\\mu$-strongly convex, $L$-smooth $f$; LDL$^{\\mathsf{T}}$'
    >>> tex_text(r"50% of $\sqrt{s}$ & x_(k+1)")
    '50\\% of $\\sqrt{s}$ \\& $x_{k+1}$'
    """
    pieces = words.split("$")
    if len(pieces) % 2 == 0:  # unbalanced: treat every dollar as text
        return _escape_plain(words)
    return "".join(_plain_tex(p) if i % 2 == 0 else f"${p}$" for i, p in enumerate(pieces))
