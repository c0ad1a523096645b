"""Fit a routine onto one printed piece: grow type and figures until the page is full.

Everything on a piece scales with one number, the body text size. The engine measures the
piece's natural height at the format's floor, predicts the size that fills the page, and closes in on it between the largest
size that fitted and the smallest that did not: a few measurements, never more than
MAX_MEASUREMENTS, so a very long text costs one measurement, not a search. What is left over
is spread evenly between the rows, so no band of the page stays empty. A routine that does not fit even
at the floor stops the build with one line naming the format, the routine and what to shorten.

Trying the layouts in order at the floor (columns; on the poster, with the positions' names, then without), a
poster's layout whose lower bound of its height (poster_shortest_mm(): never above what is laid out, so the same
layout is chosen) is taller than the page is skipped: a long routine's first layouts are far too tall.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from warmup.content.library import Routine
from warmup.printing.formats import PrintFormat
from warmup.problems import BuildError

if TYPE_CHECKING:
    from weasyprint import Document

    from warmup.render_cache import RenderCache

MM_PER_PT = 25.4 / 72
_MM_PER_CSS_PX = 25.4 / 96
# Full enough: what is left over is spread between the rows, but bigger type is better than more air.
FULL = 0.93
MAX_MEASUREMENTS = 3
ENDLESS_MM = 5000
_STEP_PT = 0.05
# The Unicode categories of what is drawn over or between letters: marks (nonspacing, enclosing) and format
# characters (joiners, direction marks).
_NO_ROOM = {"Mn", "Me", "Cf"}
_LINE_HEIGHT = 1.25  # card.css  # sizes are rounded to this, so a search never chases differences no one can see


@dataclass(frozen=True)
class Sizes:
    """Every size on one piece, derived from its body text size."""

    format: PrintFormat
    text_pt: float
    columns: int
    spread_mm: float = 0  # room left over, added below the top and below each row of tiles
    endless: bool = False  # laid out on an endless page, to measure how much too long it is
    relaxed: bool = False  # at the long routines' floors: the full ones fit no layout (formats.LONG_ROUTINE)
    captions: bool = True  # the poster's figures with each position's name under its drawing, where there is room

    @property
    def page_height_mm(self) -> float:
        return ENDLESS_MM if self.endless else self.format.paper.height_mm

    @property
    def piece_width_mm(self) -> float:
        return self.format.piece_mm[0]

    @property
    def piece_height_mm(self) -> float:
        return self.format.piece_mm[1]

    @property
    def content_width_mm(self) -> float:
        return self.piece_width_mm - 2 * self.format.margin_mm

    @property
    def content_height_mm(self) -> float:
        return self.piece_height_mm - 2 * self.format.margin_mm

    @property
    def name_pt(self) -> float:
        return round(self.text_pt * self.format.name_ratio, 2)

    @property
    def number_pt(self) -> float:
        return round(self.name_pt * 1.5, 2)

    @property
    def number_mm(self) -> float:
        return round(self.number_pt * MM_PER_PT * 1.2, 2)

    @property
    def gap_mm(self) -> float:
        """Between tiles: under half a line of text."""
        return round(0.4 * self.text_pt * MM_PER_PT, 2)

    @property
    def tile_mm(self) -> float:
        # Less a hair, so rounding never pushes the last tile of a row onto the next.
        border = 0.2 * self.text_pt * MM_PER_PT
        return round((self.content_width_mm - (self.columns - 1) * self.gap_mm) / self.columns - border - 0.05, 2)

    def free_tiles(self, exercises: int) -> int:
        """Places left in the last row of tiles."""
        return -exercises % self.columns

    def footer_mm(self, exercises: int) -> float:
        """The bottom band's width when it sits in the last row's free places."""
        free = self.free_tiles(exercises)
        return round(free * self.tile_mm + (free - 1) * self.gap_mm + 0.1 * self.text_pt * MM_PER_PT, 2)

    @property
    def picture_beside(self) -> bool:
        """The figure beside the words in a single column of tiles (and on pocket cards, and in the poster's two
        columns); above them in narrower tiles, where beside them it would leave a few words a line."""
        return self.columns == 1 or self.format.kind == "pocket" or (self.wall and self.columns == 2)

    @property
    def wall(self) -> bool:
        """Pictures first: the poster's figures are sized for the wall (wall_figure())."""
        return self.format.wall_figure_floor is not None

    def wall_figure(self, shapes: dict[str, float], exercises: int) -> tuple[str, float, float]:
        """Of a figure's layouts (name: width over height), the one to show on the poster of a routine of
        ``exercises``, with its width and height in mm: at least the format's floor (scaled with the text) where the
        tile's width allows, taking the least height; where none can, the largest."""
        floor_height, floor_area = self.format.wall_figure_floor_for(exercises, self.relaxed)
        scale = self.text_pt / self.format.text_floor(exercises, self.relaxed)
        least_height, least_area = floor_height * scale, floor_area * scale ** 2
        widest = 0.65 * self.tile_mm if self.picture_beside else self.tile_mm - self.text_pt * MM_PER_PT
        choices = []
        for layout, shape in shapes.items():
            height = max(least_height, math.sqrt(least_area / shape))
            width = min(shape * height, widest)
            height = width / shape
            enough = height >= least_height - 0.01 and width * height >= least_area - 0.1
            # Rounded up, so that a box at the floor stays on it.
            choices.append(((enough, -height if enough else width * height), layout, rounded_up(width),
                            rounded_up(height)))
        _, layout, width, height = max(choices)
        return layout, width, height

    @property
    def picture_mm(self) -> float:
        """The width of the figure's box."""
        if self.picture_beside:  # at most 45% of a tile, so the words beside it keep room
            return round(min(self.text_pt * self.format.picture_mm_per_pt, 0.45 * self.tile_mm), 2)
        return round(self.tile_mm - self.number_mm - self.text_pt * MM_PER_PT, 2)

    @property
    def picture_height_mm(self) -> float:
        """The height of the figure's box; above the words a quarter lower, as its width is more than enough
        for the wide figures of exercises done lying down."""
        beside = min(self.text_pt * self.format.picture_mm_per_pt, 0.45 * self.tile_mm)
        return round(beside * self.format.picture_shape * (1 if self.picture_beside else 0.75), 2)

    def card_figure(self, shape: float, exercises: int) -> tuple[float, float]:
        """The width and height (mm) of a card's figure of ``shape`` (width over height) in a routine of
        ``exercises``: as tall as the format's figure floor (scaled with the text) or picture_height_mm, where the
        room allows (beside the words, at most 45% of the tile, so they keep room), else as wide as it."""
        floor = (self.format.figure_floor_for(exercises, self.relaxed) * self.text_pt
                 / self.format.text_floor(exercises, self.relaxed))
        widest = 0.45 * self.tile_mm if self.picture_beside else self.picture_mm
        width = min(shape * max(floor, self.picture_height_mm), widest)
        return rounded_up(width), rounded_up(width / shape)

    @property
    def qr_mm(self) -> float:
        # Two side by side on the card and the poster grow more slowly with the text than the pocket card's one.
        per_pt = 2.6 if self.format.kind == "pocket" else 1.9
        return round(max(self.format.qr_min_mm, self.text_pt * per_pt), 2)


