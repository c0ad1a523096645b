"""The words for a figure: what someone who cannot see it needs, made from the same content."""

from __future__ import annotations

from warmup.figures import body


def figure_alt_text_for(figure, name: str) -> str:
    """'Calf Raises, drawn standing, seen from the side, in 2 positions: heels down, then heels up; ...'"""
    view = body.VIEWS[figure.view].description
    names = [position.name for position in figure.positions]
    if len(names) == 1:
        shown = f"in one position: {names[0]}"
    else:
        shown = f"in {len(names)} positions: " + ", then ".join(names)
    extras = []
    if figure.band:
        extras.append(f"a band around the {' and the '.join(figure.band)}")
    if figure.arrow and figure.arrow.circles:
        turning = {"both ways": "one way, then the other", "one way": "around"}.get(figure.arrow.direction,
                                                                                    figure.arrow.direction)
        extras.append(f"an arrow circling the {figure.arrow.circles} {turning}")
    elif figure.arrow:
        extras.append(f"an arrow for the path of the {figure.arrow.follows}"
                      + (", both ways" if figure.arrow.direction == "both ways" else ""))
    return f"{name}, drawn {figure.posture}, seen {view}, {shown}" + "".join(f"; {e}" for e in extras) + "."
