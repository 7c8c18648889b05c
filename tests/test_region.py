"""Exact regions in several parameters: normalised conditions, implied ones removed, emptiness decided.

Every region here is compared with a region derived by hand (stated in the test), membership is
checked at exact points inside, on the boundary and outside, and emptiness is decided exactly (an
exact point, or a proof), never by sampling.
"""
import pytest
from sympy import (
    Eq,
    Function,
    Ge,
    Interval,
    Le,
    Lt,
    Rational,
    S,
    Symbol,
    cancel,
    expand,
    oo,
    solve_univariate_inequality,
    sqrt,
)

from symflow.core import ODE, FValue, L, X, grad, k, mu, norm2, r, s, t, x, x_star
from symflow.lyapunov import (
    certify,
    f_gap,
    parameter_region,
    principal_minors,
    smooth_convex,
    smooth_strongly_convex,
    strongly_convex,
)
from symflow.lyapunov.discrete import certify_step
from symflow.methods import gradient_descent

PHI = (1 + sqrt(5)) / 2
h = Symbol("h", positive=True)


def same(relations, expected) -> bool:
    """Relation by relation: the same kind, the same left side, right sides equal exactly."""
    return len(relations) == len(expected) and all(
        type(a) is type(b) and a.lhs == b.lhs and cancel(a.rhs - b.rhs) == 0 for a, b in zip(relations, expected))


# -------------------------------------------------------------------------------------------------
# normalisation of one condition

def test_one_parameter_regions_are_unchanged():
    region = parameter_region([2 * t * (r - 3) / (r - 1)], strict=[r - 1])
    assert dict(region.sets) == {r: Interval(3, oo)} and region.relations == ()
    assert region.witness() == {r: 4}


def test_a_homogeneous_condition_is_solved_in_its_monomial():
    # 1 + sL - (sL)^2 >= 0 depends on h = sL only: h^2 - h - 1 <= 0, i.e. h <= (1 + sqrt 5)/2
    assert same(parameter_region([1 + L * s - L**2 * s**2]).relations, (Le(s, PHI / L),))
    # 4L - 3mu >= 0 depends on q = mu/L only
    assert parameter_region([4 * L - 3 * mu]).relations == (Le(mu, 4 * L / 3),)
    # h^2 - 3h + 1 >= 0 and h <= 1: h <= (3 - sqrt 5)/2 (the other branch, h >= (3 + sqrt 5)/2, is cut)
    region = parameter_region([1 - 3 * L * s + L**2 * s**2, 1 - L * s])
    assert region.relations == (Le(s, (3 - sqrt(5)) / (2 * L)),)
    assert region.text() == "s <= (3 - sqrt(5))/(2*L)"


def test_factors_of_known_sign_are_dropped():
    # sL > 0 and (L + mu)^2 > 0: the conditions are 2 - sL >= 0 and L - mu >= 0 (and L + mu != 0)
    region = parameter_region([L * s * (2 - L * s), (L - mu) / (L + mu) ** 2])
    assert region.relations == (Le(mu, L), Le(s, 2 / L))
    # a denominator of unknown sign must not vanish: (L - mu)/(L - mu)^3 > 0 iff mu < L
    assert parameter_region([1 / (L - mu) ** 2 * (L - mu)]).relations == (Lt(mu, L),)


def test_other_conditions_are_solved_for_one_parameter_or_kept_as_polynomials():
    # linear in s with a positive coefficient: s >= (L + 2 mu)/(2 L mu)
    assert parameter_region([2 * L * mu * s - L - 2 * mu]).relations == (Ge(s, (L + 2 * mu) / (2 * L * mu)),)
    # quadratic in s, leading coefficient > 0 and constant < 0: one positive root
    (rel,) = parameter_region([L * s**2 + mu * s - 1]).relations
    assert rel.lhs == s and isinstance(rel, Ge) and cancel(L * rel.rhs**2 + mu * rel.rhs - 1) == 0
    # a product of two factors of unknown sign stays as it is (a union of two wedges)
    (rel,) = parameter_region([(L - mu) * (L * s - 1), 3 - L * s]).relations[1:]
    assert expand(rel.lhs - (L - mu) * (L * s - 1)) == 0


# -------------------------------------------------------------------------------------------------
# implied conditions, emptiness, membership

