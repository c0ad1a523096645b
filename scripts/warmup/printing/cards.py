"""Render the model into the printed family (PDF) with WeasyPrint, each with a preview picture.

Every routine gets every format of formats.py: the card (A4, Letter), the poster (A3,
Tabloid) and the pocket cards (on A4, on Letter). Each is kept in the render cache on its
own, so an edit redraws only the formats that show what changed.
"""

from __future__ import annotations

import base64
import functools
import gc
import hashlib
import io
import json
import math
import mimetypes
import os
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from warmup.catalog import catalog_globals
from warmup.content.colors import WHITE, contrast, mix
from warmup.content.library import Exercise, Library, Routine
from warmup.paths import CARDS_FOLDER, ILLUSTRATIONS, card_file, card_preview_file
from warmup.printing.card_fitting import (MM_PER_PT, LetterWidths, Sizes, check_not_too_long, fit,
                                          natural_height_mm, poster_shortest_mm, repeat_piece, rounded_up,
                                          spread_out)
from warmup.printing.formats import FORMATS, PREVIEWED, PrintFormat
from warmup.printing.hyphenation import soft_hyphenation
from warmup.parallel import draw_in_parallel
from warmup.printing.pdf_renderer import font_configuration, lay_out, stylesheet, svg_picture
from warmup.printing.raster import pdf_to_png
from warmup.render_cache import Drawing, RenderCache, folder_digest
from warmup.problems import BuildError

if TYPE_CHECKING:
    from weasyprint import Document

# Sharp at twice the 120 px the print page shows it at; four greys are enough for a thumbnail of a black-and-white
# sheet, and keep the six of a routine light on a weak signal.
PREVIEW_WIDTH_PX, PREVIEW_GREYS = 240, 4

# PDF/UA-1: a tagged PDF (headings, lists, the figures' and the QR's alt text) that screen readers
# can follow. pdf_identifier=True makes the file identifier a hash of the content instead of
# leaving it out, so two builds of the same content stay byte-identical.
_PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}
# Which of the figures API's drawings each kind shows: every key position on the card and the
# poster, one picture where it is small.
_FIGURE_LAYOUT = {"card": "sequence", "poster": "sequence", "pocket": "single"}
# The poster shows each figure's key positions side by side or one above the other, whichever is larger in its tile.
_WALL_LAYOUTS = ("sequence", "stacked")
BLACK = "#000000"
PRINT_CONTRAST = 7
_REGULAR_FONT = "atkinson-hyperlegible-400.ttf"  # card.css: the font of every long text
_BOLD_FONT = "atkinson-hyperlegible-700.ttf"  # card.css: the titles'
_VIEW_BOX = re.compile(r'viewBox="([^"]+)"')
# What writes a piece's page besides warmup's code (in every key) and the project's files: the templates' engine,
# its escaping, the hyphenation dictionaries, the numbers' and plurals' rules, the QR codes.
_PAGE_LIBRARIES = tuple(f"{name} {version(name)}" for name in ("jinja2", "markupsafe", "pyphen", "babel", "segno"))


def parents_page_url(library: Library, site_url: str) -> str:
    """The full address of the parents' page, which the card's and the poster's "For parents" code leads to."""
    return site_url.rstrip("/") + "/" + library.parents_page.address + "/"


def routine_start_url(routine: Routine, site_url: str) -> str:
    """The full address that opens the routine's page with its follow-along started (follow-along.js reads
    the #start), which every printed piece's "Start the routine" code leads to."""
    return f"{site_url.rstrip('/')}/routines/{routine.slug}/#start"


def card_drawings(library: Library, content_dir: Path, templates_dir: Path, site_url: str,
                  cache: RenderCache) -> list[Drawing]:
    """Every routine in every format, to draw as PDF with its preview; a routine that cannot fit a format
    stops the build here, before anything is laid out."""
    drawer, inputs = _drawer_and_inputs(library, content_dir, templates_dir, site_url, cache)
    _not_drawn_before(inputs, cache, templates_dir)
    return [Drawing(key_inputs, functools.partial(drawer.draw, (routine.slug, print_format.key)))
            for (routine, print_format), key_inputs in inputs.items()]


