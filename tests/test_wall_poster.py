"""The poster made for the wall, and the printed pieces' QR codes, read back from a real build.

The poster (A3, Tabloid): each exercise's figure at least 45 mm tall and 36 cm², its name at least 30 pt with
the note on a smaller line of its own, the how-to at least 16 pt, one page for 1 to 20 exercises and for 7
with how-to texts as long as a club's longest. The card's figures: at least 20 mm tall. The codes:
"Start the routine" (the routine's page, its follow-along opening at once) and "For parents" (the parents' page)
on the card and the poster, each at least 30 mm with its quiet zone and labelled in words under it; the
routine's on the pocket cards.

Sizes come from the tagged PDF's figure boxes (pdfplumber's structure tree), its letters and the codes' drawn
modules; the codes are decoded by zxing-cpp from a picture poppler drew, as a phone's camera reads the print.
The printed pieces do not depend on the site's engine: they are read from one build made with the default engine,
each PDF parsed, drawn and decoded once for the module; each engine's own site is checked to hold the pages the
codes open.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import zxingcpp
from pypdf import PdfReader

from conftest import CLUB, CLUBS, PRINTED_KINDS, QR_DPI, REPO, normalise, pdf_page, qr_codes
from posters import a_routine_of, assert_names_whole_on_their_lines_with_their_notes, printed_lines
from browser import NO_OFFLINE_COPY, once_per_site, serve
from warmup.content.library import load_library
from warmup.printing.cards import CardDrawer
from warmup.render_cache import RenderCache

MM_PER_CSS_PX = 25.4 / 96  # WeasyPrint's figure boxes are in CSS pixels
MM_PER_PT = 25.4 / 72
TWO_CODES = [*PRINTED_KINDS["Card"], *PRINTED_KINDS["Poster"]]
POCKET = PRINTED_KINDS["Pocket cards"]
POSTERS = PRINTED_KINDS["Poster"]
PAPERS_MM = {"poster-a3": (297, 420), "poster-tabloid": (279.4, 431.8)}


def printed(project, routine, key: str):
    return project.site_dir / "cards" / f"{routine.slug}-{key}.pdf"


def site_url(project) -> str:
    return (project.config_file.read_text("utf-8").split("site_url:", 1)[1].split()[0]).rstrip("/")


def addresses(project, library, routine) -> dict[str, str]:
    """Each code's label and the address it must open, from mkdocs.yml's site_url and the content."""
    return {"Start the routine": f"{site_url(project)}/routines/{routine.slug}/#start",
            "For parents": f"{site_url(project)}/{library.parents_page.address}/"}


@functools.cache
def figure_boxes(pdf_file: Path) -> dict[str, list[tuple[float, float, float, float]]]:
    """The box (x0, top, x1, bottom, in mm) of every tagged figure, by its text alternative."""
    boxes: dict[str, list] = {}

    def walk(elements):
        for element in elements:
            if element.get("type") == "Figure":
                box = tuple(value * MM_PER_CSS_PX for value in element["attributes"]["BBox"])
                boxes.setdefault(element.get("alt_text"), []).append(box)
            walk(element.get("children", []))

    walk(pdf_page(pdf_file).structure_tree)
    return boxes


def decoded(pdf_file: Path) -> list[tuple[str, tuple[float, float, float]]]:
    """Each code on the page: its text, and its left, right and bottom edge in PDF points."""
    scale = 72 / QR_DPI
    codes = []
    for code in qr_codes(pdf_file):
        assert code.format == zxingcpp.BarcodeFormat.QRCode
        corners = [code.position.top_left, code.position.top_right, code.position.bottom_left, code.position.bottom_right]
        codes.append((code.text, (min(p.x for p in corners) * scale, max(p.x for p in corners) * scale,
                                  max(p.y for p in corners) * scale)))
    return codes


def label_under(page, left: float, right: float, bottom: float) -> str:
    """The words printed right under a code, within its width: its first line just below it, then each line
    that follows closely."""
    words = sorted((word for word in page.extract_words(extra_attrs=["size"])
                    if left - 2 <= (word["x0"] + word["x1"]) / 2 <= right + 2 and word["top"] >= bottom - 1),
                   key=lambda word: (round(word["top"]), word["x0"]))
    label, line_top = [], bottom
    for word in words:
        if word["top"] - line_top > (1.6 * word["size"] if label else 0.25 * (right - left)):
            break
        label.append(word)
        line_top = word["top"]
    return " ".join(word["text"] for word in label)


@pytest.mark.parametrize("key", TWO_CODES)
def test_start_the_routine_and_for_parents_codes_decode_to_their_pages_labelled_under_them(default_build, library,
                                                                                            key):
    for routine in library.routines:
        wanted = addresses(default_build, library, routine)
        pdf_file = printed(default_build, routine, key)
        codes = decoded(pdf_file)
        assert sorted(text for text, _ in codes) == sorted(wanted.values()), routine.slug
        labels = {text: label_under(pdf_page(pdf_file), *edges) for text, edges in codes}
        assert labels == {address: label for label, address in wanted.items()}, (key, routine.slug)


def test_every_engine_builds_the_pages_the_codes_open(built, library):
    """The codes are the same whatever the engine (read above from one build): each engine's site has their pages."""
    for routine in library.routines:
        for address in addresses(built, library, routine).values():
            page = address.removeprefix(site_url(built)).split("#")[0]
            assert (built.site_dir / page.strip("/") / "index.html").is_file(), address


