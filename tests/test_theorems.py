"""Each proved Lyapunov document ends with its theorem: hypotheses the engine used, then the result."""
from symflow.catalogue import get
from symflow.core import ODE, X, grad, norm2, t, x_star
from symflow.lyapunov import convex, f_gap, smooth_strongly_convex, verify
from symflow.lyapunov.verification import class_words, theorem


def test_a_continuous_theorem_names_the_class_the_start_and_the_initial_conditions():
    derivation = get("energy-nag-c").run()
    last = derivation.steps[-1]
    assert last.title == "Theorem"
    assert last.text.startswith("Let f be convex and differentiable")
    assert "t ≥ 3√s/2" in last.text and "Ẋ(3√s/2) = - √s ∇f(x₀)" in last.text and "dE/dt ≤ 0" in last.text
    assert last.math[-1] == derivation.result.bound or "hence the bound" in last.text


def test_a_region_and_a_rate_are_stated():
    derivation = get("energy-nesterov-r").run()
    assert "for the parameters with r ≥ 3." in derivation.steps[-1].text
    sc = get("energy-sc-flow").run().steps[-1].text
    assert sc.startswith("Let f be μ-strongly convex") and "dE/dt ≤ -√μ E" in sc


def test_a_discrete_theorem_names_the_method_and_the_region():
    last = get("energy-nesterov-r-discrete").run().steps[-1]
    assert last.title == "Theorem" and "iterates of nesterov-r" in last.text
    assert "for the parameters with r ≥ 3 and s ≤ 1/L." in last.text and "E_(k+1) ≤ E_k for every k ≥ 0" in last.text


def test_only_proved_claims_get_a_theorem():
    proved = verify(t * f_gap() + norm2(X(t) - x_star) / 2, ODE(-grad(X(t)), 1), convex())
    assert proved.steps[-1].title == "Theorem" and theorem(proved).title == "Theorem"
    refuted = get("energy-nesterov-r2").run()
    assert all(step.title != "Theorem" for step in refuted.steps)
    assert class_words(smooth_strongly_convex()) == "μ-strongly convex, L-smooth and differentiable"