def card_paths(library: Library) -> list[str]:
    """Where every routine's printed files go, inside docs/: known before they are drawn."""
    paths = []
    for routine in library.routines:
        for f in FORMATS:
            paths.append(card_file(routine.slug, f.key))
            if f.key in PREVIEWED:
                paths.append(card_preview_file(routine.slug, f.key))
    return paths


def card_files(drawn: list[dict[str, bytes]]) -> dict[str, bytes]:
    """The drawn cards' files keyed by path inside docs/."""
    return {f"{CARDS_FOLDER}/{name}": data for files in drawn for name, data in files.items()}


def check_cards_fit(library: Library, content_dir: Path, templates_dir: Path, site_url: str,
                    cache: RenderCache) -> None:
    """BuildError when a piece does not fit on one page; lays out in memory only what was never drawn."""
    drawer, inputs = _drawer_and_inputs(library, content_dir, templates_dir, site_url, cache)
    draw_in_parallel(drawer.check_fits, _not_drawn_before(inputs, cache, templates_dir))


def _drawer_and_inputs(library: Library, content_dir: Path, templates_dir: Path, site_url: str, cache: RenderCache
                       ) -> tuple["CardDrawer", dict[tuple[Routine, PrintFormat], tuple[str, ...]]]:
    if not site_url:
        raise BuildError("mkdocs.yml: site_url is not set; the cards' QR code needs the website's full address, "
                         "e.g. site_url: https://example.org/warmups/ (GitHub's publishing workflow gives it "
                         "by itself)")
    drawer = CardDrawer(library, content_dir, templates_dir, site_url, cache)
    assets = folder_digest(templates_dir / "card")
    pages = _page_digests(drawer, content_dir, templates_dir, site_url, cache)
    inputs = {(routine, f): ("print", pages[_piece_name(routine, f)], assets)
              for routine in library.routines for f in FORMATS}
    return drawer, inputs


def _page_digests(drawer: "CardDrawer", content_dir: Path, templates_dir: Path, site_url: str, cache: RenderCache
                  ) -> dict[str, str]:
    """A hash of each piece's page at its floor sizes, which holds all the piece shows (other sizes differ only in
    numbers): what keys its drawing. Kept in the render cache under everything the pages are made from (content/,
    templates/, the site's address, the libraries that write them), so that a build in which none of these changed
    renders none of the pages only to learn that their drawings are kept (a warm build's largest own step). What the
    pages were made from in the cache (figures, QR codes, letter widths) stays kept for the build that renders them."""
    def rendered() -> dict[str, bytes]:
        with cache.recording() as made_from:
            digests = {_piece_name(routine, f): hashlib.sha256(
                drawer.html(routine, Sizes(f, f.text_floor_pt, f.columns[0])).encode("utf-8")).hexdigest()
                for routine in drawer.library.routines for f in FORMATS}
        return {"pages.json": json.dumps(digests).encode(), "made-from.json": json.dumps(sorted(made_from)).encode()}

    kept = cache.fetch(rendered, "printed pages", folder_digest(content_dir, links_followed=False),
                       folder_digest(templates_dir), site_url, *_PAGE_LIBRARIES)
    cache.still_using(json.loads(kept["made-from.json"]))
    return json.loads(kept["pages.json"])


def _piece_name(routine: Routine, print_format: PrintFormat) -> str:
    return f"{routine.slug} {print_format.key}"


def _not_drawn_before(inputs: dict[tuple[Routine, PrintFormat], tuple[str, ...]], cache: RenderCache,
                      templates_dir: Path) -> list[tuple[str, str]]:
    """The (routine, format) names not in the cache, once what cannot fit has been found without laying
    anything out; helper processes are sent names, not the model's objects."""
    missing = [item for item, key_inputs in inputs.items() if not cache.has(cache.key(*key_inputs))]
    if missing:
        letters = LetterWidths(templates_dir / "card" / "fonts" / _REGULAR_FONT, cache)
        for routine, print_format in missing:
            check_not_too_long(routine, print_format, letters)
    return [(routine.slug, print_format.key) for routine, print_format in missing]


