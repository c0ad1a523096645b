"""Figures a child reads alone, measured on what is drawn.

The fixture club's figures stand for the kinds a club draws: a bent knee swung out to the side on
hands and knees (table-side-lifts), a top knee opening while lying on the side (knee-openers), hips
circling while standing (waist-circles), a standing body seen from the side (meadow's heel-raises).
Where a body point sits on screen comes from the kinematics and the figure's own view, as the
drawing places it; widths, the moving figure's path and the names under the drawings are read back
from the SVG and the built page.
"""

from __future__ import annotations

import math
import re

from browser import NO_OFFLINE_COPY, PHONE, once_per_site, serve
from conftest import club_content
from warmup.content.library import load_library


def _exercise(slug: str, club: str = "harbour"):
    return next(exercise for exercise in load_library(club_content(club)).exercises if exercise.slug == slug)


def _drawn_positions(figure) -> list[dict[str, tuple[float, float]]]:
    """Each position's body points on screen (x right, y down), seen from the figure's own view."""
    from warmup.figures import body
    from warmup.figures.kinematics import camera, skeleton
    from warmup.figures.pose import angles_of

    posture = body.POSTURES[figure.posture]
    view = camera(posture, body.VIEWS[figure.view])
    return [{name: view.project(point)[:2] for name, point in skeleton(posture, angles_of(figure, position)).points.items()}
            for position in figure.positions]


def _corner(a, b, c) -> float:
    """The angle at ``b`` between the lines to ``a`` and to ``c``, as drawn, in degrees (180: straight)."""
    (ax, ay), (cx, cy) = (a[0] - b[0], a[1] - b[1]), (c[0] - b[0], c[1] - b[1])
    cos = (ax * cx + ay * cy) / (math.hypot(ax, ay) * math.hypot(cx, cy))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def _from_level(a, b) -> float:
    """How steep the line from ``a`` to ``b`` is drawn, in degrees: 0 level, 90 upright."""
    return math.degrees(math.atan2(abs(b[1] - a[1]), abs(b[0] - a[0])))


# --- on hands and knees, a bent knee out to the side ------------------------------------------------------------

def _drawn_panels(svg: str) -> dict[str, dict[str, list]]:
    """Each drawn position's legs and arms as the SVG draws them (a limb's points, in its panel's units)."""
    from warmup.figures.drawing import ARM_WIDTH, LEG_WIDTH, number

    panels = {}
    for name, body in re.findall(r'<g transform="[^"]*" data-position="([^"]*)">(.*?)</g>(?=<g transform|</svg>)', svg, re.S):
        limbs = re.findall(r'<path d="([^"]+)" stroke-width="([\d.]+)"/>', body)
        panels[name] = {part: [_numbers(d) for d, width in limbs if width == number(stroke)]
                        for part, stroke in (("legs", LEG_WIDTH), ("arms", ARM_WIDTH))}
    return panels


def _middle(a, b):
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def _across_degrees(u, v) -> float:
    """The angle between two drawn directions, 0 to 90: 0 along each other, 90 square."""
    cos = abs(u[0] * v[0] + u[1] * v[1]) / (math.hypot(*u) * math.hypot(*v))
    return math.degrees(math.acos(min(1.0, cos)))


