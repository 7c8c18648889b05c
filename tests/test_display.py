"""Displayed forms: every shown coefficient readable, norms of differences kept as norms, signs outside.

The cases of issue 16 ("Papers, not printouts"): each is checked in the documents of the entries (exported
here) or on the same expression built directly; and what is shown has the value of what was computed.
"""
import time

import pytest
from sympy import Add, Symbol, cancel, exp, expand, sqrt

from symflow.core import (
    FValue,
    Inner,
    X,
    grad,
    inner,
    k,
    latex,
    linearize,
    mu,
    norm2,
    r,
    s,
    t,
    text,
    x,
    x0,
    x_star,
)
from symflow.core.readable import Gap, readable, readable_coefficient
from symflow.core.vectors import NablaF, is_vector_atom, vector_coefficients
from symflow.documents.regenerate import entry_documents


@pytest.fixture(scope="module")
def nesterov():
    return entry_documents("nesterov")


@pytest.fixture(scope="module")
def nag_sc():
    return entry_documents("nag-sc")


@pytest.fixture(scope="module")
def energy_nag_sc():
    return entry_documents("energy-nag-sc")


def canonical_point(point):
    """A point inside a gradient, each vector's coefficient cancelled (so that equal points are one atom)."""
    return Add(*[cancel(c) * atom for atom, c in sorted(vector_coefficients(point).items(), key=str)])


def value(expr):
    """What a displayed scalar stands for, in expanded Gram coordinates (Gap(P) = f(P) - f(x*))."""
    expr = expr.replace(Gap, lambda point: FValue(point) - FValue(x_star))
    expr = expr.replace(lambda e: isinstance(e, NablaF) and not is_vector_atom(e.point),
                        lambda e: NablaF(canonical_point(e.point), *e.directions))
    expr = expr.replace(lambda e: isinstance(e, Inner), lambda e: inner(*e.args))
    return expand(linearize(expr))


def same_value(shown, computed) -> bool:
    difference = value(shown) - value(computed)
    groups = {}
    for term in Add.make_args(difference) if difference != 0 else ():
        coordinate = term.as_independent(Inner, FValue)[1]
        groups[coordinate] = groups.get(coordinate, 0) + term / coordinate
    return all(cancel(c) == 0 for c in groups.values())


def test_method_steps_collect_each_vector_with_one_coefficient(nesterov, nag_sc):
    md = nesterov["md"]
    assert r"y_{k} = \frac{2 k + 1}{k + 2} x_{k} - \frac{k - 1}{k + 2} x_{k-1}" in md
    assert r"\nabla f\left(\frac{2 k + 1}{k + 2} x_{k} - \frac{k - 1}{k + 2} x_{k-1}\right)" in md
    assert r"\frac{k}{k + 2} + 1" not in md and r"\frac{1}{k + 2}\right)" not in md
    # the first step of NAG-SC: one coefficient, 2s/(1 + sqrt(mu s)), not s(1 - sqrt(mu s))/(1 + sqrt(mu s)) + s
    assert r"x_{1} &= x_0 - \frac{2 s}{1 + \sqrt{\mu s}} \nabla f(x_0)" in nag_sc["md"]
    assert r"+ s\right) \nabla f(x_0)" not in nag_sc["md"]
    # a momentum keeps its positive reading: (1 - sqrt(mu s))/(1 + sqrt(mu s)), not -(-1 + sqrt(mu s))/...
    assert r"- \frac{\left(-1 + \sqrt{\mu s}\right)" not in nag_sc["md"]


def test_the_same_vector_sums_built_directly():
    y = (k / (k + 2) + 1 - 1 / (k + 2)) * x(k) + (1 / (k + 2) - k / (k + 2)) * x(k - 1)
    assert text(y) == "(2·k + 1)/(k + 2) x_k - (k - 1)/(k + 2) x_(k-1)"
    step = x0 - (s * (1 - sqrt(mu * s)) / (1 + sqrt(mu * s)) + s) * grad(x0)
    assert latex(step) == r"x_0 - \frac{2 s}{1 + \sqrt{\mu s}} \nabla f(x_0)"
    assert readable_coefficient(2 * sqrt(mu) - 2 * mu * sqrt(s)) == 2 * sqrt(mu) * (1 - sqrt(mu) * sqrt(s))


