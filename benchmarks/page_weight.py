"""Bytes a phone downloads for each page of the built site, against the page-weight budget.

    .venv/bin/python benchmarks/page_weight.py [--against REV] [--engine NAME]

Builds this project's sources into a temporary folder (and, with ``--against``, the same
files as git revision REV had them, with that revision's own code), serves each site from
127.0.0.1 under site_url's path with gzip as static hosts do (static_host.py), and opens every page of it (each
``index.html`` and ``404.html``) in Debian's Chromium at 360×740, each in a fresh browser
profile, as a phone's first visit (four at a time, each profile counting only its own).
It waits until the page is complete: its text, the theme's and our scripts brought in
after the first paint, the search index those fetch, the service worker installed, and
every response received.

Counted, per page: every response the page and its workers received over the network
(headers and body as sent, so compressed where the host compresses), whatever asked for
it: the page itself, stylesheets, scripts, pictures, the search worker and its index, the
service worker's script. Chromium without a screen asks for neither the web app manifest
nor its icons; a phone may (about 3 KiB more). Not counted against the page: what the
service worker then fetches in the background to store the whole site for offline use
(every page, card and picture): one transfer per site, not per page, made once the page
is complete, and the offline copy itself; it is shown apart, once. The print page's
previews are counted as the guide counts them: those its first screen shows, the others
coming only when scrolled to.

A benchmark, not a test: it prints the table and exits 0 whatever the figures are
(tests/test_phone.py checks the guide's budget, guide/phone.md, on every built page).
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from static_host import serve_static, site_url_setting

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import InFlight, built_pages, wait_until_answered  # noqa: E402  every page, as the phone tests visit them
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SOURCE_PARTS = ("mkdocs.yml", "content", "templates", "overrides", "docs", "scripts")
# The guide's promise (guide/phone.md): "at most 90 KiB transferred per page (with Zensical 110 KiB: ...".
BUDGET = re.compile(r"at most (\d+) KiB transferred per page \(with Zensical (\d+) KiB")


def budget_kib(engine: str) -> int:
    """The guide's budget for a site built by ``engine``."""
    found = BUDGET.search(re.sub(r"\s+", " ", (REPO / "guide" / "phone.md").read_text("utf-8")))
    if not found:
        raise SystemExit("guide/phone.md states no page-weight budget ('at most N KiB transferred per page "
                         "(with Zensical M KiB')")
    return int(found.group(2 if engine == "zensical" else 1))


def sources(revision: str | None, destination: Path) -> Path:
    """The project's sources, as they are now or as ``revision`` had them."""
    if revision is None:
        listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--",
                                 *SOURCE_PARTS], cwd=REPO, capture_output=True, text=True, check=True).stdout
        for relative in filter(None, listed.split("\0")):
            if (REPO / relative).is_file():
                (destination / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / relative, destination / relative)
    else:
        destination.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", revision, "--", *SOURCE_PARTS], cwd=REPO,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(destination)], input=archive, check=True)
    return destination


def build(project: Path, engine: str) -> Path:
    """Built with the project's own code (its scripts/ first on the path), so a revision builds as it did."""
    cache = REPO / ".cache"
    if cache.is_dir():  # drawings are keyed by what they are drawn from: reused only where unchanged
        shutil.copytree(cache, project / ".cache")
    environment = {**os.environ, "PYTHONPATH": str(project / "scripts")}
    subprocess.run([sys.executable, "-m", "warmup.command.cli", "--quiet", "--project", str(project),
                    "build", "--engine", engine], check=True, env=environment)
    return project / "site"


Transfers = list[tuple[str, int]]  # (address, bytes) of each response


