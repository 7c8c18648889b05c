r"""Building catalogue entries for Lyapunov claims (kind "lyapunov").

An entry names an energy, an ODE (derived by the engine wherever it can be),
a function class and a rate; ``derive`` runs :func:`symflow.lyapunov.verify`
and compares the outcome with the literature: the status, the parameter
region, the rate bound, the ODE. With ``necessity``, the parameter values outside
the region get a counterexample family (:func:`symflow.lyapunov.counterexample_family`),
so that "the claim holds iff the parameter is in the region" is checked on a stated domain.

Examples
--------
>>> from symflow.core import ODE, X, t, x_star, grad, norm2
>>> from symflow.lyapunov import f_gap, convex
>>> e = lyapunov_entry("energy-demo", lambda: (t * f_gap() + norm2(X(t) - x_star) / 2,
...                    ODE(-grad(X(t)), 1), convex()), title="-", source="-", claim="-")
>>> e.run().status
'proved'
"""
from __future__ import annotations

from collections.abc import Callable

from sympy import (
    Dummy,
    Eq,
    Expr,
    Interval,
    Le,
    S,
    Symbol,
    Union,
    cancel,
    expand,
    factor,
    false,
    integrate,
    oo,
    solve_univariate_inequality,
    sqrt,
    summation,
    true,
)

from ...core import Check, Derivation, FValue, NablaF, Status, Step, SymflowError, k, linearize, norm2, text, x0, x_star
from ...core import L as L_symbol
from ...core import mu as mu_symbol
from ...core import s as s_symbol
from ...limit import ContinuousLimit
from ...lyapunov import (
    best_rate, certify_step, convex, counterexample_family, display, inertial_energy, initial_energy,
    prove_nonnegative, verify,
)
from .. import Entry

__all__ = ["contains_accelerated_step", "inertial_step_entry", "lyapunov_entry", "necessity_checks", "necessity_domains", "step_entry", "step_gradient_checks"]