def test_energies_show_norms_of_differences():
    # SBC's discrete energy, (r - 1)|z_k - x*|^2 + 2s(k + r - 2)^2/(r - 1) (f(x_k) - f*), as the engine holds it
    z = x(k) + (k - 1) / (r - 1) * (x(k) - x(k - 1))
    energy = (r - 1) * norm2(z - x_star) + 2 * s * (k + r - 2) ** 2 / (r - 1) * (FValue(x(k)) - FValue(x_star))
    shown = text(energy)
    assert "‖(k + r - 2)/(r - 1) x_k - (k - 1)/(r - 1) x_(k-1) - x⋆‖²" in shown
    assert "(f(x_k) - f⋆)" in shown
    assert "⟨x⋆" not in shown and "‖x⋆‖" not in shown
    # SBC's continuous energy t^2 (f - f*) + 2|X + t/2 X' - x*|^2
    E = t ** 2 * (FValue(X(t)) - FValue(x_star)) + 2 * norm2(X(t) + t / 2 * X(t).diff(t) - x_star)
    assert text(E) == "t^2·(f(X) - f⋆) + 2·‖X + t/2 Ẋ - x⋆‖²"
    # a bound: |x0 - x*|^2, never |x*|^2 - 2<x*, x0> + |x0|^2
    bound = (norm2(x0 - x_star) * (r - 1) ** 2 + 2 * s * (r - 2) ** 2 * (FValue(x0) - FValue(x_star))) \
        / (2 * s * (k + r - 2) ** 2)
    assert latex(expand(bound)) == (r"\frac{\left(r - 1\right)^{2} \|x_0 - x^\star\|^{2} + 2 s \left(r - 2\right)^{2} "
                                    r"\left(f(x_0) - f^\star\right)}{2 s \left(k + r - 2\right)^{2}}")
    # an inner product of differences: <x_k - x*, grad f(x_k)>
    assert text(inner(x(k) - x_star, grad(x(k)))) == "⟨x_k - x⋆, ∇f(x_k)⟩"


def test_signs_go_outside_products():
    gram = -4 * mu * norm2(x0 - x_star) - 9 * (FValue(x0) - FValue(x_star))
    assert text(-16 * gram / t ** 2) == "16·(4·μ·‖x₀ - x⋆‖² + 9·(f(x₀) - f⋆))/t^2"
    shown = text(-2 * exp(-t) * (-2 * norm2(x0 - x_star) - (FValue(x0) - FValue(x_star))))
    assert shown.startswith("2·(") and "-2·(-" not in shown and "- 2·‖" not in shown, shown


def test_nag_sc_remainder_and_bound_are_factored(energy_nag_sc):
    md = energy_nag_sc["md"]
    assert "544 \\mu^{2} \\sqrt{s}" not in md and "34 \\mu^{2}" not in md
    assert r"\sqrt{s} \left(544 + 1351 \sqrt{\mu s} + 1085 \mu s + 280 \mu^{\frac{3}{2}} s^{\frac{3}{2}}\right)" in md
    assert r"32 \left(34 + 55 \sqrt{\mu s} + 20 \mu s\right)" in md
    # the bound: (1 + sqrt(mu s))^3 once in the denominator, no expanded fourth power, no -(-4(...)) forms
    rate = md.split("**9. Rate.**")[1].split("**10.")[0]
    assert r"4 \left(1 + \sqrt{\mu s}\right)^{3}" in rate
    assert r"\mu^{2} s^{2}" not in rate and r"- \frac{\left(- 4" not in rate
    assert r"\|x_0 - x^\star\|^{2}" in rate and r"\|x^\star\|" not in rate
    # the certificate's identity keeps its structure: minus each multiplier times its inequality
    remainder = md.split("**6. Remainder.**")[1].split("**7.")[0]
    assert (r"- \frac{\sqrt{\mu} \left(3 + 2 \sqrt{\mu s}\right) \left(- \frac{\mu \|X - x^\star\|^{2}}{2} "
            r"+ \left(f(X) - f^\star\right)\right)}{4}") in remainder


def test_text_output_has_no_raw_sympy(nesterov):
    from symflow.catalogue import entries
    from symflow.documents import to_text

    for name in ("bregman-general", "lagrangian-damped-weight"):
        entry = entries()[name]
        out = "".join(to_text(entry.run(**variant)) for variant in entry.variants)
        assert "Derivative(" not in out and "Subs(" not in out, name


