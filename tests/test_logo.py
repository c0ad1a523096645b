"""The club's logo (content/logo.svg): read like every content file, and published only as a drawing rebuilt
from an allowlist, so that nothing in it runs or loads anything in a visitor's browser.

Each hostile file is either refused with one line naming content/logo.svg and what it holds, or published
cleaned, as the drawing written out below by hand. Most cases go through load_library, which the command
runs first; one runs the command itself, one opens the published logo in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from browser import serve
from conftest import REPO, SMALL_CLUB, copy_project, error_lines, run_warmup
from warmup.content.library import load_library
from warmup.printing.card_fitting import Sizes
from warmup.printing.cards import CardDrawer
from warmup.printing.formats import FORMATS
from warmup.render import Rendering
from warmup.render_cache import RenderCache
from warmup.problems import ContentError

OTHER = "http://other.example"  # never fetched here: the in-process cases only read and write files
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
SHAPE = '<path d="M2 20 L12 4 L22 20 Z" fill="#335577"/>'


def drawing(inside: str) -> str:
    """A logo whose second line holds ``inside``, beside a plain shape."""
    return f'<svg xmlns="http://www.w3.org/2000/svg" {XLINK} viewBox="0 0 24 24">\n{inside}\n{SHAPE}</svg>'


def square(attributes: str) -> str:
    return f'<rect width="9" height="9" {attributes}/>'


def use_bomb(levels: int) -> str:
    """Ten <use> of ten <use> of ... a square: 10**levels squares from a few hundred bytes."""
    groups = "".join(f'<g id="l{level}">' + f'<use href="#l{level - 1}"/>' * 10 + "</g>"
                     for level in range(1, levels + 1))
    return f'<defs><rect id="l0" width="1" height="1"/>{groups}</defs><use href="#l{levels}"/>'


# What the one line must name, and on which line of the file it is (None: the file as a whole).
REFUSED = {
    # The cases, each published unchanged before.
    "CSS escape in a style sheet": (drawing(f'<style>@\\69mport "{OTHER}/a.css";</style>'), "<style>", 2),
    "CSS escape in style=": (drawing(square(f'style="fill:\\75rl({OTHER}/p.svg#g)"')), "style= on <rect> has a \\", 2),
    "CSS escape in an attribute": (drawing(square(f'fill="\\75rl({OTHER}/p.svg#g)"')), "fill= on <rect> has a \\", 2),
    "@import after a child element in <style>": (drawing(f"<style>rect {{}}<desc/>@import url({OTHER}/a.css);</style>"),
                                                 "<style>", 2),
    "<?xml-stylesheet?>": (f'<?xml-stylesheet href="{OTHER}/a.css"?>\n' + drawing(""), "<?xml-stylesheet", 1),
    "<set> turning href into javascript:": (
        drawing('<use href="#s"><set attributeName="href" to="javascript:alert(1)"/></use>'), "<set>", 2),
    "<animate> turning xlink:href into javascript:": (
        drawing('<use xlink:href="#s"><animate attributeName="xlink:href" values="javascript:alert(1)"/></use>'),
        "<animate>", 2),
    "<SCRIPT>": (drawing("<SCRIPT>alert(1)</SCRIPT>"), "<SCRIPT>", 2),
    "<Script>": (drawing("<Script>alert(1)</Script>"), "<Script>", 2),
    "<foreignobject>": (drawing(f'<foreignobject><iframe xmlns="http://www.w3.org/1999/xhtml" src="{OTHER}/"/>'
                                "</foreignobject>"), "<foreignobject>", 2),
    # The old check's cases.
    "<script>": (drawing("<script>alert(1)</script>"), "<script>", 2),
    "<foreignObject>": (drawing(f'<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="{OTHER}/a.png"/>'
                                "</foreignObject>"), "<foreignObject>", 2),
    "on...= handler": (drawing(square('onclick="alert(1)"')), "onclick=", 2),
    "handler in capitals": (drawing(square('ONMOUSEOVER="alert(1)"')), "ONMOUSEOVER=", 2),
    "handler on the root": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" onload="alert(1)"/>',
                            "onload=", 1),
    "picture from another host": (drawing(f'<image href="{OTHER}/x.png" width="9" height="9"/>'), "<image>", 2),
    "<use> of another file": (drawing(f'<use href="{OTHER}/a.svg#a"/>'), f'href="{OTHER}/a.svg#a"', 2),
    "xlink:href to javascript:": (drawing('<use xlink:href="javascript:alert(1)"/>'), 'xlink:href="javascript:', 2),
    "gradient inheriting from another file": (drawing(f'<linearGradient id="g" href="{OTHER}/g.svg#g"/>'),
                                              f'href="{OTHER}/g.svg#g"', 2),
    "link": (drawing(f'<a href="{OTHER}/">{square("")}</a>'), "<a>", 2),
    "url() to another host": (drawing(square(f'fill="url({OTHER}/p.svg#g)"')), "fill= on <rect> has a url(", 2),
    "URL() in capitals in style=": (drawing(square(f"style=\"fill:URL('{OTHER}/p.svg#g')\"")),
                                    "style= on <rect> has a url(", 2),
    "another CSS function": (drawing(square(f"style=\"filter:image-set('{OTHER}/a.png' 1x)\"")), "image-set(", 2),
    "DOCTYPE with an ENTITY": ('<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n' + drawing("&a;"), "<!DOCTYPE>", 1),
    "DOCTYPE naming a DTD elsewhere": (f'<!DOCTYPE svg SYSTEM "{OTHER}/svg.dtd">\n' + drawing(""), "<!DOCTYPE>", 1),
    "entity never declared": (drawing("<text>&xxe;</text>"), "not a readable SVG file", 2),
    # Namespaced prefix tricks: what counts is the namespace a prefix stands for.
    "script under an editor's prefix bound to SVG": (
        drawing('<inkscape:script xmlns:inkscape="http://www.w3.org/2000/svg">alert(1)</inkscape:script>'),
        "<script>", 2),
    "script in the XHTML namespace": (
        drawing('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'), "<script>", 2),
    "script in no namespace": (drawing('<script xmlns="">alert(1)</script>'), "<script>", 2),
    "xlink under another prefix": (drawing(f'<use l:href="{OTHER}/a.svg#a" xmlns:l="http://www.w3.org/1999/xlink"/>'),
                                   f'xlink:href="{OTHER}/a.svg#a"', 2),
    # Not an SVG drawing at all.
    "svg in no namespace": (f'<svg viewBox="0 0 24 24">{square("")}</svg>', "not an SVG picture", 1),
    "a web page": ('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "not an SVG picture", 1),
    "not XML": ("GIF89a", "not a readable SVG file", 1),
    "not UTF-8": (drawing("").encode("utf-16"), "is not UTF-8 text", 1),
    "no viewBox": ('<svg xmlns="http://www.w3.org/2000/svg"/>', "no viewBox", 1),
    # Too much for the renderers.
    "nested too deep": (drawing("<g>" * 100 + "</g>" * 100), "nests elements more than 64 deep", 2),
    "<use> bomb": (drawing(use_bomb(8)), "draws more than 10000 shapes", None),
}

INKSCAPE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="24mm" height="24mm" viewBox="0 0 24 24" version="1.1" id="svg1"
   inkscape:version="1.3 (0e150ed6c4, 2023-07-21)" sodipodi:docname="logo.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" inkscape:zoom="4.2">
    <inkscape:page x="0" y="0" width="24" height="24" id="page1"/>
  </sodipodi:namedview>
  <defs id="defs1">
    <linearGradient id="g" inkscape:collect="always"><stop offset="0" style="stop-color:#335577;stop-opacity:1"/>
    </linearGradient>
  </defs>
  <metadata><rdf:RDF><cc:Work rdf:about=""><dc:title>Badge</dc:title></cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <title>Club badge</title>
    <path id="p" d="M 2,20 12,4 22,20 Z" sodipodi:nodetypes="cccc"
       style="fill:url(#g);stroke:none;-inkscape-stroke:none;font-variation-settings:normal"/>
    <use xlink:href="#p" x="1"/>
    <text x="4" y="22" xml:space="preserve" style="font-size:3px;font-family:'Atkinson Hyperlegible'"><tspan
       sodipodi:role="line" x="4" y="22">Club</tspan> &amp; <tspan>Co</tspan></text>
  </g>
</svg>
"""
INKSCAPE_PUBLISHED = """<svg xmlns="http://www.w3.org/2000/svg" width="24mm" height="24mm" viewBox="0 0 24 24" id="svg1">
<defs id="defs1"><linearGradient id="g">
<stop offset="0" style="stop-color:#335577;stop-opacity:1"/></linearGradient></defs>
<g id="layer1"><title>Club badge</title><path id="p" d="M 2,20 12,4 22,20 Z" style="fill:url(#g);stroke:none"/>
<use href="#p" x="1"/>
<text x="4" y="22" xml:space="preserve" style="font-size:3px;font-family:'Atkinson Hyperlegible'"
><tspan x="4" y="22">Club</tspan> &amp; <tspan>Co</tspan></text></g></svg>"""


