"""The site's menu, in routine order, built from the model."""

from __future__ import annotations

from warmup.catalog import Catalog
from warmup.content.library import Library
from warmup.paths import PRINT_PAGE
from warmup.site.text import html_text


def site_nav(library: Library, catalog: Catalog) -> list:
    """``catalog``: the club's language's words, which name the menu's own entries."""
    nav: list = [{catalog.word("nav.home"): "index.md"}]
    for routine in library.routines:
        entries = [{catalog.word("nav.whole_routine"): f"routines/{routine.slug}.md"}]
        # Menu titles are inserted into the page as HTML: content names are escaped to stay plain text
        # (and overrides/main.html keeps the footer from escaping them a second time).
        entries += [{html_text(e.details.name): f"exercises/{e.slug}.md"} for e in routine.exercises]
        nav.append({html_text(routine.details.title): entries})
    if unlisted := library.unlisted_exercises:
        nav.append({catalog.word("home.other_exercises"): [{html_text(e.details.name): f"exercises/{e.slug}.md"} for e in unlisted]})
    parents = library.parents_page
    nav += [{html_text(parents.title): parents.file}, {catalog.word("home.print_heading"): PRINT_PAGE}]
    return nav

