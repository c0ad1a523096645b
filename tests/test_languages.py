"""Any language: content/club.yaml's `language:` sets every word the product adds (templates/languages/),
the pages' lang, the PDFs' /Lang, the manifest's lang and the follow-along's voice; content is never
translated. Built from one fixture club per shipped language besides English, its content written in it:
German (wiesental), Spanish (almendros), French (tilleuls), Dutch (zwaluwen), Polish (pol)."""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from browser import NO_OFFLINE_COPY, serve
from conftest import (CLUBS, PRINTED_KINDS, REPO, copy_built, copy_project, error_lines, normalise, page_text, pdf_page,
                      pdf_page_texts, pdf_text, run_warmup, warmup_in_process)
from posters import assert_names_whole_on_their_lines_with_their_notes
from warmup.catalog import load_catalog
from warmup.project import Project
from warmup.settings.reader import SITE_URL_VARIABLE

CATALOGS = REPO / "templates" / "languages"
LANGUAGES = sorted(path.stem for path in CATALOGS.glob("*.yaml"))
# Each club's content is written in its language; English is every other fixture club's.
FIXTURES = {"de": "wiesental", "es": "almendros", "fr": "tilleuls", "nl": "zwaluwen", "pl": "pol"}
# The smallest phone the pages are held to, showing pages as they come from the server (not their offline copy).
SMALL_PHONE = {"viewport": {"width": 320, "height": 568}, "is_mobile": True, "has_touch": True, **NO_OFFLINE_COPY}
# The fixture clubs' long words, as their content writes them.
LONG_WORDS = {"de": "Oberschenkelrückseitendehnungsübung", "pl": "Dziewięćdziesięciosekundowe"}
# "exercises" for 1, 2, 5 and 22 in each shipped language, as a speaker says them.
PLURALS = {
    "en": ["1 exercise", "2 exercises", "5 exercises", "22 exercises"],
    "de": ["1 Übung", "2 Übungen", "5 Übungen", "22 Übungen"],
    "fr": ["1 exercice", "2 exercices", "5 exercices", "22 exercices"],
    "es": ["1 ejercicio", "2 ejercicios", "5 ejercicios", "22 ejercicios"],
    "nl": ["1 oefening", "2 oefeningen", "5 oefeningen", "22 oefeningen"],
    "pl": ["1 ćwiczenie", "2 ćwiczenia", "5 ćwiczeń", "22 ćwiczenia"],
}
COUNTS = (1, 2, 5, 22)
# Chromium's speech is recorded, with the language each utterance asks for.
RECORDER = """
window.__speech = [];
speechSynthesis.speak = utterance => { window.__speech.push([utterance.text, utterance.lang]); };
localStorage.setItem("warmup-follow-along", JSON.stringify({time: 20, gap: 5, speak: true}));
"""


