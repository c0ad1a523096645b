"""The site's icons: the home-screen icons and the favicon, drawn in the club's colour."""

from __future__ import annotations

import io
from pathlib import Path

from warmup.render_cache import RenderCache

ICON_SIZES = {"icons/icon-192.png": 192, "icons/icon-512.png": 512, "icons/apple-touch-icon.png": 180}
# A stopwatch, for timed warm-ups of any sport: drawn in white on the club's primary colour
# (content/colors.py checks that pair), so the icon, the header and the phone's title bar match.
ICON_INK = "#ffffff"
FAVICON = "icons/favicon.png"
FAVICON_SIZE = 32  # a browser tab's 16 px on a sharp phone screen


def render_icons(cache: RenderCache, theme_color: str) -> dict[str, bytes]:
    """The home-screen icons and the favicon on ``theme_color``, keyed by path inside docs/."""
    sizes = {**ICON_SIZES, FAVICON: FAVICON_SIZE}

    def draw() -> dict[str, bytes]:
        return {Path(relative).name: icon_png(size, theme_color) for relative, size in sizes.items()}

    drawn = cache.fetch(draw, "icons", repr(sizes), theme_color, ICON_INK)
    return {relative: drawn[Path(relative).name] for relative in sizes}


def icon_png(size: int, theme_color: str) -> bytes:
    """A stopwatch, white on ``theme_color``, drawn edge to edge.

    It stays inside the middle 80%, the circle a phone keeps when it crops an icon to a
    circle or a rounded square ("maskable"); its lines stay about 2 px thick at 32 px.
    """
    from PIL import Image, ImageDraw  # here, not at start: a build whose icons come from the render cache needs none

    scale = 4  # drawn larger, then shrunk: smooth edges without an anti-aliasing library
    side = size * scale
    image = Image.new("RGB", (side, side), theme_color)
    draw = ImageDraw.Draw(image)
    x, y, radius, line = side * 0.5, side * 0.55, side * 0.25, side * 0.06
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=ICON_INK, width=round(line))
    # The crown on top, and the hand from the centre towards two o'clock.
    top = y - radius
    draw.rectangle((x - line / 2, top - side * 0.06, x + line / 2, top), fill=ICON_INK)
    draw.rounded_rectangle((x - side * 0.08, top - side * 0.12, x + side * 0.08, top - side * 0.06),
                           radius=side * 0.02, fill=ICON_INK)
    draw.line((x, y, x + radius * 0.4, y - radius * 0.45), fill=ICON_INK, width=round(line * 0.85))
    dot = line * 0.75
    draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=ICON_INK)
    buffer = io.BytesIO()
    # Two colours and their blends need no more than 16 entries; a palette PNG is a third the size,
    # and the favicon travels inside every page.
    smooth = image.resize((size, size), Image.Resampling.LANCZOS)
    smooth.quantize(16).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
