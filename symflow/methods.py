r"""The classic first-order methods, as data.

Each function returns a :class:`~symflow.core.Method`: recurrences between
vector sequences with the gradient oracle :func:`~symflow.core.grad`.
Nothing here knows about continuous limits; :mod:`symflow.limit.continuous` treats
these exactly as it treats a method a user writes.

Examples
--------
>>> from symflow.methods import nesterov
>>> [str(eq) for eq in nesterov().updates]
['Eq(x(k), -s*NablaF(y(k - 1)) + y(k - 1))', 'Eq(y(k), (k - 1)*(x(k) - x(k - 1))/(k + 2) + x(k))']
"""
from __future__ import annotations

from sympy import Eq, Expr, S, sqrt

from .core.adaptive_method import AdaptiveMethod
from .core.coordinatewise import beta, beta1, beta2, coordinatewise, eps
from .core.model import Method
from .core.symbols import k, mu, s, v, vector_function, x, y
from .core.vectors import grad

__all__ = ["gradient_descent", "strongly_convex_momentum", "heavy_ball", "heavy_ball_momentum", "nesterov",
           "nesterov_one_sequence", "nag_c", "nag_sc", "nag_sc_one_sequence", "triple_momentum",
           "adagrad", "rmsprop", "adam", "rmsprop_momentum"]



SBC = "Su, Boyd, Candès, JMLR 17 (2016), arXiv:1503.01243"
SDJS = "Shi, Du, Jordan, Su, Math. Program. (2022), arXiv:1810.08907"
TMM = ("Van Scoy, Freeman, Lynch, IEEE Control Syst. Lett. 2(1) (2018) 49-54; update and parameters as "
       "stated in PEPit's example triple_momentum.py")


def gradient_descent() -> Method:
    r"""Gradient descent :math:`x_{k+1} = x_k - s\nabla f(x_k)`.

    Examples
    --------
    >>> gradient_descent().updates[0]
    Eq(x(k + 1), -s*NablaF(x(k)) + x(k))
    """
    return Method(
        "gradient-descent", ("x",), (Eq(x(k + 1), x(k) - s * grad(x(k))),),
        description="Gradient descent with step size s.",
        source="SBC (2016) §1",
    )


def strongly_convex_momentum() -> Expr:
    r"""The momentum coefficient :math:`\alpha = (1-\sqrt{\mu s})/(1+\sqrt{\mu s})` of heavy ball and NAG-SC.

    Examples
    --------
    >>> strongly_convex_momentum()
    (-sqrt(mu)*sqrt(s) + 1)/(sqrt(mu)*sqrt(s) + 1)
    """
    return (1 - sqrt(mu * s)) / (1 + sqrt(mu * s))


def heavy_ball() -> Method:
    r"""Polyak's heavy ball in SDJS's form, with SDJS's first step.

    :math:`x_{k+1} = x_k + \alpha(x_k - x_{k-1}) - s\nabla f(x_k)`,
    :math:`x_1 = x_0 - 2s\nabla f(x_0)/(1+\sqrt{\mu s})`.

    Examples
    --------
    >>> heavy_ball().parameters
    (mu,)
    """
    alpha = strongly_convex_momentum()
    return Method(
        "heavy-ball", ("x",),
        (Eq(x(k + 1), x(k) + alpha * (x(k) - x(k - 1)) - s * grad(x(k))),),
        parameters=(mu,),
        initial=(Eq(x(1), x(0) - 2 * s * grad(x(0)) / (1 + sqrt(mu * s))),),
        start=1,
        description="Heavy-ball method with momentum (1-sqrt(mu s))/(1+sqrt(mu s)).",
        source=SDJS + ", §1.1",
    )


def heavy_ball_momentum() -> Method:
    r"""Heavy ball written with a velocity sequence: :math:`v_{k+1} = \alpha v_k - s\nabla f(x_k)`, :math:`x_{k+1} = x_k + v_{k+1}`.

    Examples
    --------
    >>> heavy_ball_momentum().sequences
    ('x', 'v')
    """
    alpha = strongly_convex_momentum()
    return Method(
        "heavy-ball-momentum", ("x", "v"),
        (Eq(v(k + 1), alpha * v(k) - s * grad(x(k))), Eq(x(k + 1), x(k) + v(k + 1))),
        parameters=(mu,),
        initial=(Eq(v(0), S(0)),),
        description="Heavy ball in velocity form.",
        source=SDJS,
    )


