"""The parents' page lists the routine's exercises once each, in order: each one's small figure beside its number,
its name linking to its own page and what it is for."""

from __future__ import annotations

import re

from conftest import html_text, normalise


def lineup_items(html: str) -> list[tuple[str, str, str]]:
    """(picture, name, words) of each exercise in the parents' page's list."""
    lineup = html[html.index('<div class="warmup-lineup">'):]
    return re.findall(r'<div class="warmup-lineup-item">(.*?)<p class="warmup-lineup-name">(.*?)</p>(.*?)</div>\s*</div>',
                      lineup, re.S)


def tile_figures(html: str) -> list[str]:
    """The figure of each exercise's tile on the routine page, in order."""
    return [re.search(r"<svg.*?</svg>", tile, re.S).group(0)
            for tile in re.findall(r'<div class="warmup-tile">(.*?)<h3', html, re.S)]


def test_the_parents_page_lists_every_exercise_once_with_its_figure_link_and_purpose_in_order(built, library):
    routine = library.parents_routine
    parents = (built.site_dir / library.parents_page.address / "index.html").read_text("utf-8")
    items = lineup_items(parents)
    assert [html_text(name) for _, name, _ in items] == [
        f"{number}. {exercise.details.name}{' ' + exercise.details.name_note if exercise.details.name_note else ''}"
        for number, exercise in enumerate(routine.exercises, start=1)]
    assert [html_text(words) for _, _, words in items] == [normalise(e.details.why_it_matters) for e in routine.exercises]
    article = parents[parents.index("<article"):parents.rindex("</article>")]  # without the menu's links
    for (_, name, _), exercise in zip(items, routine.exercises):
        assert f'href="../exercises/{exercise.slug}/"' in name
        # Once: no second list names the exercise again.
        assert article.count(f'href="../exercises/{exercise.slug}/"') == 1, exercise.slug
        assert html_text(article).count(normalise(exercise.details.why_it_matters)) == 1, exercise.slug
    routine_page = (built.site_dir / "routines" / routine.slug / "index.html").read_text("utf-8")
    # Each one's figure is the same small drawing as on the routine's own tile.
    assert [re.search(r"<svg.*?</svg>", picture, re.S).group(0) for picture, _, _ in items] == tile_figures(routine_page)
    assert all(exercise.details.figure for exercise in routine.exercises)  # the fixture's routine draws every one
