"""What the schema cannot see alone in a figure: side words must suit its posture,
and a drawing of the advanced version needs the advanced version's words.

"top_knee" means something only when lying on the side, "left_knee" everywhere
else; the wrong pair is a mistake the coach should hear about, not a number the
drawing silently ignores.
"""

from __future__ import annotations

from warmup.content.yaml_source import YamlDocument
from warmup.figures import body
from warmup.problems import Problem, field_name

FIGURE_FIELDS = ("figure", "advanced_figure")


def figure_problems(details, document: YamlDocument) -> list[Problem]:
    """One problem per joint, band or arrow point whose side word does not suit the figure's posture,
    and one for an advanced drawing without advanced words (it would be drawn beside them)."""
    problems = []
    if details.advanced_figure is not None and details.advanced is None:
        problems.append(_problem(document, ("advanced_figure",), "draws the advanced version, but there is no "
                                 "'advanced:' text for it to stand beside; write the advanced version's words, or "
                                 "remove advanced_figure"))
    for field in FIGURE_FIELDS:
        figure = getattr(details, field)
        if figure is None:
            continue
        sides = body.POSTURES[figure.posture].sides
        wrong = [word for word in body.SIDE_WORDS if word not in sides]
        fix = f"use {' or '.join(sides)} with {figure.posture}"
        for index, position in enumerate(figure.positions):
            for name, value in position:
                side = name.split("_", 1)[0]
                if value is not None and side in wrong:
                    problems.append(_problem(document, (field, "positions", index, name),
                                             f"'{name}' names the {side} side; {fix}, e.g. "
                                             f"{_example(sides, name)}"))
        points = [(("band", index), point) for index, point in enumerate(figure.band or [])]
        if figure.arrow:
            points += [(("arrow", key), getattr(figure.arrow, key)) for key in ("follows", "circles")
                       if getattr(figure.arrow, key)]
        for location, point in points:
            if body.point_side(point) in wrong:
                problems.append(_problem(document, (field, *location),
                                         f"'{point}' names the {body.point_side(point)} side; {fix}, e.g. "
                                         f"{_example(sides, point, ' ')}"))
    return problems


def _example(sides: dict, name: str, joiner: str = "_") -> str:
    side, _, rest = name.partition(joiner)
    return f"'{next(iter(sides))}{joiner}{rest}'"


def _problem(document: YamlDocument, location: tuple, message: str) -> Problem:
    line, column = document.position(location)
    return Problem(document.path, message, line, column, field_name(location))