def test_a_condition_is_removed_only_when_the_others_imply_it():
    assert parameter_region([2 - L * s, 1 - L * s]).relations == (Le(s, 1 / L),)
    implied = parameter_region([1 - s, 1 - L, 2 - L * s])  # s <= 1 and L <= 1 give sL <= 1 <= 2
    assert implied.relations == () and dict(implied.sets) == {s: Interval.Lopen(0, 1), L: Interval.Lopen(0, 1)}
    kept = parameter_region([1 - s, 2 - L * s])  # L is unbounded: sL <= 2 is not implied
    assert kept.relations == (Le(s, 2 / L),)
    # s + L <= 1 gives sL <= 1/4 (AM-GM): sL <= 2 is implied, proved on the cells of the plane
    assert parameter_region([1 - s - L, 2 - s * L]).relations == (Le(s, 1 - L),)



def test_a_condition_on_a_curve_is_not_dropped():
    """mu s = 1/3 (from 1 - 3 mu s >= 0 and 3 mu s - 1 >= 0) does not imply s L <= 1/3.

    This region once came out as ``s = 1/(3 mu)`` alone: the cells of the plane skipped the
    rational points on the curve itself, so "the others with L s > 1/3" was judged empty.
    """
    conditions = [1 - 3 * mu * s, 1 - 3 * L * s, (1 - 3 * mu * s) * (L * mu * s**2 - 2 * mu * s + 1),
                  (L * s + 1) * (3 * mu * s - 1)]
    region = parameter_region(conditions, time=k)
    assert same(region.relations, (Eq(s, 1 / (3 * mu)), Le(s, 1 / (3 * L))))
    outside = {mu: 1, s: Rational(1, 3), L: 2}  # on the curve, with L s = 2/3
    assert all(c.subs(outside) >= 0 for c in conditions[:1] + conditions[2:]) and conditions[1].subs(outside) < 0
    assert region.contains(outside) is False
    assert region.contains({mu: 1, s: Rational(1, 3), L: Rational(1, 2)}) is True


def test_an_implication_judged_exactly_is_checked_by_a_second_route(monkeypatch):
    """Were the exact decision wrong ("empty"), a point found by sampling keeps the condition."""
    import symflow.lyapunov.region as region_module

    monkeypatch.setattr(region_module, "_decide", lambda groups, solved: (False, None))
    monkeypatch.setattr(region_module, "_decide_forms", lambda groups, forms: (False, None))
    region = parameter_region([1 - 3 * mu * s, 3 * mu * s - 1, 1 - 3 * L * s])
    assert same(region.relations, (Eq(s, 1 / (3 * mu)), Le(s, 1 / (3 * L))))
    kept = parameter_region([1 - s, 2 - L * s])
    assert kept.relations == (Le(s, 2 / L),)

@pytest.mark.parametrize("conditions, strict", [
    ([1 - L * s, L * s - 2], []),                   # sL <= 1 and sL >= 2
    ([1 - s, 1 - L, L * s - 2], []),                # s, L <= 1 give sL <= 1 (Fourier-Motzkin in logs)
    ([1 - L * s], [L * s - 1]),                     # sL <= 1 < sL
    ([L - mu, 1 - s * L, s * mu - 2], []),          # s mu = (mu/L)(sL) <= 1: three parameters
    ([1 - s - L, s * L - 1], []),                   # s + L <= 1 gives sL <= 1/4 (cells of the plane)
])
def test_emptiness_is_proved(conditions, strict):
    region = parameter_region(conditions, strict=strict)
    assert region.is_empty is True and region.empty and region.witness() is None


@pytest.mark.parametrize("conditions, point", [
    ([1 - L * s, L * s - 1], {L: 1, s: 1}),                              # the curve sL = 1
    ([L - mu, 1 - s * L, s * mu - Rational(1, 10)], {L: 1, mu: 1, s: 1}),
    ([L * s - 2, 3 - L * s, 1 - s], {L: 2, s: 1}),
    # s + 2L <= 3 and sL >= 9/8 meet at one point only, (s, L) = (3/2, 3/4): found on a section
    ([3 - s - 2 * L, s * L - Rational(9, 8)], {L: Rational(3, 4), s: Rational(3, 2)}),
])
def test_non_emptiness_is_shown_by_an_exact_point(conditions, point):
    region = parameter_region(conditions)
    assert region.is_empty is False and not region.empty
    assert region.witness() == point and region.contains(point) is True


