"""MkDocs with Material for MkDocs: the engine the site was first made with, and the default.

It runs the plugins in mkdocs.yml, so its live preview is MkDocs' own server with the
warmup plugin regenerating docs/ on every save.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from warmup.content.library import Library
from warmup.engines.engine import Engine
from warmup.project import Project


class MkDocsFamily(Engine):
    """MkDocs, or an engine that runs MkDocs' plugins under a name of its own (ProperDocs)."""

    def __init__(self, name: str, title: str):
        self.name = self.program = name
        self.title = title
        # Its builder and Material's search, which mkdocs.yml names (ProperDocs has its own copy of MkDocs).
        self.preload = (f"{name}.commands.build", "material.plugins.search.plugin")

    def build_command(self, config_file: Path, strict: bool) -> list[str]:
        # strict comes from mkdocs.yml itself, which MkDocs reads.
        return ["build", "--config-file", str(config_file)]

    def serve(self, project: Project, address: str, quiet: bool, prepare_docs: Callable[[], Library]) -> None:
        from warmup.command.config_file import check_plugin_named
        from warmup.engines.preview import serve

        # Without it the preview would show docs/ as it is, never rebuilt (a build needs no plugin: warmup runs it all).
        check_plugin_named(project.config_file, "warmup", f"{self.title}'s preview needs it to rebuild the pages "
                           "and cards when you save")
        serve(self.program, project, address, quiet)


ENGINE = MkDocsFamily("mkdocs", "MkDocs")
