"""How long `warmup check` takes to answer for a how-to text of many words (a benchmark, not a test).

    .venv/bin/python benchmarks/card_fitting_speed.py [WORDS ...]   (default: 300 1000 2500)

Each run copies the project (its own content/) into a temporary folder, gives the first exercise
of the parents' routine a how-to of WORDS made-up words, and times `warmup check` from start to
its answer (exit 0: the card fits; exit 1: it says by how much it is too long). The guide
(guide/printed.md) promises that answer in seconds.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import THIS_PROJECT, WARMUP, copy_project, lengthen_how_to  # noqa: E402
from warmup.content.library import load_library  # noqa: E402


def check_time(words: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project", club=THIS_PROJECT)
        first = load_library(project.content_dir, project.templates_dir).parents_routine.exercises[0]
        lengthen_how_to(project.root / first.source, words)
        start = time.perf_counter()
        result = subprocess.run([*WARMUP, "--project", str(project.root), "check", "--quiet"],
                                capture_output=True, text=True, timeout=900)
        return time.perf_counter() - start, result.returncode


if __name__ == "__main__":
    for words in [int(word) for word in sys.argv[1:]] or [300, 1000, 2500]:
        seconds, code = check_time(words)
        print(f"{words:>6} words: warmup check answered in {seconds:5.1f} s "
              f"({'fits' if code == 0 else 'too long' if code == 1 else f'exit {code}'})")
