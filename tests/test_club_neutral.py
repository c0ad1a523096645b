"""Every club's tool: nothing outside content/ and mkdocs.yml names this club or its sport.

A football club that puts its own content/ in place must not find "runners" on its pages, a
running track as its icon, or this club's exercises in the examples its error messages give.
The club's own word for the people it trains comes from content/club.yaml (`members:`).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from warmup.content.library import load_library
from warmup.printing.card_fitting import Sizes
from warmup.printing.cards import CardDrawer
from warmup.printing.formats import FORMATS
from warmup.render import Rendering
from warmup.render_cache import RenderCache
from warmup.site.printed_sizes import PrintedSizes

# What every club runs: the code, the templates, the theme's overrides and docs/'s hand-written files.
PRODUCT = ("scripts", "templates", "overrides", "docs")
# This club's name and its sport's words, as whole words in any case. "Run" alone is left out:
# the product runs commands, engines and tests.
CLUB_WORDS = re.compile(r"\b(roadrunners?|hips?|running|runners?|tracks?|athlet\w*|glutes?|sprint\w*)\b",
                        re.IGNORECASE)
# Where a word is unavoidable, and why. The figures' body model names its joints and body points,
# and those names are words of content/ itself (`hip: 50`, `circles: hips`): every sport's figure
# has hips. The English catalog says those body points in words (a figure's description).
ALLOWED = {
    "scripts/warmup/figures/body.py": {"hip", "hips"},
    "scripts/warmup/figures/drawing.py": {"hip", "hips"},
    "scripts/warmup/figures/kinematics.py": {"hip", "hips"},
    "templates/languages/en.yaml": {"hip", "hips"},
}


def _product_files() -> list[str]:
    """What git tracks, or would, in the product's folders: generated pages and caches are left out."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", *PRODUCT],
                            cwd=REPO, capture_output=True, text=True, check=True).stdout
    return [path for path in listed.split("\0") if path and (REPO / path).is_file()]


def _text(path: str) -> str | None:
    try:
        return (REPO / path).read_text("utf-8")
    except UnicodeDecodeError:  # a font
        return None


def club_words_in(path: str, text: str) -> list[str]:
    """Each word of this club in ``text`` that the allowlist does not excuse, as 'path:line: word'."""
    allowed = ALLOWED.get(path, set())
    return [f"{path}:{number}: {match.group()}"
            for number, line in enumerate(text.splitlines(), 1)
            for match in CLUB_WORDS.finditer(line) if match.group().lower() not in allowed]


def test_no_code_template_or_asset_names_this_club_or_its_sport():
    files = _product_files()
    assert "scripts/warmup/site/icons.py" in files and "templates/site/parents.md.j2" in files  # the search reaches
    found = [hit for path in files if (text := _text(path)) is not None for hit in club_words_in(path, text)]
    assert found == []


def test_the_search_finds_the_words_in_any_case_and_only_whole():
    assert club_words_in("x.py", "A Running track\nfor RUNNERS; hip-flexors\ntrackpad, hipster, rerun") == [
        "x.py:1: Running", "x.py:1: track", "x.py:2: RUNNERS", "x.py:2: hip"]
    assert club_words_in("scripts/warmup/figures/body.py", "the hips, the hip, the runner") == [
        "scripts/warmup/figures/body.py:1: runner"]


def test_every_allowance_is_still_needed():
    for path, words in ALLOWED.items():
        used = {match.group().lower() for match in CLUB_WORDS.finditer((REPO / path).read_text("utf-8"))}
        assert words <= used, f"{path}: {sorted(words - used)} no longer needed; remove it from ALLOWED"


# --- The club's word for its members ------------------------------------------------------

SITE_URL = "https://example.org/club/"


def _small_club(folder: Path, club_lines: str) -> Path:
    """A club of one routine of one exercise, with ``club_lines`` added to its club.yaml."""
    content = folder / "content"
    (content / "routines").mkdir(parents=True)
    (content / "exercises").mkdir()
    (content / "club.yaml").write_text(f"name: Test Club\n{club_lines}parents_routine: warm-up\n", "utf-8")
    (content / "routines" / "warm-up.yaml").write_text("title: Warm-up\nexercises:\n  - arm-circles\n", "utf-8")
    (content / "exercises" / "arm-circles.yaml").write_text(
        "name: Arm Circles\nhow_to: Circle both arms.\nwhy_it_matters: It loosens the shoulders.\n", "utf-8")
    return content


@pytest.mark.parametrize("club_lines, word", [("members: players\n", "players"), ("members:\n", "members"),
                                              ("", "members")])
def test_the_parents_page_and_the_cards_call_the_members_what_club_yaml_calls_them(tmp_path, club_lines, word):
    content = _small_club(tmp_path, club_lines)
    library = load_library(content)
    cache = RenderCache(None)
    pages = Rendering(library, content, REPO / "templates", SITE_URL, None, cache).pages(PrintedSizes.of(None))
    parents_page = pages[library.parents_page.file]
    assert f"A page for parents of Test Club {word}:" in parents_page
    drawer = CardDrawer(library, content, REPO / "templates", SITE_URL, cache)
    for print_format in FORMATS:
        card = drawer.html(library.routines[0], Sizes(print_format, print_format.text_floor_pt,
                                                      print_format.columns[0]))
        assert f"for parents and {word}:" in card, print_format.key
    assert [path for path, text in pages.items() if isinstance(text, str) and CLUB_WORDS.search(text)] == []
