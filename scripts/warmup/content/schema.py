"""The shape of each kind of content file, as pydantic models.

Every model forbids unknown keys, so a misspelt field is an error instead of
text that silently never reaches the site or the card.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by dashes, as SLUG_PATTERN wants: 'Calf Raises!' -> 'calf-raises' ('' if none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _single_spaced(value: str) -> str:
    # YAML folded text keeps line breaks in places; the site and card reflow it anyway.
    return re.sub(r"\s+", " ", value).strip()


Text = Annotated[str, AfterValidator(_single_spaced), StringConstraints(min_length=1)]


def _blank_is_none(value: object) -> object:
    # "An empty optional field renders nothing": `advanced:` and `advanced: ""` both mean "none".
    return None if isinstance(value, str) and not value.strip() else value


def _blank_is_empty_list(value: object) -> object:
    return [] if value is None else value


OptionalText = Annotated[Text | None, BeforeValidator(_blank_is_none)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
TextList = Annotated[list[Text], BeforeValidator(_blank_is_empty_list)]


class ContentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Equipment(ContentModel):
    """One item of equipment."""

    name: Text = Field(description="What is needed, e.g. resistance band")
    optional: bool = Field(False, description="yes when the exercise can be done without it")


class Exercise(ContentModel):
    """content/exercises/<slug>.yaml: one exercise."""

    name: Text = Field(description="The exercise's name as runners see it, e.g. Glute Bridges (required)")
    name_note: OptionalText = Field(None, description="A few words shown after the name, e.g. (with band)")
    how_to: Text = Field(description="How to do it, in the club's words (required)")
    why_it_matters: Text = Field(description="Why it helps runners (required)")
    equipment: Annotated[list[Equipment], BeforeValidator(_blank_is_empty_list)] = Field(
        [], description="Items needed, one '- name: ...' per item; add 'optional: yes' when it can be left out")
    advanced: OptionalText = Field(None, description="A harder version for runners who are ready")
    easier_option: OptionalText = Field(None, description="A simpler version")
    dose: OptionalText = Field(None, description="How many or how long, e.g. 10 each side")
    duration_seconds: Annotated[int | None, Field(gt=0, le=3600), BeforeValidator(_blank_is_none)] = Field(
        None, description="A number of seconds, for the follow-along countdown")
    cues: TextList = Field([], description="Short coaching cues, one '- cue' per line")
    common_mistakes: TextList = Field([], description="Mistakes to watch for, one '- mistake' per line")
    illustration: OptionalText = Field(None, description="A picture file in content/illustrations/")
    illustration_description: OptionalText = Field(
        None, description="What the picture shows, for runners who cannot see it")


class Point(ContentModel):
    """One point of a section: an optional bold name and its text."""

    name: OptionalText = Field(None, description="A short name shown in bold before the text")
    text: Text = Field(description="The point itself (required)")


class Section(ContentModel):
    """A section of the routine's page: a heading, a paragraph and a list of points."""

    heading: Text = Field(description="The section's heading (required)")
    text: OptionalText = Field(None, description="A paragraph under the heading")
    points: Annotated[list[Point], BeforeValidator(_blank_is_empty_list)] = Field(
        [], description="A list of points, each '- name: ...' and 'text: ...'")


OptionalSection = Annotated[Section | None, BeforeValidator(_blank_is_none)]


class Routine(ContentModel):
    """content/routines/<slug>.yaml: a routine and the words around it."""

    title: Text = Field(description="The routine's title (required)")
    introduction: OptionalText = Field(None, description="The paragraph at the top of the routine's page")
    why_it_matters: OptionalSection = Field(None, description="Section: why the routine matters")
    when_to_do_it: OptionalSection = Field(None, description="Section: when to do it")
    exercises: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="The exercises in order: one file name from content/exercises/ (without .yaml) per line")
    why_it_works: OptionalSection = Field(None, description="Section: why it works")
    reminders: OptionalSection = Field(None, description="Section: reminders")


def _hex_colour(value: object) -> object:
    # Unquoted, "#1d5b5e" is a YAML comment and arrives as nothing: say so rather than "is empty".
    if not (isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value.strip())):
        raise PydanticCustomError("colour", 'should be a colour as "#" and six hex digits, in quotes, '
                                  'e.g. "#1d5b5e" (without quotes a # starts a comment)')
    return value.strip().lower()


HexColour = Annotated[str, BeforeValidator(_hex_colour)]
# The longest short name that fits the header of a 320 px phone beside its two buttons.
SHORT_NAME_MAX = 18
ShortName = Annotated[Annotated[Text, StringConstraints(max_length=SHORT_NAME_MAX)] | None,
                      BeforeValidator(_blank_is_none)]


class Colors(ContentModel):
    """The club's two colours; the build checks that text on and beside them is readable."""

    primary: HexColour = Field(description='The main colour: header, buttons and links, e.g. "#1d5b5e" (in quotes)')
    accent: HexColour = Field(description='The second colour: numbers and highlights, e.g. "#a4462a" (in quotes)')


class Club(ContentModel):
    """content/club.yaml: the club itself."""

    name: Text = Field(description="The club's name, shown on every page and card (required)")
    short_name: ShortName = Field(
        None, description=f"A short name for the top of a phone's screen, at most {SHORT_NAME_MAX} letters")
    colors: Annotated[Colors | None, BeforeValidator(_blank_is_none)] = Field(
        None, description="The club's colours: 'primary' and 'accent', each in quotes like \"#1d5b5e\"")
    logo: OptionalText = Field(
        None, description="The club's logo: an .svg file in content/, e.g. logo.svg")
    parents_routine: Slug = Field(
        description="The routine the parents' page explains: a file name in content/routines/, without .yaml")

    @property
    def header_name(self) -> str:
        """The short name, or as many of the name's first words as fit the header."""
        if self.short_name:
            return self.short_name
        words = self.name.split()
        fitting = words[:1]
        for word in words[1:]:
            if len(" ".join(fitting + [word])) > SHORT_NAME_MAX:
                break
            fitting.append(word)
        return " ".join(fitting)


KIND_NAMES = {Exercise: "an exercise", Routine: "a routine", Club: "the club file"}
