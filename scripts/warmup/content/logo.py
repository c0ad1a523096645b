"""The club's logo: an SVG file in content/, published as a drawing rebuilt from an allowlist.

An SVG is a document that can run scripts and fetch other files; a logo shown on every page
(and opened on its own by anyone who follows its address) must do neither. Checking the
coach's text for what is dangerous cannot keep up with what browsers read (CSS escapes,
other letter cases, a style sheet's later rules, processing instructions, animation that
changes a link), so the file is parsed as XML with no DOCTYPE or entities, and what is
published, in the site, on the cards and in the share picture, is a new drawing made only of
the elements and attributes listed here. Nothing outside the list can reach a browser.

What the list leaves out is dealt with in one of two ways, so that a coach is never
surprised by either:

- left out quietly: what an editor writes for itself and that draws nothing, i.e. its
  elements in other namespaces (Inkscape's sodipodi:namedview, an RDF block) and
  <metadata>, each with all it holds, unread; attributes the list does not know (such as
  inkscape:label); style properties the list does not know; comments. The logo looks the same.
- refused, with one line naming the first one and where it is: everything else, i.e. what
  would run, load another file or change how the logo looks if it were dropped: an element
  that is not on the list (<script>, <style>, <image>, <a>, <set>, <foreignObject> ...),
  an on...= handler, a reference to anything but an #id inside the file, a value holding a
  CSS escape, url(...) to somewhere else or another function, a processing instruction,
  a DOCTYPE. Dropping these quietly would publish a logo that looks different from the
  coach's without a word, or hide that someone tried.
"""

from __future__ import annotations

import io
import re
import xml.sax
from pathlib import Path
from typing import NoReturn
from xml.etree import ElementTree

from warmup.content.safe_files import read_inside
from warmup.problems import Problem

LOGO_NAME = r"[a-z0-9][a-z0-9-]*\.svg"
# A logo is a few kilobytes; the bound leaves room for one traced from a bitmap, and no more.
MAX_LOGO_BYTES = 256 * 1024
# Logos nest groups a few levels deep; far deeper is a mistake, or an attack on the renderers.
MAX_DEPTH = 64
# Shapes drawn, each <use> counting what it copies: ten <use> of ten <use> of ... draws
# millions from a small file, and keeps the cards' renderer busy for hours.
MAX_DRAWN_ELEMENTS = 10_000

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
_XHTML = "http://www.w3.org/1999/xhtml"

DRAWING_ELEMENTS = frozenset("""
    svg g defs symbol use title desc path rect circle ellipse line polyline polygon text tspan textPath
    linearGradient radialGradient stop clipPath mask filter feGaussianBlur feOffset feFlood feComposite
    feBlend feMerge feMergeNode feColorMatrix feDropShadow""".split())
# Where text is part of the drawing (or its description); elsewhere it draws nothing.
_TEXT_ELEMENTS = frozenset({"text", "tspan", "textPath", "title", "desc"})
# The properties that change how a drawing looks: kept as attributes and inside style="...".
PRESENTATION = frozenset("""
    clip-path clip-rule color color-interpolation color-interpolation-filters direction display
    dominant-baseline alignment-baseline baseline-shift fill fill-opacity fill-rule filter flood-color
    flood-opacity font-family font-size font-size-adjust font-stretch font-style font-variant font-weight
    letter-spacing word-spacing mask opacity overflow paint-order shape-rendering stop-color stop-opacity
    stroke stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit
    stroke-opacity stroke-width text-anchor text-decoration text-rendering vector-effect visibility
    white-space writing-mode isolation mix-blend-mode""".split())
GEOMETRY = frozenset("""
    id x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength dx dy rotate textLength
    lengthAdjust startOffset viewBox preserveAspectRatio transform gradientUnits gradientTransform
    spreadMethod offset clipPathUnits maskUnits maskContentUnits filterUnits primitiveUnits in in2 result
    stdDeviation mode operator k1 k2 k3 k4 type values""".split())
_XML_ATTRIBUTES = frozenset({"space", "lang"})
# The only functions a kept value may call: colours and transforms; url() only to an #id in the file.
_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "matrix", "translate", "scale", "rotate", "skewx", "skewy"})
_FUNCTION = re.compile(r"([A-Za-z_-][\w-]*)\(")
_LOCAL_URL = re.compile(r"url\(\s*(['\"]?)#[^\s'\"()\\]+\1\s*\)", re.IGNORECASE)
_LOCAL_REFERENCE = re.compile(r"#[^\s'\"()\\]+")
_TOO_DEEP = f"nests elements more than {MAX_DEPTH} deep (counting what each <use> copies); ungroup some of them"


