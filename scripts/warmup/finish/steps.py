"""The finishing steps, on a site any engine has built: the same finished site from every engine.

Run by `warmup build` on its staging folder and by the MkDocs plugin after `mkdocs build`.
"""

from __future__ import annotations

from pathlib import Path

from warmup.finish.favicon import inline_favicon
from warmup.finish.minify import minify_inline_scripts, minify_site_assets
from warmup.finish.not_found_page import relative_not_found_page
from warmup.finish.offline import write_offline_files
from warmup.finish.page_assets import link_page_assets_where_used
from warmup.finish.search_on_demand import search_on_demand
from warmup.finish.unused_styles import drop_unused_theme_styles


def finish_site(site_dir: Path, site_name: str, description: str, directory_urls: bool, own_assets: list[str],
                favicon: str, theme_color: str, *, site_url: str, offline: bool = True) -> None:
    """``theme_color`` is the club's (the phone's title bar); ``offline=False`` for a live preview: its
    pages change on every save, so nothing may be cached."""
    relative_not_found_page(site_dir, site_url)
    link_page_assets_where_used(site_dir)
    minify_site_assets(site_dir, own_assets)
    minify_inline_scripts(site_dir)
    drop_unused_theme_styles(site_dir, own_assets)
    inline_favicon(site_dir, favicon)
    search_on_demand(site_dir)
    if offline:  # last: the service worker lists every other file exactly as it will be published
        write_offline_files(site_dir, site_name, description, theme_color, directory_urls)