def test_shown_forms_have_the_values_computed():
    z = x(k) + (k - 1) / (r - 1) * (x(k) - x(k - 1))
    cases = [
        (r - 1) * norm2(z - x_star) + 2 * s * (k + r - 2) ** 2 / (r - 1) * (FValue(x(k)) - FValue(x_star)),
        t ** 2 * (FValue(X(t)) - FValue(x_star)) + 2 * norm2(X(t) + t / 2 * X(t).diff(t) - x_star),
        -16 / t ** 2 * (-4 * mu * norm2(x0 - x_star) - 9 * (FValue(x0) - FValue(x_star))),
        mu * norm2(X(t) - x_star) + sqrt(mu) * inner(X(t) - x_star, X(t).diff(t)) + norm2(X(t).diff(t)) / 2
        + sqrt(mu * s) * inner(X(t) - x_star, grad(X(t))) + (1 + sqrt(mu * s)) * (FValue(X(t)) - FValue(x_star)),
    ]
    for computed in cases:
        shown = readable(computed)
        assert shown != computed
        assert same_value(shown, computed), text(shown)


def test_display_is_bounded():
    # a coefficient too large to factor is only put over one denominator, and fast
    big = sum((Symbol(f"a{i}") + s) ** 3 / (k + i) for i in range(12))
    started = time.perf_counter()
    shown = readable_coefficient(big)
    assert time.perf_counter() - started < 10
    assert cancel(shown - big) == 0


def test_derivatives_of_scalar_functions_of_time_are_dots():
    from sympy import Function

    from symflow.lagrangian.bregman import alpha, gamma

    a = Function("a")(t)
    assert latex(exp(alpha(t)) - alpha(t).diff(t)) == r"e^{\alpha_{t}} - \dot{\alpha}_{t}"
    assert latex(gamma(t).diff(t, 2)) == r"\ddot{\gamma}_{t}"
    assert latex(a.diff(t) / a) == r"\frac{\dot{a}(t)}{a(t)}"
    assert text(a.diff(t) / a) == "ȧ(t)/a(t)"
    assert text(alpha(t).diff(t)) == "α̇(t)"
    tau = Symbol("tau")
    assert latex(alpha(tau).diff(tau)) == r"\dot{\alpha}_{\tau}" and text(alpha(tau).diff(tau)) == "α̇(τ)"
    assert latex(X(tau).diff(tau, 2)) == r"\ddot{X}(\tau)"


def test_bregman_documents_write_dots():
    from symflow.catalogue import entries
    from symflow.documents import to_latex

    shown = {}
    for name in ("bregman-general", "lagrangian-damped-weight"):
        entry = entries()[name]
        started = time.perf_counter()
        shown[name] = to_latex([entry.run(**variant) for variant in entry.variants], standalone=False)
        assert time.perf_counter() - started < 120, name
        assert r"\frac{d}{d t}" not in shown[name] and r"{\left(t \right)}" not in shown[name], name
    assert r"\left(e^{\alpha_{t}} - \dot{\alpha}_{t}\right) \dot{X}" in shown["bregman-general"]
    assert r"\frac{\dot{a}(t)}{a(t)} \dot{X}" in shown["lagrangian-damped-weight"]


