"""The web addresses mkdocs.yml gives the pages (site_url, repo_url, edit_uri): which ones are safe to write there.

The theme writes them as they are into links, share tags and the sitemap, so an address is
only taken as it is when nothing in a page can go wrong with it: http or https (a browser
runs a javascript: or data: address), and made only of the characters an address is
written with (RFC 3986), so no quote, space, angle bracket, backslash or control character
can end the attribute or script it is written into.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# RFC 3986's unreserved and reserved characters and "%" (of an escape such as %20), without "'",
# which ends a quoted attribute or script string as surely as '"' does.
_ADDRESS_CHARACTER = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]")


def address_problem(text: str, relative: bool = False) -> str | None:
    """What keeps ``text`` from being a safe http(s) address, in words that follow it, or None;
    ``relative``: a path relative to another address (MkDocs' edit_uri) will do too."""
    unsafe = next((character for character in text if not _ADDRESS_CHARACTER.fullmatch(character)), None)
    if unsafe is not None:
        return f"holds {_named(unsafe)}, which a web address cannot hold"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - reading it checks the port is a number
    except ValueError:
        parts = None
    if parts and relative and not parts.scheme and not parts.netloc:
        return None
    if parts and parts.scheme in ("http", "https") and parts.hostname:
        return None
    return not_an_address(relative)


def not_an_address(relative: bool = False) -> str:
    return "is neither a path relative to repo_url nor a full web address" if relative else \
        "is not a full web address"


def is_safe_address(text: str) -> bool:
    """A full http(s) address that is safe in a page."""
    return address_problem(text) is None


def _named(character: str) -> str:
    if character == " ":
        return "a space"
    # A control character is shown as its escape (\x01) when the message is printed.
    return f"'{character}'" if character.isprintable() else f"the character {character}"
