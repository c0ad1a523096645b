"""The whole printed family, every format on every paper, read back from a real build.

Card (A4, Letter), poster (A3, Tabloid) and pocket cards (four to an A4 or Letter sheet):
the page and its size, each exercise with its figure inside its own tile, the type sizes,
the QR code, the equipment line, tags, greyscale contrast, a filled page and a preview.
What each should show is read from the content files with PyYAML, not through the build.
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
import yaml
import zxingcpp
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from conftest import PRINTED_KINDS, REPO, copy_project, html_text, normalise, page_text, pdf_text, run_warmup, search_entries

ROUTINE = "hip-activation"
MM = 72 / 25.4  # PDF points per millimetre
PARENTS_URL = "https://roadrunner-junior-club.github.io/warmups/why-hips-matter/"
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
SHOWS_HOW_TO = [key for key, (_, pieces, _, _) in FORMATS.items() if pieces == 1]


def content(kind: str, slug: str) -> dict:
    return yaml.safe_load((REPO / "content" / kind / f"{slug}.yaml").read_text("utf-8"))


def exercises() -> list[dict]:
    return [content("exercises", slug) for slug in content("routines", ROUTINE)["exercises"]]


def printed(project, key: str) -> Path:
    return project.site_dir / "cards" / f"{ROUTINE}-{key}.pdf"


def name_words(page, text: str) -> list[dict]:
    """The words of ``text`` as printed (with their sizes), where they first appear: each next word
    further along its line or on one of the next lines."""
    words = page.extract_words(extra_attrs=["size"])
    wanted = text.split()
    for first in (word for word in words if word["text"] == wanted[0]):
        run = [first]
        for part in wanted[1:]:
            last = run[-1]
            following = [word for word in words if word["text"] == part and word is not last and (
                (abs(word["top"] - last["top"]) < 1 and word["x0"] > last["x0"])
                or 1 <= word["top"] - last["top"] < 2.5 * last["size"])]
            if not following:
                break
            run.append(min(following, key=lambda word: (word["top"], word["x0"])))
        else:
            return run
    raise AssertionError(f"'{text}' is not printed")


def tile_around(page, box: dict) -> dict:
    """The smallest drawn frame (a tile's border) that holds ``box``."""
    frames = [shape for shape in page.rects + page.curves
              if shape["x0"] <= box["x0"] and shape["x1"] >= box["x1"] and shape["top"] <= box["top"]
              and shape["bottom"] >= box["bottom"] and shape["width"] < page.width * 0.99]
    assert frames, "the name is in no tile"
    return min(frames, key=lambda shape: shape["width"] * shape["height"])


def figure_alts(pdf_file: Path) -> list:
    """The text alternative of every element tagged as a Figure (None where it has none)."""
    alts = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            alts.append(node.get("/Alt"))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(PdfReader(pdf_file).trailer["/Root"]["/StructTreeRoot"])
    return alts


@pytest.mark.parametrize("key", FORMATS)
def test_exactly_one_page_of_its_paper(built, key):
    reader = PdfReader(printed(built, key))
    assert len(reader.pages) == 1
    width_mm, height_mm = (float(value) / MM for value in reader.pages[0].mediabox[2:])
    assert (width_mm, height_mm) == pytest.approx(FORMATS[key][0], abs=0.3)


@pytest.mark.parametrize("key", FORMATS)
def test_every_exercise_has_its_figure_drawn_inside_its_own_tile(built, key):
    with pdfplumber.open(printed(built, key)) as pdf:
        page = pdf.pages[0]
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
            # The number of the exercise is printed in its tile too.
            numbers = [c for c in piece.chars if c["text"] == str(number)[0] and tile["x0"] <= c["x0"]
                       and c["x1"] <= tile["x1"] and tile["top"] <= c["top"] and c["bottom"] <= tile["bottom"]]
            assert numbers, f"no number {number} in the tile of {exercise['name']} ({key}, {piece.bbox})"


@pytest.mark.parametrize("key", SHOWS_HOW_TO)
def test_names_and_how_to_text_are_at_least_their_formats_sizes(built, key):
    _, _, smallest_name, smallest_text = FORMATS[key]
    with pdfplumber.open(printed(built, key)) as pdf:
        page = pdf.pages[0]
        text = normalise(page.extract_text())
        for exercise in exercises():
            assert min(w["size"] for w in name_words(page, exercise["name"])) >= smallest_name - 0.01
            assert normalise(exercise["how_to"].replace("\u2019", "'")) in text  # in full
            how_to = name_words(page, " ".join(exercise["how_to"].split()[:4]))
            assert min(w["size"] for w in how_to) >= smallest_text - 0.01, exercise["name"]


@pytest.mark.parametrize("key", ["pocket-a4", "pocket-letter"])
def test_pocket_cards_are_four_quarter_sheets_with_cut_lines(built, key):
    (width_mm, height_mm), _, _, _ = FORMATS[key]
    text = pdf_text(printed(built, key))
    assert text.count(content("routines", ROUTINE)["title"]) == 4
    for exercise in exercises():
        assert text.count(exercise["name"]) == 4
        assert exercise["how_to"] not in text  # the how-to stays on the full card
    for point in content("routines", ROUTINE)["reminders"]["points"]:
        assert text.count(point["text"]) == 4
    with pdfplumber.open(printed(built, key)) as pdf:
        page = pdf.pages[0]
        cuts = [line for line in page.lines + page.rects + page.curves
                if (abs(line["x0"] - page.width / 2) < 1 and line["height"] > page.height * 0.9)
                or (abs(line["top"] - page.height / 2) < 1 and line["width"] > page.width * 0.9)]
        assert len(cuts) >= 2, "no cut lines through the middle of the sheet"
    assert width_mm / 2 == pytest.approx(105 if key == "pocket-a4" else 4.25 * 25.4, abs=0.1)
    assert height_mm / 2 == pytest.approx(148.5 if key == "pocket-a4" else 5.5 * 25.4, abs=0.1)


@pytest.mark.parametrize("key", FORMATS)
def test_qr_code_decodes_to_the_parents_page(built, key, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(printed(built, key)), str(tmp_path / "page")],
                   check=True)
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [(code.format, code.text) for code in codes] == [(zxingcpp.BarcodeFormat.QRCode, PARENTS_URL)] * \
        FORMATS[key][1]
    assert PARENTS_URL in pdf_text(printed(built, key)).replace("/ ", "/").replace(" ", "")