@pytest.mark.parametrize("key", POCKET)
def test_every_pocket_card_carries_the_routines_code_labelled_start_the_routine(default_build, library, key):
    routine = library.parents_routine
    start = addresses(default_build, library, routine)["Start the routine"]
    pdf_file = printed(default_build, routine, key)
    codes = decoded(pdf_file)
    assert [text for text, _ in codes] == [start] * 4
    assert [label_under(pdf_page(pdf_file), *edges) for _, edges in codes] == ["Start the routine"] * 4


@pytest.mark.parametrize("key", TWO_CODES)
def test_each_code_is_at_least_30_mm_with_its_quiet_zone(default_build, library, key):
    routine = library.parents_routine
    pdf_file = printed(default_build, routine, key)
    boxes = figure_boxes(pdf_file)
    codes = [box for address in addresses(default_build, library, routine).values()
             for box in boxes[f"QR code for {address}"]]
    assert len(codes) == 2
    # A code is drawn as runs of dark modules: strokes as thick as one module.
    flat = [line for line in pdf_page(pdf_file).lines if line["height"] == 0]
    module_pt = Counter(round(line["linewidth"], 2) for line in flat).most_common(1)[0][0]
    runs = [line for line in flat if round(line["linewidth"], 2) == module_pt]
    for x0, top, x1, bottom in codes:
        assert x1 - x0 >= 30 - 0.01 and bottom - top >= 30 - 0.01, f"{key}: a code of {x1 - x0:.1f} × {bottom - top:.1f} mm"
        # Its dark modules keep a white border of 4 modules (the quiet zone) inside the measured box.
        dark = [line for line in runs if x0 <= line["x0"] * MM_PER_PT and line["x1"] * MM_PER_PT <= x1
                and top <= line["top"] * MM_PER_PT <= bottom]
        assert len(dark) > 50
        margin = min(min(line["x0"] for line in dark) * MM_PER_PT - x0, x1 - max(line["x1"] for line in dark) * MM_PER_PT)
        assert margin >= 4 * module_pt * MM_PER_PT - 0.05


@once_per_site
def test_the_start_address_opens_the_routine_page_with_its_follow_along_started(built, library, chromium):
    routine = library.parents_routine
    base, server = serve(built.site_dir)
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                   **NO_OFFLINE_COPY)
    try:
        page = context.new_page()
        page.goto(f"{base}routines/{routine.slug}/#start")
        dialog = page.locator("dialog.fa")  # the follow-along's (an engine's theme may have its own)
        dialog.wait_for(state="visible")
        assert dialog.evaluate("node => node.open")
        assert page.evaluate("location.hash") == ""  # a reload does not start it again
        page.reload()
        page.wait_for_timeout(500)
        assert not page.locator("dialog.fa").evaluate("node => node.open")
    finally:
        context.close()
        server.shutdown()


def tile_columns(page, columns: int = 2) -> list:
    """The page cut into its columns of tiles: the harbour club's posters have two."""
    width = page.width / columns
    return [page.crop((number * width, 0, (number + 1) * width, page.height)) for number in range(columns)]


def printed_once(page, text: str) -> list[dict]:
    """The letters of ``text`` where it is printed, in the one column of tiles that holds it."""
    found = [match for column in tile_columns(page) for match in column.search(text, regex=False)]
    assert found, f"'{text}' is not printed"
    return found[0]["chars"]


