"""Every built page on a phone, in Debian's Chromium: fits, reads, taps, passes axe-core, stays on its host.

The site is served from 127.0.0.1 under the path of site_url (as a static host serves it),
so the 404 page's absolute links resolve too. Each page is visited once per viewport and
colour scheme; the tests then check one property each across all of those visits.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect

from browser import (MIN_TARGET_PX, MIN_TEXT_PX, InFlight, QuietHandler, axe_findings, built_pages, new_phone,
                     once_per_fingerprint, once_per_site, serve, start_axe, wait_until_answered)
from conftest import PRINTED_KINDS, REPO, SMALL_CLUB, club_content, copy_project, run_warmup, search_entries
from warmup.content.library import load_library
from warmup.finish.search_on_demand import STAND_IN
from warmup.finish.steps import FinishSettings, finish_site

from page_weight import Transfers, budget_kib, weigh  # the benchmark's own count, so both say the same
from static_host import serve_static, site_url_setting  # gzip, under site_url's path, as static hosts serve

NARROWEST, PHONE, WIDEST = 320, 360, 430
OVERLAP_WIDTHS = (NARROWEST, PHONE)  # where long names wrap

# In the page: how far it scrolls sideways, which visible text is under 16px, which
# visible control is under 44×44px, and the heading levels in document order.
MEASURE = """([minText, minTarget]) => {
  const visible = el => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const describe = (el, extra) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} `
    + `"${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40)}" ${extra}`;
  const small_text = [], small_targets = [];
  // The page and any open shadow root in it (Zensical draws its search in one).
  const roots = [document.body, ...[...document.querySelectorAll("*")].filter(el => el.shadowRoot).map(el => el.shadowRoot)];
  const seen = new Set();
  for (const root of roots) {
   const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
   while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    const box = el.getBoundingClientRect();
    // Text clipped to 1px is for screen readers only (the header's "Navigation", "Search").
    if (!visible(el) || box.width <= 1 || box.height <= 1) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minText) small_text.push(describe(el, `${size}px`));
   }
  }
  const controls = "a[href], button, input:not([type=hidden]), select, textarea, label[for], [tabindex]:not([tabindex='-1'])";
  for (const el of roots.flatMap(root => [...root.querySelectorAll(controls)])) {
    const box = el.getBoundingClientRect();
    if (!visible(el) || box.width === 0 || box.height === 0) continue;
    if (box.width < minTarget - 0.5 || box.height < minTarget - 0.5)
      small_targets.push(describe(el, `${Math.round(box.width)}x${Math.round(box.height)}`));
  }
  return {
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    small_text, small_targets,
    headings: [...document.querySelectorAll(["h1", "h2", "h3", "h4", "h5", "h6"].map(h => "article.md-content__inner " + h).join())]
      .map(h => Number(h.tagName[1])),
    lang: document.documentElement.lang,
    scheme: document.body.getAttribute("data-md-color-scheme"),
  };
}"""


# In the page: whether the theme's scripts have started. Material's and Zensical's bundles both
# start from their document$ stream, which emits once the page's DOMContentLoaded has reached
# them; it replays its last value, so a subscriber learns at once whether it has emitted.
THEME_STARTED = """() => {
  if (!window.document$) return false;
  let started = false;
  window.document$.subscribe(() => { started = true; }).unsubscribe();
  return started;
}"""


# In the page once it has settled (settle()): how far its layout shifted while loading, what
# it fetched before its text was first painted (anything but its stylesheets and the
# pictures in its text counts), whether the theme's scripts started, and the colour scheme
# of the first paint.
LOADING = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  let layout_shift = 0;
  const shifted = [];  // what moved, to say in a failure
  const describe = node => node && node.nodeType === 1
    ? node.tagName.toLowerCase() + (node.id ? "#" + node.id : "") + (node.className && node.className.baseVal === undefined
      ? "." + String(node.className).trim().split(" ").filter(Boolean).join(".") : "") : String(node && node.nodeName);
  const rect = r => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
  const shifts = new PerformanceObserver(() => {});
  shifts.observe({type: "layout-shift", buffered: true});
  shifts.takeRecords().forEach(entry => {  // every shift so far, buffered since the page began
    layout_shift += entry.value;
    (entry.sources || []).forEach(source => shifted.push(
      `${describe(source.node)} at ${Math.round(entry.startTime)} ms: ${rect(source.previousRect)} -> ${rect(source.currentRect)}`));
  });
  shifts.disconnect();
  return {
    layout_shift,
    shifted,
    painted: Boolean(paint),
    before_paint: performance.getEntriesByType("resource")
      .filter(entry => !paint || entry.startTime < paint.startTime)
      .filter(entry => entry.initiatorType !== "img")
      .map(entry => new URL(entry.name).pathname)
      .filter(path => !path.endsWith(".css")),
    theme_started: (""" + THEME_STARTED + """)(),
    scheme_at_first_paint: window.warmupSchemeAtFirstPaint,
  };
}"""


# In the page: every two pieces of it that overlap, as the phone shows them. A piece is one
# line of one text (its box as the text is laid out, not its element's, whose padding may be
# empty), a picture, or a number badge; only the page's header, text and footer count (the
# closed menu's panels lie on one another by design), and never a piece with what holds it.
OVERLAPS = """() => {
  const visible = el => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const name = el => el.tagName.toLowerCase() + (typeof el.className === "string" && el.className.trim()
    ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const shown = box => box.width > 1 && box.height > 1;  // not text clipped for screen readers only
  const regions = [...document.querySelectorAll(".md-header, .md-content, .md-footer")];
  const pieces = [];
  for (const region of regions) {
    const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, el = node.parentElement;
      if (!node.textContent.trim() || !visible(el) || !shown(el.getBoundingClientRect())) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const box of range.getClientRects())
        if (shown(box)) pieces.push({node, box, label: `${name(el)} "${node.textContent.trim().slice(0, 40)}"`});
    }
    for (const el of region.querySelectorAll("img, svg, .warmup-number")) {
      const box = el.getBoundingClientRect();
      if (visible(el) && shown(box) && !el.parentElement.closest("svg")) pieces.push({node: el, box, label: name(el)});
    }
  }
  const overlaps = [];
  pieces.forEach((a, i) => pieces.slice(i + 1).forEach(b => {
    if (a.node.contains(b.node) || b.node.contains(a.node)) return;
    const across = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
    const down = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
    if (across > 0.5 && down > 0.5) overlaps.push(`${a.label} and ${b.label} overlap by ${Math.round(across)}x${Math.round(down)}px`);
  }));
  return {overlaps, notes: pieces.filter(piece => piece.node.parentElement.closest(".warmup-note")).length};
}"""


@dataclass
class Visit:
    """What one page showed in one viewport and colour scheme."""

    path: str
    width: int
    scheme: str
    measures: dict
    loading: dict
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    overlaps: dict = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.path or '/'} at {self.width}px {self.scheme}"


class Watcher:
    """Records every request that leaves 127.0.0.1 and every console error of a page."""

    def __init__(self, page):
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", self._request)
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _request(self, request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            self.foreign_requests.append(request.url)


@pytest.fixture(scope="module")
def hosted(built):
    """The built site served from 127.0.0.1 under site_url's path (e.g. /warmups/); yields its address."""
    prefix = urlsplit(site_url_setting(built.root)).path.strip("/")
    with tempfile.TemporaryDirectory() as root:
        mount = Path(root, prefix) if prefix else Path(root, "site")
        mount.parent.mkdir(parents=True, exist_ok=True)
        mount.symlink_to(built.site_dir, target_is_directory=True)
        url, server = serve(Path(root))
        yield url + str(mount.relative_to(root)) + "/"
        server.shutdown()


def settle(page, in_flight: InFlight) -> None:
    """Wait until the page has loaded, the theme's scripts (brought in after the first paint) have
    started, and every request it made is answered: what a visitor then sees stays as it is."""
    page.wait_for_load_state("load")
    try:
        page.wait_for_function(THEME_STARTED, timeout=10_000)
    except PlaywrightTimeout:
        pass  # a test says so (LOADING's theme_started), with the rest of what the page shows
    wait_until_answered(page, in_flight)


def open_settled(page, url: str) -> None:
    """Go to ``url`` and wait until the page has settled (settle())."""
    in_flight = InFlight(page)
    page.goto(url)
    settle(page, in_flight)
    in_flight.stop()


class Phone:
    """One viewport and colour scheme: a phone (its own browser context) that visits pages one after another
    in one tab, as a visitor does, and records what each showed."""

    def __init__(self, chromium, width: int, scheme: str, with_axe: bool):
        self.width, self.scheme, self.with_axe = width, scheme, with_axe
        # As a visitor's phone: its service worker stores the site meanwhile, and must ask nothing of other hosts.
        self.context, self.page = new_phone(chromium, width, scheme, offline_copy=True)
        self.watcher = Watcher(self.page)
        self.in_flight = InFlight(self.page)

    def start(self, url: str) -> None:
        """Start loading ``url``; measure() waits for it, so that the page loads while other phones measure theirs."""
        self.watcher.foreign_requests.clear()
        self.watcher.console_errors.clear()
        self.page.goto(url, wait_until="commit")

    def measure(self, path: str) -> Visit:
        """What the page started at ``path`` shows once it has settled; on a phone with axe-core, axe
        starts checking it (checked() reads what it found), while the other phones measure theirs."""
        settle(self.page, self.in_flight)
        visit = Visit(path, self.width, self.scheme, self.page.evaluate(MEASURE, [MIN_TEXT_PX, MIN_TARGET_PX]),
                      self.page.evaluate(LOADING))
        if self.width in OVERLAP_WIDTHS:
            visit.overlaps = self.page.evaluate(OVERLAPS)
        if self.with_axe:
            start_axe(self.page)
        return visit

    def checked(self, visit: Visit) -> Visit:
        """``visit`` with what axe-core found, and what the page asked of other hosts and said on its console."""
        if self.with_axe:
            visit.axe = axe_findings(self.page)
        visit.foreign_requests = list(self.watcher.foreign_requests)
        visit.console_errors = list(self.watcher.console_errors)
        return visit


@pytest.fixture(scope="module")
def visits(built, hosted, chromium) -> list[Visit]:
    """Every built page at 320px in dark and 360px in light, both with axe-core, and at 430px in light.

    A page's layout is the same in either scheme (they differ in colours only), and the same at 320 and 360px:
    the theme's first breakpoint is 30em (480px), below which the same parts show in the same order. So axe-core
    checks each scheme once, at one of the two widths where long names wrap; a fourth phone (360px in dark) would
    only load every page again. The three phones visit every page in turn, all three at once: each starts
    loading its next page as soon as it has recorded one, and axe-core checks a page while the others are measured.
    A build that is byte for byte the same site as one already visited (pages_fingerprint()) gets that
    one's visits.
    """
    return visit_every_page(built, hosted, chromium)


@once_per_fingerprint
def visit_every_page(built, hosted, chromium) -> list[Visit]:
    phones = [Phone(chromium, width, scheme, with_axe) for width, scheme, with_axe in (
        (NARROWEST, "dark", True), (PHONE, "light", True), (WIDEST, "light", False))]
    paths = built_pages(built.site_dir)
    recorded = []
    try:
        for phone in phones:
            phone.start(hosted + paths[0])
        for path, following in zip(paths, [*paths[1:], None]):
            for phone, visit in [(phone, phone.measure(path)) for phone in phones]:
                recorded.append(phone.checked(visit))
                if following is not None:
                    phone.start(hosted + following)
    finally:
        for phone in phones:
            phone.context.close()
    return recorded


def failures(visits: list[Visit], problems) -> str:
    found = [f"{visit.where}: {problem}" for visit in visits for problem in problems(visit)]
    return "\n".join(found)


def parents_page(library) -> str:
    """The parents' page's path under the site's root."""
    return library.parents_page.address + "/"


def test_every_built_page_is_visited(built, visits, library):
    paths = {visit.path for visit in visits}
    routines = {f"routines/{routine.slug}/" for routine in library.routines}
    exercises = {f"exercises/{exercise.slug}/" for exercise in library.exercises}
    assert {"", parents_page(library), "print/", "404.html", *routines, *exercises} <= paths
    assert len(paths) == len(list(built.site_dir.rglob("*.html"))), "an HTML page was not visited"


def test_no_page_scrolls_sideways_from_320_to_430_px(visits):
    assert {visit.width for visit in visits} == {NARROWEST, PHONE, WIDEST}
    assert not failures(visits, lambda v: [f"{v.measures['overflow']}px too wide"] if v.measures["overflow"] > 0 else [])


def test_no_text_picture_or_number_overlaps_another_at_320_and_360_px(visits, library):
    # Long names wrap here: an exercise's name of two lines beside its number, above its note.
    checked = [visit for visit in visits if visit.width in OVERLAP_WIDTHS]
    assert {visit.width for visit in checked} == set(OVERLAP_WIDTHS)
    noted = {f"routines/{routine.slug}/" for routine in library.routines
             if any(exercise.details.name_note for exercise in routine.exercises)}
    assert noted and all(visit.overlaps["notes"] for visit in checked if visit.path in noted), \
        "the exercises' notes were not measured"
    assert not failures(checked, lambda v: v.overlaps["overlaps"])


def test_all_visible_text_is_at_least_16_px(visits):
    assert not failures(visits, lambda v: v.measures["small_text"])


def test_every_tap_target_is_at_least_44_by_44_px(visits):
    assert not failures(visits, lambda v: v.measures["small_targets"])


def test_axe_core_finds_no_wcag_a_or_aa_violation_in_light_or_dark(visits):
    checked = [visit for visit in visits if visit.width in OVERLAP_WIDTHS]
    assert {visit.scheme for visit in checked} == {"light", "dark"}
    assert len(checked) == 2 * len({visit.path for visit in visits}), "a page was not checked in each scheme"
    assert not failures(checked, lambda v: v.axe)


def test_no_request_leaves_the_site_and_the_console_stays_clean(visits):
    assert not failures(visits, lambda v: [f"request to {url}" for url in v.foreign_requests])
    assert not failures(visits, lambda v: [f"console error: {error}" for error in v.console_errors])


def test_pages_fetch_only_their_styles_before_the_text_is_painted_then_start_their_scripts(visits):
    # On a weak signal the text shows once the page and its styles are in; the theme's bundle,
    # our script and the manifest come after (overrides/partials/after-first-paint.html).
    assert not failures(visits, lambda v: [] if v.loading["painted"] else ["no first contentful paint"])
    assert not failures(visits, lambda v: [f"fetched before the first paint: {path}" for path in v.loading["before_paint"]])
    assert not failures(visits, lambda v: [] if v.loading["theme_started"] else ["the theme's scripts did not start"])
    # What the scripts add (the Start button, search) has its place kept from the first paint.
    assert not failures(visits, lambda v: [f"layout shifted by {v.loading['layout_shift']:.3f}: "
                                           + "; ".join(v.loading["shifted"])] if v.loading["layout_shift"] > 0 else [])


class _FooterLateHandler(QuietHandler):
    """Sends each page up to its footer's last link, then, a moment later, the rest: as a weak
    signal or a busy phone may leave the browser's parser inside the footer at the first paint."""

    def do_GET(self):
        page = Path(self.directory, self.path.lstrip("/"), "index.html")
        if not self.path.endswith("/") or not page.is_file():
            return super().do_GET()
        body = page.read_bytes()
        footer = body.index(b"<footer")
        pause_at = body.rfind(b"<a ", footer, body.index(b"</footer>"))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:pause_at])
        self.wfile.flush()
        time.sleep(0.3)
        self.wfile.write(body[pause_at:])


@once_per_site
def test_a_footer_that_arrives_late_is_painted_whole_without_moving_the_page(built, chromium):
    """The first paint waits for the footer (overrides/main.html): painted while the "Next" link
    was on its way, the footer grew by a line when it came and pushed the other link down.
    Every page has the same footer: one page of each kind (its first folder) with both links."""
    two_links = {}
    for path in built_pages(built.site_dir):
        if path.endswith("/") and all(link in (built.site_dir / path / "index.html").read_text("utf-8")
                                      for link in ("md-footer__link--prev", "md-footer__link--next")):
            two_links.setdefault(path.split("/")[0], path)
    url, server = serve(built.site_dir, handler_class=_FooterLateHandler)
    context, page = new_phone(chromium, WIDEST, "light")
    try:
        shifted = []
        for path in two_links.values():  # one after another: each page's timing is what is tested
            open_settled(page, url + path)
            loading = page.evaluate(LOADING)
            if loading["layout_shift"] > 0:
                shifted.append(f"/{path}: " + "; ".join(loading["shifted"]))
    finally:
        context.close()
        server.shutdown()
    assert len(two_links) >= 2 and not shifted, "\n".join(shifted)


def test_every_page_carries_its_favicon_inside(built):
    # The browser then asks for no picture while the text is on its way; the drawn file
    # stays in the site for engines without the warmup plugin.
    drawn = (built.site_dir / "icons" / "favicon.png").read_bytes()
    assert struct.unpack(">II", drawn[16:24]) == (32, 32)
    for html in built.site_dir.rglob("*.html"):
        icon = re.search(r'<link rel="icon" href="data:image/png;base64,([^"]+)"', html.read_text("utf-8"))
        assert icon and base64.b64decode(icon.group(1)) == drawn, html.relative_to(built.site_dir)


def test_built_html_names_no_other_host_for_anything_it_loads(built):
    # Links to other sites may exist in text; anything fetched to show the page may not.
    from html.parser import HTMLParser

    class Loads(HTMLParser):
        def __init__(self):
            super().__init__()
            self.urls = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag in ("script", "img", "iframe", "source", "video", "audio") and attrs.get("src"):
                self.urls.append(attrs["src"])
            if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "prev", "next"):
                self.urls.append(attrs["href"])

    foreign = []
    for html in built.site_dir.rglob("*.html"):
        parser = Loads()
        parser.feed(html.read_text("utf-8"))
        foreign += [f"{html.relative_to(built.site_dir)}: {url}" for url in parser.urls
                    if urlsplit(url).scheme not in ("", "data") or url.startswith("//")]
    assert not foreign, "\n".join(foreign)


def test_pages_set_their_language_and_keep_headings_in_order(visits):
    def problems(visit):
        levels = visit.measures["headings"]
        found = [] if visit.measures["lang"] == "en" else [f"lang is {visit.measures['lang']!r}"]
        if levels[:1] != [1] or levels.count(1) != 1:
            found.append(f"headings start {levels[:3]}, want one h1 first")
        found += [f"h{a} followed by h{b}" for a, b in zip(levels, levels[1:]) if b > a + 1]
        return found

    assert not failures(visits, problems)


def test_dark_mode_follows_the_phone_setting_from_the_first_paint(visits):
    schemes = {(visit.scheme, visit.loading["scheme_at_first_paint"], visit.measures["scheme"]) for visit in visits}
    assert schemes == {("light", "default", "default"), ("dark", "slate", "slate")}


@once_per_site
def test_a_phone_that_turns_dark_gets_the_dark_site_on_its_next_page(hosted, chromium, library):
    context, page = new_phone(chromium, PHONE, "light")
    open_settled(page, hosted)  # Material's scripts ran and saved the light palette
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.emulate_media(color_scheme="dark")
    open_settled(page, hosted + parents_page(library))
    assert page.evaluate("[window.warmupSchemeAtFirstPaint, document.body.dataset.mdColorScheme]") == ["slate", "slate"]
    context.close()


# Material's and Zensical's own search worker, as each theme ships it.
THEME_SEARCH_WORKER = re.compile(r"/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")


def type_into_search(page, words: str) -> None:
    """Open the theme's search box (Material's, or Zensical's in a shadow root) and type; both search on key presses."""
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input[aria-label='Search']:visible").press_sequentially(words)


def search_for(page, words: str):
    """The results of a search typed into the theme's search box."""
    type_into_search(page, words)
    results = page.locator(".md-search-result__item, [role=option]")
    results.first.wait_for()
    return results


def first_word(exercise) -> str:
    """What a visitor types to find ``exercise``: the first word of its name."""
    return exercise.details.name.split()[0].lower()


@once_per_site
def test_search_dialog_and_menu_pass_axe_core(hosted, chromium, library):
    routine = library.routines[0]
    # Light and dark side by side: axe-core checks one phone's page while the other is brought to the same state.
    phones = {scheme: new_phone(chromium, PHONE, scheme)[1] for scheme in ("light", "dark")}
    watchers = {scheme: Watcher(page) for scheme, page in phones.items()}
    try:
        for scheme, page in phones.items():
            open_settled(page, hosted + f"routines/{routine.slug}/")
            assert search_for(page, first_word(routine.exercises[0])).count() > 0
            # The dialog slides in; once it has, nothing sticks out sideways.
            page.wait_for_function("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth",
                                   timeout=5000)
            measures = page.evaluate(MEASURE, [MIN_TEXT_PX, MIN_TARGET_PX])
            assert measures["small_text"] == measures["small_targets"] == [], f"search open, {scheme}: {measures}"
            start_axe(page)
        for scheme, page in phones.items():
            assert axe_findings(page) == [], f"search open, {scheme}"
            page.keyboard.press("Escape")  # closes the search, on either engine
            page.locator("label.md-header__button[for='__drawer']").click()
            # The drawer slides in from the left; axe and the measures look at it once it is in place.
            page.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
            measures = page.evaluate(MEASURE, [MIN_TEXT_PX, MIN_TARGET_PX])
            assert measures["small_text"] == measures["small_targets"] == [], f"menu open, {scheme}: {measures}"
            start_axe(page)
        for scheme, page in phones.items():
            assert axe_findings(page) == [], f"menu open, {scheme}"
            assert watchers[scheme].foreign_requests == [] and watchers[scheme].console_errors == []
    finally:
        for page in phones.values():
            page.context.close()


@once_per_site
def test_search_brings_in_the_themes_worker_with_the_first_words_and_works_offline(hosted, chromium, library):
    routine = library.routines[0]
    sought, other = routine.exercises[0], library.exercises[-1]
    context, page = new_phone(chromium, PHONE, "light", offline_copy=True)
    watcher = Watcher(page)
    fetched = []  # by the page and its search worker; the service worker's own copies are not the page's
    context.on("requestfinished", lambda request: request.service_worker is None and fetched.append(request.url))
    open_settled(page, hosted + f"routines/{routine.slug}/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # the whole site stored for offline use
    assert not any(THEME_SEARCH_WORKER.search(url) for url in fetched), "fetched before anyone searched"
    # The theme answers each key press: the first letter's results may show before the word's.
    expect(search_for(page, first_word(sought)).first).to_contain_text(sought.details.name)
    assert any(THEME_SEARCH_WORKER.search(url) for url in fetched), "the search answered without the theme's worker"

    context.set_offline(True)
    offline = context.new_page()
    offline.goto(hosted + parents_page(library), wait_until="load")
    expect(search_for(offline, first_word(other)).filter(has_text=other.details.name)).not_to_have_count(0)
    assert watcher.console_errors == []
    context.close()


# The search worker's messages, as Material for MkDocs numbers them (its SearchMessageType) and
# Zensical kept them: the page sets its worker up with the index, the worker says it is ready,
# the page sends queries, the worker answers each with results.
SETUP, READY, QUERY, RESULT = 0, 1, 2, 3

# Run in every page before its own scripts: notes each worker the page starts (its address),
# every message the page sends it and every message it answers.
RECORD_WORKERS = """(() => {
  const ThemeWorker = window.Worker;
  window.warmupWorkers = [];
  window.warmupStartWorker = url => new ThemeWorker(url);  // a worker nothing records
  window.Worker = class extends ThemeWorker {
    constructor(url, options) {
      super(url, options);
      const record = {url: new URL(url, location.href).href, sent: [], received: []};
      window.warmupWorkers.push(record);
      this.addEventListener("message", event => record.received.push(event.data));
      const post = this.postMessage.bind(this);
      this.postMessage = (message, transfer) => { record.sent.push(message); post(message, transfer); };
    }
  };
})();"""

# In the page: the theme's own worker, started afresh, given the page's setup message and then
# its query; the message it answers each with (null if it said nothing within 10 s).
ASK_THE_THEMES_WORKER = """async ([url, setup, query, ready]) => {
  const worker = window.warmupStartWorker(url);
  const answer = message => new Promise(resolve => {
    const timer = setTimeout(() => resolve(null), 10000);
    worker.addEventListener("message", event => { clearTimeout(timer); resolve(event.data); }, {once: true});
    worker.postMessage(message);
  });
  const answers = [await answer(setup)];
  answers.push(answers[0] && answers[0].type === ready ? await answer(query) : null);
  worker.terminate();
  return answers.map(message => message && {type: message.type, data: Boolean(message.data)});
}"""


class _Settings(HTMLParser):
    """The text of every element with the id the theme's script reads its settings from (#__config)."""

    def __init__(self):
        super().__init__()
        self.blocks: list[tuple[dict, str]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if dict(attrs).get("id") == "__config":
            self.blocks.append((dict(attrs, tag=tag), ""))
            self._open = True

    def handle_data(self, data):
        if self._open:
            self.blocks[-1] = (self.blocks[-1][0], self.blocks[-1][1] + data)

    def handle_endtag(self, tag):
        self._open = False


def test_every_page_names_the_stand_in_as_its_search_worker_in_the_themes_settings_block(built):
    # search_on_demand.py finds the theme's worker in this block and puts the stand-in in its place:
    # a theme that moves it, or stops reading it, would start its own worker on every page again.
    for html in built.site_dir.rglob("*.html"):
        page = html.relative_to(built.site_dir)
        parser = _Settings()
        parser.feed(html.read_text("utf-8"))
        assert len(parser.blocks) == 1, f"{page}: {len(parser.blocks)} settings blocks (#__config), not the theme's one"
        attrs, text = parser.blocks[0]
        assert (attrs["tag"], attrs.get("type")) == ("script", "application/json"), \
            f"{page}: the theme's settings block is no longer a JSON script: {attrs}"
        worker = json.loads(text).get("search")
        assert isinstance(worker, str) and worker.endswith(STAND_IN), \
            f"{page}: the settings block's \"search\" is {worker!r}, not the stand-in ({STAND_IN}): " \
            "search_on_demand.py no longer finds the theme's worker there"


@once_per_site
def test_the_themes_search_speaks_the_messages_the_stand_in_relies_on(built, hosted, chromium):
    """What search_on_demand.js assumes of the theme, each failing with what changed: the page starts
    the worker its settings name and sets it up with the index; it searches once the stand-in says
    ready, with the words typed; the theme's worker says ready to the setup and answers queries."""
    entries = search_entries(built.site_dir)
    words = max((word for entry in entries for word in re.findall(r"[a-z]+", entry["title"].lower())), key=len)
    context, page = new_phone(chromium, PHONE, "light")
    context.add_init_script(RECORD_WORKERS)
    open_settled(page, hosted)
    type_into_search(page, words)
    try:  # the assertions below say what went wrong if no results come
        page.wait_for_function(f"warmupWorkers.some(worker => worker.received.some(each => each.type === {RESULT}))",
                               timeout=10000)
    except PlaywrightTimeout:
        pass
    settings = page.evaluate("JSON.parse(document.getElementById('__config').textContent)")
    workers = page.evaluate("window.warmupWorkers")
    assert [worker["url"] for worker in workers] == [urljoin(page.url, settings["search"])], \
        "the theme did not start its search worker from the settings block's \"search\""

    sent, received = workers[0]["sent"], workers[0]["received"]
    assert sent and sent[0]["type"] == SETUP, f"the page's first message to its search worker was {sent[:1]}, not setup"
    index = sent[0]["data"]
    assert len(index.get("items", index.get("docs", []))) == len(entries), \
        "the setup message does not carry the search index (Zensical: its items, Material: its docs)"
    assert received[:1] == [{"type": READY}], f"the stand-in's first answer was {received[:1]}, not ready"
    queries = [message for message in sent if message["type"] == QUERY]
    typed = [query["data"] if isinstance(query["data"], str) else query["data"].get("input") for query in queries]
    assert words in typed, f"no query carried the words typed ({words!r}) as Material's data or Zensical's " \
                           f"data.input: {[query['data'] for query in queries]}"

    scripts = [path.relative_to(built.site_dir).as_posix() for path in built.site_dir.rglob("*.js")]
    theme_workers = [script for script in scripts if THEME_SEARCH_WORKER.search("/" + script)]
    assert len(theme_workers) == 1, f"the theme's search worker is not where the stand-in looks for it: {theme_workers}"
    answers = page.evaluate(ASK_THE_THEMES_WORKER, [hosted + theme_workers[0], sent[0], queries[typed.index(words)],
                                                    READY])
    assert answers[0] and answers[0]["type"] == READY, \
        f"the theme's worker answered the setup with {answers[0]}, not {{type: {READY}}}: the stand-in holds that back"
    assert answers[1] == {"type": RESULT, "data": True}, \
        f"the theme's worker answered the query with {answers[1]}, not {{type: {RESULT}, data: results}}"
    assert RESULT in [message["type"] for message in received], \
        "no results came back through the stand-in: the theme's worker did not take its messages"
    context.close()


@once_per_site
def test_routine_page_numbers_each_exercise_and_links_to_its_page_and_back(hosted, phone, library):
    for routine in library.routines:
        routine_url = f"{hosted}routines/{routine.slug}/"
        phone.goto(routine_url)
        numbered = [" ".join(h.split()) for h in phone.locator("article h3").all_text_contents()
                    if re.match(r"\s*\d+\. ", h)]
        expected = [" ".join(filter(None, (f"{number}.", e.details.name, e.details.name_note)))
                    for number, e in enumerate(routine.exercises, 1)]
        assert numbered == expected

        for exercise in routine.exercises:  # each "Back to" leads to the routine page, to tap the next one
            phone.locator(f"article a[href='../../exercises/{exercise.slug}/']").first.click()
            phone.wait_for_url(f"{hosted}exercises/{exercise.slug}/")
            assert exercise.details.name in phone.locator("article h1").inner_text()

            phone.get_by_role("link", name=f"Back to {routine.details.title}").click()
            phone.wait_for_url(f"{routine_url}#{exercise.slug}")
            assert " ".join(phone.locator(f"h3#{exercise.slug}").text_content().split()).startswith(
                f"{routine.exercises.index(exercise) + 1}. {exercise.details.name}")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def share_tags(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        "meta[property^='og:'], meta[name^='twitter:']")].map(m => [m.getAttribute("property") || m.name, m.content]))""")


@once_per_site
def test_parents_page_carries_share_tags_and_a_1200_by_630_preview(built, hosted, phone, library):
    site_url = site_url_setting(built.root)
    phone.goto(hosted + parents_page(library))
    tags = share_tags(phone)
    # The title names the club; the description is one whole sentence of the club's own words.
    assert tags["og:title"].startswith(phone.locator("article h1").inner_text())
    assert library.club.name in tags["og:title"]
    routine_text = " ".join((club_content().parent / library.parents_routine.source).read_text("utf-8").split())
    assert 20 <= len(tags["og:description"]) <= 200 and tags["og:description"].endswith((".", "!", "?"))
    assert tags["og:description"] in routine_text
    assert tags["twitter:title"] == tags["og:title"] and tags["twitter:description"] == tags["og:description"]
    assert tags["og:url"] == site_url + parents_page(library)
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:image"] == tags["twitter:image"] and tags["og:image"].startswith(site_url)
    assert tags["og:image:alt"]

    image = built.site_dir / tags["og:image"].removeprefix(site_url)
    assert png_size(image.read_bytes()) == (1200, 630)
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    # The same picture, served by the site itself.
    response = phone.request.get(hosted + tags["og:image"].removeprefix(site_url))
    assert response.ok and response.headers["content-type"] == "image/png"


def test_share_preview_is_the_same_every_time_it_is_drawn(library):
    # That it is drawn without network is proven for the whole build in test_pipeline.py.
    from warmup.site.share_image import share_image_drawing

    first, second = (share_image_drawing(library, REPO / "templates").draw() for _ in range(2))
    assert first == second
    assert png_size(next(iter(first.values()))) == (1200, 630)


def test_every_absolute_address_comes_from_site_url(tmp_path):
    # The smallest club, built once with its new site_url (its cards' QR codes are drawn from it): one routine's cards
    # drawn, where another site_url would draw two routines' again.
    project = copy_project(tmp_path / "project", reuse_drawings=False, club=SMALL_CLUB)
    library = load_library(club_content(SMALL_CLUB))
    config = project.root / "mkdocs.yml"
    old = site_url_setting(project.root)
    new = "https://example.org/club/warm-ups/"
    config.write_text(config.read_text("utf-8").replace(old, new), "utf-8")
    run_warmup(project, "build")

    html = (project.site_dir / parents_page(library) / "index.html").read_text("utf-8")
    assert old not in html
    assert f'content="{new}share/' in html and f'content="{new}{parents_page(library)}"' in html


@once_per_site
def test_print_page_shows_each_kind_with_its_preview_and_each_paper_one_tap_away(hosted, phone, library):
    open_settled(phone, hosted + "print/")
    for routine in library.routines:
        for kind, keys in PRINTED_KINDS.items():
            box = phone.locator("article .warmup-print-kind").filter(
                has=phone.locator(f"a[href$='cards/{routine.slug}-{keys[0]}.pdf']"))
            assert box.count() == 1
            assert box.get_by_role("heading", name=kind, exact=True).count() == 1
            preview = box.locator("img")
            assert preview.count() == 1
            preview.scroll_into_view_if_needed()
            phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=preview.element_handle())
            assert preview.get_attribute("src").endswith(f"cards/{routine.slug}-{keys[0]}-preview.png")
            for key in keys:
                link = box.locator(f"a[href$='cards/{routine.slug}-{key}.pdf']")
                assert link.count() == 1 and "KB" in link.inner_text()
                assert link.bounding_box()["height"] >= MIN_TARGET_PX
                response = phone.request.get(hosted + f"cards/{routine.slug}-{key}.pdf")
                assert response.ok and response.body()[:5] == b"%PDF-"


@once_per_site
def test_print_page_fetches_the_previews_of_its_first_screen_and_each_other_when_scrolled_to(hosted, chromium):
    context, phone = new_phone(chromium, PHONE, "light")
    fetched = []
    phone.on("requestfinished", lambda request: fetched.append(request.url))
    try:
        # Settled: the script that fetches the previews has run, its first frames have been drawn
        # (where it learns which are near the screen) and every fetch it then started is answered.
        open_settled(phone, hosted + "print/")
        previews = phone.locator("article img.warmup-print-preview")
        places = [preview.bounding_box() for preview in previews.all()]
        # Each is a picture in the site's cards/ folder, however its tag names it.
        addresses = [hosted + "cards/" + (preview.get_attribute("data-src") or preview.get_attribute("src")).split("/")[-1]
                     for preview in previews.all()]
        screen = phone.viewport_size["height"]
        on_screen = [address for address, place in zip(addresses, places) if place["y"] < screen]
        # Those a quarter screen or more below it wait (guide/phone.md: the first visit's budget).
        waiting = [address for address, place in zip(addresses, places) if place["y"] >= screen * 1.25]
        assert on_screen and waiting, "the fixture club's print page is more than a screen and a quarter long"
        assert all(address in fetched for address in on_screen), "a preview on the first screen is missing"
        assert not [address for address in waiting if address in fetched], "fetched before it was scrolled to"

        for address, place, preview in zip(addresses, places, previews.all()):
            preview.scroll_into_view_if_needed()
            phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=preview.element_handle())
            assert address in fetched
            # Its place was kept: it arrives without moving anything.
            assert {key: round(value) for key, value in preview.bounding_box().items() if key in ("width", "height")} \
                == {key: round(place[key]) for key in ("width", "height")}
    finally:
        context.close()


@once_per_site
def test_print_page_shows_every_preview_without_scripts(hosted, chromium):
    context = chromium.new_context(viewport={"width": PHONE, "height": 740}, java_script_enabled=False)
    phone = context.new_page()
    try:
        phone.goto(hosted + "print/", wait_until="load")  # no scripts: every picture of the text is in by then
        previews = phone.locator("article img.warmup-print-preview")
        shown = [preview for preview in previews.all() if preview.is_visible()]
        assert shown and len(shown) * 2 == previews.count(), "each kind's picture once, from its <noscript> copy"
        for preview in shown:
            preview.scroll_into_view_if_needed()
            phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=preview.element_handle())
    finally:
        context.close()


@once_per_fingerprint
def first_visits(built, chromium) -> tuple[str, list[tuple[str, Transfers]]]:
    """A phone's first visit to every built page (benchmarks/page_weight.py's weigh()), the site served gzipped under
    site_url's path as static hosts serve it: (the site's address, each page's path with the page's transfers)."""
    url, server = serve_static(built.site_dir, site_url_setting(built.root))
    try:
        paths = built_pages(built.site_dir)
        weighed = weigh(chromium, [url + path for path in paths])
        return url, [(path, transfers) for path, (transfers, _) in zip(paths, weighed)]
    finally:
        server.shutdown()


def test_every_page_transfers_at_most_the_guides_budget_on_a_first_visit(built, engine, chromium):
    budget = budget_kib(engine) * 1024
    # The follow-along's script and styles come only to the pages with a routine to follow, one per routine file.
    routine_pages = {f"routines/{path.stem}/" for path in (built.root / "content" / "routines").glob("*.yaml")}
    heavy, misplaced = [], []
    url, weighed = first_visits(built, chromium)
    for path, transfers in weighed:
        addresses = [address for address, _ in transfers]
        assert url + path in addresses and any("/assets/" in address for address in addresses), \
            f"{path}: the page and the theme's files were counted"
        counted = sum(size for _, size in transfers)
        if counted > budget:
            heavy.append(f"/{path}: {counted / 1024:.1f} KiB")
        for follow_along in ("/javascripts/follow-along.js", "/stylesheets/follow-along.css"):
            if any(address.endswith(follow_along) for address in addresses) != (path in routine_pages):
                misplaced.append(f"/{path}: {follow_along} {'missing' if path in routine_pages else 'fetched'}")
        if any(THEME_SEARCH_WORKER.search(address) for address in addresses):
            misplaced.append(f"/{path}: the theme's search worker fetched before anyone searched")
    assert routine_pages and not misplaced, misplaced
    assert not heavy, f"over the guide's {budget // 1024} KiB per page:\n" + "\n".join(heavy)


def test_theme_stylesheets_lose_only_rules_no_page_or_script_can_use(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "own").mkdir()
    page = ('<link rel="stylesheet" href="assets/theme.css"><link rel="stylesheet" href="own/style.css">'
            '<div class="md-header" data-md-color-scheme="slate"><p class="kept">text</p></div>')
    (site / "index.html").write_text(page, "utf-8")
    (site / "assets" / "app.js").write_text('el.className = "md-result"; tag.className = `md-tag--${kind}`;', "utf-8")
    theme = ("body{margin:0}.md-header{color:red}.admonition{color:blue}.md-result{color:green}"
             ".md-tag--video{color:teal}[data-md-color-scheme=slate]{color:white}"
             "[data-md-color-scheme=indigo-night]{color:navy}.md-header:not(.nowhere){color:gray}"
             ".admonition,.kept{color:pink}@media (min-width:10em){.tabbed-set{color:olive}.kept{color:lime}}"
             "@keyframes spin{to{transform:rotate(1turn)}}")
    (site / "assets" / "theme.css").write_text(theme, "utf-8")
    (site / "own" / "style.css").write_text(".unused-but-ours{color:red}", "utf-8")

    finish_site(site, FinishSettings("Site", "", "https://example.org/", True, ["own/style.css"], "", "#335577",
                                     "Club", "en"))

    kept = (site / "assets" / "theme.css").read_text("utf-8")
    for used in ("body{margin:0}", ".md-header{color:red}", ".md-result{color:green}", ".md-tag--video{color:teal}",
                 "[data-md-color-scheme=slate]{color:white}", ".md-header:not(.nowhere){color:gray}",
                 ".admonition,.kept{color:pink}", ".kept{color:lime}", "@keyframes spin"):
        assert used in kept, used
    for unused in (".admonition{color:blue}", "indigo-night", ".tabbed-set"):
        assert unused not in kept, unused
    assert (site / "own" / "style.css").read_text("utf-8") == ".unused-but-ours{color:red}"


# Where a visitor may meet the 404 page: (where the site is put under the server's root, the
# address asked for). "" puts the site at the host's root, as a host of its own would.
NOT_FOUND_VISITS = {
    "under site_url's path, for a missing page deep down": (None, "exercises/no-such-exercise/"),
    "another host serving the site at its root, for a missing page": ("", "no/such/page/"),
    "another folder on a plain server, 404.html opened by name": ("usb-stick/warm-ups", "404.html"),
}


@pytest.mark.parametrize("where", NOT_FOUND_VISITS)
@once_per_site
def test_the_404_page_keeps_its_styles_fits_and_leads_home_wherever_the_site_is_served(built, chromium, where,
                                                                                       tmp_path):
    mount_at, address = NOT_FOUND_VISITS[where]
    published_path = urlsplit(site_url_setting(built.root)).path.strip("/") + "/"
    if mount_at is None:
        mount_at = published_path.rstrip("/")
    root = tmp_path / "server"
    mount = root / mount_at if mount_at else root
    mount.parent.mkdir(parents=True, exist_ok=True)
    if mount_at:
        mount.symlink_to(built.site_dir, target_is_directory=True)
        url, server = serve(root, not_found_page=built.site_dir / "404.html")
    else:
        url, server = serve(built.site_dir, not_found_page=built.site_dir / "404.html")
    home = url + (f"{mount_at}/" if mount_at else "")
    context, phone = new_phone(chromium, PHONE, "light")
    failed = []
    phone.on("response", lambda response: failed.append(response.url) if response.status >= 400
             and response.request.resource_type != "document" else None)
    phone.on("requestfailed", lambda request: failed.append(request.url))
    try:
        open_settled(phone, home + address)
        assert phone.locator("h1").inner_text() == "Page not found"
        if published_path not in home:
            # The page names site_url's path as its root until its script runs; the browser may
            # fetch ahead from there, in vain, before it loads the right files.
            failed = [request for request in failed if not request.startswith(url + published_path)]
        assert failed == [], "the page asked for files that are not there"
        styled = phone.evaluate("""() => ({
            sheets: [...document.styleSheets].filter(s => s.href).map(s => s.cssRules.length),
            header: getComputedStyle(document.querySelector(".md-header")).position,
            overflow: document.documentElement.scrollWidth - innerWidth})""")
        assert len(styled["sheets"]) >= 2 and all(styled["sheets"]), "a stylesheet did not load"
        assert styled["header"] == "sticky", "Material's styles are not applied"
        assert styled["overflow"] <= 0, f"{styled['overflow']} px too wide at {PHONE} px"
        # The theme's scripts (search among them) find the site's root and their worker here.
        settings = phone.evaluate("() => JSON.parse(document.getElementById('__config').textContent)")
        assert settings["base"].rstrip("/") + "/" == home, "the theme's scripts look for the site elsewhere"
        assert settings["search"].startswith(home) and phone.request.get(settings["search"]).ok

        with phone.expect_navigation():  # until the page it leads to has loaded
            phone.get_by_role("link", name="Go to the home page").click()
        assert phone.url in (home, home + "index.html")
        club = yaml.safe_load((club_content() / "club.yaml").read_text("utf-8"))
        assert phone.locator("h1").inner_text() == club["name"], "the link did not lead to the home page"
    finally:
        context.close()
        server.shutdown()
