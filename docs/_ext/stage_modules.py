r"""The ``stage-modules`` directive: a stage's package docstring and every module below it, from autodoc.

``.. stage-modules:: symflow.lyapunov`` expands into the ``automodule`` of the package and one
section per module of its folder (:func:`stage_listing.stage_modules`), found when the page is
built, so a module added to a stage appears on its page without an edit here (``:package-only:``
documents the package alone). Every ``automodule`` documents only what the module itself defines
(``:ignore-module-all:``): the names a package re-exports are documented once, where they are defined.
"""
from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from stage_listing import stage_modules


def _automodule(name: str) -> list[str]:
    return [f".. automodule:: {name}", "   :members:", "   :ignore-module-all:", "   :show-inheritance:", ""]


class StageModules(SphinxDirective):
    """Document a stage: ``.. stage-modules:: PACKAGE``."""

    required_arguments = 1
    option_spec = {"package-only": lambda argument: True}

    def run(self) -> list[nodes.Node]:
        package_name = self.arguments[0]
        names = [package_name] if "package-only" in self.options else stage_modules(package_name)
        lines = _automodule(names[0])
        for name in names[1:]:
            title = f"``{name}``"
            lines += [title, "-" * len(title), ""] + _automodule(name)
        source, _ = self.get_source_info()
        content = StringList(lines, source=source)
        holder = nodes.section()
        holder.document = self.state.document
        nested_parse_with_titles(self.state, content, holder)
        return holder.children


def setup(app):
    app.add_directive("stage-modules", StageModules)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
