"""Render the model into one-page printable cards (PDF) with WeasyPrint, and a preview picture."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration

from .card_fitting import Paper, fit_on_one_page
from .library import Library, Routine
from .pages import PARENTS_PAGE, card_file
from .problems import BuildError
from .qr import qr_svg_data_uri
from .raster import pdf_to_png

PAPERS = {"a4": Paper("A4", 210, 297), "letter": Paper("Letter", 215.9, 279.4)}
PREVIEW_PAPER = "a4"
PREVIEW_WIDTH_PX = 600  # sharp at twice the ~300 px a phone shows it at, and light on a weak signal

# A card is built with no network: fonts, pictures and styles ship with the project,
# and a missing one stops the build instead of quietly printing without it.
_LOCAL_FILES_ONLY = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)

# PDF/UA-1: a tagged PDF (headings, lists, the QR's alt text) that screen readers can follow.
# pdf_identifier=True makes the file identifier a hash of the content instead of leaving it out,
# so two builds of the same content stay byte-identical.
_PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}


def card_preview_file(routine_slug: str) -> str:
    """Where the PNG preview of a routine's card lives, relative to the docs and site folders."""
    return f"cards/{routine_slug}-preview.png"


def parents_page_url(site_url: str) -> str:
    """The full address of the parents' page, which every card's QR code leads to."""
    return site_url.rstrip("/") + "/" + PARENTS_PAGE.removesuffix(".md") + "/"


def render_cards(library: Library, templates_dir: Path, site_url: str) -> dict[str, bytes]:
    """Every routine's card as PDF on every paper, and its preview as PNG, keyed by path inside docs/."""
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
    # One font configuration for every card of the build: WeasyPrint unpacks each font file once.
    fonts = FontConfiguration()

    cards = {}
    for routine in library.routines:
        def render(layout: str, page_size: str, routine: Routine = routine):
            html = template.render(club=library.club, routine=routine, page_size=page_size, layout=layout,
                                   parents_url=parents_url, qr=qr)
            source = HTML(string=html, base_url=base_url, url_fetcher=_LOCAL_FILES_ONLY)
            return source.render(font_config=fonts, **_PDF_OPTIONS)

        for paper_key, paper in PAPERS.items():
            document = fit_on_one_page(render, routine, paper)
            cards[card_file(routine.slug, paper_key)] = document.write_pdf(**_PDF_OPTIONS)
        cards[card_preview_file(routine.slug)] = pdf_to_png(cards[card_file(routine.slug, PREVIEW_PAPER)],
                                                            PREVIEW_WIDTH_PX, grey_levels=16)
    return cards
