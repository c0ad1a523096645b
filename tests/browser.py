"""Real pages in a real browser: a built site served on 127.0.0.1, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import datetime
import functools
import hashlib
import http.server
import inspect
import re
import sys
import threading
import time
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
# What every page is held to on a phone: text at least this tall, controls at least this large to tap (WCAG 2.5.5).
MIN_TEXT_PX, MIN_TARGET_PX = 16, 44
# The WCAG 2.0, 2.1 and 2.2 rules at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Browser-context options for a test of what a page shows or does, not of its offline copy (tests/test_offline.py): a
# fresh context's first visit registers the service worker, which then downloads the whole site (every page, card
# and picture) while the test goes on: up to as much CPU again as the visit itself (measured). Without it the pages
# come from the server, as on any first visit.
NO_OFFLINE_COPY = {"service_workers": "block"}
# As the machine's probe found: without these, Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _NotFoundPageHandler(QuietHandler):
    """As a static host does: a missing address is answered with the site's 404.html (status 404)."""

    not_found_page: Path

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = self.not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser may drop a request it no longer wants (a page left while loading): not the site's error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(folder: Path, port: int = 0, not_found_page: Path | None = None, handler_class: type = QuietHandler):
    """Serve ``folder`` on 127.0.0.1 (on a free port unless ``port`` is given); returns (base URL, server).

    With ``not_found_page``, a missing address gets that page, as from a static host;
    ``handler_class`` (a QuietHandler) answers the requests its own way.
    """
    if not_found_page:
        handler_class = type("Handler", (_NotFoundPageHandler,), {"not_found_page": not_found_page})
    handler = functools.partial(handler_class, directory=str(folder))
    server = _Server(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def built_pages(site_dir: Path) -> list[str]:
    """Every page of the built site, as a path under the site's root: each index.html, and 404.html."""
    pages = sorted(str(p.parent.relative_to(site_dir)) for p in site_dir.rglob("index.html"))
    paths = ["" if page == "." else page + "/" for page in pages]
    if (site_dir / "404.html").is_file():
        paths.append("404.html")
    return paths


# What two engines' builds of the same project may differ by without any page showing or doing anything differently:
# the engine's name in each page's <meta name="generator">, which no browser reads, and the offline copy's version,
# a hash of the files' bytes (and so of that tag).
_UNREAD_BY_BROWSERS = (re.compile(rb'<meta name="generator" content="[^"]*">'), re.compile(rb'^const VERSION="\w+";'))


def pages_fingerprint(site_dir: Path) -> str:
    """A hash of every file of the built site but what no browser reads (_UNREAD_BY_BROWSERS): two builds with the same
    fingerprint are byte for byte the same site to a visitor, so what a browser finds on one it finds on the other."""
    digest = hashlib.sha256()
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for unread in _UNREAD_BY_BROWSERS:
                data = unread.sub(b"", data, count=1)
            digest.update(str(path.relative_to(site_dir)).encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def once_per_fingerprint(look):
    """``look(built, ...)``, what a browser finds on an engine's built site, found once per site: an engine whose build
    is the same site to a browser as another engine's (pages_fingerprint(): ProperDocs and MkDocs differ only in the
    generator tag) gets what was found on that one, and each engine's test checks it against its own expectations."""
    found = {}

    @functools.wraps(look)
    def once(built, *arguments):
        site = pages_fingerprint(built.site_dir)
        if site not in found:
            found[site] = look(built, *arguments)
        return found[site]

    return once


def once_per_site(test):
    """``test``, an engine's browser check of its built site (the ``built`` fixture's), run once per site: for an
    engine whose build is the same site to a browser as one already checked (pages_fingerprint()), with the same
    other parameters, the outcome found there (passed, or the same failure) stands, as the same pages give it."""
    outcomes: dict[tuple, BaseException | None] = {}
    signature = inspect.signature(test)
    takes = set(signature.parameters)
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY) for name in ("built", "request") if name not in takes]

    @functools.wraps(test)
    def checked(**fixtures):
        built, request = fixtures["built"], fixtures["request"]
        parameters = tuple(sorted((name, repr(value)) for name, value in request.node.callspec.params.items()
                                  if name != "engine"))
        key = (pages_fingerprint(built.site_dir), parameters)
        if key not in outcomes:
            try:
                test(**{name: value for name, value in fixtures.items() if name in takes})
                outcomes[key] = None
            except Exception as failure:
                outcomes[key] = failure
        if outcomes[key] is not None:
            raise outcomes[key]

    checked.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *added])
    return checked


class InFlight:
    """The requests a page, or a whole browser context (its workers' too), has sent and not yet seen answered.

    ``answered(request)``, when given, is called for each finished request before it stops counting as on its
    way, so that whoever waits for none to be on their way finds every answer already handled.
    """

    def __init__(self, target, answered=None):
        self.requests: set = set()
        self._answered = answered
        self._target = target
        self._listeners = {"request": self._sent, "requestfinished": self._finished, "requestfailed": self._failed}
        for event, listener in self._listeners.items():
            target.on(event, listener)

    def _sent(self, request):
        self.requests.add(request)

    def _finished(self, request):
        if self._answered:
            self._answered(request)
        self.requests.discard(request)

    def _failed(self, request):
        self.requests.discard(request)

    def stop(self) -> None:
        """Stop counting."""
        for event, listener in self._listeners.items():
            self._target.remove_listener(event, listener)


