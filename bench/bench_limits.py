"""Time every catalogue limit derivation and `symflow regenerate`.

Run by hand: ``python bench/bench_limits.py``. Targets on a 2-core machine:
low resolution < 1 s, high resolution < 3 s, regenerate < 15 s.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time

from symflow.catalogue import entries


def best_of(fn, repeat=3):
    """Best and median of cold runs (symflow's expansion caches are cleared before each)."""
    from symflow.limit import coefficient_series

    times = []
    for _ in range(repeat):
        coefficient_series.cache_clear()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> int:
    print(f"{'entry':<20} {'variant':<14} {'best (s)':>9} {'median (s)':>11}")
    for name, entry in entries().items():
        if entry.kind != "limit":
            continue
        for variant in entry.variants:
            best, median = best_of(lambda: entry.run(**variant))
            print(f"{name:<20} {str(variant):<14} {best:>9.3f} {median:>11.3f}")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "symflow.cli", "regenerate", "--out", out], check=True,
                       capture_output=True)
        print(f"symflow regenerate (fresh process, whole catalogue): {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
