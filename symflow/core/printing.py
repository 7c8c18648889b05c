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
    default_sort_key,
)
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from .symbols import AppliedVector, k, s, sequence_shift, t
from .vectors import NablaF, is_vector_atom

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


def _labelled_symbol_latex(name: str) -> str:
    r"""LaTeX for symbols named in words, such as ``λ[interpolation (X, x*)]``."""
    import re


    match = re.match(r"^(.+?)\[(.*)\]$", name)
    if match:
        base, label = match.groups()
        base = _GREEK_LATEX.get(base, rf"\text{{{tex_escape(base)}}}")
        return rf"{base}_{{\text{{{tex_escape(label)}}}}}"
    return rf"\text{{{tex_escape(name)}}}"


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


def _step_degree(term) -> Rational:
    exponent = term.as_coeff_exponent(s)[1]
    return exponent if exponent.is_Number else Rational(0)


class _PerturbationOrder:
    """Sums that involve the step size s are written as series: 1 + sqrt(mu s), not sqrt(mu s) + 1."""

    def _as_ordered_terms(self, expr, order=None):
        terms = super()._as_ordered_terms(expr, order=order)

        if s in expr.free_symbols:
            return sorted(terms, key=_step_degree)
        return terms


class PaperLatexPrinter(_PerturbationOrder, LatexPrinter):
    """LaTeX in the notation of the papers (see the module docstring)."""

    def _print_VectorSymbol(self, expr):
        return {"x^star": r"x^\star"}.get(expr.name, expr.name)

    def _print_Symbol(self, expr, style="plain"):
        name = expr.name
        if name.isascii() and " " not in name and "[" not in name:
            return super()._print_Symbol(expr, style)
        return _labelled_symbol_latex(name)

    def _print_AppliedVector(self, expr):
        (arg,) = expr.args
        name = expr.func.__name__
        if name.isupper():
            return name if arg == t else f"{name}({self._print(arg)})"
        return f"{name}_{{{_index(arg, self._print)}}}"

    def _print_Function(self, expr, exp=None):
        if isinstance(expr, AppliedVector):
            return self._print_AppliedVector(expr)
        return super()._print_Function(expr, exp)

    def _dots(self, expr):
        n = expr.derivative_count
        base = self._print(expr.expr) if expr.expr.args[0] == t else expr.expr.func.__name__
        if n <= 3:
            return {1: r"\dot{%s}", 2: r"\ddot{%s}", 3: r"\dddot{%s}"}[n] % base
        return f"{base}^{{({n})}}"

    def _print_Derivative(self, expr):
        if isinstance(expr.expr, AppliedVector) and len(expr.variables) and set(expr.variables) == {t}:
            return self._dots(expr)
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
        u, v = expr.args
        if u == v:
            return rf"\|{self._print(u)}\|^{{2}}"
        return rf"\langle {self._print(u)}, {self._print(v)} \rangle"

    def _print_Mul(self, expr):
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
        return super()._print_Mul(expr)

    def _print_Add(self, expr, order=None):
        terms = _vector_terms(expr)
        if terms is None:
            return super()._print_Add(expr, order=order)
        return _join(self, terms, lambda c: rf"\left({c}\right)")


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
            ctext = printer._print(c)
            body = f"{paren(ctext) if isinstance(c, Add) else ctext} {atom_text}"
        parts.append(("- " if negative else "+ ") + body)
    out = " ".join(parts)
    return out[2:] if out.startswith("+ ") else "-" + out[1:] if out.startswith("- ") else out


