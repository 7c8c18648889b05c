r"""Closed forms for quadratics: Bessel functions for :math:`\ddot X + \tfrac{r}{t}\dot X + \lambda X = 0` (SBC §3.2).

:func:`bessel_solution` *derives* the solution for symbolic :math:`r` and
:math:`\lambda` (no ``dsolve``, no limits at :math:`t = 0`):

1. the substitution :math:`X = t^{-\nu}u(\zeta)`, :math:`\zeta = \sqrt\lambda t`, turns
   :math:`t^{\nu+2}` times the ODE into :math:`z^2u'' + (r - 2\nu)zu' + \dots`; solving
   :math:`r - 2\nu = 1` gives :math:`\nu = (r-1)/2` and the whole bracket is Bessel's operator :math:`\zeta^2u'' + \zeta u' + (\zeta^2 - \nu^2)u`, checked with ``cancel``;
2. of Bessel's solutions only :math:`J_\nu` keeps :math:`X` bounded at 0, so
   :math:`X = C t^{-\nu}J_\nu(\sqrt\lambda t)`; the series of :math:`J_\nu` gives
   :math:`X(0) = C(\sqrt\lambda/2)^\nu/\Gamma(\nu+1)`, hence
   :math:`C = x_0\Gamma(\nu+1)(2/\sqrt\lambda)^\nu`;
3. checks: substitution into the ODE (derivatives of :math:`J` reduced with its
   recurrences to :math:`J_\nu, J_{\nu+1}`, then ``cancel``), and the ratio of
   consecutive Frobenius coefficients of the ODE equal to that of the Bessel series
   for every order.

Examples
--------
>>> from symflow.core import r
>>> sol = bessel_solution()
>>> sol.expression
2**(r/2 - 1/2)*lambda**(1/4 - r/4)*t**(1/2 - r/2)*x0*besselj(r/2 - 1/2, sqrt(lambda)*t)*gamma(r/2 + 1/2)
>>> all(c.passed for c in sol.checks)
True
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import (
    Derivative,
    Eq,
    Expr,
    Function,
    Rational,
    S,
    Subs,
    Symbol,
    Wild,
    besselj,
    cancel,
    cosh,
    exp,
    expand,
    expand_func,
    factorial,
    gamma,
    gammasimp,
    pi,
    powsimp,
    series,
    simplify,
    sinh,
    sqrt,
)

from ..core.derivation import Check, Step
from ..core.errors import SymflowError
from ..core.symbols import lam, n_index, r, t, x0_scalar, zeta

__all__ = ["ClosedForm", "reduce_bessel", "frobenius_ratio", "bessel_solution", "bessel_components",
           "elementary_solution", "constant_damping_solution", "envelope"]




@dataclass(frozen=True)
class ClosedForm:
    r"""A derived closed-form solution, the steps that gave it and the checks made on it."""

    expression: Expr
    steps: tuple
    checks: tuple

    @property
    def display(self) -> Eq:
        """:math:`X(t) =` the expression, for documents."""
        return Eq(Function("X")(t), self.expression)

    def residual(self, friction=r, stiffness=lam) -> Expr:
        r""":math:`\ddot X + \tfrac{r}{t}\dot X + \lambda X` of the expression."""
        return self.expression.diff(t, 2) + friction / t * self.expression.diff(t) + stiffness * self.expression


def reduce_bessel(expr: Expr, order: Expr) -> Expr:
    r"""Rewrite every :math:`J_{\nu+m}` (integer :math:`m`) with :math:`J_\nu` and :math:`J_{\nu+1}`.

    Uses :math:`J_{\mu-1}(x) + J_{\mu+1}(x) = \tfrac{2\mu}{x}J_\mu(x)`.

    Examples
    --------
    >>> nu = Symbol("nu", positive=True)
    >>> reduce_bessel(besselj(nu - 1, zeta) + besselj(nu + 1, zeta), nu)
    2*nu*besselj(nu, zeta)/zeta
    """
    def rule(mu, x, depth=0):
        m = cancel(mu - order)
        if not m.is_Integer:
            return besselj(mu, x)
        m = int(m)
        if m in (0, 1):
            return besselj(mu, x)
        if m > 1:   # J_{mu} = 2(mu-1)/x J_{mu-1} - J_{mu-2}
            return expand(2 * (mu - 1) / x * rule(mu - 1, x) - rule(mu - 2, x))
        return expand(2 * (mu + 1) / x * rule(mu + 1, x) - rule(mu + 2, x))
    a, b = Wild("a"), Wild("b")
    return expand(expr.replace(besselj(a, b), lambda a, b: rule(a, b)))


def frobenius_ratio(friction: Expr = r, stiffness: Expr = lam) -> Expr:
    r"""The ratio :math:`a_{n+2}/a_n` forced by the ODE on :math:`X = \sum a_n t^n`, for symbolic :math:`n`.

    Derived by applying :math:`\partial_t^2 + \tfrac{r}{t}\partial_t` to :math:`t^{n+2}`.

    Examples
    --------
    >>> frobenius_ratio()
    -lambda/((n + 2)*(n + r + 1))
    """
    power = t ** (n_index + 2)
    operator = cancel((power.diff(t, 2) + friction / t * power.diff(t)) / t ** n_index)
    return -stiffness / operator.factor()


def bessel_solution(friction: Expr = r, stiffness: Expr = lam, start: Expr = x0_scalar) -> ClosedForm:
    r"""Derive :math:`X(t) = x_0\Gamma(\tfrac{r+1}{2})(2/(\sqrt\lambda t))^{(r-1)/2}J_{(r-1)/2}(\sqrt\lambda t)`.

    Examples
    --------
    >>> sol = bessel_solution(3, 1, 1)
    >>> sol.expression
    2*besselj(1, t)/t
    """
    friction, stiffness, start = S(friction), S(stiffness), S(start)
    nu = Symbol("nu", real=True)
    u = Function("u")
    steps = [Step("ansatz", "put X = t^(-nu) u(zeta) with zeta = sqrt(lambda) t",
                  (Eq(Symbol("X"), t ** -nu * u(sqrt(stiffness) * t)),))]
    X = t ** (-nu) * u(sqrt(stiffness) * t)
    lhs = X.diff(t, 2) + friction / t * X.diff(t) + stiffness * X
    U0, U1, U2 = Symbol("U0"), Symbol("U1"), Symbol("U2")
    arg = sqrt(stiffness) * t
    plain = _to_symbols(lhs, u, (U0, U1, U2))
    scaled = expand(cancel(expand(plain * t ** (nu + 2))).subs(t, zeta / sqrt(stiffness)))
    first = cancel(scaled.coeff(U1) - zeta)     # Bessel's operator has zeta u'

    nu_value = _solve_linear(first, nu)
    bracket = cancel(expand(plain.subs(nu, nu_value) * t ** (nu_value + 2)).subs(t, zeta / sqrt(stiffness)))
    bessel_op = zeta ** 2 * U2 + zeta * U1 + (zeta ** 2 - nu_value ** 2) * U0
    is_bessel = cancel(bracket - bessel_op) == 0
    steps.append(Step("Bessel's equation", f"the coefficient of u' is zeta (as in Bessel's operator) for nu = {nu_value}; then "
                      "t^(nu+2) times the ODE is Bessel's operator of order nu",
                      (Eq(nu, nu_value), Eq(bracket, 0))))
    C = Symbol("C")
    candidate = C * t ** (-nu_value) * besselj(nu_value, arg)
    m = Symbol("m", integer=True, nonnegative=True)
    k_ = Symbol("k", integer=True, nonnegative=True)
    term = (-1) ** k_ * (arg / 2) ** (2 * k_ + nu_value) / (factorial(k_) * gamma(k_ + nu_value + 1))
    head = sum(term.subs(k_, j) for j in range(3)) * C * t ** (-nu_value)     # J's series, 3 terms
    head = expand(powsimp(expand(head, power_base=True), force=True))
    C_value = _solve_linear(head.coeff(t, 0) - start, C)                      # X(0) = x0
    ratio2 = expand_func(powsimp(head.coeff(t, 2) / head.coeff(t, 0), force=True))   # a_2 / a_0
    solved = (head.coeff(t, 1) == 0 and cancel(ratio2 + stiffness / (2 * (friction + 1))) == 0
              and cancel(gammasimp(head.coeff(t, 0).subs(C, C_value)) - start) == 0)
    steps.append(Step("regular solution", "J_nu is the solution bounded at t = 0; the first term of its "
                      "series fixes C from X(0) = x0", (Eq(C, C_value),)))
    C_value = powsimp(expand(C_value, power_base=True), force=True)
    expression = powsimp(expand(candidate.subs(C, C_value), power_base=True), force=True)
    residual = reduce_bessel(expression.diff(t, 2) + friction / t * expression.diff(t) + stiffness * expression,
                             nu_value)
    substituted = cancel(expand(residual)) == 0
    bessel_ratio = -(arg ** 2 / 4) / ((m + 1) * (m + nu_value + 1))   # J series, term m+1 over term m
    ratio = cancel(frobenius_ratio(friction, stiffness).subs(n_index, 2 * m) * t ** 2 - bessel_ratio) == 0
    checks = (Check("Bessel's equation after X = t^(-nu) u(sqrt(lambda) t)", bessel_op, is_bessel),
              Check("series of the closed form: X(0) = x0, no t term (X'(0) = 0), t^2 term -lambda x0/(2(r+1))",
                    start, solved),
              Check("substitution into X'' + (r/t) X' + lambda X (recurrences of J, cancel)", 0, substituted),
              Check("Frobenius ratio a_(2m+2)/a_(2m) of the ODE equals the Bessel series ratio", bessel_ratio,
                    ratio))
    return ClosedForm(expression, tuple(steps), checks)


def _to_symbols(expr, u, names):
    """Replace u(zeta), u'(zeta), u''(zeta) (SymPy writes them as ``Subs`` after the chain rule) with symbols."""
    out = expr.doit()
    out = out.replace(lambda e: isinstance(e, Subs) and isinstance(e.expr, Derivative) and e.expr.expr.func == u,
                      lambda e: names[e.expr.derivative_count])
    out = out.replace(lambda e: isinstance(e, Derivative) and e.expr.func == u,
                      lambda e: names[e.derivative_count])
    out = out.replace(lambda e: getattr(e, "func", None) == u, lambda e: names[0])
    return expand(out)


