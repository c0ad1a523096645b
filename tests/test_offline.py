"""Offline at the track: after one visit with a signal, the site opens again with none.

The built site is served under site_url's path (e.g. /warmups/), as a static host
serves it, so the service worker's relative addresses are tested too. "No network"
is made twice over: the browser context is set offline and the server is shut down.
"""

from __future__ import annotations

import fnmatch
import json
import re
import socket
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from PIL import Image

from browser import PHONE, once_per_site, serve
from conftest import WARMUP, copy_project, stop_with_ctrl_c
from static_host import site_url_setting
from warmup.finish.offline import MANIFEST, SERVICE_WORKER, cached_files, service_worker

ROUTINE = "dryland"  # the fixture club's routine of seven exercises
ROUTINE_PAGE = f"routines/{ROUTINE}/"
A4_CARD = f"cards/{ROUTINE}-a4.pdf"
# Run in every page before its own scripts: notes when the page asks to register a service worker (and when that
# request has settled) and when it looks for the registrations it has, to remove them.
WORKER_DECISIONS = """(() => {
  window.warmupWorkerCalls = [];
  const workers = navigator.serviceWorker;
  const register = workers.register.bind(workers), registrations = workers.getRegistrations.bind(workers);
  workers.register = (...args) => {
    window.warmupWorkerCalls.push("register");
    const registered = register(...args);
    registered.then(() => window.warmupWorkerCalls.push("register settled"),
                    () => window.warmupWorkerCalls.push("register settled"));
    return registered;
  };
  workers.getRegistrations = () => { window.warmupWorkerCalls.push("getRegistrations"); return registrations(); };
})();"""
REGISTRATIONS_GONE = """async () => {
  for (let tries = 0; tries < 100; tries++) {
    if ((await navigator.serviceWorker.getRegistrations()).length === 0) return true;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return false;
}"""


@pytest.fixture
def hosted(built):
    """The built site under site_url's path on 127.0.0.1: (its address, the server)."""
    prefix = urlsplit(site_url_setting(built.root)).path.strip("/") or "site"
    with tempfile.TemporaryDirectory() as root:
        mount = Path(root, prefix)
        mount.parent.mkdir(parents=True, exist_ok=True)
        mount.symlink_to(built.site_dir, target_is_directory=True)
        url, server = serve(Path(root))
        yield url + prefix + "/", server
        server.shutdown()
        server.server_close()


