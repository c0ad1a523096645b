"""`warmup figures`: every exercise's figure on one sheet, beside its how-to text, to review them together.

The sheet is an HTML file (open it in a browser: the follow-along movement plays
there) and a PNG of the same page drawn with WeasyPrint, each figure as the
exercise page shows it, at 48 px as a list icon shows it, and on a dark
background as the dark site shows it.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup, escape

from warmup.content.library import Library
from warmup.figures import figure_svg, figure_width_em, position_names

SHEET_HTML, SHEET_PNG = "figures.html", "figures.png"
PNG_WIDTH_PX = 1600
ROW_MM = 68  # one exercise's row on the PNG's page
LARGE_MM, LARGE_MAX_MM = 60, 150  # the large drawing's height, and its widest (a wider one is drawn less tall)
DARK_TEXT = "#e6e6e6"  # the dark site's text colour, near enough

STYLE = """
@page { size: 297mm HEIGHTmm; margin: 8mm }
body { font: 11pt/1.35 sans-serif; color: #111; margin: 0 }
h1 { font-size: 15pt; margin: 0 0 3mm }
table { border-collapse: collapse; width: 100% }
td { border-top: 0.3mm solid #bbb; padding: 2mm; vertical-align: middle }
th { text-align: left; font-size: 9pt; color: #444; padding: 0 2mm }
.words { width: 24% }
.words p { margin: 0 0 1mm }
.large svg { width: 100%; display: block }
.large figure { margin: 0 }
.warmup-figure-positions { display: grid; font-size: 10pt; text-align: center; color: #333 }
.icon svg { height: 48px; max-width: 144px }
.dark { background: #1e2129; color: DARK_TEXT }
.moving svg { height: 24mm; max-width: 60mm }
"""


def _cell(svg: Markup, css_class: str) -> str:
    if "dark" in css_class:
        # WeasyPrint's SVG drawing takes currentColor from the svg element itself, not the page around it.
        svg = Markup(str(svg).replace("<svg ", f'<svg color="{DARK_TEXT}" ', 1))
    return f'<td class="{css_class}">{svg}</td>'


def contact_sheet_html(library: Library, club_name: str, animated: bool = True, page_mm: float | None = None) -> str:
    """The sheet's page: one row per exercise that has a figure (and one per advanced figure).

    ``page_mm``: the paper's height when it is drawn as a picture (one long page), else a guess.
    """
    rows = []
    for exercise in library.exercises:
        details = exercise.details
        for advanced, figure in ((False, details.figure), (True, details.advanced_figure)):
            if figure is None:
                continue
            words = f"<p><b>{escape(details.name)}</b>{' (advanced)' if advanced else ''}</p>"
            words += f"<p>{escape(details.advanced if advanced and details.advanced else details.how_to)}</p>"
            if details.illustration:
                words += "<p><i>Replaced by the coach's illustration on the site.</i></p>"
            # As wide as the drawing is at its height, so each position's name lines up under its panel.
            width = min(LARGE_MAX_MM, figure_width_em(exercise, "sequence", advanced=advanced, height_em=LARGE_MM))
            large = Markup(f'<figure style="width:{width}mm">{figure_svg(exercise, "sequence", advanced=advanced, decorative=True)}'
                           f'{position_names(exercise, advanced=advanced)}</figure>')
            cells = [f'<td class="words">{words}</td>', _cell(large, "large"),
                     _cell(figure_svg(exercise, "single", advanced=advanced, decorative=True), "icon"),
                     _cell(figure_svg(exercise, "single", advanced=advanced, decorative=True), "icon dark")]
            if animated:
                cells.append(_cell(figure_svg(exercise, "animated", advanced=advanced, decorative=True), "moving"))
            rows.append("<tr>" + "".join(cells) + "</tr>")
    headings = ["exercise", "on its page", "48 px", "48 px, dark"] + (["moving"] if animated else [])
    height = page_mm or 30 + ROW_MM * max(1, len(rows))
    style = STYLE.replace("HEIGHT", str(height)).replace("DARK_TEXT", DARK_TEXT)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Figures of {escape(club_name)}</title><style>{style}</style></head><body>"
            f"<h1>Figures of {escape(club_name)}: {len(rows)} drawing(s)</h1><table><tr>"
            + "".join(f"<th>{heading}</th>" for heading in headings) + "</tr>" + "".join(rows)
            + "</table></body></html>")


def write_contact_sheet(library: Library, club_name: str, folder: Path) -> list[Path]:
    """Write the sheet as HTML and as a PNG into ``folder``; returns both paths."""
    from warmup.printing.pdf_renderer import lay_out
    from warmup.printing.raster import pdf_to_png

    folder.mkdir(parents=True, exist_ok=True)
    html_path, png_path = folder / SHEET_HTML, folder / SHEET_PNG
    html_path.write_text(contact_sheet_html(library, club_name), "utf-8")
    # The picture shows what paper shows: figures standing still, all on one long page (rows with long
    # texts are taller than the guess; then the page grows to hold them all).
    document = lay_out(contact_sheet_html(library, club_name, animated=False), folder.as_uri() + "/")
    if len(document.pages) > 1:
        taller = (30 + ROW_MM * max(1, len(library.exercises) * 2)) * len(document.pages)
        document = lay_out(contact_sheet_html(library, club_name, animated=False, page_mm=taller),
                           folder.as_uri() + "/")
    png_path.write_bytes(pdf_to_png(document.write_pdf(), PNG_WIDTH_PX))
    return [html_path, png_path]
