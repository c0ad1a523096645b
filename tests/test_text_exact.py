"""Text exactly as typed: every ASCII punctuation mark reaches every place a reader meets it.

An exercise's name, a section heading and a how-to text each hold all of string.punctuation
(and the name and heading end in "#", which Markdown would take for a heading's closing
hashes). The built site and cards must show them back unchanged: the visible page, the
<title>, the share tags, the footer's aria labels, the menu, the search index and the card.
"""

from __future__ import annotations

import json
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import (CLUB, CLUBS, article_text, club_content, copy_project, html_text, normalise, page_text,
                      pdf_text, run_warmup, search_entries)
from warmup.content.library import load_library
from warmup.settings.reader import read_settings

# In one routine only, as are the exercises before and after it: a page that two routines show has one
# "previous" and one "next" in the footer, which cannot follow both.
SLUG = "table-side-lifts"
EXERCISE = f"content/exercises/{SLUG}.yaml"
ROUTINE = "content/routines/dryland.yaml"
PUNCTUATION = string.punctuation  # !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
NAME = f"{yaml.safe_load((club_content() / f'exercises/{SLUG}.yaml').read_text('utf-8'))['name']} {PUNCTUATION} #"
HEADING = f"Why {PUNCTUATION} #"
HOW_TO = f"Lie on your side. {PUNCTUATION} & &amp; <b> end"
SITE_NAME = yaml.safe_load((CLUBS / CLUB / "site.yml").read_text("utf-8"))["site_name"]


def _set_field(path: Path, field: str, value: str) -> None:
    """Replace a top-level field's value (one line or folded) with ``value``, quoted as YAML."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    lines[start:end] = [f"{field}: {json.dumps(value)}\n" if value else ""]
    path.write_text("".join(lines), "utf-8")


def _punctuated_copy(destination: Path):
    project = copy_project(destination)
    _set_field(project.root / EXERCISE, "name", NAME)
    if "name_note:" in (project.root / EXERCISE).read_text("utf-8"):
        _set_field(project.root / EXERCISE, "name_note", "")  # so the name ends its heading, "#" and all
    _set_field(project.root / EXERCISE, "how_to", HOW_TO)
    routine = project.root / ROUTINE
    text = routine.read_text("utf-8")
    heading = yaml.safe_load(text)["why_it_matters"]["heading"]
    routine.write_text(text.replace(f"heading: {heading}", f"heading: {json.dumps(HEADING)}"), "utf-8")
    return project


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """The punctuated club built once with mkdocs.yml's own engine, drawing again what the punctuation changes (the
    render cache is keyed by what each drawing is made from): a drawing is the same whichever engine builds the
    pages, so the other engines' builds reuse them."""
    project = _punctuated_copy(tmp_path_factory.mktemp("exact") / "project")
    run_warmup(project, "build", "--quiet", timeout=900)  # a hang, on a busy machine
    return project


@pytest.fixture(scope="module")
def punctuated(tmp_path_factory, engine, first_build):
    """Built by each engine in turn: each one's theme must show the text exactly."""
    if engine != read_settings(first_build.config_file).engine:
        run_warmup(first_build, "build", "--quiet", "--engine", engine)
    return first_build


class _Tags(HTMLParser):
    """Every tag's attributes (unescaped, as a browser reads them), and the <h1>/<title> texts."""

    def __init__(self):
        super().__init__()
        self.attributes: list[tuple[str, dict]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.attributes.append((tag, dict(attrs)))
        # Only the page's own <title>, not those inside its drawings (SVG <title> names a figure).
        self._open.append("svg title" if tag == "title" and "title" in self.texts else tag)

    def handle_endtag(self, tag):
        tag = "svg title" if tag == "title" and "svg title" in self._open else tag
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag):]

    def handle_data(self, data):
        for tag in ("h1", "title", "a"):
            if tag in self._open:
                self.texts.setdefault(tag, []).append(data)


def _tags(page: Path) -> _Tags:
    parser = _Tags()
    parser.feed(page.read_text("utf-8"))
    return parser


