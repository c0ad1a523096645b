"""Figures: each exercise drawn from its content (a posture, a view, key positions of named joint angles).

`figure_svg` and `figure_alt_text` are what the site, the cards and the share
picture call; body.py names what a coach may write, pose.py reads it,
kinematics.py places the body in 3D and projects it, drawing.py draws it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from warmup.figures.alt_text import figure_alt_text_for
from warmup.figures.drawing import LAYOUTS, caption_slots, figure_svg_for, panel_columns

if TYPE_CHECKING:
    from warmup.catalog import Catalog
    from warmup.render_cache import RenderCache

__all__ = ["LAYOUTS", "caption_slots", "figure_alt_text", "figure_svg", "figure_width_em", "figures_kept_in", "position_names"]

# How tall a figure stands on a page, in em, when its box is wide enough.
FIGURE_HEIGHT_EM = 9


# The build's render cache while it runs: a warm build reads each figure back instead of drawing it.
_kept: ContextVar["RenderCache | None"] = ContextVar("figures_kept_in", default=None)
_KEPT_FILE = "figure.svg"


@contextmanager
def figures_kept_in(cache: "RenderCache") -> Iterator[None]:
    """Within this block, figures drawn by an earlier build are reused from ``cache`` and new ones kept there."""
    token = _kept.set(cache)
    try:
        yield
    finally:
        _kept.reset(token)


def _figure_of(exercise, advanced: bool):
    figure = exercise.details.advanced_figure if advanced else exercise.details.figure
    if figure is None:
        raise ValueError(f"{exercise.slug} has no {'advanced_figure' if advanced else 'figure'}: check first")
    return figure


def figure_svg(exercise, layout: str, *, decorative: bool = False, advanced: bool = False,
               words: "Catalog | None" = None, caption_room: float = 0.0) -> Markup:
    """The exercise's figure as an inline <svg> for ``layout`` ("sequence", "stacked", "single" or "animated").

    No width or height: it fills its box (viewBox). With ``decorative`` it is hidden from screen
    readers (the same words stand beside it); otherwise it has role="img" and a <title>.
    ``advanced`` draws the `advanced_figure:` instead. ``words``: the club's language's catalog, which the
    title is said in (needed unless ``decorative``). ``caption_room``: drawing units left under each position for
    its name, written over the drawing where caption_slots() says (a printed piece's).
    """
    figure = _figure_of(exercise, advanced)
    slug = exercise.slug + ("-advanced" if advanced else "")
    title = None if decorative else figure_alt_text(exercise, words, advanced=advanced)

    def draw() -> Markup:
        return figure_svg_for(figure, slug, layout, title=title, caption_room=caption_room)

    cache = _kept.get()
    if cache is None:
        return draw()
    kept = cache.fetch(lambda: {_KEPT_FILE: str(draw()).encode("utf-8")},
                       "figure", figure.model_dump_json(), slug, layout, title or "",
                       *([f"{caption_room:g}"] if caption_room else []))
    return Markup(kept[_KEPT_FILE].decode("utf-8"))


def _size(exercise, layout: str, advanced: bool) -> tuple[float, float]:
    """The figure's width and height in drawing units (its viewBox)."""
    _, _, width, height = (float(part) for part in figure_svg(exercise, layout, advanced=advanced, decorative=True)
                           .split('viewBox="', 1)[1].split('"', 1)[0].split())
    return width, height


def figure_width_em(exercise, layout: str, *, advanced: bool = False, height_em: float = FIGURE_HEIGHT_EM) -> float:
    """How wide (in em) the figure is when drawn ``height_em`` tall: for a box that keeps every figure one height."""
    width, height = _size(exercise, layout, advanced)
    return round(width / height * height_em, 1)


def position_names(exercise, *, advanced: bool = False) -> Markup:
    """Each position's name under its own drawing of the "sequence" figure: a <figcaption> laid out as a grid
    whose columns are the drawing's margins, panels and gaps, so each name stays under its panel at any width.
    The names repeat what the text says; they are never the only place it is said."""
    figure = _figure_of(exercise, advanced)
    columns = panel_columns(_size(exercise, "sequence", advanced)[0], len(figure.positions))
    template = " ".join(f"{width:.1f}fr" for width in columns)
    names = "".join(f'<span style="grid-column:{2 * index + 2}">{escape(position.name)}</span>'
                    for index, position in enumerate(figure.positions))
    return Markup(f'<figcaption class="warmup-figure-positions" style="grid-template-columns:{template}">'
                  f'{names}</figcaption>')


def figure_alt_text(exercise, words: "Catalog", *, advanced: bool = False) -> str:
    """The text alternative, in the words of ``words`` (the club's language): names the exercise and the
    positions shown."""
    name = words.word("figure.advanced", name=exercise.details.name) if advanced else exercise.details.name
    return figure_alt_text_for(_figure_of(exercise, advanced), name, words)
