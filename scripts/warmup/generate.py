"""Content in, every generated file out: the pipeline from one model to two renderings."""

from __future__ import annotations

from pathlib import Path

from warmup.content.colors import Palette
from warmup.printing.cards import card_drawings, card_files, check_cards_fit
from warmup.content.library import Library, identity_files, illustration_files, load_library
from warmup.figures import figures_kept_in
from warmup.finish.offline import render_icons
from warmup.site.club_style import club_stylesheet
from warmup.site.edit_links import content_editor_address
from warmup.site.moving_figures import moving_figures_files
from warmup.site.pages import render_pages
from warmup.progress import Stage, no_progress
from warmup.printing.render_cache import RenderCache
from warmup.site.share_image import share_image_drawing, share_image_files

GeneratedFiles = dict[str, str | bytes]


def generate(content_dir: Path, templates_dir: Path, site_url: str, stage: Stage = no_progress,
             cache_dir: Path | None = None, check_only: bool = False) -> tuple[Library, GeneratedFiles]:
    """The model, and its pages and cards keyed by path inside docs/.

    Cards, figures and pictures drawn by an earlier build are reused from ``cache_dir`` when
    nothing they are drawn from changed. ``check_only`` changes no file: cards not drawn
    before are only laid out in memory to see that they fit, and are left out.
    """
    with stage("check content"):
        library = load_library(content_dir)
    # Content sits beside mkdocs.yml, which says where the repository's web editor is.
    editor = content_editor_address(content_dir.parent)
    cache = RenderCache(cache_dir, keep=not check_only)
    with figures_kept_in(cache):
        files = _render(library, content_dir, templates_dir, site_url, stage, cache, editor, check_only)
    cache.forget_unused()
    return library, files


def _render(library: Library, content_dir: Path, templates_dir: Path, site_url: str, stage: Stage,
            cache: RenderCache, editor: str | None, check_only: bool) -> GeneratedFiles:
    if check_only:  # nothing is written: the pages only show their templates work
        with stage("check cards fit"):
            check_cards_fit(library, content_dir, templates_dir, site_url, cache)
        with stage("render pages"):
            files: GeneratedFiles = dict(render_pages(library, templates_dir, {}, editor))
        files.update(illustration_files(library, content_dir))
        return files
    identity = identity_files(library, content_dir)
    with stage("draw cards, pictures"):
        # Side by side, the longest first so that no helper is left with it at the end. First: the print
        # page lists each printed file with its size.
        share_drawn, *cards_drawn = cache.fetch_all([
            share_image_drawing(library, templates_dir, next(iter(identity.values()), None)),
            *card_drawings(library, content_dir, templates_dir, site_url, cache)])
        cards = card_files(cards_drawn)
    with stage("render pages"):
        files = dict(render_pages(library, templates_dir, cards, editor))
        files.update(illustration_files(library, content_dir))
        files.update(identity)
        files.update(club_stylesheet(library))
        files.update(moving_figures_files(library))
        files.update(cards)
        files.update(share_image_files(library, share_drawn))
        files.update(render_icons(cache, Palette.of(library.club).primary))
    return files

