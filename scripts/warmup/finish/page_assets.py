"""The follow-along's styles and script only in the pages with a routine to follow.

Every engine links each of mkdocs.yml's extra_css and extra_javascript from every page; the
follow-along's files serve only the pages that carry its mark (the routine pages), so the
others lose their links to them and a first visit to them downloads neither.
"""

from __future__ import annotations

import re

# Each file, as mkdocs.yml names it, and the attribute of the pages that use it.
USED_ONLY_WITH = {"stylesheets/follow-along.css": "data-follow-along",
                  "javascripts/follow-along.js": "data-follow-along"}


def _links_to(asset: str) -> re.Pattern:
    # Linked relative to the page ("../stylesheets/...") or from the root (the 404 page's "/warmups/...").
    address = rf'"(?:[^"]*/)?{re.escape(asset)}(?:\?[^"]*)?"'
    return re.compile(rf'(?:<link\b[^>]*\bhref={address}[^>]*>|<script\b[^>]*\bsrc={address}[^>]*>\s*</script>)')


_LINKS = {asset: _links_to(asset) for asset in USED_ONLY_WITH}


def link_page_assets_where_used(path: str, html: str) -> str:
    """The page without its links to each file of USED_ONLY_WITH whose attribute is on none of its elements."""
    for asset, attribute in USED_ONLY_WITH.items():
        if not re.search(rf"\s{attribute}[\s=>]", html):  # on an element (a style's [{attribute}-...] is not)
            html = _LINKS[asset].sub("", html)
    return html