def worst_cleaned(other: str) -> tuple[str, str]:
    """A logo that is published cleaned, whose notes, left as they are, would run scripts and load files from
    ``other`` when the logo is opened on its own; and the drawing it must be published as."""
    logo = f"""<?xml version="1.0"?>
<!-- <script>fetch("{other}/comment")</script> -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:x="urn:example:notes"
   viewBox="0 0 24 24" xml:base="{other}/base/" inkscape:export-filename="{other}/export.png">
  <sodipodi:namedview id="nv"><script xmlns="http://www.w3.org/2000/svg">fetch("{other}/namedview")</script>
  </sodipodi:namedview>
  <metadata><image href="{other}/metadata.png" width="24" height="24"/>
    <style>@import url({other}/metadata.css);</style><script>fetch("{other}/metadata")</script></metadata>
  <x:notes><iframe xmlns="http://www.w3.org/1999/xhtml" src="{other}/iframe"/>
    <img xmlns="http://www.w3.org/1999/xhtml" src="{other}/img.png"/>
    <svg:script xmlns:svg="http://www.w3.org/2000/svg">new Image().src = "{other}/notes"</svg:script></x:notes>
  <path d="M2 20 L12 4 L22 20 Z" fill="#335577" src="{other}/src.png" x:href="{other}/x-href"
     inkscape:label="{other}/label" style="fill:#335577;-inkscape-font-specification:'Sans';cursor:pointer"/>
  <g>url({other}/text)</g>
</svg>
"""
    published = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M2 20 L12 4 L22 20 Z" '
                 'fill="#335577" style="fill:#335577"/><g/></svg>')
    return logo, published


