"""Offline at the track: a web app manifest with icons, and a service worker that caches the built site.

Written into the built site after the engine has built it (finish/steps.py), so the
service worker's list of files is exactly what was built, and its cache
version is a hash of their contents: a new build replaces the old cache.
"""

from __future__ import annotations

import fnmatch
import hashlib
import io
import json
import os
import re
from pathlib import Path

from warmup.finish.minify import MINIFIERS
from warmup.finish.write_site import write_atomically
from warmup.printing.render_cache import RenderCache

SERVICE_WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
ICON_SIZES = {"icons/icon-192.png": 192, "icons/icon-512.png": 512, "icons/apple-touch-icon.png": 180}
# The track is drawn in white on the club's primary colour (content/colors.py checks that pair),
# so the icon, the header and the phone's title bar match.
ICON_INK = "#ffffff"
FAVICON = "icons/favicon.png"
FAVICON_SIZE = 32  # a browser tab's 16 px on a sharp phone screen
# Left out of the cache: source maps are for developers; lunr's language packs serve
# search in languages other than the site's English; the zipped sitemap is for crawlers
# (the plain one stays: Material's instant loading reads it).
NOT_CACHED = ("*.map", "assets/javascripts/lunr/*", "sitemap.xml.gz", SERVICE_WORKER)
_WORKER_SOURCE = Path(__file__).with_name("service_worker.js")
_LINK_TAG = re.compile(r"<link\b[^>]*>")
_HREF = re.compile(r'\bhref="([^"]+)"')


def render_icons(cache: RenderCache, theme_color: str) -> dict[str, bytes]:
    """The home-screen icons and the favicon on ``theme_color``, keyed by path inside docs/."""
    sizes = {**ICON_SIZES, FAVICON: FAVICON_SIZE}

    def draw() -> dict[str, bytes]:
        return {Path(relative).name: icon_png(size, theme_color) for relative, size in sizes.items()}

    drawn = cache.fetch(draw, "icons", repr(sizes), theme_color, ICON_INK)
    return {relative: drawn[Path(relative).name] for relative in sizes}


def write_offline_files(site_dir: Path, site_name: str, description: str, theme_color: str,
                        directory_urls: bool = True) -> None:
    """Add the manifest and the service worker (last: it lists every other built file) to ``site_dir``."""
    write_atomically(site_dir / MANIFEST, manifest(site_name, description, theme_color).encode("utf-8"))
    write_atomically(site_dir / SERVICE_WORKER, service_worker(cached_files(site_dir, directory_urls)).encode("utf-8"))


def cached_files(site_dir: Path, directory_urls: bool = True) -> dict[str, str]:
    """Address (relative to the site's root) → hash of the content, for every file worth caching."""
    files = {}
    linked = linked_stylesheets(site_dir)
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or any(fnmatch.fnmatch(relative, pattern) for pattern in NOT_CACHED):
            continue
        if path.suffix == ".css" and relative not in linked:
            continue
        files[_address(relative, directory_urls)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def linked_stylesheets(site_dir: Path) -> set[str]:
    """Every stylesheet a built page links, relative to the site's root. A theme may ship more than
    its pages use (Zensical both of its looks, 160 kB each): the phone stores only these."""
    linked = set()
    for page in site_dir.rglob("*.html"):
        for tag in _LINK_TAG.findall(page.read_text("utf-8")):
            href = _HREF.search(tag)
            # Absolute addresses (the 404 page's, under site_url's path) name what other pages link relatively.
            if 'rel="stylesheet"' in tag and href and not href.group(1).startswith("/") and ":" not in href.group(1):
                target = Path(os.path.normpath(page.parent / href.group(1).split("?")[0]))
                if target.is_relative_to(site_dir):  # not a link that climbs out of the site
                    linked.add(target.relative_to(site_dir).as_posix())
    return linked


def _address(relative: str, directory_urls: bool) -> str:
    # With directory URLs a page is asked for as "routines/hip-activation/", not ".../index.html".
    if directory_urls and (relative == "index.html" or relative.endswith("/index.html")):
        return relative[: -len("index.html")] or "./"
    return relative


def service_worker(files: dict[str, str]) -> str:
    """The worker as shipped: its list of files and version, then the readable source, minified."""
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    return MINIFIERS[".js"](f"const VERSION = {json.dumps(version)};\n"
                            f"const FILES = {json.dumps(sorted(files))};\n\n"
                            + _WORKER_SOURCE.read_text("utf-8"))


def manifest(site_name: str, description: str, theme_color: str) -> str:
    """The web app manifest: "Add to Home Screen" opens the site like an app, from the home page."""
    icons = [{"src": src, "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
             for src, size in ICON_SIZES.items() if "apple" not in src for purpose in ("any", "maskable")]
    return json.dumps({
        "name": site_name,
        "short_name": "Warm-ups",
        "description": description,
        "lang": "en",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": theme_color,
        "icons": icons,
    }, indent=2, ensure_ascii=False) + "\n"


def icon_png(size: int, theme_color: str) -> bytes:
    """A running track, white on ``theme_color``, drawn edge to edge.

    The track stays inside the middle 80%, the part a phone keeps when it crops
    an icon to a circle or a rounded square ("maskable").
    """
    from PIL import Image, ImageDraw  # here, not at start: a build whose icons come from the render cache needs none

    scale = 4  # drawn larger, then shrunk: smooth edges without an anti-aliasing library
    side = size * scale
    image = Image.new("RGB", (side, side), theme_color)
    draw = ImageDraw.Draw(image)
    for lane in (0, 1):
        inset = side * (0.2 + 0.09 * lane)
        top = side * (0.3 + 0.09 * lane)
        box = (inset, top, side - inset, side - top)
        draw.rounded_rectangle(box, radius=(box[3] - box[1]) / 2, outline=ICON_INK, width=round(side * 0.045))
    # The start line, across both lanes.
    x = side * 0.5
    draw.line((x, side * 0.3, x, side * 0.39 + side * 0.045), fill=ICON_INK, width=round(side * 0.03))
    buffer = io.BytesIO()
    # Two colours and their blends need no more than 16 entries; a palette PNG is a third the size,
    # and the favicon travels inside every page.
    smooth = image.resize((size, size), Image.Resampling.LANCZOS)
    smooth.quantize(16).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
