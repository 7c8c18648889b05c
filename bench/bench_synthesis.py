"""Synthesis of the 4/3 sqrt(mu) family: whole process and in process, beside PEPit's numeric check.

Run by hand: ``python bench/bench_synthesis.py [RUNS]``.

* Whole process: ``symflow verify --energy examples/four_thirds_family.toml`` (finds rho* = 4 sqrt(mu)/3,
  the energy, its exact certificate and the exact refutation of rho*(1 + 1/50)), timed around
  ``subprocess.run`` (median, min, max of RUNS runs after one warm-up); its peak memory from
  ``/usr/bin/time -v`` where that exists. Target on the 2-core machine: <= 5 s.
* In process: ``symflow.lyapunov.synthesize`` on the same family (first call, then the median of warm calls),
  and, when PEPit is installed, PEPit's numeric check of the same claim (its example
  ``accelerated_gradient_flow_strongly_convex`` with ``psd=False``, mu = 0.1), in the same run.
  ``bench/bench_pepit.py`` puts it in the table of all claims.
"""
from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAIM = ROOT / "examples" / "four_thirds_family.toml"
TARGET = 5.0


def whole_process(runs: int) -> tuple:
    command = [sys.executable, "-m", "symflow", "verify", "--energy", str(CLAIM), "--format", "json"]
    subprocess.run(command, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"symflow verify exited {done.returncode}: {done.stderr.decode()[-300:]}")
    peak = None
    if shutil.which("time") and Path("/usr/bin/time").exists():
        done = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, check=False)
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr.decode())
        peak = int(found.group(1)) / 1024 if found else None
    return times, peak


def in_process(runs: int) -> dict:
    from sympy import sqrt, symbols

    from symflow.core import ODE, X, grad, inner, mu, norm2, t, x_star
    from symflow.lyapunov import f_gap, strongly_convex, synthesize

    a, b, c = symbols("a b c", real=True)
    e, v = X(t) - x_star, X(t).diff(t)
    family = f_gap() + a * norm2(e) + 2 * b * inner(e, v) + c * norm2(v)
    ode = ODE(-2 * sqrt(mu) * v - grad(X(t)), 2)
    out = {}
    start = time.perf_counter()
    found = synthesize(family, ode, strongly_convex(), unknowns=[a, b, c], rate="best")
    out["symflow first"] = time.perf_counter() - start
    warm = []
    for _ in range(runs):
        start = time.perf_counter()
        synthesize(family, ode, strongly_convex(), unknowns=[a, b, c], rate="best")
        warm.append(time.perf_counter() - start)
    out["symflow warm median"] = statistics.median(warm)
    out["result"] = f"{found.status}: rho* = {found.rate}, {found.values}"
    try:
        from PEPit.examples.continuous_time_models import wc_accelerated_gradient_flow_strongly_convex as pep
    except ImportError:
        out["PEPit"] = "missing (pip install pepit)"
        return out
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        tau, _ = pep(mu=0.1, psd=False, wrapper="cvxpy", solver="CLARABEL", verbose=-1)
        times.append(time.perf_counter() - start)
    out["PEPit numeric check (mu = 0.1) median"] = statistics.median(times)
    out["PEPit value"] = float(tau)
    return out


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    times, peak = whole_process(runs)
    median = statistics.median(times)
    print(f"whole process: median {median:.2f} s (min {min(times):.2f}, max {max(times):.2f}; target <= {TARGET} s)"
          + (f", peak {peak:.0f} MiB" if peak else ""))
    for key, value in in_process(runs).items():
        print(f"{key}: {value:.3f} s" if isinstance(value, float) and "value" not in key else f"{key}: {value}")


if __name__ == "__main__":
    main()
