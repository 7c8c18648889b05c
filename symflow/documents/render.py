r"""Documents from derivations: plain text, Markdown with LaTeX math, standalone LaTeX, JSON.

Every renderer reads only a :class:`~symflow.core.Derivation` (its steps,
result and checks), so a user's own derivation renders exactly like a
catalogue entry.

Examples
--------
>>> from symflow.catalogue import get
>>> d = get("gradient-descent").run(order=0)
>>> "\\dot{X} + \\nabla f(X) = 0" in to_markdown([d])
True
>>> to_json(d)["equation"]
'Ẋ + ∇f(X) = 0'
"""
from __future__ import annotations

from ..core.derivation import (
    Derivation,
    aligned_row,
    check_mark,
    expected_latex,
    result_equation,
    to_markdown,
    variant_title,
)
from ..core.model import ODE
from ..core.printing import (
    latex,
    plain_math,
    tex_escape,
    text,
)

__all__ = ["FORMATS", "result_equation", "to_text", "to_markdown", "to_latex", "to_json", "combined_latex",
           "latex_block", "render"]


#: the output formats of :func:`render` (and of the CLI's ``--format``)
FORMATS = ("text", "latex", "json", "markdown")


def to_text(derivation: Derivation) -> str:
    """A terminal rendering: steps, result, checks.

    Examples
    --------
    >>> from symflow.catalogue import get
    >>> print(to_text(get("gradient-descent").run(order=0)).splitlines()[0])
    gradient-descent: Gradient descent and gradient flow
    """
    lines = [f"{derivation.name}: {plain_math(derivation.title)}" if derivation.title else derivation.name]
    if derivation.source:
        lines.append(f"source: {derivation.source}")
    if derivation.claim:
        lines.append(f"claim: {plain_math(derivation.claim)}")
    for i, step in enumerate(derivation.steps, 1):
        lines.append("")
        lines.append(f"{i}. {step.title}. {plain_math(step.text)}")
        lines += [f"     {text(m)}" for m in step.math]
    lines.append("")
    lines.append(f"result: {text(result_equation(derivation))}")
    result = derivation.result
    if isinstance(result, ODE) and result.initial_conditions:
        lines.append("initial conditions: " + ", ".join(text(c) for c in result.initial_conditions))
    for check in derivation.checks:
        lines.append(f"check {check_mark(check.passed)} {plain_math(check.description)}")
    return "\n".join(lines) + "\n"


