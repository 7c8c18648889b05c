r"""Lyapunov claims: derivatives along an ODE in Gram coordinates, function classes, exact
certificates, parameter regions, rates, counterexamples, verification.
"""

from .certificate import SumOfSquares, Certificate, certify, best_rate, regular_interval
from .cycle import NumericRun, PeriodicOrbit, RateViolation, cycle_start, find_cycles, numeric_run, periodic_orbit
from .counterexample import Instance, candidate_functions, evaluate, Counterexample, refute
from .derivative import Gap, f_gap, substitute_vectors, along, derivative_along, GramForm, gram_form, display
from .discrete import (
    PointForm, point_form, difference_along, interpolation_inequalities, StepCertificate, certify_step,
    check_energy, RATE_FORMS,
)
from .function_classes import (
    Inequality, FunctionClass, convex, strongly_convex, smooth_convex, smooth_strongly_convex,
    function_class,
)
from .inertial import InertialEnergy, inertial_coefficients, inertial_energy
from .multipliers import propagate, candidates, screen
from .necessity import PiecewiseFunction, exact_candidates, SampleRun, CounterexampleFamily, counterexample_family
from .psd import ldl, sum_of_squares, principal_minors, gram_squares
from .rates import initial_values, initial_energy, rate_bound, display_bound
from .region import prove_nonnegative, Region, parameter_region, least_start
from .sdp import (
    Condition, NumericSolution, solve_conditions, largest_rate, violating_state, vanishing_multipliers,
    sample_points,
)
from .slow_mode import SlowMode, slow_mode
from .synthesis import Refutation, Synthesis, synthesize, family_condition
from .step_synthesis import synthesize_step
from .verification import Verification, verify, to_dict

__all__ = ["SumOfSquares", "Certificate", "certify", "best_rate", "regular_interval", "Instance",
           "candidate_functions", "evaluate", "Counterexample", "refute", "Gap", "f_gap",
           "substitute_vectors", "along", "derivative_along", "GramForm", "gram_form", "display",
           "PointForm", "point_form", "difference_along", "interpolation_inequalities", "StepCertificate",
           "certify_step", "check_energy", "RATE_FORMS", "Inequality", "FunctionClass", "convex", "strongly_convex", "smooth_convex",
           "smooth_strongly_convex", "function_class", "InertialEnergy", "inertial_coefficients", "inertial_energy", "propagate", "candidates", "screen", "ldl",
           "sum_of_squares", "principal_minors", "gram_squares", "initial_values", "initial_energy",
           "rate_bound", "display_bound", "prove_nonnegative", "Region", "parameter_region", "least_start",
           "Condition", "NumericSolution", "solve_conditions", "largest_rate", "violating_state",
           "vanishing_multipliers", "sample_points", "SlowMode", "slow_mode", "Refutation", "Synthesis", "synthesize", "family_condition",
           "synthesize_step",
           "Verification", "verify", "to_dict",
           "PiecewiseFunction", "exact_candidates", "SampleRun", "CounterexampleFamily", "counterexample_family",
           "NumericRun", "PeriodicOrbit", "RateViolation", "cycle_start", "find_cycles", "numeric_run",
           "periodic_orbit"]
from .constrained import (ConstrainedCertificate, certify_constrained, coordinate_reading, coordinate_symbols,
                          decide_sign, derivative_along_system, invariant_constraint)

__all__ += ["ConstrainedCertificate", "certify_constrained", "coordinate_reading", "coordinate_symbols",
            "decide_sign", "derivative_along_system", "invariant_constraint"]
