"""The notice `warmup check` ends with: the exercises that give neither how many nor how long.

Not a mistake (the club may have no numbers to give, and none is invented for it), but the coach
should know what adding them changes: a count or a countdown on the cards and the slides in place
of a stopwatch that only counts up.
"""

from __future__ import annotations

from warmup.content.library import Exercise, Library


def missing_amounts_notice(library: Library) -> list[str]:
    """The notice's lines (none when every exercise a routine lists has a dose: and a duration_seconds:)."""
    listed = {exercise.slug: exercise for routine in library.routines for exercise in routine.exercises}
    missing = [(exercise, _missing_fields(exercise)) for exercise in listed.values() if _missing_fields(exercise)]
    if not missing:
        return []
    return [f"Notice: {len(missing)} exercise(s) give no dose: or duration_seconds: (not a mistake):",
            *(f"  {exercise.source}: no {' and no '.join(fields)}" for exercise, fields in missing),
            "  Adding dose: (e.g. dose: 10 each side) prints it as \"How many\" on the cards and the follow-along's "
            "slides; adding duration_seconds: (e.g. duration_seconds: 30) prints \"Time\" and counts it down on the "
            "slides, in place of a stopwatch that counts up."]


def _missing_fields(exercise: Exercise) -> list[str]:
    details = exercise.details
    return [field for field, value in (("dose:", details.dose), ("duration_seconds:", details.duration_seconds))
            if not value]
