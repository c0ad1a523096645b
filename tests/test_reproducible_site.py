"""The same commit builds the same site, byte for byte, on any day: dates come from the sources, not the clock.

A sitemap dates its pages (<lastmod>), and the service worker's list hashes every file, so a
build date anywhere would make tomorrow's build differ from today's. Without a fake clock,
"another day" is a commit made long ago, files saved again later and a time zone that is
already on the next day: no date the site carries may come from any of them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from conftest import PROJECT_PARTS, WARMUP, copy_project, run_warmup, tree_fingerprint, watched_environment
from warmup.engines.build_date import SOURCE_DATE_EPOCH, source_date_epoch
from warmup.project import Project

# Late in the evening (UTC): in a time zone ahead of UTC it is already the next day.
COMMIT_TIME = "2021-03-04T23:30:00+00:00"
COMMIT_DAY = "2021-03-04"
COMMIT_EPOCH = 1614900600
AHEAD_OF_UTC = "Pacific/Kiritimati"  # UTC+14


def _committed_copy(folder) -> Project:
    """A copy of the project, its sources committed once at COMMIT_TIME."""
    project = copy_project(folder)
    dated = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_TIME, "GIT_COMMITTER_DATE": COMMIT_TIME}
    for command in (["init", "-q"], ["add", "--", *PROJECT_PARTS], ["commit", "-q", "-m", "The club's warm-ups"]):
        subprocess.run(["git", "-c", "user.name=Coach", "-c", "user.email=coach@example.org",
                        "-c", "commit.gpgsign=false", *command], cwd=project.root, env=dated, check=True)
    return project


def _lastmod_days(site) -> list[str]:
    return re.findall(r"<lastmod>([^<]*)</lastmod>", (site / "sitemap.xml").read_text("utf-8"))


def _saved_again_later(folder) -> None:
    later = time.time() + 2 * 86400
    for path in folder.rglob("*"):
        os.utime(path, (later, later))


@pytest.fixture
def no_date_given(monkeypatch):
    monkeypatch.delenv(SOURCE_DATE_EPOCH, raising=False)


def test_the_same_commit_builds_the_same_site_on_another_day(tmp_path, engine, no_date_given):
    project = _committed_copy(tmp_path / "project")

    run_warmup(project, "build", "--quiet", "--engine", engine, env={"TZ": "UTC"})
    first = tree_fingerprint(project.site_dir)
    assert set(_lastmod_days(project.site_dir)) <= {COMMIT_DAY}

    _saved_again_later(project.root)
    run_warmup(project, "build", "--quiet", "--engine", engine, env={"TZ": AHEAD_OF_UTC})

    assert tree_fingerprint(project.site_dir) == first


def test_a_plain_mkdocs_build_dates_its_sitemap_by_the_last_commit(tmp_path, no_date_given):
    project = _committed_copy(tmp_path / "project")

    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=project.root, check=True,
                   env={**watched_environment({}), "TZ": AHEAD_OF_UTC}, capture_output=True)

    days = _lastmod_days(project.site_dir)
    assert days and set(days) == {COMMIT_DAY}


def test_source_date_epoch_when_set_is_the_date_of_every_build(tmp_path, monkeypatch):
    project = _committed_copy(tmp_path / "project")
    monkeypatch.setenv(SOURCE_DATE_EPOCH, "1000000000")

    assert source_date_epoch(project) == "1000000000"


def test_the_last_commit_that_changed_the_project_dates_it(tmp_path, no_date_given):
    project = _committed_copy(tmp_path / "project")
    _saved_again_later(project.root)

    assert source_date_epoch(project) == str(COMMIT_EPOCH)


def test_outside_git_the_newest_content_file_dates_the_project(tmp_path, no_date_given):
    project = Project(tmp_path / "project")
    for name, saved in (("club.yaml", 1_500_000_000), ("exercises/a.yaml", 1_600_000_000.7),
                        ("routines/b.yaml", 1_550_000_000)):
        path = project.content_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("name: x\n", "utf-8")
        os.utime(path, (saved, saved))

    assert source_date_epoch(project) == "1600000000"


def test_a_source_date_epoch_that_is_not_a_number_stops_the_build_in_one_line(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False)

    result = subprocess.run([*WARMUP, "--project", str(project.root), "build", "--quiet"], capture_output=True,
                            text=True, env={**watched_environment({}), SOURCE_DATE_EPOCH: "yesterday"}, timeout=300)

    assert result.returncode == 2
    assert result.stderr == (f"error: {SOURCE_DATE_EPOCH} is 'yesterday', not a number of seconds since 1970; "
                             "set it to one (git log -1 --format=%ct prints the last commit's) or unset it\n")
    assert not project.site_dir.exists()
