"""Letters the printed pieces' font cannot draw, found when the content is checked.

The cards, posters, pocket cards and the share picture are set in the font shipped in
templates/card/fonts/, then in the fonts card.css names after it where that font lacks a letter
(DejaVu Sans, which `make site` installs, draws Greek and Cyrillic). A letter none of them has
(another script, an emoji, a rare ligature) would be drawn in some other font of the computer that
builds, or as an empty box: the coach is told at check time instead, at the letter's own line.
"""

from __future__ import annotations

import functools
import hashlib
import re
import subprocess
import unicodedata
from pathlib import Path

from warmup.content.yaml_source import YamlDocument
from warmup.problems import Problem, field_name
from warmup.render_cache import RenderCache

FONTS_FOLDER = Path("card") / "fonts"  # inside templates/: the font every printed piece is set in
CARD_STYLES = Path("card") / "card.css"  # inside templates/: its font-family list names the fonts after it
_NOT_DRAWN = ("Cc", "Cf", "Zs", "Zl", "Zp")  # spaces, line breaks and invisible marks: nothing to draw


def font_letters(templates_dir: Path, cache: RenderCache | None = None) -> tuple[str, frozenset[int]]:
    """The printed fonts' names and the characters they can draw in every weight: the shipped font's, and
    those of the fonts card.css falls back to that this computer has. Kept in ``cache`` while no font file
    changes: reading them (and loading fontTools) is a tenth of a second of every build."""
    files = sorted(path for path in (templates_dir / FONTS_FOLDER).iterdir() if path.suffix.lower() in (".ttf", ".otf"))
    styles = (templates_dir / CARD_STYLES).read_text("utf-8")
    fallbacks = [family for declaration in re.findall(r"font-family:([^;]*,[^;]*);", styles)[:1]
                 for family in re.findall(r'"([^"]+)"', declaration)[1:]]
    shipped = tuple((path, path.stat().st_mtime_ns) for path in files)
    installed = tuple(_installed(family) for family in fallbacks)
    if cache is None:
        return _letters(shipped, installed)
    # The shipped fonts by what they hold, so a copy of the project elsewhere keeps the entry; the computer's by
    # their place, size and time: a font updated or installed in its place is read again.
    stamps = [(str(path.relative_to(templates_dir)), hashlib.sha256(path.read_bytes()).hexdigest()) for path in files]
    stamps += [(str(path), path.stat().st_size, path.stat().st_mtime_ns)
               for _, paths in installed for path in paths]
    kept = cache.fetch(lambda: {"letters": _stored(*_letters(shipped, installed))}, "font letters",
                       repr((stamps, installed)))
    return _read_back(kept["letters"])


def _stored(names: str, letters: frozenset[int]) -> bytes:
    return "\n".join([names, *map(str, sorted(letters))]).encode()


def _read_back(stored: bytes) -> tuple[str, frozenset[int]]:
    names, *letters = stored.decode().split("\n")
    return names, frozenset(map(int, letters))


@functools.lru_cache(maxsize=8)
def _installed(family: str) -> tuple[str, tuple[Path, ...]]:
    """``family``'s regular and bold files as fontconfig (which WeasyPrint's Pango uses) finds them, if it has it."""
    found = []
    for weight in ("regular", "bold"):
        try:
            answer = subprocess.run(["fc-match", "-f", "%{family}\t%{file}", f"{family}:weight={weight}"],
                                    capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return family, ()
        name, _, file = answer.partition("\t")
        if family not in name.split(","):  # fontconfig answers with a stand-in for a font it does not have
            return family, ()
        found.append(Path(file))
    return family, tuple(found)


@functools.lru_cache(maxsize=4)
def _letters(shipped: tuple[tuple[Path, int], ...],
             fallbacks: tuple[tuple[str, tuple[Path, ...]], ...]) -> tuple[str, frozenset[int]]:
    family, letters = _drawn_in_every_weight([path for path, _ in shipped])
    names = [family]
    for fallback, files in fallbacks:
        if files:
            names.append(fallback)
            letters |= _drawn_in_every_weight(list(files))[1]
    return ", ".join(names), letters


def _drawn_in_every_weight(files: list[Path]) -> tuple[str, frozenset[int]]:
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency, which reads the same files

    family, common = "", None
    for path in files:
        with TTFont(path, lazy=True) as font:
            drawn = frozenset(font.getBestCmap())
            family = family or font["name"].getBestFamilyName()
        common = drawn if common is None else common & drawn
    return family, common or frozenset()


def undrawable_letters(document: YamlDocument, family: str, letters: frozenset[int]) -> list[Problem]:
    """One problem per letter of ``document``'s text that the font cannot draw, at its first place."""
    problems, reported = [], set()
    for location, value in _texts(document.data, ()):
        for character in value:
            if ord(character) in letters or character in reported or unicodedata.category(character) in _NOT_DRAWN:
                continue
            reported.add(character)
            line = _line_of(document, location, character)
            name = unicodedata.name(character, "unnamed").lower()
            problems.append(Problem(
                document.path, f"'{character}' (U+{ord(character):04X}, {name}) is not in the cards' fonts ({family}), "
                "so the printed card cannot show it; write it with other letters or leave it out",
                line, None, field_name(location)))
    return problems


def _texts(data, location: tuple):
    if isinstance(data, str):
        yield location, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, location + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, location + (index,))


def _line_of(document: YamlDocument, location: tuple, character: str) -> int | None:
    """The line where ``character`` is typed, at or after the start of its value (a long value spans lines)."""
    start, _ = document.position(location)
    if start is None:
        return None
    lines = document.text.splitlines()
    return next((number for number in range(start, len(lines) + 1) if character in lines[number - 1]), start)
