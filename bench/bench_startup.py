"""Start-up of the command line: ``symflow --help``, ``symflow list``, ``symflow --version``, ``import symflow``.

Run by hand: ``python bench/bench_startup.py [RUNS]``. Whole-process wall time of each command
(median, min and max of RUNS runs after one warm-up, timed around ``subprocess.run``), its peak memory
from ``/usr/bin/time -v`` where that exists, and in-process whether SymPy was loaded. Targets on
the 2-core machine: ``symflow --help`` <= 0.3 s, ``symflow list`` <= 1 s.
"""
from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time

TARGETS = {"--help": 0.3, "list": 1.0, "--version": 0.3}


def wall(command: list, runs: int) -> list:
    subprocess.run(command, capture_output=True, check=False)  # warm-up: file caches, bytecode
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def peak_kb(command: list) -> int | None:
    gnu_time = "/usr/bin/time"
    if not os.path.exists(gnu_time):
        return None
    done = subprocess.run([gnu_time, "-v", *command], capture_output=True, text=True, check=False)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return int(match.group(1)) if match else None


def loads_sympy(code: str) -> bool:
    probe = f"import sys\n{code}\nprint('sympy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    return done.stdout.strip().endswith("True")


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    executable = shutil.which("symflow") or f"{sys.executable} -m symflow"
    print(f"{'command':<24} {'median s':>9} {'min s':>7} {'max s':>7} {'peak MB':>8} {'target s':>9}")
    status = 0
    for argument, target in TARGETS.items():
        command = [*executable.split(), argument]
        times = wall(command, runs)
        peak = peak_kb(command)
        median = statistics.median(times)
        status |= median > target
        print(f"{'symflow ' + argument:<24} {median:9.3f} {min(times):7.3f} {max(times):7.3f} "
              f"{peak / 1024 if peak else float('nan'):8.1f} {target:9.1f}")
    times = wall([sys.executable, "-c", "import symflow"], runs)
    print(f"{'python -c import symflow':<24} {statistics.median(times):9.3f} {min(times):7.3f} {max(times):7.3f}")
    times = wall([sys.executable, "-c", "import sympy"], runs)
    print(f"{'python -c import sympy':<24} {statistics.median(times):9.3f} {min(times):7.3f} {max(times):7.3f}"
          "   (for scale)")
    for what, code in [("symflow --help", "from symflow.cli.options import build_parser; build_parser()"),
                       ("symflow list", "from symflow.catalogue import catalogue_index; catalogue_index()"),
                       ("import symflow", "import symflow")]:
        print(f"{what}: loads SymPy: {loads_sympy(code)}")
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
