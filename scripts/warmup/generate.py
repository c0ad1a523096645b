"""Content in, every generated file out: the pipeline from one model to two renderings.

The pages and the drawings (cards, their previews, the share picture) are made in two steps,
so that `warmup build` can have an engine build the pages while helpers draw: until then the
print page shows each printed file's size as a stand-in (site/printed_sizes.py).
"""

from __future__ import annotations

from pathlib import Path

from warmup.content.colors import Palette
from warmup.printing.cards import card_drawings, card_files, card_paths, check_cards_fit
from warmup.content.library import Library, identity_files, illustration_files, load_library
from warmup.figures import figures_kept_in
from warmup.finish.offline import render_icons
from warmup.site.club_style import club_stylesheet
from warmup.site.edit_links import content_editor_address
from warmup.site.moving_figures import moving_figures_files
from warmup.site.pages import render_pages
from warmup.progress import Stage, no_progress
from warmup.printing.render_cache import Drawing, RenderCache
from warmup.site.share_image import share_image, share_image_drawing, share_image_files

GeneratedFiles = dict[str, str | bytes]


def generate(content_dir: Path, templates_dir: Path, site_url: str, stage: Stage = no_progress,
             cache_dir: Path | None = None, check_only: bool = False) -> tuple[Library, GeneratedFiles]:
    """The model, and its pages and cards keyed by path inside docs/.

    Cards, figures and pictures drawn by an earlier build are reused from ``cache_dir`` when
    nothing they are drawn from changed. ``check_only`` changes no file: cards not drawn
    before are only laid out in memory to see that they fit, and are left out.
    """
    generation = Generation(content_dir, templates_dir, site_url, stage, cache_dir, keep=not check_only)
    if check_only:  # nothing is written: the pages only show their templates work
        generation.check_cards_fit()
        with stage("render pages"):
            files = generation.site_pages(printed={})
    else:
        drawings = generation.drawings()
        with stage("draw cards, pictures"):
            drawn = generation.draw(drawings)
        with stage("render pages"):
            files = {**generation.pages(drawn), **drawn}
    generation.done()
    return generation.library, files


class Generation:
    """One build's model and what is made from it: its pages, and its drawings, in either order."""

    def __init__(self, content_dir: Path, templates_dir: Path, site_url: str, stage: Stage = no_progress,
                 cache_dir: Path | None = None, keep: bool = True):
        with stage("check content"):
            self.library = load_library(content_dir)
        self.content_dir, self.templates_dir, self.site_url, self.stage = content_dir, templates_dir, site_url, stage
        # Content sits beside mkdocs.yml, which says where the repository's web editor is.
        self.editor = content_editor_address(content_dir.parent)
        self.cache = RenderCache(cache_dir, keep=keep)
        self.identity = identity_files(self.library)

    def check_cards_fit(self) -> None:
        with self.stage("check cards fit"), figures_kept_in(self.cache):
            check_cards_fit(self.library, self.content_dir, self.templates_dir, self.site_url, self.cache)

    def drawings(self) -> list[Drawing]:
        """What to draw: the share picture and every card. A routine too long for a card stops the build here,
        before anything is laid out."""
        with figures_kept_in(self.cache):
            # The longest first, so that no helper is left with it at the end.
            return [share_image_drawing(self.library, self.templates_dir),
                    *card_drawings(self.library, self.content_dir, self.templates_dir, self.site_url, self.cache)]

    def drawn_paths(self) -> list[str]:
        """Where the drawn files go, inside docs/: known before they are drawn."""
        return [*card_paths(self.library), share_image(self.library).path]

    def draw(self, drawings: list[Drawing]) -> GeneratedFiles:
        """The drawn files keyed by path inside docs/, from the cache or drawn now, side by side."""
        with figures_kept_in(self.cache):
            share_drawn, *cards_drawn = self.cache.fetch_all(drawings)
        return {**card_files(cards_drawn), **share_image_files(self.library, share_drawn)}

    def site_pages(self, printed: GeneratedFiles | None) -> GeneratedFiles:
        """The pages and the pictures they show; ``printed``: the drawn files, whose sizes the print page lists
        (None: not drawn yet, stand-ins instead)."""
        with figures_kept_in(self.cache):
            files: GeneratedFiles = dict(render_pages(self.library, self.templates_dir, printed, self.editor))
        files.update(illustration_files(self.library, self.content_dir))
        return files

    def pages(self, printed: GeneratedFiles | None) -> GeneratedFiles:
        """Every file but the drawn ones (``printed`` as for site_pages)."""
        files = self.site_pages(printed)
        with figures_kept_in(self.cache):
            files.update(self.identity)
            files.update(club_stylesheet(self.library))
            files.update(moving_figures_files(self.library))
            files.update(render_icons(self.cache, Palette.of(self.library.club).primary))
        return files

    def done(self) -> None:
        """Forget the drawings this build did not use."""
        self.cache.forget_unused()
