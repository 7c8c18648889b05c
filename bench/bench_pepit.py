"""PEPit's numeric worst-case checks beside symflow's exact certificates, in one process and one run.

    python bench/bench_pepit.py              # the table
    python bench/bench_pepit.py --json       # the same figures as JSON
    python bench/bench_pepit.py --repeat 9   # more repetitions for the medians

Whole-process figures (peak memory, total wall and CPU time) come from

    /usr/bin/time -v python bench/bench_pepit.py

PEPit is optional (``pip install pepit``, or the ``pepit`` extra of symflow); without it the PEPit columns
read "missing" and symflow is timed alone.

(A) PEPit, at the parameters of each example's ``__main__`` block: the call of the example function
``wc_*(..., wrapper="cvxpy", solver=<Clarabel if installed>, verbose=-1)`` is timed with
``time.perf_counter`` (it builds the small PEP and solves its SDP; imports are excluded); first call and
median of ``--repeat`` calls. Its value ``pepit_tau`` is the numeric worst case: for the rate claims
sup dV/dt subject to V = 1 (so the certified rate is -tau), for the rate-0
claims sup dV/dt, for the methods sup f(x_n) - f* under the example's
initial condition.

(B) symflow, the same continuous-time claims with symbolic parameters (for all t > 0, mu > 0; the
answer is an exact region): ``verify`` (continuous time) and ``certify_step`` (gradient
descent, discrete time) timed the same way, first call then median of warm calls (SymPy's cache is warm).
"symflow value" is the symflow claim evaluated at PEPit's parameters, comparable with PEPit's value:
-rho for the flows, the coefficient of |x_0 - x*|^2 in the certified bound for
gradient descent and the generalized Nesterov scheme (SBC Thm 6, r symbolic; f(x_0) - f* in its bound
taken at its largest, L|x_0 - x*|^2/2); NAG-SC is SDJS's Lemma 3.4, a rate of their energy (2.6) with
no bound on f alone ("n/a"). Heavy ball's row from PEPit's example file has no symflow claim.

(C) One step of a discrete energy, the same claim on both sides: PEPit's PEP over the state
(x_k, x_(k+1)) of the method, sup E_(k+1) subject to E_k <= 1 (written here with PEPit's API, at the
parameters named in the row), beside symflow's certificate with symbolic parameters, whose value is
the factor it proves: 1 for NAG-C with SDJS's energy (4.6) (E_(k+1) <= E_k, at k = 5), 1/(1 + rho) for
heavy ball with NAG-SC's energy without its gradient terms (rho = sqrt(mu s)/4) at SDJS's step
s = mu/(16 L^2), and beyond the region's end (s = 4 mu/L^2: symflow's point is outside, PEPit's value
above the factor); and implicit Euler of Nesterov's ODE on convex f without smoothness (proximal steps), PEPit's
sup f(x_n) - f* per unit of E_0 = |x_0 - x*|^2 + 3s(f(x_0) - f*) beside the bound symflow proves for every s
with the energy it derives from the scheme (the PEPit value must not exceed it). A symflow call of more than
5 s is timed once.
"""
import argparse
import os
import json
import statistics
import sys
import time
from importlib.metadata import version
from math import sqrt as fsqrt

from sympy import Rational, sqrt, symbols

from symflow.core import (
    ODE,
    FValue,
    Inner,
    L,
    X,
    grad,
    inner,
    k,
    mu,
    norm2,
    r,
    s,
    t,
    text,
    x,
    x0,
    x_star,
)
from symflow.lyapunov import (
    synthesize,
    certify_step,
    convex,
    f_gap,
    smooth_convex,
    smooth_strongly_convex,
    strongly_convex,
    verify,
)
from symflow.catalogue.energy_heavy_ball_discrete import RATE_NEXT as HB_RATE
from symflow.catalogue.energy_heavy_ball_discrete import hb_energy
from symflow.catalogue.energy_nag_c_discrete import sdjs_energy as nag_c_energy
from symflow.catalogue.energy_nag_sc_discrete import RATE_NEXT, sdjs_energy
from symflow.catalogue.energy_nesterov_r_discrete import sbc_energy
from symflow.catalogue.energy_nesterov_implicit import implicit_scheme as nesterov_implicit
from symflow.lyapunov import inertial_energy
from symflow.methods import gradient_descent, heavy_ball, nag_c, nag_sc, nesterov

