"""The Bregman Lagrangian: scalings, ideal-scaling reports, families, mirror form, general h in d = 2."""
import pytest
from sympy import Rational, exp, log, sqrt

from symflow.catalogue.checks.planar import (
    coordinate_check,
    coordinate_components,
    hessian_inverse,
    planar_distance,
    planar_objective,
)
from symflow.cli.main import main
from symflow.core import (
    C,
    FValue,
    LagrangianError,
    NonInvertibleHessianError,
    UnsupportedError,
    X,
    c,
    grad,
    is_zero_scalar,
    norm2,
    p,
    same_vector,
    t,
)
from symflow.lagrangian import (
    InverseHessianH,
    NablaH,
    Scaling,
    alpha,
    beta,
    bregman_equation,
    bregman_lagrangian,
    exponential_scaling,
    gamma,
    general_scaling,
    ideal_scaling,
    polynomial_scaling,
)
from symflow.numeric import Objective, coordinates

_X = X(t)
V = _X.diff(t)
A = _X.diff(t, 2)


def test_polynomial_family_for_symbolic_p_and_C():
    b = bregman_equation(polynomial_scaling())
    assert b.ideal.holds and b.ideal.beta.slack == 0
    assert b.ode.matches(A + (p + 1) / t * V + C * p**2 * t**(p - 2) * grad(_X))
    assert not b.ode.matches(A + (p + 2) / t * V + C * p**2 * t**(p - 2) * grad(_X))
    assert coordinate_check(b.euler_lagrange, planar_objective())


def test_p2_c_quarter_is_sbc_and_the_damped_lagrangian():
    scaling = polynomial_scaling(2, Rational(1, 4))
    assert bregman_equation(scaling).ode.matches(A + 3 / t * V + grad(_X))
    L = bregman_lagrangian(scaling).expression
    assert is_zero_scalar(L - t**3 / 2 * (norm2(V) / 2 - FValue(_X)))
    assert not is_zero_scalar(L - t**3 * (norm2(V) / 2 - FValue(_X)))


def test_exponential_family():
    b = bregman_equation(exponential_scaling())
    assert b.ideal.holds
    assert b.ode.matches(A + c * V + c**2 * exp(c * t) * grad(_X))
    assert same_vector(b.mirror.rhs, -c * exp(c * t) * grad(_X))


def test_user_scaling_through_the_python_api():
    # alpha = log 3 - log t, beta = 3 log t, gamma = 3 log t: the cubic member, C = 1
    user = Scaling(log(3) - log(t), 3 * log(t), 3 * log(t), name="mine")
    b = bregman_equation(user)
    assert b.ideal.holds
    assert b.ode.matches(A + 4 / t * V + 9 * t * grad(_X))
    assert [s.title for s in b.steps][:2] == ["scaling", "Lagrangian"]


def test_ideal_scaling_reports_which_condition_fails():
    too_fast = Scaling(log(2) - log(t), 3 * log(t), 2 * log(t))
    report = ideal_scaling(too_fast)
    assert (report.gamma.status, report.beta.status) == ("holds", "fails")
    assert not report.holds
    wrong_gamma = Scaling(log(2) - log(t), log(t), log(t))
    report = ideal_scaling(wrong_gamma)
    assert (report.gamma.status, report.beta.status) == ("fails", "holds")
    # beta slower than e^alpha: the inequality holds strictly
    slow = ideal_scaling(Scaling(log(2) - log(t), log(t), 2 * log(t)))
    assert slow.beta.status == "holds" and slow.beta.slack == 1 / t
    generic = ideal_scaling(general_scaling())
    assert (generic.gamma.status, generic.beta.status) == ("unknown", "unknown")


def test_without_ideal_scaling_the_general_equation_is_kept():
    scaling = Scaling(log(2) - log(t), log(t), log(t))  # gamma' = 1/t, e^alpha = 2/t
    b = bregman_equation(scaling)
    assert not b.imposed
    # Euclidean: X'' + (gamma' - alpha')X' + e^{2 alpha + beta} grad f = 0
    assert b.ode.matches(A + 2 / t * V + 4 / t * grad(_X))
    # the mirror form keeps the (gamma' - e^alpha)(grad h(Z) - grad h(X)) term
    Z = _X + t / 2 * V
    assert same_vector(b.mirror.rhs, -2 * grad(_X) + (2 / t - 1 / t) * (Z - _X))