_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.2cm]{geometry}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5ex}
"""


def _tex_paragraphs(words: str) -> str:
    r"""Step text for LaTeX: Markdown tables (lines starting with ``|``) become ``tabular``.

    Examples
    --------
    >>> print(_tex_paragraphs("Counts:\n| a | b |\n|---|---|\n| 1 | 2 |"))
    Counts:
    \par\smallskip{\footnotesize\begin{tabular}{ll}
    \hline
    a & b \\
    \hline
    1 & 2 \\
    \hline
    \end{tabular}}\par
    """
    out, table = [], []

    def flush():
        if not table:
            return
        rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table
                if not set(line.replace("|", "").strip()) <= set("-: ")]
        width = max(len(row) for row in rows)
        lines = [r"\par\smallskip{\footnotesize\begin{tabular}{" + "l" * width + "}", r"\hline"]
        for i, row in enumerate(rows):
            lines.append(" & ".join(tex_escape(cell) for cell in row) + r" \\")
            if i == 0:
                lines.append(r"\hline")
        lines += [r"\hline", r"\end{tabular}}\par"]
        out.append("\n".join(lines))
        table.clear()

    for line in words.splitlines():
        if line.strip().startswith("|"):
            table.append(line)
        else:
            flush()
            out.append(tex_escape(line))
    flush()
    return "\n".join(out)


def to_latex(derivations, *, title: str = "", claim: str = "", source: str = "", variants=None,
             standalone: bool = True) -> str:
    r"""LaTeX for one or more derivations; ``standalone=False`` gives the body only.

    Examples
    --------
    >>> from symflow.catalogue import get
    >>> tex = to_latex([get("gradient-descent").run(order=0)])
    >>> tex.startswith("\\documentclass") and tex.rstrip().endswith("\\end{document}")
    True
    """
    first = derivations[0]
    title = title or first.title
    body = [rf"\section*{{{tex_escape(first.name)}: {tex_escape(title)}}}"]
    if source or first.source:
        body.append(rf"\noindent\textbf{{Source.}} {tex_escape(source or first.source)}\par")
    if claim or first.claim:
        body.append(rf"\noindent\textbf{{Claim.}} {tex_escape(claim or first.claim)}\par")
    for index, derivation in enumerate(derivations):
        options = variants[index] if variants else None
        body.append(rf"\subsection*{{{tex_escape(variant_title(derivation, options).capitalize())}}}")
        body.append(r"\begin{enumerate}")
        for step in derivation.steps:
            body.append(rf"\item \textbf{{{tex_escape(step.title)}.}} {_tex_paragraphs(step.text)}")
            if step.math:
                body.append(r"\begin{align*}")
                body.append(" \\\\\n".join(aligned_row(m) for m in step.math))
                body.append(r"\end{align*}")
        body.append(r"\end{enumerate}")
        body.append(r"\noindent\textbf{Result.}")
        body.append(r"\begin{equation*}" + latex(result_equation(derivation)) + r"\end{equation*}")
        result = derivation.result
        if isinstance(result, ODE) and result.initial_conditions:
            body.append(r"with \begin{equation*}" + r",\qquad ".join(
                latex(c) for c in result.initial_conditions) + r"\end{equation*}")
        if derivation.checks:
            body.append(r"\noindent\textbf{Checks.}\begin{itemize}")
            for check in derivation.checks:
                mark = r"$\checkmark$" if check.passed else r"\textbf{FAILED}"
                body.append(rf"\item {mark} {tex_escape(check.description)}:"
                            rf"\[{expected_latex(check.expected)}\]")
            body.append(r"\end{itemize}")
    content = "\n".join(body) + "\n"
    if not standalone:
        return content
    return _PREAMBLE + "\\begin{document}\n" + content + "\\end{document}\n"


def to_json(derivation: Derivation) -> dict:
    """A JSON-ready dictionary with ``name``, ``equation``, ``latex``, ``initial_conditions``, ``steps``, ...

    Examples
    --------
    >>> from symflow.catalogue import get
    >>> {"name", "equation", "latex", "initial_conditions", "steps"} <= set(to_json(get("nesterov").run()))
    True
    """
    result = derivation.result
    equation = result_equation(derivation)
    conditions = result.initial_conditions if isinstance(result, ODE) else ()
    return {
        "name": derivation.name,
        "title": derivation.title,
        "source": derivation.source,
        "status": derivation.status,
        "equation": text(equation),
        "latex": latex(equation),
        "initial_conditions": [text(c) for c in conditions],
        "initial_conditions_latex": [latex(c) for c in conditions],
        "steps": [
            {"title": step.title, "text": step.text,
             "math": [text(m) for m in step.math], "latex": [latex(m) for m in step.math]}
            for step in derivation.steps
        ],
        "checks": [{"description": c.description, "passed": bool(c.passed),
                    "expected": expected_latex(c.expected)}
                   for c in derivation.checks],
    }


def combined_latex(bodies) -> str:
    r"""One self-contained LaTeX document from the bodies of several derivations (``to_latex(..., standalone=False)``).

    Examples
    --------
    >>> doc = combined_latex([r"\section*{a}", r"\section*{b}"])
    >>> doc.count(r"\clearpage") >= 1 and r"\tableofcontents" in doc
    True
    """
    title = (r"\title{The symflow catalogue}" "\n"
             r"\author{generated by \texttt{symflow regenerate}}" "\n" r"\date{}" "\n")
    parts = [_PREAMBLE, title, "\\begin{document}\n\\maketitle\n\\tableofcontents\n"]
    for body in bodies:
        body = body.replace(r"\section*{", r"\clearpage" "\n" r"\section{", 1)
        parts.append(body)
    parts.append("\\end{document}\n")
    return "".join(parts)


def latex_block(derivation: Derivation, *, environment: str = "align*") -> str:
    r"""A bare display block with the derivation's steps, to paste into a paper.

    Examples
    --------
    >>> from symflow.catalogue import get
    >>> block = latex_block(get("gradient-descent").run(order=0))
    >>> block.startswith(r"\begin{align*}") and block.rstrip().endswith(r"\end{align*}")
    True
    """
    lines = []
    for step in derivation.steps:
        for m in step.math:
            lines.append(aligned_row(m) + rf" && \text{{{tex_escape(step.title)}}}")
    lines.append(r"\Rightarrow\quad " + "& " + latex(result_equation(derivation)))
    return f"\\begin{{{environment}}}\n" + " \\\\\n".join(lines) + f"\n\\end{{{environment}}}\n"


def render(derivation: Derivation, form: str = "text") -> str:
    """One derivation as text, LaTeX, JSON or Markdown (what the CLI prints for ``--format``).

    Examples
    --------
    >>> from symflow.catalogue import get
    >>> render(get("gradient-descent").run(order=0), "json").startswith("{")
    True
    """
    import json

    if form == "json":
        return json.dumps(to_json(derivation), indent=2, ensure_ascii=False) + "\n"
    if form == "latex":
        return to_latex([derivation])
    if form == "markdown":
        return to_markdown([derivation])
    if form == "text":
        return to_text(derivation)
    raise ValueError(f"unknown format {form!r}; choose one of {', '.join(FORMATS)}")
