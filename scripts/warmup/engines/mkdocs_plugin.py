"""The MkDocs plugin, a thin adapter: `mkdocs build`, `mkdocs serve` and `mkdocs gh-deploy` (and
ProperDocs' same commands) run warmup's pipeline around the engine, as `warmup build` does.

Before the engine reads docs/, the pages and cards are generated from content/ (so plain
MkDocs never publishes stale pages, and the preview rebuilds when content/ or templates/
change); after it has built the site, the same finishing steps run on it. When `warmup build`
itself runs the engine, it has done both already, and the plugin stands aside.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import jinja2
from markupsafe import escape
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin

from warmup.command.config_file import check_config_file
from warmup.content.colors import Palette
from warmup.engines.engine import DRIVEN_BY_WARMUP
from warmup.finish.steps import finish_site
from warmup.finish.write_site import write_generated
from warmup.generate import generate
from warmup.problems import BuildError, ContentError, template_problem
from warmup.project import Project
from warmup.site.identity import identity_settings
from warmup.site.navigation import site_nav
from warmup import lock
from warmup.engines import preview

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


def _project(mkdocs_config) -> Project:
    # The same folders `warmup` uses: content/ and templates/ beside mkdocs.yml.
    return Project(Path(mkdocs_config.config_file_path).parent)


class WarmupPlugin(BasePlugin):
    serving = False
    generated_names: set[str] = set()  # top-level names in docs/ that the last generate() wrote
    theme_color = ""  # the club's primary colour, from the last generate()
    site_texts = ("", "")  # mkdocs.yml's site_name and site_description, as written
    locked: Path | None = None  # the project whose lock this build holds

    @property
    def standing_aside(self) -> bool:
        return bool(os.environ.get(DRIVEN_BY_WARMUP))

    def on_startup(self, command, dirty):
        # Having on_startup also keeps this one plugin object across the preview's rebuilds.
        self.serving = command == "serve"

    def on_config(self, config):
        # The name and the description as the finished site's manifest writes them: text.
        self.site_texts = config.site_name, config.site_description or ""
        # The theme prints them as HTML, in some places escaping them itself (|e): as escaped text (Markup)
        # they show as typed everywhere, escaped exactly once.
        for key in ("site_name", "site_description"):
            if isinstance(config[key], str):
                config[key] = escape(config[key])
        if self.standing_aside:
            return config
        project = _project(config)
        # Held until the build ends (on_post_build, on_build_error): builds of one project take turns.
        lock.take(project.root, on_wait=lambda: log.info(lock.WAITING))
        self.locked = project.root
        try:
            # What `warmup` checks before it runs an engine (an address that is not a plain web address among it).
            check_config_file(Path(config.config_file_path))
            library, files = generate(project.content_dir, project.templates_dir, config.site_url or "",
                                                  cache_dir=project.cache_dir)
        except ContentError as error:
            self._stop([str(problem) for problem in error.problems])
        except BuildError as error:
            self._stop([str(error)])
        except jinja2.TemplateError as error:
            self._stop([template_problem(error)])
        write_generated(Path(config.docs_dir), files)
        self.generated_names = {path.split("/")[0] for path in files}
        if not config.nav:
            config.nav = site_nav(library)
        identity = identity_settings(library.club)
        config.extra.update(identity["extra"])
        for key, value in identity.get("theme", {}).items():
            config.theme[key] = value
        self.theme_color = Palette.of(library.club).primary
        return config

    def _stop(self, problems: list[str]):
        if self.serving:
            # The preview's rebuild loop prints an Abort as its message alone, any other error with a traceback.
            raise Abort("\n".join(f"error: {problem}" for problem in problems)
                        + "\nThe preview waits until this is fixed, then rebuilds by itself.")
        raise PluginError("\n".join(problems))

    def on_serve(self, server, config, builder):
        project = _project(config)
        for folder in (project.content_dir, project.templates_dir):
            server.watch(str(folder))
        # The generated pages and cards in docs/ change only because content/ or templates/ did, and
        # that already rebuilt; watching them too would build every edit twice. Hand-written files
        # in docs/ (stylesheets, scripts) stay watched.
        docs = Path(config.docs_dir)
        server.unwatch(str(docs))
        for entry in docs.iterdir():
            if entry.name not in self.generated_names and not entry.name.startswith("."):
                server.watch(str(entry))
        preview.hand_over()  # the server listens right after this
        return server

    def on_build_error(self, error):
        self._unlock()

    def _unlock(self) -> None:
        if self.locked is not None:
            lock.release(self.locked)
            self.locked = None

    def on_post_build(self, config):
        if self.standing_aside:
            return
        finish_site(Path(config.site_dir), *self.site_texts, config.use_directory_urls,
                    [str(script) for script in config.extra_javascript] + list(config.extra_css),
                    config.theme["favicon"] or "", self.theme_color, site_url=config.site_url or "",
                    offline=not self.serving)
        self._unlock()