os.environ["RUST_BACKTRACE"] = "0"  # the SDP solver's native code panics verbosely on degenerate samples

try:
    import cvxpy
    import PEPit
    from PEPit.examples.continuous_time_models import (
        wc_accelerated_gradient_flow_convex,
        wc_accelerated_gradient_flow_strongly_convex,
        wc_gradient_flow_convex,
        wc_gradient_flow_strongly_convex,
    )
    from PEPit.examples.unconstrained_convex_minimization import (
        wc_accelerated_gradient_convex,
        wc_accelerated_gradient_strongly_convex,
        wc_gradient_descent,
        wc_heavy_ball_momentum,
    )
    EXAMPLES = {f.__name__: f for f in (
        wc_gradient_flow_convex, wc_gradient_flow_strongly_convex, wc_accelerated_gradient_flow_convex,
        wc_accelerated_gradient_flow_strongly_convex, wc_gradient_descent, wc_accelerated_gradient_convex,
        wc_accelerated_gradient_strongly_convex, wc_heavy_ball_momentum)}
    from PEPit import PEP
    from PEPit.functions import ConvexFunction, SmoothConvexFunction, SmoothStronglyConvexFunction
    from PEPit.primitive_steps import proximal_step
    PEPIT_MISSING = None
except ImportError as exc:  # PEPit (or cvxpy) is optional
    PEPit, EXAMPLES = None, {}
    PEPIT_MISSING = f"PEPit is missing ({exc}); pip install pepit"

CT = "PEPit/examples/continuous_time_models/"
UC = "PEPit/examples/unconstrained_convex_minimization/"


