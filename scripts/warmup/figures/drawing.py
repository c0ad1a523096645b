"""Draw a figure as an inline SVG in one sports-pictogram style.

Solid rounded limbs (thick round-capped strokes), a round head, the far side's
limbs lighter, the floor drawn; everything in currentColor, so a page's text
colour (dark mode too) and a black-and-white printer both show it. Coordinates
are rounded to 0.1 unit, so the same content always gives the same bytes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from warmup.figures import body, circling
from warmup.figures.kinematics import Camera, Skeleton, add, camera, dot, half_width, length, scale, skeleton, sub, unit
from warmup.figures.pose import angles_of, between, body_point

# "stacked": the sequence's positions one above the other, for a narrow place (a wide figure of an exercise
# done lying down, on the poster).
LAYOUTS = ("sequence", "stacked", "single", "animated")
# A page's text colour is often slightly see-through (Material's is 87% black), which would darken
# every place where two limbs overlap; the figure takes the same colour made solid. Browsers without
# relative colours ignore this and use the text colour as it is.
# Guarded by @supports: a renderer that cannot compute it (WeasyPrint) keeps the colour it was given.
OPAQUE_COLOR = "<style>@supports (color:rgb(from red r g b/1)){.warmup-figure{color:rgb(from currentColor r g b/1)}}</style>"
FAR_OPACITY = ".4"
LEG_WIDTH, FOOT_WIDTH, ARM_WIDTH = 8.5, 5.0, 6.0
LINE_WIDTH = 2.4  # floor and band: thin beside the limbs, so they never read as a body part
ARROW_WIDTH = 3.0
ARROW_HEAD = 9.0
ARROW_MIN_LENGTH = 18.0
MARGIN = 5.0
PANEL_GAP = 14.0
PATH_STEPS = 16
CIRCLE_RADIUS = 30.0  # a circle's arrow: how wide around the point
BAND_MIN_ROUNDNESS = 0.45
MAT_MARGIN, MAT_OPACITY = 6.0, ".15"
UNSEEN = 0.25  # a tenth of a millimetre on a printed figure 100 units tall and 40 mm high
BAND_RADIUS = LEG_WIDTH / 2 + LINE_WIDTH  # round the limb, just clear of it
BAND_WIDTH = 1.8
LIMBS = {"leg": ("hip", "knee", "ankle"), "foot": ("ankle", "foot"), "arm": ("shoulder", "elbow", "hand")}
LIMB_WIDTHS = {"leg": LEG_WIDTH, "foot": FOOT_WIDTH, "arm": ARM_WIDTH}
ARM_ROOT = {"leg": "hip", "foot": "hip", "arm": "shoulder"}


def number(value: float) -> str:
    """A coordinate as short, stable text: one decimal, no trailing zero, no '-0'."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _points(points: list[tuple[float, float]], closed: bool = False) -> str:
    """An SVG path's data through ``points``; ``closed`` joins the last back to the first."""
    kept = _simplified(points + points[:1])[:-1] if closed else _simplified(points)
    return "M" + "L".join(f"{number(x)} {number(y)}" for x, y in kept) + ("Z" if closed else "")