def nesterov(friction: Expr = 3) -> Method:
    r"""Nesterov's method in SBC's form, momentum :math:`(k-1)/(k+r-1)`.

    :math:`x_k = y_{k-1} - s\nabla f(y_{k-1})`,
    :math:`y_k = x_k + \frac{k-1}{k+r-1}(x_k - x_{k-1})`, :math:`y_0 = x_0`.

    Parameters
    ----------
    friction : Expr
        SBC's :math:`r` (3 for the classic method); pass ``symflow.core.r``
        for the general family.

    Examples
    --------
    >>> from symflow.core import r
    >>> nesterov(r).parameters
    (r,)
    """
    friction = S(friction)
    beta = (k - 1) / (k + friction - 1)
    return Method(
        "nesterov" if friction == 3 else "nesterov-r", ("x", "y"),
        (Eq(x(k), y(k - 1) - s * grad(y(k - 1))), Eq(y(k), x(k) + beta * (x(k) - x(k - 1)))),
        parameters=tuple(sorted(friction.free_symbols, key=str)),
        initial=(Eq(y(0), x(0)),),
        start=1,
        description=f"Nesterov's accelerated gradient method, momentum {beta}.",
        source=SBC + ", §2",
    )


def nesterov_one_sequence(friction: Expr = 3) -> Method:
    r"""Nesterov's method with :math:`y_k` written out: one recurrence in :math:`x_k`.

    :math:`x_{k+1} = x_k + \beta_k(x_k - x_{k-1}) - s\nabla f(x_k + \beta_k(x_k - x_{k-1}))`,
    :math:`\beta_k = (k-1)/(k+r-1)`.

    Examples
    --------
    >>> nesterov_one_sequence().sequences
    ('x',)
    """
    friction = S(friction)
    beta = (k - 1) / (k + friction - 1)
    point = x(k) + beta * (x(k) - x(k - 1))
    return Method(
        "nesterov-one-sequence", ("x",),
        (Eq(x(k + 1), point - s * grad(point)),),
        parameters=tuple(sorted(friction.free_symbols, key=str)),
        initial=(Eq(x(1), x(0) - s * grad(x(0))),),
        start=1,
        description="Nesterov's method as a single recurrence.",
        source=SBC,
    )


def nag_c() -> Method:
    r"""NAG-C in SDJS's form: :math:`y_{k+1} = x_k - s\nabla f(x_k)`, :math:`x_{k+1} = y_{k+1} + \frac{k}{k+3}(y_{k+1} - y_k)`.

    Examples
    --------
    >>> nag_c().initial
    (Eq(y(0), x(0)),)
    """
    return Method(
        "nag-c", ("x", "y"),
        (Eq(y(k + 1), x(k) - s * grad(x(k))),
         Eq(x(k + 1), y(k + 1) + k / (k + 3) * (y(k + 1) - y(k)))),
        initial=(Eq(y(0), x(0)),),
        description="Nesterov's method for convex functions (NAG-C), momentum k/(k+3).",
        source=SDJS + ", §1.1",
    )


def nag_sc() -> Method:
    r"""NAG-SC: :math:`y_{k+1} = x_k - s\nabla f(x_k)`, :math:`x_{k+1} = y_{k+1} + \alpha(y_{k+1} - y_k)`.

    Examples
    --------
    >>> nag_sc().parameters
    (mu,)
    """
    alpha = strongly_convex_momentum()
    return Method(
        "nag-sc", ("x", "y"),
        (Eq(y(k + 1), x(k) - s * grad(x(k))),
         Eq(x(k + 1), y(k + 1) + alpha * (y(k + 1) - y(k)))),
        parameters=(mu,),
        initial=(Eq(y(0), x(0)),),
        description="Nesterov's method for strongly convex functions (NAG-SC).",
        source=SDJS + ", §1.1",
    )


