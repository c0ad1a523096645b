"""The words for a figure: what someone who cannot see it needs, made from the same content, in the
club's language (catalog.py: the ``figure.`` entries name the postures, views and body points)."""

from __future__ import annotations

import re

from warmup.catalog import Catalog
from warmup.figures import body


def _key(kind: str, name: str) -> str:
    """'view', 'three-quarter behind' -> 'figure.view_three_quarter_behind'."""
    return f"figure.{kind}_{re.sub(r'[^a-z]+', '_', name)}"


def _point(point: str, words: Catalog) -> str:
    side = body.point_side(point)
    if side is None:
        return words.word(_key("part", point))
    return words.word("figure.point", side=words.word(_key("side", side)),
                      part=words.word(_key("part", point.split(" ", 1)[1])))


def figure_alt_text_for(figure, name: str, words: Catalog) -> str:
    """'Calf Raises, drawn standing, seen from the side, in 2 positions: heels down, then heels up; ...'"""
    names = [position.name for position in figure.positions]
    if len(names) == 1:
        shown = words.word("figure.one_position", position=names[0])
    else:
        shown = words.plural("figure.positions", len(names), positions=words.word("figure.then").join(names))
    extras = []
    if figure.band:
        extras.append(words.word("figure.band", points=words.word("figure.and").join(
            _point(point, words) for point in figure.band)))
    if figure.arrow and figure.arrow.circles:
        extras.append(words.word("figure.circling", point=_point(figure.arrow.circles, words),
                                 turning=words.word(_key("turning", figure.arrow.direction))))
    elif figure.arrow:
        extras.append(words.word("figure.path_both_ways" if figure.arrow.direction == "both ways" else "figure.path",
                                 point=_point(figure.arrow.follows, words)))
    frame = words.word("figure.shown", name=name, posture=words.word(_key("posture", figure.posture)),
                       view=words.word(_key("view", figure.view)), positions=shown)
    return frame + "".join(f"; {extra}" for extra in extras) + "."
