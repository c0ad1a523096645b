"""Forward kinematics of the standard figure in 3D, resting on the floor, and its orthographic projection.

Every joint turns one frame of three axes (right, up, forward) towards another
axis by its angle, from the pelvis outwards, so a limb keeps its length whatever
the angles; the posture then lays the body on the floor, and a view projects it.
One code path serves every posture and every view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from warmup.figures import body
from warmup.figures.body import Posture, View

Vector = tuple[float, float, float]
WORLD_UP: Vector = (0.0, 1.0, 0.0)


def add(a: Vector, b: Vector) -> Vector:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Vector, b: Vector) -> Vector:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def scale(a: Vector, k: float) -> Vector:
    return (a[0] * k, a[1] * k, a[2] * k)


def dot(a: Vector, b: Vector) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vector, b: Vector) -> Vector:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def length(a: Vector) -> float:
    return math.sqrt(dot(a, a))


def unit(a: Vector) -> Vector:
    return scale(a, 1 / length(a))


@dataclass(frozen=True)
class Frame:
    """A body part's own axes, in world coordinates."""

    right: Vector
    up: Vector
    forward: Vector

    def turned(self, axis: str, towards: str, degrees: float) -> Frame:
        """The frame with ``axis`` turned ``degrees`` towards ``towards`` (and that one away from it)."""
        a, b = getattr(self, axis), getattr(self, towards)
        cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
        return Frame(**{**vars(self), axis: add(scale(a, cos), scale(b, sin)), towards: sub(scale(b, cos), scale(a, sin))})


# A resolved pose: every joint's angle, keyed (body side or None, joint name); sides are "left"/"right".
Angles = dict[tuple[str | None, str], float]


@dataclass(frozen=True)
class Skeleton:
    """The figure's named points in 3D (world units: body height 100), standing or lying on the floor (y = 0)."""

    points: dict[str, Vector]


# How far out from a point's centre the figure's outline reaches: what touches the floor.
def half_width(point: str) -> float:
    part = point if point == "upper chest" else point.split(" ")[-1]
    trunk = body.TRUNK_DEPTH / 2
    return {"hips": trunk, "shoulders": trunk, "chest": trunk - body.CHEST_OUT,
            "upper chest": trunk - body.CHEST_OUT / 2, "head": body.HEAD_RADIUS, "hip": 4.5, "knee": 4.0, "ankle": 2.5,
            "heel": 2.5, "foot": 2.5, "shoulder": 3.25, "elbow": 3.0, "hand": 3.0, "hands": 3.0}[part]


def skeleton(posture: Posture, angles: Angles) -> Skeleton:
    """Where every body point is for ``angles``, with the body resting on the floor as ``posture`` says."""
    pelvis = Frame(posture.right, posture.up, posture.forward)
    points: dict[str, Vector] = {"hips": (0.0, 0.0, 0.0)}
    chest = (pelvis.turned("up", "forward", angles[None, "trunk"])
             .turned("up", "right", angles[None, "trunk_side"])
             .turned("forward", "right", angles[None, "trunk_turn"]))
    points["shoulders"] = scale(chest.up, body.TRUNK)
    points["chest"] = add(scale(chest.up, body.TRUNK - body.CHEST_DOWN), scale(chest.forward, body.CHEST_OUT))
    points["upper chest"] = scale(add(points["shoulders"], points["chest"]), 0.5)
    for side, outward in (("right", 1), ("left", -1)):
        def angle(joint: str) -> float:
            return angles[side, joint]
        hip = scale(pelvis.right, outward * body.HIP_HALF_WIDTH)
        thigh = (pelvis.turned("up", "forward", -angle("hip"))
                 .turned("up", "right", -outward * angle("hip_out"))
                 .turned("forward", "right", outward * angle("hip_turn_out")))
        knee = sub(hip, scale(thigh.up, body.THIGH))
        shank = thigh.turned("up", "forward", angle("knee"))
        ankle = sub(knee, scale(shank.up, body.SHANK))
        foot = shank.turned("forward", "up", angle("ankle"))
        points.update({f"{side} hip": hip, f"{side} knee": knee, f"{side} ankle": ankle, f"{side} heel": ankle,
                       f"{side} foot": add(ankle, scale(foot.forward, body.FOOT))})
        shoulder = add(points["shoulders"], scale(chest.right, outward * body.SHOULDER_HALF_WIDTH))
        upper_arm = (chest.turned("up", "forward", -angle("shoulder"))
                     .turned("up", "right", -outward * angle("shoulder_out")))
        elbow = sub(shoulder, scale(upper_arm.up, body.UPPER_ARM))
        forearm = upper_arm.turned("up", "forward", -angle("elbow"))
        points.update({f"{side} shoulder": shoulder, f"{side} elbow": elbow,
                       f"{side} hand": sub(elbow, scale(forearm.up, body.FOREARM))})
    points["hands"] = scale(add(points["left hand"], points["right hand"]), 0.5)
    points["head"] = add(points["shoulders"], scale(chest.up, body.NECK))
    points = _rested(posture, points)
    return Skeleton(_head_off_the_floor(points))


