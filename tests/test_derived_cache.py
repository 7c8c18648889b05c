"""symflow.cli.cache: an entry's derived result kept between runs — a hit reads it back, every miss derives it."""
import json
import os
import pathlib
import subprocess
import sys

import pytest
from sympy.core.cache import clear_cache
from sympy.core.function import AppliedUndef

from symflow.catalogue import get
from symflow.cli import cache
from symflow.cli.main import main
from symflow.core.symbols import AppliedVector, X
from symflow.limit import ContinuousLimit

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """A fresh cache folder, and the list of every derivation the cache asks the catalogue for."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    class Counting:
        def __init__(self, entry):
            self.entry = entry

        def run(self, **options):
            calls.append((self.entry.name, options))
            return self.entry.run(**options)

    monkeypatch.setattr(cache, "get", lambda name: Counting(get(name)))
    return calls


def _vector_functions(expr) -> set:
    return {type(a) for a in expr.atoms(AppliedUndef) if isinstance(a, AppliedVector)}


def test_a_miss_derives_and_keeps_then_a_hit_reads_back(counted):
    ode, limit = cache.cached_result("nesterov")
    assert counted == [("nesterov", {})] and cache.cache_path("nesterov").is_file()
    clear_cache()   # as in a new process: SymPy's cache would hand back the X(t) built before
    again, again_limit = cache.cached_result("nesterov")
    assert counted == [("nesterov", {})]                     # read back, not derived
    assert again is not ode and again == ode == get("nesterov").run().result
    assert isinstance(again_limit, ContinuousLimit) and again_limit.method == limit.method
    assert (again_limit.exponent, again_limit.offset) == (limit.exponent, limit.offset)
    # X(t) and grad f(X) come back as vectors (SymPy's own pickling would drop the bases of X)
    assert _vector_functions(again.rhs) and _vector_functions(again.rhs) == _vector_functions(ode.rhs)
    assert again_limit.steps == ()                            # the steps are not kept
    # and they are symflow's own X, not an equal copy (which SymPy's cache would pass on to later expressions)
    assert all(f is X for f in _vector_functions(again.rhs) if f.__name__ == "X")
    assert X in _vector_functions(again.rhs)


def test_another_key_other_options_or_a_damaged_file_is_a_miss(counted):
    derived = get("nesterov").run()
    assert cache.keep("nesterov", {}, derived.result, derived.origin, key="from another version of symflow")
    cache.cached_result("nesterov")
    assert counted == [("nesterov", {})]                     # another inputs key: derived again
    cache.cached_result("nesterov", {"order": 1})
    assert counted[-1] == ("nesterov", {"order": 1}) and len(counted) == 2
    path = cache.cache_path("nesterov")
    path.write_bytes(path.read_bytes()[:-20])                 # truncated
    ode, _ = cache.cached_result("nesterov")
    assert len(counted) == 3 and ode == derived.result
    cache.cached_result("nesterov")
    assert len(counted) == 3                                  # the damaged file was replaced


def test_no_cache_neither_reads_nor_writes(counted):
    cache.cached_result("nesterov", use_cache=False)
    assert not cache.cache_path("nesterov").exists()
    cache.cached_result("nesterov")
    cache.cached_result("nesterov", use_cache=False)
    assert len(counted) == 3


def test_a_folder_that_cannot_be_written_only_costs_time(monkeypatch, tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    ode, _ = cache.cached_result("gradient-descent")
    assert ode == get("gradient-descent").run().result and cache.read_cached("gradient-descent") is None


def test_simulate_gives_the_same_numbers_on_a_miss_a_hit_and_with_no_cache(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    command = ["simulate", "nesterov", "--objective", "0.02*x1**2 + 0.005*x2**2", "--x0", "1,1", "--t", "2,5",
               "--compare-method", "--step-size", "0.25,0.05"]
    outputs = []
    for extra in ([], [], ["--no-cache"]):
        assert main([*command, *extra]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert cache.read_cached("nesterov") is not None
    data = json.loads(outputs[1])
    assert [run["k"] for run in data["compare"]["runs"]] == [[4, 10], [9, 22]]   # t_k = k sqrt(s)
    plain = ["simulate", "nesterov", "--objective", "x1**2/2", "--x0", "1", "--t", "1"]
    assert main(plain) == 0 and main([*plain, "--no-cache"]) == 0
    first, second = capsys.readouterr().out.split("}\n{")
    assert json.loads(first + "}") == json.loads("{" + second)


def test_a_new_process_reads_back_what_another_kept(tmp_path):
    """Only a new process starts with SymPy's cache empty: there the vectors must come back as vectors."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "RUST_BACKTRACE": "0",
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    command = [sys.executable, "-m", "symflow", "simulate", "nesterov", "--objective", "x1**2/2", "--x0", "1",
               "--t", "1", "--compare-method", "--step-size", "0.25"]
    miss = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert miss.returncode == 0, miss.stderr
    assert any(tmp_path.joinpath("symflow", "derived").iterdir())
    hit = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert hit.returncode == 0, hit.stderr
    assert hit.stdout == miss.stdout
