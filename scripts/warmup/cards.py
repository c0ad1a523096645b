"""Render the model into one-page printable cards (PDF) with WeasyPrint, and a preview picture."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from .card_fitting import LAYOUTS, Paper, fit_on_one_page
from .library import Library, Routine
from .pages import CARDS_FOLDER, PARENTS_PAGE, card_file
from .problems import BuildError
from .pdf_renderer import font_configuration, lay_out
from .qr import qr_svg_data_uri
from .raster import pdf_to_png
from .render_cache import RenderCache, folder_digest

PAPERS = {"a4": Paper("A4", 210, 297), "letter": Paper("Letter", 215.9, 279.4)}
PREVIEW_PAPER = "a4"
PREVIEW_WIDTH_PX = 600  # sharp at twice the ~300 px a phone shows it at, and light on a weak signal

# PDF/UA-1: a tagged PDF (headings, lists, the QR's alt text) that screen readers can follow.
# pdf_identifier=True makes the file identifier a hash of the content instead of leaving it out,
# so two builds of the same content stay byte-identical.
_PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}


def card_preview_file(routine_slug: str) -> str:
    """Where the PNG preview of a routine's card lives, relative to the docs and site folders."""
    return f"{CARDS_FOLDER}/{routine_slug}-preview.png"


def parents_page_url(site_url: str) -> str:
    """The full address of the parents' page, which every card's QR code leads to."""
    return site_url.rstrip("/") + "/" + PARENTS_PAGE.removesuffix(".md") + "/"


def render_cards(library: Library, templates_dir: Path, site_url: str,
                 cache: RenderCache | None = None) -> dict[str, bytes]:
    """Every routine's card as PDF on every paper, and its preview as PNG, keyed by path inside docs/."""
    cache = cache or RenderCache(None)
    if not site_url:
        raise BuildError("mkdocs.yml: site_url is not set; the cards' QR code needs the website's full address, "
                         "e.g. site_url: https://example.org/warmups/")
    card_templates = templates_dir / "card"
    environment = Environment(
        loader=FileSystemLoader(card_templates),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True),
    )
    template = environment.get_template("card.html.j2")
    parents_url = parents_page_url(site_url)
    qr = qr_svg_data_uri(parents_url)
    base_url = str(card_templates) + "/"
    assets = folder_digest(card_templates)
    fonts = None

    def html(routine: Routine, layout: str, page_size: str) -> str:
        return template.render(club=library.club, routine=routine, page_size=page_size, layout=layout,
                               parents_url=parents_url, qr=qr)

    def draw(routine: Routine) -> dict[str, bytes]:
        nonlocal fonts
        fonts = fonts or font_configuration()
        drawn, layout = {}, 0
        for paper_key, paper in PAPERS.items():
            document, layout = fit_on_one_page(
                lambda css_class, page_size: lay_out(html(routine, css_class, page_size), base_url, fonts,
                                                     **_PDF_OPTIONS), routine, paper, first_try=layout)
            drawn[card_file(routine.slug, paper_key)] = document.write_pdf(**_PDF_OPTIONS)
        preview_source = drawn[card_file(routine.slug, PREVIEW_PAPER)]
        drawn[card_preview_file(routine.slug)] = pdf_to_png(preview_source, PREVIEW_WIDTH_PX, grey_levels=16)
        return {Path(path).name: data for path, data in drawn.items()}

    cards = {}
    for routine in library.routines:
        # The roomiest layout's HTML holds all a card shows; the other layouts differ by a class.
        roomiest = [html(routine, LAYOUTS[0].css_class, paper.page_size) for paper in PAPERS.values()]
        drawn = cache.fetch(lambda: draw(routine), "cards", *roomiest, assets)
        cards.update({f"{CARDS_FOLDER}/{name}": data for name, data in drawn.items()})
    return cards
