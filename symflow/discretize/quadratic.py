r"""A method on :math:`f(x) = \tfrac12\lambda\|x\|^2`: iteration matrix, eigenvalues, stable steps, contraction.

On a quadratic every eigen-direction of the Hessian evolves on its own, so a
method with constant coefficients becomes, in the direction of eigenvalue
:math:`\lambda`, the linear recurrence obtained by putting
:math:`\nabla f(P) = \lambda P` in its one recurrence
(:func:`~symflow.discretize.normalised_recurrence`). Its characteristic
polynomial :math:`p(\rho)` is written in the dimensionless variables

.. math:: z = s\lambda, \qquad q_s = \sqrt{\mu s},

and its companion matrix is the iteration matrix on :math:`(x_k, x_{k-1})`.
A two-step method is stable exactly when (Jury) :math:`p(1) > 0`,
:math:`p(-1) > 0` and :math:`|p(0)| < 1` (monic :math:`p`). On
:math:`\lambda\in[\mu, L]` the contraction factor is the largest spectral
radius. Accelerated methods contract like :math:`1 - c\sqrt{\mu/L}` at their
largest step, non-accelerated ones like :math:`1 - c\mu/L`:
:meth:`QuadraticAnalysis.rate_at_mu` gives the expansion of the spectral
radius at :math:`\lambda = \mu` in :math:`q_s`, and
:meth:`QuadraticAnalysis.largest_z` how large :math:`sL` may be as :math:`q_s \to 0`.

Examples
--------
>>> from symflow.methods import gradient_descent
>>> qa = quadratic_analysis(gradient_descent())
>>> qa.polynomial
rho + z - 1
>>> qa.eigenvalues
(1 - z,)
>>> qa.largest_z()
2
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sympy import (
    Add,
    Expr,
    Integer,
    Matrix,
    Poly,
    Rational,
    S,
    Symbol,
    cancel,
    expand,
    lambdify,
    limit,
    roots,
    series,
    solve,
    sqrt,
)

from ..core.errors import QuadraticAnalysisError
from ..core.model import Method
from ..core.symbols import AppliedVector, k, lam, mu, q_s, rho, s, sequence_shift, z
from ..core.vectors import NablaF, vector_coefficients
from .matching import normalised_recurrence

__all__ = ["QuadraticAnalysis", "quadratic_analysis", "measured_contraction"]



@dataclass(frozen=True)
class QuadraticAnalysis:
    r"""The linear analysis of a method on :math:`\tfrac12\lambda\|x\|^2`.

    Attributes
    ----------
    method : Method
    polynomial : Expr
        Monic characteristic polynomial in :math:`\rho`, coefficients in :math:`z, q_s` (and ``s`` only
        if the method's coefficients are not functions of :math:`s\lambda` and :math:`\mu s`).
    matrix : Matrix
        The companion (iteration) matrix on :math:`(x_k, x_{k-1}, \dots)`.
    lead : Expr
        The coefficient of :math:`x_{k+1}` before normalising (for an implicit step
        it depends on :math:`z`; the step has no solution where it vanishes).
    """

    method: Method
    polynomial: Expr
    matrix: Matrix
    lead: Expr

    @property
    def degree(self) -> int:
        """The number of past iterates the method uses."""
        return Poly(self.polynomial, rho).degree()

    @property
    def eigenvalues(self) -> tuple:
        r"""The roots of the characteristic polynomial, as functions of :math:`z` and :math:`q_s`."""
        found = roots(Poly(self.polynomial, rho))
        return tuple(sorted((cancel(r) if r.is_rational_function() else r for r in found),
                            key=lambda e: str(e)))

    @property
    def coefficients(self) -> tuple:
        """Monic coefficients, highest power first."""
        return tuple(Poly(self.polynomial, rho).all_coeffs())

    @property
    def stability_conditions(self) -> tuple:
        r"""Jury's conditions (expressions that must be positive) for a degree-2 polynomial.

        Examples
        --------
        >>> from symflow.methods import heavy_ball
        >>> len(quadratic_analysis(heavy_ball()).stability_conditions)
        3
        """
        if self.degree == 1:
            (_, a0) = self.coefficients
            return (cancel(1 - a0), cancel(1 + a0))
        if self.degree != 2:
            raise QuadraticAnalysisError(f"stability conditions are implemented for one- and two-step "
                                         f"methods, not degree {self.degree}")
        _, a1, a0 = self.coefficients
        return (cancel(1 + a1 + a0), cancel(1 - a1 + a0), cancel(1 - a0))

    def largest_z(self) -> Expr:
        r"""The largest :math:`z = s\lambda` keeping the method stable, as a function of :math:`q_s`.

        The first stability boundary :math:`p(-1) = 0` or :math:`p(0) = \pm1` crossed when
        :math:`z` grows from 0 (for small :math:`q_s`; use :func:`sympy.limit` for :math:`q_s \to 0`).
        """
        boundaries = []
        for condition in self.stability_conditions:
            for root in solve(condition, z):
                value = _probe(root)
                if value is not None and value > 0:
                    boundaries.append((value, root))
        if not boundaries:
            return S.Infinity
        return min(boundaries, key=lambda vr: vr[0])[1]

    def rate_at_mu(self, *, order: int = 2) -> Expr:
        r"""The spectral radius at :math:`\lambda = \mu` (:math:`z = q_s^2`) expanded in :math:`q_s`.

        ``1 - c q_s + ...``: the contraction is accelerated; ``1 - c q_s**2 + ...``: it is not.

        Examples
        --------
        >>> from symflow.methods import gradient_descent
        >>> quadratic_analysis(gradient_descent()).rate_at_mu()
        1 - q_s**2
        """
        at_mu = self.polynomial.subs(z, q_s ** 2)
        if self.degree == 1:
            (_, a0) = Poly(at_mu, rho).all_coeffs()
            return series(-a0, q_s, 0, order + 1).removeO()
        _, a1, a0 = Poly(at_mu, rho).all_coeffs()
        discriminant = series(a1 ** 2 - 4 * a0, q_s, 0, 2 * order + 2).removeO()
        if discriminant == 0 or _leading_sign(discriminant) < 0:   # complex pair: |rho|^2 = a0
            return series(sqrt(a0), q_s, 0, order + 1).removeO()
        root = (-a1 + sqrt(a1 ** 2 - 4 * a0)) / 2 if _probe(-a1, q_value=1e-4) >= 0 else \
            (-a1 - sqrt(a1 ** 2 - 4 * a0)) / 2
        return series(root, q_s, 0, order + 1).removeO()

    def acceleration_exponent(self) -> Expr:
        r"""The :math:`e` in a contraction :math:`1 - c(\mu/L)^e` at a stable step of fixed size relative to :math:`1/L`.

        From :meth:`rate_at_mu` (:math:`1 - cq^m`) and :meth:`largest_z`: if :math:`sL` may stay
        bounded away from 0 as :math:`q_s \to 0`, take :math:`s \sim 1/L`, so
        :math:`q_s = \sqrt{\mu/L}` and :math:`e = m/2`; if the largest :math:`z` shrinks like
        :math:`q_s^a`, then :math:`sL \lesssim (\mu s)^{a/2}` forces :math:`q_s \sim (\mu/L)^{1/(2-a)}`
        and :math:`e = m/(2-a)`. :math:`e = 1/2` is acceleration, :math:`e = 1` is not.

        Examples
        --------
        >>> from symflow.methods import gradient_descent, nag_sc
        >>> quadratic_analysis(gradient_descent()).acceleration_exponent()
        1
        >>> quadratic_analysis(nag_sc()).acceleration_exponent()
        1/2
        """
        deviation = expand(1 - self.rate_at_mu())
        m = min(term.as_coeff_exponent(q_s)[1] for term in Add.make_args(deviation))
        zmax = self.largest_z()
        if zmax == S.Infinity or limit(zmax, q_s, 0) > 0:
            return Rational(m, 2)
        leading = series(zmax, q_s, 0, 3).removeO()
        a = min(term.as_coeff_exponent(q_s)[1] for term in Add.make_args(expand(leading)))
        return Rational(m) / (2 - a)

    def contraction_on(self, eigenvalues, step: float, strong_convexity: float) -> float:
        r"""The largest spectral radius over the given Hessian eigenvalues (what a run measures)."""
        return max(self.spectral_radius(step, float(lam), strong_convexity) for lam in eigenvalues)

    def spectral_radius(self, step: float, curvature: float, strong_convexity: float = 0.0) -> float:
        r"""The spectral radius for :math:`s` = ``step``, :math:`\lambda` = ``curvature``, :math:`\mu` = ``strong_convexity``."""
        values = [complex(c) for c in self._numeric(step * curvature, np.sqrt(strong_convexity * step), step)]
        return float(max(abs(np.roots(values))))

    def _numeric(self, zv, qv, sv):
        fn = getattr(self, "_lambdified", None)
        if fn is None:
            fn = lambdify((z, q_s, s), list(self.coefficients), "numpy")
            object.__setattr__(self, "_lambdified", fn)
        return fn(zv, qv, sv)

    def contraction_factor(self, step: float, mu_value: float, L_value: float, *, points: int = 2001) -> float:
        r"""The largest spectral radius over :math:`\lambda \in [\mu, L]` (a fine grid with both ends).

        Examples
        --------
        >>> from symflow.methods import gradient_descent
        >>> round(quadratic_analysis(gradient_descent()).contraction_factor(1.0, 0.1, 1.0), 6)
        0.9
        """
        grid = np.concatenate([np.linspace(mu_value, L_value, points), np.geomspace(mu_value, L_value, points)])
        return max(self.spectral_radius(step, lam, mu_value) for lam in grid)

    def largest_step(self, mu_value: float, L_value: float, *, upper: float = 10.0, tol: float = 1e-10) -> float:
        r"""The largest :math:`s` (by bisection on ``[0, upper/L]``) with contraction factor below 1.

        Examples
        --------
        >>> from symflow.methods import gradient_descent
        >>> round(quadratic_analysis(gradient_descent()).largest_step(0.1, 1.0), 6)
        2.0
        """
        lo, hi = 0.0, upper / L_value
        if self.contraction_factor(hi, mu_value, L_value, points=201) < 1:
            return hi
        while hi - lo > tol * hi:
            mid = (lo + hi) / 2
            if self.contraction_factor(mid, mu_value, L_value, points=201) < 1:
                lo = mid
            else:
                hi = mid
        return lo


def _probe(expr: Expr, *, q_value: float = 1e-3):
    try:
        value = complex(expr.subs({q_s: q_value, s: 1.0}).evalf())
    except (TypeError, ValueError):
        return None
    return value.real if abs(value.imag) < 1e-12 else None


def _leading_sign(expr: Expr) -> int:
    terms = Poly(expand(expr), q_s).terms() if expr.is_polynomial(q_s) else None
    if not terms:
        value = _probe(expr, q_value=1e-4)
        return 1 if value and value > 0 else -1
    _, coefficient = min(terms, key=lambda t: t[0][0])
    return 1 if coefficient > 0 else -1


def quadratic_analysis(method: Method, *, parameters: dict | None = None) -> QuadraticAnalysis:
    r"""Put :math:`\nabla f(P) = \lambda P` in the method and read off its linear recurrence.

    Parameters
    ----------
    method : Method
        Any method with constant coefficients (explicit or implicit: an implicit
        step is solved here, since the gradient is linear).
    parameters : dict, optional
        Values for parameters other than :math:`\mu` (e.g. WWJ's ``C``).

    Raises
    ------
    QuadraticAnalysisError
        If a coefficient depends on :math:`k`, or the implicit step has no solution for
        every :math:`z` (its coefficient vanishes identically).

    Examples
    --------
    >>> from symflow.methods import nag_sc
    >>> qa = quadratic_analysis(nag_sc())
    >>> qa.polynomial
    rho**2 + rho*(2*z - 2)/(q_s + 1) + (q_s*z - q_s - z + 1)/(q_s + 1)
    """
    coefficients = normalised_recurrence(method)
    values = {Symbol(str(key), positive=True) if isinstance(key, str) else key: S(v)
              for key, v in (parameters or {}).items()}
    by_shift: dict = {}
    for atom, c in coefficients.items():
        c = c.subs(values)
        if c.has(k):
            raise QuadraticAnalysisError(
                f"method {method.name!r}: the coefficient {c} of {atom} depends on k, so there is no "
                "single iteration matrix; the quadratic analysis needs constant coefficients")
        if isinstance(atom, NablaF):
            for point_atom, a in vector_coefficients(atom.point).items():
                _add(by_shift, point_atom, lam * c * a)
        else:
            _add(by_shift, atom, c)
    top = max(by_shift)
    lead = by_shift.pop(top)
    bottom = min(by_shift) if by_shift else top
    substitution = {lam: z / s, mu: q_s ** 2 / s}
    lead_z = cancel(expand(lead.subs(substitution)))
    if lead_z == 0:
        raise QuadraticAnalysisError(f"method {method.name!r}: the implicit step has no solution on a "
                                     "quadratic (the new iterate drops out of its own equation)")
    polynomial = rho ** (top - bottom)
    for shift, c in by_shift.items():
        polynomial += cancel(expand(c.subs(substitution)) / lead_z) * rho ** (shift - bottom)
    polynomial = Poly(polynomial, rho).as_expr()
    monic = Poly(polynomial, rho).all_coeffs()
    n = len(monic) - 1
    matrix = Matrix.zeros(n, n)
    for j in range(n):
        matrix[0, j] = -monic[j + 1]
        if j + 1 < n:
            matrix[j + 1, j] = 1
    return QuadraticAnalysis(method, polynomial, matrix, lead_z)


def _add(table: dict, atom, c) -> None:
    if not isinstance(atom, AppliedVector):
        raise QuadraticAnalysisError(f"the term {atom} is not an iterate; the analysis needs f = lambda/2 |x|^2")
    shift = sequence_shift(atom)
    table[shift] = table.get(shift, Integer(0)) + c



def measured_contraction(iterates, *, first: int, last: int, window: int = 50) -> float:
    r"""The contraction factor a run shows: :math:`(\max_{W_2}\|x_j\| / \max_{W_1}\|x_j\|)^{1/(\text{last} - \text{first})}`.

    The windows :math:`W_1`, :math:`W_2` of ``window`` iterates end at ``first`` and ``last``
    (maxima over windows remove the oscillation of complex eigenvalues).

    Examples
    --------
    >>> xs = np.array([[0.5 ** j] for j in range(200)])
    >>> round(measured_contraction(xs, first=100, last=190), 12)
    0.5
    """
    norms = np.linalg.norm(np.asarray(iterates, dtype=float).reshape(len(iterates), -1), axis=1)
    if not 0 < window <= first < last <= len(norms):
        raise QuadraticAnalysisError(f"need 0 < window <= first < last <= {len(norms)} iterates")
    return float((norms[last - window:last].max() / norms[first - window:first].max()) ** (1 / (last - first)))
