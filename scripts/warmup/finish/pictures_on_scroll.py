"""Pictures fetched as they are scrolled near, not with the page: the print page's previews.

A picture marked with the class ``warmup-on-scroll`` (templates/site/print.md.j2) keeps its
address in ``data-src``, which a small script in the page (pictures_on_scroll.js) moves to
``src`` as the picture nears the screen; a first visit on a weak signal then downloads only the
previews of its first screen (guide/phone.md). Its width and height keep its place meanwhile.
Without scripts, a ``<noscript>`` copy of the tag shows it as before (styles hide the
placeholder, overrides/partials/phone-styles.html). Done on the built HTML, after the engine has
made each address relative to its page, so it is the same whichever engine wrote the pages.
"""

from __future__ import annotations

import re
from pathlib import Path

_MARKED = re.compile(r'<img\b[^>]*\bclass="[^"]*\bwarmup-on-scroll\b[^"]*"[^>]*>')
_SOURCE = re.compile(r'\ssrc="')
_SCRIPT = "<script>" + Path(__file__).with_name("pictures_on_scroll.js").read_text("utf-8") + "</script>"


def _waiting(tag: re.Match) -> str:
    return _SOURCE.sub(' data-src="', tag.group(0), count=1) + "<noscript>" + tag.group(0) + "</noscript>"


def pictures_fetched_on_scroll(path: str, html: str) -> str:
    """The page with each marked picture's address held back, and the script that fetches it, where it has one."""
    html, marked = _MARKED.subn(_waiting, html)
    return html.replace("</body>", _SCRIPT + "</body>", 1) if marked else html
