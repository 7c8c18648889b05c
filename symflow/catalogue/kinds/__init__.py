r"""One factory per kind of catalogue entry; an entry module is one call to its kind's factory."""
from .derived import closed_form_entry, discretization_entry, identity_entry, lagrangian_entry, refutation_entry, table_entry
from .limit import limit_entry
from .lyapunov import lyapunov_entry, step_entry

__all__ = ["limit_entry", "lagrangian_entry", "lyapunov_entry", "discretization_entry", "closed_form_entry", "identity_entry", "step_entry",
           "refutation_entry", "table_entry"]
