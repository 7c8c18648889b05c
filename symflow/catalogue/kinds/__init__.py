r"""One factory per kind of catalogue entry; an entry module is one call to its kind's factory.

The factories load on first use (:func:`~symflow.core.lazy.lazy_face`): an entry imports its own kind only, so
that e.g. ``symflow simulate nesterov`` does not load the Lyapunov engine behind ``lyapunov_entry``.

Examples
--------
>>> from symflow.catalogue import kinds
>>> kinds.limit_entry.__module__
'symflow.catalogue.kinds.limit'
"""
from ...core import lazy_face

_NAMES = {
    "derived": ("closed_form_entry", "discretization_entry", "identity_entry", "lagrangian_entry", "refutation_entry",
                "table_entry"),
    "limit": ("limit_entry",),
    "lyapunov": ("inertial_step_entry", "lyapunov_entry", "step_entry"),
}

__all__ = ["inertial_step_entry", "limit_entry", "lagrangian_entry", "lyapunov_entry", "discretization_entry", "closed_form_entry", "identity_entry", "step_entry",
           "refutation_entry", "table_entry"]
__getattr__, __dir__ = lazy_face(__name__, _NAMES)
