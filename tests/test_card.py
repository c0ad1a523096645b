"""The laminated card: a real print product, read back from the built PDFs.

Every test reads cards that a real build wrote (WeasyPrint, no mocks): their pages and
paper, type sizes and fonts, margins, tags and metadata, the QR code
(decoded by zxing-cpp from a picture poppler drew), and the layouts of long routines; the greyscale
contrast of every format is in test_print_family.py.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
import yaml
import zxingcpp
from fontTools.ttLib import TTFont
from mkdocs.config import load_config
from PIL import Image
from pypdf import PdfReader

from conftest import REPO, copy_project, normalise, pdf_text, run_warmup, tree_fingerprint
from warmup.parallel import WORTH_HELPERS

PAPERS_MM = {"a4": (210, 297), "letter": (215.9, 279.4)}
MM = 72 / 25.4  # PDF points per millimetre
ROUTINE = "hip-activation"
FONTS = REPO / "templates" / "card" / "fonts"


def card(project, paper: str, routine: str = ROUTINE) -> Path:
    return project.site_dir / "cards" / f"{routine}-{paper}.pdf"


def parents_page_url(project) -> str:
    return load_config(str(project.config_file)).site_url + "why-hips-matter/"


def add_exercises_to_routine(project, total: int) -> list[str]:
    """Make the routine list ``total`` exercises of today's length, and return their names.

    The extra exercises reuse the existing files' wording under new names: test data only,
    never content the club would publish.
    """
    exercise_dir = project.content_dir / "exercises"
    originals = sorted(exercise_dir.glob("*.yaml"))
    added = []
    for number in range(total - len(originals)):
        original = originals[number % len(originals)]
        slug = f"{original.stem}-set-{number + 2}"
        text = re.sub(r"^name: (.*)$", rf"name: \1 Set {number + 2}", original.read_text("utf-8"), flags=re.M)
        (exercise_dir / f"{slug}.yaml").write_text(text, "utf-8")
        added.append(slug)
    routine_file = project.content_dir / "routines" / f"{ROUTINE}.yaml"
    listing = "".join(f"  - {slug}\n" for slug in added)
    routine_file.write_text(routine_file.read_text("utf-8").replace("  - lateral-band-walks\n",
                                                                    "  - lateral-band-walks\n" + listing), "utf-8")
    from warmup.content.library import load_library

    routine = next(r for r in load_library(project.content_dir).routines if r.slug == ROUTINE)
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


def exercise_names(routine: str) -> list[str]:
    """The routine's exercise names, read from the content files themselves (not through the code under test)."""
    listed = yaml.safe_load((REPO / "content" / "routines" / f"{routine}.yaml").read_text("utf-8"))["exercises"]
    return [yaml.safe_load((REPO / "content" / "exercises" / f"{slug}.yaml").read_text("utf-8"))["name"]
            for slug in listed]


@pytest.fixture(scope="module")
def ten_exercises(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("ten") / "project")
    names = add_exercises_to_routine(project, 10)
    run_warmup(project, "build")
    return project, names


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_card_is_exactly_one_page_of_its_paper(built, paper):
    reader = PdfReader(card(built, paper))
    assert len(reader.pages) == 1
    width_mm, height_mm = (float(value) / MM for value in reader.pages[0].mediabox[2:])
    assert (width_mm, height_mm) == pytest.approx(PAPERS_MM[paper], abs=0.3)


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_no_text_below_9pt_and_body_text_at_least_10pt(built, paper):
    smallest, smallest_body = font_sizes(card(built, paper))
    assert smallest >= 9
    assert smallest_body >= 10


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_everything_printed_keeps_10mm_from_every_edge(built, paper):
    with pdfplumber.open(card(built, paper)) as pdf:
        page = pdf.pages[0]
        marks = page.chars + page.curves + page.lines + page.rects + page.images
        assert len(page.chars) > 500 and page.curves and page.lines
        margin = 10 * MM
        assert min(m["x0"] for m in marks) >= margin
        assert min(m["top"] for m in marks) >= margin
        assert max(m["x1"] for m in marks) <= page.width - margin
        assert max(m["bottom"] for m in marks) <= page.height - margin


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_every_letter_is_in_the_shipped_font_embedded_as_a_subset(built, paper):
    # A character missing from Atkinson Hyperlegible would fall back to another font
    # (or print as an empty box): every character must come from the shipped font.
    with pdfplumber.open(card(built, paper)) as pdf:
        font_names = {c["fontname"] for c in pdf.pages[0].chars}
    assert font_names and all(re.fullmatch(r"[A-Z]{6}\+Atkinson-Hyperlegible(-Bold)?", name) for name in font_names)

    def drawn_glyphs(font: TTFont) -> int:
        return sum(1 for name in font.getGlyphOrder() if font["glyf"][name].numberOfContours != 0)

    shipped_glyphs = drawn_glyphs(TTFont(FONTS / "atkinson-hyperlegible-400.ttf"))
    fonts = PdfReader(card(built, paper)).pages[0]["/Resources"]["/Font"]
    assert len(fonts) == 2  # regular and bold, nothing else
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # the font program is inside the PDF
        embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        assert 20 < drawn_glyphs(embedded) < shipped_glyphs / 2  # a subset: only the glyphs the card uses


