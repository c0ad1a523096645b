"""Never lose the site, never strand it: killed builds, stopped builds, and the folders a coach's
machine really has (a link to a web server's folder, a mount point, read-only and full disks)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from conftest import (REPO, SMALL_CLUB, WARMUP, copy_built, copy_project, edit, first_build, run_warmup,
                      tree_fingerprint, with_earlier_site)
from warmup.project import Project

SOMEONE_ELSE = 65534  # nobody
# The fixture club of one routine: its builds are the shortest, and what they keep is the same as any club's.
EDITED = "exercises/heel-raises"  # the exercise whose name the tests change, and its page
VERSIONS = ("name: Heel Raises\n", "name: Heel Raises Daily\n")


@pytest.fixture(scope="module")
def versions_built(tmp_path_factory) -> tuple[Project, Project]:
    """The session's first build of the small club (VERSIONS[0]), its render cache also holding what a build of
    VERSIONS[1] draws, and the copy of it that built VERSIONS[1]: the tests here switch between the two versions to
    see a build replace the site, and need not draw the cards again each time to see it (the drawings are keyed by
    what they are made from, so a cache holding both is one a coach's could hold; the killed build's test makes its
    build draw by leaving out one drawing itself)."""
    folder = tmp_path_factory.mktemp("safety")
    project = copy_built(first_build(SMALL_CLUB).project, folder / "project")
    edited = copy_built(project, folder / "edited")
    _use(edited, VERSIONS[1])
    run_warmup(edited, "build", "--quiet")
    for entry in edited.cache_dir.iterdir():
        if not (project.cache_dir / entry.name).exists():
            shutil.copytree(entry, project.cache_dir / entry.name)
    return project, edited


@pytest.fixture
def built(versions_built, tmp_path) -> Project:
    """A copy of the project as a coach's is after a build of VERSIONS[0]: site/, docs/ and the drawings (of both
    versions)."""
    return copy_built(versions_built[0], tmp_path / "project")


def test_a_killed_build_always_leaves_a_whole_site_and_the_next_build_tidies_up(built, versions_built):
    project, edited = built, versions_built[1]
    # The site each version of the content builds into.
    whole = {VERSIONS[0]: tree_fingerprint(project.site_dir), VERSIONS[1]: tree_fingerprint(edited.site_dir)}
    # One of VERSIONS[1]'s cards left out of the drawings: the build going to VERSIONS[1] has it to make, so it stores
    # an entry (one that had none would never pause there, and fail), and the builds after it draw nothing again.
    first = {entry.name for entry in first_build(SMALL_CLUB).project.cache_dir.iterdir()}
    missing = next(entry.name for entry in sorted(edited.cache_dir.iterdir())
                   if entry.name not in first and any(file.suffix == ".pdf" for file in entry.iterdir()))
    shutil.rmtree(project.cache_dir / missing)
    current = VERSIONS[0]

    # Each moment at which a kill leaves something different behind: the project locked and nothing written yet,
    # a drawing half stored in the render cache, the new site complete beside site/, then swapped in with the old
    # one not yet removed.
    for moment in ("locked", "cache-entry", "before-swap", "swap"):
        target = VERSIONS[1 - VERSIONS.index(current)]
        _use(project, target)
        _kill_build(project, pause_at=moment)
        site = tree_fingerprint(project.site_dir)
        assert site in (whole[current], whole[target]), f"site/ is not a whole site after a kill at {moment}"
        current = target if site == whole[target] else current

    run_warmup(project, "build", "--quiet")
    assert tree_fingerprint(project.site_dir) == whole[_version(project)]
    assert _leftovers(project) == []
    assert [entry.name for entry in project.cache_dir.iterdir() if entry.name.startswith(".")] == []


def test_a_build_killed_between_the_two_renames_gets_the_old_site_back(built):
    # Where the system has no atomic exchange, the swap is two renames with a moment between.
    project = built
    old = tree_fingerprint(project.site_dir)
    _use(project, VERSIONS[1])
    _kill_build(project, pause_at="swap", WARMUP_TEST_NO_EXCHANGE="1")
    assert not project.site_dir.exists()  # the moment the fallback cannot avoid

    # The next build first puts the old site back, before doing anything else.
    _kill_build(project, pause_at="before-swap")
    assert tree_fingerprint(project.site_dir) == old
    result = run_warmup(project, "build", "--quiet", env={"WARMUP_TEST_NO_EXCHANGE": "1"})
    assert result.stderr == ""
    assert "Heel Raises Daily" in (project.site_dir / EDITED / "index.html").read_text("utf-8")
    assert _leftovers(project) == []


@pytest.mark.parametrize("stop, code", [("SIGTERM to the build", 143), ("Ctrl+C in its terminal", 130)])
def test_a_build_stopped_while_helpers_draw_says_one_line_and_leaves_no_process(tmp_path, stop, code):
    # Enough routines that a build draws them in helper processes; whatever site/ holds, a stopped build leaves it.
    project = _with_routines(copy_project(tmp_path / "project", club=SMALL_CLUB), 7)
    with_earlier_site(project)
    before = tree_fingerprint(project.site_dir)
    _edit_all_routines(project)
    build = _start(project, "build", "--quiet")
    helpers = _wait_for_helpers(build)

    if stop.startswith("SIGTERM"):
        build.send_signal(signal.SIGTERM)
    else:
        os.killpg(build.pid, signal.SIGINT)  # a terminal sends Ctrl+C to every process started from it
    stdout, stderr = build.communicate(timeout=60)

    assert (build.returncode, stdout, stderr) == (code, "", "Stopped.\n")
    assert _still_running(helpers, within=10) == []
    assert tree_fingerprint(project.site_dir) == before
    assert _leftovers(project) == []


def test_a_build_stopped_while_its_engine_builds_stops_the_engine_before_removing_the_folder_it_builds_in(tmp_path):
    # An engine still building would write that folder again after its removal, and leave it beside site/.
    project = copy_project(tmp_path / "project", club=SMALL_CLUB, reuse_drawings=False)  # drawn while it builds
    flag = tmp_path / "tidying-up"
    build = _start(project, "build", "--quiet", WARMUP_TEST_PAUSE_AT=f"tidy-up:{flag}")
    engine = _wait_for_engine(build, project)
    build.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 60
    while not flag.exists():
        assert build.poll() is None and time.monotonic() < deadline, "the stopped build never tidied up"
        time.sleep(0.05)
    assert [_status(process) for process in engine] == [None], "the engine runs on (or was not waited for)"
    flag.unlink()
    stdout, stderr = build.communicate(timeout=60)
    assert (build.returncode, stdout, stderr) == (143, "", "Stopped.\n")
    assert _leftovers(project) == []


def test_a_build_killed_while_helpers_draw_leaves_no_process(tmp_path):
    project = _with_routines(copy_project(tmp_path / "project", club=SMALL_CLUB), 7)
    build = _start(project, "build", "--quiet")
    helpers = _wait_for_helpers(build)
    build.kill()
    build.wait(timeout=30)
    assert _still_running(helpers, within=10) == []


def test_a_build_killed_while_its_engine_builds_leaves_no_process_nothing_for_git_and_the_next_build_tidies_up(
        tmp_path):
    project = copy_project(tmp_path / "project", club=SMALL_CLUB)
    shutil.copy(REPO / ".gitignore", project.root)  # the project's own, as in a clone of it
    _git(project, "init", "--quiet")
    _git(project, "add", "--all")
    _git(project, "commit", "--quiet", "--message", "The club's sources")
    served = tmp_path / "www"
    served.mkdir()
    project.site_dir.symlink_to(served)  # as the README suggests for a web server's folder

    build = _start(project, "build", "--quiet")
    engine = _wait_for_engine(build, project)
    build.kill()
    build.wait(timeout=30)

    # At once: far sooner than the engine, just started, could finish by itself.
    assert _still_running(engine, within=0.5) == []
    assert list(project.root.glob(".warmup-engine-*")), "the killed build left no engine settings: nothing tested"
    assert _git(project, "status", "--porcelain") == ""
    run_warmup(project, "build", "--quiet")
    assert list(project.root.glob(".warmup-engine-*")) == []
    assert _git(project, "status", "--porcelain") == ""


HELPERS_PARENTS = """
import operator, os, sys, threading
from warmup.parallel import WORTH_HELPERS, draw_in_parallel
if sys.argv[1] == "beside a thread":  # as in the live preview, which serves pages from threads
    threading.Thread(target=threading.Event().wait, daemon=True).start()
