"""A long fuzz of symflow's text entry points: ``python bench/bench_fuzz.py [EXAMPLES]``.

Prints the examples run, the exceptions that are not SymflowError (must be 0) and the budget
overruns (must be 0). The strategies are those of ``tests/test_fuzz.py``.
"""
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_fuzz import numbers, texts  # noqa: E402

from symflow.cli.main import main  # noqa: E402
from symflow.core.errors import SymflowError  # noqa: E402
from symflow.parse import parse_objective  # noqa: E402

BUDGET = 5.0
count = {"examples": 0, "not SymflowError": 0, "budget overruns": 0, "bad exit status": 0}


def cli(argv):
    count["examples"] += 1
    started = time.monotonic()
    code = main(["--timeout", str(BUDGET), *argv])
    if time.monotonic() - started > BUDGET + 2:
        count["budget overruns"] += 1
        print("overrun:", argv, file=sys.stderr)
    if code not in {0, 1, 2, 3, 4}:
        count["bad exit status"] += 1
        print("exit", code, argv, file=sys.stderr)


def fuzz(n: int) -> None:
    @settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck))
    @given(texts)
    def objectives(text):
        count["examples"] += 1
        try:
            parse_objective(text)
        except SymflowError:
            pass
        except Exception as exc:  # noqa: BLE001 - counted, that is the point
            count["not SymflowError"] += 1
            print(type(exc).__name__, exc, repr(text), file=sys.stderr)

    @settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck))
    @given(texts, numbers, numbers)
    def simulate(objective, x0, times):
        cli(["simulate", "nesterov", "--objective", objective, "--x0", x0, "--t", times])

    @settings(max_examples=max(1, n // 4), deadline=None, suppress_health_check=list(HealthCheck))
    @given(texts, numbers)
    def discretize(step, offset):
        cli(["discretize", "gradient-descent", "--scheme", "explicit", "--step", step, "--time-offset", offset])

    for test in (objectives, simulate, discretize):
        test()


if __name__ == "__main__":
    fuzz(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    for key, value in count.items():
        print(f"{key}: {value}")