PLAIN = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">{SHAPE}</svg>'
CLEANED = {
    "a plain drawing": (drawing(""), PLAIN),
    # Read as UTF-8 whatever it declares: before, an encoding only Python knows stopped the build with a traceback.
    "an encoding the XML parser does not know": ('<?xml version="1.0" encoding="UT-8"?>\n' + drawing(""), PLAIN),
    "Inkscape's own notes": (INKSCAPE, INKSCAPE_PUBLISHED),
    "notes holding scripts and files from another host": worst_cleaned(OTHER),
}


def project_with_logo(folder: Path):
    """A copy of the project whose club.yaml names content/logo.svg (the fixture club has a logo). Every drawing
    shows the logo, so none the first build made could be reused."""
    project = copy_project(folder, reuse_drawings=False)
    assert re.search(r"^logo: logo\.svg$", (project.content_dir / "club.yaml").read_text("utf-8"), re.M)
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return project_with_logo(tmp_path_factory.mktemp("logo") / "project")


def published(project) -> bytes | list[str]:
    """The logo as load_library (the command's first step) publishes it, or its problems, one line each."""
    try:
        return load_library(project.content_dir).logo_svg
    except ContentError as error:
        return [str(problem) for problem in error.problems]


def write_logo(project, text: str | bytes) -> None:
    logo = project.content_dir / "logo.svg"
    logo.unlink(missing_ok=True)
    logo.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)


@pytest.mark.parametrize("case", REFUSED)
def test_a_hostile_logo_is_refused_in_one_line_naming_the_file_and_what_it_holds(project, case):
    text, named, line = REFUSED[case]
    write_logo(project, text)
    problems = published(project)
    assert isinstance(problems, list) and len(problems) == 1, problems
    place = "content/logo.svg:" + (f"{line}:" if line else " ")
    assert problems[0].startswith(place) and "\n" not in problems[0], problems
    assert named in problems[0], problems


@pytest.mark.parametrize("case", CLEANED)
def test_a_logo_is_published_as_its_drawing_alone(project, case):
    text, drawing_alone = CLEANED[case]
    write_logo(project, text)
    logo = published(project)
    assert isinstance(logo, bytes), logo
    assert ElementTree.canonicalize(logo.decode("utf-8")) == \
        ElementTree.canonicalize(drawing_alone.replace("\n", ""))
    assert OTHER.encode() not in logo


def test_the_cards_and_the_share_picture_draw_the_logo_as_published(project):
    """Their drawings, and so the keys they are kept under, hold the cleaned logo, never the coach's file."""
    write_logo(project, INKSCAPE)
    rendering = Rendering(load_library(project.content_dir), project.content_dir, REPO / "templates",
                          "https://example.org/warmups/", None, RenderCache(None))
    logo = rendering.library.logo_svg
    as_drawn, as_written = (base64.b64encode(data).decode("ascii") for data in (logo, INKSCAPE.encode("utf-8")))
    share_picture, *cards = rendering.drawings()
    page = next(part for part in share_picture.inputs if isinstance(part, str) and "<img" in part)
    assert as_drawn in page and as_written not in page
    # A printed piece's drawing is kept under a hash of its page at its floor sizes (printing/cards.py).
    drawer = CardDrawer(rendering.library, project.content_dir, REPO / "templates", "https://example.org/warmups/",
                        RenderCache(None))
    pages = [drawer.html(routine, Sizes(f, f.text_floor_pt, f.columns[0]))
             for routine in rendering.library.routines for f in FORMATS]
    assert len(cards) == len(pages) > 1
    for page, drawn in zip(pages, cards):
        assert as_drawn in page and as_written not in page
        assert hashlib.sha256(page.encode("utf-8")).hexdigest() in drawn.inputs