def print_ink(colour: str) -> str:
    """The club's colour as the printed pieces use it: behind white numbers and as title ink, darkened
    where needed until both keep 7:1 (WCAG AAA) even from a black-and-white printer."""
    for step in range(21):
        ink = mix(colour, BLACK, step / 20)
        if contrast(ink, WHITE) >= PRINT_CONTRAST:
            return ink
    return BLACK


def _data_uri(data: bytes, kind: str) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


@dataclass(frozen=True)
class Picture:
    markup: Markup
    width: float  # its shape, in any unit: the template scales it to its box
    height: float


@dataclass(frozen=True)
class WallFigure:
    """The poster's picture of one exercise, its box in mm, and each position's name with the room under its
    drawing that it is written in: (name, left, top, width), as fractions of the box."""

    picture: Picture
    width: float
    height: float
    captions: tuple[tuple[str, float, float, float], ...] = ()


# The poster's position names: the how-to's size (read from across the room), on lines this tall (card.css).
CAPTION_LINE_HEIGHT = 1.15


def _drawer_in_helper(sender: tuple[int, int], state: dict) -> "CardDrawer":
    if not _DRAWERS_RECEIVED:
        # A helper process ends without calling destructors (os._exit), and WeasyPrint removes the folder it
        # unpacks the fonts into (in the system's temporary folder) only in its font configuration's: forgotten
        # when the helper ends, so that no build leaves folders behind.
        from multiprocessing.util import Finalize

        Finalize(None, _forget_drawers, exitpriority=0)
    if sender not in _DRAWERS_RECEIVED:
        _DRAWERS_RECEIVED[sender] = CardDrawer(**state)
    return _DRAWERS_RECEIVED[sender]


def _forget_drawers() -> None:
    _DRAWERS_RECEIVED.clear()
    gc.collect()  # a drawer's fonts may be held in a reference cycle


_DRAWERS_RECEIVED: dict[tuple[int, int], "CardDrawer"] = {}