def test_a_knee_swung_out_to_the_side_is_drawn_bent_and_going_sideways():
    """Read from the drawn SVG: a blind test read the earlier drawing (its knee's way out running along the back,
    the thigh drawn slanting back) as a leg kicked back; this one fails on it."""
    from warmup.figures import figure_svg

    exercise = _exercise("table-side-lifts")
    figure = exercise.details.figure
    panels = _drawn_panels(str(figure_svg(exercise, "sequence", decorative=True)))
    start, *lifted = (panels[position.name] for position in figure.positions)
    assert lifted, "the figure shows the knee out to the side"
    # The moving leg is the one drawn differently once lifted; a leg is drawn hip, knee, ankle.
    moving = next(index for index, leg in enumerate(start["legs"]) if leg != lifted[-1]["legs"][index])
    other = 1 - moving
    for panel in (start, *lifted):
        hips = _middle(panel["legs"][0][0], panel["legs"][1][0])
        shoulders = _middle(panel["arms"][0][0], panel["arms"][1][0])
        # A body on all fours, not standing or crouching: the back drawn nearly level, the arms nearly upright,
        # both knees drawn bent.
        assert _from_level(hips, shoulders) <= 30
        for arm in panel["arms"]:
            assert _from_level(arm[0], arm[-1]) >= 75
        for leg in panel["legs"]:
            assert _corner(*leg) <= 135
    back = (shoulders[0] - hips[0], shoulders[1] - hips[1])
    for panel in lifted:
        hip, knee, ankle = panel["legs"][moving]
        start_knee, other_knee = start["legs"][moving][1], panel["legs"][other][1]
        # The knee stays bent square, as the text says ("keeping the knee bent"), not stretched out.
        assert 75 <= _corner(hip, knee, ankle) <= 110, _corner(hip, knee, ankle)
        # Sideways: the knee's way out and the thigh both run square across the back's line, not along it as
        # a leg kicked back does (the earlier drawing's way out ran within 10 degrees of the back).
        way_out = (knee[0] - start_knee[0], knee[1] - start_knee[1])
        assert math.hypot(*way_out) >= 15
        assert _across_degrees(way_out, back) >= 70, _across_degrees(way_out, back)
        assert _across_degrees((knee[0] - hip[0], knee[1] - hip[1]), back) >= 70
        # Out on its own side: away from the other knee, by more than two legs' widths.
        assert math.dist(knee, other_knee) - math.dist(start_knee, start["legs"][other][1]) >= 15

# --- lying on the side, the top knee opens -------------------------------------------------------------------------

def test_the_opening_knee_is_drawn_apart_from_the_other():
    from warmup.figures.drawing import LEG_WIDTH

    figure = _exercise("knee-openers").details.figure
    together, opened = _drawn_positions(figure)
    gap_together = math.dist(together["left knee"], together["right knee"])  # top is the left leg, lying on the right
    gap_opened = math.dist(opened["left knee"], opened["right knee"])
    # Together, the legs lie one on the other (no leg's width between them); open, the top knee has moved
    # away from the bottom one by more than two legs' widths.
    assert gap_together < 2 * LEG_WIDTH
    assert gap_opened - gap_together > 1.5 * LEG_WIDTH, (gap_together, gap_opened)


# --- hips circling: the body goes round, not just the ring ---------------------------------------------------------

def _starts(svg: str, piece: str) -> list[tuple[float, float]]:
    """Where a moving piece of the animated SVG starts at each keyframe."""
    frames = re.search(r"@keyframes " + re.escape(piece) + r"\{(.*?)\}\.", svg).group(1)
    return [(float(x), float(y)) for x, y in re.findall(r"matrix\([^,]+,[^,]+,[^,]+,[^,]+,([^,]+),([^)]+)\)", frames)]


def test_a_circling_body_part_carries_the_body_round_a_closed_loop():
    from warmup.figures import figure_svg

    exercise = _exercise("waist-circles")
    assert exercise.details.figure.arrow.circles == "hips"
    svg = str(figure_svg(exercise, "animated", decorative=True))
    trunk = re.search(r'<path class="([\w-]+)"[^>]* d="[^"]*Z" fill="currentColor"', svg)
    assert trunk, "the body moves, not only the ring"
    # The trunk's piece is laid from the hips, so where it starts traces the hips' path.
    path = _starts(svg, trunk.group(1))
    assert len(path) >= 8
    assert path[0] == path[-1], "the loop closes"
    xs, ys = [x for x, _ in path], [y for _, y in path]
    assert max(xs) - min(xs) >= 10 and max(ys) - min(ys) >= 3, (xs, ys)
    # A loop, not a line walked back and forth: it encloses an area (the shoelace formula).
    area = abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(path, path[1:]))) / 2
    assert area >= 0.5 * (max(xs) - min(xs)) * (max(ys) - min(ys))
    # The head goes round with the hips; the feet stay on the floor (a piece that never moves has no class).
    assert re.search(r'<circle class="[\w-]+-head"', svg)
    assert not re.search(r'<path class="[^"]+" d="[^"]*" stroke-width="5"', svg), "the feet stay still"


# --- a body, not a line ---------------------------------------------------------------------------------------------