@pytest.mark.parametrize("key", SHOWS_HOW_TO)
def test_the_qr_code_is_at_least_30_mm_wide(built, key):
    with pdfplumber.open(printed(built, key)) as pdf:
        page = pdf.pages[0]
        # The QR code is drawn as runs of dark modules: many strokes of one width (the module's size).
        flat = [line for line in page.lines if line["height"] == 0]
        module = Counter(round(line["linewidth"], 2) for line in flat).most_common(1)[0][0]
        runs = [line for line in flat if round(line["linewidth"], 2) == module]
        assert len(runs) > 50
        width = max(line["x1"] for line in runs) - min(line["x0"] for line in runs)
    assert width >= 30 * MM * 33 / 41  # at least 33 modules drawn; the 4-module quiet zone each side is white


@pytest.mark.parametrize("key", SHOWS_HOW_TO)
def test_equipment_line_lists_exactly_what_the_exercises_name(built, key):
    needed: dict[str, bool] = {}
    for exercise in exercises():
        for item in exercise.get("equipment") or []:
            optional = item.get("optional", False)
            needed[item["name"]] = needed.get(item["name"], True) and optional
    expected = "You need: " + "; ".join(name + (" (optional)" if optional else "") for name, optional in
                                         needed.items())
    assert needed  # the club's routine needs a band: the line is there to be checked
    assert expected in pdf_text(printed(built, key))


@pytest.mark.parametrize("key", FORMATS)
def test_tagged_pdf_ua_with_title_language_and_a_described_figure_per_exercise(built, key):
    reader = PdfReader(printed(built, key))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en"
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    figures = figure_alts(printed(built, key))
    assert all(figures)  # every figure has a text alternative
    for exercise in exercises():
        assert any(alt.startswith(exercise["name"]) for alt in figures), exercise["name"]
    assert any(alt == f"QR code for {PARENTS_URL}" for alt in figures)
    title = content("routines", ROUTINE)["title"]
    club = yaml.safe_load((REPO / "content" / "club.yaml").read_text("utf-8"))
    assert title in reader.metadata.title and club["name"] in reader.metadata.title
    assert reader.metadata.author == club["name"]