def lyapunov_entry(name: str, setup: Callable, *, title: str, source: str, claim: str, rate: Expr = S.Zero,
                   expected: Status = Status.PROVED, region: dict | None = None, bound: Expr | None = None,
                   ode_literature: Expr | None = None, values: dict | None = None,
                   best: tuple | None = None, necessity: dict | None = None,
                   domain: dict | None = None, gradient: Expr | None = None,
                   gradient_rate: Expr | None = None, related: Callable | None = None) -> Entry:
    r"""An :class:`~symflow.catalogue.Entry` verifying a Lyapunov claim.

    Parameters
    ----------
    setup : callable
        ``() -> (energy, ode, function_class)``; ``ode`` may be the
        :class:`~symflow.limit.ContinuousLimit` that derived it: its ODE is verified, and the limit is
        the derivation's ``origin`` (the method and time scale that ``symflow simulate --loglog`` runs).
    expected : str
        The literature's verdict, "proved" or "refuted".
    region : dict, optional
        ``{symbol: Set}``: the literature's parameter region.
    bound : Expr, optional
        The literature's bound on :math:`f(X(t)) - f^\star`.
    ode_literature : Expr, optional
        The literature's ODE as ``expression = 0``, compared with the derived one.
    best : tuple, optional
        ``(scale, rho)``: the best rate :math:`\kappa\cdot` scale must be the literature's ``rho``.
    necessity : dict, optional
        ``{symbol: Set}``: parameter values where the claim should fail, e.g. ``{r: Interval.open(1, 3)}``;
        each gets a counterexample family (:func:`necessity_checks`).
    domain : dict, optional
        ``{symbol: Set}``: where the claim is meant, for the check that the region found and the
        ``necessity`` set cover it (default: the literature's ``region`` joined with the ``necessity`` set).
    gradient : Expr, optional
        The literature's :math:`c(t)` in :math:`\dot E \le -c(t)\|\nabla f(X)\|^2`: the engine's coefficient,
        read off its certificate (:meth:`~symflow.lyapunov.Certificate.norm_bound`), must dominate it for every
        :math:`t \ge t_0`.
    gradient_rate : Expr, optional
        The literature's bound on :math:`\min_{t_0 \le u \le t}\|\nabla f(X(u))\|^2`; the engine's bound
        :math:`E(t_0)/\int_{t_0}^t c`, with :math:`f(x_0) - f^\star \le \tfrac L2\|x_0 - x^\star\|^2`, must be at most it.
    related : callable, optional
        ``(energy, ode, verification) -> (steps, checks)``: a derivation relating the claim to another
        (e.g. the ODE as a case of a family, or as an Euler–Lagrange equation), shown before the theorem.
    """
    domains = necessity_domains(necessity, domain, region)

    def derive() -> Derivation:
        energy, ode, function_class = setup()
        origin = ode if isinstance(ode, ContinuousLimit) else None
        ode = origin.ode if origin is not None else ode
        result = verify(energy, ode, function_class, rate=rate, values=values)
        cert = result.certificate
        checks = [Check(f"verdict: {expected}", S(0), result.status == expected)]
        if result.status == Status.PROVED:
            checks.append(Check("certificate re-expanded: dE/dt + rho E + sum lambda_i s_i + sum d_k |l_k|^2 = 0",
                                S(0), cert.identity() == 0))
        if ode_literature is not None:
            checks.append(Check(f"{source}: the ODE", Eq(ode_literature, 0), ode.matches(ode_literature)))
        if region is not None:
            found = dict(cert.region.sets)
            same = all(found.get(sym) == st for sym, st in region.items()) and not cert.region.relations
            checks.append(Check(f"{source}: parameter region",
                                cert.region.as_boolean() if same else list(region.items()), same))
        if bound is not None:
            ok = result.bound is not None and cancel(result.bound.rhs - bound) == 0
            checks.append(Check(f"{source}: rate f(X(t)) - f* <= ...", bound, ok))
        if best is not None:
            found, _ = best_rate(energy, ode, function_class, scale=best[0])
            checks.append(Check(f"{source}: best rate in the family rho = kappa*{best[0]}", best[1],
                                found is not None and cancel(found - best[1]) == 0))
        if expected == Status.REFUTED:
            c = result.counterexample
            checks.append(Check("counterexample checked on the integrated trajectory (E increases, f in class)",
                                S(0), c is not None and c.increases and c.in_class))
        steps = tuple(result.steps)
        if gradient is not None or gradient_rate is not None:
            more_steps, more_checks = gradient_checks(result, gradient, gradient_rate, source)
            steps, checks = steps + more_steps, checks + list(more_checks)
        if related is not None:
            more_steps, more_checks = related(energy, ode, result)
            steps, checks = steps + tuple(more_steps), checks + list(more_checks)
        if necessity:
            found = cert.region if result.status == Status.PROVED else None
            more_steps, more_checks = necessity_checks(energy, ode, function_class, necessity, domains, found,
                                                       rate=rate)
            steps, checks = steps + more_steps, checks + list(more_checks)
        # the theorem closes the document, after the gradient-norm and necessity steps
        steps = tuple(st for st in steps if st.title != "Theorem") + tuple(st for st in steps if st.title == "Theorem")
        return Derivation(name, steps, result, title=title, source=source, claim=claim,
                          checks=tuple(checks), status=result.status, origin=origin)

    return Entry(name, title, source, claim, derive, variants=({},), options=(), kind="lyapunov")


