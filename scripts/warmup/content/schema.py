"""The shape of each kind of content file, as pydantic models.

Every model forbids unknown keys, so a misspelt field is an error instead of
text that silently never reaches the site or the card.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, create_model
from pydantic import model_validator
from pydantic_core import PydanticCustomError

from warmup.catalog import DEFAULT_LANGUAGE
from warmup.figures import body
from warmup.problems import with_article

# Pydantic looks for plugins (tracing, say) in every installed package's metadata when it builds the first model:
# a tenth of a second of every build, for plugins the content check never uses. Read when the models below are built.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

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


def _within_human_range(joint: body.Joint):
    def check(value: int | None) -> int | None:
        if value is not None and not joint.low <= value <= joint.high:
            raise PydanticCustomError(
                "joint_range", "{value} is outside what {part} can do: write a number from {low} to {high} "
                "(degrees; {meaning})",
                {"value": value, "part": with_article(joint.part), "low": joint.low, "high": joint.high,
                 "meaning": joint.meaning})
        return value
    return check


def _joint_fields() -> dict:
    """One optional angle per joint and per way of naming a side: knee, left_knee, top_knee..."""
    fields = {}
    for joint in body.JOINTS.values():
        for side in (None, *body.SIDE_WORDS) if joint.sided else (None,):
            whose = f"the {side} side's" if side else ("both sides'" if joint.sided else "the")
            angle = Annotated[int | None, BeforeValidator(_blank_is_none), AfterValidator(_within_human_range(joint))]
            fields[body.field_name(side, joint.name)] = (angle, Field(
                None, description=f"Degrees, {joint.low} to {joint.high}, for {whose} {joint.name.replace('_', ' ')}: "
                                  f"{joint.meaning}"))
    return fields


FigurePosition = create_model(
    "FigurePosition", __base__=ContentModel, __doc__="One key position of the figure: its name and joint angles.",
    name=(Text, Field(description="A short name for this position, e.g. start, knees bent (required)")),
    **_joint_fields())

FigurePosition.FIELDS_HINT = ("A position has a name and joint angles: " + ", ".join(body.JOINTS)
                              + "; put left_ or right_ (top_ or bottom_ when lying on the side) in front for one side")

Posture = Literal[tuple(body.POSTURES)]
View = Literal[tuple(body.VIEWS)]
BodyPoint = Literal[body.BODY_POINTS]
DIRECTIONS = ("one way", "both ways", "clockwise", "anticlockwise")


class FigureArrow(ContentModel):
    """An arrow showing the movement: along a body point's path, or in a circle around it."""

    follows: BodyPoint | None = Field(
        None, description="The body point whose path from each position to the next the arrow draws, e.g. top knee")
    circles: BodyPoint | None = Field(None, description="A body point the arrow circles around, e.g. right hand")
    direction: Literal[DIRECTIONS] = Field(
        "one way", description="one way or both ways (a head at each end); for a circle: clockwise, anticlockwise, "
                               "or both ways (the first position clockwise, the next the other way)")

    @model_validator(mode="after")
    def _one_kind(self):
        if (self.follows is None) == (self.circles is None):
            raise PydanticCustomError("arrow_kind", "should have either 'follows: <body point>' (a path) or "
                                      "'circles: <body point>' (a circle), not both or neither")
        return self


class Figure(ContentModel):
    """A drawing of the exercise: the standard figure in a posture, seen from a view, in 1 to 3 positions."""

    posture: Posture = Field(description="The body's base position: " + ", ".join(body.POSTURES) + " (required)")
    view: View = Field("side", description="Where it is seen from: " + ", ".join(body.VIEWS))
    positions: Annotated[list[FigurePosition], Field(min_length=1, max_length=3)] = Field(
        description="1 to 3 key positions in order, each '- name: ...' with joint angles in degrees (required)")
    band: Annotated[list[BodyPoint], Field(min_length=2, max_length=2)] | None = Field(
        None, description="A mini band around two body points, e.g. [left knee, right knee]")
    arrow: FigureArrow | None = Field(None, description="An arrow for the movement: 'follows: top knee' or "
                                                         "'circles: right hand'")