parents = set(draw_in_parallel(operator.call, [os.getppid] * WORTH_HELPERS))
print("the build" if parents == {os.getpid()} else "another process")
"""


@pytest.mark.parametrize("case, parent", [("alone", "the build"), ("beside a thread", "another process")])
def test_helpers_are_forked_from_a_lone_build_and_from_a_clean_process_beside_threads(case, parent):
    # Forked, helpers start at once with what the build has loaded; beside threads a fork could copy a held lock.
    started = subprocess.run([WARMUP[0], "-c", HELPERS_PARENTS, case], capture_output=True, text=True, timeout=120)
    assert (started.returncode, started.stdout, started.stderr) == (0, parent + "\n", "")


STOPPED_WHILE_A_HELPER_SENDS = """
import os, signal, sys, threading, time
from warmup.parallel import WORTH_HELPERS, draw_in_parallel

def sending():
    frames = sys._current_frames()[threading.main_thread().ident]
    while frames and frames.f_code.co_name != "_send":
        frames = frames.f_back
    return frames is not None

def stop_the_build_midway():
    while not sending():
        time.sleep(0.001)
    os.kill(os.getppid(), signal.SIGINT)
    os.kill(os.getpid(), signal.SIGSTOP)  # frozen part way through its drawing's bytes, until the build kills it

