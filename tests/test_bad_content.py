"""A coach's mistakes get a clear one-line error, a non-zero exit, and the built site stays as it was."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import copy_project, error_lines, run_warmup, tree_fingerprint


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project built once; each test breaks its content, then puts the content back."""
    project = copy_project(tmp_path_factory.mktemp("published") / "project")
    run_warmup(project, "build")
    return project


def _edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


MISTAKES = {
    "invalid YAML": ("content/exercises/glute-bridges.yaml", "name: Glute Bridges", "name: [Glute Bridges",
                     ["content/exercises/glute-bridges.yaml:", "not valid YAML"]),
    "missing required field": ("content/exercises/fire-hydrants.yaml", "why_it_matters:", "# why_it_matters:",
                               ["content/exercises/fire-hydrants.yaml", "why_it_matters", "missing"]),
    "unknown key": ("content/exercises/clamshells.yaml", "how_to:", "how_too:",
                    ["content/exercises/clamshells.yaml:", "'how_too'", "Did you mean 'how_to'?"]),
    "routine naming a missing exercise": ("content/routines/hip-activation.yaml", "  - donkey-kicks", "  - donkey-kick",
                                          ["content/routines/hip-activation.yaml:", "exercises[4]",
                                           "'donkey-kick'", "Did you mean 'donkey-kicks'?"]),
    "club colour too light to read": ("content/club.yaml", 'primary: "#1d5b5e"', 'primary: "#f5c000"',
                                      ["content/club.yaml:", "colors.primary", "#f5c000", "white text",
                                       "WCAG AA needs 4.5:1", "darker"]),
    "club colour without quotes": ("content/club.yaml", 'accent: "#a4462a"', "accent: #a4462a",
                                   ["content/club.yaml:", "colors.accent", "in quotes"]),
    "template mistake": ("templates/site/exercise.md.j2", "# {{ m.exercise_heading(exercise) }}",
                         "# {{ m.exercise_heading(exercise }}",
                         ["templates/site/exercise.md.j2:4", "fix the template"]),
}


@pytest.fixture(params=MISTAKES, ids=list(MISTAKES))
def broken(request, published):
    relative, old, new, expected = MISTAKES[request.param]
    path = published.root / relative
    original = path.read_bytes()
    _edit(path, old, new)
    yield published, expected
    path.write_bytes(original)


def test_warmup_build_reports_one_clear_line_and_keeps_the_site(broken):
    project, expected = broken
    before = tree_fingerprint(project.site_dir)
    result = run_warmup(project, "build", check=False)
    assert result.returncode == 1
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    for fragment in expected:
        assert fragment in errors[0]
    assert tree_fingerprint(project.site_dir) == before
    assert not list(project.root.glob(".site-*")), "a failed build left its staging folder behind"


def test_plain_mkdocs_build_also_refuses_bad_content(broken):
    project, expected = broken
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "other-site"],
                            cwd=project.root, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert expected[0].rstrip(":") in result.stderr
    assert not (project.root / "other-site" / "index.html").exists()


# Each mistake, and exactly what the coach reads: the error lines, then the summary, nothing else.
ROUTINE = "content/routines/hip-activation.yaml"
EXERCISE = "content/exercises/glute-bridges.yaml"


def _line_of(path, start: str) -> int:
    """The 1-based line of ``path`` that starts with ``start``, read from the file itself."""
    return next(number for number, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.startswith(start))


def _check_says(project, *lines: str) -> None:
    result = run_warmup(project, "check", "--quiet", check=False, timeout=120)
    assert result.stderr == "".join(f"error: {line}\n" for line in lines) + (
        f"{len(lines)} problem(s) found; nothing was published, site/ is unchanged.\n")
    assert result.returncode == 1


def test_an_unreadable_site_url_in_mkdocs_yml_is_one_line_with_its_place(tmp_path):
    project = copy_project(tmp_path / "project")
    line = _line_of(project.config_file, "site_url:")
    text = project.config_file.read_text("utf-8").splitlines(keepends=True)
    text[line - 1] = "site_url: http://[::1\n"
    project.config_file.write_text("".join(text), "utf-8")
    _check_says(project, f"mkdocs.yml:{line}:11: site_url: 'http://[::1' is not a full web address; write the "
                         "site's address as the browser shows it, e.g. https://example.org/warmups/")


def test_broken_yaml_in_mkdocs_yml_is_one_line_with_its_place(tmp_path):
    project = copy_project(tmp_path / "project")
    lines = len(project.config_file.read_text("utf-8").splitlines())
    with project.config_file.open("a", encoding="utf-8") as config:
        config.write("site_name: [Roadrunner\n")
    _check_says(project, f"mkdocs.yml:{lines + 2}:1: is not valid YAML (expected ',' or ']', but got "
                         "'<stream end>'); check the indentation and that each setting is written as 'name: value'")


def test_list_items_are_counted_from_one_and_named_alike_everywhere(tmp_path):
    project = copy_project(tmp_path / "project")
    routine = project.root / ROUTINE
    _edit(routine, "  - clamshells", "  - Clamshells_2")
    line = _line_of(routine, "  - Clamshells_2")
    _check_says(project, f"{ROUTINE}:{line}:5: exercises[2]: should be a file name in lower case with dashes, e.g. "
                         "calf-raises (found 'Clamshells_2')")
    _edit(routine, "  - Clamshells_2", "  - clamshell")
    _check_says(project, f"{ROUTINE}:{line}:5: exercises[2]: 'clamshell' is not an exercise in content/exercises/; "
                         "create content/exercises/clamshell.yaml or fix the name. Did you mean 'clamshells'?")
    exercise = project.root / EXERCISE
    _edit(exercise, "how_to:", "equipment:\n  - name: mat\n  - name: band\n    optional: maybe\nhow_to:")
    _edit(routine, "  - clamshell", "  - clamshells")
    line = _line_of(exercise, "    optional: maybe")
    _check_says(project, f"{EXERCISE}:{line}:5: equipment[2].optional: should be yes or no (found 'maybe')")