def test_membership_is_exact_on_the_boundary():
    region = parameter_region([1 + L * s - L**2 * s**2])
    assert region.contains({s: PHI / 3, L: 3}) is True            # sL = (1 + sqrt 5)/2 exactly
    assert region.contains({s: PHI / 3 + Rational(1, 10**30), L: 3}) is False
    assert region.contains({s: 1}) is None                        # L unknown: undecided
    assert parameter_region([1 - L * s, L * s - 1]).relations == (Eq(s, 1 / L),)


# -------------------------------------------------------------------------------------------------
# demonstration 1: gradient descent in discrete time, a region in (s, L)

@pytest.fixture(scope="module")
def gd():
    energy = k * s * (FValue(x(k)) - FValue(x_star)) + norm2(x(k) - x_star) / 2
    return certify_step(energy, gradient_descent(), smooth_convex())


def test_gradient_descent_region_is_exactly_sL_at_most_the_golden_ratio(gd):
    # By hand, with h = sL: the certificate's multipliers are (k + 1)s and s, and the remainder's
    # pivots are s(k + 2 - h)/(2L) and s(k + 1)(1 + h - h^2 + k h(2 - h))/(2L(k + 2 - h)); for every
    # k >= 0 they are nonnegative iff h <= 2 (k -> oo) and 1 + h - h^2 >= 0 (k = 0): h <= (1 + sqrt 5)/2.
    assert gd.status == "proved" and gd.identity() == 0
    assert same(gd.region.relations, (Le(s, PHI / L),)) and gd.region.sets == () and gd.region.exact
    assert gd.region.text() == "s <= (1 + sqrt(5))/(2*L)"
    pivots = [cancel(d.subs(s, h / L) * L) for d in gd.pivots]
    assert cancel(pivots[0] - h * (k + 2 - h) / (2 * L)) == 0
    assert cancel(pivots[1] - h * (k + 1) * (1 + h - h**2 + k * h * (2 - h)) / (2 * L * (k + 2 - h))) == 0


def test_gradient_descent_region_is_the_truth_of_the_claim(gd):
    # Necessity (derived here): f = L z^2/2 is L-smooth convex, x* = 0, x_1 = (1 - h) x_0, and
    # E_1 - E_0 = x_0^2 ((1 + h)(1 - h)^2 - 1)/2, which is <= 0 iff h^2 - h - 1 <= 0: the region
    # found is exactly the set of step sizes where E_1 <= E_0 for every such f.
    z0 = 1  # E_1 - E_0 is homogeneous of degree 2 in x_0
    z1 = (1 - h) * z0
    step = (1 * (h / L) * L * z1**2 / 2 + z1**2 / 2) - z0**2 / 2
    truth = solve_univariate_inequality(step <= 0, h, relational=False, domain=Interval.open(0, oo))
    assert truth == Interval.Lopen(0, PHI)
    for value in (Rational(1, 10), 1, Rational(8, 5), PHI, Rational(17, 10), 2):
        assert gd.region.contains({s: value / 7, L: 7}) is (value in truth)


def test_gradient_descent_region_emptiness_is_decided(gd):
    conditions = [m for _, m in gd.multipliers] + [m for m in principal_minors(gd.remainder) if m != 0]
    assert parameter_region(conditions, time=k).relations == gd.region.relations
    assert gd.region.is_empty is False and gd.region.witness([L, s]) == {L: 1, s: 1}
    # with the classical 2/L < s on top: empty (2 > (1 + sqrt 5)/2), proved
    assert parameter_region(conditions + [L * s - 2], time=k).is_empty is True
    between = parameter_region(conditions + [2 * L * s - 3], time=k)  # 3/2 <= h <= (1 + sqrt 5)/2
    assert between.is_empty is False and between.contains(between.witness()) is True
    assert same(between.relations, (Ge(s, Rational(3, 2) / L), Le(s, PHI / L)))


# -------------------------------------------------------------------------------------------------
# demonstration 2: a scaled gradient flow in continuous time, a region in (s, mu)

