"""Every club's tool: nothing outside content/ and mkdocs.yml names this club or its sport.

A football club that puts its own content/ in place must not find "runners" on its pages, a
running track as its icon, or this club's exercises in the examples its error messages give.
The club's own word for the people it trains comes from content/club.yaml (`members:`).
This club's words are read from content/ itself (its names, its exercises' and routines'),
so the guard holds for whichever club content/ holds; its sport's words are listed here.
No test file, test or fixture is named after them either.
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

# What every club runs and reads: the code, the templates, the theme's overrides, docs/'s hand-written files, the
# benchmarks and the coach's guide.
PRODUCT = ("scripts", "templates", "overrides", "docs", "benchmarks", "guide")
# Its sport's words, as whole words in any case, whichever club content/ holds. "Run" alone is left out:
# the product runs commands, engines and tests.
SPORT_WORDS = ["roadrunners?", "hips?", "running", "runners?", "tracks?", r"athlet\w*", "glutes?", r"sprint\w*"]


def _this_clubs_words() -> list[str]:
    """What names this club, read from content/ itself: its name, short name and word for its members, each
    exercise's name and each routine's title, and their file names."""
    library = load_library(REPO / "content")
    club = library.club
    texts = [club.name, club.short_name, club.members,
             *(exercise.details.name for exercise in library.exercises),
             *(exercise.slug for exercise in library.exercises),
             *(routine.details.title for routine in library.routines), *(routine.slug for routine in library.routines)]
    # A name's words may be joined by spaces, dashes or underscores (Glute Bridges, glute-bridges, glute_bridges).
    return [_phrase(text) for text in texts if text]


def _phrase(text: str) -> str:
    # A name's words may be joined by spaces, dashes or underscores (Glute Bridges, glute-bridges, glute_bridges).
    return r"[\s_-]+".join(map(re.escape, re.split(r"[\s_-]+", text)))


def _whole_words(words: list[str], in_names: bool = False) -> re.Pattern:
    """``words`` not inside a longer word. In a text an identifier is one word (a process `_running` is no
    runner); in a name an underscore parts words, as a space does (test_glute_bridges)."""
    before, after = (r"(?<![^\W_])", r"(?![^\W_])") if in_names else (r"\b", r"\b")
    return re.compile(before + "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")" + after, re.IGNORECASE)


CLUB_WORDS = _whole_words(_this_clubs_words() + SPORT_WORDS)
CLUB_WORDS_IN_NAMES = _whole_words(_this_clubs_words() + SPORT_WORDS, in_names=True)
# Where a word is unavoidable, and why. The figures' body model names its joints and body points,
# and those names are words of content/ itself (`hip: 50`, `circles: hips`): every sport's figure
# has hips. The English catalog says those body points in words (a figure's description).
ALLOWED = {
    "scripts/warmup/figures/body.py": {"hip", "hips"},
    "scripts/warmup/figures/drawing.py": {"hip", "hips"},
    "scripts/warmup/figures/kinematics.py": {"hip", "hips"},
    "scripts/warmup/figures/circling.py": {"hip", "hips"},  # a body that circles its hips (`circles: hips`)
    "tests/test_figures.py": {"hip", "hips"},  # the tests of that model, named after the joints they bend
    "templates/languages/en.yaml": {"hip", "hips"},
    "guide/figures.md": {"hip", "hips"},  # the coach's guide to those joints and body points
    "guide/content.md": {"runners"},  # one example, beside `players`, of the word a club chooses for its members
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


def club_words_in(path: str, text: str, words: re.Pattern = CLUB_WORDS) -> list[str]:
    """Each word of this club in ``text`` that the allowlist does not excuse, as 'path:line: word'."""
    allowed = ALLOWED.get(path, set())
    return [f"{path}:{number}: {match.group()}"
            for number, line in enumerate(text.splitlines(), 1)
            for match in words.finditer(line) if match.group().lower() not in allowed]


def test_no_code_template_or_asset_names_this_club_or_its_sport():
    files = _product_files()
    assert "scripts/warmup/site/icons.py" in files and "templates/site/parents.md.j2" in files  # the search reaches
    found = [hit for path in files if (text := _text(path)) is not None for hit in club_words_in(path, text)]
    assert found == []


def _test_names() -> list[tuple[str, str]]:
    """Every name in tests/ that a test run shows: each file's path, each test's and each fixture's name, as
    (where, name)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "tests"],
                            cwd=REPO, capture_output=True, text=True, check=True).stdout
    paths = [path for path in listed.split("\0") if path]
    names = [(path, path) for path in paths]
    for path in paths:
        if path.endswith(".py") and (REPO / path).is_file():
            source = (REPO / path).read_text("utf-8")
            fixtures = re.findall(r"^@pytest\.fixture.*\n(?:@.*\n)*def (\w+)", source, re.M)
            names += [(path, name) for name in re.findall(r"^def (test_\w+)", source, re.M) + fixtures]
    return names


def test_no_test_file_or_fixture_is_named_after_this_club_or_its_sport():
    names = _test_names()
    assert ("tests/conftest.py", "built") in names and any(path.startswith("tests/clubs/") for path, _ in names)
    found = [hit for path, name in names for hit in club_words_in(path, name, CLUB_WORDS_IN_NAMES)]
    assert found == []


def test_the_search_finds_the_words_in_any_case_and_only_whole():
    assert club_words_in("x.py", "A Running track\nfor RUNNERS; hip-flexors\ntrackpad, hipster, rerun") == [
        "x.py:1: Running", "x.py:1: track", "x.py:2: RUNNERS", "x.py:2: hip"]
    assert club_words_in("scripts/warmup/figures/body.py", "the hips, the hip, the runner") == [
        "scripts/warmup/figures/body.py:1: runner"]
    # This club's name, read from content/, in any case.
    club = load_library(REPO / "content").club
    assert club_words_in("x.py", f"the {club.name.upper()} site") == [f"x.py:1: {club.name.upper()}"]
    # A name joined by spaces, dashes or underscores; in a test's or file's name, parted by underscores too.
    names = _whole_words([_phrase("Valley Kickers")], in_names=True)
    assert club_words_in("x.py", "valley-kickers.txt test_Valley_Kickers_page valley kickersx xvalley kickers",
                         names) == ["x.py:1: valley-kickers", "x.py:1: Valley_Kickers"]
    assert club_words_in("x.py", "test_valley_kickers_page", _whole_words([_phrase("Valley Kickers")])) == []


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
