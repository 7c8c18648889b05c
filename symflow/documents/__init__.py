r"""Documents from derivations: text, Markdown, LaTeX, JSON; the regenerated catalogue; atomic writes.
"""

from .files import write_atomic
from .regenerate import entry_documents, catalogue_documents, write_documents, stale_documents
from .render import (
    FORMATS, result_equation, to_text, to_markdown, to_latex, to_json, combined_latex, latex_block,
    render,
)

__all__ = ["write_atomic", "entry_documents", "catalogue_documents", "write_documents", "stale_documents",
           "FORMATS", "result_equation", "to_text", "to_markdown", "to_latex", "to_json", "combined_latex",
           "latex_block", "render"]
