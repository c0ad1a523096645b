"""Each routine's moving figures, in one file that its follow-along fetches when Start is tapped.

They are the routine page's heaviest part and only the follow-along's slides show them, so
the page leaves them out: a phone that never taps Start never downloads them, and one that
visited once has them offline with the rest of the site (the service worker stores every
file). Made from the same drawings as every other figure, so they show what the page says.
"""

from __future__ import annotations

import json

from warmup.content.library import Library
from warmup.figures import figure_svg
from warmup.paths import moving_figures_file


def moving_figures_files(library: Library) -> dict[str, bytes]:
    """One JSON file per routine, keyed by path inside docs/: each exercise's slug to its moving figure (SVG)."""
    return {
        moving_figures_file(routine.slug): json.dumps(
            {exercise.slug: str(figure_svg(exercise, "animated", decorative=True))
             for exercise in routine.exercises if exercise.details.figure},
            ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        for routine in library.routines
    }
