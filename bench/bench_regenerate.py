"""Whole-process times of `symflow regenerate`: cold, then `--check` with nothing changed (cached), then uncached.

    python bench/bench_regenerate.py                 # into a temporary folder, with a private cache
    /usr/bin/time -v python -m symflow regenerate --check --out DIR    # peak memory of one command

Each command runs in a fresh process (``subprocess``, wall time from ``time.perf_counter``); the cache
folder is a temporary one, so the first run is cold.
"""
import os
import subprocess
import sys
import tempfile
import time


def timed(*args, env):
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "symflow", *args], capture_output=True, text=True, env=env)
    return time.perf_counter() - started, done.returncode, (done.stdout or done.stderr).strip().splitlines()[-1]


def main():
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "XDG_CACHE_HOME": os.path.join(folder, "cache"), "RUST_BACKTRACE": "0"}
        out = os.path.join(folder, "derivations")
        rows = [("regenerate (cold)", timed("regenerate", "--out", out, env=env)),
                ("regenerate --check (nothing changed: cached)", timed("regenerate", "--check", "--out", out, env=env)),
                ("regenerate --check --no-cache", timed("regenerate", "--check", "--no-cache", "--out", out, env=env))]
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name, (seconds, code, last) in rows:
        print(f"{name:<48} {seconds:7.2f} s  exit {code}  ({last})")


if __name__ == "__main__":
    main()
