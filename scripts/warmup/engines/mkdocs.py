"""MkDocs with Material for MkDocs: the engine the site was first made with, and the default."""

from __future__ import annotations

from pathlib import Path

from warmup.engines.engine import Engine


class MkDocsFamily(Engine):
    """MkDocs, or an engine that runs MkDocs' plugins under a name of its own (ProperDocs)."""

    def __init__(self, name: str, title: str):
        self.name = self.program = name
        self.title = title
        # Its builder, its settings' defaults, Material's search and warmup's plugin, which mkdocs.yml names,
        # and Pygments, which the code highlighting extensions load (ProperDocs has its own copy of MkDocs).
        self.preload = (f"{name}.commands.build", f"{name}.config.defaults", "material.plugins.search.plugin",
                        "warmup.command.mkdocs_plugin", "pygments.lexers", "pygments.formatters", "colorama")

    def build_command(self, config_file: Path, strict: bool, again: bool = False) -> list[str]:
        # strict comes from mkdocs.yml itself, which MkDocs reads; --dirty rebuilds only the pages whose
        # Markdown changed (the live preview's rebuilds: the menu of the others may lag until it restarts).
        return ["build", "--config-file", str(config_file), *(["--dirty"] if again else [])]


ENGINE = MkDocsFamily("mkdocs", "MkDocs")
