"""Problems: what went wrong, where, and how the coach fixes it; the one family of errors every stage raises."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path



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


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the closest of ``choices`` to ``word`` (a misspelt field, exercise, theme...), or
    '' when none is close."""
    close = closest(word, choices)
    return f" Did you mean '{close}'?" if close else ""


def closest(word: object, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


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


# What each kind of failure makes the `warmup` command exit with (its --help lists them).
EXIT_CONTENT_PROBLEM, EXIT_USAGE, EXIT_PUBLISH_FAILED = 1, 2, 3
NOTHING_PUBLISHED = "nothing was published, site/ is unchanged"


class WarmupError(Exception):
    """Every failure warmup reports to a person, whichever stage finds it: one line per problem, and the exit
    code that says what kind of failure it is. The command prints them in one place (cli.main), the MkDocs
    plugin and the Zensical preview each in theirs, all from ``lines``."""

    exit_code = EXIT_CONTENT_PROBLEM

    def __init__(self, *problems: Problem | str):
        self.problems = list(problems)
        super().__init__("\n".join(map(str, problems)))

    def lines(self) -> list[Problem | str]:
        """What the command prints, a line each (with the fate of site/ where it is not said otherwise)."""
        return self.problems

    def closing(self) -> str | None:
        """A last line after them, not itself a problem."""
        return None


class ContentError(WarmupError):
    """Mistakes in content/ or mkdocs.yml, each at its place: every one found is reported at once."""

    def __init__(self, problems: list[Problem]):
        super().__init__(*problems)

    def closing(self) -> str:
        return f"{len(self.problems)} problem(s) found; {NOTHING_PUBLISHED}."


class BuildError(WarmupError):
    """Something the coach can fix stops the build (a card too long for its page, a template's mistake)."""

    def lines(self) -> list[Problem | str]:
        return [f"{problem}; {NOTHING_PUBLISHED}." for problem in self.problems]


class UsageProblem(WarmupError):
    """The command cannot do what was asked as it was typed (no mkdocs.yml here, a file that exists already)."""

    exit_code = EXIT_USAGE


class MachineProblem(WarmupError):
    """The computer cannot do what was asked (a full disk, no permission, a folder that cannot be
    replaced); the message says what, what became of site/ when it matters, and what to do."""

    exit_code = EXIT_USAGE


class PublishFailed(WarmupError):
    """The build replaced site/, then pushing it failed."""

    exit_code = EXIT_PUBLISH_FAILED

    def lines(self) -> list[Problem | str]:
        return [f"{problem}; site/ holds the new build, which is not published. Fix that, then run 'warmup publish' "
                "again." for problem in self.problems]


@contextmanager
def templates_reported() -> Iterator[None]:
    """A mistake in a template, within this block, as the BuildError that names it."""
    import jinja2  # here, not at start: a build's engine starts loading before the templates are needed

    try:
        yield
    except jinja2.TemplateError as error:
        raise BuildError(template_problem(error)) from None


def template_problem(error) -> str:
    """A mistake in a template (a jinja2.TemplateError), in one line: where it is (when Jinja knows) and what it is."""
    import jinja2

    place = "a template in templates/"
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        place = f"{error.filename}:{error.lineno}"
    return f"{place}: {' '.join(str(error.message or error).split())}; fix the template"
