"""Safe parsing of user methods."""
import os

import pytest

from symflow.core import ParseError, X, grad, r, t, vector_function
from symflow.limit import continuous_limit
from symflow.parse import (
    method_from_toml,
    parse_expression,
    parse_rational,
    read_method,
)

x = vector_function("x")

NESTEROV = '''
name = "mine"
sequences = ["x", "y"]
parameters = ["r"]
start = 1
updates = [
  "x[k] = y[k-1] - s*grad(y[k-1])",
  "y[k] = x[k] + (k-1)/(k+r-1)*(x[k] - x[k-1])",
]
initial = ["y[0] = x[0]"]
'''


def test_user_method_from_toml_is_derived():
    method = method_from_toml(NESTEROV)
    ode = continuous_limit(method).ode
    Xt = X(t)
    assert ode.matches(Xt.diff(t, 2) + r / t * Xt.diff(t) + grad(Xt))


def test_example_files_parse(tmp_path):
    method, options = read_method("examples/nesterov_by_hand.toml")
    assert method.name == "nesterov-by-hand" and options["order"] == 0


@pytest.mark.parametrize("text, message", [
    ("__import__('os').system('touch /tmp/pwned')", "may be called"),
    ("x[k].__class__", "not allowed"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("lambda: 1", "not allowed"),
    ("[1, 2]", "not allowed"),
    ("eta * x[k]", "unknown name 'eta'"),
    ("x", "needs an index"),
    ("grad", "is a function"),
    ("x[2*k]", "k plus an integer"),
    ("grad(x[k], x[k])", "exactly one argument"),
    ("x[k] +", "cannot read"),
    ("'text'", "not a number"),
    ("9**9**9**9", "larger than symflow's limit"),
    ("x[k]**4096", "larger than symflow's limit"),
    ("(s**64)**64", "larger than symflow's limit"),
    ("s**64*s**64", "larger than symflow's limit"),
    ("1" * 5000, "longer than 2000"),
    ("1" * 1999, "more than 60 digits"),
    ("1" * 70 + "*x[k]", "more than 60 digits"),
    ("(10**30)**3", "more than 60 digits|too large"),
    ("1/0", "division by zero"),
])
def test_malicious_or_malformed_text_is_refused(text, message):
    with pytest.raises(ParseError, match=message):
        parse_expression(text, {"x": x})


def test_pwned_file_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    bad = tmp_path / "bad.toml"
    bad.write_text(f'''sequences = ["x"]
updates = ["x[k+1] = __import__('os').system('touch {marker}')"]
''')
    with pytest.raises(ParseError):
        read_method(bad)
    assert not marker.exists()


@pytest.mark.parametrize("toml, message", [
    ("sequences = [", "not valid TOML"),
    ('updates = ["x[k+1] = x[k]"]', "missing 'sequences'"),
    ('sequences = ["x"]\nupdates = ["x[k+1] = x[k]"]', "no gradient step"),
    ('sequences = ["x"]\nupdates = ["x[k+1] == x[k]"]', "not one equation"),
    ('sequences = ["x"]\nupdates = [3]', "must be a string"),
    ('sequences = ["x"]\nupdates = ["x[k+1] = x[k] - s*grad(x[k])"]\ncolour = 1', "unknown key"),
    ('sequences = ["grad"]\nupdates = []', "sequences"),
    ('sequences = ["x"]\nparameters = ["x"]\nupdates = []', "both a sequence and a parameter"),
])
def test_malformed_files_get_clear_errors(toml, message):
    with pytest.raises(ParseError, match=message):
        method_from_toml(toml)


def test_parse_rational():
    assert parse_rational("3/2") == parse_rational(1.5)
    for bad in ("abc", "1/0", True, "nan"):
        with pytest.raises(ParseError):
            parse_rational(bad)


def test_nothing_reaches_eval(monkeypatch):
    import builtins

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec must not be called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    method_from_toml(NESTEROV)
    assert os.path.exists("examples/nesterov_by_hand.toml")