@pytest.fixture
def context(chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context
    context.close()


def visit_once_online(context, url: str):
    page = context.new_page()
    page.goto(url)
    assert page.evaluate("""Promise.race([navigator.serviceWorker.ready.then(() => true),
                                          new Promise(resolve => setTimeout(() => resolve(false), 10000))])"""), \
        "no service worker became ready within 10 s"
    page.reload()  # now the page itself comes through the service worker
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    return page


def cut_the_network(context, server):
    server.shutdown()
    server.server_close()
    context.set_offline(True)


@once_per_site
def test_the_site_installs_and_its_routine_page_follow_along_and_card_load_again_offline(hosted, context, built,
                                                                                        library):
    """One visit with a signal: the site can be added to the home screen, and then opens with none."""
    url, server = hosted
    routine = next(routine for routine in library.routines if routine.slug == ROUTINE)
    page = visit_once_online(context, url + ROUTINE_PAGE)
    assert_installable(context, page, url, built)
    cut_the_network(context, server)

    page.reload()
    assert page.locator("article h1").inner_text() == routine.details.title
    page.get_by_role("button", name="Start").click()
    dialog = page.get_by_role("dialog", name=routine.details.title)
    assert dialog.locator(".fa__count").inner_text() == f"1 of {len(routine.exercises)}"
    dialog.locator(".fa__figure svg").wait_for()  # the routine's moving figures, stored on the phone
    assert dialog.locator(".fa__figure svg").is_visible()
    # display: flex is follow-along.css's (a browser's own dialog style is block).
    assert dialog.evaluate("d => getComputedStyle(d).display") == "flex", "the mode's styles came from the cache"
    page.keyboard.press("Escape")

    card = page.evaluate(f"""fetch("../../{A4_CARD}").then(async response => [
        response.status, response.headers.get("content-type"),
        new TextDecoder().decode((await response.arrayBuffer()).slice(0, 5))])""")
    assert card == [200, "application/pdf", "%PDF-"]

    # Pages not opened before were cached too, with their styles.
    page.goto(url)
    assert page.locator("article h1").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"


def assert_installable(context, page, url: str, built) -> None:
    """The manifest makes the site installable, as Chromium judges it from ``page`` (visited online)."""
    page.wait_for_selector("link[rel=manifest]", state="attached")  # linked once the text is painted
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == url + MANIFEST
    assert manifest["errors"] == []
    # Chromium's own verdict on "Add to Home Screen". Playwright's contexts are incognito,
    # which Chromium names as one more reason; it still lists every other (checked by hand
    # with a broken manifest: start URL, display mode and icons are all reported).
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []
    cdp.detach()

    data = json.loads((built.site_dir / MANIFEST).read_text("utf-8"))
    assert data["display"] == "standalone" and data["start_url"] == "./"
    for icon in data["icons"]:
        width, height = (int(side) for side in icon["sizes"].split("x"))
        with Image.open(built.site_dir / icon["src"]) as image:
            assert image.size == (width, height)
    assert {"any", "maskable"} <= {icon["purpose"] for icon in data["icons"]}


# What the guide (guide/phone.md) says the first visit does not store, and why: source maps (for developers),
# search's packs for other languages, the zipped sitemap (for crawlers), and the worker itself;
# also stylesheets that no page links (linked_stylesheets below), which no visitor reaches.
NOT_STORED = ("*.map", "assets/javascripts/lunr/*", "sitemap.xml.gz", SERVICE_WORKER)


class _StylesheetLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split() and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def linked_stylesheets(site_dir: Path, site_url: str) -> set[str]:
    """Every stylesheet any built page links, as a path inside site/ (addresses resolved as a browser does)."""
    root = urljoin("http://phone.test/", urlsplit(site_url).path or "/")
    linked = set()
    for page in site_dir.rglob("*.html"):
        parser = _StylesheetLinks()
        parser.feed(page.read_text("utf-8"))
        base = urljoin(root, page.relative_to(site_dir).as_posix())
        for href in parser.hrefs:
            address = urljoin(base, href).split("?")[0]
            if address.startswith(root):
                linked.add(address[len(root):])
    return linked


def worker_files(site_dir: Path) -> list[str]:
    text = (site_dir / SERVICE_WORKER).read_text("utf-8")
    return json.loads(re.search(r"const FILES\s*=\s*(\[.*?\]);", text, re.S).group(1))


def test_service_worker_stores_every_file_a_visitor_can_reach(built, library):
    """Derived from site/ itself: every built file but the guide's exclusions, as the browser asks for it."""
    stylesheets = linked_stylesheets(built.site_dir, site_url_setting(built.root))
    assert "stylesheets/follow-along.css" in stylesheets
    expected = set()
    for path in built.site_dir.rglob("*"):
        relative = path.relative_to(built.site_dir).as_posix()
        if not path.is_file() or any(fnmatch.fnmatch(relative, pattern) for pattern in NOT_STORED):
            continue
        if path.suffix == ".css" and relative not in stylesheets:
            continue
        if path.name == "index.html":  # a page is asked for by its folder's address
            relative = relative[: -len("index.html")] or "./"
        expected.add(relative)
    files = worker_files(built.site_dir)
    assert len(files) == len(set(files))
    assert set(files) == expected
    # Every kind a visitor reaches is there (a guard on the walk itself).
    parents_page = library.parents_page.address
    kinds = {ROUTINE_PAGE, f"{parents_page}/", f"exercises/{library.exercises[0].slug}/", A4_CARD,
             f"cards/{ROUTINE}-letter.pdf", f"cards/{ROUTINE}-a4-preview.png", f"share/{parents_page}.png",
             "icons/icon-192.png", "stylesheets/follow-along.css", "javascripts/follow-along.js", MANIFEST}
    assert kinds <= set(files)


def test_service_worker_is_shipped_minified(built):
    text = (built.site_dir / SERVICE_WORKER).read_text("utf-8")
    assert "//" not in text.replace("://", "")  # no comments
    assert "\n  " not in text  # no indentation


def test_a_changed_file_gives_a_new_cache_version(tmp_path):
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("one")
    before = service_worker(cached_files(tmp_path, {"page/index.html": "one"}))
    (tmp_path / "page" / "index.html").write_text("two")
    after = service_worker(cached_files(tmp_path, {"page/index.html": "two"}))
    version = re.compile(r'const VERSION\s*=\s*"(\w+)";')
    assert version.search(before).group(1) != version.search(after).group(1)
    assert '"page/"' in after


def test_stylesheets_no_page_links_are_not_stored_on_the_phone(tmp_path):
    # Zensical ships both of its looks; a phone on a weak signal stores only the one in use.
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "used.css").write_text("a{}")
    (tmp_path / "assets" / "unused.css").write_text("b{}")
    (tmp_path / "page").mkdir()
    page = '<link rel="stylesheet" href="../assets/used.css">'
    (tmp_path / "page" / "index.html").write_text(page)
    files = cached_files(tmp_path, {"page/index.html": page})
    assert "assets/used.css" in files and "assets/unused.css" not in files


def test_live_preview_removes_the_service_worker(built, engine, context, tmp_path):
    """Under `warmup serve` pages change on every save: no worker may serve old copies there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"http://127.0.0.1:{port}/"
    # First the built site, visited at the address the preview will then use.
    _, static = serve(built.site_dir, port)
    page = visit_once_online(context, address + ROUTINE_PAGE)
    static.shutdown()
    static.server_close()

    project = copy_project(tmp_path / "project")
    preview = subprocess.Popen([*WARMUP, "--project", str(project.root), "serve", "--engine", engine,
                                "--address", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        # The preview serves the site under site_url's path, inside the old worker's scope.
        preview_page = address + urlsplit(site_url_setting(project.root)).path.lstrip("/") + ROUTINE_PAGE
        # It serves once its first build is done, which it says in a line (read up to there, or to its end).
        assert any(line.startswith("Built in ") for line in iter(preview.stdout.readline, "")), "the preview never built"
        page.goto(preview_page)
        page.get_by_role("button", name="Start").wait_for()  # the page's script has run
        # The page's script removes the old worker once the page has loaded.
        assert page.evaluate(REGISTRATIONS_GONE)
        context.add_init_script(WORKER_DECISIONS)
        page.reload()
        assert page.evaluate("navigator.serviceWorker.controller") is None
        assert not (project.site_dir / SERVICE_WORKER).exists(), "the preview wrote into site/"
        page.get_by_role("button", name="Start").wait_for()  # the page's script has run
        # The page's loader has done all it does with workers: every registration it asked for has been made or
        # refused, and it has looked for the registrations to remove (the last step of each way it takes).
        page.wait_for_function("(calls => calls.includes('getRegistrations') && calls.filter(call => call === "
                               "'register').length === calls.filter(call => call === 'register settled').length)"
                               "(window.warmupWorkerCalls)", timeout=10_000)
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(all => all.length)") == 0
    finally:
        stop_with_ctrl_c(preview, timeout=30)
