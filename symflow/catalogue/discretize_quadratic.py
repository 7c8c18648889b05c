r"""Each Euler scheme on :math:`f = \tfrac12\lambda\|x\|^2`: iteration matrix, stable steps, contraction.

Source: derived here, on quadratics only; compare Shi, Du, Su, Jordan, NeurIPS 2019,
arXiv:1902.03694, whose statements are for smooth strongly convex :math:`f` in general
(explicit Euler of the low-resolution ODE needs :math:`s = O(\mu/L^2)` and loses acceleration;
the symplectic scheme accelerates).

Claim: in :math:`z = s\lambda`, :math:`q_s = \sqrt{\mu s}`, every scheme of the
low- and high-resolution NAG-SC ODEs contracts at :math:`\lambda = \mu` like
:math:`1 - q_s + O(q_s^2)`; the largest stable :math:`z` tends to 4 (symplectic, low
resolution), 4/3 (symplectic, high resolution), 2 (explicit, high
resolution), :math:`\infty` (implicit), but to 0 like :math:`2q` for explicit Euler
of the low-resolution ODE — so at a stable step it contracts like
:math:`1 - c\mu/L` (exponent 1) while the others reach :math:`1 - c\sqrt{\mu/L}`
(exponent 1/2). Runs of the produced methods in :math:`d = 6` measure the
predicted contraction factors.

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

import numpy as np
from sympy import Eq, Rational, Symbol, limit, oo

from ..core import Check, Derivation, Step, q_s
from ..discretize import discretize, measured_contraction, quadratic_analysis
from ..limit import continuous_limit
from ..methods import nag_sc
from ..numeric import quadratic, run_method
from .kinds import discretization_entry

SOURCE = "derived here (quadratics only); compare Shi, Du, Su, Jordan (NeurIPS 2019), arXiv:1902.03694"
TITLE = "Euler schemes on a quadratic: stable steps and acceleration"
CLAIM = (r"On quadratics $f = \frac{\lambda}{2}\|x\|^2$ (and only there is this shown) only explicit Euler of the low-resolution ODE loses acceleration: "
         r"its largest stable $s\lambda$ is $2\sqrt{\mu s} \to 0$, so it contracts like $1 - c\mu/L$; every other "
         r"scheme of the low- and high-resolution NAG-SC ODEs contracts like $1 - c\sqrt{\mu/L}$.")
EXPECTED = {  # (resolution, scheme): (lim z_max as q_s -> 0, exponent e in 1 - c (mu/L)^e)
    (0, "explicit"): (0, 1), (0, "symplectic"): (4, Rational(1, 2)), (0, "implicit"): (oo, Rational(1, 2)),
    (1, "explicit"): (2, Rational(1, 2)), (1, "symplectic"): (Rational(4, 3), Rational(1, 2)),
    (1, "implicit"): (oo, Rational(1, 2)),
}


def derive() -> Derivation:
    """Analyse every scheme of both NAG-SC ODEs; compare one contraction factor per scheme with a run."""
    steps = [Step("Variables", "z = s lambda (lambda an eigenvalue of the Hessian), q_s = sqrt(mu s); the "
                  "characteristic polynomial p(rho) of the one recurrence with grad f(P) = lambda P.",
                  (Eq(Symbol("z"), Symbol("s") * Symbol("lambda")),))]
    found, runs = {}, {}
    eigenvalues, mu_value = np.geomspace(0.01, 1.0, 6), 0.01
    for order in (0, 1):
        ode = continuous_limit(nag_sc(), order=order).ode
        for scheme in ("explicit", "symplectic", "implicit"):
            method = discretize(ode, scheme)
            qa = quadratic_analysis(method)
            zmax = qa.largest_z()
            found[(order, scheme)] = (limit(zmax, q_s, 0) if zmax != oo else oo, qa.acceleration_exponent())
            label = f"{'high' if order else 'low'}-resolution ODE, {scheme} Euler"
            steps.append(Step(label, "Characteristic polynomial, largest stable z, spectral radius at "
                          "lambda = mu, exponent e of 1 - c (mu/L)^e:",
                          (Eq(Symbol("p(rho)"), qa.polynomial), Eq(Symbol("z_max"), zmax),
                           Eq(Symbol("rho(mu)"), qa.rate_at_mu()),
                           Eq(Symbol("e"), found[(order, scheme)][1]))))
            if scheme != "implicit":
                step = 0.02 if (order, scheme) == (0, "explicit") else 0.5
                predicted = qa.contraction_on(eigenvalues, step, mu_value)
                xs = run_method(method, quadratic(np.diag(eigenvalues)), np.ones(6), step_size=step,
                                iterations=3000, parameters={"mu": mu_value})
                runs[label] = (predicted, measured_contraction(xs, first=1000, last=3000, window=100))
    lines = "; ".join(f"{label}: predicted {p:.5f}, measured {m:.5f}" for label, (p, m) in runs.items())
    steps.append(Step("Runs", "Contraction factors predicted by the iteration matrix and measured on runs of the "
                      "produced methods (d = 6, eigenvalues geometric in [0.01, 1], s = 0.5, or 0.02 for the "
                      "explicit low-resolution scheme): " + lines + ".", ()))
    checks = [Check(f"on a quadratic: {'high' if o else 'low'}-resolution ODE, {sch} Euler: lim z_max = {zl}, exponent {e}",
                    Eq(Symbol("e"), e), found[(o, sch)] == (zl, e)) for (o, sch), (zl, e) in EXPECTED.items()]
    checks.append(Check("the contraction factors measured on runs agree with the iteration matrix (2% of 1 - rho)",
                        Eq(Symbol("rho_measured"), Symbol("rho_predicted")),
                        all(abs(m - p) < 0.02 * (1 - p) for p, m in runs.values())))
    return Derivation("discretize-quadratic", tuple(steps), _Shown(Eq(Symbol("rho"), 1 - Symbol("c") * q_s)),
                      title=TITLE, source=SOURCE, claim=CLAIM, checks=tuple(checks))


class _Shown:
    """The accelerated contraction at lambda = mu (for documents)."""

    def __init__(self, display):
        self.display = display



ENTRY = discretization_entry("discretize-quadratic", derive, title=TITLE, source=SOURCE, claim=CLAIM)
