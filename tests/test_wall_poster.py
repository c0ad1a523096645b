"""The printed pieces' QR codes, read back from a real build: "Start the routine" (the routine's page, its
follow-along opening at once) and "For parents" (the parents' page) on the card and the poster, each at least
30 mm with its quiet zone and labelled in words under it; the routine's on the pocket cards.

Sizes come from the tagged PDF's figure boxes (pdfplumber's structure tree) and the codes' drawn modules;
the codes are decoded by zxing-cpp from a picture poppler drew, as a phone's camera reads the print.
"""

from __future__ import annotations

import subprocess
from collections import Counter

import pdfplumber
import pytest
import zxingcpp
from PIL import Image

from conftest import PRINTED_KINDS
from browser import serve

MM_PER_CSS_PX = 25.4 / 96  # WeasyPrint's figure boxes are in CSS pixels
MM_PER_PT = 25.4 / 72
DPI = 150
TWO_CODES = [*PRINTED_KINDS["Card"], *PRINTED_KINDS["Poster"]]
POCKET = PRINTED_KINDS["Pocket cards"]


def printed(project, routine, key: str):
    return project.site_dir / "cards" / f"{routine.slug}-{key}.pdf"


def addresses(project, library, routine) -> dict[str, str]:
    """Each code's label and the address it must open, from mkdocs.yml's site_url and the content."""
    site_url = (project.config_file.read_text("utf-8").split("site_url:", 1)[1].split()[0]).rstrip("/")
    return {"Start the routine": f"{site_url}/routines/{routine.slug}/#start",
            "For parents": f"{site_url}/{library.parents_page.address}/"}


def figure_boxes(pdf_file) -> dict[str, list[tuple[float, float, float, float]]]:
    """The box (x0, top, x1, bottom, in mm) of every tagged figure, by its text alternative."""
    boxes: dict[str, list] = {}

    def walk(elements):
        for element in elements:
            if element.get("type") == "Figure":
                box = tuple(value * MM_PER_CSS_PX for value in element["attributes"]["BBox"])
                boxes.setdefault(element.get("alt_text"), []).append(box)
            walk(element.get("children", []))

    with pdfplumber.open(pdf_file) as pdf:
        walk(pdf.pages[0].structure_tree)
    return boxes


def decoded(pdf_file, folder) -> list[tuple[str, tuple[float, float, float]]]:
    """Each code on the page: its text, and its left, right and bottom edge in PDF points."""
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-singlefile", str(pdf_file), str(folder / "page")], check=True)
    scale = 72 / DPI
    codes = []
    for code in zxingcpp.read_barcodes(Image.open(folder / "page.png")):
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
def test_start_the_routine_and_for_parents_codes_decode_to_their_pages_labelled_under_them(built, library, key,
                                                                                            tmp_path):
    for routine in library.routines:
        wanted = addresses(built, library, routine)
        pdf_file = printed(built, routine, key)
        codes = decoded(pdf_file, tmp_path)
        assert sorted(text for text, _ in codes) == sorted(wanted.values()), routine.slug
        with pdfplumber.open(pdf_file) as pdf:
            page = pdf.pages[0]
            labels = {text: label_under(page, *edges) for text, edges in codes}
        assert labels == {address: label for label, address in wanted.items()}, (key, routine.slug)


@pytest.mark.parametrize("key", POCKET)
def test_every_pocket_card_carries_the_routines_code_labelled_start_the_routine(built, library, key, tmp_path):
    routine = library.parents_routine
    start = addresses(built, library, routine)["Start the routine"]
    codes = decoded(printed(built, routine, key), tmp_path)
    assert [text for text, _ in codes] == [start] * 4
    with pdfplumber.open(printed(built, routine, key)) as pdf:
        page = pdf.pages[0]
        assert [label_under(page, *edges) for _, edges in codes] == ["Start the routine"] * 4


@pytest.mark.parametrize("key", TWO_CODES)
def test_each_code_is_at_least_30_mm_with_its_quiet_zone(built, library, key):
    routine = library.parents_routine
    pdf_file = printed(built, routine, key)
    boxes = figure_boxes(pdf_file)
    codes = [box for address in addresses(built, library, routine).values() for box in boxes[f"QR code for {address}"]]
    assert len(codes) == 2
    with pdfplumber.open(pdf_file) as pdf:
        # A code is drawn as runs of dark modules: strokes as thick as one module.
        flat = [line for line in pdf.pages[0].lines if line["height"] == 0]
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


def test_the_start_address_opens_the_routine_page_with_its_follow_along_started(built, library, chromium):
    routine = library.parents_routine
    base, server = serve(built.site_dir)
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{base}routines/{routine.slug}/#start")
        dialog = page.locator("dialog")
        dialog.wait_for(state="visible")
        assert dialog.evaluate("node => node.open")
        assert page.evaluate("location.hash") == ""  # a reload does not start it again
        page.reload()
        page.wait_for_timeout(500)
        assert not page.locator("dialog").evaluate("node => node.open")
    finally:
        context.close()
        server.shutdown()
