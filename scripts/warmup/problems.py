"""Content problems: what went wrong, where, and how the coach fixes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2


@dataclass(frozen=True)
class Problem:
    """One mistake in one content file, printed as a single line."""

    file: Path
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        place = str(self.file)
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        field = f"{self.field}: " if self.field else ""
        return printable(f"{place}: {field}{self.message}")


def field_name(location: tuple) -> str | None:
    """A field's place as a coach counts it: ('exercises', 1, 'name') is 'exercises[2].name'."""
    name = ""
    for part in location:
        name += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if name else str(part)
    return name or None


def printable(text: str) -> str:
    """``text`` with every control or invisible formatting character written as an escape (ESC as \\x1b).

    A message may quote what a file holds; a raw escape code there would recolour or clear the
    coach's terminal, and a raw line break would split the one line a problem gets.
    """
    return "".join(character if character.isprintable() else character.encode("unicode_escape").decode("ascii")
                   for character in text)


# Letters whose names start with a vowel sound (ef, aitch, el, em...): "an SVG", but "a PNG".
_VOWEL_SOUNDING_LETTERS = "AEFHILMNORSX"


def with_article(word: str) -> str:
    """``word`` after "a" or "an", as it is said: "an ankle", "a knee"; a word in capitals is read
    letter by letter ("an SVG"). The words a message fills in are the product's own (joints, kinds
    of picture), none of them one whose sound belies its first letter, as "hour" or "unit" would."""
    if len(word) > 1 and word.isupper():
        vowel_sound = word[0] in _VOWEL_SOUNDING_LETTERS
    else:
        vowel_sound = word[:1].lower() in "aeiou"
    return f"{'an' if vowel_sound else 'a'} {word}"


class ContentError(Exception):
    """Raised when content cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class BuildError(Exception):
    """Raised when rendering fails for a reason the coach can fix (e.g. a card overflows)."""


class MachineProblem(Exception):
    """The computer cannot do what was asked (a full disk, no permission, a folder that cannot be
    replaced); the message says what, what became of site/ when it matters, and what to do."""


def template_problem(error: jinja2.TemplateError) -> str:
    """A mistake in a template, in one line: where it is (when Jinja knows) and what it is."""
    place = "a template in templates/"
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        place = f"{error.filename}:{error.lineno}"
    return f"{place}: {' '.join(str(error.message or error).split())}; fix the template"
