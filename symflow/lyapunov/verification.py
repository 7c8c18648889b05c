r"""Verify a Lyapunov claim: certificate and rate, or counterexample, or "unknown".

:func:`verify` runs :func:`~symflow.lyapunov.certify`; when it proves the
claim, the rate :func:`~symflow.lyapunov.rate_bound` follows; otherwise
:func:`~symflow.lyapunov.refute` searches for a checked counterexample. When
neither succeeds the status is "unknown" — never "proved".

Examples
--------
>>> from symflow.core import ODE, X, t, x_star, grad, norm2
>>> from symflow.lyapunov import f_gap, convex
>>> v = verify(t * f_gap() + norm2(X(t) - x_star) / 2, ODE(-grad(X(t)), 1), convex())
>>> v.status
'proved'
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import And, Eq, Expr, S, Symbol
from sympy.core.relational import Relational

from ..core.derivation import Status, Step
from ..core.errors import SymflowError
from ..core.printing import latex, text
from .certificate import Certificate, certify
from .counterexample import Counterexample, refute
from .derivative import display
from .rates import display_bound, initial_values, rate_bound

__all__ = ["Verification", "verify", "to_dict", "theorem", "class_words", "rate_words", "region_words"]


@dataclass(frozen=True)
class Verification:
    r"""The outcome of :func:`verify`.

    Attributes
    ----------
    status : str
        "proved", "refuted" or "unknown".
    certificate : Certificate
    bound : Eq or None
        :math:`f(X(t)) - f^\star \le \dots` when proved.
    counterexample : Counterexample or None
    """

    status: str
    certificate: Certificate
    bound: Eq | None = None
    counterexample: Counterexample | None = None

    @property
    def display(self):
        """What documents show as the result: the certificate's identity for dE/dt."""
        return self.certificate.display

    @property
    def steps(self) -> tuple:
        """The certificate's steps, then the rate or the counterexample."""
        steps = list(self.certificate.steps)
        if self.bound is not None:
            steps.append(Step("Rate", "E(t) ≤ E(t0) e^{-ρ(t - t0)} and E ≥ a(t)(f(X) - f*), with E(t0) at the "
                              "initial conditions.", (display_bound(self.bound, self.certificate.ode),)))
        if self.counterexample is not None:
            steps.append(Step("Counterexample", self.counterexample.describe() + ".", ()))
        if self.status == Status.UNKNOWN:
            steps.append(Step("Unknown", "No certificate was found and no counterexample either: the claim "
                              "is neither proved nor refuted.", ()))
        if self.status == Status.PROVED:
            steps.append(theorem(self))
        return tuple(steps)


def class_words(function_class) -> str:
    """The function class in words for a theorem's hypotheses ("μ-strongly convex and differentiable").

    Examples
    --------
    >>> from symflow.lyapunov import smooth_strongly_convex
    >>> class_words(smooth_strongly_convex())
    'μ-strongly convex, L-smooth and differentiable'
    """
    words = function_class.describe().replace("mu-", "μ-").replace("mu ", "μ ")
    head, _, last = words.rpartition(", ")
    words = f"{head} and {last}" if head else words
    values = [f"{name} = {text(value)}" for name, value in (("μ", function_class.mu), ("L", function_class.L))
              if S(value).is_number and S(value) not in (S.Zero, S.Infinity)]
    return words + (f" with {', '.join(values)}" if values else "")


def rate_words(rate) -> str:
    """A rate as a factor in a theorem's sentence: parenthesised when it is a sum (``(1 + r)``, ``√μ``)."""
    rate = S(rate)
    return text(rate) if rate.is_Atom or rate.is_Mul or rate.is_Pow else f"({text(rate)})"


#: the relations as a theorem writes them
_RELATION_WORDS = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "!=": "≠", "==": "="}

#: a region longer than this (characters) is named in a theorem, not written out
REGION_WORDS_LIMIT = 160


def region_words(region, *, limit: int = REGION_WORDS_LIMIT) -> str:
    """The region as a clause of a theorem's hypotheses; empty when it is every parameter value.

    The conditions are written as a paper writes them (``s ≤ 1/L and r ≥ 3``); a region longer than
    ``limit`` characters is named instead, with how many conditions it has in which parameters: it is
    written out in the derivation's "Region" step.

    Examples
    --------
    >>> from symflow.core import L, s
    >>> from symflow.lyapunov.region import parameter_region
    >>> region_words(parameter_region([1 - L * s]))
    ', for the parameters with s ≤ 1/L'
    >>> region_words(parameter_region([1 - L * s]), limit=5)
    ', for the parameters of the region found above (1 condition in L, s)'
    """
    if region.text() in ("True", ""):
        return ""
    boolean = region.as_boolean()
    parts = boolean.args if isinstance(boolean, And) else (boolean,)
    words = " and ".join(f"{text(p.lhs)} {_RELATION_WORDS[p.rel_op]} {text(p.rhs)}" if isinstance(p, Relational)
                         else text(p) for p in parts)
    if len(words) <= limit:
        return f", for the parameters with {words}"
    names = ", ".join(text(p) for p in sorted(boolean.free_symbols, key=str))
    count = f"{len(parts)} condition{'s' if len(parts) > 1 else ''}"
    return f", for the parameters of the region found above ({count} in {names})"


