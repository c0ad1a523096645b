"""Where a club project keeps its content, templates and outputs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def cache_dir(self) -> Path:
        """Cards and pictures drawn by the last build, reused while their inputs stay the same."""
        return self.root / ".cache" / "warmup"

    @property
    def jinja_cache_dir(self) -> Path:
        """The theme's templates compiled by an engine that renders them with Jinja (MkDocs, ProperDocs)."""
        return self.root / ".cache" / "jinja"
