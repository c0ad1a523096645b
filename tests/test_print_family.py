"""The whole printed family, every format on every paper, read back from a real build.

Card (A4, Letter), poster (A3, Tabloid) and pocket cards (four to an A4 or Letter sheet):
the page and its size, each exercise with its figure inside its own tile, the type sizes,
the QR code, the equipment line, tags, greyscale contrast, a filled page and a preview.
What each should show is read from the fixture club's content files with PyYAML, not through the build.
The printed pieces and the print page do not depend on the site's engine: the tests read one build, made
with the default engine.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2
import pytest
import yaml
import zxingcpp
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from conftest import (CLUB, CLUBS, ILLUSTRATION_DESCRIPTION, PRINTED_KINDS, REPO, club_content, html_text, normalise,
                      once_per_file_version, pdf_page, pdf_text, qr_codes)

MM = 72 / 25.4  # PDF points per millimetre
# key: (sheet width and height in mm, pieces per sheet, smallest name size, smallest how-to size in pt)
FORMATS = {
    "a4": ((210, 297), 1, 18, 11),
    "letter": ((215.9, 279.4), 1, 18, 11),
    "poster-a3": ((297, 420), 1, 30, 16),
    "poster-tabloid": ((279.4, 431.8), 1, 30, 16),
    "pocket-a4": ((210, 297), 4, None, None),
    "pocket-letter": ((215.9, 279.4), 4, None, None),
}
# The margins guide/printed.md promises: 12 mm on the card, 15 mm on the poster, 7 mm round each pocket card.
MARGINS_MM = {"a4": 12, "letter": 12, "poster-a3": 15, "poster-tabloid": 15, "pocket-a4": 7, "pocket-letter": 7}
# Every figure on a pocket card is at least this tall: a body lying down, kept in a box as narrow as a standing
# one's, was drawn 3 to 5 mm tall, too small to read.
POCKET_FIGURE_MM = 5.5
SHOWS_HOW_TO = [key for key, (_, pieces, _, _) in FORMATS.items() if pieces == 1]


@functools.cache  # the fixture club's files never change; the tests only read what they hold
def content(kind: str, slug: str) -> dict:
    return yaml.safe_load((club_content() / kind / f"{slug}.yaml").read_text("utf-8"))


CLUB_SETTINGS = yaml.safe_load((club_content() / "club.yaml").read_text("utf-8"))
# The routine the parents' page explains: the fixture club's longest, with equipment and reminders.
ROUTINE = CLUB_SETTINGS["parents_routine"]
ROUTINES = sorted(path.stem for path in (club_content() / "routines").glob("*.yaml"))
# The parents' page, whose address the QR code holds: site_url, then its title in lower case with dashes.
PARENTS_URL = (yaml.safe_load((CLUBS / CLUB / "site.yml").read_text("utf-8"))["site_url"]
               + "-".join(CLUB_SETTINGS["parents_page_title"].lower().split()) + "/")


def exercises(routine: str = ROUTINE) -> list[dict]:
    return [content("exercises", slug) for slug in content("routines", routine)["exercises"]]


def printed(project, key: str, routine: str = ROUTINE) -> Path:
    return project.site_dir / "cards" / f"{routine}-{key}.pdf"


def name_words(page, text: str) -> list[dict]:
    """The words of ``text`` as printed (with their sizes), where they first appear: each next word
    just after the last on its line (a space apart, not in the next tile along) or on one of the next lines."""
    words = printed_words(page)
    wanted = text.split()
    for first in (word for word in words if word["text"] == wanted[0]):
        run = [first]
        for part in wanted[1:]:
            last = run[-1]
            following = [word for word in words if word["text"] == part and word is not last and (
                (abs(word["top"] - last["top"]) < 1 and 0 <= word["x0"] - last["x1"] < last["size"])
                or 1 <= word["top"] - last["top"] < 2.5 * last["size"])]
            if not following:
                break
            run.append(min(following, key=lambda word: (word["top"], word["x0"])))
        else:
            return run
    raise AssertionError(f"'{text}' is not printed")


@functools.cache
def printed_words(page) -> list[dict]:
    """The words on ``page`` (a PDF's page as pdfplumber reads it, or a part of it), with their sizes: found once
    per page for the many names looked up on it (pdf_page reads each PDF's page once per test process)."""
    return page.extract_words(extra_attrs=["size"])


def tile_around(page, box: dict) -> dict:
    """The smallest drawn frame (a tile's border) that holds ``box``."""
    frames = [shape for shape in page.rects + page.curves
              if shape["x0"] <= box["x0"] and shape["x1"] >= box["x1"] and shape["top"] <= box["top"]
              and shape["bottom"] >= box["bottom"] and shape["width"] < page.width * 0.99]
    assert frames, "the name is in no tile"
    return min(frames, key=lambda shape: shape["width"] * shape["height"])


@once_per_file_version  # the tags' test and figure_alts() read one PDF's tree
def structure_tags(pdf_file: Path) -> list[tuple]:
    """Every element of the PDF's structure tree: its tag (/H1, /LI, /Figure...) and its text alternative."""
    tags = []

    def walk(node):
        node = node.get_object()
        if "/S" in node:
            tags.append((node["/S"], node.get("/Alt")))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(PdfReader(pdf_file).trailer["/Root"]["/StructTreeRoot"])
    return tags


def figure_alts(pdf_file: Path) -> list:
    """The text alternative of every element tagged as a Figure (None where it has none)."""
    return [alt for tag, alt in structure_tags(pdf_file) if tag == "/Figure"]


@pytest.mark.parametrize("key", FORMATS)
def test_every_routines_piece_is_exactly_one_page_of_its_paper(default_build, key):
    for routine in ROUTINES:
        reader = PdfReader(printed(default_build, key, routine))
        assert len(reader.pages) == 1, routine
        width_mm, height_mm = (float(value) / MM for value in reader.pages[0].mediabox[2:])
        assert (width_mm, height_mm) == pytest.approx(FORMATS[key][0], abs=0.3), routine


@pytest.mark.parametrize("key", FORMATS)
def test_every_exercise_has_its_figure_drawn_inside_its_own_tile(default_build, key):
    page = pdf_page(printed(default_build, key))
    across = 2 if FORMATS[key][1] > 1 else 1  # pocket cards: every copy on the sheet
    width, height = page.width / across, page.height / across
    pieces = [page.crop((x * width, y * height, (x + 1) * width, (y + 1) * height))
              for y in range(across) for x in range(across)]
    for piece, (number, exercise) in itertools.product(pieces, enumerate(exercises(), start=1)):
        words = name_words(piece, exercise["name"])
        name_box = {"x0": min(w["x0"] for w in words), "x1": max(w["x1"] for w in words),
                    "top": min(w["top"] for w in words), "bottom": max(w["bottom"] for w in words)}
        tile = tile_around(piece, name_box)
        strokes = [shape for shape in piece.curves + piece.lines
                   if shape is not tile and shape["x0"] >= tile["x0"] - 0.5 and shape["x1"] <= tile["x1"] + 0.5
                   and shape["top"] >= tile["top"] - 0.5 and shape["bottom"] <= tile["bottom"] + 0.5]
        assert len(strokes) >= 5, f"no figure in the tile of {exercise['name']} ({key}, {piece.bbox})"
        if FORMATS[key][1] > 1:  # a pocket card's figure, under the name: a body lying down takes the tile's width
            figure = [shape for shape in strokes if shape["top"] >= name_box["bottom"] - 0.5]
            tall_mm = (max(shape["bottom"] for shape in figure) - min(shape["top"] for shape in figure)) / MM
            assert tall_mm >= POCKET_FIGURE_MM, f"the figure of {exercise['name']} is {tall_mm:.1f} mm tall ({key})"
        # The number of the exercise is printed in its tile too.
        numbers = [c for c in piece.chars if c["text"] == str(number)[0] and tile["x0"] <= c["x0"]
                   and c["x1"] <= tile["x1"] and tile["top"] <= c["top"] and c["bottom"] <= tile["bottom"]]
        assert numbers, f"no number {number} in the tile of {exercise['name']} ({key}, {piece.bbox})"


@pytest.mark.parametrize("key", SHOWS_HOW_TO)
def test_names_and_how_to_text_are_at_least_their_formats_sizes(default_build, key):
    _, _, smallest_name, smallest_text = FORMATS[key]
    page = pdf_page(printed(default_build, key))
    text = pdf_text(printed(default_build, key))  # in the order it is written, not column by column
    for exercise in exercises():
        assert min(w["size"] for w in name_words(page, exercise["name"])) >= smallest_name - 0.01
        assert normalise(exercise["how_to"].replace("\u2019", "'")) in text  # in full
        how_to = name_words(page, " ".join(exercise["how_to"].split()[:4]))
        assert min(w["size"] for w in how_to) >= smallest_text - 0.01, exercise["name"]


@pytest.mark.parametrize("key", ["pocket-a4", "pocket-letter"])
def test_pocket_cards_are_four_quarter_sheets_with_cut_lines(default_build, key):
    (width_mm, height_mm), _, _, _ = FORMATS[key]
    text = pdf_text(printed(default_build, key))
    assert text.count(content("routines", ROUTINE)["title"]) == 4
    for exercise in exercises():
        assert text.count(exercise["name"]) == 4
        assert exercise["how_to"] not in text  # the how-to stays on the full card
    for point in content("routines", ROUTINE)["reminders"]["points"]:
        assert text.count(point["text"]) == 4
    page = pdf_page(printed(default_build, key))
    cuts = [line for line in page.lines + page.rects + page.curves
            if (abs(line["x0"] - page.width / 2) < 1 and line["height"] > page.height * 0.9)
            or (abs(line["top"] - page.height / 2) < 1 and line["width"] > page.width * 0.9)]
    assert len(cuts) >= 2, "no cut lines through the middle of the sheet"
    assert width_mm / 2 == pytest.approx(105 if key == "pocket-a4" else 4.25 * 25.4, abs=0.1)
    assert height_mm / 2 == pytest.approx(148.5 if key == "pocket-a4" else 5.5 * 25.4, abs=0.1)


@pytest.mark.parametrize("key", FORMATS)
def test_qr_code_decodes_to_the_parents_page_printed_beside_it(default_build, key):
    codes = qr_codes(printed(default_build, key))  # as a phone's camera reads the print
    # Beside the routine's own code; the pocket cards carry only the routine's (tests/test_wall_poster.py).
    assert [(code.format, code.text) for code in codes if not code.text.endswith("#start")] == \
        [(zxingcpp.BarcodeFormat.QRCode, PARENTS_URL)] * (FORMATS[key][1] == 1)
    assert PARENTS_URL in pdf_text(printed(default_build, key)).replace("/ ", "/").replace(" ", "")  # printed in full
    address = PARENTS_URL.removeprefix(yaml.safe_load((CLUBS / CLUB / "site.yml").read_text("utf-8"))["site_url"])
    assert (default_build.site_dir / address / "index.html").is_file()  # and it leads to a real page
    assert pdf_page(printed(default_build, key)).images == []  # the code is vector lines, crisp at any print size


@pytest.mark.parametrize("key", SHOWS_HOW_TO)
def test_the_qr_code_is_at_least_30_mm_wide(default_build, key):
    page = pdf_page(printed(default_build, key))
    # The QR code is drawn as runs of dark modules: many strokes of one width (the module's size).
    flat = [line for line in page.lines if line["height"] == 0]
    module = Counter(round(line["linewidth"], 2) for line in flat).most_common(1)[0][0]
    runs = [line for line in flat if round(line["linewidth"], 2) == module]
    assert len(runs) > 50
    width = max(line["x1"] for line in runs) - min(line["x0"] for line in runs)
    assert width >= 30 * MM * 33 / 41  # at least 33 modules drawn; the 4-module quiet zone each side is white


@pytest.mark.parametrize("key", SHOWS_HOW_TO)
def test_equipment_line_lists_exactly_what_the_exercises_name(default_build, key):
    for routine in ROUTINES:
        needed: dict[str, bool] = {}
        for exercise in exercises(routine):
            for item in exercise.get("equipment") or []:
                optional = item.get("optional", False)
                needed[item["name"]] = needed.get(item["name"], True) and optional
        text = pdf_text(printed(default_build, key, routine))
        if not needed:
            assert "You need:" not in text, routine
            continue
        expected = "You need: " + "; ".join(name + (" (optional)" if optional else "") for name, optional in
                                             needed.items())
        assert expected in text, routine
    assert any(item for routine in ROUTINES for exercise in exercises(routine) for item in exercise.get("equipment") or [])


@pytest.mark.parametrize("key", FORMATS)
def test_tagged_pdf_ua_with_title_language_and_a_described_figure_per_exercise(default_build, key):
    reader = PdfReader(printed(default_build, key))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en"
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    tags = structure_tags(printed(default_build, key))
    names = [tag for tag, _ in tags]
    # A heading, and on each piece the exercises and the reminders as list items.
    reminders = (content("routines", ROUTINE).get("reminders") or {}).get("points", [])
    assert "/H1" in names and "/L" in names
    assert names.count("/LI") == FORMATS[key][1] * (len(exercises()) + len(reminders))
    figures = figure_alts(printed(default_build, key))
    assert all(figures)  # every figure has a text alternative
    for exercise in exercises():
        assert any(alt.startswith(exercise["name"]) for alt in figures), exercise["name"]
    assert any(alt == f"QR code for {PARENTS_URL}" for alt in figures) == (FORMATS[key][1] == 1)  # pocket: the routine's
    title = content("routines", ROUTINE)["title"]
    assert title in reader.metadata.title and CLUB_SETTINGS["name"] in reader.metadata.title
    assert reader.metadata.author == CLUB_SETTINGS["name"]
    assert title in reader.metadata.subject
    if FORMATS[key][1] > 1:  # the sheet's pieces, though the piece is laid out once and copied
        assert f"{FORMATS[key][1]} to a sheet" in reader.metadata.subject


def _drawn_glyphs(font: TTFont) -> int:
    """Glyphs with an outline: a subset keeps its glyphs' numbers but empties the ones it leaves out."""
    outlines = font["glyf"]
    return sum(1 for name in font.getGlyphOrder() if outlines[name].numberOfContours != 0)


@pytest.mark.parametrize("key", FORMATS)
def test_every_letter_is_in_the_shipped_font_embedded_as_a_subset(default_build, key):
    # A character missing from Atkinson Hyperlegible would fall back to another font
    # (or print as an empty box): every character must come from the shipped font.
    font_names = {c["fontname"] for c in pdf_page(printed(default_build, key)).chars}
    assert font_names and all(re.fullmatch(r"[A-Z]{6}\+Atkinson-Hyperlegible(-Bold)?", name) for name in font_names)

    fonts = PdfReader(printed(default_build, key)).pages[0]["/Resources"]["/Font"]
    assert len(fonts) == 2  # regular and bold, nothing else
    shipped = min(_drawn_glyphs(TTFont(path)) for path in (REPO / "templates/card/fonts").glob("*.ttf"))
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert re.fullmatch(r"/[A-Z]{6}\+.+", descendant["/BaseFont"])  # a subset's name
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # the font program is inside the PDF
        embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        # The card's text uses a few dozen letters of the font's hundreds.
        assert 20 < _drawn_glyphs(embedded) < shipped / 3, descendant["/BaseFont"]


@pytest.mark.parametrize("key", FORMATS)
def test_every_word_keeps_strong_contrast_in_greyscale(default_build, key):
    document = pypdfium2.PdfDocument(printed(default_build, key))
    scale = 150 / 72
    image = document[0].render(scale=scale, grayscale=True).to_pil().convert("L")
    document.close()

    def luminance(value: int) -> float:
        channel = value / 255
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    words = pdf_page(printed(default_build, key)).extract_words()
    assert len(words) > 50
    for word in words:
        box = [round(word[k] * scale) for k in ("x0", "top", "x1", "bottom")]
        darkest, lightest = image.crop(box).getextrema()
        ratio = (luminance(lightest) + 0.05) / (luminance(darkest) + 0.05)
        assert ratio >= 7, f"'{word['text']}' has contrast {ratio:.1f}:1 in greyscale ({key})"


@pytest.mark.parametrize("key", FORMATS)
def test_the_page_is_filled_no_empty_band_over_5_percent(default_build, key):
    """Inside the margins, no horizontal band taller than 5% of the page holds nothing printed.

    Only what says something counts: letters, figures, the QR code, rules. Tiles' frames are left
    out, so an empty frame cannot hide an empty band.
    """
    page = pdf_page(printed(default_build, key))
    pieces = FORMATS[key][1]
    height = page.height / (2 if pieces > 1 else 1)
    width = page.width / (2 if pieces > 1 else 1)
    marks = [m for m in page.chars + page.curves + page.lines + page.rects
             if m["height"] < 0.08 * height and m["bottom"] <= height and m["x1"] <= width
             and not (m["height"] < 1 and m["width"] > 0.9 * width)]  # not a cut line
    margin = MARGINS_MM[key] * MM
    # The margins' edges bound the first and the last band.
    spans = sorted([(0, margin)] + [(m["top"], m["bottom"]) for m in marks] + [(height - margin, height)])
    reach, largest = spans[0][1], 0.0
    for start, end in spans[1:]:
        largest = max(largest, start - reach)
        reach = max(reach, end)
    assert largest / height <= 0.05, f"an empty band of {largest / MM:.0f} mm ({largest / height:.1%}) in {key}"


# The print page shows each kind once, with a preview of its first paper (the other differs only in proportion).
PREVIEW_OF = {key: keys[0] for keys in PRINTED_KINDS.values() for key in keys}
KIND_NAMES = {key: kind for kind, keys in PRINTED_KINDS.items() for key in keys}


@pytest.mark.parametrize("key", sorted(set(PREVIEW_OF.values())))
def test_each_kind_has_a_preview_picture_of_its_first_papers_page(default_build, key):
    for routine in ROUTINES:
        preview = default_build.site_dir / "cards" / f"{routine}-{key}-preview.png"
        image = Image.open(io.BytesIO(preview.read_bytes()))
        page = (default_build.site_dir / "print" / "index.html").read_text("utf-8")
        [tag] = re.findall(rf'<img[^>]*\ssrc="[^"]*{re.escape(preview.name)}"[^>]*>', page)  # as fetched when shown
        shown = int(re.search(r'\bwidth="?(\d+)', tag).group(1))
        assert image.format == "PNG" and image.width >= 2 * shown  # sharp on a phone's screen, two pixels to one
        (width_mm, height_mm), _, _, _ = FORMATS[key]
        assert image.height / image.width == pytest.approx(height_mm / width_mm, abs=0.01)
        assert preview.stat().st_size < 150_000  # light enough for a phone on a weak signal
        assert (default_build.docs_dir / "cards" / preview.name).read_bytes() == preview.read_bytes()  # docs/ holds it too


def test_the_site_holds_exactly_each_routines_pieces_and_the_previews_its_print_page_shows(default_build):
    page = (default_build.site_dir / "print" / "index.html").read_text("utf-8")
    shown = set(re.findall(r'<img[^>]*src="[^"]*cards/([^"/]+-preview\.png)"', page))
    assert shown == {f"{routine}-{key}-preview.png" for routine in ROUTINES for key in set(PREVIEW_OF.values())}
    assert {path.name for path in (default_build.site_dir / "cards").glob("*-preview.png")} == shown
    assert {path.name for path in (default_build.site_dir / "cards").glob("*.pdf")} == \
        {f"{routine}-{key}.pdf" for routine in ROUTINES for key in FORMATS}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self._open = {"href": attrs.get("href", ""), "text": "", "images": []}
        elif tag == "img" and self._open is not None:
            self._open["images"].append(attrs.get("src", ""))

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.links.append(self._open)
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data


def links_of(html_file: Path) -> list[dict]:
    parser = _Links()
    parser.feed(html_file.read_text("utf-8"))
    return parser.links


PAPER_LABELS = {"a4": ("A4", "210 × 297 mm"), "letter": ("Letter", "8.5 × 11 in"),
                "poster-a3": ("A3", "297 × 420 mm"), "poster-tabloid": ("Tabloid", "11 × 17 in"),
                "pocket-a4": ("A4", "210 × 297 mm"), "pocket-letter": ("Letter", "8.5 × 11 in")}


def test_print_page_lists_every_format_with_paper_size_and_its_kinds_preview_in_one_tap(default_build):
    links = links_of(default_build.site_dir / "print" / "index.html")
    kinds = re.findall(r'<div class="warmup-print-kind">(.*?)</div>',
                       (default_build.site_dir / "print" / "index.html").read_text("utf-8"), re.S)
    for routine, (key, (paper, size)) in itertools.product(ROUTINES, PAPER_LABELS.items()):
        pdf = printed(default_build, key, routine)
        [link] = [link for link in links if link["href"].endswith(f"cards/{routine}-{key}.pdf")]
        text = " ".join(link["text"].split())
        assert paper in text and size in text
        assert f"{round(pdf.stat().st_size / 1000)} KB" in text  # the file's real size
        assert link["images"] == []  # the link is a button of its own: one tap
        # The kind's box holds the link, its name and its preview.
        [kind] = [box for box in kinds if f'href="{link["href"]}"' in box]
        # Its address waits until it is scrolled to (test_phone.py); the copy for a browser without scripts has it.
        preview = [f"../cards/{routine}-{PREVIEW_OF[key]}-preview.png"]
        assert re.findall(r'<img[^>]*\sdata-src="([^"]*)"', kind) == preview
        assert re.findall(r'<noscript><img[^>]*\ssrc="([^"]*)"', kind) == preview
        assert re.search(rf"<h3[^>]*>{KIND_NAMES[key]}</h3>", kind)
    # Each routine is a heading of its own title alone, with its formats listed under it.
    html = (default_build.site_dir / "print" / "index.html").read_text("utf-8")
    headings = [html_text(heading) for heading in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    for routine in ROUTINES:
        assert normalise(content("routines", routine)["title"]) in headings, headings


def test_each_routine_page_links_its_cards_and_posters(default_build):
    for routine in ROUTINES:
        hrefs = [link["href"] for link in links_of(default_build.site_dir / "routines" / routine / "index.html")]
        for key in ("a4", "letter", "poster-a3", "poster-tabloid"):
            assert any(href.endswith(f"cards/{routine}-{key}.pdf") for href in hrefs), (routine, key)


def test_a_coachs_own_illustration_takes_the_figures_place_with_its_description(illustrated):
    project, slug = illustrated
    assert slug in content("routines", ROUTINE)["exercises"]
    for key in FORMATS:
        page = pdf_page(printed(project, key))
        piece = page.crop((0, 0, page.width / 2, page.height / 2)) if FORMATS[key][1] > 1 else page
        words = name_words(piece, content("exercises", slug)["name"])
        tile = tile_around(piece, {"x0": words[0]["x0"], "x1": words[-1]["x1"],
                                   "top": min(w["top"] for w in words), "bottom": max(w["bottom"] for w in words)})
        inside = [image for image in piece.images if tile["x0"] <= image["x0"] and image["x1"] <= tile["x1"]
                  and tile["top"] <= image["top"] and image["bottom"] <= tile["bottom"]]
        assert len(inside) == 1, key
        assert ILLUSTRATION_DESCRIPTION in figure_alts(printed(project, key))


_LIBRARIES_LOADED = """
import json, os, sys
programs = []
sys.addaudithook(lambda event, args: programs.append(str(args[1])) if event == "subprocess.Popen" else None)
import {module}
{module}.HTML(string="<p>A</p>").write_pdf()  # the text libraries in use
libraries = sorted({{os.path.realpath(line.split()[-1]) for line in open("/proc/self/maps")
                    if any(name in line for name in ("pango", "harfbuzz", "fontconfig", "gobject"))}})
print(json.dumps({{"programs": programs, "libraries": libraries}}))
"""


def test_weasyprint_is_loaded_with_the_libraries_it_finds_itself_and_no_program_run():
    """printing/weasyprint_loaded.py leaves out ctypes' search for the text libraries (ldconfig, gcc, ld and
    objdump run for each name WeasyPrint tries): the same library files are loaded, and no program is run."""
    def loaded(module: str, load: str) -> dict:
        script = _LIBRARIES_LOADED.format(module=module).replace(f"import {module}\n", load + "\n", 1)
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                                check=True)
        return json.loads(result.stdout.splitlines()[-1])

    as_weasyprint_loads_itself = loaded("weasyprint", "import weasyprint")
    ours = loaded("weasyprint", "import warmup.printing.weasyprint_loaded\nimport weasyprint")
    assert as_weasyprint_loads_itself["programs"], "WeasyPrint ran no program: this test would show nothing"
    assert ours["programs"] == []
    assert ours["libraries"] == as_weasyprint_loads_itself["libraries"]
    assert any("pango" in library for library in ours["libraries"])