def gradient_checks(result, gradient, gradient_rate, source) -> tuple:
    r"""Steps and checks of a gradient-norm claim :math:`\dot E \le -c(t)\|\nabla f(X)\|^2` and its integrated rate.

    Integrating, :math:`E(t) + \int_{t_0}^t c(u)\|\nabla f(X(u))\|^2du \le E(t_0)`, so
    :math:`\min_{t_0\le u\le t}\|\nabla f(X(u))\|^2 \le E(t_0)/\int_{t_0}^t c` (with :math:`E \ge 0`).
    """
    cert = result.certificate
    ode = cert.ode
    time, start = ode.time, ode.start
    vector = NablaF(ode.trajectory(time))
    found = cert.norm_bound(vector)
    steps, checks = [], []
    if found is None:
        return (), (Check(f"{source}: dE/dt <= -c(t)|grad f(X)|^2", gradient, False),)
    steps.append(Step("Gradient norm", "The remainder's Schur complement on ∇f(X) (every multiplier term dropped, "
                      "it is ≤ 0) gives dE/dt + ρE ≤ -c(t)‖∇f(X)‖² with", (Eq(Symbol("c(t)"), found),)))
    if gradient is not None:
        checks.append(Check(f"{source}: dE/dt <= -c(t)|grad f(X)|^2 with c(t) at least the literature's", gradient,
                            _nonnegative_on_region(found - gradient, cert.region, time=time, start=start)))
    if cert.function_class.L == oo:
        return tuple(steps), tuple(checks)  # the integrated rate needs f(x0) - f* <= (L/2)|x0 - x*|^2
    u = Dummy("u", positive=True)
    integral = factor(integrate(found.subs(time, u), (u, start, time)))
    initial = initial_energy(cert.energy, ode)
    smooth = cert.function_class.L
    upper = expand(initial.subs(FValue(x0), FValue(x_star) + smooth / 2 * norm2(x0 - x_star)))
    derived = upper / integral
    steps.append(Step("Gradient-norm rate", "Integrating dE/dt ≤ -c(t)‖∇f(X)‖² from t0 and using E ≥ 0 and "
                      "f(x0) - f* ≤ (L/2)‖x0 - x*‖²:",
                      (Le(Symbol("min ‖∇f(X(u))‖², t0 ≤ u ≤ t"), display(initial, point=x0) / integral),
                       Le(Symbol("min ‖∇f(X(u))‖², t0 ≤ u ≤ t"), factor(display(upper, point=x0)) / integral))))
    if gradient_rate is not None:
        ratio = cancel(expand(gradient_rate - derived) / norm2(x0 - x_star).expand())
        checks.append(Check(f"{source}: min |grad f(X(u))|^2 <= ...", gradient_rate,
                            not ratio.has(x0) and prove_nonnegative(ratio, time=time, start=start)))
    return tuple(steps), tuple(checks)


def _nonnegative_on_region(expr: Expr, region, *, time, start) -> bool:
    r"""``expr >= 0`` for every :math:`t \ge t_0` and every parameter in the region's half-lines :math:`[a, \infty)`
    (each such parameter written :math:`a + u`, :math:`u \ge 0`), proved exactly."""
    if prove_nonnegative(expr, time=time, start=start):
        return True
    shift = {symbol: st.start + Dummy(f"u_{symbol}", nonnegative=True) for symbol, st in region.sets
             if isinstance(st, Interval) and st.end == oo and st.start.is_finite}
    if not shift or region.relations:
        return False
    return prove_nonnegative(S(expr).subs(shift), time=time, start=S(start).subs(shift))


def necessity_domains(necessity: dict | None, domain: dict | None, region: dict | None) -> dict:
    r"""``{symbol: Set}``: the domain of each ``necessity`` symbol (given, or the literature's region joined with it).

    Raises
    ------
    SymflowError
        For a ``necessity`` symbol with neither a ``domain`` nor a literature ``region``.

    Examples
    --------
    >>> from sympy import Interval, oo
    >>> from symflow.core import r
    >>> necessity_domains({r: Interval.open(1, 3)}, None, {r: Interval(3, oo)})
    {r: Interval.open(1, oo)}
    """
    out = {}
    for symbol, outside in (necessity or {}).items():
        if domain is not None and symbol in domain:
            out[symbol] = domain[symbol]
        elif region is not None and symbol in region:
            out[symbol] = Union(region[symbol], outside)
        else:
            raise SymflowError(f"necessity on {symbol} needs its domain: pass domain={{{symbol}: ...}} or the "
                               f"literature's region={{{symbol}: ...}}")
    return out