def rounded_up(mm: float) -> float:
    return math.ceil(round(mm * 100, 6)) / 100


Measure = Callable[[Sizes], tuple[float, "Document"]]  # sizes -> (natural height in mm, laid-out document)


class LetterWidths:
    """How wide each letter of the card's regular font is, in em: enough to know how long a line
    of text must be at the least, without laying anything out."""

    def __init__(self, font_file: Path, cache: "RenderCache | None" = None):
        # Kept in the render cache under what the font holds: the poster's pages, which a warm build renders to
        # know its drawings, wrap the positions' names by these widths, and fontTools is slow to load.
        kept = cache.fetch(lambda: {"widths.json": _measured_widths(font_file)}, "letter widths",
                           font_file.read_bytes()) if cache else {"widths.json": _measured_widths(font_file)}
        self.widths = json.loads(kept["widths.json"])
        # A letter the font lacks is drawn by another font: counted as the narrowest it could be, or as nothing
        # where it takes no room of its own (a mark over a letter, a joiner).
        self.narrowest = min(width for width in self.widths.values() if width > 0)

    def em(self, text: str) -> float:
        # Kerning can pull letters a little closer than their advances: a margin keeps this a lower bound.
        return 0.9 * sum(self.widths[letter] if letter in self.widths else
                         0 if unicodedata.category(letter) in _NO_ROOM else self.narrowest for letter in text)


def _measured_widths(font_file: Path) -> bytes:
    """Each letter's advance in em, read from ``font_file`` with fontTools, as JSON."""
    from fontTools.ttLib import TTFont  # here: only a build that measures a new font needs it

    font = TTFont(font_file)
    scale = 1 / font["head"].unitsPerEm
    metrics = font["hmtx"]
    return json.dumps({chr(code): metrics[glyph][0] * scale for code, glyph in font.getBestCmap().items()}).encode()


