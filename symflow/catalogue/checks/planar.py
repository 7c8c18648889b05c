r"""The second route in coordinates: concrete :math:`f` and :math:`h` in :math:`\mathbb{R}^d`, SymPy's scalar Euler–Lagrange equations.

The dimension-free results of :mod:`symflow.lagrangian.euler` and :mod:`symflow.lagrangian.bregman`
are specialised to a concrete objective :math:`f` and distance-generating
:math:`h` (:class:`~symflow.numeric.Objective` in the same coordinates):
:math:`X(t) \mapsto (X_1(t), \dots, X_d(t))`, :math:`\nabla h(P)`,
:math:`[\nabla^2 h(P)]^{-1}v` and Gram coordinates are evaluated
component-wise, and :func:`coordinate_check` compares them with SymPy's
component-wise ``euler_equations`` of the same Lagrangian. A singular
:math:`\nabla^2 h` raises :class:`~symflow.core.NonInvertibleHessianError`.

Examples
--------
>>> from symflow.lagrangian import damped_lagrangian, euler_lagrange
>>> from symflow.core import t
>>> coordinate_check(euler_lagrange(damped_lagrangian(t**2)), planar_objective())
True
"""
from __future__ import annotations

from sympy import Derivative, Eq, Expr, Integer, Matrix, S, cancel, linear_eq_to_matrix

from ...core import (
    Check,
    FValue,
    Inner,
    NablaF,
    NonInvertibleHessianError,
    UnsupportedError,
    expand_vector,
    is_zero_scalar,
    vector_coefficients,
)
from ...lagrangian import EulerLagrange, InverseHessianH, NablaH, Notation, gram_atoms
from ...numeric import Objective, components, coordinates

__all__ = ["hessian_inverse", "coordinate_components", "coordinate_value", "coordinate_check",
           "planar_objective", "planar_distance", "planar_check"]


def hessian_inverse(h, point: list) -> Matrix:
    r"""The matrix :math:`[\nabla^2 h(P)]^{-1}` of a concrete :math:`h` at a point given by components.

    Raises
    ------
    NonInvertibleHessianError
        When the determinant of :math:`\nabla^2 h` vanishes identically.

    Examples
    --------
    >>> from sympy import log
    >>> from symflow.numeric import Objective, coordinates
    >>> x1, x2 = coordinates(2)
    >>> hessian_inverse(Objective(x1 * log(x1) + x2 * log(x2), (x1, x2)), [x1, x2])
    Matrix([
    [x1,  0],
    [ 0, x2]])
    """
    from sympy import diff

    coords = h.coordinates
    hess = Matrix([[diff(h.expression, a, b) for b in coords] for a in coords])
    det = cancel(hess.det())
    if det == 0:
        raise NonInvertibleHessianError(
            f"the Hessian of h = {h.expression} is singular (its determinant is 0): "
            "[grad^2 h]^(-1) does not exist, so the Bregman Euler-Lagrange equation cannot be "
            "solved for X''; choose a strictly convex h")
    inverse = (hess.adjugate() / det).applyfunc(cancel)
    return inverse.subs(h.at(point), simultaneous=True)


def coordinate_components(expr: Expr, f, *, h=None) -> list:
    r"""Components of a vector expression in :math:`\mathbb{R}^d` for a concrete :math:`f` (and :math:`h`).

    :math:`X(t)` becomes :math:`(X_1(t), \dots, X_d(t))`; ``f`` and ``h`` are
    :class:`~symflow.numeric.Objective` in the same coordinates.

    Examples
    --------
    >>> from symflow.numeric import Objective, coordinates
    >>> from symflow.core import X, t
    >>> x1, x2 = coordinates(2)
    >>> f = Objective(x1**2 + x2**2, (x1, x2))
    >>> h = Objective(x1**4 / 12 + x2**2 / 2, (x1, x2))
    >>> coordinate_components(InverseHessianH(X(t), NablaF(X(t))), f, h=h)
    [2/X1(t), 2*X2(t)]
    """

    total = [Integer(0)] * _dimension(f)
    for atom, coefficient in vector_coefficients(expand_vector(expr)).items():
        if isinstance(atom, (NablaH, InverseHessianH)) and h is None:
            raise UnsupportedError(f"give a concrete h to evaluate {atom}")
        if isinstance(atom, NablaH):
            point = coordinate_components(atom.point, f, h=h)
            dirs = [coordinate_components(v, f, h=h) for v in atom.directions]
            values = h.derivative_tensor(point, dirs)
        elif isinstance(atom, InverseHessianH):
            point = coordinate_components(atom.point, f, h=h)
            vector = Matrix(coordinate_components(atom.vector, f, h=h))
            values = list((hessian_inverse(h, point) * vector).applyfunc(cancel))
        elif isinstance(atom, NablaF):
            point = coordinate_components(atom.point, f, h=h)
            dirs = [coordinate_components(v, f, h=h) for v in atom.directions]
            values = f.derivative_tensor(point, dirs)
        else:
            values = components(atom, f)
        coefficient = coordinate_value(coefficient, f, h=h)
        for i, value in enumerate(values):
            total[i] += coefficient * value
    return total


