"""The parents' page's share preview: the picture a messaging app shows beside a shared link.

Drawn at build time like the cards (HTML → WeasyPrint PDF → PNG), from project files only:
no network, and the same content always gives the same bytes.
"""

from __future__ import annotations

import base64
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from warmup.catalog import catalog_globals
from warmup.content.colors import Palette
from warmup.content.library import Library
from warmup.figures import figure_svg
from warmup.paths import SHARE_FOLDER
from warmup.printing.pdf_renderer import lay_out, svg_picture
from warmup.printing.raster import pdf_to_png
from warmup.render_cache import Drawing, folder_digest

# 1200×630 is the size Open Graph and Twitter's large summary cards are made for.
WIDTH_PX, HEIGHT_PX = 1200, 630


@dataclass(frozen=True)
class ShareImage:
    """What a page's front matter says about its share picture."""

    path: str  # inside docs/ and site/
    width: int
    height: int
    alt: str


def share_image(library: Library) -> ShareImage:
    routine, page = library.parents_routine, library.parents_page
    names = ", ".join(exercise.details.name for exercise in routine.exercises)
    alt = f"{page.title}: {library.club.name}, {routine.details.title}: {names}"
    return ShareImage(f"{SHARE_FOLDER}/{page.address}.png", WIDTH_PX, HEIGHT_PX, alt)


def share_image_drawing(library: Library, templates_dir: Path, bytecode_cache: BytecodeCache | None = None
                        ) -> Drawing:
    """The parents' page's PNG preview, to draw, with the club's logo as published, if any."""
    share_templates, fonts_dir = templates_dir / "share", templates_dir / "card" / "fonts"
    environment = Environment(loader=FileSystemLoader(share_templates), undefined=StrictUndefined,
                              autoescape=select_autoescape(default=True), bytecode_cache=bytecode_cache)
    environment.globals.update(catalog_globals(library.club, templates_dir))
    html = environment.get_template("share.html.j2").render(
        club=library.club, routine=library.parents_routine, page=library.parents_page,
        palette=Palette.of(library.club),
        # Inside the page, so the drawing (and its cache key) follows the logo's content.
        logo_url=("data:image/svg+xml;base64," + base64.b64encode(library.logo_svg).decode("ascii")
                  if library.logo_svg else None),
        width_px=WIDTH_PX, height_px=HEIGHT_PX, figure=_figure_in(Palette.of(library.club).on_primary),
        font_faces=_card_font_faces(fonts_dir, share_templates))
    name = Path(share_image(library).path).name  # the cache keeps plain file names
    return Drawing(("share image", html, folder_digest(share_templates), folder_digest(fonts_dir)),
                   functools.partial(_draw, html, str(share_templates) + "/", name))


def share_image_files(library: Library, drawn: dict[str, bytes]) -> dict[str, bytes]:
    """The drawn preview keyed by its path inside docs/."""
    path = share_image(library).path
    return {path: drawn[Path(path).name]}


def _draw(html: str, base_url: str, name: str) -> dict[str, bytes]:
    return {name: pdf_to_png(lay_out(html, base_url).write_pdf(), WIDTH_PX)}


def _figure_in(ink: str):
    """An exercise's small drawing in ``ink``, beside its name (which says the same: no alternative text)."""
    def figure(exercise) -> Markup:
        return svg_picture(str(figure_svg(exercise, "single", decorative=True)), ink, "")
    return figure


def _card_font_faces(fonts_dir: Path, page_dir: Path) -> list[dict[str, str]]:
    """The card's typeface (shipped in templates/card/fonts/), regular and bold, for @font-face, each addressed
    relative to ``page_dir``: the page, and so the drawing's cache key, is then the same wherever the project is.

    Found by weight rather than by file name, so the picture follows the card's font files
    whichever format they are kept in.
    """
    faces = []
    for weight in ("400", "700"):
        found = sorted(fonts_dir.glob(f"*-{weight}.*"))
        if found:
            faces.append({"weight": weight, "url": Path(os.path.relpath(found[0], page_dir)).as_posix()})
    return faces
