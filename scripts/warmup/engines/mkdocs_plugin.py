"""The MkDocs plugin: every `mkdocs build` or `mkdocs serve` regenerates docs/ from content/ first.

So plain MkDocs never publishes stale pages, and the live preview rebuilds
when content/ or templates/ change.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin

from warmup.content.colors import Palette
from warmup.generate import GeneratedFiles, generate
from warmup.paths import logo_file
from warmup.content.library import Library
from warmup.finish.minify import minify_site_assets
from warmup.site.navigation import site_nav
from warmup.finish.offline import inline_favicon, write_offline_files
from warmup.problems import BuildError, ContentError, template_problem
from warmup.project import Project
from warmup.finish.write_site import write_generated


def _project(mkdocs_config) -> Project:
    # The same folders `warmup` uses: content/ and templates/ beside mkdocs.yml.
    return Project(Path(mkdocs_config.config_file_path).parent)


class WarmupPlugin(BasePlugin):
    serving = False
    # Set by `warmup build`, which generated everything already to report problems before MkDocs starts.
    prepared: tuple[Library, GeneratedFiles] | None = None
    generated_names: set[str] = set()  # top-level names in docs/ that the last generate() wrote
    library: Library | None = None  # the model of the last build, for the steps after MkDocs

    def on_startup(self, command, dirty):
        # Having on_startup also keeps this one plugin object across the preview's rebuilds.
        self.serving = command == "serve"

    def on_config(self, config):
        prepared, self.prepared = self.prepared, None
        project = _project(config)
        try:
            library, files = prepared or generate(project.content_dir, project.templates_dir, config.site_url or "",
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
        self.library = library
        club = library.club
        # The club's identity in the theme: the short name in the header (overrides/main.html), its logo.
        config.extra["club_header_name"] = club.header_name
        if club.logo:
            config.theme["logo"] = logo_file(club.logo)
        config.theme["favicon"] = inline_favicon(config.theme["favicon"], files)
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
        return server

    def on_post_build(self, config):
        minify_site_assets(Path(config.site_dir), [str(script) for script in config.extra_javascript]
                           + list(config.extra_css))
        # After MkDocs has written the site, so the service worker lists exactly what was built.
        write_offline_files(Path(config.site_dir), config.site_name, config.site_description or "",
                            Palette.of(self.library.club).primary, config.use_directory_urls)