def test_a_standing_body_seen_from_the_side_is_deeper_than_a_limb_and_has_a_front():
    from warmup.figures import figure_svg

    exercise = _exercise("heel-raises", club="meadow")
    figure = exercise.details.figure
    assert (figure.posture, figure.view) == ("standing", "side")
    svg = str(figure_svg(exercise, "single", decorative=True))
    strokes = [(float(width), _numbers(d)) for d, width in re.findall(r'<path d="([^"]+)" stroke-width="([\d.]+)"', svg)]
    trunk = _trunk_outline(svg)
    limb_width = max(width for width, _ in strokes)
    depth = max(x for x, _ in trunk) - min(x for x, _ in trunk)
    assert depth >= 1.9 * limb_width, (depth, limb_width)
    # Front and back differ: the trunk reaches further forward of the hips (the side the feet point to) than
    # behind them, where the chest is.
    feet = [points for width, points in strokes if width == min(w for w, _ in strokes)]
    forward = math.copysign(1, sum(points[-1][0] - points[0][0] for points in feet))
    hips_x = next(points for width, points in strokes if width == limb_width)[0][0]  # a leg starts at its hip
    front = max((x - hips_x) * forward for x, _ in trunk)
    back = max((hips_x - x) * forward for x, _ in trunk)
    assert front >= back + 2, (front, back)


def test_a_body_lying_down_has_one_smooth_trunk_without_a_lump():
    from warmup.figures import figure_svg
    from warmup.figures.drawing import LEG_WIDTH

    exercise = _exercise("bridge-hold")
    assert exercise.details.figure.posture == "lying on the back"
    for layout in ("sequence", "animated"):
        svg = str(figure_svg(exercise, layout, decorative=True))
        outlines = re.findall(r'<path[^>]* d="([^"]+)Z" fill="currentColor" stroke="none"', svg)
        # No second piece as broad as the trunk laid over it: every stroke is a limb's.
        assert max(float(width) for width in re.findall(r'stroke-width="([\d.]+)"', svg)) <= LEG_WIDTH, layout
        assert len(outlines) == len(exercise.details.figure.positions) if layout == "sequence" else 1, layout
        for outline in outlines:
            points = _numbers(outline)
            # Convex: walking round it, every corner turns the same way, so nothing bulges out of the trunk.
            turns = [(b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
                     for a, b, c in zip(points, points[1:] + points[:1], points[2:] + points[:2])]
            assert all(turn >= -1e-6 for turn in turns) or all(turn <= 1e-6 for turn in turns), layout


def _numbers(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"([-\d.]+) ([-\d.]+)", d)]


def _trunk_outline(svg: str) -> list[tuple[float, float]]:
    """The one filled shape of a figure without a mat: its trunk."""
    (outline,) = re.findall(r'<path d="([^"]+)Z" fill="currentColor" stroke="none"/>', svg)
    return _numbers(outline)


# --- each position's name under its drawing ------------------------------------------------------------------------

@once_per_site
def test_each_position_name_is_shown_under_its_own_drawing(built, chromium):
    exercise = _exercise("table-side-lifts")
    names = [position.name for position in exercise.details.figure.positions]
    html = (built.site_dir / "exercises/table-side-lifts/index.html").read_text("utf-8")
    figure = re.search(r'<figure class="warmup-figure-box".*?</figure>', html, re.S).group(0)
    assert "<figcaption" in figure, "the names go under the drawing, in its figure"
    assert re.findall(r'<span[^>]*>([^<]*)</span>', figure.split("<figcaption", 1)[1]) == names
    # The how-to text is on the page too: the names are never the only place the instruction lives.
    assert exercise.details.how_to[:30] in html
    base, server = serve(built.site_dir)
    context = chromium.new_context(viewport=PHONE, **NO_OFFLINE_COPY)
    try:
        page = context.new_page()
        page.goto(base + "exercises/table-side-lifts/")
        drawing = page.locator(".warmup-figure-box svg").bounding_box()
        for name in names:
            panel = page.locator(f'.warmup-figure-box [data-position="{name}"]').bounding_box()
            caption = page.locator(".warmup-figure-positions span", has_text=name).bounding_box()
            assert caption["y"] >= drawing["y"] + drawing["height"] - 1, name
            # Centred under its own panel (the panel's box is its drawn body, the caption's its column).
            assert abs((caption["x"] + caption["width"] / 2) - (panel["x"] + panel["width"] / 2)) < panel["width"] / 2
            assert caption["width"] > 0 and page.locator(".warmup-figure-positions span", has_text=name).is_visible()
    finally:
        context.close()
        server.shutdown()
