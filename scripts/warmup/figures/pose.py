"""A figure's content (posture, view, positions) turned into the angles of every joint, and in between."""

from __future__ import annotations

from warmup.figures import body
from warmup.figures.kinematics import Angles


def angles_of(figure, position) -> Angles:
    """Every joint's angle in ``position``: the coach's side-specific number, else the both-sides one,
    else the posture's own starting angle, else 0."""
    posture = body.POSTURES[figure.posture]
    base = dict(posture.base)
    coach_side = {body_side: word for word, body_side in posture.sides.items()}
    angles: Angles = {}
    for joint in body.JOINTS.values():
        for side in ("left", "right") if joint.sided else (None,):
            candidates = [body.field_name(coach_side[side], joint.name)] if side else []
            candidates.append(joint.name)
            written = next((getattr(position, name) for name in candidates if getattr(position, name) is not None),
                           None)
            angles[side, joint.name] = float(written if written is not None else base.get(joint.name, 0))
    return angles


def between(start: Angles, end: Angles, fraction: float) -> Angles:
    """The angles ``fraction`` of the way from ``start`` to ``end``: each joint turns evenly."""
    return {key: start[key] + (end[key] - start[key]) * fraction for key in start}


def body_point(figure, point: str) -> str:
    """The skeleton's name for a point the coach named: 'top knee' is 'left knee' when lying on the right side."""
    side, _, part = point.partition(" ")
    sides = body.POSTURES[figure.posture].sides
    return f"{sides[side]} {part}" if side in sides else point
