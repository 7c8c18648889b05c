r"""Safe parsing of user text (an ``ast`` whitelist; nothing reaches ``eval``, ``exec`` or ``sympify``):
method files, claim files, Lagrangian files, objectives.
"""

from .claim import parse_scalar, Claim, DiscreteClaim, claim_from_toml, method_by_name, read_claim
from .expressions import (
    parse_expression, parse_equation, parse_rational, scalar_table, ExpressionBuilder, parse_error,
    parse_source, RESERVED_NAMES,
)
from .method import method_from_toml, read_method, check_order
from .lagrangian import LagrangianSpec, lagrangian_from_toml, read_lagrangian
from .objective import parse_objective

__all__ = ["parse_scalar", "Claim", "DiscreteClaim", "claim_from_toml", "method_by_name", "read_claim", "parse_expression", "parse_equation",
           "parse_rational", "scalar_table", "ExpressionBuilder", "parse_error", "parse_source",
           "RESERVED_NAMES", "method_from_toml", "read_method", "check_order", "parse_objective", "LagrangianSpec",
           "lagrangian_from_toml", "read_lagrangian"]
