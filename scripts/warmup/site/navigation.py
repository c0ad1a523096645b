"""The site's menu, in routine order, built from the model."""

from __future__ import annotations

from markupsafe import Markup

from warmup.content.library import Library
from warmup.paths import PRINT_PAGE
from warmup.site.text import html_text


def site_nav(library: Library) -> list:
    nav: list = [{"Home": "index.md"}]
    for routine in library.routines:
        entries = [{"The whole routine": f"routines/{routine.slug}.md"}]
        entries += [{_title(e.details.name): f"exercises/{e.slug}.md"} for e in routine.exercises]
        nav.append({_title(routine.details.title): entries})
    if unlisted := library.unlisted_exercises:
        nav.append({"Other exercises": [{_title(e.details.name): f"exercises/{e.slug}.md"} for e in unlisted]})
    parents = library.parents_page
    nav += [{_title(parents.title): parents.file}, {"Print the card": PRINT_PAGE}]
    return nav


def _title(text: str) -> Markup:
    """A menu title, escaped once: the theme inserts titles as HTML, except where it escapes them
    itself (the footer's "Next: ..." label), which leaves an already escaped Markup string as it is."""
    return Markup(html_text(text))
