"""The favicon inside every built page, as a data: address (0.5 kB): the browser then asks
for no picture while the page's text is on its way.

Done on the built HTML, so it is the same whichever engine wrote the pages; the picture
itself stays in the site for anything that asks for it by name.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from warmup.finish.write_site import write_atomically

_ICON_LINK = re.compile(r'(<link\b[^>]*\brel="(?:shortcut )?icon"[^>]*\bhref=")([^"]+)(")')


def inline_favicon(site_dir: Path, favicon: str) -> None:
    """Replace each page's link to ``favicon`` (its path inside the site, as mkdocs.yml names it) by its bytes."""
    picture = site_dir / favicon
    if not favicon or not picture.is_file() or picture.suffix != ".png":
        return
    address = "data:image/png;base64," + base64.b64encode(picture.read_bytes()).decode("ascii")

    def inlined(link: re.Match) -> str:
        href = link.group(2)
        # Engines link it relative to each page ("../../icons/favicon.png") or from the root.
        if href.split("?")[0].removeprefix("/").split("/")[-len(Path(favicon).parts):] != list(Path(favicon).parts):
            return link.group(0)
        return link.group(1) + address + link.group(3)

    for page in site_dir.rglob("*.html"):
        html = page.read_text("utf-8")
        changed = _ICON_LINK.sub(inlined, html)
        if changed != html:
            write_atomically(page, changed.encode("utf-8"))
