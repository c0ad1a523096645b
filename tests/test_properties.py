"""Property: whatever text a coach types into a field comes out literally on the site and on the card.

Hypothesis writes arbitrary text (markup characters, entities, unicode) into an
exercise's how_to, runs a real build (MkDocs and WeasyPrint, in this process to
keep it quick), and reads the text back from the HTML page and the PDF card. Each
example is a whole build that draws the routine's cards again, so the build's
property is tried on a few examples (of the smaller fixture club, one routine, each
example typing a text into every exercise of it); the escaping alone, which is where
text could be lost, on hundreds.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import yaml

from conftest import REPO, article_text, club_content, copy_project, html_text, normalise, pdf_text
from warmup.engines.engine import engine_named
from warmup.pipeline import build
from warmup.settings.reader import read_settings
from warmup.site.text import markdown_literal

MARKUP = list("<>&*_`[]#|\\{}!()-+=.:;\"'~^$%@/") + ["&amp;", "<script>", "</p>", "**", "1. ", "- ", "# ",
                                                     "[x](y)", "{: .big }", "&#65;", "<!--", "-->"]
# Basic Latin, Latin-1 and Latin Extended-A: the card has real glyphs for all of them (Atkinson
# Hyperlegible, or DejaVu Sans for the few it lacks, e.g. Ĉ), so the PDF text reads back.
LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x17F, exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp"))
TEXT = st.lists(st.one_of(LATIN, st.sampled_from(MARKUP)), min_size=1, max_size=40).map("".join).filter(
    lambda text: text.strip())


CLUB = "meadow"  # one routine: the fewest cards to draw again for each example
ROUTINE = yaml.safe_load((club_content(CLUB) / "club.yaml").read_text("utf-8"))["parents_routine"]
SLUGS = yaml.safe_load((club_content(CLUB) / f"routines/{ROUTINE}.yaml").read_text("utf-8"))["exercises"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    # With the club's drawings: each example draws the routine's cards again.
    return copy_project(tmp_path_factory.mktemp("properties") / "project", club=CLUB)


# Each example types a text into every exercise of the routine: six texts in all, in two builds.
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=len(SLUGS), max_size=len(SLUGS)))
def test_any_text_in_a_field_appears_literally_on_the_page_and_the_card(project, texts):
    exercises = [project.content_dir / f"exercises/{slug}.yaml" for slug in SLUGS]
    sources = [exercise.read_text("utf-8") for exercise in exercises]
    # Between two marker words of its own, so a dropped or garbled field cannot pass by matching elsewhere.
    marked = [f"Q{number}start {text} Q{number}end" for number, text in enumerate(texts)]
    for exercise, source, typed in zip(exercises, sources, marked):
        written = re.sub(r"^how_to: .*$", lambda _: f"how_to: {json.dumps(typed)}", source, count=1, flags=re.M)
        exercise.write_text(written, "utf-8")
    try:
        settings = read_settings(project.config_file)
        with engine_named(settings.engine).primed(project, settings) as program:
            build(project, settings, program)
    finally:
        for exercise, source in zip(exercises, sources):
            exercise.write_text(source, "utf-8")

    cards = {paper: "".join(pdf_text(project.site_dir / f"cards/{ROUTINE}-{paper}.pdf").split())
             for paper in ("a4", "letter")}
    for slug, typed in zip(SLUGS, marked):
        expected = normalise(typed)
        for page in (f"exercises/{slug}/index.html", f"routines/{ROUTINE}/index.html"):
            assert expected in article_text(project.site_dir / page), page
        for paper, card in cards.items():
            # PDF text keeps the card's line breaks, which may fall inside the text.
            assert "".join(expected.split()) in card, paper


@pytest.fixture(scope="module")
def site_markdown():
    """Python-Markdown configured exactly as MkDocs configures it for this site (mkdocs.yml)."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    return lambda text: markdown.markdown(text, extensions=config.markdown_extensions,
                                          extension_configs=config.mdx_configs)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Control characters never reach here: the YAML reader refuses them with a clear error.
@given(text=st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_escaped_text_is_rendered_by_the_sites_markdown_as_the_same_text(site_markdown, text):
    """The escaping alone, on any unicode text, through the site's Markdown: the same text comes out."""
    single_line = " ".join(text.split())  # as the schema stores every text field
    assume(single_line)
    assert html_text(site_markdown(str(markdown_literal(single_line)))) == normalise(single_line)