@pytest.mark.parametrize("key", POSTERS)
def test_every_figure_on_the_poster_is_at_least_45_mm_tall_and_36_cm2(default_build, library, key):
    for routine in library.routines:
        boxes = figure_boxes(printed(default_build, routine, key))
        for exercise in routine.exercises:
            name = exercise.details.name
            [(x0, top, x1, bottom)] = [box for alt, found in boxes.items() if alt.startswith(f"{name},")
                                       for box in found]
            assert bottom - top >= 45, f"{key}: {name}'s figure is {bottom - top:.1f} mm tall"
            assert (x1 - x0) * (bottom - top) >= 3600, f"{key}: {name}'s figure is {(x1 - x0) * (bottom - top) / 100:.1f} cm²"


@pytest.mark.parametrize("key", POSTERS)
def test_names_are_30_pt_and_the_how_to_16_pt(default_build, library, key):
    for routine in library.routines:
        page = pdf_page(printed(default_build, routine, key))
        text = normalise(page.extract_text())
        for exercise in routine.exercises:
            details = exercise.details
            name = printed_once(page, details.name)
            assert min(letter["size"] for letter in name) >= 30 - 0.01, details.name
            assert normalise(details.how_to) in text or all(
                word in text for word in details.how_to.split())  # in full, however the columns interleave
            how_to = printed_once(page, " ".join(details.how_to.split()[:3]))
            assert min(letter["size"] for letter in how_to) >= 16 - 0.01, details.name


def english_clubs() -> list[str]:
    """The fixture clubs written in English; test_languages.py reads the others' posters from their builds."""
    return sorted(folder.name for folder in CLUBS.iterdir() if (folder / "content").is_dir()
                  and load_library(folder / "content").club.language_tag == "en")


def english_routines() -> list:
    """Every routine of the fixture clubs written in English, and Harbour's seven with long how-to texts (more
    columns, narrower tiles)."""
    return [*(pytest.param(club, routine.slug, id=f"{club}-{routine.slug}") for club in english_clubs()
              for routine in load_library(CLUBS / club / "content").routines),
            pytest.param("harbour-long", "dryland", id="harbour-long-dryland")]


def posters(library, content, routine, folder: Path) -> dict[str, Path]:
    """``routine``'s poster on each paper, drawn through the printing stage alone into ``folder``."""
    drawer = CardDrawer(library, content, REPO / "templates", "https://example.org/", RenderCache(folder / "cache"))
    drawn = {}
    for key in POSTERS:
        drawn[key] = folder / f"{key}.pdf"
        drawn[key].write_bytes(drawer.draw((routine.slug, key))[f"{routine.slug}-{key}.pdf"])
    return drawn


@pytest.fixture(scope="module")
def long_texts(tmp_path_factory):
    """Harbour's routine of long how-to texts (``a_routine_of_long_texts``) and its posters, drawn once."""
    folder = tmp_path_factory.mktemp("long-texts")
    library, content, routine = a_routine_of_long_texts(folder)
    return library, routine, posters(library, content, routine, folder)


@pytest.mark.parametrize(("club", "slug"), english_routines())
def test_every_name_is_30_pt_whole_on_its_lines_with_its_note_on_a_smaller_line_never_one_word_alone(
        request, tmp_path, club, slug):
    if club == "harbour-long":
        library, routine, drawn = request.getfixturevalue("long_texts")
    elif club == CLUB:  # the fixture club's posters as its build printed them
        library = request.getfixturevalue("library")
        routine = next(routine for routine in library.routines if routine.slug == slug)
        drawn = {key: printed(request.getfixturevalue("default_build"), routine, key) for key in POSTERS}
    else:
        content = CLUBS / club / "content"
        library = load_library(content)
        routine = next(routine for routine in library.routines if routine.slug == slug)
        drawn = posters(library, content, routine, tmp_path)
    assert_names_whole_on_their_lines_with_their_notes(routine, drawn)


@pytest.mark.parametrize("key", POSTERS)
def test_each_positions_name_is_printed_under_its_drawing_where_there_is_room(default_build, library, key):
    # Harbour's short routine leaves room on both papers; a routine that does not get its figures without the names.
    routine = min(library.routines, key=lambda routine: len(routine.exercises))
    pdf_file = printed(default_build, routine, key)
    boxes = figure_boxes(pdf_file)
    page = pdf_page(pdf_file)
    for exercise in routine.exercises:
        details = exercise.details
        names = [position.name for position in details.figure.positions]
        [(x0, top, x1, bottom)] = [box for alt, found in boxes.items() if alt and alt.startswith(
            f"{details.name},") for box in found]
        # The drawing has no words of its own: what is printed in its box is the names, at the how-to's size.
        inside = page.crop((x0 / MM_PER_PT, top / MM_PER_PT, x1 / MM_PER_PT, bottom / MM_PER_PT)).extract_words(
            extra_attrs=["size"])
        assert sorted(part for word in inside for part in word["text"].split("\xa0")) == \
            sorted(" ".join(names).split()), f"{key}: {details.name}"
        assert min(word["size"] for word in inside) >= 16 - 0.01, f"{key}: {details.name}"
        # In the order of the drawings, left to right or top to bottom: each name's own word (in no other
        # name) is read after the one before it.
        order = [word for line in printed_lines(inside) for word in line]
        own = [next(word for word in name.split() if all(word not in other.split()
                                                          for other in names if other != name))
               for name in names]
        assert [order.index(word) for word in own] == sorted(order.index(word) for word in own), order


