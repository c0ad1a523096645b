"""Lighthouse (mobile) on our site and on a default Material site holding the same text, side by side.

    cd benchmarks && npm ci          # once: Lighthouse, pinned in package-lock.json
    ../.venv/bin/python lighthouse.py [--runs 3]

Both sites are built here, from this project's content/: ours as configured, the other
from the same generated Markdown with nothing but `theme: material` (its default
Google font cannot load here, as offline phones cannot load it either). Both are served
from 127.0.0.1 with gzip, as static hosts serve them, and measured the same way, with
Lighthouse's default mobile emulation and simulated throttling. A benchmark, not a test:
it prints figures and exits 0 whatever they are.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from static_host import serve_static

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PROJECT_PARTS = ("mkdocs.yml", "content", "templates", "overrides", "docs")
# Hand-written assets of our site; the default site has none of them.
OUR_ASSET_FOLDERS = ("stylesheets", "javascripts")

DEFAULT_MATERIAL_CONFIG = """\
site_name: {site_name}
site_url: {site_url}
theme:
  name: material
markdown_extensions:
  - toc
  - attr_list
"""


def build_ours(work: Path) -> Path:
    project = work / "ours"
    project.mkdir()
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        elif source.is_file():
            shutil.copy2(source, project / part)
    subprocess.run([str(REPO / ".venv" / "bin" / "warmup"), "--quiet", "--project", str(project), "build"], check=True)
    return project


def build_default_material(ours: Path, work: Path) -> Path:
    """A plain Material site (no overrides, no extra CSS, default fonts) from our generated Markdown."""
    project = work / "default-material"
    shutil.copytree(ours / "docs", project / "docs",
                    ignore=lambda folder, names: [n for n in names if Path(folder) == ours / "docs" and n in OUR_ASSET_FOLDERS])
    settings = {}
    for line in (ours / "mkdocs.yml").read_text("utf-8").splitlines():
        key, _, value = line.partition(":")
        if key in ("site_name", "site_url"):
            settings[key] = value.strip()
    (project / "mkdocs.yml").write_text(DEFAULT_MATERIAL_CONFIG.format(**settings), "utf-8")
    subprocess.run([str(REPO / ".venv" / "bin" / "mkdocs"), "build", "--quiet"], cwd=project, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return project / "site"


def lighthouse(url: str, chromium_profile: Path) -> dict:
    chrome_flags = " ".join(["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync",
                             f"--user-data-dir={chromium_profile}"])
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={chrome_flags}"],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    figures = {category: round(100 * (report["categories"][category]["score"] or 0)) for category in CATEGORIES}
    figures["lcp_s"] = report["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    figures["kib"] = report["audits"]["total-byte-weight"]["numericValue"] / 1024
    figures["failed"] = sorted(
        audit_id for category in CATEGORIES for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and (score := report["audits"][ref["id"]]["score"]) is not None and score < 1
        for audit_id in [ref["id"]])
    return figures


def median_run(url: str, runs: int, profile: Path) -> dict:
    """The run with the median LCP, as Lighthouse's own docs advise for noisy single runs."""
    results = sorted((lighthouse(url, profile) for _ in range(runs)), key=lambda figures: figures["lcp_s"])
    return results[len(results) // 2]


def pages_of(project: Path) -> dict[str, str]:
    """The pages measured, by the content's own names: the home page, the parents' routine and the parents' page."""
    sys.path.insert(0, str(REPO / "scripts"))
    from warmup.content.library import load_library

    library = load_library(project / "content", project / "templates")
    return {"home": "", "routine": f"routines/{library.parents_routine.slug}/",
            "parents": f"{library.parents_page.address}/"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the median is shown")
    arguments = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` in benchmarks/ first")

    with tempfile.TemporaryDirectory(prefix="warmup-lighthouse-") as temporary:
        work = Path(temporary)
        ours = build_ours(work)
        sites = {"ours": ours / "site", "default Material": build_default_material(ours, work)}
        servers, rows = [], []
        try:
            urls = {}
            for name, site in sites.items():
                url, server = serve_static(site)
                servers.append(server)
                urls[name] = url
            for page, path in pages_of(ours).items():
                for name, url in urls.items():
                    figures = median_run(url + path, arguments.runs, work / "chromium-profile")
                    rows.append((page, name, figures))
                    print(f"measured {page} ({name})", file=sys.stderr)
        finally:
            for server in servers:
                server.shutdown()

    print(f"Lighthouse {lighthouse_version()} · mobile, simulated throttling · gzip · "
          f"{arguments.runs} run(s) per page, median LCP shown")
    print(f"{'page':<8} {'site':<17} {'perf':>4} {'a11y':>4} {'best':>4} {'seo':>4} {'LCP':>6} {'KiB':>6}  below 100 because of")
    for page, name, f in rows:
        print(f"{page:<8} {name:<17} {f['performance']:>4} {f['accessibility']:>4} {f['best-practices']:>4} "
              f"{f['seo']:>4} {f['lcp_s']:>5.2f}s {f['kib']:>6.1f}  {', '.join(f['failed']) or '-'}")
    return 0


def lighthouse_version() -> str:
    return json.loads((HERE / "node_modules" / "lighthouse" / "package.json").read_text("utf-8"))["version"]


if __name__ == "__main__":
    sys.exit(main())
