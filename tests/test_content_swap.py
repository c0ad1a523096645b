"""The content tests hold for any club: a fixture club swapped into a copy of the project passes them,
and a mistake in its content fails them with the one-line problem `warmup check` prints."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import DRAWINGS_MADE_VARIABLE, REPO, copy_project, first_build, run_warmup, watched_environment

CONTENT_TESTS = "tests/test_club_content.py"


def _swapped(tmp_path, club: str):
    """A copy of the project whose content/ and mkdocs.yml are fixture club ``club``'s, with the tests beside
    them, as a club's own repository is after it replaced content/."""
    project = copy_project(tmp_path / "project", reuse_drawings=False, club=club)
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "tests"],
                            cwd=REPO, check=True, capture_output=True, text=True).stdout
    for relative in filter(None, listed.split("\0")):
        target = project.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((REPO / relative).read_bytes())
    # The copy is a repository of its own, as a club's is: the tests copy projects from what git lists.
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project.root, check=True)
    return project


def _content_tests(project, drawn_as: str | None = None) -> subprocess.CompletedProcess:
    """The content tests run in ``project``; with ``drawn_as``, a fixture club swapped in unchanged, they start with
    the drawings this session's first build of that club made (the same content, templates and code: the same
    drawings) rather than drawing every piece again."""
    drawings = {DRAWINGS_MADE_VARIABLE: str(first_build(drawn_as).project.cache_dir)} if drawn_as else {}
    # Without Hypothesis' plugin, which the content tests do not use: it loads all of Hypothesis when the session
    # ends, a second of CPU for each run.
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
                           CONTENT_TESTS],
                          cwd=project.root, capture_output=True, text=True, timeout=600,
                          env={**watched_environment({}), **drawings})


@pytest.mark.parametrize("club", ["harbour", "meadow"])
def test_another_clubs_content_passes_the_content_tests(tmp_path, club):
    result = _content_tests(_swapped(tmp_path, club), drawn_as=club)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and " failed" not in result.stdout and "skipped" not in result.stdout


def test_a_new_clubs_starter_passes_the_content_tests(tmp_path):
    project = _swapped(tmp_path, "meadow")
    subprocess.run(["git", "commit", "-qm", "the club as it was", "--author", "Test <test@example.org>"],
                   cwd=project.root, check=True, env={**watched_environment({}), "GIT_COMMITTER_NAME": "Test",
                                                      "GIT_COMMITTER_EMAIL": "test@example.org"})
    run_warmup(project, "new-club", "Valley Rowing Club")
    subprocess.run(["git", "add", "-A"], cwd=project.root, check=True)
    result = _content_tests(project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_a_mistake_in_the_content_fails_the_content_tests_with_warmup_checks_line(tmp_path):
    project = _swapped(tmp_path, "meadow")
    exercise = project.content_dir / "exercises" / "lunges.yaml"
    exercise.write_text(exercise.read_text("utf-8").replace("how_to:", "how_too:"), "utf-8")
    subprocess.run(["git", "add", "-A"], cwd=project.root, check=True)
    said = run_warmup(project, "check", check=False)
    lines = [line for line in said.stderr.splitlines() if line.startswith("error: ")]
    assert said.returncode == 1 and lines
    result = _content_tests(project)
    assert result.returncode == 1
    assert all(line.removeprefix("error: ") in result.stdout for line in lines), (lines, result.stdout[-3000:])