def _drawn_glyphs(font: TTFont) -> int:
    """Glyphs with an outline: a subset keeps its glyphs' numbers but empties the ones it leaves out."""
    outlines = font["glyf"]
    return sum(1 for name in font.getGlyphOrder() if outlines[name].numberOfContours != 0)


@pytest.mark.parametrize("key", FORMATS)
def test_fonts_are_embedded_as_subsets(built, key):
    fonts = PdfReader(printed(built, key)).pages[0]["/Resources"]["/Font"]
    shipped = min(_drawn_glyphs(TTFont(path)) for path in (REPO / "templates/card/fonts").glob("*.ttf"))
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert re.fullmatch(r"/[A-Z]{6}\+.+", descendant["/BaseFont"])  # a subset's name
        embedded = TTFont(io.BytesIO(descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()))
        # The card's text uses a few dozen letters of the font's hundreds.
        assert _drawn_glyphs(embedded) < shipped / 3, descendant["/BaseFont"]


@pytest.mark.parametrize("key", FORMATS)
def test_every_word_keeps_strong_contrast_in_greyscale(built, key):
    document = pypdfium2.PdfDocument(printed(built, key))
    scale = 150 / 72
    image = document[0].render(scale=scale, grayscale=True).to_pil().convert("L")
    document.close()

    def luminance(value: int) -> float:
        channel = value / 255
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    with pdfplumber.open(printed(built, key)) as pdf:
        words = pdf.pages[0].extract_words()
    assert len(words) > 50
    for word in words:
        box = [round(word[k] * scale) for k in ("x0", "top", "x1", "bottom")]
        darkest, lightest = image.crop(box).getextrema()
        ratio = (luminance(lightest) + 0.05) / (luminance(darkest) + 0.05)
        assert ratio >= 7, f"'{word['text']}' has contrast {ratio:.1f}:1 in greyscale ({key})"


@pytest.mark.parametrize("key", FORMATS)
def test_the_page_is_filled_no_empty_band_over_5_percent(built, key):
    """Inside the margins, no horizontal band taller than 5% of the page holds nothing printed.

    Only what says something counts: letters, figures, the QR code, rules. Tiles' frames are left
    out, so an empty frame cannot hide an empty band.
    """
    with pdfplumber.open(printed(built, key)) as pdf:
        page = pdf.pages[0]
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
def test_each_kind_has_a_preview_picture_of_its_first_papers_page(built, key):
    preview = built.site_dir / "cards" / f"{ROUTINE}-{key}-preview.png"
    image = Image.open(io.BytesIO(preview.read_bytes()))
    page = (built.site_dir / "print" / "index.html").read_text("utf-8")
    [tag] = re.findall(rf'<img[^>]*\ssrc="[^"]*{re.escape(preview.name)}"[^>]*>', page)  # as fetched when shown
    shown = int(re.search(r'\bwidth="?(\d+)', tag).group(1))
    assert image.format == "PNG" and image.width >= 2 * shown  # sharp on a phone's screen, two pixels to one
    (width_mm, height_mm), _, _, _ = FORMATS[key]
    assert image.height / image.width == pytest.approx(height_mm / width_mm, abs=0.01)
    assert preview.stat().st_size < 150_000  # light enough for a phone on a weak signal


def test_the_site_holds_exactly_the_previews_its_print_page_shows(built):
    page = (built.site_dir / "print" / "index.html").read_text("utf-8")
    shown = set(re.findall(r'<img[^>]*src="[^"]*cards/([^"/]+-preview\.png)"', page))
    assert shown == {f"{ROUTINE}-{key}-preview.png" for key in set(PREVIEW_OF.values())}
    assert {path.name for path in (built.site_dir / "cards").glob("*-preview.png")} == shown


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


@pytest.fixture(scope="module")
def built_cold(tmp_path_factory):
    """Built with nothing drawn before: the engine builds the pages while the cards are being drawn."""
    project = copy_project(tmp_path_factory.mktemp("cold") / "project", reuse_drawings=False)
    run_warmup(project, "build", "--quiet")
    return project


