"""The body carried round the circle a figure's arrow draws: circling hips move the body above them.

A ring alone beside a body standing still does not say what turns. When the arrow circles a
point of the body's middle (hips, shoulders, head), the moving figure carries that point round
the ring's own ellipse, smaller, and the body with it, as much as each part follows: the body
above the hips all of it, the knees half, the feet none (they stay on the floor).
"""

from __future__ import annotations

import math

from warmup.figures.kinematics import Camera

STEPS = 16  # points of the circle the animation passes through: smooth enough at any size shown
SECONDS_PER_CIRCLE = 3.0
SWING = 7.0  # the circled point's path radius, in body units (body height 100): visible at 48 px
# A ring seen from its own level would be a line; it is drawn as if seen from a little above at least.
MIN_TILT = 0.35
LEGS = {"knee": 0.5, "ankle": 0.0, "heel": 0.0, "foot": 0.0}
CIRCLED_MIDDLES = ("hips", "shoulders", "head")


def ring_tilt(view: Camera) -> float:
    """How round a flat ring looks in ``view``: its height over its width on screen."""
    return max(MIN_TILT, abs(view.towards_viewer[1]))


def carries_body(figure) -> bool:
    """Whether the figure's arrow circles a point the whole body's middle moves with."""
    return bool(figure.arrow and figure.arrow.circles in CIRCLED_MIDDLES)


def share(point: str, circled: str) -> float:
    """How much of the circled point's swing body point ``point`` follows."""
    part = point.split(" ")[-1]
    if circled == "hips":
        return LEGS.get(part, 1.0)
    # Shoulders or head circling: the upper body turns over hips and legs that stay where they are.
    return 0.0 if part in ("hips", "hip", *LEGS) else 1.0


def offset(view: Camera, figure, fraction: float) -> tuple[float, float]:
    """Where the circled point is, on screen, ``fraction`` of the way round, from the ring's centre."""
    turning = -1 if figure.arrow.direction == "anticlockwise" else 1
    # Screen y points down, towards the ring's near side: clockwise seen from above carries it to the left.
    angle = turning * 2 * math.pi * fraction
    return SWING * math.cos(angle), SWING * ring_tilt(view) * math.sin(angle)


def carried(screen: dict, view: Camera, figure, fraction: float) -> dict:
    """The projected body ``screen`` with each point moved its share of the swing at ``fraction``."""
    dx, dy = offset(view, figure, fraction)
    circled = figure.arrow.circles
    return {name: (x + dx * share(name, circled), y + dy * share(name, circled), depth)
            for name, (x, y, depth) in screen.items()}


def alternates(figure) -> bool:
    """Whether the circle goes back the other way after each turn (an arrow drawn 'both ways')."""
    return figure.arrow.direction == "both ways"