def necessity_checks(energy: Expr, ode, function_class, necessity: dict, domains: dict, region, *,
                     rate: Expr = S.Zero, label: str = "") -> tuple:
    r"""``(steps, checks)``: a counterexample family on each set of ``necessity``, and the cover of its domain.

    For each ``{symbol: outside}``, :func:`~symflow.lyapunov.counterexample_family` looks for a function of
    the class and a state with :math:`\dot E + \rho E > 0` for every value of ``outside``, exactly. The
    checks: the family is proved (exact decisions and membership), :math:`e^{\rho t}E` increases on its
    integrated trajectories, and ``region`` (the certificate's) joined with ``outside`` is ``domains[symbol]``.

    Parameters
    ----------
    region : Region or None
        The certificate's region (None when nothing was proved).
    label : str
        Which energy the family is for, in the descriptions (e.g. "SBC's energy").

    Examples
    --------
    >>> from sympy import Interval, oo
    >>> from symflow.core import ODE, X, t, r, x_star, grad, norm2
    >>> from symflow.lyapunov import f_gap, convex, certify
    >>> E = 2 * t**2 / (r - 1) * f_gap() + (r - 1) * norm2(X(t) + t / (r - 1) * X(t).diff(t) - x_star)
    >>> ode = ODE(-r / t * X(t).diff(t) - grad(X(t)), 2)
    >>> region = certify(E, ode, convex()).region
    >>> steps, checks = necessity_checks(E, ode, convex(), {r: Interval.open(1, 3)}, {r: Interval.open(1, oo)},
    ...                                  region)
    >>> [c.passed for c in checks]
    [True, True, True]
    >>> checks[2].description
    'necessity: the region and (1, 3) cover r in (1, ∞), so the claim holds there iff r is in the region'
    """
    steps, checks = [], []
    about = f" ({label})" if label else ""
    for symbol, outside in necessity.items():
        where, domain = _set_text(outside), _set_text(domains[symbol])
        family = counterexample_family(energy, ode, function_class, parameter=symbol, outside=outside, rate=rate)
        if family is None:
            steps.append(Step("Necessity", f"No counterexample family was found for {symbol} in {where}{about}.",
                              ()))
        else:
            steps += list(family.steps)
        proved = family is not None and family.proved
        checks.append(Check(f"necessity{about}: for every {symbol} in {where}, a function of the class and a "
                            "state with dE/dt + rho E > 0, decided exactly (family proved)",
                            family.derivative if family is not None else outside, proved))
        checks.append(Check(f"necessity{about}: E increases on the integrated trajectories of the family",
                            outside, family is not None and family.increases))
        found = dict(region.sets).get(symbol, S.EmptySet) if region is not None and not region.relations \
            else S.EmptySet
        checks.append(Check(f"necessity{about}: the region and {where} cover {symbol} in {domain}, so "
                            f"the claim holds there iff {symbol} is in the region",
                            domains[symbol], proved and Union(found, outside) == domains[symbol]))
    return tuple(steps), tuple(checks)


def _set_text(st) -> str:
    """An interval as (1, 3) or [3, ∞); other sets as SymPy prints them."""
    if not isinstance(st, Interval):
        return str(st)
    left = "(" if st.left_open or st.start == -oo else "["
    right = ")" if st.right_open or st.end == oo else "]"
    ends = ["-∞" if st.start == -oo else text(st.start), "∞" if st.end == oo else text(st.end)]
    return f"{left}{ends[0]}, {ends[1]}{right}"


