"""The shape of each kind of content file, as pydantic models.

Every model forbids unknown keys, so a misspelt field is an error instead of
text that silently never reaches the site or the card.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


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
    name: Text
    optional: bool = False


class Exercise(ContentModel):
    """content/exercises/<slug>.yaml: one exercise."""

    name: Text
    name_note: OptionalText = None
    how_to: Text
    why_it_matters: Text
    equipment: Annotated[list[Equipment], BeforeValidator(_blank_is_empty_list)] = []
    advanced: OptionalText = None
    easier_option: OptionalText = None
    dose: OptionalText = None
    duration_seconds: Annotated[int | None, Field(gt=0, le=3600), BeforeValidator(_blank_is_none)] = None
    cues: TextList = []
    common_mistakes: TextList = []
    illustration: OptionalText = None
    illustration_description: OptionalText = None


class Point(ContentModel):
    name: OptionalText = None
    text: Text


class Section(ContentModel):
    heading: Text
    text: OptionalText = None
    points: Annotated[list[Point], BeforeValidator(_blank_is_empty_list)] = []


class Routine(ContentModel):
    """content/routines/<slug>.yaml: a routine and the words around it."""

    title: Text
    introduction: OptionalText = None
    why_it_matters: Annotated[Section | None, BeforeValidator(_blank_is_none)] = None
    when_to_do_it: Annotated[Section | None, BeforeValidator(_blank_is_none)] = None
    exercises: Annotated[list[Slug], Field(min_length=1)]
    why_it_works: Annotated[Section | None, BeforeValidator(_blank_is_none)] = None
    reminders: Annotated[Section | None, BeforeValidator(_blank_is_none)] = None


class Club(ContentModel):
    """content/club.yaml: the club itself."""

    name: Text
    parents_routine: Slug


KIND_NAMES = {Exercise: "an exercise", Routine: "a routine", Club: "the club file"}