def test_card_shows_title_club_numbered_exercises_and_reminders_in_the_clubs_words(built, library):
    routine = next(r for r in library.routines if r.slug == ROUTINE)
    for paper in PAPERS_MM:
        text = pdf_text(card(built, paper))
        assert routine.details.title in text
        assert library.club.name.upper() in text  # shown in capitals above the title
        positions = []
        for number, exercise in enumerate(routine.exercises, start=1):
            heading = f"{number} {exercise.details.name}"
            assert heading in text
            assert normalise(exercise.details.how_to) in text  # the how-to in full, never shortened
            positions.append(text.index(heading))
        assert positions == sorted(positions)  # in routine order
        for point in routine.details.reminders.points:
            assert f"{point.name}: {point.text}" in text


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_reminders_are_a_plain_list_with_nothing_ticked_in_advance(built, library, paper):
    # A ticked box beside a reminder says it is done before the warm-up starts: nothing is drawn there.
    routine = next(r for r in library.routines if r.slug == ROUTINE)
    with pdfplumber.open(card(built, paper)) as pdf:
        page = pdf.pages[0]
        lines = page.extract_text_lines()
        drawings = page.curves + page.rects + page.lines + page.images
        for point in routine.details.reminders.points:
            line = next(line for line in lines if point.name in line["text"])
            beside = [d for d in drawings if line["x0"] - 12 * MM < d["x0"] < d["x1"] <= line["x0"] + 1
                      and d["top"] < line["bottom"] and d["bottom"] > line["top"]]
            assert beside == [], f"something is drawn beside '{point.name}'"


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_qr_code_decodes_to_the_parents_page_printed_beside_it(built, paper, tmp_path):
    url = parents_page_url(built)
    assert url == "https://roadrunner-junior-club.github.io/warmups/why-hips-matter/"
    # poppler draws the page, zxing-cpp reads the code, as a phone camera would from the print.
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(card(built, paper)), str(tmp_path / "card")],
                   check=True)
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "card.png"))
    # Beside the routine's own code (tests/test_wall_poster.py).
    assert [(code.format, code.text) for code in codes if not code.text.endswith("#start")] == \
        [(zxingcpp.BarcodeFormat.QRCode, url)]
    assert url in pdf_text(card(built, paper)).replace("/ ", "/")  # the address printed in full
    assert (built.site_dir / "why-hips-matter" / "index.html").is_file()  # and it leads to a real page

    with pdfplumber.open(card(built, paper)) as pdf:
        assert pdf.pages[0].images == []  # the code is vector lines, crisp at any print size


@pytest.mark.parametrize("paper", PAPERS_MM)
def test_pdf_is_tagged_pdf_ua_with_title_author_subject_and_language(built, library, paper):
    reader = PdfReader(card(built, paper))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en"
    assert b"pdfuaid:part=\"1\"" in catalog["/Metadata"].get_object().get_data()

    tags = []

    def walk(node):
        node = node.get_object()
        if "/S" in node:
            tags.append((node["/S"], node.get("/Alt")))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(catalog["/StructTreeRoot"])
    names = [name for name, _ in tags]
    assert "/H1" in names and names.count("/LI") >= 10 and "/L" in names
    figures = [alt for name, alt in tags if name == "/Figure"]
    assert f"QR code for {parents_page_url(built)}" in figures
    # Each exercise's figure has a text alternative that names it (the names read from the content files).
    for name in exercise_names(ROUTINE):
        assert any(alt and alt.startswith(name) for alt in figures), f"no figure described for {name}"
    assert all(figures)

    routine = next(r for r in library.routines if r.slug == ROUTINE)
    metadata = reader.metadata
    assert routine.details.title in metadata.title and library.club.name in metadata.title
    assert metadata.author == library.club.name
    assert routine.details.title in metadata.subject


