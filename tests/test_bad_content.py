"""A coach's mistakes get a clear one-line error, a non-zero exit, and the built site stays as it was.

Every mistake is found by the command's own code run in this process (`warmup_in_process`), its line
compared as the command prints it; one mistake is also made where a coach makes it, `warmup build` and
plain `mkdocs build` as programs, for the command's contract: exit 1, stderr holding only the error
line and the count, site/ as it was. What each mistake breaks, and what the line must then say, is read
from the fixture club's own files.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from conftest import (club_content, copy_project, error_lines, line_of, run_warmup, tree_fingerprint,
                      warmup_in_process, with_earlier_site)

CLUB = club_content().parent  # the fixture club's folder: content/... inside it as in a project
ROUTINE = "content/routines/dryland.yaml"
EXERCISE = "content/exercises/bridge-hold.yaml"
CLUB_FILE = "content/club.yaml"


def _fixture_line(relative: str, start: str) -> str:
    """The fixture club's line of ``relative`` that starts with ``start``."""
    return next(line for line in (CLUB / relative).read_text("utf-8").splitlines() if line.startswith(start))


def _fixture_data(relative: str):
    return yaml.safe_load((CLUB / relative).read_text("utf-8"))


def _mistakes() -> dict[str, tuple[str, str, str, list[str]]]:
    """Each mistake: the file, the text it replaces and with what, and fragments of the one line the coach reads."""
    name = _fixture_line(EXERCISE, "name: ")
    fourth = _fixture_data(ROUTINE)["exercises"][3]
    colors = _fixture_data(CLUB_FILE)["colors"]
    return {
        "invalid YAML": (EXERCISE, name, name.replace("name: ", "name: [", 1), [f"{EXERCISE}:", "not valid YAML"]),
        "missing required field": ("content/exercises/table-side-lifts.yaml", "why_it_matters:", "# why_it_matters:",
                                   ["content/exercises/table-side-lifts.yaml", "why_it_matters", "missing"]),
        "unknown key": ("content/exercises/knee-openers.yaml", "how_to:", "how_too:",
                        ["content/exercises/knee-openers.yaml:", "'how_too'", "Did you mean 'how_to'?"]),
        "routine naming a missing exercise": (ROUTINE, f"  - {fourth}", f"  - {fourth[:-1]}",
                                              [f"{ROUTINE}:", "exercises[4]", f"'{fourth[:-1]}'",
                                               f"Did you mean '{fourth}'?"]),
        "club colour too light to read": (CLUB_FILE, f'primary: "{colors["primary"]}"', 'primary: "#f5c000"',
                                          [f"{CLUB_FILE}:", "colors.primary", "#f5c000", "white text",
                                           "WCAG AA needs 4.5:1", "darker"]),
        "club colour without quotes": (CLUB_FILE, f'accent: "{colors["accent"]}"', f"accent: {colors['accent']}",
                                       [f"{CLUB_FILE}:", "colors.accent", "in quotes"]),
        "template mistake": ("templates/site/exercise.md.j2", "# {{ m.exercise_heading(exercise) }}",
                             "# {{ m.exercise_heading(exercise }}",
                             ["templates/site/exercise.md.j2:4", "fix the template"]),
    }


MISTAKES = _mistakes()


def _edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """A project whose content each test breaks, then puts back; never built (a build that stops at a mistake
    draws nothing)."""
    return copy_project(tmp_path_factory.mktemp("sources") / "project", reuse_drawings=False)


def _broken(project, name: str):
    relative, old, new, expected = MISTAKES[name]
    path = project.root / relative
    original = path.read_bytes()
    _edit(path, old, new)
    return expected, lambda: path.write_bytes(original)


@pytest.mark.parametrize("name", MISTAKES)
def test_each_mistake_is_one_clear_line(sources, name):
    expected, restore = _broken(sources, name)
    try:
        result = warmup_in_process(sources, "build", "--quiet")
    finally:
        restore()
    assert result.returncode == 1
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    for fragment in expected:
        assert fragment in errors[0]


