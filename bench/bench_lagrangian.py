"""Time each Lagrangian derivation (Euler–Lagrange, Bregman, time dilation, Hamiltonian) and each entry.

Run by hand: ``python bench/bench_lagrangian.py``. Target on a 2-core machine:
each Lagrangian derivation (one call of the engine) under 1 s. The catalogue
entries also run their second routes (SymPy's component-wise equations in
d = 2, the other formulations), which are timed separately.
"""
from __future__ import annotations

import statistics
import sys
import time

from sympy import Function, exp
from sympy.core.cache import clear_cache

from symflow.catalogue import entries
from symflow.core import c, normal_scalar, r, t
from symflow.lagrangian import (
    bregman_equation,
    canonical_point,
    damped_lagrangian,
    euler_lagrange,
    exponential_scaling,
    general_scaling,
    hamilton_equations,
    hamiltonian,
    polynomial_dilation,
    polynomial_scaling,
    time_dilation,
)

DERIVATIONS = {
    "euler_lagrange  t^r (1/2|V|^2 - f)": lambda: euler_lagrange(damped_lagrangian(t**r)),
    "euler_lagrange  e^{ct} (1/2|V|^2 - f)": lambda: euler_lagrange(damped_lagrangian(exp(c * t))),
    "euler_lagrange  a(t) (1/2|V|^2 - f)": lambda: euler_lagrange(damped_lagrangian(Function("a")(t))),
    "bregman  general scaling, Euclidean h": lambda: bregman_equation(general_scaling()),
    "bregman  general scaling, general h": lambda: bregman_equation(general_scaling(), h="abstract"),
    "bregman  polynomial (p, C), Euclidean h": lambda: bregman_equation(polynomial_scaling()),
    "bregman  polynomial (p, C), general h": lambda: bregman_equation(polynomial_scaling(), h="abstract"),
    "bregman  exponential (c), Euclidean h": lambda: bregman_equation(exponential_scaling()),
    "hamiltonian  general scaling, Euclidean h": lambda: hamilton_equations(
        hamiltonian(bregman_equation(general_scaling()).euler_lagrange.lagrangian)),
    "time dilation proof  symbolic tau, general h": lambda: time_dilation(),
    "time dilation  tau = t^{q/p}": lambda: polynomial_dilation(),
}


def timings(fn, repeat=3):
    """Best and median over runs, each after clearing SymPy's and symflow's caches (cold)."""
    times = []
    for _ in range(repeat):
        clear_cache()
        normal_scalar.cache_clear()
        canonical_point.cache_clear()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> int:
    print(f"{'derivation':<48} {'best (s)':>9} {'median (s)':>11}")
    for name, fn in DERIVATIONS.items():
        best, median = timings(fn)
        flag = "" if best < 1 else "   (over the 1 s target)"
        print(f"{name:<48} {best:>9.3f} {median:>11.3f}{flag}")
    print()
    print(f"{'catalogue entry (with its checks)':<48} {'best (s)':>9} {'median (s)':>11}")
    for name, entry in entries().items():
        if not (name.startswith("lagrangian-") or name.startswith("bregman-")):
            continue
        best, median = timings(lambda: entry.run(), repeat=2)
        print(f"{name:<48} {best:>9.3f} {median:>11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
