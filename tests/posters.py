"""The wall poster read back from its PDF (each exercise's name and note as printed), and routines made to fill it:
what the poster's, the languages' and the fitting's tests each check."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import CLUBS, pdf_page
from warmup.content.library import load_library


def printed_lines(words: list[dict]) -> list[list[str]]:
    """Words grouped into the lines they are printed on, top to bottom, each left to right (a no-break space
    holds two words in one of pdfplumber's)."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda word: (word["top"], word["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < 0.5 * word["size"]:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [[part for word in sorted(line, key=lambda word: word["x0"]) for part in word["text"].split("\xa0")]
            for line in lines]


def letters_only(text: str) -> str:
    """Text without spaces and hyphens: a long word the poster hyphenates or breaks still reads the same."""
    return re.sub(r"[\s\-\u2010\u00ad\xa0]", "", text)


def names_and_notes(page, routine) -> dict[str, tuple[list[dict], list[dict]]]:
    """Each exercise's name and name note as printed: the words in its tile at the name's size after its number
    (the number's own size), and the smaller words that follow them, as many as the note has."""
    words = page.extract_words(extra_attrs=["size"])
    count = len(routine.exercises)
    numbers = {}
    for word in words:  # each tile's number: the largest word that is its number
        if word["text"].isdigit() and 1 <= int(word["text"]) <= count:
            if word["size"] > numbers.get(int(word["text"]), {"size": 0})["size"]:
                numbers[int(word["text"])] = word
    lefts = sorted(number["x0"] for number in numbers.values())
    # Numbers of one column of tiles start within a few points of each other; the next column a tile further.
    tile_width = min((b - a for a, b in zip(lefts, lefts[1:]) if b - a > 2 * numbers[1]["size"]), default=page.width)
    found = {}
    for index, exercise in enumerate(routine.exercises, start=1):
        number = numbers[index]
        below = [other["top"] for other in numbers.values() if other["top"] > number["top"] + number["size"]]
        in_tile = [word for word in words if word is not number
                   # The number's digit sits inside its badge: the lines under it start a little left of it.
                   and number["x0"] - 0.6 * number["size"] <= word["x0"] < number["x0"] + tile_width - 0.6 * number["size"]
                   and number["top"] - number["size"] / 2 <= word["top"] < min(below, default=page.height)]
        # The name's words come first in its tile, as many as hold its letters (a long word may be broken).
        name, letters = [], len(letters_only(exercise.details.name))
        for word in sorted((word for word in in_tile if abs(word["size"] - number["size"]) < 0.05),
                           key=lambda word: (word["top"], word["x0"])):
            if len(letters_only("".join(part["text"] for part in name))) >= letters:
                break
            name.append(word)
        note_words = len((exercise.details.name_note or "").split())
        smaller = sorted((word for word in in_tile if word["size"] < number["size"] - 0.05
                          and word["top"] >= max(letter["top"] for letter in name)),
                         key=lambda word: (word["top"], word["x0"]))
        note, taken = [], 0
        for word in smaller:
            if taken >= note_words:
                break
            note.append(word)
            taken += len(word["text"].split("\xa0"))
        found[exercise.details.name] = (name, note)
    return found


def assert_names_whole_on_their_lines_with_their_notes(routine, drawn: dict[str, Path]) -> None:
    """On each poster in ``drawn`` (by its format's key): every name of ``routine`` at 30 pt or more, whole, never
    one word alone on a line, and its note under it on a smaller line of its own."""
    for key, pdf_file in drawn.items():
        printed_names = names_and_notes(pdf_page(pdf_file), routine)
        for exercise in routine.exercises:
            details, where = exercise.details, f"{key}: {exercise.details.name}"
            name, note = printed_names[details.name]
            assert min(word["size"] for word in name) >= 30 - 0.01, where
            name_lines = printed_lines(name)
            assert letters_only("".join(map("".join, name_lines))) == letters_only(details.name), where
            # Never one word broken off the rest onto a line of its own (two words may each take a line).
            if len(details.name.split()) > 2:
                assert len(name_lines[-1]) >= 2, f"{where}: {name_lines}"
            if not details.name_note:
                continue
            note_lines = printed_lines(note)
            assert letters_only("".join(map("".join, note_lines))) == letters_only(details.name_note), where
            # On a line of its own under the name, smaller.
            assert min(word["top"] for word in note) >= max(word["bottom"] for word in name) - 0.5, where
            assert max(word["size"] for word in note) < min(word["size"] for word in name), where
            if len(details.name_note.split()) > 2:
                assert all(len(line) >= 2 for line in note_lines), f"{where}: {note_lines}"


def a_routine_of(tmp_path, total: int):
    """Meadowbank's club with its routine listing ``total`` exercises: copies of its own under new names (test
    data, nobody's advice)."""
    content = tmp_path / "content"
    shutil.copytree(CLUBS / "meadow" / "content", content)
    originals = sorted((content / "exercises").glob("*.yaml"))
    slugs = []
    for number in range(total):
        original = originals[number % len(originals)]
        slug = f"{original.stem}-{number + 1}"
        text = re.sub(r"^name: (.*)$", rf"name: \1 {number + 1}", original.read_text("utf-8"), flags=re.M)
        (content / "exercises" / f"{slug}.yaml").write_text(text, "utf-8")
        slugs.append(slug)
    for original in originals:
        original.unlink()
    [routine_file] = (content / "routines").glob("*.yaml")
    listing = "exercises:\n" + "".join(f"  - {slug}\n" for slug in slugs)
    routine_file.write_text(re.sub(r"^exercises:\n(?:  - .*\n)+", listing, routine_file.read_text("utf-8"),
                                   flags=re.M), "utf-8")
    library = load_library(content)
    assert len(library.routines[0].exercises) == total
    return library, content
