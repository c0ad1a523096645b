"""An invisible character that reorders text ("evil" shown as "live") is refused where it is typed.

The explicit direction controls of Unicode's bidirectional algorithm (UAX #9: embeddings,
overrides, isolates and the two that end them) are listed here by code point; the marks
that only settle where punctuation beside right-to-left words goes are accepted.
"""

from __future__ import annotations

import pytest

from conftest import copy_project, error_lines, run_warmup
from warmup.content.yaml_source import read_yaml

DIRECTION_CONTROLS = {
    "\u202a": "U+202A (left-to-right embedding)",
    "\u202b": "U+202B (right-to-left embedding)",
    "\u202c": "U+202C (pop directional formatting)",
    "\u202d": "U+202D (left-to-right override)",
    "\u202e": "U+202E (right-to-left override)",
    "\u2066": "U+2066 (left-to-right isolate)",
    "\u2067": "U+2067 (right-to-left isolate)",
    "\u2068": "U+2068 (first strong isolate)",
    "\u2069": "U+2069 (pop directional isolate)",
}
# Left-to-right, right-to-left and Arabic letter marks: a right-to-left club's text needs them.
MARKS = ["\u200e", "\u200f", "\u061c"]


def _read(tmp_path, text: str):
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    path = content / "exercise.yaml"
    path.write_text(text, "utf-8")
    return read_yaml(path, path.relative_to(tmp_path), content)


@pytest.mark.parametrize("character", DIRECTION_CONTROLS, ids=[f"U+{ord(c):04X}" for c in DIRECTION_CONTROLS])
def test_a_direction_control_is_refused_at_its_place_in_any_field(tmp_path, character):
    document = _read(tmp_path, f"name: Side Steps\ncues:\n  - Knees soft\n  - Eyes {character}up\n")

    assert [str(problem) for problem in document.problems] == [
        f"content/exercise.yaml:4:10: cues[2]: contains {DIRECTION_CONTROLS[character]}, an invisible character "
        "that changes the order in which the text around it is shown; delete it (and any escape such as "
        f"\\u{ord(character):04X} that makes it)"]


def test_a_direction_control_made_by_an_escape_is_refused_where_its_text_starts(tmp_path):
    document = _read(tmp_path, 'name: Side Steps\nhow_to: "Step \\u202Eevil"\n')

    assert [(problem.line, problem.column, problem.field) for problem in document.problems] == [(2, 9, "how_to")]
    assert "U+202E" in document.problems[0].message


@pytest.mark.parametrize("mark", MARKS, ids=[f"U+{ord(c):04X}" for c in MARKS])
def test_a_direction_mark_beside_words_is_accepted(tmp_path, mark):
    document = _read(tmp_path, f"name: Side Steps{mark} (10)\n")

    assert document.problems == []
    assert document.data == {"name": f"Side Steps{mark} (10)"}


def test_warmup_check_names_the_direction_control_in_one_line(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False)  # a check draws nothing
    exercise = sorted((project.content_dir / "exercises").glob("*.yaml"))[0]
    lines = exercise.read_text("utf-8").splitlines(keepends=True)
    number = next(index for index, line in enumerate(lines) if line.startswith("name: "))
    lines[number] = "name: \u202e" + lines[number][len("name: "):]
    exercise.write_text("".join(lines), "utf-8")

    result = run_warmup(project, "check", check=False)

    assert result.returncode == 1
    shown = exercise.relative_to(project.root)
    assert error_lines(result.stderr) == [
        f"error: {shown}:{number + 1}:7: name: contains U+202E (right-to-left override), an invisible character "
        "that changes the order in which the text around it is shown; delete it (and any escape such as \\u202E "
        "that makes it)"]