@pytest.mark.parametrize("total", [1, 20])
def test_the_poster_is_one_page_of_its_paper_for_1_and_20_exercises(tmp_path, total):
    # Drawn through the printing stage alone: twenty exercises are more than the A4 card has room for.
    library, content = a_routine_of(tmp_path, total)
    routine = library.routines[0]
    for key, pdf_file in posters(library, content, routine, tmp_path).items():
        paper = PAPERS_MM[key]
        reader = PdfReader(pdf_file)
        assert len(reader.pages) == 1
        assert [float(value) * MM_PER_PT for value in reader.pages[0].mediabox[2:]] == pytest.approx(paper, abs=0.3)
        text = normalise(reader.pages[0].extract_text())
        assert all(exercise.details.name in text for exercise in routine.exercises)
        drawn = [box for alt, boxes in figure_boxes(pdf_file).items() if alt and not alt.startswith("QR code")
                 for box in boxes]
        assert len(drawn) == sum(1 for exercise in routine.exercises  # its figure, or the coach's own picture
                                 if exercise.details.figure or exercise.details.illustration)


def a_routine_of_long_texts(tmp_path):
    """Harbour's club with its seven-exercise routine under a two-line title, and every how-to as long as the
    longest a club has printed (120 letters or so): test wording, nobody's advice."""
    content = tmp_path / "content"
    shutil.copytree(CLUBS / "harbour" / "content", content)
    for number, exercise_file in enumerate(sorted((content / "exercises").glob("*.yaml")), start=1):
        wording = (f"Test wording for exercise {number}, as long as the longest how-to a club has printed, "
                   "it wraps over many lines of its tile here.")
        exercise_file.write_text(re.sub(r"^how_to: .*$", f"how_to: {wording}", exercise_file.read_text("utf-8"),
                                        flags=re.M), "utf-8")
    routine_file = content / "routines" / "dryland.yaml"
    routine_file.write_text(re.sub(r"^title: .*$", "title: Dryland Warm-up for the Whole Squad",
                                   routine_file.read_text("utf-8"), flags=re.M), "utf-8")
    library = load_library(content)
    routine = next(routine for routine in library.routines if routine.slug == "dryland")
    assert len(routine.exercises) == 7
    assert min(len(exercise.details.how_to) for exercise in routine.exercises) >= 115
    return library, content, routine


def test_seven_exercises_with_long_how_to_texts_fit_one_poster_page_at_their_floors(long_texts):
    library, routine, drawn = long_texts
    for key, pdf_file in drawn.items():
        assert len(PdfReader(pdf_file).pages) == 1, key
        boxes = figure_boxes(pdf_file)
        page = pdf_page(pdf_file)
        for exercise in routine.exercises:
            details = exercise.details
            [(x0, top, x1, bottom)] = [box for alt, found in boxes.items() if alt and alt.startswith(
                f"{details.name},") for box in found]
            assert bottom - top >= 45 and (x1 - x0) * (bottom - top) >= 3600, f"{key}: {details.name}"
            assert min(letter["size"] for letter in printed_once(page, details.name)) >= 30 - 0.01
            how_to = printed_once(page, " ".join(details.how_to.split()[:4]))
            assert min(letter["size"] for letter in how_to) >= 16 - 0.01, f"{key}: {details.name}"


@pytest.mark.parametrize("key", PRINTED_KINDS["Card"])
def test_every_figure_on_the_card_is_at_least_20_mm_tall(default_build, library, key):
    # Issue 25: at 20 mm a figure's body reads as a person in print.
    for routine in library.routines:
        boxes = figure_boxes(printed(default_build, routine, key))
        for exercise in routine.exercises:
            name = exercise.details.name
            [(_, top, _, bottom)] = [box for alt, found in boxes.items() if alt and alt.startswith(f"{name},")
                                     for box in found]
            assert bottom - top >= 20 - 0.01, f"{key}: {name}'s figure is {bottom - top:.1f} mm tall"