def _claims():
    """``(name, PEPit file, PEPit call or None, symflow call or None, PEPit's point in symflow's symbols)``.

    Every PEPit call and parameter value is the example's ``__main__`` block.
    """
    Xt = X(t)
    e, v = Xt - x_star, Xt.diff(t)
    first, second_sc = ODE(-grad(Xt), 1), ODE(-2 * sqrt(mu) * v - grad(Xt), 2)
    tenth = Rational(1, 10)
    A, B, C = symbols("a b c", real=True)  # the family's unknowns (there exist)

    def flow(energy, ode, cls, rate):
        return lambda: verify(energy, ode, cls, rate=rate)

    def pep(function, **kwargs):
        if PEPit is None:
            return None
        example = EXAMPLES[function]
        return lambda: example(**kwargs, wrapper="cvxpy", solver=_solver(), verbose=-1)

    gd_energy = k * s * (FValue(x(k)) - FValue(x_star)) + norm2(x(k) - x_star) / 2
    alpha_hb = 1 / 2  # heavy_ball_momentum.py: L = 1, alpha = 1/(2L), beta = sqrt((1 - alpha mu)(1 - L alpha))
    return [
        ("gradient flow, convex (t=2.5)", CT + "gradient_flow_convex.py",
         pep("wc_gradient_flow_convex", t=2.5),
         flow(t * f_gap() + norm2(e) / 2, first, convex(), 0), {t: Rational(5, 2)}),
        ("gradient flow, strongly convex (mu=0.1)", CT + "gradient_flow_strongly_convex.py",
         pep("wc_gradient_flow_strongly_convex", mu=0.1),
         flow(f_gap(), first, strongly_convex(), 2 * mu), {mu: tenth}),
        ("accelerated flow, convex (t=3.4)", CT + "accelerated_gradient_flow_convex.py",
         pep("wc_accelerated_gradient_flow_convex", t=3.4),
         flow(t ** 2 * f_gap() + 2 * norm2(e + t / 2 * v), ODE(-3 / t * v - grad(Xt), 2), convex(), 0),
         {t: Rational(17, 5)}),
        ("accelerated flow, s.c., psd=True (mu=0.1)", CT + "accelerated_gradient_flow_strongly_convex.py",
         pep("wc_accelerated_gradient_flow_strongly_convex", mu=0.1, psd=True),
         flow(f_gap() + norm2(sqrt(mu) * e + v) / 2, second_sc, strongly_convex(), sqrt(mu)), {mu: tenth}),
        ("accelerated flow, s.c., psd=False (mu=0.1)", CT + "accelerated_gradient_flow_strongly_convex.py",
         pep("wc_accelerated_gradient_flow_strongly_convex", mu=0.1, psd=False),
         flow(f_gap() + 4 * mu / 9 * norm2(e) + 4 * sqrt(mu) / 3 * inner(e, v) + norm2(v) / 2, second_sc,
              strongly_convex(), 4 * sqrt(mu) / 3), {mu: tenth}),
        ("4/3 family, best rate FOUND (mu=0.1)", CT + "accelerated_gradient_flow_strongly_convex.py",
         pep("wc_accelerated_gradient_flow_strongly_convex", mu=0.1, psd=False),
         lambda: synthesize(f_gap() + A * norm2(e) + 2 * B * inner(e, v) + C * norm2(v), second_sc,
                            strongly_convex(), unknowns=[A, B, C], rate="best"), {mu: tenth}),
        ("gradient descent (L=3, gamma=1/L, n=4)", UC + "gradient_descent.py",
         pep("wc_gradient_descent", L=3, gamma=1 / 3, n=4),
         lambda: certify_step(gd_energy, gradient_descent(), smooth_convex()), {k: 4, s: Rational(1, 3), L: 3}),
        ("accelerated gradient, convex (L=1, n=1)", UC + "accelerated_gradient_convex.py",
         pep("wc_accelerated_gradient_convex", mu=0, L=1, n=1),
         lambda: certify_step(sbc_energy(), nesterov(r), smooth_convex()), {k: 1, s: 1, L: 1, r: 3}),
        ("accelerated gradient, s.c. (mu=0.1, L=1, n=2)", UC + "accelerated_gradient_strongly_convex.py",
         pep("wc_accelerated_gradient_strongly_convex", mu=0.1, L=1, n=2),
         lambda: certify_step(sdjs_energy(), nag_sc(), smooth_strongly_convex(), rate=RATE_NEXT,
                              rate_form="next"), {mu: tenth, L: 1, s: Rational(1, 4)}),
        ("heavy ball (mu=0.1, L=1, alpha=1/2, n=2)", UC + "heavy_ball_momentum.py",
         pep("wc_heavy_ball_momentum", mu=0.1, L=1.0, alpha=alpha_hb,
             beta=fsqrt((1 - alpha_hb * 0.1) * (1 - alpha_hb)), n=2), None, None),
        ("NAG-C step, SDJS (4.6) (L=1, s=1/(3L), k=5)", "this file: _pep_nag_c_step",
         None if PEPit is None else lambda: _pep_nag_c_step(L=1.0, s=1 / 3, k=5),
         lambda: certify_step(nag_c_energy(), nag_c(), smooth_convex()), {k: 5, s: Rational(1, 3), L: 1},
         lambda cert, point: 1.0),
        ("heavy-ball step (mu=0.1, L=1, s=mu/16)", "this file: _pep_heavy_ball_step",
         None if PEPit is None else lambda: _pep_heavy_ball_step(mu=0.1, L=1.0, s=0.1 / 16),
         lambda: certify_step(hb_energy(), heavy_ball(), smooth_strongly_convex(), rate=HB_RATE, rate_form="next"),
         {mu: tenth, L: 1, s: Rational(1, 160)}, _next_factor),
        ("heavy-ball step (mu=0.1, L=1, s=4 mu)", "this file: _pep_heavy_ball_step",
         None if PEPit is None else lambda: _pep_heavy_ball_step(mu=0.1, L=1.0, s=0.4),
         lambda: certify_step(hb_energy(), heavy_ball(), smooth_strongly_convex(), rate=HB_RATE, rate_form="next"),
         {mu: tenth, L: 1, s: Rational(2, 5)}, _next_factor),
        ("implicit Euler of Nesterov's ODE (convex, s=1, n=8)", "this file: _pep_nesterov_implicit",
         None if PEPit is None else lambda: _pep_nesterov_implicit(s=1.0, n=8),
         lambda: certify_step(inertial_energy(nesterov_implicit()).energy, nesterov_implicit(), convex()),
         {k: 8, s: 1}, _start_factor),
    ]


def _start_factor(cert, point):
    """The certified bound at the point per unit of E_0 = |x_0 - x*|^2 + 3s(f(x_0) - f*): f(x_k) - f* <= this * E_0."""
    rhs = cert.bound.rhs
    start = {a: 0 for a in rhs.atoms(Inner) if a.args != (x0, x0)}
    start.update({a: 0 for a in rhs.atoms(FValue)})
    return float(rhs.xreplace(start).xreplace({a: 1 for a in rhs.atoms(Inner)}).subs(point))