def test_scaled_gradient_flow_rate_one_needs_s_mu_at_least_one_half():
    # X' = -s grad f(X), E = f - f*, rate 1, f mu-strongly convex. Sufficiency: dE/dt + E =
    # -s|grad f|^2 + (f - f*) <= (1 - 2 mu s)(f - f*) (|grad f|^2 >= 2 mu (f - f*)). Necessity:
    # on f = mu z^2/2, dE/dt + E = (1 - 2 mu s)(f - f*) exactly. So the region is mu s >= 1/2.
    cert = certify(f_gap(), ODE(-s * grad(X(t)), 1), strongly_convex(), rate=1)
    assert cert.status == "proved" and cert.identity() == 0
    assert cert.region.relations == (Ge(s, 1 / (2 * mu)),) and cert.region.text() == "s >= 1/(2*mu)"
    z = Function("z")(t)
    f = mu * z**2 / 2
    along = f.diff(t).subs(z.diff(t), -s * f.diff(z)) + f
    assert cancel(along - (1 - 2 * mu * s) * f) == 0
    for value in (Rational(1, 4), Rational(1, 2), 1, 3):  # mu s = value, at mu = 5/3
        assert cert.region.contains({s: value * 3 / 5, mu: Rational(5, 3)}) is bool(value >= Rational(1, 2))
    assert cert.region.is_empty is False
    assert parameter_region(list(cert.conditions) + [1 - 4 * s * mu]).is_empty is True


# -------------------------------------------------------------------------------------------------
# three parameters: the heavy-ball energy of SDJS with the L-smooth class

def test_heavy_ball_with_the_smooth_class_reduces_to_one_ratio():
    # The certificate found for L-smooth mu-strongly convex f has conditions in s, mu and L with
    # sqrt(mu), sqrt(s); the multiplier sqrt(mu)(1 + sqrt(mu s))(3L - 4 mu)/(4(L + mu)) >= 0 is
    # mu <= 3L/4, and every other condition is implied by it (proved exactly on cells in the two
    # monomials mu/L and sqrt(mu s)): the region is {mu <= 3L/4}, for every s.
    from dataclasses import replace

    from symflow.catalogue.checks import sdjs_initial_conditions
    from symflow.limit import continuous_limit
    from symflow.methods import heavy_ball

    ode = replace(continuous_limit(heavy_ball(), order=1).ode, initial_conditions=sdjs_initial_conditions())
    v = X(t).diff(t)
    energy = (1 + sqrt(mu * s)) * f_gap() + norm2(v) / 4 + norm2(v + 2 * sqrt(mu) * (X(t) - x_star)) / 4
    cert = certify(energy, ode, smooth_strongly_convex(), rate=sqrt(mu) / 4)
    assert cert.status == "proved" and cert.identity() == 0
    assert cert.region.relations == (Le(mu, 3 * L / 4),)
    assert cert.region.contains({mu: 3, L: 4, s: 100}) is True
    assert cert.region.contains({mu: 3, L: 4 - Rational(1, 10**6), s: 1}) is False
    assert all(parameter_region([c]).contains({mu: 3, L: 4, s: w}) is not False
               for c in cert.conditions for w in (Rational(1, 100), 1, 100))
    assert S(cert.region.witness()[mu]) <= 3 * cert.region.witness()[L] / 4


def test_a_region_along_a_curve_is_decided_exactly_or_not_proved():
    # Region.holds_along: the step s = c/L for every L > mu, as the curve s = h^2/mu, L = c mu/h^2
    from sympy import Dummy, Interval

    h = Dummy("h", positive=True)

    def along(conditions, c):
        curve = {s: h**2 / mu, L: c * mu / h**2}
        return parameter_region(conditions).holds_along(curve, h, Interval.open(0, sqrt(c)), scale=(mu,))

    assert along([1 - 4 * L * s], Rational(1, 4)) is True          # the boundary itself: 0 >= 0 all along
    assert along([1 - 4 * L * s], Rational(1, 2)) is False
    assert along([1 - sqrt(mu * s) - 2 * mu * s], Rational(1, 9)) is True   # 1 - h - 2h^2 > 0 on (0, 1/3)
    assert along([1 - sqrt(mu * s) - 2 * mu * s], 1) is False                # ... not on (0, 1)
    assert along([1 - L * s * mu], Rational(1, 4)) is False           # not homogeneous: never read as mu = 1
    assert along([L * s - mu * s], Rational(1, 4)) is True            # L s - mu s = 1/4 - h^2 > 0 on (0, 1/2)
