"""Second route for the resolution order: exact discrete rates on a quadratic.

On f = λx²/2 a constant-coefficient method is linear, x_k = z^k, and the ODE is linear,
X = e^{ρt}. With t = kδ the discrete rate is ρ_s = log(z)/δ. The derived ODE of order n
(in √s) must satisfy its characteristic equation at ρ_s up to O(s^((n+1)/2)); we measure
that order as the fitted slope of log|residual| against log s.
"""
import math

import mpmath
import pytest
from sympy import Function, Integer, Poly, Symbol, exp, expand, lambdify, symbols

from symflow.core import AppliedVector, NablaF, k, mu, s, t
from symflow.limit import continuous_limit
from symflow.methods import gradient_descent, heavy_ball, nag_sc
from symflow.numeric import Objective, specialize
from symflow.recurrence import eliminate_auxiliary

MU = mpmath.mpf("0.5")


def discrete_roots(method, step):
    z = Symbol("z")
    rec = eliminate_auxiliary(method).expression
    rec = rec.replace(lambda e: isinstance(e, NablaF), lambda e: LAMBDA_EXACT * e.point)
    rec = rec.replace(lambda e: isinstance(e, AppliedVector), lambda e: z ** (e.args[0] - k + 1))
    poly = Poly(expand(rec), z)
    coefficients = [lambdify((s, mu), c, "mpmath")(step, MU) for c in poly.all_coeffs()]
    return mpmath.polyroots(coefficients, maxsteps=200, extraprec=200)


LAMBDA_EXACT = Integer(2)


def characteristic(ode):
    x = symbols("x", real=True)
    eq = specialize(ode, Objective(LAMBDA_EXACT * x ** 2 / 2, (x,)))[0]
    rho = Symbol("rho")
    X1 = Function("X1")(t)
    expr = (eq.lhs - eq.rhs).subs(X1, exp(rho * t)).doit() / exp(rho * t)
    return lambdify((rho, s, mu), expand(expr), "mpmath")


def slope(method, order):
    lim = continuous_limit(method, order=order)
    char = characteristic(lim.ode)
    steps = [mpmath.mpf(10) ** (-e) for e in (3, 4, 5, 6)]
    residuals = []
    for step in steps:
        delta = step ** mpmath.mpf(lim.exponent)
        roots = discrete_roots(method, step)
        z = min(roots, key=lambda r: abs(r - 1))
        rho = mpmath.log(z) / delta
        residuals.append(abs(char(rho, step, MU)))
    xs = [math.log(float(v)) for v in steps]
    ys = [math.log(float(r)) for r in residuals]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((a - mx) * (b - my) for a, b in zip(xs, ys)) / sum((a - mx) ** 2 for a in xs)


@pytest.mark.parametrize("method, order, expected", [
    (heavy_ball, 0, 0.5), (heavy_ball, 1, 1.0), (heavy_ball, 2, 1.5),
    (nag_sc, 0, 0.5), (nag_sc, 1, 1.0), (nag_sc, 2, 1.5),
    (gradient_descent, 0, 1.0), (gradient_descent, 2, 2.0),
])
def test_each_order_gains_half_a_power_of_s(method, order, expected):
    with mpmath.workdps(60):  # the global precision is left alone for the other tests
        assert abs(slope(method(), order) - expected) < 0.08