def _pep_nesterov_implicit(s=1.0, n=8):
    """sup f(x_n) - f* over convex f (no smoothness) with |x_0 - x*|^2 + 3s(f(x_0) - f*) <= 1, along implicit
    Euler of Nesterov's ODE (t_k = (k + 1) sqrt(s)): x_(k+1) = prox of (k+2)s/(k+5) f at
    x_k + (k+2)/(k+5)(x_k - x_(k-1)). The "theory" value is symflow's bound 4/(s(n+3)(n+4)) per unit of E_0."""
    problem = PEP()
    func = problem.declare_function(ConvexFunction)
    xs = func.stationary_point()
    fs = func(xs)
    x_0 = problem.set_initial_point()
    problem.set_initial_condition((x_0 - xs) ** 2 + 3 * s * (func(x_0) - fs) <= 1)
    previous, current = x_0, x_0
    for j in range(n):
        beta = (j + 2) / (j + 5)
        following, _, _ = proximal_step(current + beta * (current - previous), func, s * beta)
        previous, current = current, following
    problem.set_performance_metric(func(current) - fs)
    return problem.solve(wrapper="cvxpy", solver=_solver(), verbose=0), 4 / (s * (n + 3) * (n + 4))


def _next_factor(cert, point):
    """1/(1 + rho) at the point: the factor of E(k+1) <= E(k)/(1 + rho)."""
    return float(1 / (1 + cert.rate.subs(point)))


def _pep_nag_c_step(L=1.0, s=1.0, k=5):
    """sup E(k+1) over L-smooth convex f and states (x_k, x_(k+1)) with E(k) <= 1; E is SDJS's (4.6), NAG-C's step."""
    problem = PEP()
    func = problem.declare_function(SmoothConvexFunction, L=L)
    xs = func.stationary_point()
    fs = func(xs)
    xk, xk1 = problem.set_initial_point(), problem.set_initial_point()
    gk, fk, gk1, fk1 = func.gradient(xk), func(xk), func.gradient(xk1), func(xk1)
    y1, y2 = xk - s * gk, xk1 - s * gk1
    xk2 = y2 + (k + 1) / (k + 4) * (y2 - y1)
    e0 = s * (k + 3) * (k + 1) * (fk - fs) + ((k + 1) * (xk1 - xk) + 2 * (xk1 - xs) + (k + 1) * s * gk) ** 2 / 2
    e1 = s * (k + 4) * (k + 2) * (fk1 - fs) + ((k + 2) * (xk2 - xk1) + 2 * (xk2 - xs) + (k + 2) * s * gk1) ** 2 / 2
    problem.set_initial_condition(e0 <= 1)
    problem.set_performance_metric(e1)
    return problem.solve(wrapper="cvxpy", solver=_solver(), verbose=0), 1.0


def _pep_heavy_ball_step(mu=0.1, L=1.0, s=0.1 / 16):
    """sup E(k+1) over f in S_(mu,L) and states (x_k, x_(k+1)) with E(k) <= 1; E is the heavy-ball entry's energy."""
    r = fsqrt(mu * s)
    a, b, alpha = (1 + r) / (1 - r), 2 * fsqrt(mu) / (1 - r), (1 - r) / (1 + r)
    problem = PEP()
    func = problem.declare_function(SmoothStronglyConvexFunction, mu=mu, L=L)
    xs = func.stationary_point()
    fs = func(xs)
    xk, xk1 = problem.set_initial_point(), problem.set_initial_point()
    fk, gk1, fk1 = func(xk), func.gradient(xk1), func(xk1)
    xk2 = xk1 + alpha * (xk1 - xk) - s * gk1
    v0, v1 = (xk1 - xk) / fsqrt(s), (xk2 - xk1) / fsqrt(s)
    e0 = a * (fk - fs) + v0 ** 2 / 4 + (v0 + b * (xk1 - xs)) ** 2 / 4
    e1 = a * (fk1 - fs) + v1 ** 2 / 4 + (v1 + b * (xk2 - xs)) ** 2 / 4
    problem.set_initial_condition(e0 <= 1)
    problem.set_performance_metric(e1)
    return problem.solve(wrapper="cvxpy", solver=_solver(), verbose=0), 1 / (1 + r / 4)


def _solver():
    """Clarabel when cvxpy has it, else cvxpy's default."""
    return "CLARABEL" if "CLARABEL" in cvxpy.installed_solvers() else None


