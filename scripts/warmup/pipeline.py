"""The pipeline, top to bottom: content/ in, site/ out, in the order the product works.

1. read and check the content into one model (content/);
2. render it: the drawings (cards, previews, share picture; from the render cache where it holds
   them) and the pages (site/), written into docs/;
3. run the engine, which turns docs/ into a built site in a staging folder, while what the cache
   did not hold is drawn;
4. resolve the printed files' sizes, if they had to be drawn while the engine ran;
5. finish the built site (finish/steps.py);
6. swap it into site/ in one step.

The engine's program starts loading before step 1, first of all (the command starts it, then
loads the rest of warmup): it takes about as long to load as steps 1 and 2 take to run. A build with every drawing in the cache knows the printed files' sizes before
it renders a page, and skips step 4. While the engine builds, this process loads the finishing steps (step 5),
whose modules it does not need before.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import TYPE_CHECKING

from warmup.content.library import Library, load_library
from warmup.engines.build_date import source_date_epoch
from warmup.engines.engine import PrimedEngine
from warmup.engines.engine_config import engine_config
from warmup.finish.write_site import replace_site, staging_dir_for, write_generated
from warmup.lock import WAITING, project_lock
from warmup.render_cache import RenderCache
from warmup.settings.checks import check_settings
from warmup.settings.reader import SiteSettings
from warmup.progress import Progress
from warmup.project import Project
from warmup.render import GeneratedFiles, Rendering
from warmup.site.edit_links import content_editor_address
from warmup.site.identity import identity_settings
from warmup.site.navigation import site_nav
from warmup.site.printed_sizes import PrintedSizes, resolve_printed_sizes, resolved
from warmup.stopping import stop_if_asked
from warmup.test_hooks import pause_point

if TYPE_CHECKING:
    from warmup.finish.steps import FinishSettings


def build(project: Project, settings: SiteSettings, program: PrimedEngine, progress: Progress | None = None
          ) -> Library:
    """Build site/ (pages and cards) atomically: on any failure the previous site/ is untouched. ``settings``:
    mkdocs.yml as read (settings/reader.py); ``program``: the engine's, loading since the command started
    (Engine.primed), stopped if the build fails.
    """
    progress = progress or Progress(quiet=True)
    check_settings(settings, engine_loads_extensions=True)
    with project_lock(project.root, on_wait=lambda: progress.say(WAITING)):
        staged = staging_dir_for(project.site_dir)
        try:
            rendering = _read(project, settings, progress, RenderCache(project.cache_dir))
            drawings = rendering.drawings()
            drawn = None
            if rendering.cache.holds_all(drawings):  # nothing to draw: the sizes are known before the pages
                with progress.stage("draw cards, pictures"):
                    drawn = rendering.drawn(drawings)
            sizes = PrintedSizes.of(drawn)
            with progress.stage("render pages"):
                pages = rendering.pages(sizes)
                # Not drawn yet: the engine is given what docs/ holds (an earlier build's files, or empty ones).
                write_generated(project.docs_dir, {**pages, **(drawn or _earlier(project, rendering))})
            library = rendering.library
            with engine_config(project, settings, site_nav(library, rendering.catalog), staged,
                               identity_settings(library.club, rendering.catalog)) as config:
                engine_run = program.build(config, settings.strict, source_date_epoch(project))
                # Loaded while the engine builds, on the core it leaves to this process, not before the pages.
                from warmup.finish.steps import finish_site
                if sizes.pending:
                    with progress.stage("draw cards, pictures"):
                        drawn = rendering.drawn(drawings)
                        write_generated(project.docs_dir, {**_resolved(pages, drawn), **drawn})
                with progress.stage(f"{program.engine.name} build"):
                    engine_run.finish()
            with progress.stage("finish the site"):
                if sizes.pending:
                    resolve_printed_sizes(staged, drawn)
                finish_site(staged, finish_settings(settings, rendering.theme_color, library.club.header_name,
                                                    rendering.catalog.language),
                            rendering.cache)
                rendering.cache.forget_unused()
            pause_point("before-swap")
            stop_if_asked()
            with progress.stage("replace site/"):
                replace_site(staged, project.site_dir)
            return library
        except BaseException:
            # Before the staging folder goes: an engine still building would write it again after its removal.
            program.stop()
            raise
        finally:
            pause_point("tidy-up")
            shutil.rmtree(staged, ignore_errors=True)


def check(project: Project, settings: SiteSettings, progress: Progress | None = None) -> Library:
    """Steps 1 and 2 in memory, changing no file: ContentError or BuildError for what would stop a build."""
    progress = progress or Progress(quiet=True)
    with project_lock(project.root, shared=True, on_wait=lambda: progress.say(WAITING)):
        rendering = _read(project, settings, progress, RenderCache(project.cache_dir, keep=False))
        with progress.stage("check cards fit"):
            rendering.check_cards_fit()
        with progress.stage("render pages"):
            rendering.pages(PrintedSizes.of(None))
    return rendering.library


def prepare_docs(project: Project, settings: SiteSettings, finished_later: bool = False,
                 drawing_later: Callable[[Rendering], None] | None = None) -> tuple[Rendering, set[str]]:
    """Steps 1 and 2 alone: docs/ ready for an engine that warmup does not run (a preview, or `mkdocs build`
    with the warmup plugin). The rendering, and the paths written inside docs/.

    ``finished_later``: the caller runs the finishing steps (step 5) with the rendering's cache, then lets it
    forget what the build did not use. ``drawing_later`` (a preview's rebuilds): the drawings are not even listed
    before the pages (listing renders every printed piece's page); docs/ keeps its earlier drawn files meanwhile, and
    ``drawing_later`` is handed the rendering, for settle_drawings() once the pages are shown. Its cache then knows
    what the build used only after that.
    """
    with project_lock(project.root):  # also for a preview's rebuilds
        rendering = _read(project, settings, Progress(quiet=True), RenderCache(project.cache_dir))
        if drawing_later is not None:
            drawn = _earlier(project, rendering)
            drawing_later(rendering)
        else:
            drawn = rendering.drawn(rendering.drawings())
        files = {**rendering.pages(PrintedSizes.of(drawn)), **drawn}
        write_generated(project.docs_dir, files)
        if not finished_later:
            rendering.cache.forget_unused()
    return rendering, set(files)


def settle_drawings(project: Project, rendering: Rendering) -> bool:
    """The drawings of a rendering whose pages were written without them (prepare_docs' ``drawing_later``): listed,
    and what the render cache lacks drawn into it. Whether docs/ holds other drawn files than these: its pages then
    need building again, which finds them all in the cache. Changes nothing in docs/ itself."""
    return rendering.drawn(rendering.drawings()) != _earlier(project, rendering)


def finish_settings(settings: SiteSettings, theme_color: str, short_name: str, language: str, offline: bool = True
                    ) -> FinishSettings:
    """What the finishing steps need: mkdocs.yml's ``settings``, the club's colour, short name and language."""
    from warmup.finish.steps import FinishSettings

    return FinishSettings(settings.site_name, settings.site_description, settings.site_url, settings.directory_urls,
                          settings.own_assets, settings.favicon, theme_color, short_name, language, offline)


def _read(project: Project, settings: SiteSettings, progress: Progress, cache: RenderCache) -> Rendering:
    with progress.stage("check content"):
        library = load_library(project.content_dir, project.templates_dir, cache)
    return Rendering(library, project.content_dir, project.templates_dir, settings.site_url,
                     content_editor_address(settings), cache)


def _earlier(project: Project, rendering: Rendering) -> dict[str, bytes]:
    """What docs/ holds where the drawn files go (an earlier build's), or an empty file."""
    return {path: (project.docs_dir / path).read_bytes() if (project.docs_dir / path).is_file() else b""
            for path in rendering.drawn_paths()}


def _resolved(pages: GeneratedFiles, drawn: GeneratedFiles) -> GeneratedFiles:
    return {path: resolved(page.encode("utf-8"), drawn) if isinstance(page, str) else page
            for path, page in pages.items()}
