"""The site's own scripts and styles, minified in the built site: fewer bytes on a weak signal.

The readable files stay in docs/, where they are edited; only the copies MkDocs wrote into
the site are replaced. Material's own files come minified already.
"""

from __future__ import annotations

import re
from pathlib import Path

import rcssmin
import rjsmin

from warmup.files import write_atomically

MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}
# A script written inside a page: no src, and no type but JavaScript's (not the theme's JSON settings).
_INLINE_SCRIPT = re.compile(r'(<script\b(?![^>]*\bsrc=)(?![^>]*\btype="(?!text/javascript"|module")[^"]*")[^>]*>)'
                            r'(.*?)(</script>)', re.S)


def minify_site_assets(site_dir: Path, assets: list[str]) -> None:
    """Replace each of ``assets`` (addresses inside the site, as mkdocs.yml lists them) by its minified text."""
    for relative in assets:
        path = site_dir / relative
        minify = MINIFIERS.get(path.suffix)
        if minify and path.is_file():  # an address on another host is not the site's to change
            write_atomically(path, minify(path.read_text("utf-8")).encode("utf-8"))


def minify_inline_scripts(path: str, html: str) -> str:
    """The page with the scripts inside it minified: the templates' own keep their comments for whoever edits them."""
    return _INLINE_SCRIPT.sub(lambda script: script[1] + rjsmin.jsmin(script[2]) + script[3], html)
