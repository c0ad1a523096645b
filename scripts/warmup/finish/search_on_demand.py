"""The theme's search worker waits until someone searches: a first visit no longer downloads it.

Every page's theme settings name the search worker the theme starts as soon as its script
runs (Material's and Zensical's alike). Here they name a small stand-in instead
(search_on_demand.js, written into the site with the theme's worker's address), which
brings the theme's worker in on the first query with words in it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from warmup.finish.minify import MINIFIERS
from warmup.finish.write_site import write_atomically

STAND_IN = "javascripts/search-on-demand.js"
_SOURCE = Path(__file__).with_name("search_on_demand.js")
# The theme's settings (a JSON block in each page): "search": "<path to the root>assets/.../search.<hash>.min.js".
_THEME_WORKER = re.compile(r'("search":\s*")([^"]*?)(assets/javascripts/workers/search\.[0-9a-f]+\.min\.js)"')


def search_on_demand(site_dir: Path) -> None:
    """Point every page at the stand-in and write it; a site without the theme's search is left as it is."""
    workers = set()
    for page in site_dir.rglob("*.html"):
        html = page.read_text("utf-8")
        found = _THEME_WORKER.findall(html)
        if found:
            workers.update(worker for _, _, worker in found)
            write_atomically(page, _THEME_WORKER.sub(rf'\g<1>\g<2>{STAND_IN}"', html).encode("utf-8"))
    if workers:  # one: the theme's (a site is built by one theme)
        theme_worker = "../" * STAND_IN.count("/") + workers.pop()
        source = f"const THEME_WORKER = {json.dumps(theme_worker)};\n" + _SOURCE.read_text("utf-8")
        write_atomically(site_dir / STAND_IN, MINIFIERS[".js"](source).encode("utf-8"))
