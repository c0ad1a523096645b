"""The standard figure's vocabulary: proportions, joints and their human ranges, postures, views, body points.

Everything a coach can name in a `figure:` block is listed here, so the content
schema, `warmup check`, the kinematics and the alt text all use the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

# Body height is 100 drawing units. Segment lengths start from Drillis & Contini's fractions of
# height (shared/design/figures.md), simplified the way sports pictograms simplify a child of
# about 12: a larger head, no hands (the forearm ends in a rounded tip about where the palm is).
THIGH = 24.5
SHANK = 24.6
UPPER_ARM = 18.6
FOREARM = 14.0
FOOT = 10.0
TRUNK = 28.8  # hip joints' centre to the shoulders' centre: 0.818 H - 0.530 H
HIP_HALF_WIDTH = 6.5
SHOULDER_HALF_WIDTH = 9.0
# The trunk's depth (chest to back) and breadth (shoulder to shoulder), as drawn: twice a leg's width
# seen from the side, so a standing figure is a body, not a line; the chest reaches further forward
# than the back does backward, so front and back differ.
TRUNK_DEPTH, TRUNK_BREADTH = 17.0, 20.0
WAIST_BREADTH = 15.0  # seen from the front the trunk narrows below the chest: shoulders broader than hips
CHEST_OUT, CHEST_DOWN = 3.0, 9.0  # the chest's centre: in front of the spine, below the shoulders' line
NECK = 16.0  # shoulders' centre to the head's centre, long enough to leave a gap under the head
HEAD_RADIUS = 8.0

SEGMENT_LENGTHS = {"thigh": THIGH, "shank": SHANK, "foot": FOOT, "upper arm": UPPER_ARM, "forearm": FOREARM}


@dataclass(frozen=True)
class Joint:
    """One named angle a coach sets, in degrees, with the range a human joint can do."""

    name: str
    low: int
    high: int
    meaning: str  # what a positive number does, in a coach's words
    sided: bool = True  # one per side (left/right or top/bottom), or one for the whole body

    @property
    def part(self) -> str:
        """The body part that moves: "hip" for hip, hip_out and hip_turn_out."""
        return self.name.split("_")[0]


# Typical active ranges (American Academy of Orthopaedic Surgeons norms, shared/design/figures.md).
JOINTS = {joint.name: joint for joint in (
    Joint("hip", -30, 120, "thigh forward (bent hip); negative: thigh back behind the body"),
    Joint("hip_out", -30, 45, "thigh out to the side; negative: across the other leg"),
    Joint("hip_turn_out", -45, 45, "thigh turned out (knee points out); negative: turned in"),
    Joint("knee", 0, 135, "knee bent (0 is a straight leg)"),
    Joint("ankle", -50, 20, "foot pulled up towards the shin; negative: toes pointed"),
    Joint("shoulder", -60, 180, "arm forward and up (90 points the arm straight ahead); negative: arm back"),
    Joint("shoulder_out", 0, 180, "arm out to the side and up"),
    Joint("elbow", 0, 150, "elbow bent (0 is a straight arm)"),
    Joint("trunk", -25, 80, "upper body bent forward; negative: leaning back", sided=False),
    Joint("trunk_side", -35, 35, "upper body bent to the right; negative: to the left", sided=False),
    Joint("trunk_turn", -45, 45, "upper body turned to the right; negative: to the left", sided=False),
)}

LEFT_RIGHT = ("left", "right")
TOP_BOTTOM = ("top", "bottom")
SIDE_WORDS = LEFT_RIGHT + TOP_BOTTOM


def field_name(side: str | None, joint: str) -> str:
    """How a coach writes a joint for one side: 'knee', 'left_knee', 'top_hip_out'."""
    return f"{side}_{joint}" if side else joint


@dataclass(frozen=True)
class Posture:
    """A base position of the whole body, before the coach's joint angles."""

    name: str
    # The body's axes in the world (x right, y up, z towards the viewer of the "front" view):
    # where its right side, its head (along the spine) and its chest point.
    right: tuple[float, float, float]
    up: tuple[float, float, float]
    forward: tuple[float, float, float]
    # Angles every position of this posture starts from; the coach's numbers replace them.
    base: tuple[tuple[str, int], ...] = ()
    # Which side words the coach uses, and which of the body's sides each one is.
    sides: dict | None = None
    # The body rests on the floor: it tips about its left-right axis around `pivot` (a body point)
    # until the first of `rests_on` touches down, as a body lying on the floor does.
    pivot: str | None = None
    rests_on: tuple[str, ...] = ()


