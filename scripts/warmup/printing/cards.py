"""Render the model into one-page printable cards (PDF) with WeasyPrint, and a preview picture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from warmup.printing.card_fitting import LAYOUTS, Paper, fit_on_one_page
from warmup.content.library import Library, Routine
from warmup.paths import CARDS_FOLDER, card_file, card_preview_file
from warmup.problems import BuildError
from warmup.printing.pdf_renderer import font_configuration, lay_out
from warmup.printing.qr import qr_svg_data_uri
from warmup.printing.raster import pdf_to_png
from warmup.printing.parallel import draw_in_parallel
from warmup.printing.render_cache import RenderCache, folder_digest

if TYPE_CHECKING:
    from weasyprint import Document

PAPERS = {"a4": Paper("A4", 210, 297), "letter": Paper("Letter", 215.9, 279.4)}
PREVIEW_PAPER = "a4"
PREVIEW_WIDTH_PX = 600  # sharp at twice the ~300 px a phone shows it at, and light on a weak signal

# PDF/UA-1: a tagged PDF (headings, lists, the QR's alt text) that screen readers can follow.
# pdf_identifier=True makes the file identifier a hash of the content instead of leaving it out,
# so two builds of the same content stay byte-identical.
_PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}


def parents_page_url(library: Library, site_url: str) -> str:
    """The full address of the parents' page, which every card's QR code leads to."""
    return site_url.rstrip("/") + "/" + library.parents_page.address + "/"


def render_cards(library: Library, templates_dir: Path, site_url: str, cache: RenderCache) -> dict[str, bytes]:
    """Every routine's card as PDF on every paper, and its preview as PNG, keyed by path inside docs/."""
    drawer, keys = _drawer_and_keys(library, templates_dir, site_url, cache)
    drawn = {slug: cache.get(key) for slug, key in keys.items()}
    missing = [slug for slug, files in drawn.items() if files is None]
    for slug, files in zip(missing, draw_in_parallel(drawer.draw, missing)):
        cache.put(keys[slug], files)
        drawn[slug] = files
    return {f"{CARDS_FOLDER}/{name}": data for files in drawn.values() for name, data in files.items()}


def check_cards_fit(library: Library, templates_dir: Path, site_url: str, cache: RenderCache) -> None:
    """BuildError when a card does not fit on one page; lays out in memory only what was never drawn."""
    drawer, keys = _drawer_and_keys(library, templates_dir, site_url, cache)
    draw_in_parallel(drawer.check_fits, [slug for slug, key in keys.items() if not cache.has(key)])


def _drawer_and_keys(library: Library, templates_dir: Path, site_url: str,
                     cache: RenderCache) -> tuple["CardDrawer", dict[str, str]]:
    if not site_url:
        raise BuildError("mkdocs.yml: site_url is not set; the cards' QR code needs the website's full address, "
                         "e.g. site_url: https://example.org/warmups/")
    drawer = CardDrawer(library, templates_dir, site_url)
    assets = folder_digest(templates_dir / "card")
    # The roomiest layout's HTML holds all a card shows; the other layouts differ by a class.
    keys = {routine.slug: cache.key("cards", *(drawer.html(routine, LAYOUTS[0].css_class, paper.page_size)
                                                for paper in PAPERS.values()), assets)
            for routine in library.routines}
    return drawer, keys


class CardDrawer:
    """Draws one routine's cards at a time; it can be sent to a helper process to draw there."""

    def __init__(self, library: Library, templates_dir: Path, site_url: str):
        self.library, self.templates_dir, self.site_url = library, templates_dir, site_url
        self._prepare()

    def __getstate__(self):
        return {"library": self.library, "templates_dir": self.templates_dir, "site_url": self.site_url}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._prepare()

    def _prepare(self) -> None:
        card_templates = self.templates_dir / "card"
        environment = Environment(loader=FileSystemLoader(card_templates), undefined=StrictUndefined,
                                  autoescape=select_autoescape(default=True))
        self.template = environment.get_template("card.html.j2")
        self.parents_url = parents_page_url(self.library, self.site_url)
        self.qr = qr_svg_data_uri(self.parents_url)
        self.base_url = str(card_templates) + "/"
        self.fonts = None

    def html(self, routine: Routine, layout: str, page_size: str) -> str:
        return self.template.render(club=self.library.club, routine=routine, page_size=page_size, layout=layout,
                                    parents_url=self.parents_url, parents_title=self.library.parents_page.title,
                                    qr=self.qr)

    def draw(self, routine_slug: str) -> dict[str, bytes]:
        """The routine's card on every paper and its preview picture, keyed by file name."""
        drawn = {card_file(routine_slug, paper_key): document.write_pdf(**_PDF_OPTIONS)
                 for paper_key, document in self._fitted(routine_slug)}
        preview_source = drawn[card_file(routine_slug, PREVIEW_PAPER)]
        drawn[card_preview_file(routine_slug)] = pdf_to_png(preview_source, PREVIEW_WIDTH_PX, grey_levels=16)
        return {Path(path).name: data for path, data in drawn.items()}

    def check_fits(self, routine_slug: str) -> None:
        """BuildError when the routine's card fits on no paper; nothing is written."""
        for _ in self._fitted(routine_slug):
            pass

    def _fitted(self, routine_slug: str) -> Iterator[tuple[str, "Document"]]:
        routine = next(r for r in self.library.routines if r.slug == routine_slug)
        self.fonts = self.fonts or font_configuration()
        layout = 0
        for paper_key, paper in PAPERS.items():
            document, layout = fit_on_one_page(
                lambda css_class, page_size: lay_out(self.html(routine, css_class, page_size), self.base_url,
                                                     self.fonts, **_PDF_OPTIONS), routine, paper, first_try=layout)
            yield paper_key, document