def step_entry(name: str, setup: Callable, *, title: str, source: str, claim: str, rate: Expr = S.Zero,
               bound: Expr | None = None, step_interval=None, rate_form: str = "current",
               start: Expr = S.Zero, gradient: Expr | None = None, gradient_point: Expr | None = None,
               accelerated_step: Expr | None = None) -> Entry:
    r"""An :class:`~symflow.catalogue.Entry` proving a discrete claim :math:`E_{k+1} - E_k + \rho E_k \le 0`.

    Parameters
    ----------
    setup : callable
        ``() -> (energy E_k, method, function_class)``, or with a fourth item, the steps that derived the
        energy (they open the document).
    bound : Expr, optional
        The literature's bound on :math:`f(x_k) - f^\star`, compared exactly with the one derived.
    step_interval : Interval, optional
        The literature's step sizes, as an interval of :math:`h = sL`: the region found must contain it
        (checked exactly, relation by relation, in :math:`h`).
    rate_form : str
        "current" (:math:`E_{k+1} - E_k \le -\rho E_k`) or "next" (:math:`\le -\rho E_{k+1}`).
    start : Expr
        The first index :math:`k_0` of the claim.
    gradient : Expr, optional
        The literature's :math:`c_k` in :math:`E_{k+1} - E_k \le -c_k\|\nabla f(p_k)\|^2` at the point
        ``gradient_point`` :math:`p_k`: the engine's coefficient, read off its certificate
        (:meth:`~symflow.lyapunov.StepCertificate.norm_bound`), must dominate it for every :math:`k \ge k_0`;
        the telescoped sum then bounds :math:`\min\|\nabla f\|^2` (:func:`step_gradient_checks`).
    accelerated_step : Expr, optional
        :math:`c` of a step size :math:`s = c/L` that the region must contain for every :math:`L > \mu`
        (checked exactly along the curve, :meth:`~symflow.lyapunov.Region.holds_along`): with a rate
        :math:`\propto\sqrt{\mu s}` per step the contraction is then :math:`1 - O(\sqrt{\mu/L})`, accelerated.

    Examples
    --------
    >>> from symflow.core import FValue, k, norm2, s, x, x_star
    >>> from symflow.lyapunov import smooth_convex
    >>> from symflow.methods import gradient_descent
    >>> e = step_entry("demo", lambda: (k * s * (FValue(x(k)) - FValue(x_star)) + norm2(x(k) - x_star) / 2,
    ...                gradient_descent(), smooth_convex()), title="-", source="-", claim="-")
    >>> e.run().status
    'proved'
    """

    def derive() -> Derivation:
        energy, method, function_class, *derivation = setup()
        opening = tuple(derivation[0]) if derivation else ()  # the steps that derived the energy, if given
        cert = certify_step(energy, method, function_class, rate=rate, rate_form=rate_form, start=start)
        checks = [Check("verdict: proved", S(0), cert.status == Status.PROVED)]
        if cert.status == Status.PROVED:
            checks.append(Check("certificate re-expanded: E_(k+1) - E_k + rho E_k + sum lambda_i s_i "
                                "+ sum d_j |l_j|^2 = 0", S(0), cert.identity() == 0))
        if bound is not None:
            found = cert.bound.rhs if cert.bound is not None else None
            checks.append(Check(f"{source}: rate f(x_k) - f* <= ...", bound,
                                found is not None and cancel(expand(linearize(found - bound))) == 0))
        if step_interval is not None:
            checks.append(Check(f"{source}: the region contains the step sizes sL in {step_interval}",
                                S(0), _contains_steps(cert.region, step_interval)))
        if accelerated_step is not None:
            checks.append(Check(f"the region contains s = {text(accelerated_step / L_symbol)} for every L > μ (accelerated: "
                                f"the rate per step is then {text(rate.subs(s_symbol, accelerated_step / L_symbol))})",
                                S(0), cert.status == Status.PROVED and contains_accelerated_step(cert.region,
                                                                                                accelerated_step)))
        steps = opening + tuple(cert.steps)
        if gradient is not None:
            more_steps, more_checks = step_gradient_checks(cert, gradient_point, gradient, source, start=start)
            steps, checks = steps + more_steps, checks + list(more_checks)
        # the theorem closes the document, after the gradient-norm steps
        steps = tuple(st for st in steps if st.title != "Theorem") + tuple(st for st in steps if st.title == "Theorem")
        return Derivation(name, steps, cert, title=title, source=source, claim=claim,
                          checks=tuple(checks), status=cert.status, origin=method)

    return Entry(name, title, source, claim, derive, variants=({},), options=(), kind="lyapunov-discrete")