def draw(number):
    if number:
        time.sleep(60)  # the other helpers are still drawing
    threading.Thread(target=stop_the_build_midway, daemon=True).start()
    return bytes(32_000_000)

try:
    draw_in_parallel(draw, range(WORTH_HELPERS))
except KeyboardInterrupt:
    sys.exit("Stopped.")
"""


def test_a_build_stopped_while_a_helper_sends_its_drawing_back_ends(tmp_path):
    # The pool reads a drawing's bytes in a thread that Python waits for at exit: a helper killed part way through
    # sending them must not leave that thread waiting for the rest for ever.
    stopped = subprocess.run([WARMUP[0], "-c", STOPPED_WHILE_A_HELPER_SENDS], capture_output=True, text=True,
                             timeout=60)
    assert (stopped.returncode, stopped.stdout, stopped.stderr) == (1, "", "Stopped.\n")


SIGTERM_WHERE_PYTHON_IGNORES_EXCEPTIONS = """
import gc, os, signal, sys
from warmup.command.cli import main
from warmup.stopping import stop_on_terminate

def stopped_in_the_collector(phase, info):  # Python prints what a collector's callback raises, and goes on
    gc.callbacks.remove(stopped_in_the_collector)
    os.kill(os.getpid(), signal.SIGTERM)

