"""Render the model into the site's Markdown pages, one template per kind of page."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from warmup.catalog import Catalog, catalog_globals
from warmup.content.library import Library
from warmup.figures import figure_svg, figure_width_em, position_names
from warmup.paths import GENERATED_MARK, PRINT_PAGE, card_file, card_preview_file, logo_file, moving_figures_file
from warmup.printing.formats import KINDS
from warmup.site.printed_sizes import PrintedSizes
from warmup.site.share_image import share_image
from warmup.site.text import markdown_literal, sentences, share_sentence, yaml_string


def render_pages(library: Library, templates_dir: Path, sizes: PrintedSizes,
                 editor_address: str | None = None, bytecode_cache: BytecodeCache | None = None) -> dict[str, str]:
    """Markdown text of every page, keyed by its path inside docs/; ``sizes``: the printed files' sizes, which
    the print page lists.

    With ``editor_address`` (the repository's web editor, see edit_links.py), each page links
    to the content file it is made from.
    """
    environment = Environment(
        loader=FileSystemLoader(templates_dir / "site"),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=markdown_literal,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache,
    )
    environment.filters["yaml_string"] = yaml_string
    environment.filters["sentences"] = sentences
    language = catalog_globals(library.club, templates_dir)
    environment.globals.update(language, follow_along_words=follow_along_words(language["catalog"]))
    environment.globals.update(
        library=library, club=library.club, card_file=card_file, card_preview_file=card_preview_file,
        print_kinds=KINDS, kilobytes=sizes,
        generated_mark=GENERATED_MARK, share_sentence=share_sentence,
        figure_svg=functools.partial(figure_svg, words=language["catalog"]), figure_width_em=figure_width_em, position_names=position_names,
        logo_file=logo_file, moving_figures_file=moving_figures_file,
        parents_page=library.parents_page, print_page=PRINT_PAGE, share_image=share_image(library),
    )

    def render(template: str, page_path: str, source: str, **values) -> tuple[str, str]:
        depth = page_path.count("/")
        values.update(source=source, root="../" * depth,
                      edit_url=editor_address + source if editor_address else None)
        return page_path, environment.get_template(template).render(**values)

    club_source = library.club_source
    pages = [
        render("home.md.j2", "index.md", club_source),
        render("parents.md.j2", library.parents_page.file, library.parents_routine.source,
               routine=library.parents_routine),
        render("print.md.j2", PRINT_PAGE, club_source),
    ]
    pages += [render("routine.md.j2", f"routines/{r.slug}.md", r.source, routine=r) for r in library.routines]
    pages += [render("exercise.md.j2", f"exercises/{e.slug}.md", e.source, exercise=e) for e in library.exercises]
    return dict(pages)


def follow_along_words(catalog: Catalog) -> Markup:
    """The follow-along's words (docs/javascripts/follow-along.js) as JSON for its container's
    data-follow-along-words attribute: in the page, so the script needs no second file and no language of its own."""
    words = {**catalog.group("follow."), "seconds": catalog.entries["seconds"]}
    return Markup(escape(json.dumps(words, ensure_ascii=False, separators=(",", ":"))))