def test_general_equation_euclidean_and_ideal_form():
    a, be, g = alpha(t), beta(t), gamma(t)
    b = bregman_equation(general_scaling())
    assert b.euler_lagrange.ode.matches(A + (g.diff(t) - a.diff(t)) * V + exp(2 * a + be) * grad(_X))
    assert b.ode.matches(A + (exp(a) - a.diff(t)) * V + exp(2 * a + be) * grad(_X))


def test_general_h_shows_the_inverse_hessian_and_mirror_form():
    a, be = alpha(t), beta(t)
    b = bregman_equation(general_scaling(), h="abstract")
    Z = _X + exp(-a) * V
    assert b.ode.matches(A + (exp(a) - a.diff(t)) * V + exp(2 * a + be) * InverseHessianH(Z, grad(_X)))
    assert same_vector(b.mirror.rhs, -exp(a + be) * grad(_X))
    assert NablaH(Z) in b.euler_lagrange.momentum.atoms(NablaH)


def test_general_h_against_the_scalar_route_in_d2():
    b = bregman_equation(general_scaling(), h="abstract")
    assert coordinate_check(b.euler_lagrange, planar_objective(), h=planar_distance())
    poly = bregman_equation(polynomial_scaling(), h="abstract")
    assert coordinate_check(poly.euler_lagrange, planar_objective(), h=planar_distance())


def test_separable_entropy_h():
    x1, x2 = coordinates(2)
    h = Objective(x1 * log(x1) + x2 * log(x2), (x1, x2))
    term = InverseHessianH(_X + V, grad(_X))
    f = planar_objective()
    found = coordinate_components(term, f, h=h)
    z = coordinate_components(_X + V, f)
    g = coordinate_components(grad(_X), f)
    assert all(is_zero_scalar(u - zi * gi) for u, zi, gi in zip(found, z, g))


def test_one_dimensional_h_inverse():
    (x1,) = coordinates(1)
    h = Objective(x1**4 / 12 + x1**2 / 2, (x1,))
    assert hessian_inverse(h, [x1])[0] == 1 / (x1**2 + 1)


def test_singular_hessian_is_refused():
    x1, x2 = coordinates(2)
    flat = Objective((x1 + x2) ** 2 / 2, (x1, x2))
    with pytest.raises(NonInvertibleHessianError, match="singular"):
        hessian_inverse(flat, [x1, x2])
    b = bregman_equation(polynomial_scaling(), h="abstract")
    with pytest.raises(NonInvertibleHessianError, match="strictly convex"):
        coordinate_check(b.euler_lagrange, planar_objective(), h=flat)


def test_bad_scalings_and_h():
    with pytest.raises(LagrangianError, match="not usable"):
        Scaling(FValue(_X), t, t)
    with pytest.raises(LagrangianError, match="text"):
        Scaling("log(t)", t, t)
    with pytest.raises(UnsupportedError, match="unknown distance-generating"):
        bregman_equation(polynomial_scaling(), h="entropy")
    with pytest.raises(LagrangianError, match="expected a Scaling"):
        bregman_equation((log(t), t, t))


def test_cli_derive_bregman_polynomial(capsys):
    assert main(["derive", "bregman-polynomial"]) == 0
    out = capsys.readouterr().out
    assert "result: Ẍ + (p + 1)/t Ẋ + C·p^2·t^(p - 2) ∇f(X) = 0" in out
    assert "ideal scaling" in out and "check ✗" not in out
    assert main(["derive", "bregman-polynomial", "--format", "latex"]) == 0
    assert r"\frac{p + 1}{t}" in capsys.readouterr().out


def test_sqrt_scaling_member():
    # p = 1/2 is allowed: a slow member of the family
    b = bregman_equation(polynomial_scaling(Rational(1, 2), 1))
    assert b.ode.matches(A + Rational(3, 2) / t * V + Rational(1, 4) / sqrt(t) ** 3 * grad(_X))
