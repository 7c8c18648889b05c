r"""Continuous limits of methods: Taylor expansion, the checked lift to vectors, dominant balance, ODEs.
"""

from .balance import TAYLOR_BOX, Regime, Balance, classify_monomial, find_balance
from .continuous import ContinuousLimit, initial_iterates, continuous_limit
from .lift import model_symbols, lift, describe_monomial, model_derivative
from .taylor import D, G, GridScaling, coefficient_series, taylor_shift, expand_recurrence

__all__ = ["TAYLOR_BOX", "Regime", "Balance", "classify_monomial", "find_balance", "ContinuousLimit",
           "initial_iterates", "continuous_limit", "model_symbols", "lift", "describe_monomial",
           "model_derivative", "D", "G", "GridScaling", "coefficient_series", "taylor_shift",
           "expand_recurrence"]
from .system import (SystemLimit, SystemBalance, state_function, decay_constant, system_balance, system_limit,
                     substitute_states)
from .second_order import second_order_form
from ..core.coordinatewise import (ones, eps, beta, beta1, beta2, decay_a, decay_b, hadamard, coordinate_power,
                                   coordinate_sqrt, coordinate_divide, coordinatewise)

__all__ += ["SystemLimit", "SystemBalance", "state_function", "decay_constant", "system_balance", "system_limit",
            "substitute_states", "second_order_form",
            "ones", "eps", "beta", "beta1", "beta2", "decay_a", "decay_b", "hadamard", "coordinate_power",
            "coordinate_sqrt", "coordinate_divide", "coordinatewise"]
