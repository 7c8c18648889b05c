"""Time per Lyapunov certificate (target: under 2 s each).

For every catalogue entry of kind "lyapunov": the ODE and the energy are set
up once (the ODE derivation is timed separately), then `certify` is timed
(best of 3); the full entry (certificate, rate, counterexample search,
literature checks) is timed once, first (so it includes warm-up).

With ``--slow``: the entries that dominate a cold ``symflow regenerate`` (the discrete certificates and
two continuous ones), each run in a fresh process (cold caches, as ``symflow verify NAME`` runs it) and
timed in CPU time of that process (``time.process_time``: steadier than wall time on a shared machine).

With ``--verify``: the command ``symflow verify NAME`` itself (entry, checks and the printed text), for
the discrete entries (or the names given after the flag), each in a fresh process: wall time and the
CPU time of that process (user + system, from ``getrusage`` of the child), best of ``--repeat N`` runs
(default 1). ``--derive`` times ``symflow derive NAME --format markdown`` the same way.

    python bench/bench_lyapunov.py
    python bench/bench_lyapunov.py --slow
    python bench/bench_lyapunov.py --verify [NAME ...] [--repeat N]
    python bench/bench_lyapunov.py --derive [NAME ...] [--repeat N]
"""
import os
import resource
import subprocess
import sys
import time

from symflow.catalogue import entries
from symflow.lyapunov import certify


def main():
    rows = []
    for name, entry in entries().items():
        if entry.kind != "lyapunov":
            continue
        module = __import__(f"symflow.catalogue.{name.replace('-', '_')}", fromlist=["_setup", "ENTRY"])
        started = time.perf_counter()
        energy, ode, cls = module._setup()
        ode = getattr(ode, "ode", ode)   # an entry may give the continuous limit the ODE came from
        setup = time.perf_counter() - started
        started = time.perf_counter()
        derivation = entry.run()
        full = time.perf_counter() - started
        rate = derivation.result.certificate.rate
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            cert = certify(energy, ode, cls, rate=rate)
            best = min(best, time.perf_counter() - started)
        rows.append((name, setup, best, full, cert.status, derivation.status))
    width = max(len(r[0]) for r in rows)
    print(f"{'entry':<{width}}  {'ODE+energy':>10}  {'certify':>8}  {'entry':>7}  certificate / verdict")
    for name, setup, best, full, status, verdict in rows:
        flag = "" if best < 2 else "  (over 2 s)"
        print(f"{name:<{width}}  {setup:>9.2f}s  {best:>7.2f}s  {full:>6.2f}s  {status} / {verdict}{flag}")


SLOW = ("energy-nag-sc-discrete", "energy-heavy-ball-discrete", "energy-nesterov-r-discrete",
        "energy-hessian-damping", "adam")

_ONE = """
import time
from symflow.catalogue import get
started = time.process_time()
derivation = get({name!r}).run()
print(time.process_time() - started, derivation.status)
"""


def slow():
    total = 0.0
    width = max(len(name) for name in SLOW)
    print(f"{'entry':<{width}}  {'CPU time':>8}  verdict")
    for name in SLOW:
        out = subprocess.run([sys.executable, "-c", _ONE.format(name=name)], capture_output=True, text=True,
                             check=True).stdout.split()
        total += float(out[0])
        print(f"{name:<{width}}  {float(out[0]):>7.1f}s  {out[1]}")
    print(f"{'total':<{width}}  {total:>7.1f}s")


#: the discrete entries whose ``symflow verify`` issue 13 times (target: 10 s each)
VERIFY = ("energy-nag-sc-discrete", "energy-heavy-ball-discrete", "energy-nag-sc-symplectic",
          "energy-gradient-descent", "energy-nag-c-discrete", "energy-nesterov-r-discrete",
          "synth-gradient-descent-sc")


def _child(command: list) -> tuple:
    """``(wall, cpu, returncode)`` of ``command`` in a fresh process (cpu: its user + system time)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env={**os.environ, "RUST_BACKTRACE": "0"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def commands(subcommand: str, names, repeat: int = 1):
    """Time ``symflow SUBCOMMAND NAME`` for every name: best wall and CPU time of ``repeat`` runs."""
    extra = ["--format", "markdown"] if subcommand == "derive" else []
    width = max(len(name) for name in names)
    print(f"{'entry':<{width}}  {'wall':>7}  {'CPU':>7}  exit")
    for name in names:
        runs = [_child([sys.executable, "-m", "symflow", subcommand, name, *extra]) for _ in range(repeat)]
        wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
        print(f"{name:<{width}}  {wall:>6.1f}s  {cpu:>6.1f}s  {runs[-1][2]}")


def _arguments(flag: str) -> tuple:
    """The names after ``flag`` (the default list when none) and ``--repeat N``."""
    args = sys.argv[sys.argv.index(flag) + 1:]
    repeat = 1
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = int(args[i + 1])
        args = args[:i] + args[i + 2:]
    return tuple(a for a in args if not a.startswith("--")) or VERIFY, repeat


if __name__ == "__main__":
    if "--verify" in sys.argv[1:]:
        commands("verify", *_arguments("--verify"))
    elif "--derive" in sys.argv[1:]:
        commands("derive", *_arguments("--derive"))
    elif "--slow" in sys.argv[1:]:
        slow()
    else:
        main()
