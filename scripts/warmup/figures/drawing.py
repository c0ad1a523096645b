"""Draw a figure as an inline SVG in one sports-pictogram style.

Solid rounded limbs (thick round-capped strokes), a round head, the far side's
limbs lighter, the floor drawn; everything in currentColor, so a page's text
colour (dark mode too) and a black-and-white printer both show it. Coordinates
are rounded to 0.1 unit, so the same content always gives the same bytes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from warmup.figures import body
from warmup.figures.alt_text import figure_alt_text_for
from warmup.figures.kinematics import Camera, Skeleton, add, camera, dot, half_width, length, scale, skeleton, sub, unit
from warmup.figures.pose import angles_of, between, body_point

LAYOUTS = ("sequence", "single", "animated")
FAR_OPACITY = ".4"
LEG_WIDTH, FOOT_WIDTH, ARM_WIDTH = 8.5, 5.0, 6.0
TRUNK_DEPTH, TRUNK_BREADTH = 13.0, 20.0  # the trunk seen from the side, and from the front
LINE_WIDTH = 2.4  # floor and band: thin beside the limbs, so they never read as a body part
ARROW_WIDTH = 3.0
ARROW_HEAD = 9.0
ARROW_MIN_LENGTH = 18.0
MARGIN = 5.0
PANEL_GAP = 14.0
PATH_STEPS = 16
# A circle's arrow: how wide around the point, and how round it stays even when seen from level.
CIRCLE_RADIUS, CIRCLE_MIN_TILT = 30.0, 0.35
BAND_MIN_ROUNDNESS = 0.45
LIMBS = {"leg": ("hip", "knee", "ankle"), "foot": ("ankle", "foot"), "arm": ("shoulder", "elbow", "hand")}
LIMB_WIDTHS = {"leg": LEG_WIDTH, "foot": FOOT_WIDTH, "arm": ARM_WIDTH}
ARM_ROOT = {"leg": "hip", "foot": "hip", "arm": "shoulder"}


def number(value: float) -> str:
    """A coordinate as short, stable text: one decimal, no trailing zero, no '-0'."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _points(points: list[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{number(x)} {number(y)}" for x, y in points)


@dataclass
class Picture:
    """One projected position: screen points (x, y, depth) and the svg elements drawn so far."""

    screen: dict[str, tuple[float, float, float]]
    trunk_width: float