def test_two_builds_of_the_same_content_give_byte_identical_cards(built, tmp_path):
    again = copy_project(tmp_path / "again", reuse_drawings=False)
    run_warmup(again, "build")
    names = sorted(path.name for path in (built.site_dir / "cards").iterdir())
    assert len(names) == 9  # six formats, and a preview of each of the three kinds
    for name in names:
        first = (built.site_dir / "cards" / name).read_bytes()
        second = (again.site_dir / "cards" / name).read_bytes()
        assert first == second, f"{name} differs between two builds"


def test_a_png_preview_of_the_a4_card_is_made_for_the_site(built):
    for folder in (built.docs_dir, built.site_dir):
        preview = folder / "cards" / f"{ROUTINE}-a4-preview.png"
        image = Image.open(io.BytesIO(preview.read_bytes()))
        assert image.format == "PNG"
        assert image.width >= 2 * 96  # twice the 6rem the print page shows it at
        assert image.height / image.width == pytest.approx(297 / 210, abs=0.01)
    assert preview.stat().st_size < 250_000  # light enough for a phone on a weak signal


def test_a_routine_of_ten_exercises_fits_on_one_page_of_each_paper(ten_exercises):
    project, names = ten_exercises
    for paper in PAPERS_MM:
        assert len(PdfReader(card(project, paper)).pages) == 1
        text = pdf_text(card(project, paper))
        for name in names:  # in two columns of tiles: numbers and order are checked in test_print_family.py
            assert name in text
        smallest, smallest_body = font_sizes(card(project, paper))
        assert smallest >= 9 and smallest_body >= 10
        sizes = word_sizes(card(project, paper))
        for number, name in enumerate(names, start=1):
            assert min(sizes[word] for word in name.split()) >= 18, f"{name} is under 18 pt"
        assert min(sizes[word] for word in "Lie on your back, knees bent, feet flat.".split()) >= 11


def test_a_routine_too_long_for_one_page_stops_the_build_saying_what_to_shorten(tmp_path):
    project = copy_project(tmp_path / "project")
    run_warmup(project, "build")
    before = tree_fingerprint(project.site_dir)
    add_exercises_to_routine(project, 26)

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
    # embedded under one name and mixed their glyphs up ("hips" read back as "Łips").
    project = copy_project(tmp_path / "project")
    exercise = project.content_dir / "exercises" / "glute-bridges.yaml"
    exercise.write_text(exercise.read_text("utf-8").replace("how_to: Lie", "how_to: Łódź, Ōsaka, Привет. Lie"),
                        "utf-8")
    run_warmup(project, "build")
    for paper in PAPERS_MM:
        text = pdf_text(card(project, paper))
        assert "Łódź, Ōsaka, Привет. Lie on your back" in text
        assert "Lift your hips up" in text


def test_routines_drawn_side_by_side_give_the_same_cards_as_one_alone(built, tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False)
    names = [f"warm-up-{number}" for number in ("two", "three", "four", "five", "six")]
    assert len(names) + 1 >= WORTH_HELPERS  # enough routines to be drawn in helper processes
    for name in names:
        (project.content_dir / "routines" / f"{name}.yaml").write_text(
            f"title: {name.replace('-', ' ').title()}\nexercises:\n  - fire-hydrants\n  - donkey-kicks\n", "utf-8")
    run_warmup(project, "build")
    for paper in PAPERS_MM:
        assert card(project, paper).read_bytes() == card(built, paper).read_bytes()
        for name in names:
            text = pdf_text(card(project, paper, name))
            assert name.replace("-", " ").title() in text and "Fire Hydrants" in text and "Glute Bridges" not in text


def test_a_how_to_of_thousands_of_words_is_found_too_long_without_laying_out_every_layout(tmp_path):
    """The answer comes in bounded time: the timeout is generous (the guide's bound, guide/printed.md, is seconds),
    and catches the minutes that laying out every layout in full took."""
    project = copy_project(tmp_path / "project")
    exercise = project.content_dir / "exercises/glute-bridges.yaml"
    text = re.sub(r"^how_to:.*?(?=^\w)", "how_to: " + " ".join(["stride"] * 2500) + "\n",
                  exercise.read_text("utf-8"), flags=re.S | re.M)
    exercise.write_text(text, "utf-8")

    result = run_warmup(project, "check", "--quiet", check=False, timeout=60)

    assert result.returncode == 1
    assert re.fullmatch(
        rf"error: content/routines/{ROUTINE}.yaml: the A4 card \(a4\) is at least \d+ mm too long for one page \(it "
        r"needs at least [2-9]\.\d pages\) even with 11 pt text; move some of its 7 "
        r"exercises to another routine or shorten their how_to texts \(the longest are in "
        r"content/exercises/glute-bridges.yaml and content/exercises/\S+\.yaml\); nothing was published, "
        r"site/ is unchanged.\n", result.stderr), result.stderr