def read_logo(path: Path, content_dir: Path, shown_as: Path) -> bytes | Problem:
    """The logo at ``path`` as it is published, or the one problem that stops it being published."""
    data = read_inside(path, content_dir, shown_as, MAX_LOGO_BYTES, "a logo")
    return data if isinstance(data, Problem) else clean_logo(data, shown_as)


def clean_logo(data: bytes, shown_as: Path) -> bytes | Problem:
    """The drawing in ``data`` rebuilt from the allowlist (UTF-8 SVG), or why it cannot be."""
    try:
        # Read as UTF-8 whatever the file declares, as every editor writes it: an encoding only Python
        # knows (or none) would stop the parser with no place to show.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Problem(shown_as, "is not UTF-8 text; export the logo again as SVG (UTF-8)", line)
    # Here, not at start: its SAX reader loads urllib and http (a twentieth of a second), for a club with a logo only.
    import defusedxml.expatreader
    from defusedxml import DefusedXmlException

    cleaner = _Cleaner()
    # Refusing any DOCTYPE refuses every entity too: they can only be declared inside one.
    parser = defusedxml.expatreader.create_parser(namespaceHandling=True, forbid_dtd=True)
    parser.setContentHandler(cleaner)
    source = xml.sax.InputSource()
    source.setCharacterStream(io.StringIO(text))
    try:
        parser.parse(source)
    except _Refused as refused:
        return Problem(shown_as, refused.message, refused.line, refused.column)
    except DefusedXmlException:
        line, column = cleaner.place()
        return Problem(shown_as, "has a <!DOCTYPE> or <!ENTITY> declaration; save the logo as plain SVG without it",
                       line, column)
    except xml.sax.SAXParseException as error:
        return Problem(shown_as, f"is not a readable SVG file ({error.getMessage()}); export the logo again as SVG",
                       error.getLineNumber(), error.getColumnNumber() + 1)
    if (too_much := _too_much(cleaner.root)) is not None:
        return Problem(shown_as, too_much)
    return ElementTree.tostring(cleaner.root, encoding="unicode").encode("utf-8")


class _Refused(Exception):
    def __init__(self, message: str, place: tuple[int | None, int | None]):
        super().__init__(message)
        self.message, (self.line, self.column) = message, place


