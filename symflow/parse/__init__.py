r"""Safe parsing of user text (an ``ast`` whitelist; nothing reaches ``eval``, ``exec`` or ``sympify``):
method files, claim files, Lagrangian files, objectives.

Its names load on first use (:func:`~symflow.core.lazy.lazy_face`), so that reading an objective does not
load the claim parser and the Lyapunov engine behind it.

Examples
--------
>>> from symflow import parse
>>> parse.parse_objective("x1**2/2").dimension
1
"""
from ..core.lazy import lazy_face

_NAMES = {
    "claim": ("parse_scalar", "Claim", "DiscreteClaim", "claim_from_toml", "method_by_name", "read_claim"),
    "expressions": ("parse_expression", "parse_equation", "parse_rational", "scalar_table", "ExpressionBuilder",
                    "parse_error", "parse_source", "RESERVED_NAMES"),
    "method": ("method_from_toml", "read_method", "check_order"),
    "lagrangian": ("LagrangianSpec", "lagrangian_from_toml", "read_lagrangian"),
    "objective": ("parse_objective",),
}

__all__ = [name for names in _NAMES.values() for name in names]
__getattr__, __dir__ = lazy_face(__name__, _NAMES)
