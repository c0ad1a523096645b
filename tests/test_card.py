"""The laminated card: a real print product, read back from the built PDFs.

Every test reads cards that a real build wrote (WeasyPrint, no mocks): their type sizes, margins
and text, and the layouts of long routines. What every printed format shares (one page of its
paper, fonts, tags and metadata, the QR code, greyscale contrast, previews) is in test_print_family.py.
The cards do not depend on the site's engine: the tests read one build, made with the default engine.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from conftest import (CLUB, REPO, club_content, copy_built, copy_project, first_build, lengthen_how_to, normalise,
                      pdf_text, run_warmup, tree_fingerprint)
from warmup.content.library import load_library
from warmup.parallel import WORTH_HELPERS, draw_in_parallel
from warmup.printing.cards import CardDrawer
from warmup.render_cache import RenderCache
from warmup.settings.reader import read_settings

PAPERS_MM = {"a4": (210, 297), "letter": (215.9, 279.4)}
MM = 72 / 25.4  # PDF points per millimetre
ROUTINES = sorted(path.stem for path in (club_content() / "routines").glob("*.yaml"))


def content(kind: str, slug: str, club: str = CLUB) -> dict:
    """A content file of fixture club ``club``, read as it is written (not through the code under test)."""
    return yaml.safe_load((club_content(club) / kind / f"{slug}.yaml").read_text("utf-8"))


# The fixture club's longest routine, and an exercise that only it lists.
ROUTINE = max(ROUTINES, key=lambda routine: len(content("routines", routine)["exercises"]))
# Without doses or timers, the other fixture club's exercises are as long as most clubs': ten of them fit at 11 pt.
SHORT = "meadow"
[SHORT_ROUTINE] = (path.stem for path in (club_content(SHORT) / "routines").glob("*.yaml"))
ONLY_IN_ROUTINE = next(slug for slug in content("routines", ROUTINE)["exercises"]
                       if all(slug not in content("routines", other)["exercises"] for other in ROUTINES if other != ROUTINE))


def card(project, paper: str, routine: str = ROUTINE) -> Path:
    return project.site_dir / "cards" / f"{routine}-{paper}.pdf"


def add_exercises_to_routine(content_dir: Path, total: int, routine_slug: str = ROUTINE, club: str = CLUB) -> list[str]:
    """Make the routine of fixture club ``club`` (its content/ at ``content_dir``) list ``total`` exercises, and
    return their names.

    The extra exercises reuse the routine's own exercises' wording under new names: test data only.
    """
    exercise_dir = content_dir / "exercises"
    listed = content("routines", routine_slug, club)["exercises"]
    added = []
    for number in range(total - len(listed)):
        original = exercise_dir / f"{listed[number % len(listed)]}.yaml"
        slug = f"{original.stem}-set-{number + 2}"
        text = re.sub(r"^name: (.*)$", rf"name: \1 Set {number + 2}", original.read_text("utf-8"), flags=re.M)
        (exercise_dir / f"{slug}.yaml").write_text(text, "utf-8")
        added.append(slug)
    routine_file = content_dir / "routines" / f"{routine_slug}.yaml"
    last = f"  - {listed[-1]}\n"
    listing = "".join(f"  - {slug}\n" for slug in added)
    routine_file.write_text(routine_file.read_text("utf-8").replace(last, last + listing), "utf-8")
    routine = next(r for r in load_library(content_dir).routines if r.slug == routine_slug)
    assert len(routine.exercises) == total
    return [exercise.details.name for exercise in routine.exercises]


def font_sizes(pdf_file: Path) -> tuple[float, float]:
    """The smallest text size on the card, and the smallest size of regular-weight (body) text."""
    with pdfplumber.open(pdf_file) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
    sizes = [(round(c["size"], 2), "Bold" not in c["fontname"]) for c in chars]  # PDF floats: 9.99976 is 10
    return min(size for size, _ in sizes), min(size for size, regular in sizes if regular)


def word_sizes(pdf_file: Path) -> dict[str, float]:
    """Each word on the page with the smallest size it is printed at."""
    with pdfplumber.open(pdf_file) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    sizes: dict[str, float] = {}
    for word in words:
        sizes[word["text"]] = min(sizes.get(word["text"], 999), round(word["size"], 2))
    return sizes


def drawn_cards(content_dir: Path, folder: Path, routine: str = ROUTINE, club: str = CLUB) -> dict[str, Path]:
    """The cards of ``routine`` on each paper, drawn by the printing stage alone from the fixture club's content/ at
    ``content_dir`` into ``folder``: for tests of what a card shows, which the rest of a build does not change.
    Fixture club Harbour's figures come from its first build, as in a copied project (``copy_project``)."""
    cache = folder / "cache"
    if club == CLUB:
        shutil.copytree(first_build(club).project.cache_dir, cache)
    drawer = CardDrawer(load_library(content_dir), content_dir, REPO / "templates", "https://example.org/",
                        RenderCache(cache))
    cards = {}
    for paper in PAPERS_MM:
        cards[paper] = folder / f"{routine}-{paper}.pdf"
        cards[paper].write_bytes(drawer.draw((routine, paper))[cards[paper].name])
    return cards


