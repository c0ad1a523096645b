"""Content in, every generated file out: the pipeline from one model to two renderings."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .cards import render_cards
from .library import Library, load_library
from .offline import render_icons
from .pages import render_pages
from .progress import Stage, no_progress
from .render_cache import RenderCache
from .share_image import render_share_image

GeneratedFiles = dict[str, str | bytes]

_last_run: tuple[str, Library, GeneratedFiles] | None = None


def generate(content_dir: Path, templates_dir: Path, site_url: str, stage: Stage = no_progress,
             cache_dir: Path | None = None) -> tuple[Library, GeneratedFiles]:
    """The model, and its pages and cards keyed by path inside docs/.

    Cards and pictures drawn by an earlier build are reused from ``cache_dir`` when
    nothing they are drawn from changed.

    The live preview rebuilds on every save; when nothing the output depends on
    changed since the last run (a save without edits, or a second pass over the
    same content in one build), the previous result is reused.
    """
    global _last_run
    fingerprint = _fingerprint(content_dir, templates_dir, site_url)
    if _last_run is not None and _last_run[0] == fingerprint:
        return _last_run[1], _last_run[2]
    with stage("check content"):
        library = load_library(content_dir)
    with stage("render pages"):
        files: GeneratedFiles = dict(render_pages(library, templates_dir))
    cache = RenderCache(cache_dir)
    with stage("render cards"):
        files.update(render_cards(library, templates_dir, site_url, cache))
    with stage("render pictures"):
        files.update(render_share_image(library, templates_dir, cache))
        files.update(render_icons(cache))
    cache.forget_unused()
    _last_run = (fingerprint, library, files)
    return library, files


def _fingerprint(content_dir: Path, templates_dir: Path, site_url: str) -> str:
    digest = hashlib.sha256(f"{content_dir.resolve()}\0{site_url}".encode())
    for folder in (content_dir, templates_dir):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