def _simplified(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The line without the points it would pass within UNSEEN of anyway (Ramer-Douglas-Peucker): an arrow
    sampled along a curve keeps a few points instead of dozens, lighter to send and to print."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    span = math.hypot(bx - ax, by - ay)
    distances = [abs((bx - ax) * (ay - y) - (ax - x) * (by - ay)) / span if span else math.hypot(x - ax, y - ay)
                 for x, y in points[1:-1]]
    farthest = max(range(len(distances)), key=distances.__getitem__)
    if distances[farthest] <= UNSEEN:
        return [points[0], points[-1]]
    return _simplified(points[:farthest + 2])[:-1] + _simplified(points[farthest + 1:])


@dataclass
class Picture:
    """One projected position: each body point on screen (x, y, depth), and how wide the trunk looks."""

    screen: dict[str, tuple[float, float, float]]
    trunk_width: float  # the waist's, hips to shoulders
    chest_width: float


def figure_svg_for(figure, slug: str, layout: str, *, title: str | None = None, caption_room: float = 0.0) -> Markup:
    """The inline <svg> of ``figure`` (a content Figure) for ``layout``; see warmup.figures.figure_svg.

    ``caption_room``: drawing units left empty under each position of a "sequence" or "stacked" drawing, where a
    printed piece writes each position's name (caption_slots())."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout should be one of {', '.join(LAYOUTS)}, not {layout!r}")
    posture = body.POSTURES[figure.posture]
    view = camera(posture, body.VIEWS[figure.view])
    poses = [angles_of(figure, position) for position in figure.positions]
    skeletons = [skeleton(posture, angles) for angles in poses]
    shown = range(len(poses)) if layout in ("sequence", "stacked") else (0,)
    across = _on_screen(view, posture.right)  # 0 seen from the side, 1 from the front or behind
    trunk_width = body.TRUNK_DEPTH + (body.WAIST_BREADTH - body.TRUNK_DEPTH) * across
    chest_width = body.TRUNK_DEPTH + (body.TRUNK_BREADTH - body.TRUNK_DEPTH) * across
    pictures = [Picture({name: view.project(point) for name, point in bones.points.items()}, trunk_width, chest_width)
                for bones in skeletons]

    moving = _moving_side(figure)
    reached: list[Point] = []
    animation = ""
    if layout == "animated" and (len(poses) > 1 or circling.carries_body(figure)):
        marks = _arrow(figure, 0, skeletons, view, pictures[0])
        reached += [point for _, points, _ in marks for point in points]
        panels, animation = _animated(figure, slug, posture, poses, view, pictures, skeletons, marks, moving)
        framed, standing = pictures, skeletons
        if circling.carries_body(figure):  # the frame holds the body wherever the circle carries it
            framed = pictures + [Picture(circling.carried(picture.screen, view, figure, quarter / 4),
                                         picture.trunk_width, picture.chest_width)
                                 for picture in pictures for quarter in range(4)]
    else:
        panels = []
        for index in shown:
            marks = _arrow(figure, index, skeletons, view, pictures[index])
            elements = [svg for svg, _, behind in marks if behind] + _figure_elements(pictures[index], moving)
            if figure.band:
                elements.append(_band(figure, pictures[index], view, skeletons[index]))
            elements += [svg for svg, _, behind in marks if not behind]
            reached += [point for _, points, _ in marks for point in points]
            panels.append(elements)
        framed, standing = [pictures[index] for index in shown], [skeletons[index] for index in shown]
    mat = _mat(view, standing) if body.VIEWS[figure.view].raised else []
    reached += mat
    if figure.band:
        reach = BAND_RADIUS + LINE_WIDTH
        reached += [(x + dx, y + dy) for picture in framed for name in _band_points(figure)
                    for x, y, _ in [picture.screen[name]] for dx in (-reach, reach) for dy in (-reach, reach)]
    # Every panel (and every moment of a movement) shares one frame, so the floor lines up.
    left, top, right, bottom = _bounds(framed, reached)
    width = right - left
    # The floor: seen from its own level, a line under the figure; seen from above, a mat under it.
    floor_mark = (f'<path d="{_points(mat)}Z" fill="currentColor" stroke="none" opacity="{MAT_OPACITY}"/>'
                  if mat else "")
    # Each position's name rides with its drawing, for a page, a slide or a poster to show under it.
    names = [position.name for position in figure.positions]
    shown_names = names if layout != "single" else names[:1]
    # Seen from its level the floor (world height 0) is the screen's line y = 0, whatever else reaches lower.
    height = max(bottom, LINE_WIDTH / 2) - top
    stacked = layout == "stacked"
    # From one stacked panel's top to the next one's: a name under a drawing takes the gap's place.
    pitch = height + max(PANEL_GAP, caption_room)
    body_parts = []
    for i, elements in enumerate(panels):
        shift_x, shift_y = (-left, i * pitch - top) if stacked else (i * (width + PANEL_GAP) - left, -top)
        named = f' data-position="{escape(shown_names[i])}"' if len(panels) == len(shown_names) else ""
        body_parts.append(f'<g transform="translate({number(shift_x)} {number(shift_y)})"{named}>' + floor_mark
                          + "".join(elements) + "</g>")
    across, down = (1, len(panels)) if stacked else (len(panels), 1)
    total_width = across * width + (across - 1) * PANEL_GAP
    total_height = (down - 1) * pitch + height + caption_room
    floor_line = "" if mat else "".join(
        f'<path d="M0 {number(row * pitch - top)}H{number(total_width)}" stroke-width="{LINE_WIDTH}" '
        f'opacity=".6"/>' for row in range(down))
    box = f"{number(-MARGIN)} {number(-MARGIN)} {number(total_width + 2 * MARGIN)} {number(total_height + 2 * MARGIN)}"
    # With a title (the figure's words, alt_text.py) it is an image a screen reader names; without, decorative.
    opening, title = ('role="img"', f"<title>{escape(title)}</title>") if title else ('aria-hidden="true"', "")
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" {opening} class="warmup-figure '
                  f'warmup-figure--{layout}" data-positions="{escape(json.dumps(shown_names))}" '
                  f'fill="none" stroke="currentColor" '
                  f'stroke-linecap="round" stroke-linejoin="round">{title}{OPAQUE_COLOR}{animation}{floor_line}'
                  f'{"".join(body_parts)}</svg>')


LIGHT, BEHIND, NEAR = "light", "behind", "near"


def panel_columns(total_width: float, count: int) -> list[float]:
    """The widths, in drawing units, of the margin, each panel and each gap between them, left to right,
    of a sequence drawing ``total_width`` wide (its viewBox) showing ``count`` positions: where each
    position's name goes under it."""
    panel = (total_width - 2 * MARGIN - (count - 1) * PANEL_GAP) / count
    return [MARGIN] + [width for i in range(count) for width in ((PANEL_GAP, panel) if i else (panel,))] + [MARGIN]


def caption_slots(view_box: tuple[float, float], count: int, layout: str, caption_room: float
                  ) -> list[tuple[float, float, float]]:
    """Where each position's name goes in a "sequence" or "stacked" drawing with ``caption_room`` under each
    position (its viewBox's width and height given): (left, top, width) of the room under each drawing, as
    fractions of the whole picture, left to right or top to bottom."""
    total_width, total_height = view_box
    if layout == "stacked":
        # total_height = 2 * MARGIN + (count - 1) * pitch + height + caption_room, pitch = height + max(gap, room)
        pitch = (total_height - 2 * MARGIN - caption_room + max(PANEL_GAP, caption_room)) / count
        height = pitch - max(PANEL_GAP, caption_room)
        return [(0.0, (MARGIN + index * pitch + height) / total_height, 1.0) for index in range(count)]
    columns = panel_columns(total_width, count)
    top = (total_height - MARGIN - caption_room) / total_height
    lefts = [sum(columns[:2 * index + 1]) for index in range(count)]
    # Each name may use half the gap on either side of its drawing.
    return [((left - PANEL_GAP / 2 * bool(index)) / total_width, top,
             (columns[2 * index + 1] + PANEL_GAP * ((index > 0) + (index < count - 1)) / 2) / total_width)
            for index, left in enumerate(lefts)]


def _layer(screen: dict, side: str, limb: str, moving: str | None) -> str:
    """Where a limb is drawn: far and lighter, far but solid (the moving leg), or in front of the trunk."""
    # Near or far of its own girdle: seen from behind, both shoulders are farther than the hips.
    girdle = "shoulders" if limb == "arm" else "hips"
    if screen[f"{side} {ARM_ROOT[limb]}"][2] >= screen[girdle][2] - 1:
        return NEAR
    return BEHIND if side == moving and limb != "arm" else LIGHT


def _mat(view: Camera, skeletons: list[Skeleton]) -> list[Point]:
    """The corners, on screen, of a mat on the floor under everything the body reaches."""
    xs = [point[0] for bones in skeletons for point in bones.points.values()]
    zs = [point[2] for bones in skeletons for point in bones.points.values()]
    x0, x1, z0, z1 = min(xs) - MAT_MARGIN, max(xs) + MAT_MARGIN, min(zs) - MAT_MARGIN, max(zs) + MAT_MARGIN
    return [view.project((x, 0.0, z))[:2] for x, z in ((x0, z0), (x1, z0), (x1, z1), (x0, z1))]


def _moving_side(figure) -> str | None:
    """The body side whose leg the arrow follows, if it follows one."""
    if figure.arrow and figure.arrow.follows and body.point_side(figure.arrow.follows):
        return body_point(figure, figure.arrow.follows).split(" ")[0]
    return None


def _on_screen(view: Camera, direction) -> float:
    """How much of a unit world direction lies across the screen (1) rather than towards the viewer (0)."""
    x, y, _ = view.project(direction)
    return min(1.0, math.hypot(x, y))


def _figure_elements(picture: Picture, moving: str | None = None) -> list[str]:
    """The body: far limbs (lighter, behind), trunk and head, near limbs.

    The leg that makes the movement (on body side ``moving``) is never lighter: it is
    what the picture is about, even on the far side; it stays behind the trunk there.
    """
    screen = picture.screen
    layers = {LIGHT: [], BEHIND: [], NEAR: []}
    for side in ("left", "right"):
        for limb, joints in LIMBS.items():
            path = _points([screen[f"{side} {joint}"][:2] for joint in joints])
            layers[_layer(screen, side, limb, moving)].append(
                (screen[f"{side} {ARM_ROOT[limb]}"][2], f'<path d="{path}" stroke-width="{number(LIMB_WIDTHS[limb])}"/>'))
    light, behind, near = (sorted(layers[layer]) for layer in (LIGHT, BEHIND, NEAR))
    head_x, head_y, _ = screen["head"]
    trunk = (_trunk_path(_trunk_outline(picture)) +
             f'<circle cx="{number(head_x)}" cy="{number(head_y)}" r="{number(body.HEAD_RADIUS)}" '
             'fill="currentColor" stroke="none"/>')
    elements = [f'<g opacity="{FAR_OPACITY}">' + "".join(svg for _, svg in sorted(light)) + "</g>"] if light else []
    return elements + [svg for _, svg in sorted(behind)] + [trunk] + [svg for _, svg in sorted(near)]


def _trunk_inset(width: float) -> float:
    """How much shorter a trunk seen wider than from the side is drawn at each end, so its rounded ends
    stay at the shoulders and the hips instead of bulging up into the neck and down between the legs."""
    return max(0.0, width - body.TRUNK_DEPTH) / 2


TRUNK_ROUNDING_STEP = 10  # degrees between the points around each rounded end; the outline keeps what shows


def _trunk_outline(picture: Picture) -> list[Point]:
    """The trunk as one smooth shape, on screen: round at the hips (the waist's width) and at the chest (the
    chest's width, a little forward of the spine), with straight sides between, so from the front the
    shoulders are broader than the hips and from the side the chest shows which way the body faces, without a
    second piece that would stand out as a lump on a body lying down."""
    screen = picture.screen
    (hx, hy, _), (sx, sy, _) = screen["hips"], screen["shoulders"]
    inset = _trunk_inset(picture.trunk_width) / (math.hypot(sx - hx, sy - hy) or 1.0)
    ends = [(hx + (sx - hx) * inset, hy + (sy - hy) * inset), (sx - (sx - hx) * inset, sy - (sy - hy) * inset)]
    rounds = [(x, y, picture.trunk_width / 2) for x, y in ends]
    rounds += [(*screen[name][:2], picture.chest_width / 2) for name in ("upper chest", "chest")]
    return _convex_hull([(x + r * math.cos(math.radians(a)), y + r * math.sin(math.radians(a)))
                         for x, y, r in rounds for a in range(0, 360, TRUNK_ROUNDING_STEP)])


def _convex_hull(points: list[Point]) -> list[Point]:
    """The smallest convex outline around ``points`` (Andrew's monotone chain), in order around it."""
    ordered = sorted(set(points))

    def half(run: list[Point]) -> list[Point]:
        chain: list[Point] = []
        for p in run:
            while len(chain) >= 2 and ((chain[-1][0] - chain[-2][0]) * (p[1] - chain[-2][1])
                                       - (chain[-1][1] - chain[-2][1]) * (p[0] - chain[-2][0])) <= 0:
                chain.pop()
            chain.append(p)
        return chain[:-1]
    return half(ordered) + half(ordered[::-1])


def _trunk_path(outline: list[Point], attributes: str = "") -> str:
    return f'<path{attributes} d="{_points(outline, closed=True)}" fill="currentColor" stroke="none"/>'


def _band(figure, picture: Picture, view: Camera, skeleton_now: Skeleton, css_class: str = "") -> str:
    """A mini band: a thin oval around both limbs at the two body points.

    Seen along the limbs (the thighs of a body lying on its side) it is as round as the limbs are thick;
    seen across them (a standing figure's knees) it flattens, never to a line. It is drawn
    round (0, 0) and laid between the points by a transform, which an animation can change.
    """
    a_name, _ = _band_points(figure)
    limb = unit(sub(skeleton_now.points[a_name], skeleton_now.points[_limb_root(a_name)]))
    along_view = abs(dot(limb, view.towards_viewer))
    ry = BAND_RADIUS * max(BAND_MIN_ROUNDNESS, along_view)
    rx = _band_length(picture.screen, figure) / 2 + BAND_RADIUS
    class_attribute = f' class="{css_class}"' if css_class else ""
    return (f'<ellipse{class_attribute} rx="{number(rx)}" ry="{number(ry)}" '
            f'transform="{_band_matrix(picture.screen, figure, rx)}" stroke-width="{BAND_WIDTH}"/>')


def _band_matrix(screen: dict, figure, drawn_rx: float) -> str:
    """The transform that lays a band drawn round (0, 0) with half-length ``drawn_rx`` between its two points."""
    (ax, ay, _), (bx, by, _) = (screen[name] for name in _band_points(figure))
    size = math.hypot(bx - ax, by - ay)
    cos, sin = ((bx - ax) / size, (by - ay) / size) if size else (1.0, 0.0)
    stretch = (size / 2 + BAND_RADIUS) / drawn_rx
    return (f"matrix({_ratio(cos * stretch)},{_ratio(sin * stretch)},{_ratio(-sin)},{_ratio(cos)},"
            f"{number((ax + bx) / 2)},{number((ay + by) / 2)})")


def _band_points(figure) -> tuple[str, str]:
    a, b = (body_point(figure, point) for point in figure.band)
    return a, b


def _band_length(screen: dict, figure) -> float:
    (ax, ay, _), (bx, by, _) = (screen[name] for name in _band_points(figure))
    return math.hypot(bx - ax, by - ay)


def _limb_root(point: str) -> str:
    """The joint a body point turns around: a knee or foot around its hip, a hand around its shoulder."""
    side, _, part = point.partition(" ")
    if part in ("knee", "ankle", "heel", "foot", "hip"):
        return f"{side} hip"
    if part in ("elbow", "hand", "shoulder"):
        return f"{side} shoulder"
    return "shoulders" if point == "hips" else "hips"


Point = tuple[float, float]
Marks = list[tuple[str, list[Point], bool]]  # svg elements, each with the points it reaches and if behind the body


def _arrow(figure, index: int, skeletons: list[Skeleton], view: Camera, picture: Picture) -> Marks:
    arrow = figure.arrow
    if arrow is None:
        return []
    if arrow.circles:
        clockwise = arrow.direction != "anticlockwise" and not (arrow.direction == "both ways" and index % 2)
        return _circle_arrow(picture.screen[body_point(figure, arrow.circles)], view, clockwise)
    # A path: out of this position towards the next one, as far as it goes, starting clear of the limb.
    if index + 1 >= len(skeletons):
        return []
    path = _path_of(figure, skeletons[index], skeletons[index + 1], view, arrow.follows)
    svg, points = _path_arrow(path, arrow.direction == "both ways", half_width(arrow.follows) + 2)
    return [(svg, points, False)]


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
    if both_ways:  # there and back: a straight arrow, the way a sideways step is shown
        path = [path[0], path[-1]]
    shortest = ARROW_MIN_LENGTH * (1.6 if both_ways else 1)
    missing = shortest - sum(math.dist(a, b) for a, b in zip(path, path[1:]))
    if missing > 0:  # a small movement still gets an arrow big enough to read, on in the same direction
        (x0, y0), (x1, y1) = path[0], path[-1]
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


def _circle_arrow(centre: tuple[float, float, float], view: Camera, clockwise: bool) -> Marks:
    """A flat ring around the point, seen from slightly above at least: its far half passes behind
    the body, its near half in front with the head. Seen from above, clockwise carries the near side
    to the viewer's left."""
    tilt = circling.ring_tilt(view)
    cx, cy = centre[0], centre[1]

    def arc(start: int, stop: int) -> list[Point]:
        # Angles on screen (y down): 0 right, 90 the near side, 180 left, 270 the far side.
        return [(cx + CIRCLE_RADIUS * math.cos(math.radians(a)), cy + CIRCLE_RADIUS * tilt * math.sin(math.radians(a)))
                for a in range(start, stop + 1, 10)]
    far, near = arc(180, 360), arc(0, 170)
    if not clockwise:
        near = near[::-1]
    line = _trimmed(near[::-1], ARROW_HEAD / 2)[::-1]
    return [(f'<path d="{_points(far)}" stroke-width="{number(ARROW_WIDTH)}"/>', _widened(far), True),
            (f'<path d="{_points(line)}" stroke-width="{number(ARROW_WIDTH)}"/>' + _head(near[-2], near[-1]),
             _widened(near), False)]


def _bounds(pictures: list[Picture], reached: list[Point]) -> tuple[float, float, float, float]:
    """left, top, right and bottom of everything drawn, in screen units."""
    xs, ys = [x for x, _ in reached], [y for _, y in reached]
    for picture in pictures:
        for name, (x, y, _) in picture.screen.items():
            reach = (picture.chest_width / 2 if name in ("chest", "upper chest")
                     else picture.trunk_width / 2 if name in ("hips", "shoulders") else half_width(name))
            xs += [x - reach, x + reach]
            ys += [y - reach, y + reach]
    return min(xs), min(ys), max(xs), max(ys)


# The animation: hold each key position, move to the next, and (played backwards, CSS "alternate") back again.
HOLD, MOVE_STEPS, SECONDS_PER_POSITION = 0.15, 5, 1.6


def _timeline(poses: list) -> list[tuple[float, dict]]:
    """(fraction of the way, angles) from the first position to the last, holding a moment at each."""
    stops = []
    share = 1 / (len(poses) - 1)
    for index in range(len(poses) - 1):
        start = index * share
        stops.append((start + (share * HOLD if index else 0), poses[index]))
        for step in range(1, MOVE_STEPS):
            eased = (1 - math.cos(math.pi * step / MOVE_STEPS)) / 2
            stops.append((start + share * (HOLD + (1 - 2 * HOLD) * step / MOVE_STEPS),
                          between(poses[index], poses[index + 1], eased)))
        stops.append((start + share * (1 - HOLD), poses[index + 1]))
    stops.append((1.0, poses[-1]))
    return stops


def _segments(picture: Picture, moving: str | None) -> list[tuple[str, str, float, float, str]]:
    """(from point, to point, 3D length, stroke width, layer) of every straight piece of the body."""
    screen = picture.screen
    pieces = [("hips", "shoulders", body.TRUNK, picture.trunk_width, "trunk")]
    for side in ("left", "right"):
        for limb, joints in LIMBS.items():
            layer = _layer(screen, side, limb, moving)
            for a, b in zip(joints, joints[1:]):
                pieces.append((f"{side} {a}", f"{side} {b}", body.SEGMENT_LENGTHS[SEGMENT_OF[b]],
                               LIMB_WIDTHS[limb], layer))
    return pieces


SEGMENT_OF = {"knee": "thigh", "ankle": "shank", "foot": "foot", "elbow": "upper arm", "hand": "forearm"}


def _matrix(screen: dict, a: str, b: str, reference: float) -> str:
    """The transform that lays a piece drawn from (0, 0) to (reference, 0) onto the screen from a to b."""
    (ax, ay, _), (bx, by, _) = screen[a], screen[b]
    dx, dy = bx - ax, by - ay
    size = math.hypot(dx, dy) or 1e-6
    return (f"matrix({_ratio(dx / reference)},{_ratio(dy / reference)},{_ratio(-dy / size)},{_ratio(dx / size)},"
            f"{number(ax)},{number(ay)})")


def _in_piece(points: list[Point], screen: dict, a: str, b: str, reference: float) -> list[Point]:
    """``points`` on screen as drawn along a piece from (0, 0) to (reference, 0) before _matrix lays it from a to b."""
    (ax, ay, _), (bx, by, _) = screen[a], screen[b]
    dx, dy = bx - ax, by - ay
    size = math.hypot(dx, dy) or 1e-6
    return [(((x - ax) * dx + (y - ay) * dy) / size * reference / size, ((y - ay) * dx - (x - ax) * dy) / size)
            for x, y in points]


def _ratio(value: float) -> str:
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _animated(figure, slug: str, posture, poses: list, view: Camera, pictures: list[Picture], skeletons: list,
              arrows: Marks, moving: str | None) -> tuple[list[list[str]], str]:
    """One figure whose pieces move between the key positions, or stand still on request (reduced motion).

    Each piece is drawn once along x and laid in place by a transform; CSS keyframes change the
    transforms through the positions (sampled, so a joint turns smoothly). Standing still, the figure
    shows the start with its arrow, like the single picture.
    """
    prefix = f"{slug}-animated"
    first = pictures[0]
    if circling.carries_body(figure):
        # Once round the ring (and back the other way, for both ways), turning evenly from the first position
        # to the last on the way.
        stops = [(fraction, circling.carried({n: view.project(p) for n, p in skeleton(posture, angles).points.items()},
                                             view, figure, fraction))
                 for fraction in (step / circling.STEPS for step in range(circling.STEPS + 1))
                 for angles in [between(poses[0], poses[-1], fraction)]]
        duration, alternate = f"{number(circling.SECONDS_PER_CIRCLE)}s", circling.alternates(figure)
    else:
        stops = [(time, {n: view.project(p) for n, p in skeleton(posture, angles).points.items()})
                 for time, angles in _timeline(poses)]
        duration, alternate = _seconds(poses), True
    layers, rules = {LIGHT: [], BEHIND: [], "trunk": [], NEAR: []}, []

    def moved(name: str, transforms: list[str]) -> str:
        """' class="name"' with its keyframes added to the rules, or '' for a piece that keeps still."""
        rule = _keyframes(name, [time for time, _ in stops], transforms, duration, alternate)
        if not rule:
            return ""
        rules.append(rule)
        return f' class="{name}"'

    for index, (a, b, reference, width, layer) in enumerate(_segments(first, moving)):
        css_class = moved(f"{prefix}-{index}", [_matrix(screen, a, b, reference) for _, screen in stops])
        transform = f' transform="{_matrix(first.screen, a, b, reference)}"'
        if layer == "trunk":  # its outline as in the first position, carried by the hips-to-shoulders line
            layers[layer].append(_trunk_path(_in_piece(_trunk_outline(first), first.screen, a, b, reference),
                                             css_class + transform))
            continue
        layers[layer].append(f'<path{css_class} d="M0 0H{number(reference)}" '
                             f'stroke-width="{number(width)}"{transform}/>')
    hx, hy, _ = first.screen["head"]
    head_class = moved(f"{prefix}-head", [f"translate({number(screen['head'][0])}px,{number(screen['head'][1])}px)"
                                          for _, screen in stops])
    extras = []
    if figure.band:
        drawn_rx = _band_length(first.screen, figure) / 2 + BAND_RADIUS
        band_class = moved(f"{prefix}-band", [_band_matrix(screen, figure, drawn_rx) for _, screen in stops])
        extras.append(_band(figure, first, view, skeletons[0], band_class.split('"')[1] if band_class else ""))
    still = f"{prefix}-still"
    behind = [svg for svg, _, is_behind in arrows if is_behind]
    in_front = [svg for svg, _, is_behind in arrows if not is_behind]
    if figure.arrow and figure.arrow.circles:
        extras += in_front  # a circle is not what the body's movement shows, so it stays
    elif in_front:
        # A path arrow is what the movement itself shows; it appears only when the figure stands still.
        extras.append(f'<g class="{still}">' + "".join(in_front) + "</g>")
        rules.append(f".{still}{{display:none}}")
    rules.append(f"@media (prefers-reduced-motion:reduce){{[class^={prefix}]{{animation:none}}"
                 f".{still}{{display:inline}}}}")
    elements = behind + ([f'<g opacity="{FAR_OPACITY}">' + "".join(layers[LIGHT]) + "</g>"] if layers[LIGHT] else [])
    elements += layers[BEHIND] + layers["trunk"]
    elements += [f'<circle{head_class} r="{number(body.HEAD_RADIUS)}" fill="currentColor" stroke="none" '
                 f'transform="translate({number(hx)} {number(hy)})"/>'] + layers[NEAR]
    return [elements + extras], "<style>" + "".join(rules) + "</style>"


def _keyframes(name: str, times: list[float], values: list[str], duration: str, alternate: bool) -> str:
    """The CSS animation of one piece through ``values`` at ``times`` (fractions of the loop), with each run of
    equal values written once; '' when the piece never moves."""
    if len(set(values)) == 1:
        return ""
    frames, index = [], 0
    while index < len(values):
        end = index
        while end + 1 < len(values) and values[end + 1] == values[index]:
            end += 1
        moments = ",".join(dict.fromkeys(_percent(times[i]) for i in (index, end)))
        frames.append(f"{moments}{{transform:{values[index]}}}")
        index = end + 1
    played = " alternate" if alternate else ""
    return f"@keyframes {name}{{{''.join(frames)}}}.{name}{{animation:{name} {duration} linear infinite{played}}}"


def _percent(time: float) -> str:
    return f"{number(time * 100)}%"


def _seconds(poses: list) -> str:
    return f"{number(SECONDS_PER_POSITION * (len(poses) - 1))}s"
