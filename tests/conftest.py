"""Shared helpers: real builds of a copy of this project in a temporary folder."""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import functools
import hashlib
import io
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from warmup.content.json_schemas import write_schemas
from warmup.content.library import load_library
from warmup.settings.reader import DEFAULT_ENGINE, ENGINES
from warmup.project import Project

REPO = Path(__file__).resolve().parent.parent
# The benchmarks' own measures (a page's weight, a static host), which tests use so that both say the same.
sys.path.insert(0, str(REPO / "benchmarks"))
PROJECT_PARTS = ("mkdocs.yml", "content", "templates", "overrides", "docs")
# The fixture clubs (tests/clubs/README.md): the generator's tests build these, never content/.
CLUBS = REPO / "tests" / "clubs"
CLUB = "harbour"  # the club a test builds unless it names another
SMALL_CLUB = "meadow"  # one routine of few exercises: the shortest builds (tests/clubs/README.md)
THIS_PROJECT = None  # club= for the content tests: the club whose content/ this repository holds
WARMUP = [sys.executable, "-m", "warmup.command.cli"]
# The print page's kinds, each with its papers' format keys: the first paper's preview stands for the kind.
PRINTED_KINDS = {"Card": ("a4", "letter"), "Poster": ("poster-a3", "poster-tabloid"),
                 "Pocket cards": ("pocket-a4", "pocket-letter")}
HOOKS = REPO / "tests" / "hooks"
# A render cache that the test session which started this one made from this very content: test_content_swap.py
# runs the content tests on a copy holding a fixture club, whose first build its own session has made. Every copy of
# this repository's club then starts with those drawings instead of drawing them again.
DRAWINGS_MADE_VARIABLE = "WARMUP_TESTS_DRAWINGS_MADE"


def copy_project(destination: Path, reuse_drawings: bool = True, club: str | None = CLUB) -> Project:
    """A copy of this project's sources (not its outputs) at ``destination``, holding fixture club
    ``club`` (tests/clubs/) in place of content/ and the lines of mkdocs.yml that name the club;
    ``club=THIS_PROJECT`` keeps this repository's own content.

    Only what git tracks or would track is copied: after `make site` the checkout's docs/ also
    holds generated pages and cards, which a fresh project does not have. With
    ``reuse_drawings`` the copy starts with the drawings one cold build of the same sources made
    (the render cache, keyed by everything a drawing is made from), as a coach's project has
    after its first build: drawing every card format takes far longer than the rest of a
    build, and most tests are about something else. Tests about cold builds pass False; in a session started with
    ``DRAWINGS_MADE_VARIABLE``, where only the content tests run, a copy of this repository's club starts with the
    drawings it names all the same.
    """
    _copy_sources(destination)
    project = Project(destination)
    if club is not THIS_PROJECT:
        use_club(project, club)
    if reuse_drawings:
        shutil.copytree(_first_build_drawings(club), project.cache_dir)
    elif club is THIS_PROJECT and os.environ.get(DRAWINGS_MADE_VARIABLE):
        shutil.copytree(os.environ[DRAWINGS_MADE_VARIABLE], project.cache_dir)
    return project


def use_club(project: Project, club: str) -> None:
    """Put fixture club ``club`` into ``project``: its content/ (with the editors' schemas) and its
    site.yml's settings in place of mkdocs.yml's lines of the same names."""
    source = CLUBS / club
    shutil.rmtree(project.content_dir)
    shutil.copytree(source / "content", project.content_dir)
    write_schemas(project.content_dir)
    settings = (source / "site.yml").read_text("utf-8")
    names = re.findall(r"^(\w+):", settings, flags=re.MULTILINE)
    lines = [line for line in project.config_file.read_text("utf-8").splitlines(keepends=True)
             if not any(line.startswith(f"{name}:") for name in names)]
    project.config_file.write_text(settings + "".join(lines), "utf-8")


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in the file at ``path`` by ``new``, as a coach's edit; fails if ``old`` is not
    there, so that an edit that silently changed nothing cannot pass a test."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def line_of(path: Path, start: str) -> int:
    """The number of the first line of the file at ``path`` that starts with ``start``: where a message must point."""
    return next(number for number, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.startswith(start))


def settings_restored(project: Project) -> Iterator[Project]:
    """``project`` for one test that breaks its mkdocs.yml or adds settings files beside it (base*.yml), then both
    put back as they were: a fixture's body (``yield from``)."""
    original = project.config_file.read_text("utf-8")
    yield project
    project.config_file.write_text(original, "utf-8")
    for extra in project.root.glob("base*.yml"):
        extra.unlink()


