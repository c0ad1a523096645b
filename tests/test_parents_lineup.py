"""The parents' page shows the routine's exercises at a glance: each one's small figure over its name, in order."""

from __future__ import annotations

import re

from conftest import html_text


def lineup_items(html: str) -> list[str]:
    lineup = html[html.index('<div class="warmup-lineup">'):]
    return re.findall(r'<div class="warmup-lineup-item">(.*?)<p class="warmup-lineup-name">(.*?)</p>', lineup, re.S)


def tile_figures(html: str) -> list[str]:
    """The figure of each exercise's tile on the routine page, in order."""
    return [re.search(r"<svg.*?</svg>", tile, re.S).group(0)
            for tile in re.findall(r'<div class="warmup-tile">(.*?)<h3', html, re.S)]


def test_the_parents_page_shows_every_exercise_of_its_routine_with_its_figure_in_order(built, library):
    routine = library.parents_routine
    parents = (built.site_dir / library.parents_page.address / "index.html").read_text("utf-8")
    items = lineup_items(parents)
    assert [html_text(name) for _, name in items] == [
        f"{number}. {exercise.details.name}" for number, exercise in enumerate(routine.exercises, start=1)]
    routine_page = (built.site_dir / "routines" / routine.slug / "index.html").read_text("utf-8")
    # Each one's figure is the same small drawing as on the routine's own tile.
    assert [re.search(r"<svg.*?</svg>", picture, re.S).group(0) for picture, _ in items] == tile_figures(routine_page)
    assert all(exercise.details.figure for exercise in routine.exercises)  # the fixture's routine draws every one