def _solve_linear(expr, symbol):
    a = expand(expr).coeff(symbol)
    b = expand(expr).subs(symbol, 0)
    if a == 0 or expand(expr - a * symbol - b) != 0:
        raise SymflowError(f"{expr} = 0 does not determine {symbol}")
    return cancel(-b / a)


def bessel_components(eigenvalues, start, friction: Expr = r) -> list:
    r"""Coordinate-wise closed form for :math:`f = \tfrac12\sum_i\lambda_i x_i^2` (diagonal A).

    Examples
    --------
    >>> bessel_components([1, 4], [1, 1], 3)[1]
    besselj(1, 2*t)/t
    """
    if len(eigenvalues) != len(start):
        raise SymflowError(f"{len(eigenvalues)} eigenvalues but x0 has {len(start)} components")
    base = bessel_solution(friction).expression
    return [base.subs({lam: S(l), x0_scalar: S(x)}) for l, x in zip(eigenvalues, start)]


def elementary_solution(friction: int) -> ClosedForm:
    r"""For even :math:`r` (half-integer order) the solution in elementary functions, re-verified.

    Examples
    --------
    >>> elementary_solution(2).expression
    x0*sin(sqrt(lambda)*t)/(sqrt(lambda)*t)
    """
    if not (isinstance(friction, int) and friction >= 2 and friction % 2 == 0):
        raise SymflowError(f"elementary forms need an even r >= 2, not {friction!r}")
    X = simplify(expand_func(bessel_solution(friction).expression))
    residual = cancel(expand(X.diff(t, 2) + friction / t * X.diff(t) + lam * X))
    head = series(X, t, 0, 3).removeO()
    ok0 = cancel(head.coeff(t, 0) - x0_scalar) == 0 and head.coeff(t, 1) == 0
    ok2 = cancel(head.coeff(t, 2) + lam * x0_scalar / (2 * (friction + 1))) == 0
    checks = (Check("substitution into the ODE", 0, residual == 0),
              Check("X(0) = x0, X'(0) = 0 and the t^2 term -lambda x0/(2(r+1)) from its series", x0_scalar, ok0 and ok2))
    return ClosedForm(X, (Step("half-integer order", f"J_{Rational(friction - 1, 2)} is elementary", (X,)),), checks)