def inertial_step_entry(name: str, scheme: Callable, **options) -> Entry:
    r"""A :func:`step_entry` whose energy the engine derives from an inertial proximal scheme.

    ``scheme() -> Method`` is a method :math:`x_{k+1} = x_k + \beta_k(x_k - x_{k-1}) - \gamma_k\nabla f(x_{k+1})`
    (implicit Euler of a damped ODE); :func:`~symflow.lyapunov.inertial_energy` derives the energy, the
    document opens with that derivation, and :func:`~symflow.lyapunov.certify_step` decides it for every
    convex :math:`f` (no smoothness). ``options`` are :func:`step_entry`'s.

    Examples
    --------
    >>> from sympy import Eq
    >>> from symflow.core import s, x
    >>> from symflow.methods import Method
    >>> prox = lambda: Method("prox", ("x",), (Eq(x(k + 1), x(k) + k / (k + 3) * (x(k) - x(k - 1))
    ...                                           - s * NablaF(x(k + 1))),), step_size=s)
    >>> d = inertial_step_entry("demo", prox, title="-", source="-", claim="-").run()
    >>> d.status, [st.title for st in d.steps[:2]]
    ('proved', ['Inertial form', 'Estimate sequence'])
    """

    def setup():
        method = scheme()
        found = inertial_energy(method)
        steps = (Step("Inertial form", "The scheme as one recurrence x_(k+1) = x_k + beta_k(x_k - x_(k-1)) - "
                      "gamma_k grad f(x_(k+1)): a proximal step from an extrapolated point.",
                      (Eq(Symbol("beta_k"), found.beta), Eq(Symbol("gamma_k"), factor(found.gamma)))),
                 Step("Estimate sequence", "tau_k with tau_(k-1) = 1 + tau_k beta_k (a linear ansatz), so that z_k "
                      "= x_k + (tau_(k-1) - 1)(x_k - x_(k-1)) moves by z_(k+1) = z_k - tau_k gamma_k grad "
                      "f(x_(k+1)); A_k = tau_k gamma_k (tau_k - 1), and the weight w_k with w_(k+1)/w_k = "
                      "tau_k^2 gamma_k/A_(k+1) (a product of rational factors), normalised to 1 as k → ∞. The "
                      "energy is w_k A_k (f(x_k) - f*) + w_k |z_k - x*|^2/2.",
                      (Eq(Symbol("tau_k"), found.tau), Eq(Symbol("w_k"), found.weight))))
        return found.energy, method, convex(), steps

    return step_entry(name, setup, **options)


def step_gradient_checks(cert, point: Expr, gradient: Expr | None, source: str, *, start=S.Zero) -> tuple:
    r"""Steps and checks of a discrete gradient-norm claim :math:`E_{k+1} - E_k \le -c_k\|\nabla f(p_k)\|^2`.

    :math:`c_k` is the Schur complement of the certificate's remainder on :math:`\nabla f(p_k)`
    (:meth:`~symflow.lyapunov.StepCertificate.norm_bound`); telescoping from :math:`k_0` and
    :math:`E_k \ge 0` give :math:`\sum_{i=k_0}^{k-1} c_i\|\nabla f(p_i)\|^2 \le E_{k_0}`, so
    :math:`\min_{k_0 \le i < k}\|\nabla f(p_i)\|^2 \le E_{k_0}/\sum_{i=k_0}^{k-1} c_i` (with
    :math:`E_{k_0}` at the start when the certificate has a bound, i.e. :math:`k_0 = 0`).

    Examples
    --------
    >>> from symflow.core import FValue, NablaF, k, norm2, s, x, x_star
    >>> from symflow.lyapunov import certify_step, smooth_convex
    >>> from symflow.methods import gradient_descent
    >>> cert = certify_step(k * s * (FValue(x(k)) - FValue(x_star)) + norm2(x(k) - x_star) / 2,
    ...                     gradient_descent(), smooth_convex())
    >>> steps, checks = step_gradient_checks(cert, x(k), None, "-")
    >>> [st.title for st in steps], checks
    (['Gradient norm', 'Gradient-norm rate'], ())
    """
    vector = NablaF(point)
    found = cert.norm_bound(vector)
    if found is None:
        return (), (Check(f"{source}: E_(k+1) - E_k <= -c_k |grad f({point})|^2", gradient, False),)
    steps = [Step("Gradient norm", f"The remainder's Schur complement on {text(vector)} (every multiplier term "
                  f"dropped, it is ≤ 0) gives E_(k+1) - E_k ≤ -c_k ‖{text(vector)}‖² with",
                  (Eq(Symbol("c_k"), found),))]
    checks = []
    if gradient is not None:
        checks.append(Check(f"{source}: E_(k+1) - E_k <= -c_k |grad f({point})|^2 with c_k at least the "
                            "literature's", gradient,
                            prove_nonnegative(cancel(found - gradient), time=k, start=start)))
    i = Dummy("i", integer=True, nonnegative=True)
    total = factor(summation(expand(found.subs(k, i)), (i, start, k - 1)))
    initial = cert.bound.rhs * cert.weight if cert.bound is not None else Symbol(f"E_{text(start)}")
    steps.append(Step("Gradient-norm rate", f"Summing E_(i+1) - E_i ≤ -c_i ‖{text(vector.subs(k, Symbol('i')))}‖² "
                      f"over {text(start)} ≤ i < k and using E_k ≥ 0:",
                      (Le(Symbol(f"min ‖{text(vector.subs(k, Symbol('i')))}‖², {text(start)} ≤ i < k"),
                          factor(cancel(initial)) / total, evaluate=False),)))
    return tuple(steps), tuple(checks)


