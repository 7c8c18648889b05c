"""Property tests of every text entry point: only SymflowError, within the budget, exit status in {0..4}.

Each example runs ``symflow`` in-process with a short ``--timeout``; an exception that is not a
:class:`~symflow.core.errors.SymflowError`, an exit status outside {0, 1, 2, 3, 4} (70 is an internal
error) or a run past its budget fails the test. ``bench/bench_fuzz.py`` runs the same strategies longer.
"""
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symflow.cli.main import main
from symflow.core.errors import SymflowError
from symflow.parse import method_from_toml, parse_objective

ALLOWED = {0, 1, 2, 3, 4}
FAST = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

_ATOMS = ["x1", "x2", "x10000000", "0", "1", "2", "0.5", "64", "4096", "-1", "1e308", "(-64)", "99999999999"]
_FUNCS = ["log", "exp", "cosh", "sqrt", "sin", "tanh", "atan", "abs", "__import__", "open"]
_OPS = ["+", "-", "*", "/", "**", "==", "=", "%", "//"]


@st.composite
def expressions(draw, depth=3):
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(_ATOMS))
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return f"{draw(st.sampled_from(_FUNCS))}({draw(expressions(depth - 1))})"
    if kind == 1:
        return f"({draw(expressions(depth - 1))}){draw(st.sampled_from(_OPS))}({draw(expressions(depth - 1))})"
    return draw(st.sampled_from(["", "x1[", "x1.__class__", "'a'", "[1]", "lambda: 1", "x1 if 1 else 2"]))


texts = st.one_of(expressions(), st.text(max_size=40))
numbers = st.one_of(st.sampled_from(["1", "0", "-1", "1e6", "1e400", "nan", "inf", "3/2", "1,1", "", "a", "99"]),
                    st.floats(allow_nan=True).map(repr), st.integers().map(str), st.text(max_size=10))


def run(argv, budget=20.0):
    started = time.monotonic()
    code = main(["--timeout", "5", *argv])
    took = time.monotonic() - started
    assert code in ALLOWED, (argv, code)
    assert took < budget, (argv, took)
    return code


@FAST
@given(texts)
def test_objectives_raise_only_symflow_errors(text):
    try:
        parse_objective(text)
    except SymflowError:
        pass


@FAST
@given(st.lists(texts, min_size=1, max_size=2), st.sampled_from(["x", "y"]), texts)
def test_method_files_raise_only_symflow_errors(updates, name, extra):
    body = "\n".join([f'sequences = ["{name}"]', "updates = [" + ", ".join(repr(u) for u in updates) + "]",
                      f"parameters = [{extra!r}]" if extra.isidentifier() else ""])
    try:
        method_from_toml(body)
    except SymflowError:
        pass
    try:
        method_from_toml(f'sequences = ["x"]\nupdates = ["x[k+1] = x[k] - s*grad(x[k]) + {updates[0]}"]')
    except SymflowError:
        pass


@FAST
@given(texts, numbers, numbers)
def test_simulate_options(objective, x0, times):
    run(["simulate", "nesterov", "--objective", objective, "--x0", x0, "--t", times])


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(numbers, st.sampled_from(["mu", "mu_typo", "r", "s", "", "=", "x"]), numbers)
def test_simulate_parameters(r, name, value):
    run(["simulate", "nesterov-r", "--objective", "x1**2/2", "--x0", "1", "--t", "1", "--r", r,
         "--param", f"{name}={value}"])


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.integers(-5, 200), numbers)
def test_derive_options(order, offset):
    run(["derive", "gradient-descent", "--order", str(order), "--time-offset", offset])


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(texts, numbers, st.sampled_from(["explicit", "rk4", "", "symplectic"]))
def test_discretize_options(step, offset, scheme):
    run(["discretize", "gradient-descent", "--scheme", scheme, "--step", step, "--time-offset", offset])


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(update=texts, order=st.integers(-3, 100))
def test_derive_method_files(tmp_path_factory, update, order):
    path = tmp_path_factory.mktemp("m") / "m.toml"
    path.write_text(f'sequences = ["x"]\nupdates = [{update!r}]\n[limit]\norder = {order}\n', encoding="utf-8")
    run(["derive", "--method", str(path)])


# --- the reproductions of the issue, each a fixed example -------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    (["derive", "nesterov", "--order", "99"], "larger than symflow's limit 6"),
    (["simulate", "nesterov", "--objective", "x1**2", "--x0", "1", "--t", "1e6"], "horizon"),
    (["simulate", "nesterov", "--objective", "x1**2 + 0*x10000000", "--x0", "1", "--t", "1"], "dimension"),
    (["simulate", "nesterov", "--objective", "(-64)**(1/3)*x1", "--x0", "1", "--t", "1"], "not real"),
    (["simulate", "nesterov", "--objective", "x1**2", "--x0", "1", "--param", "mu_typo=5"], "no parameter 'mu_typo'"),
    (["simulate", "nesterov", "--objective", "__import__('os').system('true')", "--x0", "1"], "may be called"),
    (["discretize", "nag-sc", "--scheme", "rk4"], "invalid choice: 'rk4'"),
    (["discretize", "nag-sc", "--scheme", "explicit", "--step", "s +"], "cannot read"),
])
def test_reproductions_fail_fast_with_one_line(argv, message, capsys):
    started = time.monotonic()
    assert main(argv) in (2, 4)
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
    assert time.monotonic() - started < 5


def test_a_transcendental_objective_from_the_singular_start_is_fast(capsys):
    started = time.monotonic()
    assert main(["simulate", "nesterov", "--objective", "log(cosh(x1)) + 0.5*x2**2", "--x0", "1,1",
                 "--t", "10"]) == 0
    assert time.monotonic() - started < 10
    assert main(["simulate", "nesterov", "--objective", "log((2)**64) + x1**2", "--x0", "1", "--t", "1"]) == 0
    capsys.readouterr()


def test_method_file_order_is_validated_before_deriving(tmp_path, capsys):
    path = tmp_path / "gd.toml"
    path.write_text('sequences = ["x"]\nupdates = ["x[k+1] = x[k] - s*grad(x[k])"]\n[limit]\norder = 99\n')
    assert main(["derive", "--method", str(path)]) == 2
    assert "[limit] order 99 is larger" in capsys.readouterr().err


def test_an_unexpected_exception_is_70_never_0_1_or_3(monkeypatch, capsys):
    import symflow.cli.listing as listing

    def boom(args):
        raise ZeroDivisionError("boom")
    monkeypatch.setattr(listing, "run", boom)
    assert main(["list"]) == 70
    err = capsys.readouterr().err
    assert "internal error: ZeroDivisionError" in err and "Traceback" not in err


def test_a_hostile_objective_stays_within_a_few_hundred_megabytes():
    # The child reports its own peak: VmHWM of its address space (ru_maxrss, of this worker's children
    # or of the child itself, also counts the worker's memory copied at fork, which survives exec).
    probe = ("import re, resource, sys\n"
             "from symflow.cli.main import main\n"
             "status = main(['--timeout', '30', 'simulate', 'nesterov', '--objective', 'x1**2 + 0*x10000000',"
             " '--x0', '1', '--t', '1'])\n"
             "try:\n"
             "    peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
             "except OSError:\n"
             "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
             "print('peak_kb', peak, file=sys.stderr)\n"
             "sys.exit(status)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "dimension" in done.stderr
    peak_kb = int(done.stderr.rsplit("peak_kb", 1)[1].split()[0])
    assert peak_kb < 400_000, peak_kb