"""Timings of discretization, matching and the quadratic analysis (run by hand: python bench/bench_discretize.py)."""
import time

from sympy import Rational, symbols

from symflow.catalogue.discretize_mj_nesterov import mj_ode, nesterov_constant_momentum
from symflow.catalogue.discretize_table import numbers
from symflow.discretize import (
    discretization,
    match_methods,
    quadratic_analysis,
    scheme_match,
)
from symflow.limit import continuous_limit
from symflow.methods import nag_c, nag_sc


def timed(label, fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<60} {best * 1000:9.1f} ms")


def main():
    high = continuous_limit(nag_sc(), order=1).ode
    nag_c_high = continuous_limit(nag_c(), order=1, offset=Rational(3, 2)).ode
    d, beta, kappa, T, m = symbols("d beta kappa T m", positive=True)
    s = symbols("s", positive=True)
    for scheme in ("explicit", "implicit", "symplectic", "symplectic-vx"):
        timed(f"discretize NAG-SC high-resolution ODE, {scheme}", lambda: discretization(high, scheme))
    timed("discretize NAG-C high-resolution ODE, symplectic", lambda: discretization(nag_c_high, "symplectic"))
    mj = discretization(mj_ode(), "symplectic-vx", step=T).method
    timed("MJ: match with Nesterov, solve for (m, s, beta)",
          lambda: match_methods(mj, nesterov_constant_momentum(), (m, s, beta)))
    timed("SDSJ: rescaling factors of NAG-SC, symplectic", lambda: scheme_match(high, "symplectic", nag_sc()), 1)
    timed("SDSJ: rescaling factors of NAG-C, symplectic", lambda: scheme_match(nag_c_high, "symplectic", nag_c()), 1)
    method = discretization(high, "symplectic").method
    timed("quadratic analysis (polynomial)", lambda: quadratic_analysis(method))
    qa = quadratic_analysis(method)
    timed("quadratic analysis: largest z, rate at mu, exponent", lambda: qa.acceleration_exponent(), 1)
    timed("quadratic analysis: numeric contraction factor (4002 lambdas)", lambda: qa.contraction_factor(0.5, 0.01, 1.0))
    timed("table of item 4 (15 rows x 2 objectives, cap 5000)", lambda: numbers(), 1)


if __name__ == "__main__":
    main()
