"""Zensical: Material for MkDocs' successor, by the same team. It reads mkdocs.yml and overrides/
(rendered with MiniJinja) but runs no MkDocs plugin, so warmup does all of its own steps around it.

Its preview is `zensical serve`, which rebuilds when docs/ changes; warmup watches content/
and templates/ beside it and regenerates docs/ when they change.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from warmup.content.library import Library
from warmup.engines.engine import Engine
from warmup.problems import BuildError, WarmupError
from warmup.process_ties import end_with_parent
from warmup.project import Project

POLL_SECONDS = 1.0
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
# Zensical reports a problem as a framed excerpt: "Warning: page does not exist", then
# "╭─[ index.md:28:8 ]", then the line itself, "28 │ [Lost](nowhere.md)".
_PROBLEM = re.compile(r"^(?:Warning|Error): (.+)$")
_PLACE = re.compile(r"\[ (\S+:\d+:\d+) \]")
_SOURCE = re.compile(r"^\s*\d+ │ (.+)$")


class Zensical(Engine):
    name = program = "zensical"
    title = "Zensical"

    def build_command(self, config_file: Path, strict: bool) -> list[str]:
        # No --clean: it empties all of .cache/, the drawings warmup keeps there included.
        return ["build", "--config-file", str(config_file), *(["--strict"] if strict else [])]

    def reasons(self, output: str) -> list[str]:
        found: list[list[str]] = []
        for line in _COLOUR.sub("", output).splitlines():
            if problem := _PROBLEM.match(line.strip()):
                found.append(["", problem.group(1), ""])
            elif found and (place := _PLACE.search(line)):
                found[-1][0] = place.group(1)
            elif found and not found[-1][2] and (source := _SOURCE.match(line)):
                found[-1][2] = source.group(1).strip()
        return [": ".join(part for part in parts if part) for parts in found]

    def serve(self, project: Project, address: str, quiet: bool, prepare_docs: Callable[[], Library]) -> None:
        from warmup.engines.engine_config import engine_config
        from warmup.engines.preview import hand_over
        from warmup.site.identity import identity_settings
        from warmup.site.navigation import site_nav

        library = prepare_docs()
        # Zensical builds the preview into a folder inside the project; not site/, which stays as built.
        preview_dir = Path(tempfile.mkdtemp(dir=project.root, prefix=".warmup-preview-"))
        try:
            with engine_config(project, site_nav(library), preview_dir, identity_settings(library.club)) as config:
                hand_over()  # Zensical's server listens at the address from here on
                server = subprocess.Popen([sys.executable, "-m", self.program, "serve", "--config-file", str(config),
                                           "--dev-addr", address], cwd=project.root, preexec_fn=end_with_parent,
                                          stdout=subprocess.DEVNULL if quiet else None)
                try:
                    _regenerate_on_change(project, prepare_docs, server)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
                raise BuildError(f"the Zensical preview stopped by itself (exit code {server.returncode}); "
                                 "its messages above say why")
        finally:
            shutil.rmtree(preview_dir, ignore_errors=True)


def _regenerate_on_change(project: Project, prepare_docs: Callable[[], Library], server: subprocess.Popen) -> None:
    """Until the server stops: when a file in content/ or templates/ changes, write docs/ again."""
    seen = _stamps(project)
    while server.poll() is None:
        time.sleep(POLL_SECONDS)
        now = _stamps(project)
        if now == seen:
            continue
        seen = now
        try:
            prepare_docs()
        except WarmupError as error:
            _report([str(problem) for problem in error.problems])


def _report(problems: list[str]) -> None:
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr, flush=True)
    print("The preview waits until this is fixed, then rebuilds by itself.", file=sys.stderr, flush=True)


def _stamps(project: Project) -> dict[Path, tuple[int, int]]:
    return {path: (path.stat().st_mtime_ns, path.stat().st_size)
            for folder in (project.content_dir, project.templates_dir)
            for path in folder.rglob("*") if path.is_file()}


ENGINE = Zensical()
