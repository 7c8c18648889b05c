"""Time per Lyapunov certificate (target: under 2 s each).

For every catalogue entry of kind "lyapunov": the ODE and the energy are set
up once (the ODE derivation is timed separately), then `certify` is timed
(best of 3); the full entry (certificate, rate, counterexample search,
literature checks) is timed once, first (so it includes warm-up).

With ``--slow``: the entries that dominate a cold ``symflow regenerate`` (the discrete certificates and
two continuous ones), each run in a fresh process (cold caches, as ``symflow verify NAME`` runs it) and
timed in CPU time of that process (``time.process_time``: steadier than wall time on a shared machine).

    python bench/bench_lyapunov.py
    python bench/bench_lyapunov.py --slow
"""
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


if __name__ == "__main__":
    slow() if "--slow" in sys.argv[1:] else main()
