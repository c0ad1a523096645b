"""The site's own scripts and styles, minified in the built site: fewer bytes on a weak signal.

The readable files stay in docs/, where they are edited; only the copies MkDocs wrote into
the site are replaced. Material's own files come minified already.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

from warmup.finish.write_site import write_atomically

MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minify_site_assets(site_dir: Path, assets: list[str]) -> None:
    """Replace each of ``assets`` (addresses inside the site, as mkdocs.yml lists them) by its minified text."""
    for relative in assets:
        path = site_dir / relative
        minify = MINIFIERS.get(path.suffix)
        if minify and path.is_file():  # an address on another host is not the site's to change
            write_atomically(path, minify(path.read_text("utf-8")).encode("utf-8"))
