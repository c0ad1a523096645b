"""Render the model into one-page printable cards (PDF) with WeasyPrint."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import HTML, URLFetcher

from .library import Library, Routine
from .pages import card_file
from .problems import BuildError

PAPERS = {"a4": "A4", "letter": "Letter"}

# A card is built with no network: fonts, pictures and styles ship with the project,
# and a missing one stops the build instead of quietly printing without it.
_LOCAL_FILES_ONLY = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


def render_cards(library: Library, templates_dir: Path, site_url: str) -> dict[str, bytes]:
    """PDF bytes of every routine's card on every paper, keyed by path inside docs/."""
    card_templates = templates_dir / "card"
    environment = Environment(
        loader=FileSystemLoader(card_templates),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True),
    )
    template = environment.get_template("card.html.j2")
    cards = {}
    for routine in library.routines:
        for paper, page_size in PAPERS.items():
            html = template.render(club=library.club, routine=routine, page_size=page_size, site_url=site_url)
            document = HTML(string=html, base_url=str(card_templates) + "/", url_fetcher=_LOCAL_FILES_ONLY).render()
            _check_one_page(routine, paper, len(document.pages))
            cards[card_file(routine.slug, paper)] = document.write_pdf()
    return cards


def _check_one_page(routine: Routine, paper: str, page_count: int) -> None:
    if page_count != 1:
        raise BuildError(
            f"{routine.source}: the {PAPERS[paper]} card needs {page_count} pages but must fit on one; "
            "shorten the routine's texts or move an exercise to another routine")

