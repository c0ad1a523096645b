"""The MkDocs plugin: every `mkdocs build` or `mkdocs serve` regenerates docs/ from content/ first.

So plain MkDocs never publishes stale pages, and the live preview rebuilds
when content/ or templates/ change.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .generate import generate
from .navigation import site_nav
from .problems import BuildError, ContentError
from .publish import write_generated


class WarmupConfig(Config):
    content_dir = config_options.Type(str, default="content")
    templates_dir = config_options.Type(str, default="templates")


class WarmupPlugin(BasePlugin[WarmupConfig]):
    def _folder(self, mkdocs_config, name: str) -> Path:
        return Path(mkdocs_config.config_file_path).parent / getattr(self.config, name)

    def on_config(self, config):
        try:
            library, files = generate(self._folder(config, "content_dir"), self._folder(config, "templates_dir"),
                                      config.site_url or "")
        except ContentError as error:
            raise PluginError("\n".join(str(problem) for problem in error.problems)) from None
        except BuildError as error:
            raise PluginError(str(error)) from None
        write_generated(Path(config.docs_dir), files)
        if not config.nav:
            config.nav = site_nav(library)
        return config

    def on_serve(self, server, config, builder):
        for name in ("content_dir", "templates_dir"):
            server.watch(str(self._folder(config, name)))
        return server