def club_copy(folder: Path, club: str = CLUB) -> Path:
    """A copy of fixture club ``club``'s content/ to change."""
    shutil.copytree(club_content(club), folder / "content")
    return folder / "content"


@pytest.fixture(scope="module")
def ten_exercises(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ten")
    content_dir = club_copy(folder, SHORT)
    names = add_exercises_to_routine(content_dir, 10, SHORT_ROUTINE, SHORT)
    return drawn_cards(content_dir, folder, SHORT_ROUTINE, SHORT), names


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_no_text_below_9pt_and_body_text_at_least_10pt(default_build, paper):
    smallest, smallest_body = font_sizes(card(default_build, paper))
    assert smallest >= 9
    assert smallest_body >= 10


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_everything_printed_keeps_10mm_from_every_edge(default_build, paper):
    with pdfplumber.open(card(default_build, paper)) as pdf:
        page = pdf.pages[0]
        marks = page.chars + page.curves + page.lines + page.rects + page.images
        assert len(page.chars) > 500 and page.curves and page.lines
        margin = 10 * MM
        assert min(m["x0"] for m in marks) >= margin
        assert min(m["top"] for m in marks) >= margin
        assert max(m["x1"] for m in marks) <= page.width - margin
        assert max(m["bottom"] for m in marks) <= page.height - margin


def test_card_shows_title_club_numbered_exercises_and_reminders_in_the_clubs_words(default_build, library):
    for routine, paper in itertools.product(library.routines, PAPERS_MM):
        text = pdf_text(card(default_build, paper, routine.slug))
        assert routine.details.title in text
        assert library.club.name.upper() in text  # shown in capitals above the title
        positions = []
        for number, exercise in enumerate(routine.exercises, start=1):
            heading = f"{number} {exercise.details.name}"
            assert heading in text
            assert normalise(exercise.details.how_to) in text  # the how-to in full, never shortened
            positions.append(text.index(heading))
        assert positions == sorted(positions)  # in routine order
        for point in routine.details.reminders.points if routine.details.reminders else ():
            assert f"{point.name}: {point.text}" in text


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_reminders_are_a_plain_list_with_nothing_ticked_in_advance(default_build, library, paper):
    # A ticked box beside a reminder says it is done before the warm-up starts: nothing is drawn there.
    routine = next(r for r in library.routines if r.slug == ROUTINE)
    assert routine.details.reminders.points
    with pdfplumber.open(card(default_build, paper)) as pdf:
        page = pdf.pages[0]
        lines = page.extract_text_lines()
        drawings = page.curves + page.rects + page.lines + page.images
        for point in routine.details.reminders.points:
            line = next(line for line in lines if point.name in line["text"])
            beside = [d for d in drawings if line["x0"] - 12 * MM < d["x0"] < d["x1"] <= line["x0"] + 1
                      and d["top"] < line["bottom"] and d["bottom"] > line["top"]]
            assert beside == [], f"something is drawn beside '{point.name}'"


def test_a_routine_of_ten_exercises_fits_on_one_page_of_each_paper(ten_exercises):
    cards, names = ten_exercises
    for paper, drawn in cards.items():
        assert len(PdfReader(drawn).pages) == 1
        text = pdf_text(drawn)
        for name in names:  # in two columns of tiles: numbers and order are checked in test_print_family.py
            assert name in text
        smallest, smallest_body = font_sizes(drawn)
        assert smallest >= 9 and smallest_body >= 10
        sizes = word_sizes(drawn)
        for number, name in enumerate(names, start=1):
            assert min(sizes[word] for word in name.split()) >= 18, f"{name} is under 18 pt"
        first = content("routines", SHORT_ROUTINE, SHORT)["exercises"][0]
        first_sentence = content("exercises", first, SHORT)["how_to"].split(". ")[0].rstrip(".") + "."
        assert min(sizes[word] for word in first_sentence.split()) >= 11


def test_a_routine_too_long_for_one_page_stops_the_build_saying_what_to_shorten(default_build, tmp_path):
    project = copy_built(default_build, tmp_path / "project")
    before = tree_fingerprint(project.site_dir)
    add_exercises_to_routine(project.content_dir, 26)

    result = run_warmup(project, "build", check=False)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    message = errors[0]
    assert f"content/routines/{ROUTINE}.yaml" in message
    assert re.search(r"the (A4|Letter) card \((a4|letter)\) is (at least )?\d+ mm too long for one page "
                     r"\(it needs (at least )?\d\.\d pages\) even with 10 pt text", message)
    assert "move some of its 26 exercises to another routine or shorten their how_to texts" in message
    assert "content/exercises/" in message  # names the longest texts to shorten
    assert tree_fingerprint(project.site_dir) == before


def test_without_site_url_the_build_stops_because_the_qr_code_needs_it(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project.config_file.read_text("utf-8")
    project.config_file.write_text(re.sub(r"^site_url:.*\n", "", config, flags=re.M), "utf-8")

    result = run_warmup(project, "build", check=False)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "error: mkdocs.yml: site_url is not set; the cards' QR code needs the website's full address" \
        in result.stderr
    assert not project.site_dir.exists()


def test_accented_and_non_latin_letters_print_and_read_back_correctly(tmp_path):
    # The regular and bold faces each ship as one font file: split subsets of one family were
    # embedded under one name and mixed their glyphs up (a plain "h" read back as "Ł").
    content_dir = club_copy(tmp_path)
    slug = content("routines", ROUTINE)["exercises"][0]
    exercise = content_dir / "exercises" / f"{slug}.yaml"
    exercise.write_text(exercise.read_text("utf-8").replace("how_to: ", "how_to: Łódź, Ōsaka, Привет. ", 1), "utf-8")
    for drawn in drawn_cards(content_dir, tmp_path).values():
        assert normalise("Łódź, Ōsaka, Привет. " + content("exercises", slug)["how_to"]) in pdf_text(drawn)


def test_routines_drawn_side_by_side_give_the_same_cards_as_one_alone(default_build, tmp_path):
    """Drawn as a build draws them (``draw_in_parallel``), nothing drawn before: each helper process keeps one
    drawer for the routines it is sent, and a card must not depend on what its helper drew before it."""
    content_dir = club_copy(tmp_path)
    numbers = ("two", "three", "four", "five", "six")[:WORTH_HELPERS - len(ROUTINES)]
    names = [f"warm-up-{number}" for number in numbers]
    assert len(names) + len(ROUTINES) >= WORTH_HELPERS  # enough to be drawn in helper processes
    # The new routines list two of the longest routine's exercises, and leave out the one before them.
    left_out, *listed = content("routines", ROUTINE)["exercises"][:3]
    for name in names:
        (content_dir / "routines" / f"{name}.yaml").write_text(
            f"title: {name.replace('-', ' ').title()}\nexercises:\n" + "".join(f"  - {slug}\n" for slug in listed),
            "utf-8")
    drawer = CardDrawer(load_library(content_dir), content_dir, REPO / "templates",
                        read_settings(default_build.config_file).site_url, RenderCache(tmp_path / "cache"))
    pieces = list(itertools.product([*ROUTINES, *names], PAPERS_MM))
    drawn = {(routine, paper): files[f"{routine}-{paper}.pdf"]
             for (routine, paper), files in zip(pieces, draw_in_parallel(drawer.draw, pieces))}
    for routine, paper in itertools.product(ROUTINES, PAPERS_MM):
        assert drawn[routine, paper] == card(default_build, paper, routine).read_bytes()
    for name, paper in itertools.product(names, PAPERS_MM):
        text = pdf_text(io.BytesIO(drawn[name, paper]))
        assert name.replace("-", " ").title() in text and content("exercises", left_out)["name"] not in text
        assert all(content("exercises", slug)["name"] in text for slug in listed)


def test_a_how_to_of_thousands_of_words_is_found_too_long_without_laying_out_every_layout(tmp_path):
    """The answer comes in bounded time: the timeout is generous (the guide's bound, guide/printed.md, is seconds),
    and catches the minutes that laying out every layout in full took."""
    project = copy_project(tmp_path / "project")
    lengthen_how_to(project.content_dir / "exercises" / f"{ONLY_IN_ROUTINE}.yaml", 2500)

    result = run_warmup(project, "check", "--quiet", check=False, timeout=60)

    assert result.returncode == 1
    assert re.fullmatch(
        rf"error: content/routines/{ROUTINE}.yaml: the A4 card \(a4\) is at least \d+ mm too long for one page \(it "
        rf"needs at least [2-9]\.\d pages\) even with 10 pt text; move some of its "  # the lowest a card goes
        rf"{len(content('routines', ROUTINE)['exercises'])} exercises to another routine or shorten their how_to "
        rf"texts \(the longest are in content/exercises/{ONLY_IN_ROUTINE}.yaml and content/exercises/\S+\.yaml\); "
        r"nothing was published, "
        r"site/ is unchanged.\n", result.stderr), result.stderr