def test_sizes_of_cards_drawn_while_the_pages_were_built_reach_the_page_its_search_entry_and_docs(built_cold):
    expected = [str(round(printed(built_cold, key).stat().st_size / 1000)) for key in PAPER_LABELS]
    search = " ".join(html_text(entry["text"]) for entry in search_entries(built_cold.site_dir)
                      if entry["location"].startswith("print/"))
    for where, text in [("the print page", page_text(built_cold.site_dir / "print" / "index.html")),
                        ("its search entry", search), ("docs/print.md", (built_cold.docs_dir / "print.md").read_text())]:
        assert re.findall(r"PDF, (\S+) KB", text) == expected, where
    assert sorted(path.name for path in (built_cold.docs_dir / "cards").iterdir()) == \
        sorted(path.name for path in (built_cold.site_dir / "cards").iterdir())
    for drawn in (built_cold.site_dir / "cards").iterdir():  # the drawings, not what stood in for them
        assert (built_cold.docs_dir / "cards" / drawn.name).read_bytes() == drawn.read_bytes() != b""


def test_print_page_lists_every_format_with_paper_size_and_its_kinds_preview_in_one_tap(built):
    links = links_of(built.site_dir / "print" / "index.html")
    kinds = re.findall(r'<div class="warmup-print-kind">(.*?)</div>',
                       (built.site_dir / "print" / "index.html").read_text("utf-8"), re.S)
    for key, (paper, size) in PAPER_LABELS.items():
        pdf = printed(built, key)
        [link] = [link for link in links if link["href"].endswith(f"cards/{ROUTINE}-{key}.pdf")]
        text = " ".join(link["text"].split())
        assert paper in text and size in text
        assert f"{round(pdf.stat().st_size / 1000)} KB" in text  # the file's real size
        assert link["images"] == []  # the link is a button of its own: one tap
        # The kind's box holds the link, its name and its preview.
        [kind] = [box for box in kinds if f'href="{link["href"]}"' in box]
        # Its address waits until it is scrolled to (test_phone.py); the copy for a browser without scripts has it.
        preview = [f"../cards/{ROUTINE}-{PREVIEW_OF[key]}-preview.png"]
        assert re.findall(r'<img[^>]*\sdata-src="([^"]*)"', kind) == preview
        assert re.findall(r'<noscript><img[^>]*\ssrc="([^"]*)"', kind) == preview
        assert re.search(rf"<h3[^>]*>{KIND_NAMES[key]}</h3>", kind)
    # Each routine is a heading of its own title alone, with its formats listed under it.
    html = (built.site_dir / "print" / "index.html").read_text("utf-8")
    headings = [html_text(heading) for heading in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    for routine_file in sorted((REPO / "content" / "routines").glob("*.yaml")):
        assert normalise(yaml.safe_load(routine_file.read_text("utf-8"))["title"]) in headings, headings


def test_routine_page_links_its_cards_and_posters(built):
    hrefs = [link["href"] for link in links_of(built.site_dir / "routines" / ROUTINE / "index.html")]
    for key in ("a4", "letter", "poster-a3", "poster-tabloid"):
        assert any(href.endswith(f"cards/{ROUTINE}-{key}.pdf") for href in hrefs), key


def test_a_coachs_own_illustration_takes_the_figures_place_with_its_description(tmp_path):
    project = copy_project(tmp_path / "project")
    pictures = project.content_dir / "illustrations"
    pictures.mkdir(exist_ok=True)
    Image.new("RGB", (300, 120), "black").save(pictures / "bridge.png")
    exercise = project.content_dir / "exercises" / "glute-bridges.yaml"
    exercise.write_text(exercise.read_text("utf-8") + "illustration: bridge.png\n"
                        "illustration_description: A runner lying on the back with the hips lifted\n", "utf-8")
    run_warmup(project, "build")
    for key in FORMATS:
        with pdfplumber.open(printed(project, key)) as pdf:
            page = pdf.pages[0]
            piece = page.crop((0, 0, page.width / 2, page.height / 2)) if FORMATS[key][1] > 1 else page
            words = name_words(piece, "Glute Bridges")
            tile = tile_around(piece, {"x0": words[0]["x0"], "x1": words[-1]["x1"],
                                       "top": min(w["top"] for w in words), "bottom": max(w["bottom"] for w in words)})
            inside = [image for image in piece.images if tile["x0"] <= image["x0"] and image["x1"] <= tile["x1"]
                      and tile["top"] <= image["top"] and image["bottom"] <= tile["bottom"]]
            assert len(inside) == 1, key
        assert "A runner lying on the back with the hips lifted" in figure_alts(printed(project, key))
