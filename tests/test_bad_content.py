"""A coach's mistakes get a clear one-line error, a non-zero exit, and the built site stays as it was."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import copy_project, run_warmup, tree_fingerprint


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
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
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
