"""A QR code as vector SVG, so the printed card scans however it is scaled."""

from __future__ import annotations

import functools

import segno


# Every piece of a routine, and every layout tried while fitting it, shows the same two addresses: each
# code is worked out once (choosing its mask is most of the time a warm build spends on the cards).
@functools.lru_cache(maxsize=64)
def qr_svg_data_uri(url: str) -> str:
    """A ``data:`` URI of an SVG QR code for ``url``: black modules on white, with the quiet zone.

    Error correction "M" survives a scuffed or glare-struck laminated card better than "L"
    while keeping modules large; the 4-module white border is the quiet zone scanners need.
    """
    code = segno.make(url, error="m", micro=False, boost_error=False)
    return code.svg_data_uri(scale=1, border=4, dark="#000", light="#fff", omitsize=True)