def nag_sc_one_sequence() -> Method:
    r"""NAG-SC as one recurrence, with the gradient at the extrapolated point (derived here from :func:`nag_sc`).

    Eliminating :math:`x_k = y_k + \alpha(y_k - y_{k-1})` from
    :math:`y_{k+1} = x_k - s\nabla f(x_k)` leaves one recurrence in SDJS's :math:`y_k`,
    written :math:`x_k` here:
    :math:`x_{k+1} = x_k + \alpha(x_k - x_{k-1}) - s\nabla f(x_k + \alpha(x_k - x_{k-1}))`,
    :math:`\alpha = (1-\sqrt{\mu s})/(1+\sqrt{\mu s})`. The gradient's argument holds
    :math:`\sqrt s`. With :math:`y_0 = x_0` the first step is :math:`x_1 = x_0 - s\nabla f(x_0)`.

    Examples
    --------
    >>> nag_sc_one_sequence().sequences
    ('x',)
    """
    alpha = strongly_convex_momentum()
    point = x(k) + alpha * (x(k) - x(k - 1))
    return Method(
        "nag-sc-one-sequence", ("x",),
        (Eq(x(k + 1), point - s * grad(point)),),
        parameters=(mu,),
        initial=(Eq(x(1), x(0) - s * grad(x(0))),),
        start=1,
        description="NAG-SC as a single recurrence in the gradient-step iterates y_k.",
        source=SDJS + ", §1.1 (one-sequence form derived here)",
    )


def triple_momentum() -> Method:
    r"""The triple momentum method of Van Scoy, Freeman and Lynch (2018), with step :math:`s = 1/L`.

    As stated in PEPit's example ``triple_momentum.py`` (which cites the paper):
    :math:`\xi_{k+1} = (1+\beta)\xi_k - \beta\xi_{k-1} - \alpha\nabla f(y_k)`,
    :math:`y_k = (1+\gamma)\xi_k - \gamma\xi_{k-1}`, with :math:`\rho = 1 - 1/\sqrt\kappa`,
    :math:`\kappa = L/\mu`, :math:`(\alpha, \beta, \gamma) = ((1+\rho)/L, \rho^2/(2-\rho),
    \rho^2/((1+\rho)(2-\rho)))` and :math:`\xi_0 = \xi_1 = x_0`. Here :math:`\xi_k` is the
    sequence ``x``, :math:`1/L = s`, so :math:`\rho = 1 - \sqrt{\mu s}`. The output sequence
    :math:`(1+\delta)\xi_k - \delta\xi_{k-1}` is not part of the recurrence and is left out.

    Examples
    --------
    >>> triple_momentum().sequences
    ('x', 'y')
    """
    rho = 1 - sqrt(mu * s)
    alpha = (1 + rho) * s
    beta = rho ** 2 / (2 - rho)
    gamma = rho ** 2 / ((1 + rho) * (2 - rho))
    return Method(
        "triple-momentum", ("x", "y"),
        (Eq(x(k + 1), (1 + beta) * x(k) - beta * x(k - 1) - alpha * grad(y(k))),
         Eq(y(k), (1 + gamma) * x(k) - gamma * x(k - 1))),
        parameters=(mu,),
        initial=(Eq(x(1), x(0)),),
        start=1,
        description="Triple momentum method (Van Scoy, Freeman, Lynch 2018) with s = 1/L.",
        source=TMM,
    )


#: the first-moment sequence m_k of Adam and of RMSProp with momentum
m = vector_function("m")

RMSPROP = "Tieleman & Hinton, Lecture 6.5 (COURSERA: Neural Networks for Machine Learning, 2012)"
ADAM = "Kingma & Ba, Adam: A Method for Stochastic Optimization, ICLR 2015, arXiv:1412.6980"
ADAGRAD = "Duchi, Hazan, Singer, JMLR 12 (2011)"


def adagrad() -> AdaptiveMethod:
    r"""AdaGrad (diagonal form): :math:`v_{k+1} = v_k + \nabla f(x_k)\odot\nabla f(x_k)`, :math:`x_{k+1} = x_k - s\nabla f(x_k)/(\sqrt{v_{k+1}} + \varepsilon)`.

    Coordinate-wise square, square root and division; :math:`v_0 = 0`.

    Examples
    --------
    >>> adagrad().sequences
    ('x', 'v')
    """
    g = grad(x(k))
    return AdaptiveMethod(
        "adagrad", ("x", "v"),
        (Eq(v(k + 1), coordinatewise(v(k) + g ** 2)),
         Eq(x(k + 1), coordinatewise(x(k) - s * g / (sqrt(v(k + 1)) + eps)))),
        parameters=(eps,),
        initial=(Eq(v(0), S(0)),),
        description="AdaGrad with a diagonal preconditioner (coordinate-wise).",
        source=ADAGRAD,
    )