# In the page: two frames drawn, then a task: what the page does in answer to what it last received (a
# picture scrolled into view asked for, a worker's next fetch) has been asked for by then.
_NEXT_FRAMES = "() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve))))"


def wait_until_answered(page, in_flight: InFlight, timeout_s: float = 30) -> None:
    """Wait until nothing ``in_flight`` counts is on its way, nor asked for in the page's next two frames.

    Playwright's "networkidle" waits for half a second without a request, after every page: this waits
    only as long as the requests do.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        while in_flight.requests:
            if time.monotonic() > deadline:
                raise AssertionError(f"{page.url}: still waiting after {timeout_s} s for "
                                     + ", ".join(sorted(request.url for request in in_flight.requests)))
            page.wait_for_timeout(10)  # lets Playwright deliver the answers' events
        page.evaluate(_NEXT_FRAMES)
        if not in_flight.requests:
            return


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    """A fresh phone-sized page (360×740, touch) in its own browser context, for a test of what pages show or do
    (not of their offline copy)."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                   **NO_OFFLINE_COPY)
    page = context.new_page()
    yield page
    context.close()


# The theme's scripts have started (Material's and Zensical's bundles both start from their document$ stream, which
# emits once the page's DOMContentLoaded has reached them) and the page's fonts are in.
_SETTLED = """() => new Promise(resolve => window.document$.subscribe(() => resolve(true)))
  .then(() => document.fonts.ready).then(() => true)"""


def open_settled(page, url: str) -> None:
    """Open ``url`` in ``page`` and wait until it has settled as a reader sees it: loaded with its styles and
    pictures, its theme's scripts started (they come after the first paint), its fonts in. Exactly that, rather
    than networkidle's half second of quiet after the last request."""
    page.goto(url)
    page.wait_for_function("() => window.document$ !== undefined")
    page.evaluate(_SETTLED)


# Run in every page before its own scripts: notes the colour scheme the text was first painted in.
SCHEME_AT_FIRST_PAINT = """new PerformanceObserver(list => {
  if (list.getEntriesByName("first-contentful-paint").length)
    window.warmupSchemeAtFirstPaint = document.body.getAttribute("data-md-color-scheme");
}).observe({type: "paint", buffered: true});"""


def new_phone(chromium, width: int, scheme: str, offline_copy: bool = False):
    """A phone ``width`` px wide in colour ``scheme``: (its browser context, its page). With ``offline_copy`` its
    first page registers the service worker, which then stores the whole site, as a visitor's phone does; without,
    for a test of what pages show or do, the pages come from the server as on any first visit (NO_OFFLINE_COPY)."""
    context = chromium.new_context(viewport={"width": width, "height": 740}, device_scale_factor=2,
                                   is_mobile=True, has_touch=True, color_scheme=scheme,
                                   **({} if offline_copy else NO_OFFLINE_COPY))
    context.add_init_script(SCHEME_AT_FIRST_PAINT)
    return context, context.new_page()


# In the page: axe-core brought in if it is not there yet (a page checked in several states keeps it), then its WCAG
# A/AA checks started on the page as it is now, for axe_findings() to read. Both wait for the next task (a message,
# which Playwright's clock, when a test installs it, leaves alone), so that the test goes on at once with another page
# while this one checks itself. Every violation in full; of what passed or did not apply, axe then describes one
# element per rule instead of each (axe-core's own advice for speed), and only violations are read here.
START_AXE = """([source, tags]) => {
  const nextTask = new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    channel.port2.postMessage(null);
  });
  window.warmupAxe = nextTask.then(() => {
    if (typeof window.axe !== "object") (0, eval)(source);  // global code, as a <script> of its own
    return axe.run({runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  });
}"""


def start_axe(page) -> None:
    """Start axe-core's WCAG A/AA checks on the page as it is now (START_AXE), for axe_findings() to read: the page
    checks itself while the test does something else (with another page)."""
    page.evaluate(START_AXE, [AXE_SCRIPT, AXE_TAGS])


def axe_findings(page) -> list[str]:
    """The violations axe-core found once start_axe() started it, one line each."""
    result = page.evaluate("() => window.warmupAxe")
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}" for v in result["violations"]]


def run_axe(page) -> list[str]:
    """axe-core's WCAG A/AA violations on the page as it is now, one line each."""
    start_axe(page)
    return axe_findings(page)


def visit_with_clock_stopped(page, url: str | None = None):
    """Load the routine page at ``url`` (or again) with Playwright's clock running, as the page's own loader needs,
    until its follow-along's Start button is there (an English club's), then stop the clock: its timers move only
    when the test moves it."""
    page.clock.resume()
    if url:
        page.goto(url)
    else:
        page.reload()
    page.get_by_role("button", name="Start").wait_for()
    page.clock.pause_at(datetime.datetime.fromtimestamp(page.evaluate("Date.now()") / 1000 + 1))
