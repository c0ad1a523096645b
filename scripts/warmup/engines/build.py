"""One full build: content → docs/ → the chosen engine into a staging folder → finishing steps → swap into site/."""

from __future__ import annotations

import shutil
from pathlib import Path

from warmup.content.colors import Palette
from warmup.content.library import Library
from warmup.engines.build_date import source_date_epoch
from warmup.engines.engine import engine_named
from warmup.engines.engine_config import engine_config
from warmup.engines.settings import SiteSettings, read_settings
from warmup.finish.steps import finish_site
from warmup.finish.write_site import replace_site, staging_dir_for, write_generated
from warmup.finish.drawn_files import place_drawn_files
from warmup.generate import GeneratedFiles, Generation, generate
from warmup.lock import WAITING, project_lock
from warmup.progress import Progress
from warmup.project import Project
from warmup.site.identity import identity_settings
from warmup.site.navigation import site_nav
from warmup.site.printed_sizes import filled_in
from warmup.test_hooks import pause_point


def check(project: Project, progress: Progress | None = None) -> Library:
    """Validate everything and lay the cards out in memory, changing no file; raise ContentError or BuildError."""
    progress = progress or Progress(quiet=True)
    with project_lock(project.root, shared=True, on_wait=lambda: progress.say(WAITING)):
        library, _ = _generate(project, read_settings(project.config_file), progress, check_only=True)
    return library


def build(project: Project, progress: Progress | None = None, engine: str | None = None) -> Library:
    """Build site/ (pages and cards) atomically: on any failure the previous site/ is untouched.

    ``engine`` overrides the one chosen in mkdocs.yml (extra: warmup: engine:).
    """
    progress = progress or Progress(quiet=True)
    settings = read_settings(project.config_file)
    chosen = engine_named(engine or settings.engine)
    date = source_date_epoch(project)
    with project_lock(project.root, on_wait=lambda: progress.say(WAITING)):
        staged = staging_dir_for(project.site_dir)
        try:
            generation = Generation(project.content_dir, project.templates_dir, settings.site_url, progress.stage,
                                    project.cache_dir)
            library = generation.library
            drawings = generation.drawings()
            with progress.stage("render pages"):
                pages = generation.pages(printed=None)
                # The engine builds the pages while the cards are drawn: until then it is given stand-ins.
                write_generated(project.docs_dir, {**pages, **_stand_ins(project.docs_dir, generation.drawn_paths())})
            with engine_config(project, site_nav(library), staged, identity_settings(library.club)) as config, \
                    chosen.started(project, config, settings.strict, date) as engine_run:
                with progress.stage("draw cards, pictures"):
                    drawn = generation.draw(drawings)
                    # docs/ whole again, whatever the engine says: whether it reads the stand-ins or these, its
                    # pages come out the same once place_drawn_files() has run.
                    write_generated(project.docs_dir, {**_sizes_filled_in(pages, drawn), **drawn})
                    generation.done()
                with progress.stage(f"{chosen.name} build"):
                    engine_run.finish()
            with progress.stage("finish the site"):
                place_drawn_files(staged, drawn)
                finish_site(staged, settings.site_name, settings.site_description, settings.directory_urls,
                            settings.own_assets, settings.favicon, Palette.of(library.club).primary,
                            site_url=settings.site_url)
            pause_point("before-swap")
            with progress.stage("replace site/"):
                replace_site(staged, project.site_dir)
            return library
        finally:
            shutil.rmtree(staged, ignore_errors=True)


def prepare_docs(project: Project, settings: SiteSettings, progress: Progress) -> Library:
    """Check content/ and write its pages and cards into docs/, ready for any engine."""
    with project_lock(project.root, on_wait=lambda: progress.say(WAITING)):  # also for a preview's rebuilds
        library, files = _generate(project, settings, progress)
        write_generated(project.docs_dir, files)
    return library


def _stand_ins(docs_dir: Path, paths: list[str]) -> dict[str, bytes]:
    """What docs/ holds at ``paths`` (an earlier build's drawings), or an empty file."""
    return {path: (docs_dir / path).read_bytes() if (docs_dir / path).is_file() else b"" for path in paths}


def _sizes_filled_in(pages: GeneratedFiles, drawn: GeneratedFiles) -> GeneratedFiles:
    return {path: filled_in(page.encode("utf-8"), drawn) if isinstance(page, str) else page
            for path, page in pages.items()}


def _generate(project: Project, settings: SiteSettings, progress: Progress,
              check_only: bool = False) -> tuple[Library, GeneratedFiles]:
    # Done before any engine starts, so content problems are reported as such, not as an engine's errors.
    return generate(project.content_dir, project.templates_dir, settings.site_url, progress.stage,
                    project.cache_dir, check_only=check_only)
