"""One full build: check content, then MkDocs (with the plugin) into a staging folder, then swap."""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from .generate import generate
from .library import Library
from .problems import BuildError
from .project import Project
from .publish import replace_site, staging_dir_for


def check(project: Project) -> Library:
    """Validate and render everything in memory; raise ContentError or BuildError."""
    return _generate(project, _load_config(project))


def build(project: Project) -> Library:
    """Build site/ (pages and cards) atomically: on any failure the previous site/ is untouched."""
    staged = staging_dir_for(project.site_dir)
    try:
        config = _load_config(project, site_dir=str(staged))
        library = _generate(project, config)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        except MkDocsException as error:
            raise BuildError(f"{project.config_file.name}: MkDocs stopped the build ({error}); "
                             "see the warnings above") from None
        finally:
            config.plugins.on_shutdown()
        replace_site(staged, project.site_dir)
        return library
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def _load_config(project: Project, **overrides) -> MkDocsConfig:
    try:
        return load_config(str(project.config_file), **overrides)
    except MkDocsException as error:
        raise BuildError(f"{project.config_file.name}: {error}") from None


def _generate(project: Project, config: MkDocsConfig) -> Library:
    # Checked here, before MkDocs starts, so content problems are reported as such, not as MkDocs errors.
    library, _ = generate(project.content_dir, project.templates_dir, config.site_url or "")
    return library