class FirstVisit:
    """A phone's first visit to one page, in a fresh profile: every response it receives counted, the
    page's (its workers' included) apart from what the service worker fetches for the offline copy."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        self.page_transfers: Transfers = []
        self.worker_transfers: Transfers = []
        self.in_flight = InFlight(self.context, answered=self._count)
        self.page = self.context.new_page()
        self.page.goto(url, wait_until="commit")

    def _count(self, request):
        sizes, response = request.sizes(), request.response()
        # Chromium reports no body size for a worker's own script; the host's Content-Length is the body as sent.
        body = max(sizes["responseBodySize"], int(response.headers.get("content-length", 0)) if response else 0)
        # The service worker's own fetches are the offline copy; its script is the page's registration.
        by_worker = request.service_worker is not None and request.resource_type != "script"
        (self.worker_transfers if by_worker else self.page_transfers).append(
            (request.url, sizes["responseHeadersSize"] + body))

    def completed(self) -> tuple[Transfers, Transfers]:
        """(page's transfers, service worker's), once the visit is complete."""
        self.page.wait_for_load_state("load")
        # The scripts wait for the first paint, the search index for the scripts, the offline
        # copy for the page's load event: wait for all of them, then for every answer.
        self.page.wait_for_function("document.querySelectorAll('script[src]').length > 0"
                                    " && (!('serviceWorker' in navigator) || navigator.serviceWorker.controller !== null"
                                    " || !document.querySelector('script[src*=\"follow-along\"]'))", timeout=30_000)
        self.page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : true")
        wait_until_answered(self.page, self.in_flight)
        self.context.close()
        return self.page_transfers, self.worker_transfers


def weigh(browser, urls: list[str], at_once: int = 4) -> list[tuple[Transfers, Transfers]]:
    """(page's transfers, service worker's) for each of ``urls``, each a first visit in a fresh profile.

    ``at_once`` visits load at the same time, each in its own profile counting only its own responses:
    one waits for its page while another's scripts or offline copy arrive.
    """
    waiting = iter(urls)
    visits = [FirstVisit(browser, url) for url in itertools.islice(waiting, at_once)]
    weighed = []
    while visits:
        weighed.append(visits.pop(0).completed())
        visits += [FirstVisit(browser, url) for url in itertools.islice(waiting, 1)]
    return weighed


def short(url: str, base: str) -> str:
    return url.removeprefix(base) or "/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against", metavar="REV", help="also build and weigh the site as git revision REV had it")
    parser.add_argument("--engine", default="mkdocs", help="the site engine (mkdocs, properdocs, zensical)")
    parser.add_argument("--details", action="store_true", help="list every transfer of every page")
    arguments = parser.parse_args()
    budget = budget_kib(arguments.engine)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="warmup-page-weight-") as temporary:
        work = Path(temporary)
        sites = {}
        if arguments.against:
            sites[arguments.against] = build(sources(arguments.against, work / "before"), arguments.engine)
        sites["now"] = build(sources(None, work / "now"), arguments.engine)
        weights: dict[str, dict[str, int]] = {name: {} for name in sites}
        offline: dict[str, int] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, site in sites.items():
                base, server = serve_static(site, site_url_setting(site.parent))  # as its host serves it
                try:
                    addresses = built_pages(site)
                    for address, (transfers, worker) in zip(addresses, weigh(browser, [base + a for a in addresses])):
                        weights[name][address] = sum(size for _, size in transfers)
                        offline[name] = max(offline.get(name, 0), sum(size for _, size in worker))
                        if arguments.details:
                            print(f"{name} /{address}", file=sys.stderr)
                            for url, size in sorted(transfers, key=lambda item: -item[1]):
                                print(f"  {size / 1024:7.1f} KiB  {short(url, base)}", file=sys.stderr)
                finally:
                    server.shutdown()
            browser.close()

    names = list(sites)
    print(f"Bytes transferred per page (first visit, 360×740, gzip from 127.0.0.1, engine {arguments.engine}); "
          f"budget {budget} KiB")
    print(f"{'page':<36}" + "".join(f"{name:>12}" for name in names) + "  within budget")
    for address in sorted(set().union(*(weights[name] for name in names))):
        label = "/" + address
        cells = "".join(f"{weights[name][address] / 1024:>8.1f} KiB" if address in weights[name] else f"{'-':>12}"
                        for name in names)
        now = weights[names[-1]].get(address)
        print(f"{label:<36}{cells}  {'yes' if now is not None and now <= budget * 1024 else 'NO'}")
    print("service worker's offline copy of the whole site, once per site, not counted above: "
          + ", ".join(f"{name} {offline.get(name, 0) / 1024:.0f} KiB" for name in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
