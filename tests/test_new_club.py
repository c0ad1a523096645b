"""`warmup new-club NAME`: the example club's content replaced by a starter that builds as it is.

What must be gone is read from the copy's own content/ before the command runs, never named
here: its files, its club's name and short name, its exercises' names and routines' titles. The
command runs on a fixture club and on this repository's own club, whichever it is.
"""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from conftest import CLUB, THIS_PROJECT, copy_built, copy_project, error_lines, first_build, run_warmup, tree_fingerprint
from warmup.settings.reader import SITE_URL_VARIABLE

NAME = "Valley Football Club"
# The README's rule for a club without short_name: the first words of its name that fit 18 letters.
HEADER_NAME = "Valley Football"
PAGES_ADDRESS = "https://example.org/valley-fc"  # as the publishing workflow passes it on


def _old_club(project) -> tuple[set[str], set[str]]:
    """The example club's files in content/ but its club file (rewritten) and the editors' schemas, and the
    words that name the club and its content."""
    content = project.content_dir
    files = {path.relative_to(project.root).as_posix() for path in content.rglob("*")
             if path.is_file() and path.parent.name != "schemas" and path.name != "club.yaml"}
    club = yaml.safe_load((content / "club.yaml").read_text("utf-8"))
    words = {club["name"], club.get("short_name")} - {None}
    words |= {yaml.safe_load(path.read_text("utf-8"))["name"] for path in content.glob("exercises/*.yaml")}
    words |= {yaml.safe_load(path.read_text("utf-8"))["title"] for path in content.glob("routines/*.yaml")}
    words |= {path.stem for path in content.glob("*/*.yaml")}  # the pages' and cards' file names
    return files, words


def _texts(folder) -> dict[str, str]:
    texts = {}
    for path in folder.rglob("*"):
        try:
            texts[path.relative_to(folder.parent).as_posix()] = path.read_text("utf-8") if path.is_file() else ""
        except UnicodeDecodeError:  # a picture or a PDF: its name is still read
            texts[path.relative_to(folder.parent).as_posix()] = ""
    return texts


@pytest.fixture(scope="module", params=[CLUB, THIS_PROJECT], ids=["fixture club", "this repository's club"])
def started(tmp_path_factory, request):
    """The example project built, as a coach's copy is (the session's first build of it, copied), then new-club run
    on it and its starter built."""
    project = copy_built(first_build(request.param).project, tmp_path_factory.mktemp("new-club") / "project")
    before = project.config_file.read_text("utf-8")
    files, words = _old_club(project)
    said = run_warmup(project, "new-club", NAME)
    # As GitHub's publishing workflow checks and builds it: the address comes from Pages.
    checked = run_warmup(project, "check", env={SITE_URL_VARIABLE: PAGES_ADDRESS})
    run_warmup(project, "build", "--quiet", env={SITE_URL_VARIABLE: PAGES_ADDRESS})
    return project, before, files, words, said, checked


def test_the_starter_passes_check_and_builds_with_nothing_of_the_old_club_left(started):
    project, _, files, words, said, checked = started
    assert words and files
    assert "Content is fine: 1 routine(s), 1 exercise(s)" in checked.stdout
    assert [path for path in files if (project.root / path).exists()] == []
    assert "every field explained in comments" in said.stdout
    for folder in (project.content_dir, project.docs_dir, project.site_dir):
        for path, text in _texts(folder).items():
            for word in words:
                assert word.lower() not in path.lower() and word.lower() not in text.lower(), (path, word)
    manifest = json.loads((project.site_dir / "manifest.webmanifest").read_text("utf-8"))
    assert (manifest["name"], manifest["short_name"]) == (f"{NAME} warm-ups", HEADER_NAME)
    assert (project.site_dir / "exercises" / "first-exercise" / "index.html").is_file()


def test_the_starter_is_one_routine_of_one_exercise_and_the_club_file_each_with_its_comments(started):
    project = started[0]
    content = project.content_dir
    routines, exercises = sorted(content.glob("routines/*")), sorted(content.glob("exercises/*"))
    assert len(routines) == len(exercises) == 1
    assert sorted(path.name for path in content.iterdir()) == ["club.yaml", "exercises", "routines", "schemas"]
    club = yaml.safe_load((content / "club.yaml").read_text("utf-8"))
    assert club == {"name": NAME, "parents_routine": routines[0].stem}
    assert yaml.safe_load(routines[0].read_text("utf-8"))["exercises"] == [exercises[0].stem]
    for path in (content / "club.yaml", *routines, *exercises):
        text = path.read_text("utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
        # Every optional field is offered, commented out, with what it is for.
        assert sum(line.startswith("# ") for line in text.splitlines()) > 10, path


def test_mkdocs_yml_names_the_new_club_and_leaves_site_url_out(started):
    project, before, *_ = started
    old, new = yaml.safe_load(before), yaml.safe_load(project.config_file.read_text("utf-8"))
    assert new["site_name"] == f"{NAME} warm-ups" and NAME in new["site_description"]
    assert "site_url" in old and "site_url" not in new
    assert old["theme"]["icon"]["logo"] != new["theme"]["icon"]["logo"] == "material/timer-outline"
    for key in ("site_name", "site_description", "site_url", "theme"):
        old.pop(key, None), new.pop(key, None)
    assert new == old  # every other setting as it was
    kept = [line for line in before.splitlines() if line.startswith("#")]
    assert set(kept) <= set(project.config_file.read_text("utf-8").splitlines())  # and every comment


def test_an_empty_name_is_refused_in_one_line_and_nothing_changes(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False)
    before = tree_fingerprint(project.root)

    result = run_warmup(project, "new-club", "   ", check=False)

    assert result.returncode == 2
    assert error_lines(result.stderr) == [
        'error: the club\'s name is empty; write it in quotes, e.g. warmup new-club "Valley Football Club"']
    assert tree_fingerprint(project.root) == before


def test_work_git_has_not_committed_is_refused_in_one_line_and_kept(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False)
    git = ["git", "-c", "user.name=Coach", "-c", "user.email=coach@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project.root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project.root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "The example club"], cwd=project.root, check=True)
    club = project.content_dir / "club.yaml"
    club.write_text(club.read_text("utf-8") + "# not committed yet\n", "utf-8")
    before = tree_fingerprint(project.content_dir), project.config_file.read_text("utf-8")

    result = run_warmup(project, "new-club", NAME, check=False)

    assert result.returncode == 2
    [line] = error_lines(result.stderr)
    assert "git has not committed" in line and "commit or undo them first" in line
    assert (tree_fingerprint(project.content_dir), project.config_file.read_text("utf-8")) == before

    subprocess.run([*git, "commit", "-q", "-am", "The coach's change"], cwd=project.root, check=True)
    run_warmup(project, "--quiet", "new-club", NAME)
    assert yaml.safe_load(club.read_text("utf-8"))["name"] == NAME
