"""What warmup asks of a site engine: turn docs/ into a built site, and preview it live.

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from warmup.command.config_file import engine_problems
from warmup.content.library import Library
from warmup.engines.build_date import SOURCE_DATE_EPOCH
from warmup.engines.engine_config import DRIVEN_BY_WARMUP
from warmup.problems import BuildError, ContentError
from warmup.process_ties import end_with_parent
from warmup.project import Project

# An engine's own lines worth showing a coach when it stops: its warnings and errors.
_REASON = re.compile(r"^\s*(?:WARNING|ERROR|Error|error)\b[\s:-]*(.+)$")


class Engine(ABC):
    name: str  # as written in mkdocs.yml and after --engine
    title: str  # as a coach reads it in a message
    program: str  # the Python module run as `python -m <program>`

    @abstractmethod
    def build_command(self, config_file: Path, strict: bool) -> list[str]:
        """The command line that builds the site ``config_file`` describes into its site_dir."""

    @abstractmethod
    def serve(self, project: Project, address: str, quiet: bool, prepare_docs: Callable[[], Library]) -> None:
        """A live preview at ``address`` until Ctrl+C, rebuilt when content/ or templates/ change.
        ``prepare_docs`` writes docs/ from them (an engine that runs the warmup plugin has it do that)."""

    def reasons(self, output: str) -> list[str]:
        """Why the engine stopped, one line per problem, from what it printed."""
        return [match.group(1).strip() for match in map(_REASON.match, output.splitlines()) if match]

    # What the engine loads before it can build, loaded while the pages are rendered (primed.py).
    preload: tuple[str, ...] = ()

    @contextmanager
    def primed(self, project: Project, date: str) -> Iterator["PrimedEngine"]:
        """The engine's program, loading while the ``with`` block renders the pages; the block calls ``build()``
        on it, then ``finish()`` on what that returns. Stopped if the block fails. The site is dated ``date``
        (build_date.py)."""
        command = [sys.executable, "-m", "warmup.engines.primed", self.program, *self.preload]
        # Into files, not pipes: an engine that says a lot must not wait for the build to read it.
        with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
            process = subprocess.Popen(command, cwd=project.root, stdin=subprocess.PIPE, stdout=stdout,
                                       stderr=stderr, preexec_fn=end_with_parent,
                                       env={**os.environ, DRIVEN_BY_WARMUP: "1", "DISABLE_MKDOCS_2_WARNING": "true",
                                            SOURCE_DATE_EPOCH: date})
            try:
                yield PrimedEngine(self, project, process, stdout, stderr)
            except BaseException:
                process.kill()
                process.wait()
                raise
            finally:
                process.stdin.close()


class PrimedEngine:
    """An engine's program, loaded and waiting for the settings file to build."""

    def __init__(self, engine: Engine, project: Project, process: subprocess.Popen, stdout, stderr):
        self.engine, self.project, self.process, self.stdout, self.stderr = engine, project, process, stdout, stderr

    def build(self, config_file: Path, strict: bool) -> "EngineRun":
        """Start building the site ``config_file`` describes into its site_dir."""
        try:
            self.process.stdin.write(json.dumps(self.engine.build_command(config_file, strict)).encode() + b"\n")
            self.process.stdin.close()
        except BrokenPipeError:
            pass  # it stopped while loading: finish() reports why
        return EngineRun(self.engine, self.project, self.process, self.stdout, self.stderr)


class EngineRun:
    """One engine build under way."""

    def __init__(self, engine: Engine, project: Project, process: subprocess.Popen, stdout, stderr):
        self.engine, self.project, self.process, self.stdout, self.stderr = engine, project, process, stdout, stderr

    def finish(self) -> None:
        """Wait for the engine; ContentError or BuildError, with its reasons, if it failed."""
        if self.process.wait() == 0:
            return
        output = _read(self.stderr) + _read(self.stdout)
        engine, config_file = self.engine, self.project.config_file
        reasons = engine.reasons(output) or [line.strip() for line in output.splitlines()
                                             if line.strip()][-1:] or ["no reason given"]
        if problems := engine_problems(config_file, engine.title, reasons):
            raise ContentError(problems)
        raise BuildError(f"{config_file.name}: {engine.title} stopped the build: {'; '.join(reasons)} "
                         "(pages are made from content/ with templates/site/: fix it there)")


def _read(stream) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", errors="replace")


def engine_named(name: str) -> Engine:
    """The engine called ``name`` (one of settings.ENGINES); its module is imported only when chosen."""
    return importlib.import_module(f"warmup.engines.{name}").ENGINE