def test_interpolation_inequalities_read_as_in_the_papers():
    from symflow.core import L
    from symflow.lyapunov import smooth_convex

    # co-coercivity between X and x*: <grad f(X), X - x*> - |grad f(X)|^2/L, never (L<...> - |...|^2)/L
    implied = smooth_convex(L).implied_inequalities()[0]
    assert implied.text == "⟨X - x⋆, ∇f(X)⟩ - ‖∇f(X)‖²/L ≥ 0"
    # between two iterates, as the engine holds them (expanded): norms and inner products of differences
    xi, xj = x(k + 1), x(k)
    gi, gj = grad(xi), grad(xj)
    cocoercivity = expand(inner(gi - gj, xi - xj) - norm2(gi - gj) / L)
    assert text(cocoercivity) == "⟨x_(k+1) - x_k, ∇f(x_(k+1)) - ∇f(x_k)⟩ - ‖∇f(x_(k+1)) - ∇f(x_k)‖²/L"
    assert latex(cocoercivity) == (r"\langle x_{k+1} - x_{k}, \nabla f(x_{k+1}) - \nabla f(x_{k}) \rangle - "
                                   r"\frac{\|\nabla f(x_{k+1}) - \nabla f(x_{k})\|^{2}}{L}")
    interpolation = expand(FValue(xj) - FValue(xi) - inner(gi, xj - xi) - norm2(gi - gj) / (2 * L))
    assert text(interpolation) == "f(x_k) - f(x_(k+1)) + ⟨x_(k+1) - x_k, ∇f(x_(k+1))⟩ - ‖∇f(x_(k+1)) - ∇f(x_k)‖²/(2·L)"
    # a multiplier times it keeps the product
    assert text(3 * s * interpolation) == ("3·s·(f(x_k) - f(x_(k+1)) + ⟨x_(k+1) - x_k, ∇f(x_(k+1))⟩ "
                                           "- ‖∇f(x_(k+1)) - ∇f(x_k)‖²/(2·L))")
    for shown in (cocoercivity, interpolation):
        assert same_value(readable(shown), shown)
    # the same in a certificate's identity (SDJS's NAG-C energy, discrete): no expanded inequality is left
    started = time.perf_counter()
    md = entry_documents("energy-nag-c-discrete")["md"]
    assert time.perf_counter() - started < 120
    result = md.split("**Result.**")[1]
    assert (r"f(x_{k}) - f(x_{k+1}) + \langle x_{k+1} - x_{k}, \nabla f(x_{k+1}) \rangle - "
            r"\frac{\|\nabla f(x_{k+1}) - \nabla f(x_{k})\|^{2}}{2 L}") in result
    assert r"\langle x_{k}, \nabla f(x_{k+1}) \rangle" not in result


def test_difference_along_the_method_is_shown_by_gram_coordinate():
    from symflow.catalogue import entries

    started = time.perf_counter()
    derivation = entries()["energy-nesterov-r-discrete"].run()
    step = next(st for st in derivation.steps if st.title == "Difference along the method")
    (equation,) = step.math
    shown = latex(equation)
    assert time.perf_counter() - started < 120
    y = r"\nabla f\left(\frac{2 k + r - 2}{k + r - 1} x_{k} - \frac{k - 1}{k + r - 1} x_{k-1}\right)"
    # each Gram coordinate once, its coefficient factored: gaps, inner products of x - x*, the gradient's norm
    for coordinate in (r"2 \left(k + r - 1\right)^{2} \left(f(x_{k+1}) - f^\star\right)",
                       r"2 \left(k + r - 2\right)^{2} \left(f(x_{k}) - f^\star\right)",
                       r"2 \left(k - 1\right) \left(k + r - 1\right) \langle x_{k-1} - x^\star, " + y + r" \rangle",
                       r"2 \left(k + r - 2\right) \left(k + r - 1\right) \langle x_{k} - x^\star, " + y + r" \rangle",
                       r"s \left(k + r - 1\right)^{2} \|" + y + r"\|^{2}"):
        assert coordinate in shown, coordinate
    assert r"x^\star \rangle" not in shown and r"\|x_{k}\|" not in shown and r"\|x^\star\|" not in shown
    assert len(shown) < 1200, len(shown)
    # what is shown is what was computed
    assert same_value(readable(equation.rhs), expand(equation.rhs))


def test_logarithms_are_written_as_papers_do():
    from sympy import Function, log, symbols

    p, q, C = symbols("p q C", positive=True)
    # a bare argument (a symbol, a positive integer) without parentheses; a compound one with them
    assert latex(log(t)) == r"\log t" and text(log(t)) == "log t"
    assert latex(log(2)) == r"\log 2" and text(log(2)) == "log 2"
    assert latex(log(t + 1)) == r"\log(t + 1)" and text(log(t + 1)) == "log(t + 1)"
    assert latex(log(q / t)) == r"\log\left(\frac{q}{t}\right)"
    assert latex(p * log(t) + log(C)) == r"p \log t + \log C" and text(p * log(t) + log(C)) == "p·log t + log C"
    assert latex(log(t) ** 2) == r"\log^{2} t" and text(log(t) ** 2) == "log(t)^2"
    assert latex(log(t) / p) == r"\frac{\log t}{p}" and text(log(t) / p) == "log(t)/p"
    # a bare logarithm that another factor would follow takes its parentheses back: never log t X (log(tX))
    assert latex(log(t) * X(t).diff(t)) == r"\log(t) \dot{X}" and text(log(t) * X(t).diff(t)) == "log(t) Ẋ"
    assert latex(p * log(t) * sqrt(mu * s)) == r"p \log(t) \sqrt{\mu s}"
    assert latex(log(t) ** q) == r"\log^{q}(t)"
    # the user's functions keep their names and parentheses
    a = Function("a")
    assert latex(a(t)) == "a(t)" and latex(log(a(t))) == r"\log(a(t))"
    # the documents: the polynomial family's scaling functions
    md = entry_documents("bregman-polynomial")["md"]
    assert r"\beta_t &= p \log t + \log C" in md and r"\alpha_t &= \log p - \log t" in md
    assert r"\log{\left(" not in md