signal.signal(signal.SIGTERM, stop_on_terminate)
gc.callbacks.append(stopped_in_the_collector)
sys.exit(main(sys.argv[1:]))
"""


def test_a_build_stopped_where_python_ignores_the_stop_still_stops_and_leaves_site_as_it_was(tmp_path):
    # SIGTERM's exception is raised wherever the build is: in a destructor or the garbage collector it is lost.
    project = copy_project(tmp_path / "project", club=SMALL_CLUB)
    with_earlier_site(project)
    before = tree_fingerprint(project.site_dir)
    build = subprocess.run([WARMUP[0], "-c", SIGTERM_WHERE_PYTHON_IGNORES_EXCEPTIONS, "--project", str(project.root),
                            "build", "--quiet"], capture_output=True, text=True, timeout=120)
    assert "Exception ignored" in build.stderr, "the stop was not lost: nothing tested"
    assert (build.returncode, build.stdout, build.stderr.splitlines()[-1]) == (143, "", "Stopped.")
    assert tree_fingerprint(project.site_dir) == before
    assert _leftovers(project) == []


def test_a_site_link_to_a_web_servers_folder_stays_a_link_and_its_folder_gets_the_site(built, tmp_path):
    project = built
    expected = tree_fingerprint(project.site_dir)
    shutil.rmtree(project.site_dir)
    served = tmp_path / "www" / "club"
    served.mkdir(parents=True)
    (served / "index.html").write_text("the site before", "utf-8")
    project.site_dir.symlink_to(served)

    result = run_warmup(project, "build", "--quiet")

    assert result.stderr == ""
    assert project.site_dir.is_symlink() and project.site_dir.readlink() == served
    assert tree_fingerprint(served) == expected
    assert sorted(entry.name for entry in served.parent.iterdir()) == ["club"]  # nothing left beside it
    assert _leftovers(project) == []


def test_a_site_link_into_a_folder_this_user_may_not_write_stops_with_one_line(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False)  # it stops before drawing
    www = project.root.parent / "www"
    www.mkdir()
    www.chmod(0o555)  # the coach may read it, not write in it
    project.site_dir.symlink_to(www / "club")

    result = _as_a_coach(project, "build", "--quiet")

    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: cannot build the site: this user may not create folders in {www}, where the new site (a link to "
        f"{www / 'club'}) is built before it is swapped in; allow it, or point site elsewhere\n")
    assert project.site_dir.is_symlink() and list(www.iterdir()) == []


MOUNT_POINT = ("error: site/ is a mount point, and a build replaces the whole folder in one step, which cannot be "
               "done to a mount point; mount the disk elsewhere and make site a symbolic link to a folder on it\n")


def test_site_as_a_mount_point_stops_with_one_line(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False)  # it stops before drawing
    project.site_dir.mkdir()
    result = _in_own_mounts(f"mount -t tmpfs tmpfs {project.site_dir}", project, "build", "--quiet")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", MOUNT_POINT)


def test_site_bind_mounted_from_the_same_disk_stops_with_one_line_before_building(tmp_path):
    # A folder of the same disk mounted on site/: the disk alone does not tell it is a mount point.
    # A space in the path, as a mount table escapes it; it stops before drawing.
    project = copy_project(tmp_path / "club warm-ups" / "project", reuse_drawings=False)
    project.site_dir.mkdir()
    served = tmp_path / "www"
    served.mkdir()
    result = _in_own_mounts(f"mount --bind '{served}' '{project.site_dir}'", project, "build", "--quiet")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", MOUNT_POINT)
    assert not (project.docs_dir / "index.md").exists(), "the build went on to write the pages"


def test_a_full_disk_is_one_line_and_site_is_unchanged(built):
    project = built
    before = tree_fingerprint(project.site_dir)
    _use(project, VERSIONS[1])
    shutil.rmtree(project.cache_dir)
    project.cache_dir.mkdir()
    # A disk of 32 KiB for the drawings: the first card does not fit on it.
    result = _in_own_mounts(f"mount -t tmpfs -o size=32k tmpfs {project.cache_dir}", project, "build", "--quiet")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("error: cannot write to the disk: No space left on device; the disk is full: free some "
                             "space, then run it again; nothing was published, site/ is unchanged\n")
    assert tree_fingerprint(project.site_dir) == before
    assert _leftovers(project) == []


def test_a_read_only_folder_in_site_is_replaced_with_the_rest(built):
    project = built
    (project.site_dir / "cards").chmod(0o555)
    _use(project, VERSIONS[1])

    result = _as_a_coach(project, "build", "--quiet")

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert "Heel Raises Daily" in (project.site_dir / EDITED / "index.html").read_text("utf-8")
    assert _leftovers(project) == []


def test_an_old_site_that_cannot_be_removed_is_named_truly(built):
    project = built
    cards = project.site_dir / "cards"
    _use(project, VERSIONS[1])

    if os.getuid() == 0:
        os.chown(cards, SOMEONE_ELSE, SOMEONE_ELSE)  # someone else's folder: the coach can neither change nor empty it
        result, reason = _as_a_coach(project, "build", "--quiet"), "Permission denied"
    else:  # no one else's folder can be made without root; a folder on a read-only disk cannot be emptied either
        result = _in_own_mounts(f"mount --bind -o ro '{cards}' '{cards}'", project, "build", "--quiet")
        reason = "Read-only file system"

    [old] = _leftovers(project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"error: site/ now holds the new build, but the old one could not be removed from "
                             f"{old}: {reason}; remove that folder by hand\n")
    assert "Heel Raises Daily" in (project.site_dir / EDITED / "index.html").read_text("utf-8")


def _use(project: Project, version: str) -> None:
    exercise = project.content_dir / f"{EDITED}.yaml"
    text = exercise.read_text("utf-8")
    for other in VERSIONS:
        text = text.replace(other, version)
    exercise.write_text(text, "utf-8")


def _version(project: Project) -> str:
    text = (project.content_dir / f"{EDITED}.yaml").read_text("utf-8")
    return next(version for version in VERSIONS if version in text)


def _start(project: Project, *arguments: str, **environment: str) -> subprocess.Popen:
    return subprocess.Popen([*WARMUP, "--project", str(project.root), *arguments], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **environment},
                            start_new_session=True)  # its own process group, as if started from a terminal


def _kill_build(project: Project, pause_at: str | None = None, after: float | None = None, **environment) -> None:
    """Start a build and SIGKILL it at the pause point ``pause_at`` or ``after`` seconds."""
    if pause_at:
        flag = project.root.parent / f"paused-{time.monotonic_ns()}"
        environment["WARMUP_TEST_PAUSE_AT"] = f"{pause_at}:{flag}"
    build = _start(project, "build", "--quiet", **environment)
    try:
        deadline = time.monotonic() + 120
        while pause_at and not flag.exists():
            assert build.poll() is None and time.monotonic() < deadline, f"the build never reached {pause_at}"
            time.sleep(0.05)
        if after:
            time.sleep(after)
    finally:
        build.kill()
        build.communicate(timeout=30)


def _leftovers(project: Project) -> list[Path]:
    return sorted(project.root.glob(".site-*"))


def _with_routines(project: Project, count: int) -> Project:
    """``project`` holding ``count`` routines in all: copies of its first, each with a title of its own."""
    routines = sorted((project.content_dir / "routines").glob("*.yaml"))
    for number in range(len(routines) + 1, count + 1):
        copy = routines[0].with_stem(f"{routines[0].stem}-{number}")
        copy.write_text(routines[0].read_text("utf-8"), "utf-8")
        edit(copy, "title: ", f"title: Copy {number} of ")
    return project


def _edit_all_routines(project: Project) -> None:
    """Every routine retitled: every card, poster and pocket card must be drawn again."""
    for routine in (project.content_dir / "routines").glob("*.yaml"):
        edit(routine, "title: ", "title: Renamed ")


def _wait_for_helpers(build: subprocess.Popen) -> list[psutil.Process]:
    """The processes the build started to draw in (forked from it, one per core), once they are drawing."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert build.poll() is None, "the build ended before any helper process started"
        started = psutil.Process(build.pid).children(recursive=True)
        if len([process for process in started if _command(process) == _command(psutil.Process(build.pid))]) >= 2:
            time.sleep(0.5)  # let them get to work
            return started
        time.sleep(0.1)
    raise AssertionError("no helper processes drew the cards")