def _rested(posture: Posture, points: dict[str, Vector]) -> dict[str, Vector]:
    """The body tipped about its left-right axis until it lies on its pivot and the first point to touch down."""
    if posture.pivot:
        axis = unit(sub(points["right hip"], points["left hip"]))
        pivot = _contact(posture.pivot, points)
        resting = [sub(_contact(name, points), pivot) for name in posture.rests_on]
        along = unit(cross(axis, WORLD_UP))
        if dot(along, sum_vectors(resting)) < 0:
            along = scale(along, -1)
        # Each point's angle above the floor, seen from the pivot; the lowest one comes down to it.
        lowest = min(math.atan2(dot(r, WORLD_UP), dot(r, along)) for r in resting)
        cos, sin = math.cos(lowest), math.sin(lowest)

        def tipped(point: Vector) -> Vector:
            d = sub(point, pivot)
            x, y = dot(d, along), dot(d, WORLD_UP)
            rest = sub(d, add(scale(along, x), scale(WORLD_UP, y)))
            return add(pivot, add(rest, add(scale(along, x * cos + y * sin), scale(WORLD_UP, y * cos - x * sin))))
        points = {name: tipped(point) for name, point in points.items()}
    floor = min(point[1] - half_width(name) for name, point in points.items() if name != "head")
    return {name: sub(point, (0.0, floor, 0.0)) for name, point in points.items()}


def _contact(name: str, points: dict[str, Vector]) -> Vector:
    """The lowest point of a body part's outline, as if it lay on the floor as it is now."""
    return sub(points[name], (0.0, half_width(name), 0.0))


def sum_vectors(vectors: list[Vector]) -> Vector:
    total = (0.0, 0.0, 0.0)
    for vector in vectors:
        total = add(total, vector)
    return total


def _head_off_the_floor(points: dict[str, Vector]) -> dict[str, Vector]:
    """A head that would sink into the floor bends forward on the neck until it rests on it, as a real head does."""
    shoulders, head = points["shoulders"], points["head"]
    if head[1] >= body.HEAD_RADIUS:
        return points
    neck = sub(head, shoulders)
    flat = unit((neck[0], 0.0, neck[2]))
    height = max(-1.0, min(1.0, (body.HEAD_RADIUS - shoulders[1]) / body.NECK))
    across = math.sqrt(1 - height * height)
    return {**points, "head": add(shoulders, add(scale(flat, across * body.NECK), scale(WORLD_UP, height * body.NECK)))}


@dataclass(frozen=True)
class Camera:
    """An orthographic view: screen right, screen up, and towards the viewer, in world coordinates."""

    right: Vector
    up: Vector
    towards_viewer: Vector

    def project(self, point: Vector) -> tuple[float, float, float]:
        """(x right, y down as in SVG, depth: larger is nearer the viewer)."""
        return (dot(point, self.right), -dot(point, self.up), dot(point, self.towards_viewer))


def camera(posture: Posture, view: View) -> Camera:
    """The camera for ``view`` of a body in ``posture``: turned around it from its front, raised above the floor."""
    # The front: where the chest faces, or where the head points when the chest faces the floor or the sky.
    front = posture.forward if abs(posture.forward[1]) < 0.5 else posture.up
    side = posture.right if abs(posture.right[1]) < 0.5 else cross(front, WORLD_UP)
    around, raised = math.radians(view.around), math.radians(view.raised)
    level = add(scale(front, math.cos(around)), scale(side, math.sin(around)))
    towards = add(scale(level, math.cos(raised)), scale(WORLD_UP, math.sin(raised)))
    right = unit(cross(WORLD_UP, level))
    return Camera(right, cross(towards, right), towards)
