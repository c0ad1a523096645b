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

from markupsafe import escape
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin

from warmup.engines.engine_config import DRIVEN_BY_WARMUP
from warmup.project import Project

# The rest of warmup is imported where it is used: an engine that `warmup build` runs loads this plugin only to
# find it standing aside, and must not wait for the pipeline's modules to load.

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


def _project(mkdocs_config) -> Project:
    # The same folders `warmup` uses: content/ and templates/ beside mkdocs.yml.
    return Project(Path(mkdocs_config.config_file_path).parent)


class WarmupPlugin(BasePlugin):
    serving = False
    generated_names: set[str] = set()  # top-level names in docs/ that the last on_config() wrote
    theme_color = ""  # the club's primary colour, from the last on_config()
    short_name = ""  # and its short name
    language = ""  # and its language
    cache = None  # the render cache of the last on_config(): the finishing steps keep their files in it too
    settings = None  # mkdocs.yml as the last on_config() read it
    locked: Path | None = None  # the project whose lock this build holds

    @property
    def standing_aside(self) -> bool:
        return bool(os.environ.get(DRIVEN_BY_WARMUP))

    def on_startup(self, command, dirty):
        # Having on_startup also keeps this one plugin object across the preview's rebuilds.
        self.serving = command == "serve"

    def on_config(self, config):
        # The theme prints them as HTML, in some places escaping them itself (|e): as escaped text (Markup)
        # they show as typed everywhere, escaped exactly once.
        for key in ("site_name", "site_description"):
            if isinstance(config[key], str):
                config[key] = escape(config[key])
        if self.standing_aside:
            return config
        from warmup import lock
        from warmup.engines.build_date import SOURCE_DATE_EPOCH, source_date_epoch
        from warmup.pipeline import prepare_docs
        from warmup.settings.checks import check_settings
        from warmup.settings.reader import read_settings
        from warmup.problems import WarmupError
        from warmup.site.identity import identity_settings
        from warmup.site.navigation import site_nav

        project = _project(config)
        # Held until the build ends (on_post_build, on_build_error): builds of one project take turns.
        lock.take(project.root, on_wait=lambda: log.info(lock.WAITING))
        self.locked = project.root
        try:
            # What `warmup` checks before it runs an engine (an address that is not a plain web address among it).
            self.settings = read_settings(Path(config.config_file_path))
            check_settings(self.settings)
            rendering, written = prepare_docs(project, self.settings, finished_later=True)
            # Read when the engine makes its pages, after this: the sitemap's dates, as `warmup build` gives them.
            os.environ[SOURCE_DATE_EPOCH] = source_date_epoch(project)
        except WarmupError as error:
            self._stop([str(problem) for problem in error.problems])
        self.generated_names = {path.split("/")[0] for path in written}
        library = rendering.library
        if not config.nav:
            config.nav = site_nav(library, rendering.catalog)
        identity = identity_settings(library.club, rendering.catalog)
        config.extra.update(identity["extra"])
        for key, value in identity.get("theme", {}).items():
            config.theme[key] = value
        self.theme_color = rendering.theme_color
        self.short_name = library.club.header_name
        self.language = rendering.catalog.language
        self.cache = rendering.cache
        return config

    def on_env(self, env, config, files):
        # Compiling the theme's templates is half of what MkDocs does in a build; compiled once, they are kept
        # (Jinja checks each against its source, and its own version and Python's, before it reuses one).
        from jinja2 import FileSystemBytecodeCache

        folder = _project(config).jinja_cache_dir
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        return env

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
        return server

    def on_build_error(self, error):
        self._unlock()

    def _unlock(self) -> None:
        from warmup import lock

        if self.locked is not None:
            lock.release(self.locked)
            self.locked = None

    def on_post_build(self, config):
        if self.standing_aside:
            return
        from warmup.finish.steps import finish_site
        from warmup.pipeline import finish_settings

        settings = self.settings
        finished = finish_settings(settings, self.theme_color, self.short_name, self.language, offline=not self.serving)
        finish_site(Path(config.site_dir), finished, self.cache)
        self.cache.forget_unused()
        self._unlock()
