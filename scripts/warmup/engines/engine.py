"""What warmup asks of a site engine: turn docs/ into a built site, once or again and again (the live preview).

Each engine runs as its own program (a subprocess of this Python), so engines that
replace one another's modules (ProperDocs stands in for `mkdocs` when it runs) never
meet in one process, and warmup's steps before and after are the same for all of them.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from warmup.engines.build_date import SOURCE_DATE_EPOCH
from warmup.engines.engine_config import DRIVEN_BY_WARMUP
from warmup.engines.primed import EXIT_LINE
from warmup.problems import BuildError, ContentError
from warmup.process_ties import end_with_parent
from warmup.project import Project
from warmup.settings.reader import SiteSettings

# An engine's own lines worth showing a coach when it stops: its warnings and errors.
_REASON = re.compile(r"^\s*(?:WARNING|ERROR|Error|error)\b[\s:-]*(.+)$")


class Engine(ABC):
    name: str  # as written in mkdocs.yml and after --engine
    title: str  # as a coach reads it in a message
    program: str  # the Python module run as `python -m <program>`

    @abstractmethod
    def build_command(self, config_file: Path, strict: bool, again: bool = False) -> list[str]:
        """The command line that builds the site ``config_file`` describes into its site_dir; ``again``: into a
        site it built before, rebuilding only what changed, where the engine can."""

    def reasons(self, output: str) -> list[str]:
        """Why the engine stopped, one line per problem, from what it printed."""
        return [match.group(1).strip() for match in map(_REASON.match, output.splitlines()) if match]

    def failure(self, settings: SiteSettings, output: str) -> ContentError | BuildError:
        """The error that says why the engine stopped, from what it printed: pointed at mkdocs.yml's line where
        the engine complained of a setting."""
        from warmup.settings.checks import engine_problems  # here: loading it must not delay the engine's start

        config_file = settings.source.files[0].shown
        reasons = self.reasons(output) or [line.strip() for line in output.splitlines()
                                           if line.strip()][-1:] or ["no reason given"]
        if problems := engine_problems(settings, self.title, reasons):
            return ContentError(problems)
        return BuildError(f"{config_file.name}: {self.title} stopped the build: {'; '.join(reasons)} "
                          "(pages are made from content/ with templates/site/: fix it there)")

    # What the engine loads before it can build, loaded while the pages are rendered (primed.py).
    preload: tuple[str, ...] = ()

    @contextmanager
    def primed(self, project: Project, settings: SiteSettings) -> Iterator["PrimedEngine"]:
        """The engine's program, loading while the ``with`` block renders the pages; the block calls ``build()``
        on it, then ``finish()`` on what that returns. Stopped if the block fails."""
        # Into files, not pipes: an engine that says a lot must not wait for the build to read it.
        with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr, \
                self._started(project, stdout=stdout, stderr=stderr) as process:
            yield PrimedEngine(self, settings, process, stdout, stderr)

    @contextmanager
    def warm(self, project: Project, settings: SiteSettings) -> Iterator["WarmEngine"]:
        """The engine's program, kept loaded for as many builds as the ``with`` block asks of it."""
        with self._started(project, "--many", stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
            yield WarmEngine(self, settings, process)

    @contextmanager
    def _started(self, project: Project, *options: str, **streams) -> Iterator[subprocess.Popen]:
        command = [sys.executable, "-m", "warmup.engines.primed", self.program, *self.preload, *options]
        process = subprocess.Popen(command, cwd=project.root, stdin=subprocess.PIPE, preexec_fn=end_with_parent,
                                   env={**os.environ, DRIVEN_BY_WARMUP: "1", "DISABLE_MKDOCS_2_WARNING": "true"},
                                   **streams)
        try:
            yield process
        except BaseException:
            _stop_now(process)
            raise
        finally:
            process.stdin.close()
            if options:  # the preview's: its last build is done, and standard input closed ends it
                process.wait(timeout=30)


def _stop_now(process: subprocess.Popen) -> None:
    """Stop the program at once, and wait until it has: a stopped build must find nothing more written."""
    process.kill()
    process.wait()


class PrimedEngine:
    """An engine's program, loaded and waiting for the settings file to build."""

    def __init__(self, engine: Engine, settings: SiteSettings, process: subprocess.Popen, stdout, stderr):
        self.engine, self.settings, self.process, self.stdout, self.stderr = engine, settings, process, stdout, stderr

    def build(self, config_file: Path, strict: bool, date: str) -> "EngineRun":
        """Start building the site ``config_file`` describes into its site_dir, dated ``date`` (build_date.py)."""
        request = {"arguments": self.engine.build_command(config_file, strict), "environment": {SOURCE_DATE_EPOCH: date}}
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.close()
        except BrokenPipeError:
            pass  # it stopped while loading: finish() reports why
        return EngineRun(self.engine, self.settings, self.process, self.stdout, self.stderr)

    def stop(self) -> None:
        _stop_now(self.process)


class EngineRun:
    """One engine build under way."""

    def __init__(self, engine: Engine, settings: SiteSettings, process: subprocess.Popen, stdout, stderr):
        self.engine, self.settings, self.process, self.stdout, self.stderr = engine, settings, process, stdout, stderr

    def finish(self) -> None:
        """Wait for the engine; ContentError or BuildError, with its reasons, if it failed."""
        if self.process.wait() != 0:
            raise self.engine.failure(self.settings, _read(self.stderr) + _read(self.stdout))


class WarmEngine:
    """An engine's program kept loaded between builds (the live preview): each build is a line to it."""

    def __init__(self, engine: Engine, settings: SiteSettings, process: subprocess.Popen):
        self.engine, self.settings, self.process = engine, settings, process

    def build(self, config_file: Path, strict: bool, again: bool, date: str) -> None:
        """Build the site ``config_file`` describes, dated ``date``; ``again``: only what changed since the last
        build. ContentError or BuildError, with its reasons, if it failed."""
        with tempfile.NamedTemporaryFile(prefix="warmup-engine-", suffix=".log") as output:
            request = {"arguments": self.engine.build_command(config_file, strict, again), "output": output.name,
                       "environment": {SOURCE_DATE_EPOCH: date}}
            try:
                self.process.stdin.write(json.dumps(request).encode() + b"\n")
                self.process.stdin.flush()
                answer = self.process.stdout.readline().decode()
            except BrokenPipeError:
                answer = ""
            if answer != f"{EXIT_LINE}0\n":
                said = Path(output.name).read_text("utf-8", errors="replace")
                raise self.engine.failure(self.settings, said or f"it stopped (exit code {self.process.poll()})")


def _read(stream) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", errors="replace")


def engine_named(name: str) -> Engine:
    """The engine called ``name`` (one of settings.ENGINES); its module is imported only when chosen."""
    return importlib.import_module(f"warmup.engines.{name}").ENGINE
