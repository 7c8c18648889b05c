"""Time per Lyapunov certificate (target: under 2 s each).

For every catalogue entry of kind "lyapunov": the ODE and the energy are set
up once (the ODE derivation is timed separately), then `certify` is timed
(best of 3); the full entry (certificate, rate, counterexample search,
literature checks) is timed once, first (so it includes warm-up).

    python bench/bench_lyapunov.py
"""
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


if __name__ == "__main__":
    main()
