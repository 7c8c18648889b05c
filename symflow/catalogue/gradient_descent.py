r"""Gradient descent → gradient flow, and its second-order modified equation.

Source: SBC (2016) §1 for :math:`\dot X = -\nabla f(X)`
with :math:`t = ks` (:math:`\delta = s`); Barrett & Dherin, "Implicit Gradient
Regularization", ICLR 2021, for the :math:`O(s)` correction
:math:`\dot X = -\nabla f(X) - \tfrac{s}{2}\nabla^2 f(X)\nabla f(X)`.

Claim: the limit of :math:`x_{k+1} = x_k - s\nabla f(x_k)` is gradient flow,
with no :math:`O(\sqrt s)` correction, and the :math:`O(s)` term is the
gradient of :math:`\tfrac{s}{4}\|\nabla f\|^2`.

Examples
--------
>>> ENTRY.run(order=0).checks[0].passed
True
"""
from __future__ import annotations

from sympy import Eq, Integer

from ..core import NablaF, X, grad, s, t, x0
from ..methods import gradient_descent
from .kinds.limit import limit_entry

_X = X(t)
ENTRY = limit_entry(
    "gradient-descent", gradient_descent,
    title="Gradient descent and gradient flow",
    source="SBC (2016) §1; Barrett & Dherin, Implicit Gradient Regularization (ICLR 2021)",
    claim=r"$x_{k+1} = x_k - s\nabla f(x_k)$ tends to gradient flow $\dot X = -\nabla f(X)$ with "
          r"$\delta = s$; there is no $O(\sqrt{s})$ term, and the $O(s)$ correction is "
          r"$-\frac{s}{2}\nabla^2 f(X)\nabla f(X)$.",
    literature={
        0: _X.diff(t) + grad(_X),
        1: _X.diff(t) + grad(_X),
        2: _X.diff(t) + grad(_X) + s / 2 * NablaF(_X, grad(_X)),
    },
    initial={0: (Eq(X(0), x0),)},
    exponent=Integer(1),
)
