"""Drawings reused from an earlier build: only ever when nothing they are drawn from has changed."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import (PRINTED_KINDS, REPO, SMALL_CLUB, club_content, copy_project, edit, pdf_text, run_warmup,
                      watched_environment)
from warmup.content.library import load_library
from warmup.content.letters import font_letters
from warmup.render_cache import RenderCache

ROUTINE = "dryland"  # a routine of the fixture club (tests/clubs/)
CARD = f"cards/{ROUTINE}-a4.pdf"
# The fixture club of one routine, for the tests that need no other: the fewest drawings to make again.
SMALL_CLUB_ROUTINE = "court-warm-up"  # SMALL_CLUB's one routine
FORMATS = [key for keys in PRINTED_KINDS.values() for key in keys]  # every printed format, each drawn alone


def test_unchanged_drawings_are_reused_and_changed_ones_redrawn(tmp_path):
    project = copy_project(tmp_path / "project")  # with the drawings a build of the same sources kept
    cached = sorted(path.name for path in project.cache_dir.iterdir())
    assert cached, "the build kept no drawings"
    # Mark the kept A4 card: a build that reuses it publishes the marked bytes, a redraw would not.
    [kept_card] = project.cache_dir.glob("*/" + CARD.split("/")[-1])
    marked = kept_card.read_bytes() + b"% reused\n"
    kept_card.write_bytes(marked)

    # A warm build, listing the modules it loaded and the figures it drew: everything the libraries that draw or
    # read fonts made is in the render cache, and loading them would only slow the coach's every build. Nor does it
    # make the printed pieces' pages to learn that their drawings are kept (printing/cards.py keeps what keys them):
    # pyphen hyphenates only those pages' words.
    drawn = tmp_path / "figures-drawn.log"
    listing = "import atexit, sys; atexit.register(lambda: print(*sorted(sys.modules), file=sys.stderr)); " \
              "from warmup.command.cli import main; sys.exit(main())"
    result = subprocess.run([sys.executable, "-c", listing, "--project", str(project.root), "build"],
                            capture_output=True, text=True, timeout=300, check=True,
                            env=watched_environment({"WARMUP_TEST_FIGURES_DRAWN": drawn}))
    loaded = {module.split(".")[0] for module in result.stderr.split()}
    assert loaded & {"weasyprint", "pypdfium2", "PIL", "fontTools", "segno", "tinycss2", "pyphen"} == set()
    assert not drawn.exists(), f"a warm build drew figures:\n{drawn.read_text('utf-8')}"
    assert sorted(path.name for path in project.cache_dir.iterdir()) == cached
    assert (project.site_dir / CARD).read_bytes() == marked

    def entries() -> dict[str, str]:
        """Which kept drawing (its folder) holds each printed file."""
        return {path.name: path.parent.name for path in project.cache_dir.glob("*/*.pdf")}

    routines = {path.stem: yaml.safe_load(path.read_text("utf-8"))["exercises"]
                for path in (project.content_dir / "routines").glob("*.yaml")}
    before = entries()
    assert sorted(before) == sorted(f"{routine}-{key}.pdf" for routine in routines for key in FORMATS)
    elsewhere = {name for routine, exercises in routines.items() if routine != ROUTINE for name in exercises}
    edited = next(name for name in routines[ROUTINE] if name not in elsewhere)  # on this routine's cards alone
    edit(project.content_dir / "exercises" / f"{edited}.yaml", "how_to: ", "how_to: Very slowly. ")
    run_warmup(project, "build")
    assert "Very slowly." in pdf_text(project.site_dir / CARD)
    # A how-to is on the cards and posters, not on the pocket cards, and only of the routine that has the exercise:
    # only those four are redrawn.
    after = entries()
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == [f"{ROUTINE}-{key}.pdf" for key in ("a4", "letter", "poster-a3", "poster-tabloid")]
    # Only the last build's drawings are kept: each printed file once, the ones drawn before the edit forgotten.
    assert len(list(project.cache_dir.glob("*/*.pdf"))) == len(after)


# On the club of one routine: a change to the card's templates or to warmup's code redraws every printed piece.
def test_a_change_to_the_cards_style_or_to_warmups_own_code_redraws_what_it_draws(tmp_path):
    project = copy_project(tmp_path / "project", club=SMALL_CLUB)  # its cache holds one earlier build's drawings
    cached = len(list(project.cache_dir.iterdir()))
    card, preview = f"{SMALL_CLUB_ROUTINE}-a4.pdf", f"{SMALL_CLUB_ROUTINE}-a4-preview.png"
    # What a build with the same sources publishes (the test above).
    [kept_card], [kept] = project.cache_dir.glob(f"*/{card}"), project.cache_dir.glob(f"*/{preview}")
    kept_card = kept_card.read_bytes()
    assert Image.open(kept).width == 240

    style = project.templates_dir / "card" / "card.css"
    style.write_text(style.read_text("utf-8") + "\nh1 { letter-spacing: 0.05em; }\n", "utf-8")
    run_warmup(project, "build", "--quiet")
    assert (project.site_dir / "cards" / card).read_bytes() != kept_card
    assert len(list(project.cache_dir.iterdir())) == cached  # only the last build's drawings are kept

    # The same warmup with one drawing setting changed, as a developer would change it.
    code = tmp_path / "code"
    shutil.copytree(REPO / "scripts", code, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    cards = code / "warmup/printing/cards.py"
    setting = "PREVIEW_WIDTH_PX, PREVIEW_GREYS = 240, 4"
    assert setting in cards.read_text("utf-8")
    cards.write_text(cards.read_text("utf-8").replace(setting, setting.replace("240", "250")), "utf-8")
    run_warmup(project, "build", "--quiet", env={"PYTHONPATH": str(code)})

    assert Image.open(project.site_dir / "cards" / preview).width == 250


# A warm build draws no figure: test_unchanged_drawings_are_reused_and_changed_ones_redrawn.
def test_an_edit_to_a_figure_redraws_only_that_exercises(tmp_path):
    project = copy_project(tmp_path / "project", club=SMALL_CLUB)  # its cache holds one earlier build's drawings
    drawn = tmp_path / "figures-drawn.log"

    # One angle of one exercise's figure changed, as a coach would adjust a drawing.
    exercises = sorted((project.content_dir / "exercises").glob("*.yaml"))
    edited = next(path for path in exercises if (yaml.safe_load(path.read_text("utf-8")) or {}).get("figure"))
    source = yaml.safe_load(edited.read_text("utf-8"))
    joint, angle = next((joint, angle) for position in source["figure"]["positions"]
                        for joint, angle in position.items() if joint != "name")
    text = edited.read_text("utf-8")
    line = f"      {joint}: {angle}\n"
    assert line in text, f"{edited.name}: expected the line {line!r}"
    edited.write_text(text.replace(line, f"      {joint}: {angle + 5}\n", 1), "utf-8")
    run_warmup(project, "build", watch={"WARMUP_TEST_FIGURES_DRAWN": drawn})
    drawings = [line.split() for line in drawn.read_text("utf-8").splitlines()]
    assert {slug for slug, _, room in drawings if room == "0"} == {edited.stem}
    # The wall poster's drawings leave room for the positions' names, sized by the poster's layout, which the
    # edited figure's shape changes: only the posters of the routines that hold it are drawn again.
    routines = [yaml.safe_load(path.read_text("utf-8"))["exercises"]
                for path in (project.content_dir / "routines").glob("*.yaml")]
    on_its_posters = {slug for exercises in routines if edited.stem in exercises for slug in exercises}
    assert {slug for slug, _, room in drawings if room != "0"} <= on_its_posters


def test_the_fonts_letters_are_kept_and_read_again_when_a_font_file_changes(tmp_path):
    """What the printed fonts can draw (content/letters.py) is kept, and follows a font file put in their place."""
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    kept = tmp_path / "cache"
    family, letters = font_letters(templates, RenderCache(kept))
    assert family == "Atkinson Hyperlegible, DejaVu Sans" and ord("é") in letters and ord("風") not in letters
    assert len(list(kept.iterdir())) == 1
    assert font_letters(templates, RenderCache(kept)) == (family, letters)  # read back as it was found

    dejavu = Path("/usr/share/fonts/truetype/dejavu")  # installed by `make setup`, as the cards' fallback
    for weight, serif in (("400", "DejaVuSerif.ttf"), ("700", "DejaVuSerif-Bold.ttf")):
        shutil.copyfile(dejavu / serif, templates / "card" / "fonts" / f"atkinson-hyperlegible-{weight}.ttf")
    assert font_letters(templates, RenderCache(kept))[0] == "DejaVu Serif, DejaVu Sans"


def test_the_kept_hyphenation_patterns_break_words_where_pyphen_reading_them_does(tmp_path, monkeypatch):
    """A warm build reads its language's hyphenation patterns from the render cache (printing/hyphenation.py), not
    from pyphen's dictionary: they put the soft hyphens of every fixture club's words where pyphen's own do."""
    import pyphen

    from warmup.printing.hyphenation import soft_hyphenation

    text = " ".join(path.read_text("utf-8") for path in sorted((REPO / "tests" / "clubs").rglob("*.yaml")))
    cache = RenderCache(tmp_path / "cache")
    for language in ("en", "de", "fr", "nl", "es"):
        monkeypatch.setattr(pyphen, "hdcache", {})
        as_read = soft_hyphenation(language, cache)  # read by pyphen, and kept
        expected = as_read(text), as_read(text, narrow=True)
        assert "\u00ad" in expected[1], f"{language}: the fixture clubs' words should give hyphenation points"

        monkeypatch.setattr(pyphen, "hdcache", {})
        with monkeypatch.context() as reading:
            reading.setattr(pyphen.HyphDict, "__init__", lambda *_: pytest.fail("the dictionary was read again"))
            kept = soft_hyphenation(language, cache)
        assert (kept(text), kept(text, narrow=True)) == expected, language