class PaperTextPrinter(_PerturbationOrder, StrPrinter):
    """Unicode text in the notation of the papers, for terminals."""

    def _print_Symbol(self, expr):
        return _GREEK_TEXT.get(expr.name, expr.name)

    def _print_VectorSymbol(self, expr):
        return {"x^star": "x⋆", "x_0": "x₀"}.get(expr.name, expr.name)

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
        return super()._print_Function(expr)

    def _dots(self, expr):
        n = expr.derivative_count
        base = expr.expr.func.__name__
        if n <= 3:
            return unicodedata.normalize("NFC", base + {1: "\u0307", 2: "\u0308", 3: "\u20db"}[n])
        return f"{base}^({n})"

    def _print_Derivative(self, expr):
        if isinstance(expr.expr, AppliedVector) and set(expr.variables) == {t}:
            d = self._dots(expr)
            return d if expr.expr.args[0] == t else f"{d}({self._print(expr.expr.args[0])})"
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
        u, v = expr.args
        if u == v:
            return f"‖{self._print(u)}‖²"
        return f"⟨{self._print(u)}, {self._print(v)}⟩"

    def _print_Pow(self, expr, rational=False):
        if expr.exp == Rational(1, 2):
            b = self._print(expr.base)
            return f"√{b}" if expr.base.is_Atom else f"√({b})"
        if expr.exp == Rational(-1, 2):
            b = self._print(expr.base)
            return f"1/√{b}" if expr.base.is_Atom else f"1/√({b})"
        return super()._print_Pow(expr, rational)

    def _print_Mul(self, expr):
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
        out = super()._print_Mul(expr)
        return out.replace("*√", "√")

    def _print_Add(self, expr, order=None):
        terms = _vector_terms(expr)
        if terms is None:
            return super()._print_Add(expr, order=order)
        return _join(self, terms, lambda c: f"({c})")


def latex(expr) -> str:
    r"""LaTeX of an expression or equation in paper notation.

    Examples
    --------
    >>> from symflow.core import X, t, grad
    >>> latex(Eq(X(t).diff(t), -grad(X(t))))
    '\\dot{X} = - \\nabla f(X)'
    """
    expr = S(expr) if not isinstance(expr, Expr) and not isinstance(expr, Eq) else expr
    if isinstance(expr, Eq):
        return f"{latex(expr.lhs)} = {latex(expr.rhs)}"
    return PaperLatexPrinter().doprint(expr)


def text(expr) -> str:
    """Plain unicode text of an expression or equation in paper notation.

    Examples
    --------
    >>> from symflow.core import X, t
    >>> print(text(3 * X(t).diff(t) / t))
    3/t Ẋ
    """
    if isinstance(expr, Eq):
        return f"{text(expr.lhs)} = {text(expr.rhs)}"
    out = PaperTextPrinter().doprint(expr)
    return out.replace("**", "^").replace("*", "·")


_PLAIN = [
    (r"\left", ""), (r"\right", ""), (r"\,", " "), (r"\quad", "  "), (r"\qquad", "   "),
    (r"\ddot{X}", "Ẍ"), (r"\dot{X}", "Ẋ"), (r"\ddot X", "Ẍ"), (r"\dot X", "Ẋ"),
    (r"\nabla^2 ", "∇²"), (r"\nabla^{2} ", "∇²"), (r"\nabla ", "∇"), (r"\nabla", "∇"), (r"\langle", "⟨"), (r"\rangle", "⟩"),
    (r"\|", "‖"), (r"\geq", "≥"), (r"\leq", "≤"), (r"\ge", "≥"), (r"\le", "≤"), (r"\to", "→"),
    (r"\infty", "∞"), (r"\in", "∈"), (r"\cdot", "·"), (r"\star", "*"), (r"\circ", "∘"),
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


def plain_math(words: str) -> str:
    r"""Words with inline ``$...$`` LaTeX made readable on a terminal.

    Examples
    --------
    >>> plain_math(r"put $\delta = \sqrt{s}$ and $x_{k+1} = X(t + \delta)$")
    'put δ = √s and x_(k+1) = X(t + δ)'
    """
    import re

    if "$" not in words:
        return words
    pieces = words.split("$")
    out = []
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            out.append(piece)
            continue
        for a, b in _PLAIN:
            piece = piece.replace(a, b)
        for _ in range(3):
            piece = re.sub(r"\\t?frac{([^{}]*)}{([^{}]*)}",
                           lambda m: f"{_numerator(m.group(1))}/{_group(m.group(2))}", piece)
            piece = re.sub(r"\\sqrt{([^{}]*)}", lambda m: "√" + (m.group(1) if len(m.group(1)) == 1
                                                              else f"({m.group(1)})"), piece)
            piece = re.sub(r"_{([^{}]*)}", lambda m: "_" + (m.group(1) if len(m.group(1)) == 1
                                                            else f"({m.group(1)})"), piece)
            piece = re.sub(r"\^{([^{}]*)}", lambda m: "^" + (m.group(1) if len(m.group(1)) == 1
                                                             else f"({m.group(1)})"), piece)
        piece = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK_TEXT.get(m.group(1), m.group(1)), piece)
        out.append(piece.replace("{", "").replace("}", ""))
    return "".join(out)


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
    "\u0307": "", "\u0308": "", "\u20db": "",
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