def _neighbours(project) -> tuple[str, str]:
    """The exercises before and after the punctuated one, from the routine file itself."""
    order = yaml.safe_load((project.root / ROUTINE).read_text("utf-8"))["exercises"]
    position = order.index(SLUG)
    elsewhere = {slug for path in (project.content_dir / "routines").glob("*.yaml") if path != project.root / ROUTINE
                 for slug in yaml.safe_load(path.read_text("utf-8"))["exercises"]}
    assert not elsewhere & {*order[position - 1:position + 2]}, "each of the three pages has one previous and next"
    return order[position - 1], order[position + 1]


def test_the_name_and_how_to_read_back_exactly_on_the_exercise_page(punctuated):
    page = punctuated.site_dir / f"exercises/{SLUG}/index.html"
    tags = _tags(page)
    assert normalise("".join(tags.texts["h1"])) == NAME
    assert "".join(tags.texts["title"]).strip() == f"{NAME} - {SITE_NAME}"
    assert normalise(HOW_TO) in article_text(page)
    meta = {attrs.get("property") or attrs.get("name"): attrs.get("content") for tag, attrs in tags.attributes
            if tag == "meta"}
    assert meta["og:title"] == meta["twitter:title"] == NAME
    assert meta["og:description"] == meta["twitter:description"] == HOW_TO


def test_the_heading_reads_back_exactly_on_the_routine_and_parents_pages(punctuated):
    library = load_library(punctuated.content_dir)
    parents_page = library.parents_page.file.removesuffix(".md") + "/index.html"
    assert library.parents_routine.slug == Path(ROUTINE).stem, "the heading is the parents' routine's"
    for page in (f"routines/{Path(ROUTINE).stem}/index.html", parents_page):
        h2 = [normalise(text) for text in _heading_texts(punctuated.site_dir / page)]
        assert HEADING in h2, h2
        assert normalise(NAME) in page_text(punctuated.site_dir / page)


def _heading_texts(page: Path) -> list[str]:
    class Headings(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self._in = [], False

        def handle_starttag(self, tag, attrs):
            if tag == "h2":
                self._in = True
                self.found.append("")

        def handle_endtag(self, tag):
            self._in = self._in and tag != "h2"

        def handle_data(self, data):
            if self._in:
                self.found[-1] += data

    parser = Headings()
    parser.feed(page.read_text("utf-8"))
    return parser.found


def test_the_footer_and_menu_name_it_exactly_for_eyes_and_screen_readers(punctuated):
    before, after = _neighbours(punctuated)
    labels = {}  # each footer link's aria-label, and the page it is on
    for neighbour in (before, after):
        tags = _tags(punctuated.site_dir / f"exercises/{neighbour}/index.html")
        labels.update({attrs["aria-label"]: neighbour for tag, attrs in tags.attributes
                       if tag == "a" and "md-footer__link" in attrs.get("class", "")})
    assert labels.get(f"Next: {NAME}") == before, labels
    assert labels.get(f"Previous: {NAME}") == after, labels
    assert normalise(f"Next {NAME}") in page_text(punctuated.site_dir / f"exercises/{before}/index.html")
    menu_texts = [normalise(text) for text in _tags(punctuated.site_dir / "index.html").texts["a"]]
    assert NAME in menu_texts


def test_the_search_index_holds_the_text_exactly(punctuated):
    documents = search_entries(punctuated.site_dir)
    entries = [entry for entry in documents if entry["location"].startswith(f"exercises/{SLUG}/")]
    titles = {_unescaped(entry["title"]) for entry in entries}
    assert NAME in titles, titles
    assert any(normalise(HOW_TO) in normalise(_unescaped(entry["text"])) for entry in entries), entries
    headings = {_unescaped(entry["title"]) for entry in documents if entry["location"].startswith("routines/")}
    assert HEADING in headings, headings


def _unescaped(html_fragment: str) -> str:
    """Search entries hold HTML (Material's search shows them as HTML): the text a reader sees in it."""
    return html_text(html_fragment)


def test_the_card_prints_the_name_and_how_to_exactly(first_build):
    for paper in ("a4", "letter"):  # once: the cards are the same whichever engine builds the pages
        # A tile may wrap the name or the text anywhere, and a line break reads back as a space:
        # every printed character must still come in order, with nothing added or changed.
        card = "".join(pdf_text(first_build.site_dir / f"cards/{Path(ROUTINE).stem}-{paper}.pdf").split())
        assert "".join(NAME.split()) in card
        assert "".join(HOW_TO.split()) in card
