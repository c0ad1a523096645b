"""Every message reads as a sentence: "an ankle", not "a ankle"; "the how_to text", not "its 1 exercises"."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from warmup.content import schema
from warmup.content.library import Exercise, Routine
from warmup.content.validate import validate
from warmup.content.yaml_source import read_yaml
from warmup.figures import body
from warmup.printing.card_fitting import LetterWidths, check_not_too_long
from warmup.printing.formats import FORMATS
from warmup.problems import BuildError, with_article

# English says "an" before a vowel sound: before a word starting with one, and before a letter
# name starting with one ("an SVG": es-vee-gee), but "a" before "PNG" (pee-en-gee).
ARTICLES = {"ankle": "an ankle", "elbow": "an elbow", "hip": "a hip", "knee": "a knee", "shoulder": "a shoulder",
            "trunk": "a trunk", "PNG": "a PNG", "JPEG": "a JPEG", "WEBP": "a WEBP", "SVG": "an SVG",
            "MP4": "an MP4"}
# An article before a word that starts with the other kind of letter, in plain words.
WRONG_ARTICLE = re.compile(r"\b(?:a [aeiou]|an [b-df-hj-np-tv-z])", re.IGNORECASE)


@pytest.mark.parametrize("word", ARTICLES)
def test_the_article_suits_the_sound_of_the_word(word):
    assert with_article(word) == ARTICLES[word]


def _angle_problems(tmp_path, joint: str, degrees: int) -> list[str]:
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    path = content / "exercise.yaml"
    path.write_text("name: Side Steps\nhow_to: Step.\nwhy_it_matters: Strong legs.\nfigure:\n  posture: standing\n"
                    f"  positions:\n    - name: start\n      {joint}: {degrees}\n", "utf-8")
    problems = validate(read_yaml(path, path.relative_to(tmp_path), content), schema.Exercise)
    assert isinstance(problems, list), "the angle was accepted"
    return [problem.message for problem in problems]


@pytest.mark.parametrize("joint, degrees, says", [("ankle", 90, "90 is outside what an ankle can do"),
                                                  ("elbow", 200, "200 is outside what an elbow can do")])
def test_a_joint_bent_too_far_is_named_with_its_article(tmp_path, joint, degrees, says):
    [message] = _angle_problems(tmp_path, joint, degrees)

    assert message.startswith(says + ": write a number from "), message


def test_every_joint_s_message_names_a_body_part_with_the_right_article(tmp_path):
    for joint in body.JOINTS.values():
        for degrees in (joint.low - 1, joint.high + 1):
            [message] = _angle_problems(tmp_path, joint.name, degrees)
            assert not WRONG_ARTICLE.search(message), message
            # "what a hip out can do" is no sentence: the angle's name is the field's, the part is what moves.
            assert re.match(rf"{degrees} is outside what an? (hip|knee|ankle|shoulder|elbow|trunk) can do: ",
                            message), message


def test_a_routine_of_one_exercise_too_long_for_a_page_is_told_what_to_shorten_in_the_singular():
    words = " ".join(["word"] * 3000)
    details = schema.Exercise(name="Side Steps", how_to=words, why_it_matters="Strong legs.")
    routine = Routine("one", "content/routines/one.yaml", schema.Routine(
        title="One", exercises=["side-steps"], reminders={"heading": "Reminders", "points": [{"text": words}]}),
        (Exercise("side-steps", "content/exercises/side-steps.yaml", details),))
    letters = LetterWidths(REPO / "templates/card/fonts/atkinson-hyperlegible-400.ttf")

    for print_format in FORMATS:
        with pytest.raises(BuildError) as stopped:
            check_not_too_long(routine, print_format, letters)
        message = str(stopped.value)
        assert not re.search(r"\b1 exercises|exercises'|their how_to|the longest are", message), message
        assert message.endswith("; shorten the exercise's name or the routine's reminders"
                                if print_format.kind == "pocket" else
                                "; shorten the how_to text in content/exercises/side-steps.yaml"), message
