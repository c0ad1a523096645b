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
from warmup.files import write_atomically

STAND_IN = "javascripts/search-on-demand.js"
_SOURCE = Path(__file__).with_name("search_on_demand.js")
# The theme's settings (a JSON block in each page): "search": "<path to the root>assets/.../search.<hash>.min.js".
_THEME_WORKER = re.compile(r'("search":\s*")([^"]*?)(assets/javascripts/workers/search\.[0-9a-f]+\.min\.js)"')


class SearchOnDemand:
    """A page edit (each page pointed at the stand-in), then the stand-in written for the theme's worker the pages
    named; a site without the theme's search is left as it is."""

    def __init__(self) -> None:
        self.workers: set[str] = set()

    def __call__(self, path: str, html: str) -> str:
        found = _THEME_WORKER.findall(html)
        self.workers.update(worker for _, _, worker in found)
        return _THEME_WORKER.sub(rf'\g<1>\g<2>{STAND_IN}"', html) if found else html

    def write_stand_in(self, site_dir: Path) -> None:
        if not self.workers:
            return
        # One: the theme's (a site is built by one theme).
        theme_worker = "../" * STAND_IN.count("/") + min(self.workers)
        source = f"const THEME_WORKER = {json.dumps(theme_worker)};\n" + _SOURCE.read_text("utf-8")
        write_atomically(site_dir / STAND_IN, MINIFIERS[".js"](source).encode("utf-8"))