def test_discrete_documents_state_the_interpolation_inequalities_they_use():
    from sympy import Rational
    from sympy.core.relational import Relational

    from symflow.core import L
    from symflow.lyapunov import smooth_convex, smooth_strongly_convex
    from symflow.lyapunov.discrete import _paper_slack, interpolation_inequalities, substitute_iterates

    started = time.perf_counter()
    md = entry_documents("energy-gradient-descent")["md"]
    assert time.perf_counter() - started < 60
    step = md.split("**3. Interpolation inequalities.**")[1].split("**4.")[0]
    # each multiplier, then its inequality in differences, between the points as papers name them
    assert (r"\lambda_{(x_{k}, x_{k+1})} &= s \left(k + 1\right) \\" "\n"
            r"& f(x_{k}) - f(x_{k+1}) + \langle x_{k+1} - x_{k}, \nabla f(x_{k+1}) \rangle - "
            r"\frac{\|\nabla f(x_{k+1}) - \nabla f(x_{k})\|^{2}}{2 L} \geq 0") in step
    assert (r"\lambda_{(x^{\star}, x_{k})} &= s \\" "\n"
            r"& - \left(f(x_{k}) - f^\star\right) + \langle x_{k} - x^\star, \nabla f(x_{k}) \rangle - "
            r"\frac{\|\nabla f(x_{k})\|^{2}}{2 L} \geq 0") in step
    assert "between the points x_k, x_(k+1), x⋆" in step and "The other 4 ordered pairs have multiplier 0." in step
    assert "x(k + 1)" not in step and "interpolation" not in step.split("$$")[1]
    assert "Thm 4" in step
    # what is shown is the certificate's inequality: with the update for x_(k+1) where it stands as a vector
    from symflow.catalogue import entries

    derivation = entries()["energy-gradient-descent"].run()
    rows = next(st for st in derivation.steps if st.title == "Interpolation inequalities").math
    shown = [m for m in rows if isinstance(m, Relational) and m.rel_op == ">="]
    assert len(shown) == 2
    xi, xj = x(k + 1), x(k)
    update = {xi: xj - s * NablaF(xj)}
    slacks = [q.slack for q in interpolation_inequalities([xi, xj, x_star], smooth_convex(L),
                                                          positions=update)]
    for m in shown:
        assert any(same_value(substitute_iterates(m.lhs, update), slack) for slack in slacks), m
    # S_{mu,L}: the first-order part, then the rest over one denominator; the value is the slack's
    (q,) = [q for q in interpolation_inequalities([xi, xj], smooth_strongly_convex(mu, L))
            if q.name == "interpolation (x(k), x(k + 1))"]
    grouped = _paper_slack(q.slack, xj, xi)
    assert same_value(grouped, q.slack)
    assert latex(grouped) == (
        r"f(x_{k}) - f(x_{k+1}) + \langle x_{k+1} - x_{k}, \nabla f(x_{k+1}) \rangle - \frac{L \mu \|x_{k+1} - "
        r"x_{k}\|^{2} - 2 \mu \langle x_{k+1} - x_{k}, \nabla f(x_{k+1}) - \nabla f(x_{k}) \rangle + "
        r"\|\nabla f(x_{k+1}) - \nabla f(x_{k})\|^{2}}{2 \left(L - \mu\right)}")
    numeric = [q for q in interpolation_inequalities([xi, xj], smooth_strongly_convex(Rational(1, 4), 1))]
    assert all(same_value(_paper_slack(q.slack, *pair), q.slack) for q, pair in zip(numeric, [(xi, xj), (xj, xi)]))
