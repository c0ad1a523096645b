"""The printed family: which sheets each routine gets, on which paper, with which type floors.

A card for the coach to laminate, a clubhouse poster read from 2 to 3 m, and pocket cards
four to a sheet. Each is fitted by card_fitting.py: its type and figures grow from the
floor until the page is full, so the numbers here are minimums and proportions, not sizes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Up to this many exercises a routine keeps each format's full type floor where it fits; longer ones may go lower.
LONG_ROUTINE = 10


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: float
    height_mm: float

    def size_label(self, number: Callable[[float], str]) -> str:
        """How the print page names the paper, e.g. "210 × 297 mm" or "8.5 × 11 in", with each ``number``
        written as the club's language writes it (8,5 in German)."""
        if self.name in ("Letter", "Tabloid"):
            return f"{number(self.width_mm / 25.4)} × {number(self.height_mm / 25.4)} in"
        return f"{number(self.width_mm)} × {number(self.height_mm)} mm"


A4 = Paper("A4", 210, 297)
LETTER = Paper("Letter", 215.9, 279.4)
A3 = Paper("A3", 297, 420)
TABLOID = Paper("Tabloid", 279.4, 431.8)


@dataclass(frozen=True)
class PrintFormat:
    key: str  # the end of the file's name: <routine>-<key>.pdf
    kind: str  # "card", "poster" or "pocket": the template and the style's body class
    label: str  # how the print page names it
    paper: Paper  # the sheet that goes through the printer
    copies_across: int  # pieces per row and per column of the sheet (pocket cards: 2, four to a sheet)
    margin_mm: float  # around each piece's content: within a home printer's reach, clear of a lamination seal
    text_floor_pt: float  # body text never smaller, for routines up to LONG_ROUTINE exercises
    long_text_floor_pt: float  # the floor for longer routines
    text_ceiling_pt: float  # short routines stop growing here and spread out instead
    name_ratio: float  # exercise names are this many times the body text
    qr_min_mm: float  # each QR code's width, its quiet zone included, never goes below this
    columns: tuple[int, ...]  # tiles side by side, in the order tried: the first that fits at the floor is used
    picture_mm_per_pt: float  # a figure's box grows with the text: this many mm wide per point of body text
    picture_shape: float  # the box's height over its width: wide figures fill its width, tall ones its height
    # The poster's figures, for the wall: each at least this tall (mm) and this large (mm²) at the floor's text
    # size, and in proportion to the text above and below it; None: the figure's box follows picture_mm_per_pt.
    wall_figure_floor: tuple[float, float] | None = None
    long_wall_figure_floor: tuple[float, float] | None = None  # the same for routines longer than LONG_ROUTINE
    # The card's figures: each box at least this tall (mm) at the floor's text size, and in proportion above it, so
    # the body reads as a person (issue 25: 20 mm in print); 0: the box follows picture_mm_per_pt and picture_shape.
    figure_floor_mm: float = 0

    def wall_figure_floor_for(self, exercises: int, relaxed: bool = False) -> tuple[float, float]:
        return self.long_wall_figure_floor if _long(exercises, relaxed) else self.wall_figure_floor

    def figure_floor_for(self, exercises: int, relaxed: bool = False) -> float:
        # Longer routines: none, their figures follow picture_mm_per_pt, so that they keep one page.
        return 0 if _long(exercises, relaxed) else self.figure_floor_mm

    @property
    def piece_mm(self) -> tuple[float, float]:
        """Width and height of one piece: the whole sheet, or a quarter of it for pocket cards."""
        return self.paper.width_mm / self.copies_across, self.paper.height_mm / self.copies_across

    def text_floor(self, exercises: int, relaxed: bool = False) -> float:
        return self.long_text_floor_pt if _long(exercises, relaxed) else self.text_floor_pt


def _long(exercises: int, relaxed: bool) -> bool:
    """Whether a routine gets the lower floors: when it is long, or (``relaxed``) when it fits no page at the full ones."""
    return relaxed or exercises > LONG_ROUTINE


# The card's names (1.65 × 11 pt) stay at 18 pt or more; the poster's (1.9 × 16 pt) at 30 pt or more.
_CARD = dict(kind="card", label="Card", copies_across=1, margin_mm=10.5, text_floor_pt=11, long_text_floor_pt=10,
             text_ceiling_pt=16, name_ratio=1.65, qr_min_mm=30, columns=(1, 2),
             picture_mm_per_pt=4.6, picture_shape=0.3, figure_floor_mm=20)
# The poster is pictures first: a grid of as many columns as its exercises need (the first that fits at the floor),
# each figure 45 mm tall and 36 cm² or more up to LONG_ROUTINE exercises (longer ones: 18 mm and 3 cm², to stay
# one page up to 20 exercises).
_POSTER = dict(kind="poster", label="Poster", copies_across=1, margin_mm=10.5, text_floor_pt=16,
               long_text_floor_pt=12, text_ceiling_pt=24, name_ratio=1.9, qr_min_mm=30, columns=(2, 3, 4),
               picture_mm_per_pt=4.6, picture_shape=0.3, wall_figure_floor=(45, 3600), long_wall_figure_floor=(18, 300))
# A pocket card shows numbers, figures and names, no how-to: its text is the reminders and the address.
_POCKET = dict(kind="pocket", label="Pocket cards", copies_across=2, margin_mm=7, text_floor_pt=9,
               long_text_floor_pt=9, text_ceiling_pt=12, name_ratio=1.0, qr_min_mm=20, columns=(2, 3),
               picture_mm_per_pt=1.1, picture_shape=1)

FORMATS = (
    PrintFormat(key="a4", paper=A4, **_CARD),
    PrintFormat(key="letter", paper=LETTER, **_CARD),
    PrintFormat(key="poster-a3", paper=A3, **_POSTER),
    PrintFormat(key="poster-tabloid", paper=TABLOID, **_POSTER),
    PrintFormat(key="pocket-a4", paper=A4, **_POCKET),
    PrintFormat(key="pocket-letter", paper=LETTER, **_POCKET),
)

# The print page shows each kind (card, poster, pocket cards) once, with a preview of its first
# paper and a link for each paper: the other paper's sheet differs only in its proportions.
KINDS = tuple((label, tuple(f for f in FORMATS if f.label == label))
              for label in dict.fromkeys(f.label for f in FORMATS))
PREVIEWED = frozenset(formats[0].key for _, formats in KINDS)
