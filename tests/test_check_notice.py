"""`warmup check` ends with a notice naming the exercises without how many or how long: not an error."""

from __future__ import annotations

import re

from conftest import copy_project, run_warmup

WHAT_IT_CHANGES = ("  Adding dose: (e.g. dose: 10 each side) prints it as \"How many\" on the cards and the follow-along's "
                   "slides; adding duration_seconds: (e.g. duration_seconds: 30) prints \"Time\" and counts it down on "
                   "the slides, in place of a stopwatch that counts up.")


def test_check_ends_with_a_notice_naming_what_each_exercise_lacks_and_exits_0(tmp_path):
    project = copy_project(tmp_path / "project")
    checked = run_warmup(project, "check", check=False)
    assert checked.returncode == 0 and checked.stderr == ""
    lines = checked.stdout.splitlines()
    summary = next(i for i, line in enumerate(lines) if line.startswith("Content is fine"))
    # Harbour's routines list two exercises that lack one of the two fields; the exercise in no routine is on no card.
    assert lines[summary + 1:] == [
        "Notice: 2 exercise(s) give no dose: or duration_seconds: (not a mistake):",
        "  content/exercises/side-leg-lifts.yaml: no dose:",
        "  content/exercises/waist-circles.yaml: no duration_seconds:",
        WHAT_IT_CHANGES,
    ]


def test_no_notice_once_every_exercise_has_a_dose_and_a_time(tmp_path):
    project = copy_project(tmp_path / "project", club="meadow")
    notice = run_warmup(project, "check").stdout
    assert "content/exercises/lunges.yaml: no dose: and no duration_seconds:" in notice
    for exercise in (project.content_dir / "exercises").glob("*.yaml"):
        text = exercise.read_text("utf-8")
        exercise.write_text(re.sub(r"^how_to:", "dose: 5 slow ones\nduration_seconds: 20\nhow_to:", text, flags=re.M),
                            "utf-8")
    checked = run_warmup(project, "check")
    assert checked.stdout.splitlines()[-1].startswith("Content is fine") and "Notice" not in checked.stdout


def test_quiet_check_prints_nothing(tmp_path):
    project = copy_project(tmp_path / "project", club="meadow")
    assert run_warmup(project, "check", "--quiet").stdout == ""
