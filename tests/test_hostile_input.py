"""Whatever a coach (or a hostile file) puts in content/, the build ends in a correct site or one clear line.

Each case ends in one of two outcomes: a correct build showing the text literally,
or exit code 1 with one `error:` line naming the file and the fix, no traceback,
and the published site/ byte for byte as it was. The accepted cases are built
together, in one `warmup build` as a coach runs it; each refused case is found by
the command's own code in this process (`warmup_in_process`), and one of each
table by `warmup build` as a program.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
import yaml

from conftest import (REPO, article_text, club_content, copy_project, error_lines, html_text, normalise, pdf_text,
                      run_warmup, tree_fingerprint, warmup_in_process, with_earlier_site)
from warmup.content.json_schemas import rendered_schemas

CLUB = club_content().parent  # the fixture club's folder: content/... inside it as in a project
_CLUB_FILE = yaml.safe_load((CLUB / "content/club.yaml").read_text("utf-8"))
SLUG = "waist-circles"  # in the parents' routine; no duration_seconds, illustration or equipment
EXERCISE = f"content/exercises/{SLUG}.yaml"


def _name_of(slug: str, club: str | None = None) -> str:
    """The fixture exercise's name, as its file writes it."""
    content = club_content(club) if club else CLUB / "content"
    return yaml.safe_load((content / f"exercises/{slug}.yaml").read_text("utf-8"))["name"]


NAME = _name_of(SLUG)
ROUTINE = f"content/routines/{_CLUB_FILE['parents_routine']}.yaml"  # the parents' page's routine
FOURTH = yaml.safe_load((CLUB / ROUTINE).read_text("utf-8"))["exercises"][3]


@dataclass(frozen=True)
class Case:
    """One hostile input: how to make it, and what the coach must see."""

    make: Callable[[Path], None]
    error: list[str] = field(default_factory=list)  # fragments of the one error line; empty: the build succeeds
    shows: str | None = None  # text that must then appear literally on the exercise page and the card
    is_name: bool = False  # the text is the exercise's name, so it is in the page's <title> too
    exercise: str = SLUG  # the exercise whose page and card show it


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / relative
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), "utf-8")
    return make


