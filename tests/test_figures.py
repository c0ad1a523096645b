"""Figures: drawn from each exercise's `figure:` block, checked like every other field, shown on its page.

Expectations come from the fixture club's content files (read here with PyYAML), from the
human joint ranges in the shared design notes, from the guide (guide/figures.md), and from geometry,
never from the drawing code's own output.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from conftest import ILLUSTRATION_DESCRIPTION, REPO, club_content, copy_project, run_warmup, warmup_in_process
from warmup.figures import LAYOUTS

EXERCISES = sorted((club_content() / "exercises").glob("*.yaml"))
# A figure lying on the side, with a band and an arrow: the file each hostile field below is typed into.
SIDE_LYING = "content/exercises/knee-openers.yaml"


def _content(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


# --- warmup check: every hostile figure field is one clear line with its place -------------------------------

# (what the coach typed instead, the line it replaces, fragments of the one error line)
HOSTILE = {
    "unknown posture": ("  posture: lying on side", "  posture: lying on the side",
                        ["figure.posture", "'lying on side'", "Did you mean 'lying on the side'?"]),
    "unknown view": ("  view: frontal\n", "  view: front\n", ["figure.view", "Did you mean 'front'?"]),
    "unknown joint": ("      knee: 90\n      top_hip_outt: 35", "      knee: 90\n      top_hip_out: 35",
                      ["'top_hip_outt'", "Did you mean 'top_hip_out'?"]),
    "knee bent further than a knee can": ("      knee: 170", "      knee: 90",
                                          ["figure.positions[1].knee", "170", "from 0 to 135"]),
    "knee bent backwards": ("      knee: -20", "      knee: 90", ["figure.positions[1].knee", "from 0 to 135"]),
    "hip out further than a hip can": ("      top_hip_out: 80", "      top_hip_out: 35",
                                       ["figure.positions[2].top_hip_out", "from -30 to 45"]),
    "angle in words": ("      knee: bent", "      knee: 90", ["figure.positions[1].knee", "whole number"]),
    "left and right while lying on the side": ("      left_hip_out: 35", "      top_hip_out: 35",
                                               ["figure.positions[2].left_hip_out", "top or bottom",
                                                "'top_hip_out'"]),
    "band around one point": ("  band: [top knee]", "  band: [top knee, bottom knee]",
                              ["figure.band", "at least 2"]),
    "band point misspelt": ("  band: [top knee, botom knee]", "  band: [top knee, bottom knee]",
                            ["figure.band[2]", "Did you mean 'bottom knee'?"]),
    "arrow with neither path nor circle": ("  arrow:\n    direction: both ways", "  arrow:\n    follows: top knee",
                                           ["figure.arrow", "follows", "circles"]),
    "position without a name": ("    - knee: 90", "    - name: knees together\n      hip: 45\n      knee: 90",
                                ["figure.positions[1].name", "missing"]),
}


def _no_positions(text: str) -> str:
    start = text.index("  positions:\n")
    end = text.index("  band:")
    return text[:start] + "  positions: []\n" + text[end:]


def _four_positions(text: str) -> str:
    extra = "    - name: again\n      knee: 90\n"
    return text.replace("  band:", extra * 2 + "  band:", 1)


WHOLE_FILE = {
    "no positions": (_no_positions, ["figure.positions", "at least 1 item"]),
    "four positions": (_four_positions, ["figure.positions", "at most 3"]),
}


@pytest.fixture(scope="module")
def checked_project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("figure-check") / "project")


def _one_error(project, path: Path, broken: str, run=warmup_in_process) -> str:
    """The one error line `warmup check` gives for ``path`` holding ``broken`` (``run``: the command's own code in
    this process, or the command as a program)."""
    original = path.read_text("utf-8")
    path.write_text(broken, "utf-8")
    try:
        result = run(project, "check")
    finally:
        path.write_text(original, "utf-8")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_figure_field_is_one_clear_line_at_its_place(checked_project, name):
    _assert_one_clear_line_at_its_place(checked_project, name)


def test_warmup_check_as_a_program_tells_a_hostile_figure_field_in_one_line(checked_project):
    """One case of the table, `warmup check` as a program: the command's own stderr and exit code."""
    _assert_one_clear_line_at_its_place(checked_project, "unknown joint",
                                        run=lambda *given: run_warmup(*given, check=False))


