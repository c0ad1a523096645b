"""How many layouts the fitting makes for each printed piece, and the drawing's CPU (a benchmark, not a test).

    .venv/bin/python benchmarks/fitting_layouts.py [--against REV] [--repeats N] [CONTENT ...]

Each CONTENT folder's pieces (default: this project's content/) are drawn one after another in one process, as a
cold build's helper draws them (Rendering.drawings(), then each drawing's draw(), into an empty render cache): for
each piece the sizes the fitting chose and the layouts it made, then the drawing's CPU. With --against, the same
with warmup's code and templates of REV, taken turn about with this checkout's, and whether every printed file came
out byte for byte the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def drawn(code: Path, contents: list[Path]) -> dict:
    """Every piece of ``contents`` drawn with the code and templates under ``code``: per piece its sizes, layouts
    and files' hashes, and the CPU of the drawing."""
    from warmup.content.library import load_library
    from warmup.printing import cards
    from warmup.render import Rendering
    from warmup.render_cache import RenderCache

    # The method that lays out one candidate, by its name in the version measured.
    name = "measure" if hasattr(cards.CardDrawer, "measure") else "_measure"
    laying_out = getattr(cards.CardDrawer, name)
    layouts = []

    def counted(self, *arguments):
        layouts.append(1)
        return laying_out(self, *arguments)

    setattr(cards.CardDrawer, name, counted)
    pieces, cpu = {}, 0.0
    for content in contents:
        with tempfile.TemporaryDirectory() as cache:
            start = time.process_time()
            rendering = Rendering(load_library(content), content, code / "templates", "https://example.org/warmups/",
                                  None, RenderCache(Path(cache)))
            for drawing in rendering.drawings()[1:]:  # the share picture is no printed piece
                before = len(layouts)
                files = drawing.draw()
                pdf = next(file for file in files if file.endswith(".pdf"))
                pieces[f"{content.parent.name}/{pdf.removesuffix('.pdf')}"] = {
                    "layouts": len(layouts) - before,
                    "files": {file: hashlib.sha256(data).hexdigest() for file, data in files.items()}}
            cpu += time.process_time() - start
    return {"pieces": pieces, "cpu": cpu}


def measured(code: Path, contents: list[Path]) -> dict:
    """drawn() in a process of its own, importing warmup from ``code``."""
    environment = {**os.environ, "PYTHONPATH": str(code / "scripts")}
    result = subprocess.run([sys.executable, __file__, "--code", str(code), "--json", *map(str, contents)],
                            env=environment, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def report(label: str, figures: dict) -> None:
    total = sum(piece["layouts"] for piece in figures["pieces"].values())
    print(f"{label}: {total} layouts, drawing {figures['cpu']:.2f} s CPU")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contents", nargs="*", type=Path, default=[REPO / "content"])
    parser.add_argument("--against", metavar="REV")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)  # the checkout whose warmup is measured
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    contents = [content.resolve() for content in options.contents]
    if options.json:
        print(json.dumps(drawn(options.code, contents)))
        sys.exit(0)
    with tempfile.TemporaryDirectory() as folder:
        versions = {"this checkout": REPO}
        if options.against:
            archive = subprocess.run(["git", "archive", options.against, "scripts", "templates"], cwd=REPO,
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
            versions = {options.against: Path(folder), **versions}
        runs = {label: [] for label in versions}
        for _ in range(options.repeats):  # taken turn about, so that the machine's mood falls on both
            for label, code in versions.items():
                runs[label].append(measured(code, contents))
        for piece in runs["this checkout"][0]["pieces"]:
            print(f"{piece}: " + ", ".join(f"{figures[0]['pieces'][piece]['layouts']} layouts ({label})"
                                           for label, figures in runs.items()))
        for turn in range(options.repeats):
            for label, figures in runs.items():
                report(label, figures[turn])
        if options.against:
            before, after = (runs[label][0]["pieces"] for label in versions)
            same = {piece: found["files"] for piece, found in before.items()} == \
                   {piece: found["files"] for piece, found in after.items()}
            print("every printed file byte for byte the same" if same else "the printed files DIFFER")
