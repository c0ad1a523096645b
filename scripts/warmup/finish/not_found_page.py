"""The 404 page, made to work wherever the site is served.

A host shows 404.html for a missing address at any depth, so MkDocs writes its addresses
absolute, under site_url's path (/warmups/assets/...). Served anywhere else (another host,
another folder) those lead nowhere and the page loses its styles and its way
home. Here they become relative to the site's root, which the page's <base> names
(overrides/404.html): site_url's path, or wherever its script finds the root.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape
from urllib.parse import urlsplit

NOT_FOUND_PAGE = "404.html"


def relative_not_found_page(site_url: str) -> Callable[[str, str], str]:
    """The page edit that makes the 404 page's addresses relative to the root its <base> names."""
    root = urlsplit(site_url or "/").path.rstrip("/") + "/"
    return lambda path, html: _relative(html, root) if path == NOT_FOUND_PAGE else html


def _relative(html: str, root: str) -> str:
    base = re.search(r'<base href="([^"]*)">', html)
    if not base or unescape(base[1]).rstrip("/") + "/" != root:
        return html  # not the page overrides/404.html makes
    # Zensical names the root without its last "/". Escaped, whatever site_url's path holds stays in the attribute.
    html = html.replace(base[0], f'<base href="{escape(root, quote=True)}">', 1)
    # Attributes, and the theme's settings (its base, its search script; Zensical writes them without
    # spaces, and the base without its last "/"), that start at the root; never "//host/...", nor
    # the page's <base> itself, which says where the root is.
    absolute = re.compile(rf'((?<!<base)\s(?:href|src)="|"(?:base|search)":\s*"){re.escape(root)}(?!/)([^"]*)"')
    settings_root = re.compile(rf'("base":\s*"){re.escape(root.rstrip("/"))}"')
    html = settings_root.sub(lambda found: f'{found[1]}."', html)
    return absolute.sub(lambda found: f'{found[1]}{found[2] or "."}"', html)