_LEFT_RIGHT_SIDES = {"left": "left", "right": "right"}
POSTURES = {posture.name: posture for posture in (
    Posture("standing", right=(-1, 0, 0), up=(0, 1, 0), forward=(0, 0, 1), sides=_LEFT_RIGHT_SIDES),
    Posture("lying on the back", right=(1, 0, 0), up=(0, 0, 1), forward=(0, 1, 0), sides=_LEFT_RIGHT_SIDES,
            pivot="shoulders", rests_on=("hips", "left heel", "right heel")),
    Posture("lying on the front", right=(-1, 0, 0), up=(0, 0, 1), forward=(0, -1, 0), sides=_LEFT_RIGHT_SIDES,
            pivot="shoulders", rests_on=("hips", "left knee", "right knee"), base=(("ankle", -40),)),
    # Lying on the right side: "top" is the left leg and arm, "bottom" the right ones.
    Posture("lying on the side", right=(0, -1, 0), up=(-1, 0, 0), forward=(0, 0, 1),
            sides={"top": "left", "bottom": "right"}, base=(("shoulder", 90), ("elbow", 90))),
    Posture("on hands and knees", right=(-1, 0, 0), up=(0, 0, 1), forward=(0, -1, 0), sides=_LEFT_RIGHT_SIDES,
            base=(("hip", 80), ("knee", 90), ("shoulder", 80), ("ankle", -50)),
            pivot="hands", rests_on=("left knee", "right knee", "left foot", "right foot")),
)}


@dataclass(frozen=True)
class View:
    """Where the viewer stands: turned around the body from its front, and raised above the floor."""

    name: str
    # Degrees from the front, towards the body's right. The front is where the chest faces; when the chest
    # faces the floor or the sky (lying on the back or front, on hands and knees), where the head points.
    around: float
    raised: float  # degrees above the floor (how it is said: the catalogs' figure.view_* entries)


VIEWS = {view.name: view for view in (
    View("side", 90, 0),
    View("front", 0, 0),
    View("behind", 180, 0),
    View("above", 90, 90),
    View("front and above", 0, 30),
    View("three-quarter", 45, 25),
    View("three-quarter behind", 135, 20),
    View("behind and above", 220, 15),
    # A bent knee swung out to the side on hands and knees (and any movement across the body's width, lying or
    # on all fours). Tried side by side at 360 and 48 px: straight from behind, or from behind and above, the
    # body reads as a standing one (the trunk end-on, the shins hidden behind the thighs); from behind the
    # moving side ("behind and above") the knee's way out runs along the back's line and the leg reads as
    # kicked back (a blind test took it for one). From the side (a little in front of it) and well above, the
    # body's width lies across the picture: the back is level, the arms and thighs still reach down to the floor,
    # and a far knee going out to the side goes up the picture, square to the back, bent as it is. (Straight from
    # the side the drawing is wider: a Letter card of seven exercises needed a second column for it.)
    View("side and above", 80, 60),
)}

# Points a band or an arrow can name: "<side> <part>" or one of the middle points.
SIDED_PARTS = ("hip", "knee", "ankle", "heel", "foot", "shoulder", "elbow", "hand")
MIDDLE_POINTS = ("hips", "shoulders", "head", "hands")
BODY_POINTS = tuple(f"{side} {part}" for side in SIDE_WORDS for part in SIDED_PARTS) + MIDDLE_POINTS


def point_side(point: str) -> str | None:
    """The side word a body point starts with ('top' for 'top knee'), or None for a middle point."""
    first = point.split(" ", 1)[0]
    return first if first in SIDE_WORDS else None
