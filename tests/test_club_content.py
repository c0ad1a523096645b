"""The club's own content, whichever club this repository holds: every word it wrote reaches the site.

These are the content tests. Every expectation is read from `content/` itself, with a plain YAML
reader, never from the code under test: a club that replaces `content/` gets these tests for its
own exercises, routines and wording. An invalid `content/` fails them with the one-line problems
`warmup check` prints (test_content_swap.py proves both with a fixture club swapped in).
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest
import yaml

from warmup.settings.reader import SITE_URL_VARIABLE

from conftest import (CLUBS, PRINTED_KINDS, REPO, THIS_PROJECT, article_text, copy_project, error_lines, html_text,
                      normalise, page_text, pdf_text, run_warmup)

CONTENT = REPO / "content"
# Fields whose value is not wording shown as text: a number, a choice, a file, a drawing's angles.
NOT_WORDING = {"figure", "advanced_figure", "illustration", "duration_seconds", "sides", "optional", "exercises",
               "parents_routine", "colors", "logo", "language"}
# An approved source text the club keeps beside its content: each sentence of it must reach the site.
APPROVED_TEXTS = sorted((CONTENT / "approved-wording").glob("*.txt"))
# Where mkdocs.yml names no site_url, the site is built at the address GitHub Pages gives it, as the
# publishing workflow does; a site_url in mkdocs.yml wins over it.
PAGES_ADDRESS = {SITE_URL_VARIABLE: os.environ.get(SITE_URL_VARIABLE, "https://example.org/club/")}


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def _files(folder: str) -> dict[str, dict]:
    return {path.stem: _read(path) for path in sorted((CONTENT / folder).glob("*.y*ml"))}


EXERCISES = _files("exercises")
ROUTINES = _files("routines")
CLUB = _read(next(CONTENT.glob("club.y*ml")))


def wording(value, field: str = "") -> list[str]:
    """Every piece of text the club wrote in ``value``, normalised, leaving out what is not wording."""
    if field in NOT_WORDING or value is None or isinstance(value, bool):
        return []
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in wording(item, key)]
    if isinstance(value, list):
        return [text for item in value for text in wording(item, field)]
    return [normalise(str(value))]


def _missing(texts: list[str], within: str) -> list[str]:
    """The sentences of ``texts`` not found in ``within`` (a page may show a paragraph's sentences apart)."""
    return [sentence for text in texts for sentence in re.split(r"(?<=[.!?])\s+", text) if sentence not in within]


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("content") / "project", reuse_drawings=False, club=THIS_PROJECT)
    return run_warmup(project, "check", check=False, env=PAGES_ADDRESS), project


@pytest.fixture(scope="module")
def site(checked) -> Path:
    result, project = checked
    if result.returncode:
        pytest.fail("content/ has problems:\n" + "\n".join(error_lines(result.stderr)), pytrace=False)
    run_warmup(project, "build", "--quiet", env=PAGES_ADDRESS)
    return project.site_dir


def test_warmup_check_finds_the_content_clean(checked):
    result, _ = checked
    assert result.returncode == 0, "\n".join(error_lines(result.stderr))
    assert result.stderr.strip() == ""


def _page(site: Path, *parts: str) -> Path:
    page = site.joinpath(*parts, "index.html")
    assert page.is_file(), f"no page {page.relative_to(site)}"
    return page


@pytest.mark.parametrize("slug", EXERCISES)
def test_every_word_of_each_exercise_is_on_its_page(site, slug):
    page = _page(site, "exercises", slug)
    article = page.read_text("utf-8").split("<article", 1)[1]
    # A picture's description is its text for those who cannot see it.
    described = [normalise(html.unescape(alt)) for alt in re.findall(r'<img [^>]*alt="([^"]*)"', article)]
    assert not _missing(wording(EXERCISES[slug]), " ".join([article_text(page), *described]))
    if EXERCISES[slug].get("illustration"):
        assert (site / "illustrations" / EXERCISES[slug]["illustration"]).is_file()


@pytest.mark.parametrize("slug", ROUTINES)
def test_every_word_of_each_routine_and_each_exercise_it_lists_is_on_its_page(site, slug):
    routine = ROUTINES[slug]
    page = _page(site, "routines", slug)
    text = article_text(page)
    assert not _missing(wording(routine), text)
    for exercise in routine["exercises"]:
        assert not _missing(wording([EXERCISES[exercise][field] for field in ("name", "how_to")]), text), exercise
        assert f'href="../../exercises/{exercise}/"' in page.read_text("utf-8"), exercise


