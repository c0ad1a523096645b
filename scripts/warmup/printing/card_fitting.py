"""Fit a routine's card on one page: try ever more compact layouts, never text below the floor.

The card's type sizes have a floor (nothing below 10 pt) set in card.css; what adapts
is spacing, the body size (12.5 pt down to 10 pt) and the number of columns. A routine too long even for the most compact layout
stops the build with a message saying which card, by how much, and what to shorten.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from warmup.content.library import Routine
from warmup.problems import BuildError

if TYPE_CHECKING:
    from weasyprint import Document

_MM_PER_CSS_PX = 25.4 / 96
# Tall enough for any routine: the card is measured on one endless page when it overflows.
_ENDLESS_PAGE_MM = 5000


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: float
    height_mm: float

    @property
    def page_size(self) -> str:
        return f"{self.width_mm}mm {self.height_mm}mm"

    @property
    def endless_page_size(self) -> str:
        return f"{self.width_mm}mm {_ENDLESS_PAGE_MM}mm"


@dataclass(frozen=True)
class Layout:
    css_class: str  # the class card.css styles on <body>
    description: str


# In the order tried: the first that fits on one page is used, so short routines get the roomiest card.
LAYOUTS = (
    Layout("roomy", "one column, 12.5 pt text"),
    Layout("roomy tight", "one column, 12.5 pt text, less spacing"),
    Layout("snug", "one column, 12 pt text"),
    Layout("two-columns", "two columns, 12 pt text"),
    Layout("two-columns small", "two columns, 11 pt text"),
    Layout("two-columns dense", "two columns, 10 pt text"),
)

RenderCard = Callable[[str, str], "Document"]  # (layout css class, CSS page size) -> laid-out card
# With the most compact layout's class: its columns laid end to end in one, each as wide as half
# the page (card.css), on an endless page. Measured once, it bounds how short this card can be.
MEASURE_CLASS = "measure"


def fit_on_one_page(render: RenderCard, routine: Routine, paper: Paper, first_try: int = 0) -> tuple["Document", int]:
    """The card in the roomiest layout from ``first_try`` on that fits on one page, and that layout's
    index; BuildError when none does.

    Laying out a long text in columns over many pages is slow (minutes for a few thousand words),
    so a card that does not fit at once is measured first: when even the most compact layout
    cannot hold it, the build stops without laying out any other. Starting the second paper where
    the first one fitted saves drawing layouts that cannot fit, and keeps the two papers alike.
    """
    document = render(LAYOUTS[first_try].css_class, paper.page_size)
    if len(document.pages) == 1:
        return document, first_try
    available_mm = _content_area_height_mm(document)
    shortest_mm = _shortest_possible_mm(render(f"{LAYOUTS[-1].css_class} {MEASURE_CLASS}", paper.endless_page_size))
    if shortest_mm <= available_mm:
        for index, layout in enumerate(LAYOUTS[first_try + 1:], start=first_try + 1):
            document = render(layout.css_class, paper.page_size)
            if len(document.pages) == 1:
                return document, index
    raise BuildError(_overflow_message(routine, paper, shortest_mm, available_mm))


def _content_area_height_mm(document: "Document") -> float:
    # WeasyPrint has no public API for box geometry; _page_box is stable within the pinned versions.
    return document.pages[0]._page_box.height * _MM_PER_CSS_PX


def _shortest_possible_mm(measured: "Document") -> float:
    """The card's height were its exercises spread perfectly over two columns: a column break
    can only make it taller."""
    height = 0.0
    for page in measured.pages:  # one, unless the text is longer than even the endless page
        root = page._page_box.children[0]  # the <html> box, as tall as everything in it on this page
        exercises = [box for box in root.descendants() if box.element_tag == "ol"]
        height += root.margin_height() - sum(box.margin_height() for box in exercises[:1]) / 2
    return height * _MM_PER_CSS_PX


def _overflow_message(routine: Routine, paper: Paper, needed_mm: float, available_mm: float) -> str:
    longest = sorted(routine.exercises, key=lambda e: len(e.details.how_to), reverse=True)[:2]
    # Rounded up, so a card that barely overflows never reads "0 mm too long" or "needs 1.0 pages".
    over_mm = max(1, math.ceil(needed_mm - available_mm))
    pages = math.ceil(max(needed_mm, available_mm + over_mm) / available_mm * 10) / 10
    return (
        f"{routine.source}: the {paper.name} card is at least {over_mm} mm too long for one page "
        f"(it needs at least {pages:.1f} pages) even in its most compact layout "
        f"({LAYOUTS[-1].description}); move some of its {len(routine.exercises)} exercises to another routine "
        f"or shorten their how_to texts (the longest are in {' and '.join(e.source for e in longest)})"
    )
