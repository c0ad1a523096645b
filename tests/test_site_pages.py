"""What each page puts first on a phone: the routine's first screen, the exercise pages, the home and parents' pages."""

from __future__ import annotations

import re

import pytest
import yaml

from browser import new_phone, once_per_site, open_settled
from conftest import article_text, club_content, html_text

FIRST_SCREEN = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def hosted_site(built):
    from browser import serve

    url, server = serve(built.site_dir)
    yield url
    server.shutdown()


def content(relative: str) -> dict:
    """A content file of the club `built` holds, read as it is written (not through the code under test)."""
    return yaml.safe_load((club_content() / relative).read_text("utf-8"))


@once_per_site
def test_the_routine_pages_first_screen_holds_start_and_the_whole_first_exercise(hosted_site, chromium, library):
    for scheme in ("light", "dark"):
        context, page = new_phone(chromium, FIRST_SCREEN["width"], scheme)
        for routine in library.routines:
            open_settled(page, f"{hosted_site}routines/{routine.slug}/")
            start = page.get_by_role("button", name="Start")
            start.wait_for()
            first = page.locator("article .warmup-tile").first
            assert routine.exercises[0].details.name in first.locator("h3").inner_text()
            for name, box in (("Start", start.bounding_box()), ("exercise 1", first.bounding_box())):
                assert box["y"] >= 0 and box["y"] + box["height"] <= FIRST_SCREEN["height"], (scheme, name, box)
            # The first exercise's drawing is in its tile, beside its name.
            assert first.locator("svg").count() == 1
        context.close()


def test_routine_tiles_name_each_exercise_once_as_the_link_to_its_page(built, library):
    for routine in library.routines:
        html = (built.site_dir / "routines" / routine.slug / "index.html").read_text("utf-8")
        article = html[html.index("<article"):html.rindex("</article>")]
        assert "More about" not in article
        for exercise in routine.exercises:
            links = re.findall(rf'<a href="../../exercises/{exercise.slug}/">([^<]*)</a>', article)
            assert links == [exercise.details.name], (exercise.slug, links)


def _footer_alone_leads_to(html: str, neighbour) -> bool:
    """Whether the one link to ``neighbour`` outside the menu is the footer's previous / next."""
    links = re.findall(rf'<a href="\.\./{neighbour.slug}/"(?: class="([^"]*)")?', html)
    outside_menu = [kind for kind in links if "md-nav__link" not in kind]
    return len(outside_menu) == 1 and "md-footer__link" in outside_menu[0]


def test_every_exercise_page_holds_its_figure_and_names_its_neighbours_only_in_the_footer(built, library):
    led_on = {}  # each exercise page: the routines whose neighbours its footer leads to
    for routine in library.routines:
        for position, exercise in enumerate(routine.exercises):
            data = content(f"exercises/{exercise.slug}.yaml")
            html = (built.site_dir / "exercises" / exercise.slug / "index.html").read_text("utf-8")
            article = html[html.index("<article"):html.rindex("</article>")]
            if data.get("figure"):
                assert re.search(r'<svg[^>]*role="img"', article), exercise.slug
            text = article_text(built.site_dir / "exercises" / exercise.slug / "index.html")
            assert data["how_to"].split()[0] in text and " ".join(data["why_it_matters"].split()) in text
            neighbours = [routine.exercises[i] for i in (position - 1, position + 1) if 0 <= i < len(routine.exercises)]
            for neighbour in neighbours:  # not linked again in the page
                assert f'href="../{neighbour.slug}/"' not in article, (exercise.slug, neighbour.slug)
            if all(_footer_alone_leads_to(html, neighbour) for neighbour in neighbours):
                led_on.setdefault(exercise.slug, []).append(routine.slug)
            assert f"Exercise {position + 1} of {len(routine.exercises)} in {routine.details.title}" in text
    # The footer has one previous and one next: it leads on in one of the routines listing the exercise (the
    # only one, for most), and the page names its place in each.
    assert set(led_on) == {exercise.slug for exercise in library.exercises if library.routines_with(exercise)}, led_on


@once_per_site
def test_the_home_page_shows_each_routine_as_a_tile_with_its_size_equipment_and_start(hosted_site, chromium, library):
    context, page = new_phone(chromium, 360, "light")
    open_settled(page, hosted_site)
    for routine in library.routines:
        data = content(f"routines/{routine.slug}.yaml")
        tile = page.locator(".warmup-tile--routine", has=page.get_by_role("heading", name=data["title"]))
        text = " ".join(tile.inner_text().split())
        assert f"{len(data['exercises'])} exercises" in text
        for slug in data["exercises"]:
            for item in content(f"exercises/{slug}.yaml").get("equipment") or []:
                assert item["name"] in text
        tile.get_by_role("link", name="Start").click()
        page.wait_for_url(f"{hosted_site}routines/{routine.slug}/")
        page.go_back()
    parents = library.parents_page
    for name, address in (("Print the card", "print/"), (parents.title, f"{parents.address}/")):
        page.get_by_role("link", name=name, exact=True).last.click()
        page.wait_for_url(hosted_site + address)
        page.go_back()
    context.close()


def test_the_parents_page_has_an_at_a_glance_box_made_only_of_facts_in_the_content(built, library):
    routine = content(f"routines/{library.parents_routine.slug}.yaml")
    parents_page = built.site_dir / library.parents_page.address / "index.html"
    html = parents_page.read_text("utf-8")
    glance = re.search(r'<div class="warmup-glance">(.*?)</div>', html, re.S).group(1)
    lines = [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in re.findall(r"<li>(.*?)</li>", glance, re.S)]
    equipment = []
    for slug in routine["exercises"]:
        for item in content(f"exercises/{slug}.yaml").get("equipment") or []:
            label = item["name"] + (" (optional)" if item.get("optional") else "")
            if label not in equipment:
                equipment.append(label)
    assert lines == [f"Exercises: {len(routine['exercises'])}",
                     f"Equipment: {', '.join(equipment)}",
                     f"When: {' '.join(routine['when_to_do_it']['text'].split())}"]
    assert html_text(glance).startswith("At a glance")
    # The club's words are all still there.
    text = article_text(parents_page)
    for section in ("why_it_matters", "why_it_works", "reminders"):
        for point in routine[section].get("points", []):
            assert " ".join(point["text"].split()) in text


def test_the_share_picture_shows_each_exercises_figure_beside_its_name(default_build, library):
    from PIL import Image

    picture = Image.open(default_build.site_dir / "share" / f"{library.parents_page.address}.png").convert("RGB")
    background = picture.getpixel((5, 5))
    # The drawings stand in a column left of the names, in the text's colour (not the background's).
    column = picture.crop((60, 320, 190, 600))
    data = column.tobytes()
    pixels = [data[i:i + 3] for i in range(0, len(data), 3)]
    inked = sum(1 for pixel in pixels if sum(abs(a - b) for a, b in zip(pixel, background)) > 200)
    drawn = [e for e in library.parents_routine.exercises if e.details.figure]
    assert drawn and inked > 300 * min(len(drawn), 4), inked
