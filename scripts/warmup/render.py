"""One model, rendered: its pages, the pictures they show, and its drawings (cards, previews, share picture).

Every output is made from the same model and differs only in its templates. The pipeline
(pipeline.py) decides the order; this says what each rendering is made of.
"""

from __future__ import annotations

from pathlib import Path

from warmup.catalog import load_catalog
from warmup.content.colors import Palette
from warmup.content.library import Library, identity_files, illustration_files
from warmup.figures import figures_kept_in
from warmup.printing.cards import card_drawings, card_files, card_paths, check_cards_fit
from warmup.problems import templates_reported
from warmup.render_cache import Drawing, RenderCache
from warmup.site.club_style import club_stylesheet
from warmup.site.icons import render_icons
from warmup.site.moving_figures import moving_figures_files
from warmup.site.pages import render_pages
from warmup.site.printed_sizes import PrintedSizes
from warmup.site.share_image import share_image, share_image_drawing, share_image_files

GeneratedFiles = dict[str, str | bytes]


class Rendering:
    """What is made from one model, for one site address; drawings are kept in (and reused from) ``cache``."""

    def __init__(self, library: Library, content_dir: Path, templates_dir: Path, site_url: str, editor: str | None,
                 cache: RenderCache):
        """``editor``: the repository's web editor, where each page's "Edit this page" leads (edit_links.py)."""
        self.library, self.content_dir, self.templates_dir, self.site_url = library, content_dir, templates_dir, site_url
        self.editor, self.cache = editor, cache
        self.identity = identity_files(library)
        # Read first: a catalog that lacks a word stops the build before anything is drawn.
        self.catalog = load_catalog(templates_dir, library.club.language_tag)

    def check_cards_fit(self) -> None:
        """BuildError when a piece does not fit its page; what was never drawn is laid out in memory only."""
        with templates_reported(), figures_kept_in(self.cache):
            check_cards_fit(self.library, self.content_dir, self.templates_dir, self.site_url, self.cache)

    def drawings(self) -> list[Drawing]:
        """What to draw: the share picture and every card. A routine too long for a card stops the build here,
        before anything is laid out."""
        with templates_reported(), figures_kept_in(self.cache):
            # The longest first, so that no helper is left with it at the end.
            return [share_image_drawing(self.library, self.templates_dir, self.cache.compiled_templates()),
                    *card_drawings(self.library, self.content_dir, self.templates_dir, self.site_url, self.cache)]

    def drawn_paths(self) -> list[str]:
        """Where the drawn files go, inside docs/: known before they are drawn."""
        return [*card_paths(self.library), share_image(self.library).path]

    def drawn(self, drawings: list[Drawing]) -> GeneratedFiles:
        """The drawn files keyed by path inside docs/: from the cache, or drawn now, side by side."""
        with templates_reported(), figures_kept_in(self.cache):
            share_drawn, *cards_drawn = self.cache.fetch_all(drawings)
        return {**card_files(cards_drawn), **share_image_files(self.library, share_drawn)}

    def pages(self, sizes: PrintedSizes) -> GeneratedFiles:
        """The pages and the pictures they show, the site's icons and styles: every file but the drawn ones."""
        with templates_reported(), figures_kept_in(self.cache):
            files: GeneratedFiles = dict(render_pages(self.library, self.templates_dir, sizes, self.editor,
                                                      self.cache.compiled_templates()))
            files.update(illustration_files(self.library, self.content_dir, self.cache))
            files.update(self.identity)
            files.update(club_stylesheet(self.library))
            files.update(moving_figures_files(self.library))
            files.update(render_icons(self.cache, self.theme_color))
        return files

    @property
    def theme_color(self) -> str:
        return Palette.of(self.library.club).primary
