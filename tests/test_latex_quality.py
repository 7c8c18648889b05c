"""The LaTeX documents read as papers: every line fits the page, math is set as math, fonts are Latin Modern."""
import re
import shutil
import subprocess

import pytest

from symflow.core.printing import DISPLAY_BUDGET, latex_width, tex_text
from symflow.documents import combined_latex, entry_documents

#: documents whose displayed equations were up to 1949pt too wide before they were broken into lines
WORST = ("energy-nag-sc", "energy-heavy-ball", "bregman-time-dilation")

#: how far a line may stick out into the margin (pdflatex's "Overfull \hbox (X pt too wide)")
TOLERANCE_PT = 10.0


@pytest.fixture(scope="module")
def worst_documents():
    return {name: entry_documents(name)["tex"] for name in WORST}


def display_rows(tex: str) -> list:
    """The rows of every ``align*`` block of a document."""
    rows = []
    for block in re.findall(r"\\begin\{align\*\}\n(.*?)\n\\end\{align\*\}", tex, flags=re.S):
        rows += [row.strip() for row in block.split("\\\\\n")]
    return rows


def overfull_widths(log: str) -> list:
    return [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]


def test_every_displayed_row_fits_the_budget(worst_documents):
    for name, tex in worst_documents.items():
        rows = display_rows(tex)
        assert rows, name
        widest = max(rows, key=latex_width)
        assert latex_width(widest) <= DISPLAY_BUDGET, (name, widest)
        # nothing is displayed with \[...\] or equation*, which cannot break
        assert r"\[" not in tex and r"\begin{equation*}" not in tex, name


def test_no_line_sticks_out_of_the_page(worst_documents, tmp_path):
    """With pdflatex: compile and read the log; without: the estimate of every displayed row."""
    if shutil.which("pdflatex") is None:
        for name, tex in worst_documents.items():
            assert max(latex_width(row) for row in display_rows(tex)) <= DISPLAY_BUDGET, name
        return
    for name, tex in worst_documents.items():
        (tmp_path / f"{name}.tex").write_text(tex, encoding="utf-8")
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=300)
        log = (tmp_path / f"{name}.log").read_text(encoding="utf-8", errors="replace")
        assert run.returncode == 0, (name, log[-2000:])
        widths = overfull_widths(log)
        assert max(widths, default=0.0) <= TOLERANCE_PT, (name, widths)
        assert "Type 3" not in log and ".pk" not in log, name  # no bitmap fonts


def test_fonts_and_no_question_marks(worst_documents):
    for name, tex in worst_documents.items():
        assert r"\usepackage[T1]{fontenc}" in tex and r"\usepackage{lmodern}" in tex
        assert "?" not in tex.replace("%", ""), name
    assert r"LDL$^{\mathsf{T}}$" in worst_documents["energy-nag-sc"]


def test_math_in_words_is_set_in_math_mode(worst_documents):
    tex = worst_documents["energy-nag-sc"]
    for ascii_math in (r"sqrt\(", r"(?<![\\\w])rho\b", r"(?<![\\\w])mu\b", r"\\textasciicircum", r"\bt0\b",
                       r"x\*"):
        assert not re.search(ascii_math, tex), ascii_math
    assert r"$\rho = \sqrt{\mu}/4$" in tex
    assert r"$\mu$-strongly convex" in tex
    assert tex_text("f(X) - f* <= E(t0)/a(t)") == r"$f(X) - f^{\star} \leq E(t_{0})/a(t)$"
    assert tex_text("the claim |x_k - x*|^2 <= C(1 - rho)^k") == \
        r"the claim $\|x_{k} - x^{\star}\|^{2} \leq C(1 - \rho)^{k}$"
    assert tex_text("a minimiser, step size s, L-smooth, heavy-ball, nag-c") == \
        "a minimiser, step size $s$, $L$-smooth, heavy-ball, nag-c"


def test_region_and_checks_read_in_words(worst_documents):
    tex = worst_documents["energy-nag-sc"]
    assert r"\text{every parameter value}" in tex and r"\text{True}" not in tex
    assert "verdict: proved." in tex and "verdict: proved:" not in tex


def test_combined_document_has_a_table_of_contents(worst_documents):
    bodies = [entry_documents(name)["body"] for name in WORST[1:]]
    doc = combined_latex(bodies)
    assert r"\tableofcontents" in doc and doc.count(r"\section{") == len(bodies)
    assert r"\section*{" not in doc