def _assert_one_clear_line_at_its_place(checked_project, name, run=warmup_in_process):
    typed, replaced, fragments = HOSTILE[name]
    path = checked_project.root / SIDE_LYING
    text = path.read_text("utf-8")
    assert replaced in text
    broken = text.replace(replaced, typed, 1)
    # Where the mistake is: on the first changed line (or the item's line just above it), between the line's
    # first word and the first character that differs, counted from 1 as an editor counts.
    new_lines, old_lines = broken.splitlines(), text.splitlines()
    line = next(number for number, (new, old) in enumerate(zip(new_lines, old_lines), 1) if new != old)
    old_line = old_lines[line - 1]
    changed = next((i for i, (a, b) in enumerate(zip(new_lines[line - 1], old_line)) if a != b), len(old_line)) + 1
    indent = len(new_lines[line - 1]) - len(new_lines[line - 1].lstrip(" -")) + 1
    error = _one_error(checked_project, path, broken, run)
    place = re.match(rf"error: {re.escape(SIDE_LYING)}:(\d+):(\d+): ", error)
    assert place, error
    assert int(place.group(1)) in (line - 1, line), (error, line)
    assert indent <= int(place.group(2)) <= changed or int(place.group(1)) == line - 1, (error, indent, changed)
    for fragment in fragments:
        assert fragment in error, error


@pytest.mark.parametrize("name", WHOLE_FILE)
def test_one_to_three_positions(checked_project, name):
    change, fragments = WHOLE_FILE[name]
    path = checked_project.root / SIDE_LYING
    error = _one_error(checked_project, path, change(path.read_text("utf-8")))
    assert error.startswith(f"error: {SIDE_LYING}:")
    for fragment in fragments:
        assert fragment in error, error


# --- kinematics: any valid pose keeps the body's proportions and every joint in its human range --------------

# Typical active ranges of motion (AAOS norms, as the shared design notes give them).
RANGES = {"hip": (-30, 120), "hip_out": (-30, 45), "hip_turn_out": (-45, 45), "knee": (0, 135), "ankle": (-50, 20),
          "shoulder": (-60, 180), "shoulder_out": (0, 180), "elbow": (0, 150), "trunk": (-25, 80),
          "trunk_side": (-35, 35), "trunk_turn": (-45, 45)}
SIDED = {"hip", "hip_out", "hip_turn_out", "knee", "ankle", "shoulder", "shoulder_out", "elbow"}
# Segment lengths as a share of body height (Drillis & Contini, in the design notes), body height 100.
DESIGN_LENGTHS = {("hip", "knee"): 24.5, ("knee", "ankle"): 24.6, ("shoulder", "elbow"): 18.6}
TRUNK = 81.8 - 53.0  # shoulder height minus hip height
POSTURES = ["standing", "lying on the back", "lying on the front", "lying on the side", "on hands and knees"]


@st.composite
def poses(draw):
    angles = {}
    for joint, (low, high) in RANGES.items():
        for side in ("left", "right") if joint in SIDED else (None,):
            angles[side, joint] = float(draw(st.integers(low, high)))
    return draw(st.sampled_from(POSTURES)), angles


def _angle(a, b) -> float:
    cos = sum(x * y for x, y in zip(a, b)) / math.dist(a, (0, 0, 0)) / math.dist(b, (0, 0, 0))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def _vector(points, a, b):
    return tuple(q - p for p, q in zip(points[a], points[b]))


@settings(max_examples=300, deadline=None)
@given(poses())
def test_any_valid_pose_keeps_every_limb_and_joint_human(pose):
    from warmup.figures import body
    from warmup.figures.kinematics import skeleton

    posture, angles = pose
    points = skeleton(body.POSTURES[posture], angles).points
    rest = skeleton(body.POSTURES["standing"], {key: 0.0 for key in angles}).points
    for side in ("left", "right"):
        # Every segment keeps its length: the design's where it follows it, the standing figure's otherwise.
        for (a, b), expected in DESIGN_LENGTHS.items():
            assert math.dist(points[f"{side} {a}"], points[f"{side} {b}"]) == pytest.approx(expected, abs=1e-6)
        for a, b in ((f"{side} ankle", f"{side} foot"), (f"{side} elbow", f"{side} hand"),
                     ("shoulders", f"{side} shoulder"), ("hips", f"{side} hip"), ("shoulders", "head")):
            assert math.dist(points[a], points[b]) == pytest.approx(math.dist(rest[a], rest[b]), abs=1e-6)
        # A hinge bends exactly as far as written, and so never further than a human one (or backwards).
        knee = 180 - _angle(_vector(points, f"{side} knee", f"{side} hip"), _vector(points, f"{side} knee", f"{side} ankle"))
        elbow = 180 - _angle(_vector(points, f"{side} elbow", f"{side} shoulder"),
                             _vector(points, f"{side} elbow", f"{side} hand"))
        assert knee == pytest.approx(angles[side, "knee"], abs=1e-4)
        assert 0 <= round(knee, 4) <= 135
        assert elbow == pytest.approx(angles[side, "elbow"], abs=1e-4)
        assert 0 <= round(elbow, 4) <= 150
    assert math.dist(points["hips"], points["shoulders"]) == pytest.approx(TRUNK, abs=1e-6)
    # Nothing sinks into the floor.
    assert min(y for _, y, _ in points.values()) >= -1e-6