def rmsprop() -> AdaptiveMethod:
    r"""RMSProp: :math:`v_{k+1} = \beta v_k + (1-\beta)\nabla f(x_k)\odot\nabla f(x_k)`, :math:`x_{k+1} = x_k - s\nabla f(x_k)/(\sqrt{v_{k+1}} + \varepsilon)`.

    Coordinate-wise operations; :math:`v_0 = 0`.

    Examples
    --------
    >>> rmsprop().parameters
    (beta, varepsilon)
    """
    g = grad(x(k))
    return AdaptiveMethod(
        "rmsprop", ("x", "v"),
        (Eq(v(k + 1), coordinatewise(beta * v(k) + (1 - beta) * g ** 2)),
         Eq(x(k + 1), coordinatewise(x(k) - s * g / (sqrt(v(k + 1)) + eps)))),
        parameters=(beta, eps),
        initial=(Eq(v(0), S(0)),),
        description="RMSProp: gradient steps divided coordinate-wise by a running root mean square.",
        source=RMSPROP,
    )


def adam(bias_correction: bool = True) -> AdaptiveMethod:
    r"""Adam, with or without bias correction.

    :math:`m_{k+1} = \beta_1 m_k + (1-\beta_1)\nabla f(x_k)`,
    :math:`v_{k+1} = \beta_2 v_k + (1-\beta_2)\nabla f(x_k)\odot\nabla f(x_k)`,
    :math:`x_{k+1} = x_k - s\,\hat m_{k+1}/(\sqrt{\hat v_{k+1}} + \varepsilon)` with
    :math:`\hat m_{k+1} = m_{k+1}/(1-\beta_1^{k+1})`, :math:`\hat v_{k+1} = v_{k+1}/(1-\beta_2^{k+1})`
    (or :math:`\hat m = m`, :math:`\hat v = v` without correction); :math:`m_0 = v_0 = 0`.

    Examples
    --------
    >>> adam().sequences, adam(False).name
    (('x', 'm', 'v'), 'adam-no-bias-correction')
    """
    g = grad(x(k))
    if bias_correction:
        m_hat = m(k + 1) / (1 - beta1 ** (k + 1))
        v_hat = v(k + 1) / (1 - beta2 ** (k + 1))
    else:
        m_hat, v_hat = m(k + 1), v(k + 1)
    return AdaptiveMethod(
        "adam" if bias_correction else "adam-no-bias-correction", ("x", "m", "v"),
        (Eq(m(k + 1), coordinatewise(beta1 * m(k) + (1 - beta1) * g)),
         Eq(v(k + 1), coordinatewise(beta2 * v(k) + (1 - beta2) * g ** 2)),
         Eq(x(k + 1), coordinatewise(x(k) - s * m_hat / (sqrt(v_hat) + eps)))),
        parameters=(beta1, beta2, eps),
        initial=(Eq(m(0), S(0)), Eq(v(0), S(0))),
        description="Adam" + (" with bias correction." if bias_correction else " without bias correction."),
        source=ADAM + ", Algorithm 1",
    )


def rmsprop_momentum() -> AdaptiveMethod:
    r"""RMSProp with heavy-ball momentum on the preconditioned step.

    :math:`v_{k+1} = \beta_2 v_k + (1-\beta_2)\nabla f(x_k)\odot\nabla f(x_k)`,
    :math:`m_{k+1} = \beta_1 m_k + \nabla f(x_k)/(\sqrt{v_{k+1}} + \varepsilon)`,
    :math:`x_{k+1} = x_k - s\,m_{k+1}`: the momentum of SGD (not an average), so the gradient
    enters :math:`m` without the factor :math:`1-\beta_1`; :math:`m_0 = v_0 = 0`.

    Examples
    --------
    >>> rmsprop_momentum().name
    'rmsprop-momentum'
    """
    g = grad(x(k))
    return AdaptiveMethod(
        "rmsprop-momentum", ("x", "m", "v"),
        (Eq(v(k + 1), coordinatewise(beta2 * v(k) + (1 - beta2) * g ** 2)),
         Eq(m(k + 1), coordinatewise(beta1 * m(k) + g / (sqrt(v(k + 1)) + eps))),
         Eq(x(k + 1), x(k) - s * m(k + 1))),
        parameters=(beta1, beta2, eps),
        initial=(Eq(m(0), S(0)), Eq(v(0), S(0))),
        description="RMSProp with heavy-ball momentum (SGD-style momentum on the preconditioned gradient).",
        source=RMSPROP + " (momentum variant as in common implementations; written here)",
    )
