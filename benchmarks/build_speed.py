"""How fast the coach's tools are, measured on this machine and printed (a benchmark, not a test).

    .venv/bin/python benchmarks/build_speed.py

1. A full `warmup build` (site and every printed piece) of this repository's content on each engine (MkDocs, ProperDocs,
   Zensical) against a plain `mkdocs build` of the same generated docs/ (the warmup plugin
   left out), in the same run: the ratio, for a warm build (cards reused from the last
   build: what a coach's every build after the first is) and a cold one (render cache
   emptied first: every card drawn).
2. `warmup serve`: time from saving one content edit to the new page being served.
3. Synthetic libraries of 25, 50 and 100 exercises in routines of 10: build time, and
   how it grows. Their text is made up for timing only and is built in a temporary folder.
4. What the figures and the print family cost (`--costs`, alone): a cold build of this
   version against the same content built by an earlier version of warmup (`--baseline`,
   a commit; by default the last one before the figures and the six print formats), taken
   turn about in one run; and a cold build and the routine page's gzip size with and
   without every `figure:` in the content.

`--against REV` runs parts 1 and 2 for the `warmup` of an earlier commit too, in the same run
(installed on its own in the temporary folder), so before and after are measured side by side.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import THIS_PROJECT, WARMUP, copy_project  # noqa: E402
from warmup.catalog import load_catalog  # noqa: E402
from warmup.settings.reader import ENGINES  # noqa: E402
from warmup.site.identity import WORDS  # noqa: E402
from warmup.project import Project  # noqa: E402

BIN = Path(sys.executable).parent
REPEATS = 3
# The last commit before the figures (issue 12) and the print family (issue 13).
BASELINE = "4c82a97"


# Each command as on a coach's computer, where Python keeps the modules it compiled: a shell that tells it not to
# (PYTHONDONTWRITEBYTECODE) would have warmup's own modules, installed editable, compiled again on every build,
# while MkDocs' and an earlier commit's (installed by pip, compiled then) are not.
_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=_ENVIRONMENT)
    return time.perf_counter() - started


def best_of(command: list[str], cwd: Path | None = None, before=lambda: None) -> float:
    times = []
    for _ in range(REPEATS):
        before()
        times.append(timed(command, cwd))
    return min(times)


def emptying(cache_dir: Path):
    return lambda: shutil.rmtree(cache_dir, ignore_errors=True)


def full_build_against_mkdocs(folder: Path, earlier: list[str] | None = None, revision: str = "",
                              earlier_tree: Path | None = None) -> None:
    """Each engine's warm and cold build against plain `mkdocs build`; with ``earlier`` (an earlier commit's
    `warmup` command), that version's too, in the same run."""
    # This repository's content, which an earlier commit's rows build too (_sources_of): the same pages and cards.
    project = copy_project(folder / "project", club=THIS_PROJECT)
    warmup = [*WARMUP, "--project", str(project.root), "build", "--quiet"]
    timed(warmup)  # writes docs/, so plain MkDocs below has the same pages to build
    plain_config = project.root / "mkdocs-plain.yml"
    # The 404 page's words, which warmup hands the engine with the club's other settings.
    words = {WORDS: dict(load_catalog(project.templates_dir, "en").group("not_found."))}
    plain_config.write_text("INHERIT: mkdocs.yml\nplugins:\n  - search\n" + yaml.safe_dump({"extra": words}), "utf-8")
    mkdocs = [str(BIN / "mkdocs"), "build", "--quiet", "-f", str(plain_config), "-d", str(folder / "plain-site")]
    # Each engine its own copy: a build forgets the render cache's entries it did not use, the theme's parsed
    # stylesheets among them, and a coach's every build is with the same engine.
    rows = []
    for engine in ENGINES:
        own = project if engine == ENGINES[0] else copy_project(folder / f"project-{engine}", club=THIS_PROJECT)
        rows.append((f"  --engine {engine}", [*WARMUP, "--project", str(own.root), "build", "--quiet", "--engine",
                                               engine], own))
    if earlier:
        then = copy_project(folder / "then")
        _sources_of(earlier_tree, then)
        rows.append((f"  at {revision}, --engine mkdocs", [*earlier, "--project", str(then.root), "build", "--quiet",
                                                          "--engine", "mkdocs"], then))
    # Taken turn about, round after round, so that a busier moment of the machine hits every kind alike.
    plain_times: list[float] = []
    warm_times: dict[str, list[float]] = {name: [] for name, _, _ in rows}
    cold_times: dict[str, list[float]] = {name: [] for name, _, _ in rows}
    for _, command, _ in rows:  # an earlier commit's drawings are not this one's: its first build draws them all
        timed(command)
    for _ in range(REPEATS):
        plain_times.append(timed(mkdocs, cwd=project.root))
        for name, command, _ in rows:
            warm_times[name].append(timed(command))
        for name, command, built in rows:  # each leaves the cache full again for the next round's warm builds
            emptying(built.cache_dir)()
            cold_times[name].append(timed(command))
    mkdocs_time = min(plain_times)
    print(f"plain mkdocs build of the same docs/: {mkdocs_time:.2f} s (best of {REPEATS})")
    print(f"{'full warmup build':<34} {'warm':>7} {'ratio':>7} {'cold':>7} {'ratio':>7}")
    for name, _, _ in rows:
        warm_time, cold_time = min(warm_times[name]), min(cold_times[name])
        print(f"{name:<34} {warm_time:6.2f}s {warm_time / mkdocs_time:6.2f}x "
              f"{cold_time:6.2f}s {cold_time / mkdocs_time:6.2f}x")
    print("(warm: cards reused; cold: render cache emptied, every card drawn; ratio: against plain mkdocs build)")


