"""SBC Thm 8 (claims that hold from a derived start t_alpha) and SDJS's gradient-norm rate beside the low-resolution ODE.

Su, Boyd, Candès (2016), arXiv:1503.01243, §4, Theorem 8 (as the project's reference sheet states it): for
2 <= alpha <= 2r/3 the rate t^-alpha on mu-strongly convex f, alpha = 3 needing r >= 9/2, the energy not monotone
from t = 0. The energy and t_alpha are derived here.
"""
from dataclasses import replace

import numpy as np
import pytest
from sympy import Rational, S, Symbol, cancel, sqrt

from symflow.catalogue import get
from symflow.catalogue.energy_nesterov_r_strongly_convex import _ode, energy_for
from symflow.core import L, Status, alpha_rate, mu, r, s, t, t_start
from symflow.lyapunov import certify, least_start, parameter_region, strongly_convex


@pytest.fixture(scope="module")
def sbc8():
    return get("energy-nesterov-r-strongly-convex").run()


def test_the_entry_proves_the_claim_and_derives_t_alpha(sbc8):
    assert sbc8.status == Status.PROVED and all(c.passed for c in sbc8.checks)
    (start_step,) = [st for st in sbc8.steps if st.title == "Least start"]
    derived = start_step.math[0].rhs
    # derived here by hand: the pivot t^(alpha-3) [4 mu (r - alpha) t^2 - (2r - alpha)(alpha - 2)(r + 1 - alpha)]/4
    by_hand = sqrt((2 * r - alpha_rate) * (alpha_rate - 2) * (r + 1 - alpha_rate) / (r - alpha_rate)) / (2 * sqrt(mu))
    assert cancel(derived**2 - by_hand**2) == 0
    assert cancel(derived.subs({alpha_rate: 3, r: Rational(9, 2)}) - sqrt(10) / (2 * sqrt(mu))) == 0
    assert derived.subs({alpha_rate: 2, r: 3}) == 0  # alpha = 2: SBC's convex energy, from t = 0


def test_alpha_three_needs_r_at_least_nine_halves():
    # SBC Thm 8: alpha = 3 needs r >= 9/2; the certificate's multiplier (2r - 3 alpha) t^(alpha-1)/2 says so
    for friction, status in ((4, Status.UNKNOWN), (Rational(9, 2), Status.PROVED), (5, Status.PROVED)):
        cert = certify(energy_for(3, friction), _ode(friction), strongly_convex())
        assert cert.status == status, friction


def test_t_alpha_is_the_least_start():
    cert = certify(energy_for(3, Rational(9, 2)), _ode(Rational(9, 2)), strongly_convex())
    start = least_start(cert.conditions, strict=cert.strict)
    assert cert.region.exact and cert.region.contains({t_start: start}) is True
    early = certify(energy_for(3, Rational(9, 2)), replace(_ode(Rational(9, 2)), start=start / 2), strongly_convex())
    assert early.status != Status.PROVED
    on_time = certify(energy_for(3, Rational(9, 2)), replace(_ode(Rational(9, 2)), start=start), strongly_convex())
    assert on_time.status == Status.PROVED and on_time.region.as_boolean() == True  # noqa: E712


def test_the_energy_increases_before_t_alpha_and_not_after():
    # a second route: the integrated ODE (from t = 0, X(0) = x0, X'(0) = 0) on a strongly convex quadratic in d = 2
    from symflow.limit import continuous_limit
    from symflow.methods import nesterov
    from symflow.numeric import energy_decay
    from symflow.parse import parse_objective

    m = 0.5
    start = float(sqrt(10) / (2 * sqrt(m)))
    ode = continuous_limit(nesterov(r)).ode
    times = np.linspace(0.05, 12.0, 600)
    run = energy_decay(energy_for(3, Rational(9, 2)), ode, parse_objective("x1**2/4 + x2**2"), [1.0, 1.0], times,
                       parameters={"r": Rational(9, 2)})
    E, ts = run["energy"], run["t"]
    after = E[ts >= start]
    assert np.all(np.diff(after) <= 1e-9 * np.abs(after[:-1]).max())
    assert np.any(np.diff(E[ts < start]) > 0)  # not monotone from t = 0, as SBC say
    a = ts * (2 * m * ts**2 - 3) / (2 * m)
    late = ts >= start
    assert np.all(run["gap"][late] <= E[late][0] / a[late] * (1 + 1e-9))


def test_least_start_reads_zeros_exactly_or_refuses():
    assert least_start([t**2 - 3 * t + 2]) == 2
    assert least_start([t + 1, t**2 + 1]) == 0
    assert least_start([(t - 2)**2]) == 0  # an even factor does not change sign
    assert least_start([s * t**3 - t - 1]) is None  # a zero it cannot read exactly
    b = Symbol("b", positive=True)
    assert least_start([t**2 - b, t - 1], domain={b: 1 + Symbol("u", positive=True)}) == sqrt(b)


def test_a_region_in_t_minus_t0_is_exact_when_only_the_end_coefficients_are_conditions():
    region = parameter_region([mu * t**2 - 5], start=t_start)
    assert region.exact and region.contains({t_start: sqrt(5 / mu)}) is True
    inexact = parameter_region([t**2 - L * t + 1], start=t_start)
    assert not inexact.exact


def test_nag_c_gradient_rate_beside_the_low_resolution_ode():
    d = get("energy-nag-c-gradient").run()
    assert d.status == Status.PROVED and all(c.passed for c in d.checks)
    titles = [st.title for st in d.steps]
    assert "Function value" in titles and "Low-resolution ODE, side by side" in titles
    (low,) = [st for st in d.steps if st.title == "Low-resolution ODE, side by side"]
    assert cancel(low.math[1].rhs - t / L) == 0
    (value,) = [st for st in d.steps if st.title == "Function value"]
    from symflow.core import norm2, x0, x_star
    from symflow.lyapunov import display

    expected = (4 + 3 * s * L) * display(norm2(x0 - x_star), point=x0) / (t * (2 * t + sqrt(s)))
    assert cancel(value.math[0].rhs - expected) == 0
