"""The finishing steps, on a site any engine has built: the same finished site from every engine.

Run by `warmup build` on its staging folder and by the MkDocs plugin after `mkdocs build`.
"""

from __future__ import annotations

from pathlib import Path

from warmup.finish.favicon import inline_favicon
from warmup.finish.minify import minify_site_assets
from warmup.finish.offline import write_offline_files


def finish_site(site_dir: Path, site_name: str, description: str, directory_urls: bool, own_assets: list[str],
                favicon: str, offline: bool = True) -> None:
    """``offline=False`` for a live preview: its pages change on every save, so nothing may be cached."""
    minify_site_assets(site_dir, own_assets)
    inline_favicon(site_dir, favicon)
    if offline:  # last: the service worker lists every other file exactly as it will be published
        write_offline_files(site_dir, site_name, description, directory_urls)