def serve_rebuild(folder: Path, warmup: list[str] = WARMUP, label: str = "serve", sources: Path | None = None
                  ) -> None:
    """Save one exercise's name five times in a preview that is on; time each save until the page shows it.
    ``sources``: an earlier commit's checkout, whose content the preview shows."""
    from mkdocs.config import load_config

    project = copy_project(folder / label.replace(" ", "-"), club=THIS_PROJECT)  # as the earlier commit's, if any
    if sources:
        _sources_of(sources, project)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mount = urlsplit(load_config(str(project.config_file)).site_url).path.rstrip("/")
    # The first exercise file there is, and its name as written: the edit renames it.
    exercise = sorted((project.content_dir / "exercises").glob("*.yaml"))[0]
    name = re.search(r"^name: (.+)$", exercise.read_text("utf-8"), re.M)[1].strip()
    url = f"http://127.0.0.1:{port}{mount}/exercises/{exercise.stem}/"
    server = subprocess.Popen([*warmup, "--project", str(project.root), "serve", "--address", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              # Ctrl+C stops it, as in a terminal: a benchmark started in the background (`&`)
                              # passes on a SIGINT that is ignored, and the preview would never hear it.
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    # Each build says how long it took (the preview's "Built in", or an earlier MkDocs-served preview's "built in");
    # the time to notice a save is not in it.
    rebuilds: list[float] = []
    threading.Thread(target=lambda: rebuilds.extend(
        float(match[1]) for line in server.stdout
        if (match := re.search(r"[Bb]uilt in ([\d.]+) s(?:econds)?$", line.strip()))), daemon=True).start()
    times = []
    try:
        wait_for(url, name)
        time.sleep(1)
        for attempt in range(1, 6):
            text = exercise.read_text("utf-8")
            exercise.write_text(text.replace(f"name: {name}", f"name: {name} {attempt}", 1) if attempt == 1 else
                                text.replace(f"{name} {attempt - 1}", f"{name} {attempt}"), "utf-8")
            started = time.perf_counter()
            wait_for(url, f"{name} {attempt}")
            times.append(time.perf_counter() - started)
            time.sleep(6)  # let the follow-up rebuild (the drawings made after the page) settle
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)  # a busy machine may take a while to finish the last drawing
    print(f"{label}: save -> new page served, polling included: median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s over {len(times)} edits ({', '.join(f'{one:.2f}' for one in times)}); "
          f"each build as it counts itself: median {statistics.median(rebuilds[1:] or [0]):.2f} s")


def wait_for(url: str, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if text in response.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{text!r} not served at {url} within {timeout} s")


def synthetic_library(root: Path, exercises: int) -> Path:
    """A project whose content/ holds ``exercises`` exercises in routines of ten (made-up timing text)."""
    project = copy_project(root)
    for folder in ("exercises", "routines"):
        for path in (project.content_dir / folder).glob("*.yaml"):
            path.unlink()
    for number in range(1, exercises + 1):
        (project.content_dir / f"exercises/exercise-{number:03}.yaml").write_text(
            f"name: Exercise {number:03}\nhow_to: Timing text for exercise {number}, a sentence of ordinary "
            "length that wraps onto a second line on the card.\nwhy_it_matters: Timing text.\n", "utf-8")
    slugs = [f"exercise-{number:03}" for number in range(1, exercises + 1)]
    for routine, start in enumerate(range(0, exercises, 10), start=1):
        listed = "".join(f"  - {slug}\n" for slug in slugs[start:start + 10])
        (project.content_dir / f"routines/routine-{routine:02}.yaml").write_text(
            f"title: Routine {routine:02}\nexercises:\n{listed}", "utf-8")
    club = project.content_dir / "club.yaml"
    club.write_text("name: Benchmark Club\nparents_routine: routine-01\n", "utf-8")
    return project.root


def growth(folder: Path) -> None:
    results = {}
    for size in (25, 50, 100):
        root = synthetic_library(folder / f"library-{size}", size)
        command = [*WARMUP, "--project", str(root), "build", "--quiet"]
        cold = best_of(command, before=emptying(Project(root).cache_dir))
        results[size] = best_of(command)
        print(f"synthetic library, {size:3} exercises in {-(-size // 10)} routines: warm {results[size]:.2f} s "
              f"({results[size] / size * 1000:.0f} ms per exercise), cold {cold:.2f} s ({cold / size * 1000:.0f} ms "
              "per exercise)")
    print(f"warm growth: 50/25 = {results[50] / results[25]:.2f}x, 100/50 = {results[100] / results[50]:.2f}x "
          "(linear: at most 2x per doubling); target: 100 exercises within 5 s")


def turn_about(commands: dict[str, tuple[list[str], Path]], cache_dirs: dict[str, Path]) -> dict[str, float]:
    """The best of REPEATS cold builds of each command, run in turns so a busier moment hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(REPEATS):
        for name, (command, cwd) in commands.items():
            shutil.rmtree(cache_dirs[name], ignore_errors=True)
            times[name].append(timed(command, cwd))
    return {name: min(values) for name, values in times.items()}


def without_figures(project: Project) -> None:
    """Take every figure out of the content, as if the exercises had never been drawn."""
    for path in (project.content_dir / "exercises").glob("*.yaml"):
        kept, skipping = [], False
        for line in path.read_text("utf-8").splitlines(keepends=True):
            if re.match(r"(advanced_)?figure:", line):
                skipping = True
            elif skipping and line.strip() and not line.startswith((" ", "#")):
                skipping = False
            if not skipping:
                kept.append(line)
        path.write_text("".join(kept), "utf-8")


def costs(folder: Path, baseline: str) -> None:
    with earlier_version(folder, baseline) as (earlier_warmup, earlier):
        now, then, plain = (copy_project(folder / name, reuse_drawings=False) for name in ("now", "then", "plain"))
        without_figures(plain)
        _sources_of(earlier, then)
        commands = {
            f"warmup at {baseline}": ([*earlier_warmup, "build", "--quiet"], then.root),
            "this version": ([*WARMUP, "--project", str(now.root), "build", "--quiet"], now.root),
            "this version, no figures": ([*WARMUP, "--project", str(plain.root), "build", "--quiet"], plain.root),
        }
        cache_dirs = dict(zip(commands, (then.cache_dir, now.cache_dir, plain.cache_dir)))
        best = turn_about(commands, cache_dirs)
        base = best[f"warmup at {baseline}"]
        print(f"cold builds, best of {REPEATS}, taken turn about:")
        for name, seconds in best.items():
            print(f"  {name:<30} {seconds:6.2f} s  {seconds / base:5.2f}x")
        # The first routine's page (sorted by file name), in each build.
        routine_page = f"routines/{sorted((now.content_dir / 'routines').glob('*.yaml'))[0].stem}/index.html"
        sizes = {name: len(gzip.compress((project.site_dir / routine_page).read_bytes(), 9))
                 for name, project in (("with figures", now), ("without", plain))}
        print(f"routine page, gzip: {sizes['with figures'] / 1024:.1f} KiB with figures, {sizes['without'] / 1024:.1f} "
              f"KiB without: figures add {(sizes['with figures'] - sizes['without']) / 1024:.1f} KiB; to a cold build "
              f"{best['this version'] - best['this version, no figures']:+.2f} s")


def _sources_of(earlier: Path, project: Project) -> None:
    """The earlier commit's content, templates and settings in ``project``: it builds what it was made for."""
    for part in ("content", "templates", "overrides", "docs", "mkdocs.yml"):
        target, source = project.root / part, earlier / part
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.exists():
            shutil.copy2(source, target)


@contextlib.contextmanager
def earlier_version(folder: Path, revision: str):
    """The `warmup` command of an earlier commit (installed on its own, ahead of this one on the path: its code,
    its entry points), and that commit's checkout."""
    earlier = folder / f"earlier-{revision}"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(earlier), revision],
                   check=True)
    try:
        installed = folder / f"earlier-{revision}-installed"
        subprocess.run([str(BIN / "pip"), "install", "--quiet", "--no-deps", "--target", str(installed), str(earlier)],
                       check=True)
        yield ["env", f"PYTHONPATH={installed}", str(installed / "bin" / "warmup")], earlier
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(earlier)], check=True)