def _dimension(f) -> int:
    return len(f.coordinates)


def coordinate_value(expr: Expr, f, *, h=None) -> Expr:
    r"""A Gram scalar (inner products, :math:`f(P)`, :math:`h(P)`) in coordinates.

    Examples
    --------
    >>> from symflow.numeric import Objective, coordinates
    >>> from symflow.core import X, t
    >>> x1, x2 = coordinates(2)
    >>> f = Objective(x1**2 + x2**2, (x1, x2))
    >>> coordinate_value(Inner(X(t), X(t)) - FValue(X(t)), f)
    0
    """
    values = {}
    for atom in gram_atoms(expr):
        if isinstance(atom, Inner):
            u, v = (coordinate_components(a, f, h=h) for a in atom.args)
            values[atom] = sum((a * b for a, b in zip(u, v)), Integer(0))
        else:
            function = f if isinstance(atom, FValue) else h
            if function is None:
                raise UnsupportedError(f"give a concrete h to evaluate {atom}")
            point = coordinate_components(atom.args[0], f, h=h)
            values[atom] = function.expression.subs(function.at(point), simultaneous=True)
    return S(expr).xreplace(values)


def coordinate_check(result: EulerLagrange, f, *, h=None) -> bool:
    r"""Second route: SymPy's component-wise ``euler_equations`` for a concrete :math:`f` (and :math:`h`).

    The Lagrangian is written in coordinates (:math:`X = (X_1, \dots, X_d)`),
    SymPy's scalar Euler–Lagrange equations are solved for
    :math:`\ddot X_1, \dots, \ddot X_d`, and both the residual and the solved
    equation are compared exactly with the components of the vector result.

    Examples
    --------
    >>> from symflow.numeric import Objective, coordinates
    >>> from symflow.lagrangian import damped_lagrangian, euler_lagrange
    >>> from symflow.core import t
    >>> x1, x2 = coordinates(2)
    >>> f = Objective(x1**4 / 4 + x1 * x2 + x2**2, (x1, x2))
    >>> coordinate_check(euler_lagrange(damped_lagrangian(t**3)), f)
    True
    """
    from sympy.calculus.euler import euler_equations

    lagrangian = result.lagrangian
    time = lagrangian.time
    rhs = coordinate_components(result.ode.rhs, f, h=h)  # refuses a singular Hessian of h
    positions = coordinate_components(lagrangian.position, f, h=h)
    scalar = coordinate_value(lagrangian.expression, f, h=h)
    equations = euler_equations(scalar, positions, time)
    residual = coordinate_components(result.residual, f, h=h)
    if len(equations) != len(residual):
        return False
    # SymPy writes dL/dx - d/dt dL/dxdot = 0, the opposite sign of ours
    if not all(is_zero_scalar(eq.lhs + r) for eq, r in zip(equations, residual)):
        return False
    accelerations = [Derivative(x, (time, 2)) for x in positions]
    matrix, vector = linear_eq_to_matrix([eq.lhs for eq in equations], accelerations)
    if is_zero_scalar(matrix.det()):
        return False
    # the solved form: M rhs = b, i.e. rhs solves SymPy's equations (M is invertible)
    applied = matrix * Matrix(rhs) - vector
    return all(is_zero_scalar(e) for e in applied)



def planar_objective():
    r"""The objective of the :math:`d = 2` checks: :math:`f = x_1^4/4 + x_1x_2 + x_2^2` (coupled, not quadratic).

    Examples
    --------
    >>> planar_objective().dimension
    2
    """

    x1, x2 = coordinates(2)
    return Objective(x1**4 / 4 + x1 * x2 + x2**2, (x1, x2))


def planar_distance():
    r"""The :math:`h` of the :math:`d = 2` checks: :math:`x_1^4/12 + x_1^2/2 + x_1x_2/4 + x_2^2/2` (strictly convex, not separable).

    Examples
    --------
    >>> planar_distance().dimension
    2
    """

    x1, x2 = coordinates(2)
    return Objective(x1**4 / 12 + x1**2 / 2 + x1 * x2 / 4 + x2**2 / 2, (x1, x2))


def planar_check(result: EulerLagrange, *, h=None):
    r"""A :class:`~symflow.core.Check`: :func:`coordinate_check` with :func:`planar_objective` (and ``h``).

    Examples
    --------
    >>> from symflow.lagrangian import damped_lagrangian, euler_lagrange
    >>> from symflow.core import t
    >>> planar_check(euler_lagrange(damped_lagrangian(t))).passed
    True
    """

    f = planar_objective()
    expected = [Eq(Notation("f(x_1, x_2)", "f(x_1, x_2)"), f.expression)]
    if h is not None:
        expected.append(Eq(Notation("h(x_1, x_2)", "h(x_1, x_2)"), h.expression))
    return Check("second route: SymPy's scalar euler_equations, component-wise in $d = 2$",
                 tuple(expected), coordinate_check(result, f, h=h))