def lengthen_how_to(exercise_file: Path, words: int) -> str:
    """Give the exercise in ``exercise_file`` a how-to of ``words`` made-up words (test wording, nobody's advice), as
    a coach pasting a long text would; the file's text before, to put back."""
    before = exercise_file.read_text("utf-8")
    exercise_file.write_text(re.sub(r"^how_to:.*?(?=^\w)", "how_to: " + " ".join(["stride"] * words) + "\n", before,
                                    flags=re.S | re.M), "utf-8")
    return before


def club_content(club: str | None = CLUB) -> Path:
    """The content/ folder of fixture club ``club``, or this repository's with ``THIS_PROJECT``."""
    return REPO / "content" if club is THIS_PROJECT else CLUBS / club / "content"


def _copy_sources(destination: Path) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", *PROJECT_PARTS],
                            cwd=REPO, capture_output=True, text=True, check=True).stdout
    for relative in filter(None, listed.split("\0")):
        source, target = REPO / relative, destination / relative
        if source.is_file():  # a file deleted but not yet committed is still listed
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _first_build_drawings(club: str | None) -> Path:
    """The render cache of one cold build of ``club``'s project, made once per test session."""
    return first_build(club).project.cache_dir


@dataclasses.dataclass(frozen=True)
class FirstBuild:
    """One cold build of a fixture club's project (nothing drawn before), with what its watch recorded."""

    project: Project  # shared by the whole session: read it, never change it
    network_attempts: Path  # the internet connections it tried: no file when it tried none
    sizes_resolved: Path  # a line each time the printed files' sizes were put into the built site afterwards
    temporary: Path  # the system's temporary folder (TMPDIR) as the build left it: empty before it


@functools.cache
def first_build(club: str | None = CLUB) -> FirstBuild:
    """``club``'s project built cold once per test session, with the network refused (tests/hooks/): the build
    whose drawings every ``copy_project`` starts with, and the one the tests of a cold build read."""
    def build(folder: Path) -> None:
        project = copy_project(folder / "project", reuse_drawings=False, club=club)
        (folder / "temporary").mkdir()
        run_warmup(project, "build", "--quiet", env={"TMPDIR": str(folder / "temporary")},
                   watch={"WARMUP_TEST_NO_NETWORK": folder / "network-attempts.log",
                          "WARMUP_TEST_SIZES_RESOLVED": folder / "sizes-resolved.log"})

    folder = made_once(f"first-build-{club or 'this-project'}", build)
    return FirstBuild(Project(folder / "project"), folder / "network-attempts.log", folder / "sizes-resolved.log",
                      folder / "temporary")


_shared_root: Path | None = None  # where made_once makes its folders; set when the test session starts


