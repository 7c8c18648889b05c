"""`symflow verify`: exit statuses, JSON, user claims in TOML, bad input."""
import json

import pytest

from symflow.cli.main import main
from symflow.lyapunov import verification

SBC = '''
name = "sbc-r"
parameters = ["q"]
energy = "2*t**2/(r - 1)*(f(X) - f(xstar)) + (r - 1)*norm2(X + t*Xdot/(r - 1) - xstar)"
ode = "Xddot = -r/t*Xdot - grad(X)"
class = "convex"
initial = ["X = x0", "Xdot = 0"]
'''


def write(tmp_path, text, name="claim.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_proves_the_r_family(capsys):
    assert main(["verify", "energy-nesterov-r", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved"
    assert data["region"] == "r ≥ 3" or data["region"] in ("3 ≤ r", "r >= 3", "3 <= r")
    assert [m["value"] for m in data["multipliers"]][0] == "2·t"
    assert "(r - 1)^2" in data["bound"] and "t^2" in data["bound"]
    assert all(c["passed"] for c in data["checks"])


def test_refutes_r2_with_exit_1(capsys):
    assert main(["verify", "energy-nesterov-r2", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "refuted"
    ce = data["counterexample"]
    assert ce["derivative_plus_rate_times_energy"] > 0 and ce["increases"] and ce["in_class"]
    assert ce["energies"][-1] > ce["energies"][0]


def test_text_output(capsys):
    assert main(["verify", "energy-gradient-flow"]) == 0
    out = capsys.readouterr().out
    assert "status: proved" in out and "Multipliers" in out


def test_user_claim_with_region(tmp_path, capsys):
    assert main(["verify", "--energy", write(tmp_path, SBC), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved" and "3" in data["region"]


def test_user_false_claim(tmp_path, capsys):
    text = SBC.replace("(r - 1)", "(2 - 1)").replace("-r/t", "-2/t")
    assert main(["verify", "--energy", write(tmp_path, text)]) == 1


def test_unknown_exit_3(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(verification, "refute", lambda *a, **k: None)
    text = SBC.replace("(r - 1)", "(2 - 1)").replace("-r/t", "-2/t")
    assert main(["verify", "--energy", write(tmp_path, text)]) == 3
    assert "status: unknown" in capsys.readouterr().out


@pytest.mark.parametrize("text, message", [
    ('energy = "__import__(\'os\').system(\'true\')"\node = "Xdot = -grad(X)"', "may be called"),
    ('energy = "t*(f(X) - f(xstar))"\node = "Xdot = -grad(X)"\nclass = "concave"', "unknown function class"),
    ('energy = "t*(f(X) - f(xstar))"', "missing 'ode'"),
    ('energy = "t*(f(X) - f(xstar))"\node = "X = grad(X)"', "left side"),
    ('energy = "t*f(X)*f(X)"\node = "Xdot = -grad(X)"', "not linear"),
    ('energy = [1]\node = "Xdot = -grad(X)"', "must be a string"),
    ('energy = "t*(f(X) - f(xstar))"\node = "Xdot = -grad(X)"\ncolour = 1', "unknown key"),
    ("this is not toml =", "not valid TOML"),
    ('energy = "norm2(X*X)"\node = "Xdot = -grad(X)"', "not a scalar multiple"),
])
def test_bad_input_exit_2(tmp_path, capsys, text, message):
    assert main(["verify", "--energy", write(tmp_path, text)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_usage_errors(capsys, tmp_path):
    assert main(["verify"]) == 2
    assert main(["verify", "nesterov"]) == 2          # not a Lyapunov entry
    assert main(["verify", "energy-nope"]) == 2
    assert main(["verify", "--energy", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err
    assert "not a Lyapunov claim" in err and "cannot read" in err


def test_a_discrete_catalogue_claim_is_verified(capsys):
    assert main(["verify", "energy-gradient-descent", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved" and "L" in data["region"] and all(c["passed"] for c in data["checks"])


def test_a_synthesis_entry_is_verified_by_name(capsys):
    """`symflow verify synth-...` finds the member and its best rate, as the catalogue document does."""
    assert main(["verify", "synth-gradient-flow-sc", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved" and data["best_rate"] is True and data["rate"] == "2·μ"
    assert data["unknowns"] == ["b"]


def test_a_claim_asks_for_the_energy_of_an_inertial_proximal_method(capsys, tmp_path):
    """energy = "inertial": the energy is derived from the user's method, then decided like any other."""
    method = write(tmp_path, 'name = "my-prox"\nsequences = ["x"]\nstart = 0\n'
                             'updates = ["x[k+1] = x[k] + k/(k+3)*(x[k] - x[k-1]) - s*grad(x[k+1])"]\n', "prox.toml")
    claim = write(tmp_path, f'method_file = "{method}"\nenergy = "inertial"\nclass = "convex"\n')
    assert main(["verify", "--energy", claim, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "proved" and data["region"] == "True"
    assert "FValue(x(k))" in data["energy"] and "x(k - 1)" in data["energy"]  # the derived energy, shown
    # a gradient at an old point is not a proximal step: one line, exit 2
    claim = write(tmp_path, 'method = "nesterov"\nenergy = "inertial"\nclass = "smooth-convex"\n', "bad.toml")
    assert main(["verify", "--energy", claim]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not an inertial proximal method" in err and "gradient at another point" in err


def test_the_example_inertial_claim(capsys):
    assert main(["verify", "--energy", "examples/inertial_prox_claim.toml", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "proved"