class Exercise(ContentModel):
    """content/exercises/<slug>.yaml: one exercise."""

    name: Text = Field(description="The exercise's name as the pages and cards show it, e.g. Calf Raises (required)")
    name_note: OptionalText = Field(None, description="A few words shown after the name, e.g. (with band)")
    how_to: Text = Field(description="How to do it, in the club's words (required)")
    why_it_matters: Text = Field(description="Why it helps, in the club's words (required)")
    equipment: Annotated[list[Equipment], BeforeValidator(_blank_is_empty_list)] = Field(
        [], description="Items needed, one '- name: ...' per item; add 'optional: yes' when it can be left out")
    advanced: OptionalText = Field(None, description="A harder version, for those who are ready")
    easier_option: OptionalText = Field(None, description="A simpler version")
    dose: OptionalText = Field(None, description="How many or how long, e.g. 10 each side")
    duration_seconds: Annotated[int | None, Field(gt=0, le=3600), BeforeValidator(_blank_is_none)] = Field(
        None, description="A number of seconds, for the follow-along countdown")
    sides: Annotated[Literal["each"] | None, BeforeValidator(_blank_is_none)] = Field(
        None, description="each: done on the left side, then the right; the follow-along splits "
                          "duration_seconds in two halves with a Switch sides cue between them")
    cues: TextList = Field([], description="Short coaching cues, one '- cue' per line")
    common_mistakes: TextList = Field([], description="Mistakes to watch for, one '- mistake' per line")
    illustration: OptionalText = Field(None, description="A picture file in content/illustrations/")
    illustration_description: OptionalText = Field(
        None, description="What the picture shows, for anyone who cannot see it")
    figure: Figure | None = Field(None, description="A drawing of the exercise made from a posture and joint angles")
    advanced_figure: Figure | None = Field(None, description="A drawing of the advanced version")


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
    # Unquoted, "#2f5673" is a YAML comment and arrives as nothing: say so rather than "is empty".
    if not (isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value.strip())):
        raise PydanticCustomError("colour", 'should be a colour as "#" and six hex digits, in quotes, '
                                  'e.g. "#2f5673" (without quotes a # starts a comment)')
    return value.strip().lower()


HexColour = Annotated[str, BeforeValidator(_hex_colour)]
# The longest short name that fits the header of a 320 px phone beside its two buttons.
SHORT_NAME_MAX = 18
ShortName = Annotated[Annotated[Text, StringConstraints(max_length=SHORT_NAME_MAX)] | None,
                      BeforeValidator(_blank_is_none)]


# A BCP 47 language tag as clubs write one: a language, then a region or script (de, pt-BR, sr-Latn).
LANGUAGE_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
LanguageTag = Annotated[Annotated[str, StringConstraints(pattern=LANGUAGE_TAG)] | None, BeforeValidator(_blank_is_none)]


class Colors(ContentModel):
    """The club's two colours; the build checks that text on and beside them is readable."""

    primary: HexColour = Field(description='The main colour: header, buttons and links, e.g. "#2f5673" (in quotes)')
    accent: HexColour = Field(description='The second colour: numbers and highlights, e.g. "#8e4a34" (in quotes)')


class Club(ContentModel):
    """content/club.yaml: the club itself."""

    name: Text = Field(description="The club's name, shown on every page and card (required)")
    short_name: ShortName = Field(
        None, description=f"A short name for the top of a phone's screen, at most {SHORT_NAME_MAX} letters")
    members: OptionalText = Field(
        None, description="What the club calls the people it trains, in the plural (the cards say: "
        "for parents and players), e.g. players, swimmers; left out, the catalog's word (members)")
    language: LanguageTag = Field(
        None, description="The language the content is written in, as a BCP 47 tag (de, fr, es, nl, pl, pt-BR): "
        "every word the site and cards add follows it (templates/languages/); left out, English")
    colors: Annotated[Colors | None, BeforeValidator(_blank_is_none)] = Field(
        None, description="The club's colours: 'primary' and 'accent', each in quotes like \"#2f5673\"")
    logo: OptionalText = Field(
        None, description="The club's logo: an .svg file in content/, e.g. logo.svg")
    parents_routine: Slug = Field(
        description="The routine the parents' page explains: a file name in content/routines/, without .yaml")
    parents_page_title: OptionalText = Field(
        None, description="The parents' page's title, which also makes its web address (Why we warm up: "
        "/why-we-warm-up/); left out, the routine's why_it_matters heading")

    @property
    def language_tag(self) -> str:
        return self.language or DEFAULT_LANGUAGE

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