@pytest.fixture(scope="session", autouse=True)
def _shared_folders(tmp_path_factory) -> None:
    """With pytest-xdist, made_once's folders go where every worker's temporary folder is (pytest-xdist's recipe
    for session fixtures made once), so that one build serves both workers."""
    global _shared_root
    base = tmp_path_factory.getbasetemp()
    _shared_root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(name: str, make: Callable[[Path], None]) -> Path:
    """Folder ``name``, filled by ``make(folder)`` once per test session: with pytest-xdist by the first worker that
    asks, while the others wait for it; then every worker reads it (it must never change)."""
    root = _shared_root or Path(tempfile.mkdtemp(prefix="warmup-tests-"))  # outside pytest: this process's own
    folder, made = root / f"shared-{name}", root / f"shared-{name}.made"
    with (root / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, even by a worker that fails
        if not made.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a worker whose make() failed left
            folder.mkdir()
            make(folder)
            made.touch()
    return folder


def built_once(tmp_path_factory, name: str, club: str = CLUB) -> Project:
    """A copy of the project with fixture club ``club``, built once: for a module whose tests each break it and
    put it back."""
    project = copy_project(tmp_path_factory.mktemp(name) / "project", club=club)
    run_warmup(project, "build", "--quiet")
    return project


def copy_built(project: Project, destination: Path) -> Project:
    """A copy of ``project`` as it stands, its built site, docs/ and drawings included: a test that changes a
    built project starts from one its module built once (``built_once``), instead of a build of its own."""
    shutil.copytree(project.root, destination, symlinks=True)
    return Project(destination)


def with_earlier_site(project: Project) -> None:
    """A site/ as an earlier build leaves one (a page, a card, a folder), for a test of a build that fails: it
    must change no byte of it, whatever site/ holds, so the test need not first build a whole site."""
    (project.site_dir / "cards").mkdir(parents=True)
    (project.site_dir / "index.html").write_text("<!doctype html><title>The earlier build</title>\n", "utf-8")
    (project.site_dir / "cards/earlier.pdf").write_bytes(b"%PDF-1.7 the earlier build's card\n")


def run_warmup(project: Project, *arguments: str, check: bool = True, timeout: float = 300,
               env: dict[str, str] | None = None, watch: dict[str, Path] | None = None) -> subprocess.CompletedProcess:
    """Run the `warmup` command line on ``project`` as a coach would (``timeout`` catches a hang;
    ``env``: variables added to this one's; ``watch``: what tests/hooks/sitecustomize.py records,
    its variable naming the log file)."""
    result = subprocess.run([*WARMUP, "--project", str(project.root), *arguments], capture_output=True, text=True,
                            timeout=timeout, env={**watched_environment(watch or {}), **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(f"warmup {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def stop_with_ctrl_c(process: subprocess.Popen, timeout: float) -> tuple[str | None, str | None]:
    """Stop ``process`` (a preview or a build) as Ctrl+C in its terminal does: what it printed then. One still
    running after ``timeout`` seconds fails the test and is killed, so that no preview is left serving after it."""
    process.send_signal(signal.SIGINT)
    try:
        return process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


# A suite started in the background by a script (`make test &`) inherits Ctrl+C's signal ignored, as would every build
# and preview it starts, and the tests that stop them with it would wait in vain: they get it back, as in a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


class Hung(BaseException):
    """A command run in this process took longer than its test allows (a BaseException: cli.main must not
    report it as one of its own failures)."""


def warmup_in_process(project: Project, *arguments: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """What `warmup ARGUMENTS` exits with and prints, run by the command's own ``cli.main`` in this process.

    The command's whole path (mkdocs.yml read and checked, then the command itself) without starting
    Python and loading warmup again for each case: for tables of mistakes, whose messages are compared
    exactly as the command prints them. ``timeout`` catches a hang (a read that blocks, an expansion
    without end): the alarm interrupts even a blocking system call. The command's own contract (a
    real process, its stderr, site/ untouched) keeps one `run_warmup` case per table.
    """
    from warmup.command import cli

    def hung(signal_number, frame):
        raise Hung(f"warmup {' '.join(arguments)} took more than {timeout} s")

    stdout, stderr = io.StringIO(), io.StringIO()
    terminate, alarm = signal.getsignal(signal.SIGTERM), signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main(["--project", str(project.root), *arguments])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, alarm)
        signal.signal(signal.SIGTERM, terminate)  # cli.main installs its own
    return subprocess.CompletedProcess(["warmup", *arguments], code, stdout.getvalue(), stderr.getvalue())


# After a list of content problems the command counts them in one last line.
SUMMARY = re.compile(r"(\d+) problem\(s\) found; nothing was published, site/ is unchanged\.")


def error_lines(stderr: str) -> list[str]:
    """The `error:` lines of a failed command, after proving its stderr holds nothing else.

    A coach must see one line per problem and, after content problems, the line counting
    them: any other line (a traceback, a dump of the parser's state, a stray warning) fails.
    """
    lines = stderr.splitlines()
    errors = list(itertools.takewhile(lambda line: line.startswith("error: "), lines))
    rest = lines[len(errors):]
    assert errors, f"no error line in stderr:\n{stderr}"
    summary = SUMMARY.fullmatch(rest[0]) if len(rest) == 1 else None
    assert not rest or (summary and int(summary[1]) == len(errors)), f"stderr holds more than error lines:\n{stderr}"
    return errors


def watched_environment(watch: dict[str, Path]) -> dict[str, str]:
    """This process's environment, plus tests/hooks/ on PYTHONPATH with the variables in ``watch`` when given."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("WARMUP_TEST_")}
    if watch:
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HOOKS), environment.get("PYTHONPATH")]))
        environment.update({variable: str(log) for variable, log in watch.items()})
    return environment


def tree_fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes, to prove a folder was left untouched."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


class _TextExtractor(HTMLParser):
    SKIPPED = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        self._skipping += tag in self.SKIPPED

    def handle_endtag(self, tag):
        self._skipping -= tag in self.SKIPPED

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def normalise(text: str) -> str:
    """Text with typography folded away: curly quotes, dashes, line breaks and hyphenation."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    # A soft hyphen, or the hyphen WeasyPrint draws where it hyphenates a word at a line's end (U+2010), is not
    # the text's.
    text = text.replace("\u00ad", "").replace("\u2010\n", "").replace("-\n", "-")
    return " ".join(text.split())


def page_text(html_file: Path) -> str:
    """The visible text of a built HTML page, normalised."""
    return html_text(html_file.read_text("utf-8"))


def article_text(html_file: Path) -> str:
    """The text of a page's own content, without the menu, header and footer around it."""
    html = html_file.read_text("utf-8")
    return html_text(html[html.index("<article"):html.rindex("</article>")])


def html_text(html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(html)
    return normalise(" ".join(extractor.parts))


def search_entries(site: Path) -> list[dict]:
    """The search index's entries: MkDocs' search plugin writes search/search_index.json, Zensical search.json."""
    mkdocs_index = site / "search/search_index.json"
    if mkdocs_index.exists():
        return json.loads(mkdocs_index.read_text("utf-8"))["docs"]
    return json.loads((site / "search.json").read_text("utf-8"))["items"]


def once_per_file_version(read: Callable[[Path], object]) -> Callable[[Path], object]:
    """``read(path)`` done once per test process while the file at ``path`` stays as it is (its size and time of
    change): the tests reading one printed piece for its words, sizes, lines, figures and codes share one read."""
    @functools.cache
    def kept(path: Path, size: int, modified: int):
        return read(path)

    @functools.wraps(read)
    def reading(path: Path | io.BytesIO):
        if not isinstance(path, Path):  # a PDF in memory, read where it is made
            return read(path)
        stat = path.stat()
        return kept(path, stat.st_size, stat.st_mtime_ns)

    return reading


@once_per_file_version
def pdf_page_texts(pdf_file: Path) -> list[str]:
    """Each page's text of the PDF at ``pdf_file``, as pypdf extracts it."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(pdf_file).pages]


def pdf_text(pdf_file: Path) -> str:
    return normalise(" ".join(pdf_page_texts(pdf_file)))


@once_per_file_version
def pdf_page(pdf_file: Path):
    """The first page of the PDF at ``pdf_file`` as pdfplumber reads it."""
    import pdfplumber

    return pdfplumber.open(pdf_file).pages[0]


QR_DPI = 150  # the picture the codes are read from: a phone's camera sees the print this sharp or sharper


@once_per_file_version
def qr_codes(pdf_file: Path) -> list:
    """The barcodes zxing-cpp reads on the first page of ``pdf_file`` as poppler draws it at ``QR_DPI`` (positions
    in its pixels), as a phone's camera reads the print."""
    import zxingcpp
    from PIL import Image

    # Poppler's own output (PPM) is read as it is: encoding a poster as PNG took longer than reading its codes.
    drawn = subprocess.run(["pdftoppm", "-r", str(QR_DPI), "-singlefile", str(pdf_file)], check=True,
                           capture_output=True).stdout
    return zxingcpp.read_barcodes(Image.open(io.BytesIO(drawn)))


@pytest.fixture(scope="session", params=ENGINES)
def engine(request) -> str:
    """Each site engine in turn: every test that uses it (or `built`) runs once per engine."""
    return request.param


@pytest.fixture(scope="session")
def built(engine) -> Project:
    """This project with the fixture club, copied and built once per engine for the whole test session."""
    return _built_with(engine)


@pytest.fixture(scope="session")
def default_build() -> Project:
    """The same, built with the default engine only (the very copy `built` gives for it): for checks of what
    no engine makes (the printed pieces, the drawings, docs/), which would only repeat on the others."""
    return _built_with(DEFAULT_ENGINE)


@functools.cache
def _built_with(engine: str) -> Project:
    def build(folder: Path) -> None:
        run_warmup(copy_project(folder / "project"), "build", "--engine", engine)

    return Project(made_once(f"built-{engine}", build) / "project")


# The coach's own picture in place of an exercise's figure (the illustrated build): smaller than the web size, so
# published as the same pixels.
ILLUSTRATION_SIZE = (40, 30)
ILLUSTRATION_DESCRIPTION = "A person on the side, opening the top knee."


@pytest.fixture(scope="session")
def illustrated(library) -> tuple[Project, str]:
    """The project with the fixture club, one exercise showing a coach's picture (content/illustrations/picture.png)
    instead of its figure, built once for the whole session: the project and the exercise. The exercise is in the
    parents' routine and in no other, so that only that routine's pieces are drawn again."""
    from PIL import Image

    routine = library.parents_routine
    slug = next(exercise.slug for exercise in routine.exercises if library.routines_with(exercise) == [routine])

    def build(folder: Path) -> None:
        project = copy_project(folder / "project")
        (project.content_dir / "illustrations").mkdir(exist_ok=True)
        Image.new("RGB", ILLUSTRATION_SIZE, "navy").save(project.content_dir / "illustrations" / "picture.png")
        exercise = project.content_dir / "exercises" / f"{slug}.yaml"
        exercise.write_text(exercise.read_text("utf-8") + "illustration: picture.png\n"
                            f"illustration_description: {ILLUSTRATION_DESCRIPTION}\n", "utf-8")
        run_warmup(project, "build", "--quiet")

    return Project(made_once("illustrated", build) / "project"), slug


@pytest.fixture(scope="session")
def library():
    """The content of the club `built` and `copy_project()` build unless told otherwise."""
    return load_library(club_content())


pytest_plugins = ["browser"]