def _wait_for_engine(build: subprocess.Popen, project: Project) -> list[psutil.Process]:
    """The engine process the build started, once it is building: it is told to when the settings file of its run
    is written (engines/engine_config.py), and the build waits for it from then on."""
    deadline = time.monotonic() + 120
    while not ((engine := [process for process in psutil.Process(build.pid).children()
                           if "warmup.engines.primed" in _command(process)])
               and list(project.root.glob(".warmup-engine-*.yml"))):
        assert build.poll() is None and time.monotonic() < deadline, "no engine process was seen building"
        time.sleep(0.05)
    return engine


def _git(project: Project, *arguments: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Coach", "-c", "user.email=coach@example.org", *arguments],
                          cwd=project.root, capture_output=True, text=True, check=True, timeout=60).stdout


def _command(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _still_running(processes: list[psutil.Process], within: float) -> list[psutil.Process]:
    _, alive = psutil.wait_procs(processes, timeout=within)
    return [process for process in alive if _status(process) not in (psutil.STATUS_ZOMBIE, None)]  # zombie: ended


def _status(process: psutil.Process) -> str | None:
    try:
        return process.status()
    except psutil.NoSuchProcess:
        return None


def _as_a_coach(project: Project, *arguments: str) -> subprocess.CompletedProcess:
    """Run warmup as an ordinary user would: permissions apply (root, run here, is otherwise never refused)."""
    ordinary = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"] if os.getuid() == 0 else []
    return subprocess.run([*ordinary, *WARMUP, "--project", str(project.root), *arguments], capture_output=True,
                          text=True, timeout=300)


def _in_own_mounts(mount: str, project: Project, *arguments: str) -> subprocess.CompletedProcess:
    """Run warmup with a file system mounted for it alone (a user namespace: no root needed, nothing left mounted)."""
    if not shutil.which("unshare"):
        pytest.fail("these tests need unshare (util-linux) to mount a file system for one process")
    command = " ".join([mount, "&&", "exec", *[f"'{part}'" for part in
                                              (*WARMUP, "--project", str(project.root), *arguments)]])
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", command],
                          capture_output=True, text=True, timeout=300)


def test_a_folder_this_user_may_not_write_in_is_one_line(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False)  # nothing is drawn
    (project.content_dir / "exercises").chmod(0o555)
    result = _as_a_coach(project, "new-exercise", "Calf Raises")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("error: cannot write content/exercises/calf-raises.yaml: Permission denied; this user may "
                             "not write there: change the folder's permissions or run warmup as its owner\n")