@pytest.mark.parametrize("slug", ROUTINES)
def test_each_exercise_of_a_routine_has_its_follow_along_slide_and_figure(site, slug):
    html = _page(site, "routines", slug).read_text("utf-8")
    # The follow-along makes one slide of each step the page marks, from the text inside it.
    steps = re.findall(r"data-follow-along-step=.*?>(.*?)<div data-follow-along-step-end", html, re.S)
    exercises = ROUTINES[slug]["exercises"]
    assert len(steps) == len(exercises)
    figures = json.loads((site / "follow-along" / f"{slug}.json").read_text("utf-8"))
    for step, exercise in zip(steps, exercises):
        details = EXERCISES[exercise]
        assert not _missing(wording([details["name"], details["how_to"]]), html_text(step)), exercise
        if details.get("figure"):
            assert "<svg" in figures.get(exercise, ""), f"{exercise} has no moving figure in the follow-along"


@pytest.mark.parametrize("slug", [slug for slug, exercise in EXERCISES.items() if exercise.get("figure")])
def test_each_figure_is_drawn_on_its_exercise_page(site, slug):
    article = _page(site, "exercises", slug).read_text("utf-8").split("<article", 1)[1]
    assert 'class="warmup-figure' in article


@pytest.mark.parametrize("kind", PRINTED_KINDS)
@pytest.mark.parametrize("slug", ROUTINES)
def test_every_printed_piece_of_each_routine_names_each_exercise(site, slug, kind):
    routine = ROUTINES[slug]
    for paper in PRINTED_KINDS[kind]:
        text = pdf_text(site / "cards" / f"{slug}-{paper}.pdf")
        squeezed = text.replace(" ", "")
        assert normalise(routine["title"]) in text
        for exercise in routine["exercises"]:
            details = EXERCISES[exercise]
            assert normalise(details["name"]) in text, (paper, exercise)
            if kind != "Pocket cards":  # a pocket card lists the names; the card and poster say how, too
                assert normalise(details["how_to"]).replace(" ", "") in squeezed, (paper, exercise)


def test_every_exercise_in_no_routine_is_reached_from_home(site):
    home = site / "index.html"
    for slug in EXERCISES:
        if not any(slug in routine["exercises"] for routine in ROUTINES.values()):
            assert f"exercises/{slug}/" in home.read_text("utf-8"), slug
            assert normalise(EXERCISES[slug]["name"]) in article_text(home), slug


def test_the_club_is_named_on_home_and_its_parents_page_holds_its_routines_why(site):
    assert normalise(CLUB["name"]) in page_text(site / "index.html")
    why = ROUTINES[CLUB["parents_routine"]].get("why_it_matters") or {}
    title = normalise(CLUB.get("parents_page_title") or why["heading"])
    pages = [page for page in site.rglob("index.html")
             if re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text("utf-8"), re.S)
             and html_text(re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text("utf-8"), re.S)[1]) == title]
    assert len(pages) == 1, f"pages titled {title!r}: {pages}"
    assert not _missing(wording(why), article_text(pages[0]))


def _other_clubs_words() -> set[str]:
    """The names of the test suite's fixture clubs and of their exercises and routines."""
    words = set()
    for club in CLUBS.glob("*/content"):
        words.add(_read(next(club.glob("club.y*ml")))["name"])
        words |= {_read(path)["name"] for path in club.glob("exercises/*.y*ml")}
        words |= {_read(path)["title"] for path in club.glob("routines/*.y*ml")}
    return words


def test_nothing_of_another_club_is_on_the_site(site):
    own = " ".join(text for file in (CLUB, *EXERCISES.values(), *ROUTINES.values()) for text in wording(file))
    others = {normalise(word) for word in _other_clubs_words() if normalise(word) not in own}
    shown = " ".join(page_text(page) for page in sorted(site.rglob("*.html")))
    shown += " ".join(pdf_text(pdf) for pdf in sorted(site.glob("cards/*.pdf")))
    assert not [word for word in sorted(others) if re.search(rf"\b{re.escape(word)}\b", shown)]


def approved_sentences() -> list[str]:
    """Each sentence (or label before a colon) of the club's approved texts, list marks left out."""
    sentences = []
    for path in APPROVED_TEXTS:
        for line in path.read_text("utf-8").splitlines():
            line = re.sub(r"^(\d+[.)]|[-*\u2022\u2705])\s*", "", line.strip())
            for part in re.split(r"(?<=[.!?:])\s+", line):
                part = normalise(part).rstrip(":").strip()
                if part:
                    sentences.append(part)
    return sentences


def test_every_sentence_of_the_clubs_approved_text_reaches_the_site(site):
    shown = " ".join(article_text(page) for page in sorted(site.rglob("*.html")))
    assert not _missing(approved_sentences(), shown)
