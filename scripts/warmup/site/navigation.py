"""The site's menu, in routine order, built from the model."""

from __future__ import annotations

from warmup.content.library import Library
from warmup.paths import PARENTS_PAGE, PRINT_PAGE
from warmup.site.text import html_text


def site_nav(library: Library) -> list:
    nav: list = [{"Home": "index.md"}]
    listed = set()
    for routine in library.routines:
        entries = [{"The whole routine": f"routines/{routine.slug}.md"}]
        # Menu titles are inserted into the page as HTML: content names are escaped to stay plain text
        # (and overrides/main.html keeps the footer from escaping them a second time).
        entries += [{html_text(e.details.name): f"exercises/{e.slug}.md"} for e in routine.exercises]
        listed.update(routine.exercises)
        nav.append({html_text(routine.details.title): entries})
    unlisted = [e for e in library.exercises if e not in listed]
    if unlisted:
        nav.append({"Other exercises": [{html_text(e.details.name): f"exercises/{e.slug}.md"} for e in unlisted]})
    nav += [{"Why hips matter": PARENTS_PAGE}, {"Print the card": PRINT_PAGE}]
    return nav

