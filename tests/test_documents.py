"""Documents: paper notation, determinism, export, notebook representations."""
from sympy import sqrt

from symflow.catalogue import entries
from symflow.cli.main import main
from symflow.core import (
    FValue,
    Inner,
    NablaF,
    X,
    grad,
    latex,
    mu,
    plain_math,
    s,
    t,
    text,
)
from symflow.core.printing import tex_escape as _tex_escape
from symflow.documents import (
    catalogue_documents,
    latex_block,
    stale_documents,
    to_json,
    to_latex,
    to_markdown,
    to_text,
    write_documents,
)
from symflow.limit import continuous_limit
from symflow.methods import nag_sc


def test_paper_notation():
    Xt = X(t)
    e = Xt.diff(t, 2) + 2 * sqrt(mu) * Xt.diff(t) + sqrt(s) * NablaF(Xt, Xt.diff(t)) + (1 + sqrt(mu * s)) * grad(Xt)
    assert latex(e) == (r"\ddot{X} + 2 \sqrt{\mu} \dot{X} + \sqrt{s} \nabla^{2} f(X) \dot{X} "
                        r"+ \left(1 + \sqrt{\mu s}\right) \nabla f(X)")
    assert "frac{d" not in latex(e) and "left(t" not in latex(e)
    assert latex(Inner(Xt, Xt)) == r"\|X\|^{2}"
    assert text(FValue(Xt)) == "f(X)"


def test_terminal_math_from_inline_latex():
    assert plain_math(r"$\delta = s^{1/2}$ and $\frac{3}{t}\dot X$") == "δ = s^(1/2) and 3/tẊ"


def test_tex_escape_keeps_inline_math_and_escapes_text():
    assert _tex_escape(r"50% of $\sqrt{s}$") == r"50\% of $\sqrt{s}$"
    assert _tex_escape("a_b & c") == r"a\_b \& c"


def test_documents_are_deterministic():
    first = catalogue_documents(names=["nag-c", "nesterov"])
    second = catalogue_documents(names=["nag-c", "nesterov"])
    assert first == second


def test_every_entry_has_a_markdown_and_a_tex_document_and_the_index_lists_it():
    docs = catalogue_documents()
    for name in entries():
        assert f"{name}.md" in docs and f"{name}.tex" in docs
        assert f"[{name}]({name}.md)" in docs["README.md"]
        assert f"{{{name}:" in docs["symflow.tex"]
    assert docs["symflow.tex"].startswith(r"\documentclass")
    assert "CHECK FAILED" not in docs["README.md"]


def test_write_is_atomic_and_check_finds_stale(tmp_path):
    docs = {"a.md": "one\n"}
    assert write_documents(docs, tmp_path) == [tmp_path / "a.md"]
    assert write_documents(docs, tmp_path) == []
    assert not list(tmp_path.glob(".*tmp"))
    assert stale_documents({"a.md": "two\n"}, tmp_path) == ["a.md"]


def test_user_derivation_renders_like_a_catalogue_entry():
    derivation = continuous_limit(nag_sc(), order=1).derivation
    assert r"\nabla^{2} f(X) \dot{X}" in to_markdown([derivation])
    assert to_latex([derivation]).rstrip().endswith(r"\end{document}")
    assert to_json(derivation)["equation"].startswith("Ẍ + 2√μ Ẋ")
    assert "result: Ẍ" in to_text(derivation)
    block = latex_block(derivation)
    assert block.startswith(r"\begin{align*}") and r"\Rightarrow" in block


def test_notebook_representations():
    lim = continuous_limit(nag_sc())
    assert lim.ode._repr_latex_().startswith("$")
    assert nag_sc()._repr_latex_().count("&=") == 3
    assert lim.derivation._repr_markdown_().startswith("# nag-sc")


def test_export_command(tmp_path, capsys):
    tex = tmp_path / "nag-c.tex"
    md = tmp_path / "nag-c.md"
    assert main(["export", "nag-c", "--latex", str(tex)]) == 0
    assert tex.read_text().startswith(r"\documentclass")
    assert main(["export", "nag-c", "--markdown", str(md), "--order", "1"]) == 0
    assert "High resolution" in md.read_text()
    assert main(["export", "nag-c", "--latex", str(tmp_path / "b.tex"), "--bare"]) == 0
    assert (tmp_path / "b.tex").read_text().startswith(r"\begin{align*}")
    capsys.readouterr()
    assert main(["export", "nag-c"]) == 2
    assert main(["export", "nag-c", "--markdown", str(tmp_path / "missing" / "x.md")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_documents_do_not_depend_on_the_hash_seed():
    import os
    import subprocess
    import sys

    code = ("from symflow.documents.regenerate import catalogue_documents as c; import sys; "
            "d = c(names=['discretize-mj-nesterov', 'energy-nesterov-r', 'bregman-polynomial']); "
            "sys.stdout.write(repr(sorted(d.items())))")
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        outputs.append(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                      text=True, check=True).stdout)
    assert outputs[0] == outputs[1]
