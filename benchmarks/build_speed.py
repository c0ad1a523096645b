"""How fast the coach's tools are, measured on this machine and printed (a benchmark, not a test).

    .venv/bin/python benchmarks/build_speed.py

1. A full `warmup build` (site and both cards) against a plain `mkdocs build` of the
   same generated docs/ (the warmup plugin left out), in the same run: the ratio.
2. `warmup serve`: time from saving one content edit to the new page being served.
3. Synthetic libraries of 25, 50 and 100 exercises in routines of 10: build time, and
   how it grows. Their text is made up for timing only and is built in a temporary folder.
"""

from __future__ import annotations

import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import WARMUP, copy_project  # noqa: E402

BIN = Path(sys.executable).parent
REPEATS = 3


def timed(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def best_of(command: list[str], cwd: Path | None = None) -> float:
    return min(timed(command, cwd) for _ in range(REPEATS))


def full_build_against_mkdocs(folder: Path) -> None:
    project = copy_project(folder / "project")
    warmup = [*WARMUP, "--project", str(project.root), "build", "--quiet"]
    timed(warmup)  # writes docs/, so plain MkDocs below has the same pages to build
    plain_config = project.root / "mkdocs-plain.yml"
    plain_config.write_text("INHERIT: mkdocs.yml\nplugins:\n  - search\n", "utf-8")
    mkdocs = [str(BIN / "mkdocs"), "build", "--quiet", "-f", str(plain_config), "-d", str(folder / "plain-site")]
    warmup_time, mkdocs_time = best_of(warmup), best_of(mkdocs, cwd=project.root)
    print(f"full warmup build (site + both cards): {warmup_time:.2f} s")
    print(f"plain mkdocs build of the same docs/:  {mkdocs_time:.2f} s")
    print(f"ratio: {warmup_time / mkdocs_time:.2f}x (target at most 1.5x)")


def serve_rebuild(folder: Path) -> None:
    from mkdocs.config import load_config

    project = copy_project(folder / "serve")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mount = urlsplit(load_config(str(project.config_file)).site_url).path.rstrip("/")
    url = f"http://127.0.0.1:{port}{mount}/exercises/glute-bridges/"
    server = subprocess.Popen([*WARMUP, "--project", str(project.root), "--quiet", "serve", "--address",
                               f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    exercise = project.content_dir / "exercises/glute-bridges.yaml"
    times = []
    try:
        wait_for(url, "Glute Bridges")
        time.sleep(1)
        for attempt in range(1, 6):
            text = exercise.read_text("utf-8")
            exercise.write_text(text.replace("name: Glute Bridges", f"name: Glute Bridges {attempt}", 1)
                                if attempt == 1 else text.replace(f"Bridges {attempt - 1}", f"Bridges {attempt}"),
                                "utf-8")
            started = time.perf_counter()
            wait_for(url, f"Glute Bridges {attempt}")
            times.append(time.perf_counter() - started)
            time.sleep(2)  # let the follow-up rebuild (docs/ changed) settle
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    print(f"serve: save -> new page served: median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s over {len(times)} edits (target within 1 s)")


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
        results[size] = best_of([*WARMUP, "--project", str(root), "build", "--quiet"])
        print(f"synthetic library, {size:3} exercises in {-(-size // 10)} routines: {results[size]:.2f} s "
              f"({results[size] / size * 1000:.0f} ms per exercise)")
    print(f"growth: 50/25 = {results[50] / results[25]:.2f}x, 100/50 = {results[100] / results[50]:.2f}x "
          "(linear: at most 2x per doubling); target: 100 exercises within 5 s")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="warmup-bench-") as folder:
        full_build_against_mkdocs(Path(folder))
        serve_rebuild(Path(folder))
        growth(Path(folder))


if __name__ == "__main__":
    main()
