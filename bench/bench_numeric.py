"""Lambdified right-hand side of the derived Nesterov ODE vs a hand-written NumPy one (quadratic, d = 1000+).

Run: python bench/bench_numeric.py
Prints the time per right-hand-side call for both routes and their ratio (target: within 1.2x),
and the time of a solve_ivp integration with each.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):   # steady timings
    os.environ.setdefault(_var, "1")

import time  # noqa: E402
import timeit  # noqa: E402

import numpy as np  # noqa: E402
from scipy.integrate import solve_ivp

from symflow.limit import continuous_limit
from symflow.methods import nesterov
from symflow.numeric import first_order_system, quadratic


def main():
    ode = continuous_limit(nesterov()).ode
    for d in (1000, 3000):
        rng = np.random.default_rng(0)
        M = rng.normal(size=(d, d)) / np.sqrt(d)
        A = M @ M.T / 4 + 0.01 * np.eye(d)
        b = rng.normal(size=d)
        t0 = time.perf_counter()
        system = first_order_system(ode, quadratic(A, b))
        build = time.perf_counter() - t0

        def hand(t, y):
            x, v = y[:d], y[d:]
            return np.concatenate([v, -3.0 / t * v - (A @ x - b)])

        y = rng.normal(size=2 * d)
        assert np.allclose(system.rhs(1.3, y), hand(1.3, y))
        n = 2000 if d == 1000 else 300
        for _ in range(50):
            system.rhs(1.3, y), hand(1.3, y)
        derived, manual = np.inf, np.inf
        for _ in range(15):      # interleaved, best of 15: robust to other load on the machine
            derived = min(derived, timeit.timeit(lambda: system.rhs(1.3, y), number=n // 10) / (n // 10))
            manual = min(manual, timeit.timeit(lambda: hand(1.3, y), number=n // 10) / (n // 10))
        print(f"d = {d}: build {build * 1e3:.1f} ms; rhs call derived {derived * 1e6:.1f} us, "
              f"hand-written {manual * 1e6:.1f} us, ratio {derived / manual:.3f}")
        y0 = np.concatenate([np.ones(d), np.zeros(d)])
        for name, fn in (("derived", system.rhs), ("hand-written", hand)):
            t0 = time.perf_counter()
            sol = solve_ivp(fn, (0.01, 20.0), y0, method="DOP853", rtol=1e-8, atol=1e-10)
            print(f"    solve_ivp on [0.01, 20] ({name}): {time.perf_counter() - t0:.2f} s, "
                  f"{sol.nfev} evaluations")


if __name__ == "__main__":
    main()