def _append(relative: str, text: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / relative
        path.write_text(path.read_text("utf-8") + text, "utf-8")
    return make


def _routine_exercises(replacement: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / ROUTINE
        text, count = re.subn(r"^exercises:\n(?:  - .*\n)+", replacement, path.read_text("utf-8"), flags=re.M)
        assert count == 1
        path.write_text(text, "utf-8")
    return make


def _write(relative: str, data: bytes) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / relative).write_bytes(data)
    return make


def _exercise_file(name: str = "Calf Raises", how_to: str = "Rise onto your toes.") -> str:
    return f"name: {name}\nhow_to: {how_to}\nwhy_it_matters: Strong calves.\n"


def _crlf_with_bom(slug: str, name: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / _exercise(slug)
        text = path.read_text("utf-8").replace(f"name: {name}", f"name: {name}, café")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    return make


def _copy_as_yml(root: Path) -> None:
    shutil.copy(root / EXERCISE, root / EXERCISE.replace(".yaml", ".yml"))


def _alias_bomb(root: Path) -> None:
    layers = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    layers += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    (root / EXERCISE).write_text(_exercise_file() + "\n".join(layers) + "\n", "utf-8")


def _remove(relative: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / relative).unlink()
    return make


LONG_WORD = "Long" + "a" * 296
MARKUP = "</title><script>alert('x')</script> \"q\" **bold** _it_ `code` [link](http://x.test) # & &amp; | {: .x }"
# Where the accepted cases go, all in one build: the other fixture club, whose one routine of three short
# exercises leaves its card room for them all, so that it shows them all.
ACCEPTING = "meadow"
ACCEPTING_ROUTINE = yaml.safe_load((club_content(ACCEPTING) / "club.yaml").read_text("utf-8"))["parents_routine"]
NAMED, MARKED, WORDY = yaml.safe_load(
    (club_content(ACCEPTING) / f"routines/{ACCEPTING_ROUTINE}.yaml").read_text("utf-8"))["exercises"]


def _exercise(slug: str) -> str:
    return f"content/exercises/{slug}.yaml"


CASES = {
    "invalid YAML": Case(_replace(EXERCISE, f"name: {NAME}", f"name: [{NAME}"), [EXERCISE + ":", "not valid YAML"]),
    "tab indentation": Case(_write(EXERCISE, b"name: A\nequipment:\n\t- name: band\nhow_to: x\nwhy_it_matters: y\n"),
                            [EXERCISE + ":3:", "tab", "spaces"]),
    "empty file": Case(_write(EXERCISE, b""), [EXERCISE, "empty"]),
    "not UTF-8": Case(_write(EXERCISE, _exercise_file("Caf\u00e9").encode("latin-1")), [EXERCISE + ":1", "UTF-8"]),
    "UTF-8 BOM and CRLF line ends": Case(_crlf_with_bom(NAMED, _name_of(NAMED, ACCEPTING)),
                                         shows=f"{_name_of(NAMED, ACCEPTING)}, café", is_name=True, exercise=NAMED),
    "unknown key": Case(_replace(EXERCISE, "how_to:", "howto:"), [EXERCISE + ":", "'howto'", "Did you mean 'how_to'?"]),
    "wrong type: text for a number": Case(_replace(EXERCISE, "how_to:", "duration_seconds: ten\nhow_to:"),
                                          [EXERCISE + ":", "duration_seconds", "whole number", "'ten'"]),
    "wrong type: text for a list": Case(_routine_exercises(f"exercises: {SLUG}\n"),
                                        [ROUTINE + ":", "exercises", "should be a list"]),
    "duplicate slug (.yml beside .yaml)": Case(_copy_as_yml, [f"{SLUG}.yml", f"same name as {SLUG}.yaml"]),
    "duplicate exercise names": Case(_write("content/exercises/copied.yaml", _exercise_file(NAME.lower()).encode()),
                                     ["content/exercises/", "name", "is also the name of"]),
    "unknown key named like a type": Case(_replace(EXERCISE, "how_to:", "list: yes\nhow_to:"),
                                          [EXERCISE + ":", "'list' is not a field"]),
    "parents' routine with a mistake, reported once": Case(_replace(ROUTINE, "title:", "titel:"),
                                                           [ROUTINE + ":", "'titel'", "Did you mean 'title'?"]),
    "club file saved as .yml": Case(lambda root: (root / "content/club.yaml").rename(root / "content/club.yml")),
    "club file twice (.yml beside .yaml)": Case(lambda root: shutil.copy(root / "content/club.yaml",
                                                                        root / "content/club.yml"),
                                                ["content/club.yml", "second club file beside club.yaml"]),
    "illustration outside content/illustrations/": Case(
        _replace(EXERCISE, "how_to:", "illustration: ../club.yaml\nillustration_description: x\nhow_to:"),
        [EXERCISE + ":", "illustration", "should be the name of a picture"]),
    "duplicate key": Case(_replace(EXERCISE, "how_to:", "name: Other\nhow_to:"), [EXERCISE + ":", "appears twice"]),
    "routine names a missing exercise": Case(_replace(ROUTINE, f"  - {FOURTH}", f"  - {FOURTH[:-1]}"),
                                             [ROUTINE + ":", "exercises[4]", f"Did you mean '{FOURTH}'?"]),
    "empty routine": Case(_routine_exercises("exercises: []\n"), [ROUTINE + ":", "at least 1 item"]),
    "enormous file": Case(_write(EXERCISE, _exercise_file().encode() + b"# padding\n" * 40_000),
                          [EXERCISE, "KiB", "larger than"]),
    "YAML alias bomb": Case(_alias_bomb, [EXERCISE + ":", "alias"]),
    "deep nesting": Case(_write(EXERCISE, b"name: " + b"[" * 3000 + b"]" * 3000 + b"\n"), [EXERCISE, "nested"]),
    "YAML tag that runs code": Case(_write(EXERCISE, b"name: !!python/object/apply:os.system [echo hi]\n"),
                                    [EXERCISE + ":1:", "YAML tag"]),
    "invisible control character": Case(_write(EXERCISE, _exercise_file("Calf\x07 Raises").encode()),
                                        [EXERCISE + ":1:", "control character"]),
    "file name in capitals": Case(lambda root: (root / EXERCISE).rename(root / _exercise(SLUG.title())),
                                  [f"{SLUG.title()}.yaml", "lower case", f"{SLUG}.yaml"]),
    "parents' page titled like another page": Case(
        _replace("content/club.yaml", f"parents_page_title: {_CLUB_FILE['parents_page_title']}",
                 "parents_page_title: Print"),
        ["content/club.yaml:", "parents_page_title", "/print/", "uses already"]),
    "club file deleted": Case(_remove("content/club.yaml"), ["content/club.yaml", "missing"]),
    "markup in text": Case(_replace(_exercise(MARKED), f"name: {_name_of(MARKED, ACCEPTING)}",
                                    f"name: {json.dumps(MARKUP)}"),
                           shows=MARKUP, is_name=True, exercise=MARKED),
    "YAML 1.1 number lookalikes stay as typed": Case(_replace(_exercise(WORDY), "how_to:", "dose: 1:30\nhow_to:"),
                                                     shows="1:30", exercise=WORDY),  # the club gives no doses
    "overlong word": Case(_replace(_exercise(WORDY), "how_to: ", f"how_to: {LONG_WORD} "), shows=LONG_WORD,
                          exercise=WORDY),
}
ACCEPTED = [name for name, case in CASES.items() if not case.error]
REFUSED = [name for name, case in CASES.items() if case.error]
# Found by the engine, not by warmup: the build must reach it.
BROKEN_LINK = Case(_append("templates/site/home.md.j2", "\n[Lost](nowhere.md)\n"),
                   ["mkdocs.yml", "MkDocs stopped the build", "nowhere.md"])


# Where the two pictures go in the accepted cases' build.
# Exercises in no routine, so that only their pages show the pictures: on a card, a 48 MB picture would be read
# once for each format.
PICTURED, PHOTOGRAPHED = "wall-sit", "plank"


@pytest.fixture(scope="module")
def accepted(tmp_path_factory):
    """One build, as a coach runs it, of every accepted case at once and of a 48 MB picture and a camera's photo:
    it must succeed in silence. It starts with no drawings: the cases change every exercise of the club's one
    routine, so all its pieces are drawn again anyway, and a build of its own need not wait for the session's first
    build of the club (another test process may be making it)."""
    project = copy_project(tmp_path_factory.mktemp("accepted") / "project", reuse_drawings=False, club=ACCEPTING)
    for name in ACCEPTED:
        sources = _sources(project.root)
        CASES[name].make(project.root)
        assert _sources(project.root) != sources, f"{name}: the case changed nothing, so it tests nothing"
    for slug in (PICTURED, PHOTOGRAPHED):
        (project.root / _exercise(slug)).write_text(_exercise_file(slug.replace("-", " ").title()), "utf-8")
    _with_picture(_noise_png(4000, compress_level=1), exercise=PICTURED)(project.root)
    _with_picture(_camera_photo(), name="photo.jpg", exercise=PHOTOGRAPHED)(project.root)

    result = run_warmup(project, "build", "--quiet", check=False, timeout=900)  # a hang, on a busy machine

    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return project


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """A project that each refused case breaks, with a site/ an earlier build left there; never built (a
    build that stops at a mistake draws nothing)."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project", reuse_drawings=False)
    with_earlier_site(project)
    return project


def _restored(project):
    saved = project.root.parent / "saved"
    for part in ("content", "templates"):
        shutil.copytree(project.root / part, saved / part, symlinks=True)
    yield project
    for part in ("content", "templates"):
        shutil.rmtree(project.root / part)
        shutil.copytree(saved / part, project.root / part)
    shutil.rmtree(saved)


@pytest.fixture
def sources_restored(sources):
    yield from _restored(sources)


def _sources(root: Path) -> dict[str, str]:
    return {f"{part}/{name}": digest for part in ("content", "templates")
            for name, digest in tree_fingerprint(root / part).items()}


def test_the_markup_case_holds_every_character_the_guide_promises_to_show_as_typed():
    guide = " ".join((REPO / "guide/content.md").read_text("utf-8").split())
    promise = re.search(r"Everything typed in `content/` is plain text: (.*?) appear on the site", guide)
    assert promise, "guide/content.md no longer lists the characters shown as typed"
    characters = re.findall(r"`([^`]+)`", promise[1])
    assert characters and all(character in MARKUP for character in characters), characters


def _fails_in_one_clear_line(project, case: Case, run=warmup_in_process) -> None:
    """``case`` made in ``project``, then the build (``run``: in this process, or as a program): exit 1, one error
    line holding each of the case's fragments, no traceback, site/ as it was."""
    before, sources = tree_fingerprint(project.site_dir), _sources(project.root)
    case.make(project.root)
    assert _sources(project.root) != sources, "the case changed nothing, so it tests nothing"

    result = run(project, "build", "--quiet")

    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    for fragment in case.error:
        assert fragment in errors[0], errors[0]
    assert tree_fingerprint(project.site_dir) == before, "a failed build changed site/"
    assert not list(project.root.glob(".site-*")), "a failed build left its staging folder behind"


@pytest.mark.parametrize("name", REFUSED)
def test_hostile_input_fails_in_one_clear_line(sources_restored, name):
    _fails_in_one_clear_line(sources_restored, CASES[name])


def test_warmup_build_fails_in_one_clear_line(sources_restored):
    """One refused case, `warmup build` as a program: the command's own stderr and exit code."""
    _fails_in_one_clear_line(sources_restored, CASES["YAML tag that runs code"],
                             run=lambda *given: run_warmup(*given, check=False))


@pytest.fixture
def accepted_restored(accepted):
    yield from _restored(accepted)


def test_a_mistake_only_the_engine_finds_fails_in_one_clear_line(accepted_restored):
    """Its drawings made, the build reaches its engine at once (one that had to draw would draw everything first)."""
    _fails_in_one_clear_line(accepted_restored, BROKEN_LINK)


def test_a_club_file_saved_as_yml_is_the_one_named_in_the_club_pages(accepted):
    """The accepted case "club file saved as .yml": the pages made from it name the file the coach edits."""
    assert (accepted.content_dir / "club.yml").is_file() and not (accepted.content_dir / "club.yaml").exists()
    home = (accepted.docs_dir / "index.md").read_text("utf-8")
    assert home.splitlines()[1].startswith("# GENERATED by warmup from content/club.yml")


@pytest.mark.parametrize("name", ACCEPTED)
def test_hostile_input_that_is_only_text_builds_and_shows_as_typed(accepted, name):
    case = CASES[name]
    if not case.shows:
        return  # the club file saved as .yml: the build succeeding (the fixture) is all it asks
    shown = normalise(case.shows)
    page = accepted.site_dir / f"exercises/{case.exercise}/index.html"
    assert shown in article_text(page)
    html = page.read_text("utf-8")
    assert "<script>alert" not in html and "<strong>bold" not in html
    # Titles and menu entries go through the theme as HTML: the name must arrive there as text too.
    if case.is_name:
        assert shown in html_text(html[html.index("<title>"):html.index("</title>") + 8])
    routine = ACCEPTING_ROUTINE
    for paper in ("a4", "letter"):
        card = pdf_text(accepted.site_dir / f"cards/{routine}-{paper}.pdf")
        # A word longer than the card's column is broken across lines, and PDF text keeps the breaks.
        assert shown in card or shown.replace(" ", "") in card.replace(" ", ""), card[:400]
        assert _rightmost_character(accepted.site_dir / f"cards/{routine}-{paper}.pdf") <= 1, (
            f"text runs off the right edge of the {paper} card")


def _rightmost_character(pdf: Path) -> float:
    """How far right the card's text reaches, as a fraction of the page's width (1 is the paper's edge)."""
    import pypdfium2

    page = pypdfium2.PdfDocument(pdf)[0]
    text = page.get_textpage()
    return max(text.get_charbox(index)[2] for index in range(text.count_chars())) / page.get_width()


# Files a hostile contributor (or bad luck) can put in content/: each is refused in exactly these
# lines, within a timeout that would catch a hang, with site/ left as it was.
OUTSIDE = "is a link to a file outside content/; nothing outside content/ is read or published, so copy what it " \
          "holds into content/"
DESCRIBED = "A person on a mat."
PICTURE = f"illustration: picture.png\nillustration_description: {DESCRIBED}\n"
# The fields an exercise may have, as the editors' JSON Schema lists them.
ALLOWED = "Allowed here: " + ", ".join(json.loads(rendered_schemas()["exercise.schema.json"])["properties"])


def _link(relative: str, target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / relative).symlink_to(target)
    return make


def _folder_outside(root: Path) -> None:
    """content/exercises/ is a link to a folder outside the project."""
    outside = root.parent / "elsewhere"
    shutil.rmtree(outside, ignore_errors=True)
    shutil.move(root / "content/exercises", outside)
    (root / "content/exercises").symlink_to(outside)


def _fifo(root: Path) -> None:
    import os

    os.mkfifo(root / "content/exercises/x.yaml")


def _with_picture(data: bytes | None, link_to: str | None = None, name: str = "picture.png",
                  exercise: str = SLUG) -> Callable[[Path], None]:
    """``exercise`` shows content/illustrations/``name``, holding ``data`` or linking to ``link_to``."""
    def make(root: Path) -> None:
        folder = root / "content/illustrations"
        folder.mkdir(exist_ok=True)
        if link_to:
            (folder / name).symlink_to(link_to)
        else:
            (folder / name).write_bytes(data)
        _replace(_exercise(exercise), "how_to:", PICTURE.replace("picture.png", name) + "how_to:")(root)
    return make


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width``×``height`` pixels: a decompression bomb's header, without its gigabytes."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
            + chunk(b"IEND", b""))


def _noise_png(side: int, **options) -> bytes:
    """A PNG of ``side``×``side`` pixels of noise, which no compression shrinks."""
    import io
    import os

    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG", **options)
    return out.getvalue()


CAMERA_MODEL, TAKEN = "Club Phone 12", "2026:05:01 07:30:00"


def _camera_photo() -> bytes:
    """A JPEG carrying what a camera writes into it: when, with what, and where."""
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x0132] = TAKEN  # DateTime
    exif[0x0110] = CAMERA_MODEL  # Model
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPSInfo: where it was taken
    photo = io.BytesIO()
    Image.new("RGB", (2400, 1200), (40, 120, 60)).save(photo, "JPEG", exif=exif)
    return photo.getvalue()