def check_not_too_long(routine: Routine, print_format: PrintFormat, letters: LetterWidths) -> None:
    """BuildError when the routine's texts cannot fit ``print_format`` in any layout, found by adding up
    letter widths: before anything is laid out, so even thousands of words are answered at once."""
    floor = print_format.text_floor(len(routine.exercises), relaxed=True)  # the lowest the piece may go
    bounds = [(_shortest_possible_mm(routine, sizes, letters), sizes.content_height_mm)
              for sizes in (Sizes(print_format, floor, columns, relaxed=True) for columns in print_format.columns)]
    if all(height > available for height, available in bounds):
        height, available = min(bounds)
        raise BuildError(_overflow_message(routine, print_format, floor, height, available, at_least=True))


def fit(measure: Measure, routine: Routine, print_format: PrintFormat,
        shortest: Callable[[Sizes], float] | None = None) -> tuple[Sizes, "Document"]:
    """The largest sizes at which the piece fits its page (up to the format's ceiling), with the room
    left over spread between its rows, and its layout before that spreading; ``shortest``: a height the piece
    cannot be shorter than at given sizes, known without laying it out."""
    # The first layout that fits at the full floors (on the poster, first with the positions' names under the
    # figures, then without); where none does, at the long routines' lower ones, without the names. A layout
    # that ``shortest`` proves too tall is not measured: it could not have fitted.
    exercises = len(routine.exercises)
    for relaxed in (False, True):
        floor = print_format.text_floor(exercises, relaxed)
        named = print_format.wall_figure_floor is not None and floor == print_format.text_floor_pt
        for captions, columns in ((captions, columns) for captions in ((True, False) if named else (False,))
                                  for columns in print_format.columns):
            fitted = Sizes(print_format, floor, columns, relaxed=relaxed, captions=captions)
            available = fitted.content_height_mm
            if shortest is not None and shortest(fitted) > available:
                continue
            height, document = measure(fitted)
            if height <= available:
                break
        else:
            continue
        break
    else:
        # The page's end cuts a measurement short: an endless page tells how much too long it is.
        height, _ = measure(replace(fitted, endless=True))
        raise BuildError(_overflow_message(routine, print_format, floor, height, available))
    best, best_height = fitted, height
    over: tuple[float, float] | None = None  # (size, height) of the smallest size found too big
    last = (floor, height)
    for _ in range(MAX_MEASUREMENTS - 1):
        if best_height >= FULL * available or best.text_pt >= print_format.text_ceiling_pt:
            break
        size = _next_size(best.text_pt, best_height, over, last, available, print_format.text_ceiling_pt)
        if size is None:
            break
        height, laid_out = measure(replace(fitted, text_pt=size))
        last = (size, height)
        if height <= available:
            best, best_height, document = replace(fitted, text_pt=size), height, laid_out
        else:
            over = (size, height)
    rows = -(-len(routine.exercises) // best.columns)
    # Rounded down: spread out, the piece never reaches past its margins.
    return replace(best, spread_mm=math.floor((available - best_height) / (rows + 1) * 100) / 100), document


def _next_size(fitting: float, fitting_height: float, over, last, available: float, ceiling: float) -> float | None:
    """The next size to measure: aimed just under the page's height, strictly between what fitted and what did not."""
    target = available * (1 + FULL) / 2
    size, height = last
    # Measured on the club's cards: the height grows faster than the text size (the widths stay,
    # lines get longer and more, titles wrap), about as its 1.5th power.
    guess = size * (target / height) ** (1 / 1.5)
    if over is not None:
        (small, small_height), (big, big_height) = (fitting, fitting_height), over
        if big_height > small_height:  # between two measurements, follow the line through them
            guess = small + (target - small_height) * (big - small) / (big_height - small_height)
        guess = min(max(guess, small + _STEP_PT), big - _STEP_PT)
    guess = min(round(guess / _STEP_PT) * _STEP_PT, ceiling)
    guess = round(guess, 2)
    if guess <= fitting or (over is not None and guess >= over[0]):
        return None
    return guess


def _shortest_possible_mm(routine: Routine, sizes: Sizes, letters: LetterWidths) -> float:
    """A height the piece cannot be shorter than: its texts in lines filled to the last letter, in the
    widest place they could have, and nothing else."""
    em = sizes.text_pt * MM_PER_PT
    line = _LINE_HEIGHT * em
    reminders = routine.details.reminders
    texts = [(point.text + (point.name or ""), sizes.content_width_mm) for point in reminders.points] \
        if reminders else []
    if sizes.format.kind != "pocket":  # the pocket cards show no how-to
        words_mm = sizes.tile_mm - sizes.number_mm
        texts += [(" ".join(filter(None, (d.how_to, d.dose, d.easier_option, d.advanced))), words_mm)
                  for d in (exercise.details for exercise in routine.exercises)]
    return sum(letters.em(text) * em / width * line for text, width in texts) / sizes.columns


def poster_shortest_mm(routine: Routine, sizes: Sizes, letters: LetterWidths, bold_letters: LetterWidths,
                       figures: list[tuple[float, float]]) -> float:
    """A height the poster cannot be shorter than at ``sizes``, given each exercise's figure box (width and height in
    mm, known before layout: Sizes.wall_figure(), with the names' room under the drawing): its rows of tiles, each as
    tall as its tallest tile's figure, name line and fewest lines of words, under the title and above the QR codes.
    Only what card.css makes sure of is counted (every margin, padding and line left out makes it lower, never
    higher), so fit() may skip a layout it proves too tall and still choose what laying it out would have chosen."""
    em, name_em = sizes.text_pt * MM_PER_PT, sizes.name_pt * MM_PER_PT
    small = 0.85 * em  # .poster .extra
    tiles = []
    for exercise, (figure_width, figure_height) in zip(routine.exercises, figures):
        details = exercise.details
        # The number and name on one line at least (h2: line-height 1.05, margin-bottom 0.1em); a note on its own.
        heading = 1.15 * name_em + (1.05 * em if details.name_note else 0)
        words_mm = sizes.tile_mm - (figure_width if sizes.picture_beside else 0)
        extras = " ".join(filter(None, (details.dose, details.easier_option, details.advanced)))
        words = _fewest_lines(letters, details.how_to, words_mm / em) * _LINE_HEIGHT * em
        if extras:  # .extra: margin-top 0.25em
            words += (0.25 + _fewest_lines(letters, extras, words_mm / small) * _LINE_HEIGHT) * small
        # Beside the figure in two columns, under it (after its 0.3em margin) in more.
        body = max(figure_height, words) if sizes.picture_beside else figure_height + 0.3 * em + words
        # The tile's borders (0.09em each) and padding-bottom (0.4em), then the gap to the next row.
        tiles.append(0.58 * em + heading + body + sizes.gap_mm)
    rows = [max(tiles[start:start + sizes.columns]) for start in range(0, len(tiles), sizes.columns)]
    codes = sizes.qr_mm + 0.4 * em  # .poster .links: margin-top 0.4em
    if sizes.free_tiles(len(tiles)):  # the codes beside the last row's tiles, else across the page below them
        rows[-1] = max(rows[-1], codes)
    else:
        rows.append(codes)
    # .top: its rule and padding (0.12em and 0.2em) under the club's line (1.05em) and the title's lines (bold, 2.2em
    # on lines of 1.1, in the 55% of the width that .poster .top .titles leaves it).
    title_lines = _fewest_lines(bold_letters, routine.details.title, 0.55 * sizes.content_width_mm / (2.2 * em))
    top = (0.32 + 1.05 * _LINE_HEIGHT + title_lines * 2.2 * 1.1) * em
    return top + sum(rows)


def _fewest_lines(letters: LetterWidths, text: str, width_em: float) -> int:
    """The fewest lines ``text`` can take in ``width_em``: its words filling every line to its end, without the
    spaces between them (a word wider than a line breaks across lines: card.css's overflow-wrap: anywhere)."""
    return math.ceil(sum(letters.em(word) for word in text.split()) / width_em)


def natural_height_mm(document: "Document") -> float:
    """The height the first piece's content takes."""
    # WeasyPrint has no public API for box geometry; its box tree is stable within the pinned versions.
    return _find_flow(document.pages[0]._page_box).margin_height() * _MM_PER_CSS_PX


def spread_out(document: "Document", sizes: Sizes) -> bool:
    """Move the laid-out rows of ``document`` (laid out at ``sizes`` without spread) down by ``sizes.spread_mm`` below
    the top and below each row, as card.css's margins would: the same page without laying it out again.

    False, and the document spoilt, when a moved box has a background picture, which only a new layout places."""
    spread = sizes.spread_mm / _MM_PER_CSS_PX
    page = document.pages[0]._page_box
    flow = _find_flow(page)
    tiles = [box for box in _descendants(flow) if _is(box, "li", "tile")]
    last_row_ends = max(tile.position_y + tile.margin_height() for tile in tiles)
    moves = [(tile, 1 + index // sizes.columns) for index, tile in enumerate(tiles)]
    rows = moves[-1][1]
    # Beside the last row's tiles, the footer moves with them; below them, it is also below the last row's spread.
    moves += [(footer, rows + (footer.position_y >= last_row_ends - 0.01))
              for footer in _descendants(flow) if _is(footer, "footer", "bottom")]
    return _moved(page, [(box, 0, spread * spreads) for box, spreads in moves])


def repeat_piece(document: "Document", sizes: Sizes) -> bool:
    """Fill the sheet of ``document``, laid out with one piece at its top left, with copies of that piece; False,
    and the document spoilt, as for spread_out()."""
    page = document.pages[0]._page_box
    holder = next(box for box in [page, *_descendants(page)]
                  if any(_is(child, "div", "piece") for child in getattr(box, "children", ())))
    piece = next(child for child in holder.children if _is(child, "div", "piece"))
    width, height = (mm / _MM_PER_CSS_PX for mm in sizes.format.piece_mm)
    across = sizes.format.copies_across
    copies = [piece.deepcopy() for _ in range(across ** 2 - 1)]
    holder.children = [*holder.children, *copies]
    drawn_once: dict[int, _DrawnOnce] = {}
    for box in (picture for copy in (piece, *copies) for figure in _descendants(copy) if _is(figure, "div", "figure-box")
                for picture in _descendants(figure) if hasattr(picture, "replacement")):
        box.replacement = drawn_once.setdefault(id(box.replacement), _DrawnOnce(box.replacement))
    return _moved(page, [(copy, (place % across) * width, (place // across) * height)
                         for place, copy in enumerate(copies, start=1)])


class _DrawnOnce:
    """A figure repeated on a sheet: drawn once into the PDF, then placed again wherever it repeats, as WeasyPrint
    does with background pictures (a figure takes milliseconds to draw). Not the QR code: a PDF viewer may
    smooth the joins between its modules into hairlines when they are drawn apart from the page."""

    def __init__(self, picture):
        self.picture = picture
        self.drawn: dict[tuple, str] = {}  # (the drawing's resources, width, height) -> its name there

    def __getattr__(self, name):
        return getattr(self.picture, name)

    def draw(self, stream, width, height, style):
        place = (id(stream._resources["XObject"]), width, height)
        if place not in self.drawn:
            # Room around the picture's box: a figure's round line ends may reach past it.
            form = stream.add_group(-width, -height, 3 * width, 3 * height)
            self.picture.draw(form, width, height, style)
            self.drawn[place] = form.id
        stream.draw_x_object(self.drawn[place])


def _moved(page, moves) -> bool:
    from weasyprint.layout.background import layout_box_backgrounds

    try:
        for box, dx, dy in moves:
            box.translate(dx=dx, dy=dy)
            layout_box_backgrounds(page, box, _no_background_pictures)  # backgrounds are placed after layout
    except _BackgroundPicture:
        return False
    return True


class _BackgroundPicture(Exception):
    pass


def _no_background_pictures(**_):
    raise _BackgroundPicture


def _is(box, tag: str, css_class: str) -> bool:
    return box.element is not None and box.element_tag == tag and css_class in box.element.get("class", "").split()


def _descendants(box):
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)


def _find_flow(page):
    return next(box for box in _descendants(page) if _is(box, "div", "flow"))


def _overflow_message(routine: Routine, print_format: PrintFormat, floor: float, needed_mm: float,
                      available_mm: float, at_least: bool = False) -> str:
    what = f"the {print_format.paper.name} {print_format.label.lower()}"
    over_mm = max(1, math.ceil(needed_mm - available_mm))  # rounded up: never "0 mm too long"
    pages = math.ceil(max(needed_mm, available_mm + over_mm) / available_mm * 10) / 10
    exercises = routine.exercises
    if print_format.kind == "pocket":
        names = "the exercise's name" if len(exercises) == 1 else "the exercises' names"
        shorten = f"shorten {names} or the routine's reminders"
    elif len(exercises) == 1:
        shorten = f"shorten the how_to text in {exercises[0].source}"
    else:
        longest = sorted(exercises, key=lambda e: len(e.details.how_to), reverse=True)[:2]
        shorten = f"shorten their how_to texts (the longest are in {' and '.join(e.source for e in longest)})"
    # A routine of one exercise has none to move elsewhere.
    move = f"move some of its {len(exercises)} exercises to another routine or " if len(exercises) > 1 else ""
    bound = "at least " if at_least else ""
    return (f"{routine.source}: {what} ({print_format.key}) is {bound}{over_mm} mm too long for one page "
            f"(it needs {bound}{pages:.1f} pages) even with {floor:g} pt text; {move}{shorten}")