def figure_svg_for(figure, name: str, slug: str, layout: str, *, decorative: bool = False) -> Markup:
    """The inline <svg> of ``figure`` (a content Figure) for ``layout``; see warmup.figures.figure_svg."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout should be one of {', '.join(LAYOUTS)}, not {layout!r}")
    posture = body.POSTURES[figure.posture]
    view = camera(posture, body.VIEWS[figure.view])
    poses = [angles_of(figure, position) for position in figure.positions]
    skeletons = [skeleton(posture, angles) for angles in poses]
    shown = range(len(poses)) if layout == "sequence" else (0,)
    trunk_width = TRUNK_DEPTH + (TRUNK_BREADTH - TRUNK_DEPTH) * _on_screen(view, posture.right)
    pictures = [Picture({n: view.project(p) for n, p in skeletons[i].points.items()}, trunk_width) for i in range(len(poses))]

    panels, reached = [], []
    for index in shown:
        elements = _figure_elements(pictures[index])
        if figure.band:
            elements.append(_band(figure, pictures[index], view, skeletons[index]))
        for svg, points in _arrow(figure, index, skeletons, view, pictures[index]):
            elements.append(svg)
            reached += points
        panels.append(elements)

    # Every panel shares one frame, so the figure stands in the same place and the floor lines up.
    left, top, right, floor = _bounds([pictures[i] for i in shown], reached)
    width = right - left
    animation = ""
    if layout == "animated" and len(poses) > 1:
        # Band and arrow stay as drawn on the start; the body moves.
        panels, animation = _animated(figure, slug, posture, poses, view, pictures, panels[0][len(_figure_elements(pictures[0])):])
    body_parts = []
    for i, elements in enumerate(panels):
        shift = i * (width + PANEL_GAP) - left
        body_parts.append(f'<g transform="translate({number(shift)} {number(-top)})">' + "".join(elements) + "</g>")
    total_width = len(panels) * width + (len(panels) - 1) * PANEL_GAP
    height = floor - top
    floor_line = (f'<path d="M0 {number(height)}H{number(total_width)}" stroke-width="{LINE_WIDTH}" '
                  f'opacity=".6"/>' if figure.view != "above" else "")
    box = f"{number(-MARGIN)} {number(-MARGIN)} {number(total_width + 2 * MARGIN)} {number(height + 2 * MARGIN)}"
    if decorative:
        opening, title = 'aria-hidden="true"', ""
    else:
        text = figure_alt_text_for(figure, name)
        opening, title = 'role="img"', f"<title>{escape(text)}</title>"
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" {opening} class="warmup-figure '
                  f'warmup-figure--{layout}" fill="none" stroke="currentColor" stroke-linecap="round" '
                  f'stroke-linejoin="round">{title}{animation}{floor_line}{"".join(body_parts)}</svg>')


def _on_screen(view: Camera, direction) -> float:
    """How much of a unit world direction lies across the screen (1) rather than towards the viewer (0)."""
    x, y, _ = view.project(direction)
    return min(1.0, math.hypot(x, y))


def _figure_elements(picture: Picture) -> list[str]:
    """The body: far limbs (lighter, behind), trunk and head, near limbs."""
    screen = picture.screen
    middle = screen["hips"][2]
    limbs = []
    for side in ("left", "right"):
        for limb, joints in LIMBS.items():
            depth = screen[f"{side} {ARM_ROOT[limb]}"][2]
            path = _points([screen[f"{side} {joint}"][:2] for joint in joints])
            limbs.append((depth, limb, f'<path d="{path}" stroke-width="{number(LIMB_WIDTHS[limb])}"/>'))
    far = [svg for depth, _, svg in sorted(limbs, key=lambda item: item[0]) if depth < middle - 1]
    near = [svg for depth, _, svg in sorted(limbs, key=lambda item: item[0]) if depth >= middle - 1]
    head_x, head_y, _ = screen["head"]
    trunk = (f'<path d="{_points([screen["hips"][:2], screen["shoulders"][:2]])}" '
             f'stroke-width="{number(picture.trunk_width)}"/>'
             f'<circle cx="{number(head_x)}" cy="{number(head_y)}" r="{number(body.HEAD_RADIUS)}" '
             'fill="currentColor" stroke="none"/>')
    elements = [f'<g opacity="{FAR_OPACITY}">' + "".join(far) + "</g>"] if far else []
    return elements + [trunk] + near


def _band(figure, picture: Picture, view: Camera, skeleton_now: Skeleton) -> str:
    """A mini band: a thin oval around both limbs at the two body points.

    Seen along the limbs (a clamshell's thighs) it is as round as the limbs are thick;
    seen across them (a standing runner's knees) it flattens, never to a line.
    """
    a_name, b_name = (body_point(figure, point) for point in figure.band)
    (ax, ay, _), (bx, by, _) = picture.screen[a_name], picture.screen[b_name]
    limb = unit(sub(skeleton_now.points[a_name], skeleton_now.points[_limb_root(a_name)]))
    along_view = abs(dot(limb, view.towards_viewer))
    radius = LEG_WIDTH / 2 + LINE_WIDTH
    rx = math.hypot(bx - ax, by - ay) / 2 + radius
    ry = radius * max(BAND_MIN_ROUNDNESS, along_view)
    turn = math.degrees(math.atan2(by - ay, bx - ax))
    return (f'<ellipse cx="{number((ax + bx) / 2)}" cy="{number((ay + by) / 2)}" rx="{number(rx)}" '
            f'ry="{number(ry)}" transform="rotate({number(turn)} {number((ax + bx) / 2)} {number((ay + by) / 2)})" '
            f'stroke-width="{LINE_WIDTH}"/>')


def _limb_root(point: str) -> str:
    """The joint a body point turns around: a knee or foot around its hip, a hand around its shoulder."""
    side, _, part = point.partition(" ")
    if part in ("knee", "ankle", "heel", "foot", "hip"):
        return f"{side} hip"
    if part in ("elbow", "hand", "shoulder"):
        return f"{side} shoulder"
    return "shoulders" if point == "hips" else "hips"


Point = tuple[float, float]
Marks = list[tuple[str, list[Point]]]  # svg elements, each with the points it reaches


def _arrow(figure, index: int, skeletons: list[Skeleton], view: Camera, picture: Picture) -> Marks:
    arrow = figure.arrow
    if arrow is None:
        return []
    if arrow.circles:
        clockwise = arrow.direction != "anticlockwise" and not (arrow.direction == "both ways" and index % 2)
        return [_circle_arrow(picture.screen[body_point(figure, arrow.circles)], view, clockwise)]
    # A path: out of this position towards the next one, as far as it goes, starting clear of the limb.
    if index + 1 >= len(skeletons):
        return []
    path = _path_of(figure, skeletons[index], skeletons[index + 1], view, arrow.follows)
    return [_path_arrow(path, arrow.direction == "both ways", half_width(arrow.follows) + 2)]


def _path_of(figure, start: Skeleton, end: Skeleton, view: Camera, point: str) -> list[tuple[float, float]]:
    """The way a body point goes from one position to the next: around the joint it turns on,
    its distance from that joint changing evenly (a joint-by-joint blend could dip through the floor)."""
    name = body_point(figure, point)
    root = _limb_root(name)
    a, b = sub(start.points[name], start.points[root]), sub(end.points[name], end.points[root])
    turn = math.acos(max(-1.0, min(1.0, dot(unit(a), unit(b))))) if length(a) and length(b) else 0.0
    path = []
    for step in range(PATH_STEPS + 1):
        t = step / PATH_STEPS
        if turn > 1e-3:
            direction = add(scale(unit(a), math.sin((1 - t) * turn)), scale(unit(b), math.sin(t * turn)))
            offset = scale(unit(direction), length(a) + (length(b) - length(a)) * t)
        else:
            offset = add(a, scale(sub(b, a), t))
        centre = add(start.points[root], scale(sub(end.points[root], start.points[root]), t))
        path.append(view.project(add(centre, offset))[:2])
    return path


def _trimmed(path: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """The path without its first ``gap`` units, so the arrow starts clear of the limb."""
    while len(path) > 2 and math.dist(path[0], path[1]) <= gap:
        gap -= math.dist(path[0], path[1])
        path = path[1:]
    (x0, y0), (x1, y1) = path[0], path[1]
    fraction = min(gap / (math.dist(path[0], path[1]) or 1.0), 0.9)
    return [(x0 + (x1 - x0) * fraction, y0 + (y1 - y0) * fraction)] + path[1:]


def _path_arrow(path: list[Point], both_ways: bool, gap: float) -> tuple[str, list[Point]]:
    path = _trimmed(path, gap)
    (x0, y0), (x1, y1) = path[-2], path[-1]
    missing = ARROW_MIN_LENGTH - sum(math.dist(a, b) for a, b in zip(path, path[1:]))
    if missing > 0:  # a small movement still gets an arrow big enough to read
        step = math.hypot(x1 - x0, y1 - y0) or 1.0
        path = path + [(x1 + (x1 - x0) / step * missing, y1 + (y1 - y0) / step * missing)]
    heads = [_head(path[-2], path[-1])]
    # The line stops inside each head, so no round end pokes out of its point.
    line = _trimmed(path[::-1], ARROW_HEAD / 2)[::-1]
    if both_ways:
        heads.append(_head(path[1], path[0]))
        line = _trimmed(line, ARROW_HEAD / 2)
    return f'<path d="{_points(line)}" stroke-width="{number(ARROW_WIDTH)}"/>' + "".join(heads), _widened(path)


def _widened(path: list[Point]) -> list[Point]:
    """Points an arrow along ``path`` reaches, its heads included."""
    return [(x + dx, y + dy) for x, y in path for dx, dy in ((-ARROW_HEAD, -ARROW_HEAD), (ARROW_HEAD, ARROW_HEAD))]


def _head(before: tuple[float, float], tip: tuple[float, float]) -> str:
    """A solid arrowhead at ``tip``, pointing away from ``before``."""
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    size = math.hypot(dx, dy) or 1.0
    dx, dy = dx / size, dy / size
    back = (tip[0] - dx * ARROW_HEAD, tip[1] - dy * ARROW_HEAD)
    half = ARROW_HEAD * 0.55
    corners = [tip, (back[0] - dy * half, back[1] + dx * half), (back[0] + dy * half, back[1] - dx * half)]
    return f'<path d="{_points(corners)}Z" fill="currentColor" stroke-width="1"/>'


def _circle_arrow(centre: tuple[float, float, float], view: Camera, clockwise: bool) -> tuple[str, list[Point]]:
    """A flat ring around the point, seen from slightly above at least, with its head on the near side."""
    tilt = max(CIRCLE_MIN_TILT, abs(view.towards_viewer[1]))
    rx, ry = CIRCLE_RADIUS, CIRCLE_RADIUS * tilt
    cx, cy = centre[0], centre[1]
    # Seen from above, clockwise carries the near side of the ring to the viewer's left.
    sweep = range(0, 301, 15)
    angles = [math.radians(a + 120) for a in sweep]
    points = [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in angles]
    if clockwise:
        points = [(2 * cx - x, y) for x, y in points]
    line = _trimmed(points[::-1], ARROW_HEAD / 2)[::-1]
    return (f'<path d="{_points(line)}" stroke-width="{number(ARROW_WIDTH)}"/>' + _head(points[-2], points[-1]),
            _widened(points))


def _bounds(pictures: list[Picture], reached: list[Point]) -> tuple[float, float, float, float]:
    """left, top, right and floor of everything drawn, in screen units."""
    xs, ys = [x for x, _ in reached], [y for _, y in reached]
    for picture in pictures:
        for name, (x, y, _) in picture.screen.items():
            reach = picture.trunk_width / 2 if name in ("hips", "shoulders") else half_width(name)
            xs += [x - reach, x + reach]
            ys += [y - reach, y + reach]
    return min(xs), min(ys), max(xs), max(ys)


# The animation: hold each key position, then move to the next, and back to the start.
HOLD, MOVE_STEPS, SECONDS_PER_POSITION = 0.3, 6, 1.6


def _timeline(poses: list) -> list[tuple[float, dict]]:
    """(fraction of the loop, angles) from the first position through the last and back again."""
    order = list(range(len(poses))) + list(range(len(poses) - 2, 0, -1))
    stops = []
    share = 1 / len(order)
    for place, index in enumerate(order):
        following = poses[order[(place + 1) % len(order)]]
        start = place * share
        stops.append((start, poses[index]))
        stops.append((start + share * HOLD, poses[index]))
        for step in range(1, MOVE_STEPS):
            eased = (1 - math.cos(math.pi * step / MOVE_STEPS)) / 2
            stops.append((start + share * (HOLD + (1 - HOLD) * step / MOVE_STEPS),
                          between(poses[index], following, eased)))
    stops.append((1.0, poses[0]))
    return stops


def _segments(figure, screen: dict, trunk_width: float) -> list[tuple[str, str, float, float, bool]]:
    """(from point, to point, 3D length, stroke width, far side?) of every straight piece of the body."""
    middle = screen["hips"][2]
    pieces = [("hips", "shoulders", body.TRUNK, trunk_width, False)]
    for side in ("left", "right"):
        for limb, joints in LIMBS.items():
            far = screen[f"{side} {ARM_ROOT[limb]}"][2] < middle - 1
            for a, b in zip(joints, joints[1:]):
                pieces.append((f"{side} {a}", f"{side} {b}", body.SEGMENT_LENGTHS[SEGMENT_OF[b]],
                               LIMB_WIDTHS[limb], far))
    return pieces


SEGMENT_OF = {"knee": "thigh", "ankle": "shank", "foot": "foot", "elbow": "upper arm", "hand": "forearm"}


def _matrix(screen: dict, a: str, b: str, reference: float) -> str:
    """The transform that lays a piece drawn from (0, 0) to (reference, 0) onto the screen from a to b."""
    (ax, ay, _), (bx, by, _) = screen[a], screen[b]
    dx, dy = bx - ax, by - ay
    size = math.hypot(dx, dy) or 1e-6
    return (f"matrix({_ratio(dx / reference)},{_ratio(dy / reference)},{_ratio(-dy / size)},{_ratio(dx / size)},"
            f"{number(ax)},{number(ay)})")


def _ratio(value: float) -> str:
    text = f"{round(value, 3):.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _animated(figure, slug: str, posture, poses: list, view: Camera, pictures: list[Picture],
              static: list[str]) -> tuple[list[list[str]], str]:
    """One figure whose pieces move between the key positions, or stand still on request (reduced motion)."""
    prefix = f"{slug}-animated"
    first = pictures[0]
    stops = [(time, {n: view.project(p) for n, p in skeleton(posture, angles).points.items()})
             for time, angles in _timeline(poses)]
    far, near, rules = [], [], []
    for index, (a, b, reference, width, is_far) in enumerate(_segments(figure, first.screen, first.trunk_width)):
        name = f"{prefix}-{index}"
        (far if is_far else near).append(
            f'<path class="{name}" d="M0 0H{number(reference)}" stroke-width="{number(width)}" '
            f'transform="{_matrix(first.screen, a, b, reference)}"/>')
        frames = "".join(f"{_percent(time)}{{transform:{_matrix(screen, a, b, reference)}}}" for time, screen in stops)
        rules.append(f"@keyframes {name}{{{frames}}}.{name}{{animation:{name} {len(stops) and _seconds(poses)} "
                     "linear infinite}")
    head = f"{prefix}-head"
    hx, hy, _ = first.screen["head"]
    frames = "".join(f"{_percent(time)}{{transform:translate({number(screen['head'][0])}px,"
                     f"{number(screen['head'][1])}px)}}" for time, screen in stops)
    rules.append(f"@keyframes {head}{{{frames}}}.{head}{{animation:{head} {_seconds(poses)} linear infinite}}")
    rules.append(f"@media (prefers-reduced-motion:reduce){{[class^={prefix}]{{animation:none}}}}")
    elements = ([f'<g opacity="{FAR_OPACITY}">' + "".join(far) + "</g>"] if far else [])
    elements += [near[0], f'<circle class="{head}" r="{number(body.HEAD_RADIUS)}" fill="currentColor" stroke="none" '
                          f'transform="translate({number(hx)} {number(hy)})"/>'] + near[1:]
    return [elements + static], "<style>" + "".join(rules) + "</style>"


def _percent(time: float) -> str:
    return f"{number(time * 100)}%"


def _seconds(poses: list) -> str:
    return f"{number(SECONDS_PER_POSITION * max(1, 2 * (len(poses) - 1)))}s"