def _alias_use_position() -> tuple[int, int]:
    """Line and column of the first *alias in the alias-bomb file, counted from the text itself."""
    lines = (_exercise_file() + "\n".join(
        ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]', "a1: &a1 [*a0"])).splitlines()
    return len(lines), lines[-1].index("*a0") + 1


def _control_characters(root: Path) -> None:
    (root / EXERCISE).write_text('name: "Clam\\0shells\\a\\e[31mRED"\nhow_to: "\\u200b\\u00a0 \\u2060"\n'
                                 'why_it_matters: Strong hips.\n"\\e[2J\\e[H": 1\nnull: 2\nfoo: 3\n', "utf-8")


ALIAS_LINE, ALIAS_COLUMN = _alias_use_position()
UNSAFE = {
    "symlink out of the project": (_link("content/exercises/stolen.yaml", "/etc/passwd"),
                                   [f"content/exercises/stolen.yaml: {OUTSIDE}"]),
    "exercises folder linked outside the project": (_folder_outside, [
        "content/exercises: is a link to a folder outside content/; nothing outside content/ is read or published, "
        "so copy what it holds into content/"]),
    "yaml symlink to /dev/zero": (_link("content/exercises/zero.yaml", "/dev/zero"),
                                  [f"content/exercises/zero.yaml: {OUTSIDE}"]),
    "FIFO named x.yaml": (_fifo, ["content/exercises/x.yaml: is not an ordinary file (it is a device, a pipe or a "
                                  "socket); delete it and put a content file there"]),
    "dangling symlink": (_link("content/exercises/gone.yaml", "nowhere.yaml"),
                         ["content/exercises/gone.yaml: is a link to something that does not exist; delete the link "
                          "and put the file itself there"]),
    "looping symlink": (_link("content/exercises/loop.yaml", "loop.yaml"),
                        ["content/exercises/loop.yaml: cannot be read (too many levels of symbolic links); replace it "
                         "with an ordinary file"]),
    "a 5 MB yaml file": (_write(EXERCISE, _exercise_file().encode() + b"#" * (5 * 1024 * 1024)),
                         [f"{EXERCISE}: file is 5 MiB, larger than the 256 KiB a content file may be; make it smaller "
                          "or remove what does not belong"]),
    "YAML alias bomb, pointed at its first *alias": (
        _alias_bomb, [f"{EXERCISE}:{ALIAS_LINE}:{ALIAS_COLUMN}: uses the YAML alias *a0; write the value out in full "
                      "instead"]),
    "deep nesting, with its line": (
        _write(EXERCISE, _exercise_file().encode() + b"cues: " + b"[" * 3000 + b"]" * 3000 + b"\n"),
        [f"{EXERCISE}:4:16: is nested more than 10 levels deep; a content file needs two or three"]),
    "illustration linked to /proc/self/environ": (_with_picture(None, "/proc/self/environ"),
                                                  [f"content/illustrations/picture.png: {OUTSIDE}"]),
    "a text file named .png": (_with_picture(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
                               ["content/illustrations/picture.png: is not a PNG picture (what it holds is something "
                                "else); save it again as .png, .jpg or .webp from a photo or drawing program, under a "
                                "name that matches its kind"]),
    "a 60000x60000 decompression bomb": (_with_picture(_png_header_only(60000, 60000)),
                                         ["content/illustrations/picture.png: unpacks to far more pixels than a "
                                          "picture should have; save it again from a photo or drawing program"]),
    "a 64-megapixel picture": (_with_picture(_png_header_only(8000, 8000)), [
        "content/illustrations/picture.png: is 8000×8000 pixels, more than the 50 megapixels a picture may have; save "
        "a smaller copy (at most 1600 pixels on the long side is plenty)"]),
    "a picture just over 64 MiB": (_with_picture(b"\x89PNG" + bytes(64 * 1024 * 1024)), [
        "content/illustrations/picture.png: file is larger than the 64 MiB a picture may be; make it smaller or "
        "remove what does not belong"]),
    "a picture cut short": (_with_picture(_noise_png(64)[:400]), [
        "content/illustrations/picture.png: is not a PNG picture that can be opened (image file is truncated); save "
        "it again as .png, .jpg or .webp from a photo or drawing program, under a name that matches its kind"]),
    "control characters, invisible text, escape codes and null: as keys": (_control_characters, [
        f"{EXERCISE}:1:7: name: contains the control character \\x00, which would show as garbage or nothing; "
        "delete it (and any escape such as \\e or \\0 that makes it)",
        f"{EXERCISE}:2:9: how_to: holds only invisible characters; write the text, or leave the field out",
        f"{EXERCISE}:4:1: '\\x1b[2J\\x1b[H' is not a field of an exercise; remove it or fix its spelling. {ALLOWED}",
        f"{EXERCISE}:5:1: 'null' is not a field of an exercise; remove it or fix its spelling. {ALLOWED}",
        f"{EXERCISE}:6:1: 'foo' is not a field of an exercise; remove it or fix its spelling. {ALLOWED}",
    ]),
}


def _refused_in_exactly(project, make, expected: list[str], run=warmup_in_process) -> None:
    before = tree_fingerprint(project.site_dir)
    make(project.root)

    result = run(project, "build", "--quiet")

    assert result.stderr == "".join(f"error: {line}\n" for line in expected) + (
        f"{len(expected)} problem(s) found; nothing was published, site/ is unchanged.\n")
    assert result.returncode == 1
    assert tree_fingerprint(project.site_dir) == before


@pytest.mark.parametrize("name", UNSAFE)
def test_unsafe_file_is_refused_in_exactly_its_lines(sources_restored, name):
    _refused_in_exactly(sources_restored, *UNSAFE[name])


def test_a_picture_cut_short_is_refused_in_a_process_that_has_drawn_cards(sources_restored):
    """The live preview has WeasyPrint loaded when a coach saves a picture, and WeasyPrint tells Pillow to pad a
    picture cut short with grey (``ImageFile.LOAD_TRUNCATED_IMAGES``): it must be refused all the same."""
    import weasyprint  # noqa: F401  as the preview's process has it after its first build

    _refused_in_exactly(sources_restored, *UNSAFE["a picture cut short"])


def test_warmup_build_refuses_an_unsafe_file_in_exactly_its_lines(sources_restored):
    """One unsafe file, `warmup build` as a program: a pipe that would block a reader forever, caught by the
    timeout if it did."""
    _refused_in_exactly(sources_restored, *UNSAFE["FIFO named x.yaml"],
                        run=lambda *given: run_warmup(*given, check=False, timeout=60))


def test_a_48_mb_picture_is_published_at_web_size(accepted):
    from PIL import Image

    original = (accepted.content_dir / "illustrations/picture.png").stat().st_size
    assert original > 48_000_000  # 4000×4000 pixels of noise
    published = accepted.site_dir / "illustrations/picture.png"
    with Image.open(published) as picture:
        assert picture.format == "PNG" and picture.size == (1600, 1600)
    assert published.stat().st_size < original / 5
    page = (accepted.site_dir / f"exercises/{PICTURED}/index.html").read_text("utf-8")
    assert 'src="../../illustrations/picture.png"' in page and f'alt="{DESCRIBED}"' in page


def test_a_camera_photo_is_published_without_what_the_camera_wrote_into_it(accepted):
    from PIL import Image

    with Image.open(accepted.content_dir / "illustrations/photo.jpg") as original:
        assert original.getexif().get(0x0110) == CAMERA_MODEL, "the test photo carries no camera data"
    published = accepted.site_dir / "illustrations/photo.jpg"
    with Image.open(published) as picture:
        assert picture.size == (1600, 800)
        assert dict(picture.getexif()) == {} and "exif" not in picture.info
    for needle in (CAMERA_MODEL.encode(), TAKEN[:10].encode()):
        assert needle not in published.read_bytes()
    assert f"exercises/{PHOTOGRAPHED}/" in {str(page.parent.relative_to(accepted.site_dir)) + "/"
                                           for page in accepted.site_dir.rglob("index.html")
                                           if "illustrations/photo.jpg" in page.read_text("utf-8")}