def contains_accelerated_step(region, c) -> bool:
    r"""Whether ``region`` contains the step size :math:`s = c/L` for every :math:`L > \mu > 0`, exactly.

    Along :math:`s = h^2/\mu`, :math:`L = c\mu/h^2` for :math:`h = \sqrt{\mu s} \in (0, \sqrt c)`
    (:meth:`Region.holds_along`): rational coefficients for a rational :math:`c`.

    Examples
    --------
    >>> from sympy import Rational
    >>> from symflow.core import L, mu, s
    >>> from symflow.lyapunov import parameter_region
    >>> region = parameter_region([1 - 4 * L * s, L - mu])
    >>> contains_accelerated_step(region, Rational(1, 4)), contains_accelerated_step(region, 1)
    (True, False)
    """
    h = Dummy("h", positive=True)
    curve = {s_symbol: h**2 / mu_symbol, L_symbol: c * mu_symbol / h**2}
    return region.holds_along(curve, h, Interval.open(0, sqrt(c)), scale=(mu_symbol,))


def _contains_steps(region, interval) -> bool:
    """Whether every step size h = sL of ``interval`` satisfies every condition of ``region`` (exactly).

    Each condition, with s = h/L, must be a power of L times a function of h alone (dimensional
    homogeneity); its sign is then that of the function of h, solved exactly.
    """
    h = Dummy("h", positive=True)
    if region.empty:
        return False
    for condition in [st.as_relational(sym) for sym, st in region.sets] + list(region.relations):
        if condition in (true, false):
            if condition == false:
                return False
            continue
        if not condition.free_symbols & {s_symbol, L_symbol}:
            continue  # a condition on the other parameters (r >= 3): not one on the step size
        if not hasattr(condition, "lhs"):
            # a union (Or) or another compound relation: decided on its own in h = sL when it is homogeneous
            reduced = condition.subs(s_symbol, h / L_symbol).subs(L_symbol, 1)
            if reduced.free_symbols - {h}:
                return False
            try:
                solved = solve_univariate_inequality(reduced, h, relational=False)
            except (NotImplementedError, TypeError, ValueError):
                return False
            if not interval.is_subset(solved):
                return False
            continue
        expr = cancel((condition.lhs - condition.rhs).subs(s_symbol, h / L_symbol))
        reduced = cancel(expr.subs(L_symbol, 1))
        if reduced == 0 or cancel(expr / reduced).free_symbols - {L_symbol}:
            return False  # not homogeneous in L: not decided here
        solved = solve_univariate_inequality(condition.func(reduced, 0), h, relational=False)
        if not interval.is_subset(solved):
            return False
    return True