def constant_damping_solution(damping: Expr, stiffness: Expr = lam, start: Expr = x0_scalar,
                              velocity: Expr = S(0)) -> ClosedForm:
    r"""Solve :math:`\ddot X + c\dot X + \lambda X = 0`, :math:`X(0)=x_0`, :math:`\dot X(0)=v_0` from its characteristic roots.

    With :math:`\omega = \sqrt{c^2/4 - \lambda}`:
    :math:`X = e^{-ct/2}(x_0\cosh\omega t + (v_0 + cx_0/2)\sinh(\omega t)/\omega)`.

    Examples
    --------
    >>> constant_damping_solution(2, 1).expression   # critical damping
    (t*x0 + x0)*exp(-t)
    """
    damping, stiffness, start, velocity = S(damping), S(stiffness), S(start), S(velocity)
    omega2 = cancel(damping ** 2 / 4 - stiffness)
    half = damping / 2
    if omega2 == 0:
        X = exp(-half * t) * (start + (velocity + half * start) * t)
    else:
        w = sqrt(omega2)
        X = exp(-half * t) * (start * cosh(w * t) + (velocity + half * start) * sinh(w * t) / w)
    residual = simplify((X.diff(t, 2) + damping * X.diff(t) + stiffness * X).rewrite(exp))
    ic = simplify(X.subs(t, 0) - start) == 0 and simplify(X.diff(t).subs(t, 0) - velocity) == 0
    checks = (Check("substitution into the ODE", 0, residual == 0), Check("initial conditions", start, ic))
    return ClosedForm(X, (Step("characteristic roots", "roots -c/2 ± omega", (Eq(Symbol("omega") ** 2, omega2),)),),
                      checks)


def envelope(friction: Expr = r, stiffness: Expr = lam, start: Expr = x0_scalar) -> Expr:
    r"""The envelope :math:`x_0^2\Gamma(\tfrac{r+1}{2})^2 2^{r-1}\lambda^{1-r/2}/(\pi t^r)` of :math:`f(X(t)) - f^\star`.

    Derived from :math:`J_\nu(zeta) \approx \sqrt{2/(\pi zeta)}\cos(zeta - \nu\pi/2 - \pi/4)`: replace the
    cosine by 1 in :math:`\tfrac12\lambda X^2`. The power of :math:`t` is :math:`-(2\nu + 1) = -r`.

    Examples
    --------
    >>> envelope(3, 1, 1)
    4/(pi*t**3)
    """
    friction, stiffness, start = S(friction), S(stiffness), S(start)
    nu = (friction - 1) / 2
    amplitude = start * gamma(nu + 1) * (2 / (sqrt(stiffness) * t)) ** nu * sqrt(2 / (pi * sqrt(stiffness) * t))
    return powsimp(expand(stiffness * amplitude ** 2 / 2, power_base=True), force=True)