def test_a_picture_is_cut_to_web_size_once_and_later_checks_and_builds_publish_the_kept_copy(tmp_path, monkeypatch):
    """A camera's photo takes a second or more to decode and cut down (content/pictures.py): reading the content
    (which proves the picture whole) and rendering the pages share one cut, later builds and checks take the kept
    one, and a picture put in its place is cut again."""
    from warmup.content import library as reading

    content = tmp_path / "content"
    shutil.copytree(club_content(SMALL_CLUB), content)
    [name] = {exercise.details.illustration for exercise in load_library(content).exercises} - {None}
    picture = content / "illustrations" / name
    cuts = []
    cut = reading.web_copy
    monkeypatch.setattr(reading, "web_copy", lambda data, suffix: cuts.append(name) or cut(data, suffix))

    def published() -> bytes:
        cache = RenderCache(tmp_path / "cache")
        return reading.illustration_files(load_library(content, cache=cache), content, cache)[f"illustrations/{name}"]

    first = published()
    assert cuts == [name]
    assert published() == first and cuts == [name]
    with Image.open(picture) as original:
        original.rotate(90, expand=True).save(picture)
    turned = published()
    assert cuts == [name, name]
    with Image.open(io.BytesIO(first)) as before, Image.open(io.BytesIO(turned)) as after:
        assert after.size == before.size[::-1]