class _Cleaner(xml.sax.ContentHandler):
    """Builds the allowlisted drawing while the file is read, and stops at the first thing it refuses."""

    def __init__(self):
        super().__init__()
        self.root: ElementTree.Element | None = None
        # The open elements, innermost last; None for one left out, with all it holds.
        self.open: list[ElementTree.Element | None] = []
        self.locator = None

    def setDocumentLocator(self, locator) -> None:
        self.locator = locator

    def place(self) -> tuple[int | None, int | None]:
        """The 1-based line and column the parser is at."""
        if self.locator is None or self.locator.getLineNumber() is None:
            return None, None
        return self.locator.getLineNumber(), self.locator.getColumnNumber() + 1

    def refuse(self, message: str) -> NoReturn:
        raise _Refused(message, self.place())

    def startElementNS(self, name, qname, attributes) -> None:
        namespace, local = name
        if self.open and self.open[-1] is None:
            self.open.append(None)
            return
        if self.root is None and (namespace, local) != (SVG_NAMESPACE, "svg"):
            self.refuse('is not an SVG picture (its first element should be <svg xmlns="http://www.w3.org/2000/svg">)')
        if namespace not in (SVG_NAMESPACE, _XHTML, None) or (namespace, local) == (SVG_NAMESPACE, "metadata"):
            self.open.append(None)  # an editor's own notes
            return
        if namespace != SVG_NAMESPACE or local not in DRAWING_ELEMENTS:
            self.refuse(_element_message(local))
        if len(self.open) >= MAX_DEPTH:  # before the tree is built: the renderers walk it by recursion
            self.refuse(_TOO_DEEP)
        # Named without a namespace, all in the one the root declares: ElementTree would write "ns0:path".
        element = ElementTree.Element(local, self.kept_attributes(local, attributes))
        if self.root is None:
            if element.get("viewBox") is None:
                self.refuse("has no viewBox, so it cannot be scaled to fit; export it again with a viewBox")
            element.attrib = {"xmlns": SVG_NAMESPACE, **element.attrib}
            self.root = element
        else:
            self.open[-1].append(element)
        self.open.append(element)

    def kept_attributes(self, element: str, attributes) -> dict[str, str]:
        kept: dict[str, str] = {}
        for (namespace, name), value in attributes.items():
            if name == "href" and namespace in (None, _XLINK):
                if not _LOCAL_REFERENCE.fullmatch(value):
                    self.refuse(f"{_written(namespace, name)}=\"{value[:40]}\" on <{element}> refers to another file "
                                "or address; a logo may only refer to an #id inside it: include the drawing itself")
                if namespace is None or "href" not in kept:  # browsers read href before xlink:href
                    kept["href"] = value
            elif namespace is None and name.lower().startswith("on"):
                self.refuse(f"has an {name}= script on <{element}>; remove it")
            elif namespace is None and name == "style":
                if style := self.kept_style(element, value):
                    kept["style"] = style
            elif (namespace is None and name in PRESENTATION | GEOMETRY) or \
                    (namespace == _XML and name in _XML_ATTRIBUTES):
                self.check_value(element, _written(namespace, name), value)
                kept[name if namespace is None else f"{{{namespace}}}{name}"] = value
        return kept

    def kept_style(self, element: str, style: str) -> str:
        """The declarations of style="..." that draw. The whole text is checked first: leaving whole
        declarations out and joining the rest with ";" cannot make a call that was not in it."""
        self.check_value(element, "style", style)
        declarations = (declaration.partition(":") for declaration in style.split(";"))
        return ";".join(f"{name.strip().lower()}:{value.strip()}" for name, colon, value in declarations
                        if colon and name.strip().lower() in PRESENTATION)

    def check_value(self, element: str, attribute: str, value: str) -> None:
        """A value browsers may read as CSS calls nothing but colours, transforms and url(#id)."""
        where = f"{attribute}= on <{element}>"
        if "\\" in value:
            self.refuse(f"{where} has a \\ (a CSS escape, which can hide what it loads); write the value plainly")
        for call in _FUNCTION.finditer(value):
            name = call[1].lower()
            if name == "url" and not _LOCAL_URL.match(value, call.start()):
                self.refuse(f"{where} has a url(...) to another file or address; a logo may only refer to an #id "
                            "inside it: include the drawing itself")
            if name not in _FUNCTIONS | {"url"}:
                self.refuse(f"{where} uses {call[1]}(...), which a logo may not; write a plain value")

    def endElementNS(self, name, qname) -> None:
        self.open.pop()

    def characters(self, content: str) -> None:
        parent = self.open[-1] if self.open else None
        if parent is None or parent.tag not in _TEXT_ELEMENTS:
            return
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + content
        else:
            parent.text = (parent.text or "") + content

    def processingInstruction(self, target: str, data: str) -> None:
        if not (self.open and self.open[-1] is None):
            self.refuse(f"has a processing instruction <?{target} ...?>, which tells a browser to load or do "
                        "something; remove it")


def _element_message(name: str) -> str:
    if name.lower() == "style":
        return ("<style> sheets are not allowed in a logo: its colours must be written on its shapes; export it "
                "again with styles as attributes (presentation attributes)")
    return (f"<{name}> is not allowed in a logo, which holds only drawing elements (shapes, paths, text, groups, "
            "gradients), not scripts, links, animation, pictures or pages; remove it")


def _too_much(root: ElementTree.Element) -> str | None:
    """Why the drawing is too deep or too large once every <use> is counted as what it copies, or None."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    drawn, waiting = 0, [(root, 1, ())]
    while waiting:
        element, depth, copying = waiting.pop()
        drawn += 1
        if drawn > MAX_DRAWN_ELEMENTS:
            return f"draws more than {MAX_DRAWN_ELEMENTS} shapes (counting what each <use> copies); simplify it"
        if depth > MAX_DEPTH:
            return _TOO_DEEP
        waiting.extend((child, depth + 1, copying) for child in element)
        target_id = element.get("href", "#")[1:] if element.tag == "use" else None
        # A <use> of its own group draws nothing more, in browsers and in the cards' renderer.
        if target_id in by_id and target_id not in copying:
            waiting.append((by_id[target_id], depth + 1, (*copying, target_id)))
    return None


def _written(namespace: str | None, name: str) -> str:
    """A kept attribute's name as editors write it: href, xlink:href, xml:space."""
    return name if namespace is None else f"{'xlink' if namespace == _XLINK else 'xml'}:{name}"