def theorem(result: "Verification") -> Step:
    r"""The proved claim as a paper states it: hypotheses (class, region, start, initial conditions), then the result.

    Examples
    --------
    >>> from symflow.core import ODE, X, grad, norm2, t, x_star
    >>> from symflow.lyapunov import convex, f_gap
    >>> step = theorem(verify(t * f_gap() + norm2(X(t) - x_star) / 2, ODE(-grad(X(t)), 1), convex()))
    >>> step.text.split(".")[0]
    'Let f be convex and differentiable, with a minimiser x⋆, and let X solve the ODE for t ≥ 0'
    """
    cert = result.certificate
    ode = cert.ode
    words = class_words(cert.function_class)
    initial = ", ".join(text(c) for c in ode.initial_conditions)
    start = f" with {initial}" if initial else ""
    claim = "dE/dt ≤ 0" if cert.rate == 0 else f"dE/dt ≤ -{rate_words(cert.rate)} E"
    sentence = (f"Let f be {words}, with a minimiser x⋆, and let X solve the ODE for t ≥ {text(ode.start)}"
                f"{start}{region_words(cert.region)}. Then {claim} for every t ≥ {text(ode.start)}")
    math = [ode.equation, Eq(Symbol("E"), display(cert.energy))]
    if result.bound is not None:
        sentence += ", and hence the bound below"
        math.append(display_bound(result.bound, ode))
    return Step("Theorem", sentence + ".", tuple(math))


def verify(energy: Expr, ode, function_class, *, rate: Expr = S.Zero, values: dict | None = None,
           seed: int = 0) -> Verification:
    r"""Prove :math:`\dot E + \rho E \le 0` exactly, or refute it with a checked counterexample.

    Parameters
    ----------
    values : dict, optional
        Parameter values for the counterexample search.
    """
    initial_values(ode)  # contradictory or ill-typed initial conditions are refused before anything
    certificate = certify(energy, ode, function_class, rate=rate)
    if certificate.status == Status.PROVED:
        try:
            bound = rate_bound(certificate)
        except SymflowError:
            bound = None
        return Verification(Status.PROVED, certificate, bound)
    counterexample = refute(energy, ode, function_class, rate=rate, values=values, seed=seed)
    if counterexample is not None and counterexample.increases and counterexample.in_class:
        return Verification(Status.REFUTED, certificate, counterexample=counterexample)
    return Verification(Status.UNKNOWN, certificate, counterexample=None)


def to_dict(result: Verification) -> dict:
    """A JSON-ready summary: status, multipliers, remainder, region, rate, counterexample.

    Examples
    --------
    >>> from symflow.core import ODE, X, t, x_star, grad, norm2
    >>> from symflow.lyapunov import f_gap, convex
    >>> d = to_dict(verify(t * f_gap() + norm2(X(t) - x_star) / 2, ODE(-grad(X(t)), 1), convex()))
    >>> d["status"], d["multipliers"][0]["value"]
    ('proved', '1')
    """

    cert = result.certificate
    out = {
        "status": result.status,
        "rate": text(cert.rate),
        "derivative_plus_rate_times_energy": text(display(cert.derivative + cert.rate * cert.energy)),
        "multipliers": [{"inequality": q.text, "name": q.name, "value": text(m), "latex": latex(m)}
                        for q, m in cert.multipliers],
        "remainder": {"basis": [text(b) for b in cert.basis],
                      "pivots": [text(d) for d in cert.pivots],
                      "rows": [[text(x) for x in row] for row in cert.rows]},
        "region": text(cert.region.as_boolean()) if cert.multipliers else None,
        "region_exact": cert.region.exact,
        "reason": cert.reason,
    }
    if result.bound is not None:
        out["bound"] = text(display_bound(result.bound, cert.ode))
    if result.counterexample is not None:
        c = result.counterexample
        out["counterexample"] = {
            "function": c.function.name, "expression": str(c.function.objective.expression),
            "values": c.values, "X": [float(x) for x in list(c.state.values())[0]],
            "Xdot": [float(x) for x in list(c.state.values())[1]] if len(c.state) > 1 else None,
            "x_star": [0.0] * c.function.dimension, "derivative_plus_rate_times_energy": c.derivative,
            "energies": list(c.energies), "increases": c.increases, "in_class": c.in_class,
        }
    return out