class CardDrawer:
    """Draws one routine in one format at a time; it can be sent to a helper process to draw there."""

    def __init__(self, library: Library, content_dir: Path, templates_dir: Path, site_url: str,
                 cache: RenderCache):
        self.library, self.content_dir = library, content_dir
        self.templates_dir, self.site_url = templates_dir, site_url
        self.cache = cache  # where helper processes, too, find the figures already drawn
        self._prepared = False  # on first use: a build whose pieces are all kept renders none of their pages

    def __reduce__(self):
        # Sent with each drawing, it is made once in each helper process, which keeps its fonts, styles and pictures.
        state = {"library": self.library, "content_dir": self.content_dir, "templates_dir": self.templates_dir,
                 "site_url": self.site_url, "cache": self.cache}
        return _drawer_in_helper, ((os.getpid(), id(self)), state)

    def _prepare(self) -> None:
        if self._prepared:
            return
        self._prepared = True
        card_templates = self.templates_dir / "card"
        environment = Environment(loader=FileSystemLoader(card_templates), undefined=StrictUndefined,
                                  autoescape=select_autoescape(default=True),
                                  bytecode_cache=self.cache.compiled_templates())
        language = catalog_globals(self.library.club, self.templates_dir)
        environment.globals.update(language)
        environment.filters["hyphenated"] = soft_hyphenation(language["language"], self.cache)
        self.words = language["catalog"]
        self.templates = {kind: environment.get_template(f"{kind}.html.j2") for kind in _FIGURE_LAYOUT}
        self.parents_url = parents_page_url(self.library, self.site_url)
        self.qr = self._qr_code(self.parents_url)
        club = self.library.club
        self.ink = print_ink(club.colors.primary) if club.colors else BLACK
        self.logo = _data_uri(self.library.logo_svg, "image/svg+xml") if self.library.logo_svg else None
        self.base_url = str(card_templates) + "/"
        self.fonts = self.styles = None  # made on first use: a drawer whose cards are all kept draws nothing
        self.pictures_read: dict = {}  # WeasyPrint's images, read once for every layout this drawer makes
        self.letters: dict[str, LetterWidths] = {}  # each font's letter widths, read when a poster needs them

    def html(self, routine: Routine, sizes: Sizes, copies: int | None = None) -> str:
        """The page of ``routine`` at ``sizes``; ``copies`` of the piece (default: as many as the sheet holds)."""
        self._prepare()
        kind = sizes.format.kind
        pictures = {exercise.slug: self._picture(exercise, _FIGURE_LAYOUT[kind]) for exercise in routine.exercises}
        if copies is None:
            copies = sizes.format.copies_across ** 2
        start_url = routine_start_url(routine, self.site_url)
        wall_figures = {exercise.slug: self._wall_figure(exercise, sizes, len(routine.exercises))
                        for exercise in routine.exercises} if sizes.wall else {}
        return self.templates[kind].render(
            club=self.library.club, ink=self.ink, logo=self.logo, routine=routine, format=sizes.format, size=sizes,
            copies=copies,
            equipment=routine.equipment, pictures=pictures, parents_url=self.parents_url,
            parents_title=self.library.parents_page.title, qr=self.qr, start_url=start_url,
            start_qr=self._qr_code(start_url), wall_figures=wall_figures)

    def _qr_code(self, url: str) -> str:
        """The QR code of ``url``, kept in the render cache: a warm build makes the cards' pages (their cache keys)
        without working out a code again, nor loading the library that does."""
        def make() -> dict[str, bytes]:
            from warmup.printing.qr import qr_svg_data_uri

            return {"qr.txt": qr_svg_data_uri(url).encode("ascii")}

        return self.cache.fetch(make, "qr code", url)["qr.txt"].decode("ascii")

    def _wall_figure(self, exercise: Exercise, sizes: Sizes, exercises: int) -> WallFigure | None:
        """The poster's picture of ``exercise``, in the layout sizes.wall_figure() chooses, with its width and height:
        a drawn figure as large as that, with room under each position for its name."""
        pictures = {layout: self._picture(exercise, layout) for layout in _WALL_LAYOUTS}
        if pictures["sequence"] is None:
            return None
        layout, width, height = sizes.wall_figure({layout: picture.width / picture.height
                                                   for layout, picture in pictures.items()}, exercises)
        figure = exercise.details.figure
        if exercise.details.illustration or figure is None or not sizes.captions:
            return WallFigure(pictures[layout], width, height)
        from warmup.figures import caption_slots  # here, as in _picture(): warm builds draw no pictures

        names = [position.name for position in figure.positions]
        # The drawing keeps its width (the tile's room), so its scale; it grows taller by the names' room.
        mm_per_unit = width / pictures[layout].width
        slots = caption_slots((pictures[layout].width, pictures[layout].height), len(names), layout, 0)
        line_mm = sizes.text_pt * MM_PER_PT * CAPTION_LINE_HEIGHT
        lines = max(self._lines(name, slot_width * width / (sizes.text_pt * MM_PER_PT))
                    for name, (_, _, slot_width) in zip(names, slots))
        room = math.ceil((lines * line_mm + 0.15 * line_mm) / mm_per_unit)
        captioned = self._picture(exercise, layout, caption_room=room)
        slots = caption_slots((captioned.width, captioned.height), len(names), layout, room)
        return WallFigure(captioned, width, rounded_up(width * captioned.height / captioned.width),
                          tuple((name, *slot) for name, slot in zip(names, slots)))

    def _lines(self, text: str, width_em: float) -> int:
        """How many lines ``text`` takes in ``width_em`` of the regular font, wrapped between words (the letters'
        own widths, without the lower bound's margin)."""
        letters = self._letters(_REGULAR_FONT)
        lines, used = 1, 0.0
        for word in text.split():
            size = letters.em(word) / 0.9
            space = letters.em(" ") / 0.9 if used else 0.0
            if used and used + space + size > width_em:
                lines, used = lines + 1, size
            else:
                used += space + size
        return lines

    def _letters(self, font: str) -> LetterWidths:
        if font not in self.letters:
            self.letters[font] = LetterWidths(self.templates_dir / "card" / "fonts" / font, self.cache)
        return self.letters[font]

    def _picture(self, exercise: Exercise, layout: str, caption_room: float = 0) -> Picture | None:
        """The coach's own illustration where given, else the drawn figure, else nothing."""
        details = exercise.details
        if details.illustration:
            from PIL import Image  # here, not at start: warm builds draw no pictures

            data = (self.content_dir / ILLUSTRATIONS / details.illustration).read_bytes()
            source = _data_uri(data, mimetypes.guess_type(details.illustration)[0] or "image/png")
            width, height = Image.open(io.BytesIO(data)).size
            return Picture(Markup(f'<img src="{source}" alt="{escape(details.illustration_description)}">'),
                           width, height)
        if details.figure is None:
            return None
        from warmup.figures import figure_alt_text, figure_svg, figures_kept_in

        with figures_kept_in(self.cache):  # in a helper process too
            svg = str(figure_svg(exercise, layout, decorative=True, caption_room=caption_room))
        _, _, width, height = (float(number) for number in _VIEW_BOX.search(svg).group(1).split())
        return Picture(svg_picture(svg, BLACK, figure_alt_text(exercise, self.words)), width, height)

    def draw(self, item: tuple[str, str]) -> dict[str, bytes]:
        """One routine in one format (``item``: routine slug, format key) as PDF, and preview where the print
        page shows one, keyed by file name."""
        routine_slug, format_key = item
        pdf = self._fitted(item).write_pdf(**_PDF_OPTIONS)
        files = {Path(card_file(routine_slug, format_key)).name: pdf}
        if format_key in PREVIEWED:
            files[Path(card_preview_file(routine_slug, format_key)).name] = \
                pdf_to_png(pdf, PREVIEW_WIDTH_PX, grey_levels=PREVIEW_GREYS)
        return files

    def check_fits(self, item: tuple[str, str]) -> None:
        """BuildError when the routine fits the format on no page; nothing is written."""
        self._fit(item)

    def _fitted(self, item: tuple[str, str]) -> "Document":
        routine, print_format, sizes, document = self._fit(item)
        # Measured as one piece: spread out, and copied where a sheet holds several.
        if spread_out(document, sizes) and (print_format.copies_across == 1 or repeat_piece(document, sizes)):
            return document
        return self._lay_out(self.html(routine, sizes))

    def _fit(self, item: tuple[str, str]) -> tuple[Routine, PrintFormat, Sizes, "Document"]:
        routine_slug, format_key = item
        routine = next(r for r in self.library.routines if r.slug == routine_slug)
        print_format = next(f for f in FORMATS if f.key == format_key)
        # Only the poster's figures are sized before layout, so that a lower bound can come close to its height.
        shortest = functools.partial(self.shortest_poster_mm, routine) if print_format.wall_figure_floor else None
        sizes, document = fit(functools.partial(self.measure, routine), routine, print_format, shortest)
        return routine, print_format, sizes, document

    def shortest_poster_mm(self, routine: Routine, sizes: Sizes) -> float:
        """A height the poster of ``routine`` cannot be shorter than at ``sizes``, found without laying it out."""
        self._prepare()
        figures = [self._wall_figure(exercise, sizes, len(routine.exercises)) for exercise in routine.exercises]
        return poster_shortest_mm(routine, sizes, self._letters(_REGULAR_FONT), self._letters(_BOLD_FONT),
                                  [(figure.width, figure.height) if figure else (0, 0) for figure in figures])

    def measure(self, routine: Routine, sizes: Sizes) -> tuple[float, "Document"]:
        """One piece of ``routine`` laid out at ``sizes``: its natural height in mm, and its layout."""
        document = self._lay_out(self.html(routine, sizes, copies=1))
        return natural_height_mm(document), document

    def _lay_out(self, html: str):
        self._prepare()
        if self.fonts is None:
            self.fonts = font_configuration()
            self.styles = stylesheet(self.templates_dir / "card" / "card.css", self.fonts)
        return lay_out(html, self.base_url, self.fonts, stylesheets=[self.styles], cache=self.pictures_read,
                       **_PDF_OPTIONS)

