r"""Documents from derivations: text, Markdown, LaTeX, JSON; the regenerated catalogue; atomic writes.
"""

from .files import write_atomic, check_writable, write_all
from .regenerate import (
    MARKER, document_names, is_generated, check_output, entry_documents, catalogue_documents,
    write_documents, stale_documents,
)
from .render import (
    LATEX_MARKER, FORMATS, result_equation, to_text, to_markdown, to_latex, to_json, combined_latex,
    latex_block, render,
)

__all__ = ["write_atomic", "check_writable", "write_all", "MARKER", "document_names", "is_generated",
           "check_output", "entry_documents", "catalogue_documents", "write_documents", "stale_documents",
           "LATEX_MARKER", "FORMATS", "result_equation", "to_text", "to_markdown", "to_latex", "to_json",
           "combined_latex", "latex_block", "render"]
