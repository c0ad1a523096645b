"""One full build: check content, then MkDocs (with the plugin) into a staging folder, then swap."""

from __future__ import annotations

import logging
import shutil
from contextlib import contextmanager
from typing import Iterator

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from warmup.generate import GeneratedFiles, generate
from warmup.content.library import Library
from warmup.problems import BuildError
from warmup.progress import Progress
from warmup.project import Project
from warmup.finish.write_site import replace_site, staging_dir_for
from warmup.lock import WAITING, project_lock
from warmup.test_hooks import pause_point


def check(project: Project, progress: Progress | None = None) -> Library:
    """Validate everything and lay the cards out in memory, changing no file; raise ContentError or BuildError."""
    progress = progress or Progress(quiet=True)
    with project_lock(project.root, shared=True, on_wait=lambda: progress.say(WAITING)):
        library, _ = _generate(project, _load_config(project), progress, check_only=True)
    return library


def build(project: Project, progress: Progress | None = None) -> Library:
    """Build site/ (pages and cards) atomically: on any failure the previous site/ is untouched."""
    progress = progress or Progress(quiet=True)
    with project_lock(project.root, on_wait=lambda: progress.say(WAITING)):
        staged = staging_dir_for(project.site_dir)
        try:
            config = _load_config(project, site_dir=str(staged))
            library, files = _generate(project, config, progress)
            config.plugins["warmup"].prepared = (library, files)  # the plugin need not generate it all again
            with progress.stage("mkdocs build"):
                _mkdocs_build(project, config)
            pause_point("before-swap")
            with progress.stage("replace site/"):
                replace_site(staged, project.site_dir)
            return library
        finally:
            shutil.rmtree(staged, ignore_errors=True)


def _mkdocs_build(project: Project, config: MkDocsConfig) -> None:
    config.plugins.on_startup(command="build", dirty=False)
    with _mkdocs_warnings() as warnings:
        try:
            mkdocs_build(config)
        except MkDocsException as error:
            # In strict mode (mkdocs.yml) every warning, e.g. a broken link, stops the build.
            reasons = "; ".join(warnings) or str(error)
            raise BuildError(f"{project.config_file.name}: MkDocs stopped the build: {reasons} "
                             "(pages are made from content/ with templates/site/: fix it there)") from None
        finally:
            config.plugins.on_shutdown()


@contextmanager
def _mkdocs_warnings() -> Iterator[list[str]]:
    """Collect MkDocs' warnings instead of letting them print as loose lines."""
    collected: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            collected.append(" ".join(record.getMessage().split()))

    handler = Collector(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield collected
    finally:
        logger.removeHandler(handler)


def _load_config(project: Project, **overrides) -> MkDocsConfig:
    try:
        return load_config(str(project.config_file), **overrides)
    except MkDocsException as error:
        raise BuildError(f"{project.config_file.name}: {error}") from None


def _generate(project: Project, config: MkDocsConfig, progress: Progress,
              check_only: bool = False) -> tuple[Library, GeneratedFiles]:
    # Done here, before MkDocs starts, so content problems are reported as such, not as MkDocs errors.
    return generate(project.content_dir, project.templates_dir, config.site_url or "", progress.stage,
                    project.cache_dir, check_only=check_only)
