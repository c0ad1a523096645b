"""The favicon inside every built page, as a data: address (0.5 kB): the browser then asks
for no picture while the page's text is on its way.

Done on the built HTML, so it is the same whichever engine wrote the pages; the picture
itself stays in the site for anything that asks for it by name.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path

_ICON_LINK = re.compile(r'(<link\b[^>]*\brel="(?:shortcut )?icon"[^>]*\bhref=")([^"]+)(")')


def favicon_inlined(site_dir: Path, favicon: str) -> Callable[[str, str], str] | None:
    """The page edit that replaces a page's link to ``favicon`` (its path inside the site, as mkdocs.yml names
    it) by its bytes; None when there is no PNG favicon to put inside the pages."""
    picture = site_dir / favicon
    if not favicon or not picture.is_file() or picture.suffix != ".png":
        return None
    address = "data:image/png;base64," + base64.b64encode(picture.read_bytes()).decode("ascii")
    parts = list(Path(favicon).parts)

    def inlined(link: re.Match) -> str:
        href = link.group(2)
        # Engines link it relative to each page ("../../icons/favicon.png") or from the root.
        if href.split("?")[0].removeprefix("/").split("/")[-len(parts):] != parts:
            return link.group(0)
        return link.group(1) + address + link.group(3)

    return lambda path, html: _ICON_LINK.sub(inlined, html)