@functools.cache
def _entries(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def test_the_shipped_languages_are_the_six_asked_for_each_with_a_fixture_club_written_in_it():
    assert LANGUAGES == ["de", "en", "es", "fr", "nl", "pl"]
    assert sorted(FIXTURES) == [language for language in LANGUAGES if language != "en"]
    # Every fixture club not written in English is one of them (their builds here stand for them all).
    written_in = {folder.name: _entries(folder / "content" / "club.yaml").get("language", "en")
                  for folder in CLUBS.iterdir() if (folder / "content").is_dir()}
    assert {club: language for club, language in written_in.items() if language != "en"} == \
        {club: language for language, club in FIXTURES.items()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_has_exactly_the_english_keys(language):
    english, entries = _entries(CATALOGS / "en.yaml"), _entries(CATALOGS / f"{language}.yaml")
    assert list(entries) == list(english)
    load_catalog(REPO / "templates", language)  # its plural forms and braces checked as a build does


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_are_right_for_1_2_5_and_22(language):
    catalog = load_catalog(REPO / "templates", language)
    assert [catalog.plural("exercises", count) for count in COUNTS] == PLURALS[language]


@pytest.mark.parametrize("language, letter", [("en", "8.5 × 11 in"), ("de", "8,5 × 11 in"), ("pl", "8,5 × 11 in")])
def test_the_print_page_writes_paper_sizes_as_the_language_writes_numbers(language, letter):
    from warmup.printing.formats import FORMATS

    catalog = load_catalog(REPO / "templates", language)
    assert next(f for f in FORMATS if f.key == "letter").paper.size_label(catalog.number) == letter


def _english_left(text: str, language: str) -> list[str]:
    """The English catalog's entries (every plural form) whose translation differs and that ``text`` still holds."""
    # The pattern only where its longest run of words is in the text: the search, lazy between the values, is the
    # slow part, and it cannot match a text without those words.
    return [entry for entry, words, pattern in _english_entries(language) if words in text and pattern.search(text)]


@functools.cache
def _english_entries(language: str) -> list[tuple[str, str, re.Pattern]]:
    """The English catalog's entries (every plural form) whose translation into ``language`` differs, each with its
    longest run of words between values and the pattern that finds it in a text: made once, for the many texts of
    each site."""
    english, translated = _entries(CATALOGS / "en.yaml"), _entries(CATALOGS / f"{language}.yaml")
    entries = []
    for key, entry in english.items():
        forms = entry.items() if isinstance(entry, dict) else [(None, entry)]
        for form, words in forms:
            theirs = translated[key] if form is None else translated[key].get(form)
            if theirs == words or not re.search(r"[^\W\d_]", re.sub(r"\{\w+\}", "", words)):
                continue  # the same words, or only values and punctuation ("{side} {part}")
            longest = max(re.split(r"\{\w+\}", normalise(words)), key=len)
            entries.append((f"{key}: {words}", longest, re.compile(_pattern(normalise(words)))))
    return entries


# The values that are always numbers: "{number} of {count}" is English only between numbers (Dutch writes
# "lezen of delen", "read or share").
NUMBER_VALUES = {"number", "count", "copies", "week", "all"}


def _pattern(words: str) -> str:
    """``words`` with each {value} matching any text (a number for a number's), as whole words."""
    parts = re.split(r"(\{\w+\})", words)
    return r"(?<!\w)" + "".join(
        (r"\d[\d\s.,]*" if part[1:-1] in NUMBER_VALUES else r".+?") if re.fullmatch(r"\{\w+\}", part)
        else re.escape(part) for part in parts) + r"(?!\w)"


# The other engines each club's site is built with again (each engine's pages take any language alike; ProperDocs runs
# Material as MkDocs does, from the same settings: one language shows it takes them).
OTHER_ENGINES = {"de": ("zensical", "properdocs"), "pl": ("zensical",)}
# One build at a time in the background, while the tests read the one before in the foreground: on two cores, a
# second build at once only slowed the first language's, which the tests wait for.
BUILDS_AT_ONCE = 1


class _BuildsAhead:
    """The builds this module's tests read, each made once, BUILDS_AT_ONCE at a time in the background, in the
    order the tests read them: while one language's tests read its build, the next build is being made."""

    def __init__(self, jobs: list[tuple[list[str], Iterator[Project]]]):
        """``jobs``: the names of the builds each job makes, one after another, and the job, yielding each."""
        self.made = {name: Future() for names, _ in jobs for name in names}
        self.pool = ThreadPoolExecutor(BUILDS_AT_ONCE)
        for names, builds in jobs:
            self.pool.submit(self._hand_out, names, builds)

    def __getitem__(self, name: str) -> Project:
        """Build ``name``, once made (its failure, if it failed)."""
        return self.made[name].result()

    def _hand_out(self, names: list[str], builds: Iterator[Project]) -> None:
        try:
            for name in names:
                self.made[name].set_result(next(builds))
        except Exception as error:  # noqa: BLE001 - the test that reads the build reports it
            for name in names:
                if not self.made[name].done():
                    self.made[name].set_exception(error)


def _club_builds(language: str, folder: Path, engines: tuple[str, ...]) -> Iterator[Project]:
    """The fixture club written in ``language``, built cold; then a copy of it built again with each of ``engines``
    (the drawings reused), as a coach who changes engine does."""
    project = copy_project(folder / "project", reuse_drawings=False, club=FIXTURES[language])
    run_warmup(project, "build", "--quiet")
    yield project
    for engine in engines:
        rebuilt = copy_built(project, folder / engine)
        run_warmup(rebuilt, "build", "--quiet", "--engine", engine)
        yield rebuilt


def _german_starter(folder: Path) -> Iterator[Project]:
    """`warmup new-club NAME --language de` on a copy of a fixture club, then built before the coach writes a word."""
    project = copy_project(folder / "project", reuse_drawings=False, club="meadow")
    run_warmup(project, "new-club", "TSV Neustadt", "--language", "de")
    run_warmup(project, "build", "--quiet", env={SITE_URL_VARIABLE: "https://example.org/neustadt/"})
    yield project


@pytest.fixture(scope="module", autouse=True)
def builds_ahead(request, tmp_path_factory) -> Iterator[_BuildsAhead]:
    """Every build the tests of this module selected read, started with the module's first test: ``"de"`` (a
    language's fixture club), ``"de zensical"`` (it built again with another engine), ``"starter"``."""
    selected = [item for item in request.session.items if item.module is request.module]
    languages = dict.fromkeys(item.callspec.params["built_club"] for item in selected if "built_club" in item.fixturenames)
    rebuilt = {item.callspec.params["built_club"] for item in selected if "rebuilt" in item.fixturenames}
    jobs = []
    for language in languages:
        engines = OTHER_ENGINES[language] if language in rebuilt else ()
        jobs.append(([language, *(f"{language} {engine}" for engine in engines)],
                     _club_builds(language, tmp_path_factory.mktemp(f"language-{language}"), engines)))
    if any("german_starter" in item.fixturenames for item in selected):
        jobs.append((["starter"], _german_starter(tmp_path_factory.mktemp("starter"))))
    builds = _BuildsAhead(jobs)
    yield builds
    builds.pool.shutdown(cancel_futures=True)


@pytest.fixture(scope="module", params=sorted(FIXTURES))
def built_club(request, builds_ahead) -> tuple[str, Project]:
    """(language, project) of a fixture club written in that language, built once."""
    return request.param, builds_ahead[request.param]


@pytest.fixture
def rebuilt(built_club, builds_ahead) -> dict[str, Project]:
    """The club's project built again with each of its OTHER_ENGINES, by engine."""
    language, _ = built_club
    return {engine: builds_ahead[f"{language} {engine}"] for engine in OTHER_ENGINES[language]}


@pytest.fixture
def german_starter(builds_ahead) -> Project:
    return builds_ahead["starter"]


def test_no_english_word_is_left_on_any_page_card_manifest_or_404_page(built_club):
    language, project = built_club
    assert (project.site_dir / "404.html").is_file() and len(list(project.site_dir.glob("cards/*.pdf"))) == 6
    assert not _english_on_site(project.site_dir, language)


def _english_on_site(site: Path, language: str) -> dict[str, list[str]]:
    """The English entries left on every page of ``site`` (its text, the drawn figures' descriptions,
    <svg><title>, included, and the words in its attributes), every PDF's text, the follow-along's words
    and the manifest, by where they are."""
    left = {}
    for page in sorted(site.rglob("*.html")):
        if found := _english_left(page_text(page) + " " + _attribute_words(page), language):
            left[str(page.relative_to(site))] = found
    for pdf in sorted(site.glob("cards/*.pdf")):
        if found := _english_left(pdf_text(pdf), language):
            left[pdf.name] = found
    # The follow-along's words, as the routine page hands them to its script.
    for page in site.glob("routines/*/index.html"):
        words = re.search(r'data-follow-along-words="([^"]+)"', page.read_text("utf-8"))
        if found := _english_left(normalise(json.dumps(json.loads(_unescaped(words[1])), ensure_ascii=False)), language):
            left[f"{page.relative_to(site)} (follow-along's words)"] = found
    manifest = json.loads((site / "manifest.webmanifest").read_text("utf-8"))
    if found := _english_left(normalise(json.dumps(manifest, ensure_ascii=False)), language):
        left["manifest.webmanifest"] = found
    return left


def test_a_new_club_in_a_language_without_a_catalog_is_refused_in_one_line(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False, club="meadow")
    result = warmup_in_process(project, "new-club", "TSV Neustadt", "--language", "xx")
    assert result.returncode == 2
    assert error_lines(result.stderr) == [
        f"error: --language: 'xx' has no catalog of the words the site adds; the languages there are: "
        f"{', '.join(LANGUAGES)}"]
    assert (project.content_dir / "exercises").is_dir() and "TSV Neustadt" not in project.config_file.read_text("utf-8")


def test_the_share_picture_shows_no_english_word(built_club):
    """The picture is drawn from a page laid out by WeasyPrint, then turned into PNG: its words are read back
    from that very PDF, which gives, as PNG, the built picture byte for byte."""
    from warmup.content.library import load_library
    from warmup.printing.pdf_renderer import lay_out
    from warmup.printing.raster import pdf_to_png
    from warmup.site.share_image import WIDTH_PX, share_image, share_image_drawing

    language, project = built_club
    library = load_library(project.content_dir)
    html = next(part for part in share_image_drawing(library, project.templates_dir).inputs if "<html" in part)
    pdf = lay_out(html, str(project.templates_dir / "share") + "/").write_pdf()
    assert pdf_to_png(pdf, WIDTH_PX) == (project.site_dir / share_image(library).path).read_bytes()
    shown = pdf_text(io.BytesIO(pdf))
    assert library.club.name in shown and all(exercise.details.name in shown
                                              for exercise in library.parents_routine.exercises)
    assert not _english_left(shown, language), shown


class _AttributeWords(HTMLParser):
    """The words a page keeps in its attributes: a picture's alt, a button's label or tooltip, a search box's
    placeholder, the description and share texts in its <meta> tags."""

    WORDED = {"alt", "title", "aria-label", "placeholder", "content"}

    def __init__(self):
        super().__init__()
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.words += [value for name, value in attrs if name in self.WORDED and value]


def _attribute_words(page: Path) -> str:
    parser = _AttributeWords()
    parser.feed(page.read_text("utf-8"))
    return normalise(" ".join(parser.words))


def _unescaped(attribute: str) -> str:
    import html

    return html.unescape(attribute)


def test_pages_pdfs_and_manifest_carry_the_language(built_club):
    language, project = built_club
    site = project.site_dir
    pages = sorted(site.rglob("*.html"))
    assert pages and {re.search(r"<html\b[^>]*\blang=\"([^\"]+)\"", p.read_text("utf-8"))[1] for p in pages} == {language}
    assert {str(PdfReader(pdf).trailer["/Root"]["/Lang"]) for pdf in site.glob("cards/*.pdf")} == {language}
    assert json.loads((site / "manifest.webmanifest").read_text("utf-8"))["lang"] == language


def test_every_name_on_the_poster_is_30_pt_whole_on_its_lines_with_its_note_never_one_word_alone(built_club):
    """As test_wall_poster.py checks the clubs written in English, on the posters this club's build printed."""
    from warmup.content.library import load_library

    _, project = built_club
    for routine in load_library(project.content_dir).routines:
        assert_names_whole_on_their_lines_with_their_notes(
            routine, {key: project.site_dir / "cards" / f"{routine.slug}-{key}.pdf" for key in PRINTED_KINDS["Poster"]})


@pytest.mark.parametrize("built_club", sorted(LONG_WORDS), indirect=True)
def test_long_words_stay_on_one_page_and_inside_their_pocket_card(built_club):
    """The fixtures' long compounds (Oberschenkelrückseitendehnungsübung, Dziewięćdziesięciosekundowe): every
    printed piece keeps one page, and no word of a pocket card crosses the cut line into its neighbour."""
    _, project = built_club
    for pdf in sorted(project.site_dir.glob("cards/*.pdf")):
        assert len(pdf_page_texts(pdf)) == 1, pdf.name
    for pdf in sorted(project.site_dir.glob("cards/*-pocket-*.pdf")):
        page = pdf_page(pdf)
        middle = page.width / 2
        crossing = [word["text"] for word in page.extract_words() if word["x0"] < middle < word["x1"]]
        assert not crossing, (pdf.name, crossing)


@pytest.mark.parametrize("built_club", sorted(LONG_WORDS), indirect=True)
def test_a_long_word_on_a_card_or_poster_breaks_only_where_its_language_hyphenates_it(built_club):
    """Even where it starts its line (a tile's name, a pocket card's name), where WeasyPrint alone would break
    it anywhere, with no hyphen: undoing each line's hyphen gives the word whole again."""
    language, project = built_club
    pieces = sorted(project.site_dir.glob("cards/*.pdf"))
    assert len(pieces) == 6
    for pdf in pieces:
        text = pdf_page_texts(pdf)[0]
        assert LONG_WORDS[language] in re.sub("\u2010\\s+", "", text), (pdf.name, text)


# A line's hyphen as WeasyPrint draws it at a soft hyphen; a link, broken after its own characters, is not a word.
LINE_HYPHEN = "\u2010"
LINK = re.compile(r"/|\w\.\w")


def test_no_printed_word_is_cut_without_a_hyphen(built_club):
    """On every card, poster and pocket card, a word broken across lines ends its line with a hyphen: no piece
    of a word stands alone (the pocket cards' narrow names once read "Fersenhe / ben", the poster's column beside
    a figure "Wiederholunge / n"). Each printed word is a word of the club's site or catalog, or the end of one
    after a hyphen; each piece before a hyphen is part of one."""
    language, project = built_club
    sources = [page_text(page) for page in project.site_dir.rglob("*.html")]
    sources.append((CATALOGS / f"{language}.yaml").read_text("utf-8"))
    words = {word for text in sources for word in re.findall(r"[^\W\d_]+", text.casefold())}
    cut = []
    for pdf in sorted(project.site_dir.glob("cards/*.pdf")):
        printed = [word["text"] for word in pdf_page(pdf).extract_words()]
        for token in (token for token in printed if not LINK.search(token)):
            pieces = re.findall(r"[^\W\d_]+", token.casefold())
            if token.endswith(LINE_HYPHEN):
                cut += [(pdf.name, token) for piece in pieces[-1:] if not any(piece in word for word in words)]
                pieces = pieces[:-1]
            cut += [(pdf.name, token) for piece in pieces if not _whole_or_last_part(piece, words)]
    assert not cut, cut


def _whole_or_last_part(piece: str, words: set[str]) -> bool:
    """A word, the part of one after its line's hyphen, or two words read as one (two labels side by side, the
    QR codes', closer than the PDF's reader takes for a space)."""
    return (piece in words or any(word.endswith(piece) for word in words)
            or any(piece[:cut] in words and piece[cut:] in words for cut in range(1, len(piece))))


def test_the_content_is_never_translated(built_club):
    language, project = built_club
    routine = next(project.site_dir.glob("routines/*/index.html"))
    for exercise in sorted((project.content_dir / "exercises").glob("*.yaml")):
        assert normalise(yaml.safe_load(exercise.read_text("utf-8"))["how_to"]) in page_text(routine)


# In the page: each line of text in a tile, or in the page's title, that reaches past the tile's (the
# article's) edge; the longest word of the tiles and titles; what they ask of hyphenation; how far the page
# scrolls sideways.
OVERFLOWING_LINES = """() => {
  const beyond = [], words = [], hyphens = new Set();
  for (const box of document.querySelectorAll(".md-typeset .warmup-tile, article h1")) {
    const edge = (box.matches(".warmup-tile") ? box : box.closest("article")).getBoundingClientRect();
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim() || node.parentElement.closest("style, script")) continue;
      words.push(...node.textContent.split(/\\s+/));
      hyphens.add(getComputedStyle(node.parentElement).hyphens);
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects())
        if (line.width > 1 && (line.left < edge.left - 0.5 || line.right > edge.right + 0.5))
          beyond.push(`"${node.textContent.trim().slice(0, 40)}" ${Math.round(line.left)}-${Math.round(line.right)} `
                      + `beyond ${Math.round(edge.left)}-${Math.round(edge.right)}`);
    }
  }
  return {beyond, longest: words.reduce((a, b) => b.length > a.length ? b : a, ""), hyphens: [...hyphens],
          sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


@pytest.mark.parametrize("built_club", sorted(LONG_WORDS), indirect=True)
def test_long_words_stay_inside_their_tiles_at_320_px(built_club, chromium):
    """Every page at the narrowest phone: no line of a tile (a routine's exercise, the home page's routine) or
    of a page's title crosses its edge, and the page never scrolls sideways. A word too long for its line
    is broken where the language hyphenates it (the phone's own rules, where it has them)."""
    from browser import built_pages

    language, project = built_club
    url, server = serve(project.site_dir)
    context = chromium.new_context(**SMALL_PHONE)
    measured = {}
    try:
        page = context.new_page()
        for path in built_pages(project.site_dir):
            page.goto(url + path)
            measured[path] = page.evaluate(OVERFLOWING_LINES)
    finally:
        context.close()
        server.shutdown()
    assert max((m["longest"] for m in measured.values()), key=len) == LONG_WORDS[language], "the long word was measured"
    assert {path: m["beyond"] for path, m in measured.items() if m["beyond"]} == {}
    assert {path: m["sideways"] for path, m in measured.items() if m["sideways"] > 0} == {}
    assert {hyphens for m in measured.values() for hyphens in m["hyphens"]} == {"auto"}


def test_the_follow_along_speaks_and_shows_the_club_language(built_club, chromium):
    language, project = built_club
    url, server = serve(project.site_dir)
    context = chromium.new_context(**SMALL_PHONE)
    try:
        page = context.new_page()
        page.add_init_script(RECORDER)
        page.goto(url + "routines/" + next(project.site_dir.glob("routines/*/")).name + "/")
        page.locator(".fa-start").click()
        dialog = page.locator("dialog.fa")
        shown = [dialog.inner_text()]
        dialog.locator(".fa__bar [data-act=settings]").click()
        shown.append(dialog.inner_text())
        dialog.locator(".fa__settings [data-act=settings]").click()
        steps = int(dialog.get_attribute("data-step"))
        while dialog.get_attribute("data-state") != "finished":
            dialog.locator('.fa__nav [data-act="next"]').click()
            shown.append(dialog.inner_text())
            steps += 1
        dialog.locator('.fa__nav [data-act="close"]').last.click()
        shown.append(page.locator(".fa-habit").inner_text())
        speech = page.evaluate("window.__speech")
        # The browser's plural rules agree with the build's (CLDR, through Babel).
        browser_forms = page.evaluate(f"[1, 2, 5, 22].map(n => new Intl.PluralRules({language!r}).select(n))")
    finally:
        context.close()
        server.shutdown()
    catalog = load_catalog(REPO / "templates", language)
    assert browser_forms == [catalog.plural_category(count) for count in COUNTS]
    assert not _english_left(normalise(" ".join(shown)), language), shown
    assert speech and {lang for _, lang in speech} == {language}
    assert catalog.plural("exercises", steps - 1) in normalise(shown[-2])


# Speech recorded; the timer waits for Next, and an exercise without its own time lasts 20 seconds.
CUE_RECORDER = """
window.__speech = [];
speechSynthesis.speak = utterance => { window.__speech.push([utterance.text, utterance.lang]); };
navigator.vibrate = () => true;
localStorage.setItem("warmup-follow-along", JSON.stringify({time: 20, gap: 0, speak: false}));
"""


def test_every_cue_is_shown_and_spoken_in_the_club_language(built_club, chromium):
    """On Playwright's clock, through every exercise: Go, Switch sides on the fixture's exercise done on each
    side (its timer naming the side), Rest, and Done after the last; then the finish screen of a session that
    counts. Get ready and the finish screen of one too short to count are in the test above."""
    language, project = built_club
    words = load_catalog(REPO / "templates", language).group("follow.")
    url, server = serve(project.site_dir)
    context = chromium.new_context(**SMALL_PHONE)
    expected, bands, sides = [], [], []
    try:
        page = context.new_page()
        page.add_init_script(CUE_RECORDER)
        page.clock.install()
        page.goto(url + "routines/" + next(project.site_dir.glob("routines/*/")).name + "/")
        marks = page.locator("[data-follow-along-step]")
        page.locator(".fa-start").click()
        dialog = page.locator("dialog.fa")
        for step in range(marks.count()):
            if step:
                dialog.locator('.fa__nav [data-act="next"]').click()
            sided = marks.nth(step).get_attribute("data-sides") == "each"
            last = step == marks.count() - 1
            expected += ["cue_go"] + (["cue_switch"] if sided else []) + ["cue_done" if last else "cue_rest"]
            half = int(marks.nth(step).get_attribute("data-duration-seconds") or 20) * 500
            bands.append(dialog.locator(".fa__cue").inner_text())
            sides.append(dialog.locator(".fa__label").inner_text())
            page.clock.run_for(half + 400)  # past half its time
            if sided:
                bands.append(dialog.locator(".fa__cue").inner_text())
                sides.append(dialog.locator(".fa__label").inner_text())
            page.clock.run_for(half + 400)  # past its time
            bands.append(dialog.locator(".fa__cue").inner_text())
        dialog.locator('.fa__nav [data-act="next"]').click()
        finish = dialog.inner_text()
        speech = page.evaluate("window.__speech")
    finally:
        context.close()
        server.shutdown()
    assert "cue_switch" in expected, "the fixture club has an exercise done on each side"
    assert bands == [words[cue] for cue in expected]
    assert [label.split(", ")[-1] for label in sides if ", " in label] == [words["left_side"], words["right_side"]]
    assert speech == [[words[cue], language] for cue in expected]
    assert normalise(words["not_counted"]["other"].split("{time}")[0]) not in normalise(finish), "it counts"
    assert not _english_left(normalise(" ".join(bands + sides + [finish])), language), (bands, sides, finish)


def test_a_language_without_a_catalog_stops_check_with_one_line(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False, club="wiesental")
    club = project.content_dir / "club.yaml"
    club.write_text(club.read_text("utf-8").replace("language: de", "language: xx"), "utf-8")
    result = warmup_in_process(project, "check")
    assert result.returncode != 0
    assert error_lines(result.stderr) == [
        f"error: content/club.yaml:5:1: language: 'xx' has no catalog of the words the site adds; the languages "
        f"there are: {', '.join(LANGUAGES)} (or add templates/languages/xx.yaml, see guide/languages.md)"]


def test_a_catalog_missing_a_key_stops_the_build_with_one_line(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False, club="pol")
    catalog = project.templates_dir / "languages" / "pl.yaml"
    catalog.write_text(re.sub(r"(?m)^follow\.pause: .*\n", "", catalog.read_text("utf-8")), "utf-8")
    result = run_warmup(project, "build", check=False)
    assert result.returncode != 0 and not project.site_dir.exists()
    assert error_lines(result.stderr) == [
        "error: templates/languages/pl.yaml: the key 'follow.pause' is missing; copy it from "
        "templates/languages/en.yaml and translate it; nothing was published, site/ is unchanged."]


def test_a_letter_the_card_font_cannot_draw_is_found_at_check_time(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False, club="wiesental")
    exercise = project.content_dir / "exercises" / "armkreisen.yaml"
    exercise.write_text(exercise.read_text("utf-8").replace("kreisen.\n", "kreisen.\n  Wie ein 風車.\n"), "utf-8")
    text = exercise.read_text("utf-8")
    result = warmup_in_process(project, "check")
    assert result.returncode != 0
    line = text.splitlines().index("  Wie ein 風車.") + 1
    assert error_lines(result.stderr) == [
        f"error: content/exercises/armkreisen.yaml:{line}: how_to: '{ch}' (U+{ord(ch):04X}, cjk unified ideograph-"
        f"{ord(ch):04x}) is not in the cards' fonts (Atkinson Hyperlegible, DejaVu Sans), so the printed card cannot show it; write "
        "it with other letters or leave it out" for ch in "風車"]


def test_search_works_offline_in_the_club_language(built_club):
    """The service worker keeps the search's language pack (lunr has German, Spanish, French and Dutch, not
    Polish: Polish is searched as the theme's fallback does, with nothing more to keep)."""
    language, project = built_club
    worker = (project.site_dir / "sw.js").read_text("utf-8")
    kept = set(re.findall(r"assets/javascripts/lunr/min/[\w.]+\.js", worker))
    packs = {"de": {"lunr.de.min.js", "lunr.stemmer.support.min.js"}, "es": {"lunr.es.min.js", "lunr.stemmer.support.min.js"},
             "fr": {"lunr.fr.min.js", "lunr.stemmer.support.min.js"}, "nl": {"lunr.nl.min.js", "lunr.stemmer.support.min.js"},
             "pl": set()}
    assert kept == {f"assets/javascripts/lunr/min/{pack}" for pack in packs[language]}


@pytest.mark.parametrize("built_club", sorted(OTHER_ENGINES), indirect=True)
def test_every_engine_speaks_the_club_language(built_club, rebuilt):
    """Zensical, too, is handed the language for its pages' lang and its own words, and the 404 page's words; and
    ProperDocs."""
    language, _ = built_club
    catalog = load_catalog(REPO / "templates", language)
    assert list(rebuilt) == list(OTHER_ENGINES[language])
    for project in rebuilt.values():
        pages = sorted(project.site_dir.rglob("*.html"))
        assert {re.search(r"<html\b[^>]*\blang=\"([^\"]+)\"", p.read_text("utf-8"))[1] for p in pages} == {language}
        assert normalise(catalog.word("not_found.title")) in page_text(project.site_dir / "404.html")
        assert normalise(catalog.word("nav.whole_routine")) in page_text(project.site_dir / "index.html")


# Last of the module: its build is the last one made in the background.
def test_a_new_clubs_starter_in_another_language_builds_with_no_english_word(german_starter):
    """`warmup new-club NAME --language de`: club.yaml says the language, and the starter's example texts and
    mkdocs.yml's name and description are German too, so the site built before the coach writes a word is."""
    project = german_starter
    assert yaml.safe_load((project.content_dir / "club.yaml").read_text("utf-8"))["language"] == "de"
    assert len(list(project.site_dir.glob("cards/*.pdf"))) == 6
    assert not _english_on_site(project.site_dir, "de")