def main() -> None:
    global REPEATS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds-only", action="store_true", help="only part 1: full builds on each engine")
    parser.add_argument("--costs", action="store_true", help="only part 4: what the figures and print family cost")
    parser.add_argument("--baseline", default=BASELINE, help=f"the earlier commit for --costs (default {BASELINE})")
    parser.add_argument("--against", metavar="REV", help="parts 1 and 2 for an earlier commit too, in the same run")
    parser.add_argument("--no-growth", action="store_true", help="leave out part 3 (the synthetic libraries)")
    parser.add_argument("--repeats", type=int, default=REPEATS,
                        help=f"builds of each kind, the best counting (default {REPEATS}; more on a busy machine)")
    arguments = parser.parse_args()
    REPEATS = arguments.repeats
    with tempfile.TemporaryDirectory(prefix="warmup-bench-") as folder, contextlib.ExitStack() as stack:
        if arguments.costs:
            costs(Path(folder), arguments.baseline)
            return
        earlier, earlier_tree = stack.enter_context(earlier_version(Path(folder), arguments.against)) \
            if arguments.against else (None, None)
        full_build_against_mkdocs(Path(folder), earlier, arguments.against or "", earlier_tree)
        if not arguments.builds_only:
            serve_rebuild(Path(folder))
            if earlier:
                serve_rebuild(Path(folder), earlier, f"serve at {arguments.against}", earlier_tree)
            if not arguments.no_growth:
                growth(Path(folder))


if __name__ == "__main__":
    main()