def test_warmup_build_reports_one_clear_line_and_keeps_the_site(tmp_path):
    """The command as a program, on one mistake of the table (found while rendering, after the content is read):
    what a coach reads, and site/ left as it was."""
    project = copy_project(tmp_path / "project", reuse_drawings=False)
    with_earlier_site(project)
    expected, _ = _broken(project, "template mistake")
    before = tree_fingerprint(project.site_dir)
    result = run_warmup(project, "build", check=False)
    assert result.returncode == 1
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    for fragment in expected:
        assert fragment in errors[0]
    assert tree_fingerprint(project.site_dir) == before
    assert not list(project.root.glob(".site-*")), "a failed build left its staging folder behind"


def test_plain_mkdocs_build_also_refuses_bad_content(tmp_path):
    """Through the warmup plugin, which prints the same lines: on one mistake of the table."""
    project = copy_project(tmp_path / "project", reuse_drawings=False)
    expected, _ = _broken(project, "invalid YAML")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "other-site"],
                            cwd=project.root, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert expected[0].rstrip(":") in result.stderr
    assert not (project.root / "other-site" / "index.html").exists()


# Each mistake, and exactly what the coach reads: the error lines, then the summary, nothing else.
def _check_says(project, *lines: str) -> None:
    result = warmup_in_process(project, "check", "--quiet")
    assert result.stderr == "".join(f"error: {line}\n" for line in lines) + (
        f"{len(lines)} problem(s) found; nothing was published, site/ is unchanged.\n")
    assert result.returncode == 1


def test_an_unreadable_site_url_in_mkdocs_yml_is_one_line_with_its_place(sources):
    original = sources.config_file.read_text("utf-8")
    line = line_of(sources.config_file, "site_url:")
    text = original.splitlines(keepends=True)
    text[line - 1] = "site_url: http://[::1\n"
    sources.config_file.write_text("".join(text), "utf-8")
    try:
        _check_says(sources, f"mkdocs.yml:{line}:11: site_url: 'http://[::1' is not a full web address; write the "
                             "site's address as the browser shows it, e.g. https://example.org/warmups/")
    finally:
        sources.config_file.write_text(original, "utf-8")


def test_broken_yaml_in_mkdocs_yml_is_one_line_with_its_place(sources):
    original = sources.config_file.read_text("utf-8")
    sources.config_file.write_text(original + "site_name: [Harbour\n", "utf-8")
    try:
        _check_says(sources, f"mkdocs.yml:{len(original.splitlines()) + 2}:1: is not valid YAML (expected ',' or "
                             "']', but got '<stream end>'); check the indentation and that each setting is written "
                             "as 'name: value'")
    finally:
        sources.config_file.write_text(original, "utf-8")


def test_list_items_are_counted_from_one_and_named_alike_everywhere(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False)
    second = _fixture_data(ROUTINE)["exercises"][1]
    misspelt = second.title().replace("-", "_") + "_2"  # knee-openers: Knee_Openers_2
    routine = project.root / ROUTINE
    _edit(routine, f"  - {second}", f"  - {misspelt}")
    line = line_of(routine, f"  - {misspelt}")
    _check_says(project, f"{ROUTINE}:{line}:5: exercises[2]: should be a file name in lower case with dashes, e.g. "
                         f"calf-raises (found '{misspelt}')")
    _edit(routine, f"  - {misspelt}", f"  - {second[:-1]}")
    _check_says(project, f"{ROUTINE}:{line}:5: exercises[2]: '{second[:-1]}' is not an exercise in "
                         f"content/exercises/; create content/exercises/{second[:-1]}.yaml or fix the name. "
                         f"Did you mean '{second}'?")
    exercise = project.root / EXERCISE
    _edit(exercise, "how_to:", "equipment:\n  - name: mat\n  - name: band\n    optional: maybe\nhow_to:")
    _edit(routine, f"  - {second[:-1]}", f"  - {second}")
    line = line_of(exercise, "    optional: maybe")
    _check_says(project, f"{EXERCISE}:{line}:5: equipment[2].optional: should be yes or no (found 'maybe')")
