"""The finishing steps, on a site any engine has built: the same finished site from every engine.

Run by the pipeline on its staging folder and by the MkDocs plugin after `mkdocs build`. Every
page is read once, passed through the page edits in the order of PAGE_EDITS below, and written
once if it changed; then the whole-site steps run, in the order finish_site() lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from warmup.finish.favicon import favicon_inlined
from warmup.finish.minify import minify_inline_scripts, minify_site_assets
from warmup.finish.not_found_page import relative_not_found_page
from warmup.finish.offline import linked_stylesheets, write_offline_files
from warmup.finish.page_assets import link_page_assets_where_used
from warmup.finish.pictures_on_scroll import pictures_fetched_on_scroll
from warmup.finish.search_on_demand import SearchOnDemand
from warmup.finish.unused_styles import drop_unused_theme_styles
from warmup.files import write_atomically
from warmup.render_cache import RenderCache

# A page's path inside the site and its text → its new text.
PageEdit = Callable[[str, str], str]


@dataclass(frozen=True)
class FinishSettings:
    """What the finishing steps need to know of the site, from mkdocs.yml and the club's content."""

    site_name: str
    description: str
    site_url: str
    directory_urls: bool
    own_assets: list[str]  # extra_css and extra_javascript: the site's own styles and scripts
    favicon: str  # its path inside the site
    theme_color: str  # the club's primary colour (the phone's title bar)
    short_name: str  # the club's short name, under the site's icon on a phone's home screen
    language: str  # the club's language (content/club.yaml), the manifest's lang
    # False for a live preview: its pages change on every save, so nothing may be cached; it is never published.
    offline: bool = True


def finish_site(site_dir: Path, settings: FinishSettings, cache: RenderCache | None = None,
                pages_written_since: float | None = None) -> None:
    """``cache``: where the parsed theme stylesheets are kept between builds. ``pages_written_since``: a live
    preview's build again, in which the engine wrote only some pages; the others were finished before."""
    search = SearchOnDemand()
    page_edits: list[PageEdit | None] = [
        relative_not_found_page(settings.site_url),  # first: the others then see its addresses as every page's
        link_page_assets_where_used,
        pictures_fetched_on_scroll,  # before minifying: its script is one the page then holds
        minify_inline_scripts,
        favicon_inlined(site_dir, settings.favicon),
        search,
    ]
    pages = _edit_pages(site_dir, [edit for edit in page_edits if edit is not None], pages_written_since)
    minify_site_assets(site_dir, settings.own_assets)
    # A live preview is never published: its bytes need not be spared, and its theme's styles stay whole.
    if settings.offline:
        drop_unused_theme_styles(site_dir, pages, settings.own_assets, linked_stylesheets(pages), cache)
    search.write_stand_in(site_dir)
    if settings.offline:  # last: the service worker lists every other file exactly as it will be published
        write_offline_files(site_dir, pages, settings.site_name, settings.short_name, settings.description,
                            settings.theme_color, settings.language, settings.directory_urls)


def _edit_pages(site_dir: Path, edits: list[PageEdit], written_since: float | None) -> dict[str, str]:
    """Every page's path inside the site and its text once edited, each page read and written once (only those
    written since ``written_since``, when given)."""
    pages = {}
    for page in sorted(site_dir.rglob("*.html")):
        if written_since is not None and page.stat().st_mtime < written_since:
            continue
        path = page.relative_to(site_dir).as_posix()
        html = edited = page.read_text("utf-8")
        for edit in edits:
            edited = edit(path, edited)
        if edited != html:
            write_atomically(page, edited.encode("utf-8"))
        pages[path] = edited
    return pages