@settings(max_examples=200, deadline=None)
@given(st.integers(-30, 120), st.integers(-30, 45), st.sampled_from(["left", "right"]))
def test_the_thigh_leaves_the_body_line_by_the_written_hip_angles(flexion, outward, side):
    """With the trunk straight, the thigh's angle from 'straight down the body' is the angle of
    a forward turn of `hip` followed by a sideways turn of `hip_out`: cos = cos(hip) * cos(hip_out)."""
    from warmup.figures import body
    from warmup.figures.kinematics import skeleton

    angles = {(s, j): 0.0 for j in RANGES for s in (("left", "right") if j in SIDED else (None,))}
    angles[side, "hip"], angles[side, "hip_out"] = float(flexion), float(outward)
    points = skeleton(body.POSTURES["standing"], angles).points
    down_the_body = _vector(points, "shoulders", "hips")
    thigh = _vector(points, f"{side} hip", f"{side} knee")
    expected = math.degrees(math.acos(math.cos(math.radians(flexion)) * math.cos(math.radians(outward))))
    assert _angle(down_the_body, thigh) == pytest.approx(expected, abs=1e-4)


# --- the same content always gives the same bytes --------------------------------------------------------------

DRAW_ALL = """
import sys
from pathlib import Path
from warmup.content.library import load_library
from warmup.catalog import load_catalog
from warmup.figures import LAYOUTS, figure_svg
library = load_library(Path(sys.argv[1]))
words = load_catalog(Path(sys.argv[2]), "en")
for exercise in library.exercises:
    if exercise.details.figure:
        for layout in LAYOUTS:
            print(figure_svg(exercise, layout, words=words))
"""


def test_figures_are_byte_identical_across_two_runs():
    outputs = [subprocess.run([sys.executable, "-c", DRAW_ALL, str(club_content()), str(REPO / "templates")],
                              capture_output=True,
                              env={"PYTHONHASHSEED": seed, "PATH": ""}, check=True).stdout for seed in ("1", "2")]
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"<svg") == len(LAYOUTS) * sum("figure" in _content(path) for path in EXERCISES)


# --- every exercise's own page shows its figure ----------------------------------------------------------------

def _page(project, slug: str) -> str:
    return (project.site_dir / "exercises" / slug / "index.html").read_text("utf-8")


def _figures_on(html: str) -> list[str]:
    return re.findall(r'<figure class="warmup-figure-box"[^>]*>(<svg.*?</svg>)(?:<figcaption.*?</figcaption>)?</figure>',
                      html)


@pytest.mark.parametrize("path", EXERCISES, ids=[path.stem for path in EXERCISES])
def test_every_exercise_page_shows_its_figure_with_each_position(default_build, path):
    content = _content(path)
    html = _page(default_build, path.stem)
    figures = _figures_on(html)
    if "figure" not in content or content.get("illustration"):
        assert not figures
        return
    expected = 1 + bool(content.get("advanced_figure") and content.get("advanced"))
    assert len(figures) == expected
    svg = figures[0]
    assert 'role="img"' in svg and "viewBox=" in svg and not re.search(r"<svg[^>]*\b(width|height)=", svg)
    title = re.search(r"<title>(.*?)</title>", svg).group(1)
    assert content["name"] in title
    for position in content["figure"]["positions"]:
        assert str(position["name"]) in title
    # One picture of the body per key position, side by side, each with its head.
    assert svg.count("<circle") == len(content["figure"]["positions"])
    assert "currentColor" in svg and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # The figure comes before the how-to text it illustrates.
    article = html[html.index("<article"):]
    assert article.index("warmup-figure-box") < article.index("<p>" + content["how_to"][:20])


def test_a_coachs_illustration_replaces_the_figure(illustrated):
    project, slug = illustrated
    assert "figure" in _content(club_content() / "exercises" / f"{slug}.yaml")
    html = _page(project, slug)
    assert not _figures_on(html)
    assert f'alt="{ILLUSTRATION_DESCRIPTION}"' in html