def _timed(call, repeat):
    """``(first result, first time, median of ``repeat`` further times)``."""
    started = time.perf_counter()
    result = call()
    first = time.perf_counter() - started
    times = []
    for _ in range(repeat if first < 5 else 0):  # a call of several seconds is timed once
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return result, first, statistics.median(times) if times else first


def _value(result, point):
    r"""symflow's claim at PEPit's point: :math:`-\rho` for a flow; for a method, the certified bound's
    coefficient of :math:`\|x_0 - x^\star\|^2` (:math:`x^\star = 0`, :math:`\|x_0\|^2 = 1`)."""
    cert = getattr(result, "certificate", result)
    if cert is result:
        if cert.bound is None:
            return None
        rhs = cert.bound.rhs.subs(point)
        rhs = rhs.xreplace({a: (1 if a.args == (x0, x0) else 0) for a in rhs.atoms(Inner)})
        # f(x_0) - f* at its largest on the class, L|x_0 - x*|^2/2 (a bound that also weighs f(x_0) - f*)
        return float(rhs.xreplace({a: (L.subs(point) / 2 if a.args == (x0,) else 0) for a in rhs.atoms(FValue)}))
    return float(-cert.rate.subs(point))


def run(repeat):
    rows = []
    for name, path, pepit_call, symflow_call, point, *value in _claims():
        row = {"claim": name, "pepit_file": path}
        if pepit_call is not None:
            (tau, theory), first, median = _timed(pepit_call, repeat)
            row.update(pepit_tau=float(tau), pepit_theory=float(theory), pepit_first_s=first, pepit_median_s=median)
        if symflow_call is not None:
            result, first, median = _timed(symflow_call, repeat)
            cert = getattr(result, "certificate", result)
            row.update(symflow_status=str(result.status), symflow_region=text(cert.region.as_boolean()),
                       symflow_value=(value[0](cert, point) if value else _value(result, point)),
                       pepit_point_in_region=cert.region.contains(point),
                       symflow_first_s=first, symflow_median_s=median)
        rows.append(row)
    return rows


def _table(rows, repeat):
    def num(v):
        return "n/a" if v is None else f"{v:.4g}"

    head = ("claim", "PEPit value (theory)", "PEPit first/median", "symflow status", "symflow region",
            "PEPit point in region", "symflow value", "symflow first/warm median")
    lines, long_regions = [], []
    for r in rows:
        if "pepit_tau" in r:
            pv = f"{r['pepit_tau']:.6g} ({r['pepit_theory']:.6g})"
            pt = f"{r['pepit_first_s']:.3f}/{r['pepit_median_s']:.3f}s"
        else:
            pv = pt = "missing"
        if "symflow_status" in r:
            region = r["symflow_region"]
            if len(region) > 28:
                long_regions.append((r["claim"], region))
                region = region[:25] + "..."
            st, sv = r["symflow_status"], num(r["symflow_value"])
            inside = {True: "yes", False: "no", None: "undecided"}[r["pepit_point_in_region"]]
            stime = f"{r['symflow_first_s']:.3f}/{r['symflow_median_s']:.3f}s"
        else:
            st = region = inside = sv = stime = "n/a"
        lines.append((r["claim"], pv, pt, st, region, inside, sv, stime))
    widths = [max(len(row[i]) for row in [head] + lines) for i in range(len(head))]
    out = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in [head] + lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    out.append(f"(medians over {repeat} repeated calls; symflow region 'True' = every t > 0, mu > 0)")
    for claim, region in long_regions:
        out.append(f"region, {claim}: {region}")
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description="PEPit beside symflow on the same Lyapunov claims.")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--repeat", type=int, default=5, help="repeated calls per median (default 5)")
    args = parser.parse_args(argv)
    rows = run(args.repeat)
    meta = {"python": sys.version.split()[0], "repeat": args.repeat,
            "pepit": version("pepit") if PEPit else None,
            "solver": (_solver() or "cvxpy default") if PEPit else None, "pepit_missing": PEPIT_MISSING}
    if args.json:
        print(json.dumps({"meta": meta, "rows": rows}, indent=2))
        return
    if PEPIT_MISSING:
        print(PEPIT_MISSING + "; timing symflow alone.")
    else:
        print(f"PEPit {meta['pepit']}, cvxpy {cvxpy.__version__}, solver {meta['solver']}")
    print(_table(rows, args.repeat))


if __name__ == "__main__":
    main()
