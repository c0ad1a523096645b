"""Shared helpers: real builds of a copy of this project in a temporary folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from warmup.content.library import load_library
from warmup.engines.settings import ENGINES
from warmup.project import Project

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "content", "templates", "overrides", "docs")
WARMUP = [sys.executable, "-m", "warmup.command.cli"]


def copy_project(destination: Path) -> Project:
    """A copy of this project's sources (not its outputs) at ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, destination / part)
    return Project(destination)


def run_warmup(project: Project, *arguments: str, check: bool = True, timeout: float = 300,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the `warmup` command line on ``project`` as a coach would (``timeout`` catches a hang;
    ``env``: variables added to this one's)."""
    result = subprocess.run([*WARMUP, "--project", str(project.root), *arguments],
                            capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(f"warmup {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def tree_fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes, to prove a folder was left untouched."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


class _TextExtractor(HTMLParser):
    SKIPPED = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        self._skipping += tag in self.SKIPPED

    def handle_endtag(self, tag):
        self._skipping -= tag in self.SKIPPED

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def normalise(text: str) -> str:
    """Text with typography folded away: curly quotes, dashes, line breaks and hyphenation."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u00ad", "").replace("-\n", "-")
    return " ".join(text.split())


def page_text(html_file: Path) -> str:
    """The visible text of a built HTML page, normalised."""
    return html_text(html_file.read_text("utf-8"))


def article_text(html_file: Path) -> str:
    """The text of a page's own content, without the menu, header and footer around it."""
    html = html_file.read_text("utf-8")
    return html_text(html[html.index("<article"):html.rindex("</article>")])


def html_text(html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(html)
    return normalise(" ".join(extractor.parts))


def pdf_text(pdf_file: Path) -> str:
    from pypdf import PdfReader

    return normalise(" ".join(page.extract_text() for page in PdfReader(pdf_file).pages))


@pytest.fixture(scope="session", params=ENGINES)
def engine(request) -> str:
    """Each site engine in turn: every test that uses it (or `built`) runs once per engine."""
    return request.param


@pytest.fixture(scope="session")
def built(tmp_path_factory, engine) -> Project:
    """This project, copied and built once per engine for the whole test session."""
    project = copy_project(tmp_path_factory.mktemp(f"built-{engine}") / "project")
    run_warmup(project, "build", "--engine", engine)
    return project


@pytest.fixture(scope="session")
def library():
    return load_library(REPO / "content")


pytest_plugins = ["browser"]