def test_the_guides_example_is_a_figure_the_build_accepts(checked_project):
    """The guide shows how to draw an exercise: its example, in place of an exercise's own figure, checks clean."""
    guide = (REPO / "guide/figures.md").read_text("utf-8")
    section = guide[guide.index("# Drawing an exercise"):]
    example = section[section.index("```yaml") + 7:section.index("```", section.index("```yaml") + 7)]
    assert "figure" in yaml.safe_load(example)
    path = checked_project.root / SIDE_LYING
    original = path.read_text("utf-8")
    path.write_text(original[:original.index("figure:")] + example.lstrip("\n"), "utf-8")
    try:
        result = warmup_in_process(checked_project, "check")
    finally:
        path.write_text(original, "utf-8")
    assert result.returncode == 0, result.stderr


ADVANCED = next(path for path in EXERCISES if "advanced_figure" in _content(path))


def test_an_advanced_drawing_needs_the_advanced_words(checked_project):
    relative = f"content/exercises/{ADVANCED.name}"
    path = checked_project.root / relative
    text = path.read_text("utf-8")
    assert "\nadvanced: " in text and "\nadvanced_figure:" in text
    broken = re.sub(r"\nadvanced: .*\n", "\n", text, count=1)
    error = _one_error(checked_project, path, broken)
    line = broken.splitlines().index("advanced_figure:") + 1
    assert error.startswith(f"error: {relative}:{line}:1: advanced_figure: "), error
    assert "'advanced:'" in error


# --- the follow-along figure moves between its positions, and stands still when asked -------------------------

def _animated_page(exercise_slug: str) -> str:
    from warmup.catalog import load_catalog
    from warmup.content.library import load_library
    from warmup.figures import figure_svg

    exercise = next(e for e in load_library(club_content()).exercises if e.slug == exercise_slug)
    figure = figure_svg(exercise, "animated", words=load_catalog(REPO / "templates", "en"))
    return f'<html><body style="color:#222"><div style="width:400px">{figure}</div></body></html>'


PIECE_TRANSFORMS = """() => [...document.querySelectorAll('svg path[class]')]
    .map(piece => getComputedStyle(piece).transform)"""


def _piece_transforms(page) -> list[str]:
    return page.evaluate(PIECE_TRANSFORMS)


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_the_animated_figure_moves_unless_motion_is_reduced(chromium, motion):
    moving = next(path for path in EXERCISES if len(_content(path).get("figure", {}).get("positions", [])) > 1)
    context = chromium.new_context(reduced_motion=motion)
    page = context.new_page()
    page.set_content(_animated_page(moving.stem))
    first = _piece_transforms(page)
    if motion == "reduce":
        page.wait_for_timeout(900)  # long enough for a moving figure to have moved
    else:  # until it has moved (a figure that never moves fails here)
        page.wait_for_function(f"first => JSON.stringify(({PIECE_TRANSFORMS})()) !== JSON.stringify(first)",
                               arg=first, timeout=5000)
    later = _piece_transforms(page)
    arrow_shown = page.evaluate("""() => [...document.querySelectorAll('svg g[class]')]
        .some(group => getComputedStyle(group).display !== 'none' && group.querySelector('path'))""")
    context.close()
    if motion == "reduce":
        assert first == later, "the figure should stand still"
        assert arrow_shown, "standing still, the figure shows its movement with the arrow"
    else:
        assert first != later, "the figure should move between its key positions"
        assert not arrow_shown


# --- the contact sheet --------------------------------------------------------------------------------------------

def test_warmup_figures_draws_every_figure_on_one_sheet(checked_project):
    project = checked_project
    result = warmup_in_process(project, "figures", "--output", "sheet")
    assert result.returncode == 0, result.stderr
    assert "sheet/figures.html" in result.stdout and "sheet/figures.png" in result.stdout
    html = (project.root / "sheet/figures.html").read_text("utf-8")
    drawn = [path for path in EXERCISES if "figure" in _content(path)]
    advanced = [path for path in EXERCISES if "advanced_figure" in _content(path)]
    assert html.count("<tr>") == 1 + len(drawn) + len(advanced)  # the heading row, then one per drawing
    for path in drawn:
        content = _content(path)
        row = html[html.index(f"<b>{content['name']}</b>"):]
        row = row[:row.index("</tr>")]
        assert content["how_to"].split(".")[0].replace("'", "&#39;") in row
        # Large, at 48 px, on dark, and moving: four drawings of the same figure.
        assert row.count("<svg") == 4
    with Image.open(project.root / "sheet/figures.png") as sheet:
        assert sheet.width == 1600
        assert sheet.convert("L").getextrema()[0] < 40  # something dark is drawn on it
    assert not (project.root / "site").exists(), "the sheet builds nothing else"
