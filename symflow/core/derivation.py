r"""Recorded derivations: :class:`Step`, :class:`Check`, :class:`Derivation`."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sympy import Eq, S
from sympy.logic.boolalg import BooleanTrue

from .model import ODE
from .printing import latex

__all__ = ["EVERY_VALUE", "is_region_step", "shows_expected", "Status", "Truth", "Step", "Check", "Derivation", "result_equation", "check_mark", "variant_title", "expected_latex", "aligned_row",
           "to_markdown"]


class _Word(str, Enum):
    """An enumeration whose members are the strings they name (they print, format and show as them)."""

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return repr(self.value)


class Status(_Word):
    r"""What a derivation established: a result derived, a claim proved or refuted, or neither.

    A member is the string it names: it equals its value (``Status.PROVED == "proved"``),
    prints, formats and shows as it.

    Examples
    --------
    >>> Status("proved") is Status.PROVED, f"{Status.REFUTED}", Status.UNKNOWN
    (True, 'refuted', 'unknown')
    """

    DERIVED = "derived"
    PROVED = "proved"
    REFUTED = "refuted"
    UNKNOWN = "unknown"


class Truth(_Word):
    r"""Whether a stated condition (e.g. one of WWJ's ideal-scaling conditions) holds, fails, or is undecided.

    Examples
    --------
    >>> Truth.HOLDS == "holds", Truth("unknown")
    (True, 'unknown')
    """

    HOLDS = "holds"
    FAILS = "fails"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Step:
    r"""One recorded transformation of a derivation.

    Parameters
    ----------
    title : str
        A short name ("Taylor expansion", "dominant balance", ...).
    text : str
        What was done, in words.
    math : tuple
        The formulas that show it (SymPy expressions or equations).

    Examples
    --------
    >>> Step("ansatz", "put x_k = X(t)").title
    'ansatz'
    """

    title: str
    text: str
    math: tuple = ()


@dataclass(frozen=True)
class Check:
    r"""A comparison of a derived result with an independent answer (usually the literature's).

    Parameters
    ----------
    description : str
        What was compared, e.g. "SBC (2016), eq. (3)".
    expected : object
        The independent answer (a SymPy expression or equation).
    passed : bool
        Whether the exact comparison succeeded.

    Examples
    --------
    >>> Check("trivial", 0, True).passed
    True
    """

    description: str
    expected: Any
    passed: bool


@dataclass(frozen=True)
class Derivation:
    r"""A result with the chain of steps that produced it, and the checks made on it.

    Parameters
    ----------
    name : str
        Registry name (catalogue entry) or a user's label.
    steps : tuple of Step
    result : object
        The derived object (an :class:`ODE`, a certificate, ...).
    title, source, claim : str
        Words for documents: what it is, where it comes from, what it states.
    checks : tuple of Check
        Comparisons with the literature or a second route.
    status : Status
        derived, proved, refuted or unknown.
    origin : object, optional
        What the result's inputs were derived from, when a later stage needs it: e.g. the
        ``ContinuousLimit`` whose ODE a Lyapunov claim is about (its method and time scale
        :math:`t = (k + c)s^a`), so the method can be run beside the ODE.

    Examples
    --------
    >>> d = Derivation("demo", (Step("a", "b"),), result=1)
    >>> [st.title for st in d.steps], str(d.status)
    (['a'], 'derived')
    """

    name: str
    steps: tuple
    result: Any
    title: str = ""
    source: str = ""
    claim: str = ""
    checks: tuple = ()
    status: Status = Status.DERIVED
    origin: Any = field(default=None, compare=False, repr=False)

    def _repr_markdown_(self) -> str:
        return to_markdown([self])


def result_equation(derivation: Derivation):
    """The result as a SymPy expression or equation for display.

    An ODE shows in its ``... = 0`` form; any other result shows its ``display``
    attribute when it has one (a SymPy expression or equation), else itself.
    """
    result = derivation.result
    if isinstance(result, ODE):
        return Eq(result.residual, 0)
    return getattr(result, "display", result)


def expected_latex(expected) -> str:
    if isinstance(expected, (tuple, list)):
        return r",\quad ".join(latex(e) for e in expected)
    return latex(expected)


def check_mark(passed: bool) -> str:
    return "✓" if passed else "✗"


def variant_title(derivation: Derivation, options: dict | None) -> str:
    if options and "order" in options:
        order = options["order"]
        names = {0: "low resolution (order 0)", 1: "high resolution (order 1 in √s)"}
        return names.get(order, f"order {order} in √s")
    return "derivation"


#: how a region that holds for every value of the parameters reads in the documents
EVERY_VALUE = "every parameter value"


def is_region_step(step) -> bool:
    """Whether a step states a parameter region (its title is "Region" or "Region: ...")."""
    return step.title.split(":")[0].strip().lower() == "region"


def shows_expected(expected) -> bool:
    """Whether a check's expected value says more than its description (a bare 0 or True does not).

    Examples
    --------
    >>> shows_expected(0), shows_expected(True), shows_expected(S(2))
    (False, False, True)
    """
    if expected is None or isinstance(expected, bool):
        return False
    try:
        return not (S(expected) == S.Zero or isinstance(S(expected), BooleanTrue))
    except Exception:  # noqa: BLE001 - an expected value SymPy cannot read is shown as it is
        return True


def _markdown_steps(derivation: Derivation) -> list:
    out = []
    for i, step in enumerate(derivation.steps, 1):
        out += [f"**{i}. {step.title}.** {step.text}", ""]
        if is_region_step(step) and len(step.math) == 1 and isinstance(step.math[0], BooleanTrue):
            out += [f"The claim holds for {EVERY_VALUE}.", ""]
        elif len(step.math) == 1:
            out += ["$$", latex(step.math[0]), "$$", ""]
        elif step.math:
            out += ["$$", r"\begin{aligned}", " \\\\\n".join(aligned_row(m) for m in step.math),
                    r"\end{aligned}", "$$", ""]
    return out


def aligned_row(m) -> str:
    if isinstance(m, Eq):
        return f"{latex(m.lhs)} &= {latex(m.rhs)}"
    return f"& {latex(m)}"


def to_markdown(derivations, *, title: str = "", claim: str = "", source: str = "",
                variants=None, generated: bool = False) -> str:
    r"""One Markdown document for one or more derivations of the same subject.

    Parameters
    ----------
    derivations : list of Derivation
        E.g. the low- and high-resolution limits of one method.
    title, claim, source : str
        Header text (taken from the first derivation when empty).
    variants : list of dict, optional
        The options of each derivation, for section titles.
    generated : bool
        Mark the file as generated by ``symflow regenerate``.
    """
    first = derivations[0]
    title = title or first.title
    claim = claim or first.claim
    source = source or first.source
    out = [f"# {first.name}: {title}", ""]
    if generated:
        out += ["<!-- generated by `symflow regenerate`; do not edit -->", ""]
    if source:
        out += [f"**Source.** {source}", ""]
    if claim:
        out += [f"**Claim.** {claim}", ""]
    for index, derivation in enumerate(derivations):
        options = variants[index] if variants else None
        out += [f"## {variant_title(derivation, options).capitalize()}", ""]
        out += _markdown_steps(derivation)
        out += ["**Result.**", "", "$$", latex(result_equation(derivation)), "$$", ""]
        result = derivation.result
        if isinstance(result, ODE) and result.initial_conditions:
            conditions = r",\qquad ".join(latex(c) for c in result.initial_conditions)
            out += ["with", "", "$$", conditions, "$$", ""]
        if derivation.checks:
            out += ["**Checks.**", ""]
            for check in derivation.checks:
                if shows_expected(check.expected):
                    out.append(f"- {check_mark(check.passed)} {check.description}: "
                               f"${expected_latex(check.expected)}$")
                else:
                    out.append(f"- {check_mark(check.passed)} {check.description.rstrip('.')}.")
            out.append("")
    return "\n".join(out).rstrip() + "\n"
