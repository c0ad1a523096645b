"""Offline at training: a web app manifest with icons, and a service worker that caches the built site.

Written into the built site after the engine has built it (finish/steps.py), so the
service worker's list of files is exactly what was built, and its cache
version is a hash of their contents: a new build replaces the old cache.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
from pathlib import Path

from warmup.finish.minify import MINIFIERS
from warmup.files import write_atomically
from warmup.site.icons import ICON_SIZES

SERVICE_WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
# Left out of the cache: source maps are for developers; lunr's language packs serve
# search in other languages than the site's (those its search needs are kept: search_language_files);
# the zipped sitemap is for crawlers (the plain one stays: Material's instant loading reads it).
LUNR = "assets/javascripts/lunr"
NOT_CACHED = ("*.map", f"{LUNR}/*", "sitemap.xml.gz", SERVICE_WORKER)
SEARCH_INDEX = "search/search_index.json"  # MkDocs' search plugin's; its config names the languages searched
_WORKER_SOURCE = Path(__file__).with_name("service_worker.js")
_LINK_TAG = re.compile(r"<link\b[^>]*>")
_HREF = re.compile(r'\bhref="([^"]+)"')


def write_offline_files(site_dir: Path, pages: dict[str, str], site_name: str, short_name: str, description: str,
                        theme_color: str, language: str, directory_urls: bool = True) -> None:
    """Add the manifest and the service worker (last: it lists every other built file) to ``site_dir``;
    ``pages``: every page's path in the site and its finished text, already read."""
    write_atomically(site_dir / MANIFEST, manifest(site_name, short_name, description, theme_color, language).encode("utf-8"))
    write_atomically(site_dir / SERVICE_WORKER,
                     service_worker(cached_files(site_dir, pages, directory_urls)).encode("utf-8"))


def cached_files(site_dir: Path, pages: dict[str, str], directory_urls: bool = True) -> dict[str, str]:
    """Address (relative to the site's root) → hash of the content, for every file worth caching; ``pages``:
    every page's path and text (the pages are not read again)."""
    files = {}
    linked = linked_stylesheets(pages)
    search_languages = search_language_files(site_dir)
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or relative not in search_languages and \
                any(fnmatch.fnmatch(relative, pattern) for pattern in NOT_CACHED):
            continue
        if path.suffix == ".css" and relative not in linked:
            continue
        data = pages[relative].encode("utf-8") if relative in pages else path.read_bytes()
        files[_address(relative, directory_urls)] = hashlib.sha256(data).hexdigest()
    return files


def search_language_files(site_dir: Path) -> set[str]:
    """The lunr language packs the theme's search worker loads for the site's language (the club's, through
    theme.language), so that search works offline in it too: none for English or a language lunr lacks."""
    index = site_dir / SEARCH_INDEX
    languages = json.loads(index.read_text("utf-8")).get("config", {}).get("lang", []) if index.is_file() else []
    needed = [f"lunr.{language}.min.js" for language in languages if language != "en"]
    if len(languages) > 1:
        needed.append("lunr.multi.min.js")
    if needed:
        needed.append("lunr.stemmer.support.min.js")
    return {f"{LUNR}/min/{name}" for name in needed if (site_dir / LUNR / "min" / name).is_file()}


def linked_stylesheets(pages: dict[str, str]) -> set[str]:
    """Every stylesheet a built page links, relative to the site's root (``pages``: each page's path there, and
    its text). A theme may ship more than its pages use (Zensical both of its looks, 160 kB each): the phone
    stores only these."""
    linked = set()
    for path, html in pages.items():
        for tag in _LINK_TAG.findall(html):
            href = _HREF.search(tag)
            # Absolute addresses (the 404 page's, under site_url's path) name what other pages link relatively.
            if 'rel="stylesheet"' in tag and href and not href.group(1).startswith("/") and ":" not in href.group(1):
                target = os.path.normpath(os.path.join(os.path.dirname(path), href.group(1).split("?")[0]))
                if target != ".." and not target.startswith("../"):  # not a link that climbs out of the site
                    linked.add(Path(target).as_posix())
    return linked


def _address(relative: str, directory_urls: bool) -> str:
    # With directory URLs a page is asked for as "routines/warm-up/", not ".../index.html".
    if directory_urls and (relative == "index.html" or relative.endswith("/index.html")):
        return relative[: -len("index.html")] or "./"
    return relative


def service_worker(files: dict[str, str]) -> str:
    """The worker as shipped: its list of files and version, then the readable source, minified."""
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    return MINIFIERS[".js"](f"const VERSION = {json.dumps(version)};\n"
                            f"const FILES = {json.dumps(sorted(files))};\n\n"
                            + _WORKER_SOURCE.read_text("utf-8"))


def manifest(site_name: str, short_name: str, description: str, theme_color: str, language: str) -> str:
    """The web app manifest: "Add to Home Screen" opens the site like an app, from the home page."""
    icons = [{"src": src, "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
             for src, size in ICON_SIZES.items() if "apple" not in src for purpose in ("any", "maskable")]
    return json.dumps({
        "name": site_name,
        "short_name": short_name,
        "description": description,
        "lang": language,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": theme_color,
        "icons": icons,
    }, indent=2, ensure_ascii=False) + "\n"
