r"""Initial conditions as the literature states them, for the catalogue's initial-value problems.

Examples
--------
>>> [str(c.lhs) for c in sdjs_initial_conditions()]
['X(0)', 'Subs(Derivative(X(t), t), t, 0)']
"""
from __future__ import annotations

from sympy import Eq, Subs, sqrt

from ...core import X, grad, mu, s, t, x0

__all__ = ["sdjs_initial_conditions"]


def sdjs_initial_conditions() -> tuple:
    r""":math:`X(0) = x_0`, :math:`\dot X(0) = -2\sqrt s\nabla f(x_0)/(1 + \sqrt{\mu s})`.

    Shi, Du, Jordan, Su (2022), arXiv:1810.08907, (1.10)–(1.11), for the high-resolution ODEs of
    heavy ball and NAG-SC.
    """
    return (Eq(X(0), x0), Eq(Subs(X(t).diff(t), t, 0), -2 * sqrt(s) * grad(x0) / (1 + sqrt(mu * s))))