# --- What kind of file content/logo.svg is ------------------------------------------------------

def _link_outside(project, tmp_path) -> None:
    outside = tmp_path / "elsewhere.svg"
    outside.write_text(drawing(""), "utf-8")
    (project.content_dir / "logo.svg").symlink_to(outside)


def _fifo(project, tmp_path) -> None:
    os.mkfifo(project.content_dir / "logo.svg")


def _dev_zero(project, tmp_path) -> None:
    (project.content_dir / "logo.svg").symlink_to("/dev/zero")


def _dangling(project, tmp_path) -> None:
    (project.content_dir / "logo.svg").symlink_to("gone.svg")


def _large(project, tmp_path) -> None:
    # A drawing that is only large: 6 MB of plain shapes.
    write_logo(project, drawing(SHAPE * (6_000_000 // len(SHAPE))))


def _huge_and_sparse(project, tmp_path) -> None:
    with open(project.content_dir / "logo.svg", "wb") as file:
        file.truncate(300 * 1024 * 1024)  # takes no room on disk, and would take seconds to read


FILE_KINDS = {
    "link to a file outside content/": (_link_outside, "is a link to a file outside content/"),
    "pipe": (_fifo, "is not an ordinary file"),
    "link to /dev/zero": (_dev_zero, "is a link to a file outside content/"),
    "link to nothing": (_dangling, "is a link to something that does not exist"),
    "6 MB": (_large, "file is 6 MiB, larger than the 256 KiB a logo may be"),
    "300 MB": (_huge_and_sparse, "file is 300 MiB, larger than the 256 KiB a logo may be"),
}


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_only_an_ordinary_file_of_a_logos_size_inside_content_is_read(project, tmp_path, kind):
    make, message = FILE_KINDS[kind]
    (project.content_dir / "logo.svg").unlink(missing_ok=True)
    make(project, tmp_path)
    try:
        problems = published(project)
    finally:
        (project.content_dir / "logo.svg").unlink()
    assert len(problems) == 1 and problems[0].startswith(f"content/logo.svg: {message}"), problems


# --- The command, and the published logo in a browser -----------------------------------------------

def test_warmup_build_refuses_a_hostile_logo_in_one_line_and_publishes_nothing(tmp_path):
    project = project_with_logo(tmp_path / "project")
    write_logo(project, REFUSED["CSS escape in style="][0])
    result = run_warmup(project, "build", check=False)
    assert result.returncode == 1
    [error] = error_lines(result.stderr)
    assert error.startswith("error: content/logo.svg:2:") and "style= on <rect> has a \\" in error
    assert not project.site_dir.exists()


def test_the_published_logo_opened_on_its_own_requests_nothing_else(tmp_path, chromium):
    (tmp_path / "other").mkdir()
    # Another origin, standing for another host: whatever the logo would load from it is seen as a request.
    other_url, other_server = serve(tmp_path / "other")
    try:
        other = other_url.rstrip("/")
        logo, drawing_alone = worst_cleaned(other)
        # The smaller fixture club, given a logo: a new logo is drawn on every printed piece, and it has the fewest.
        project = copy_project(tmp_path / "project", reuse_drawings=False, club=SMALL_CLUB)
        club_file = project.content_dir / "club.yaml"
        club_file.write_text(club_file.read_text("utf-8") + "logo: logo.svg\n", "utf-8")  # write_logo()'s file
        write_logo(project, logo)
        run_warmup(project, "build", "--quiet")
        published_logo = (project.site_dir / "club" / "logo.svg").read_text("utf-8")
        assert ElementTree.canonicalize(published_logo) == ElementTree.canonicalize(drawing_alone)

        url, server = serve(project.site_dir)
        try:
            page = chromium.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(url + "club/logo.svg", wait_until="load")  # with whatever its markup loads
            # Two frames drawn and a task run after: what its styles or a script would fetch is asked for by then.
            page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame("
                          "() => setTimeout(resolve))))")
            assert page.locator("path").count() == 1  # the drawing is there
            page.close()
        finally:
            server.shutdown()
    finally:
        other_server.shutdown()
    assert requests == [url + "club/logo.svg"]
