"""The club's logo: an SVG file in content/, published only when it is a plain picture.

An SVG is a document that can run scripts and fetch other files; a logo shown on every
page must do neither. Rather than rewrite the coach's file, the build refuses one that
does and says what to remove.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
LOGO_NAME = r"[a-z0-9][a-z0-9-]*\.svg"
# Elements that run code or embed other documents.
_ACTIVE_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler", "listener"}
# url(...) in a style that points anywhere but inside the file itself, and @import.
_EXTERNAL_STYLE = re.compile(r"url\(\s*['\"]?(?!#)|@import", re.IGNORECASE)


def logo_problem(path: Path) -> str | None:
    """Why ``path`` cannot be the club's logo, in words a coach can act on, or None when it can."""
    raw = path.read_bytes()
    # An entity declaration can make a tiny file expand without end, or read other files.
    if re.search(rb"<!(DOCTYPE|ENTITY)", raw, re.IGNORECASE):
        return "has a <!DOCTYPE> or <!ENTITY> declaration; save the logo as plain SVG without it"
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as error:
        return f"is not a readable SVG file ({error}); export the logo again as SVG"
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        return "is not an SVG picture (its first element should be <svg xmlns=\"http://www.w3.org/2000/svg\">)"
    if root.get("viewBox") is None:
        return "has no viewBox, so it cannot be scaled to fit; export it again with a viewBox"
    for element in root.iter():
        name = _local(element.tag)
        if name in _ACTIVE_ELEMENTS:
            return f"holds a <{name}> element; logos must be plain drawings: remove it"
        if name == "style" and _EXTERNAL_STYLE.search(element.text or ""):
            return "has a style that loads another file; remove the url(...) or @import"
        for attribute, value in element.attrib.items():
            attribute_name = _local(attribute)
            if attribute_name.lower().startswith("on"):
                return f"has an {attribute_name}= script on <{name}>; remove it"
            if attribute_name == "href" and not value.startswith("#"):
                return f"refers to another file or address ({value[:40]}) on <{name}>; include the drawing itself"
            if _EXTERNAL_STYLE.search(value):
                return f"has a {attribute_name}= that loads another file on <{name}>; remove the url(...)"
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
