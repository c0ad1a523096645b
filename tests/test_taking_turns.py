"""Simultaneous use: builds, checks, plain MkDocs and previews of one project take turns, and
neither site/, docs/ nor the drawings kept in .cache/ is ever corrupted."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from mkdocs.config import load_config

from conftest import (SMALL_CLUB, WARMUP, copy_built, copy_project, edit, first_build, run_warmup, stop_with_ctrl_c,
                      tree_fingerprint)
from warmup.project import Project
from warmup.settings.reader import DEFAULT_ENGINE

# The fixture club of one routine: the fewest pages and drawings, for the tests of builds that take turns.
WAITING = "Another build of this project is under way; waiting for it to finish (Ctrl+C stops waiting).\n"


# Where the first of two builds holds the project while the second starts (scripts/warmup/test_hooks.py): as it has
# just taken it, with everything drawn and built, and halfway through swapping site/ in.
HOLDING_MOMENTS = ("locked", "before-swap", "swap")
# The moments at which the second build starts while nothing is drawn yet: both at once, and the first holding the
# project before it draws. At the later moments the first has drawn everything before the second starts, so the
# second meets the same drawings kept or not; those rounds keep them rather than draw every card again.
COLD_MOMENTS = (None, "locked")


def test_simultaneous_builds_with_no_drawings_kept_take_turns_whenever_the_second_starts(tmp_path):
    project = _built(tmp_path / "project")
    outputs = _outputs(project)

    for moment in (None, *HOLDING_MOMENTS):  # both at once, then the second while the first holds at each moment
        if moment in COLD_MOMENTS:
            shutil.rmtree(project.cache_dir)
        if moment is None:
            pair, said = [_start(project, "build"), _start(project, "build")], ["", ""]
        else:
            flag = tmp_path / f"first-build-at-{moment}"
            first = _start(project, "build", WARMUP_TEST_PAUSE_AT=f"{moment}:{flag}")
            try:
                _wait_for(flag.exists, first, f"the first build never reached {moment}")
                second = _start(project, "build")
                said = ["", _read_until(second.stdout, WAITING)]
                assert said[1].startswith("Building") and said[1].endswith(WAITING), f"no wait at {moment}: {said[1]}"
                assert first.poll() is None and _outputs(project)["site"] == outputs["site"]
            finally:
                flag.unlink(missing_ok=True)  # the first build goes on (and ends, should the test fail here)
            pair = [first, second]
        results = []
        for build, already in zip(pair, said):
            printed, errors = build.communicate(timeout=300)
            results.append((build.returncode, already + printed, errors))

        assert [(code, errors) for code, _, errors in results] == [(0, ""), (0, "")], moment
        assert sorted(WAITING in printed for _, printed, _ in results) == [False, True], "one build waits"
        assert _outputs(project) == outputs, moment
        assert sorted(project.root.glob(".site-*")) == []


def _built(destination: Path) -> Project:
    """A copy of the session's first build of the small club (with the default engine): a project as a build leaves
    it, its site, docs/ and drawings, without a build of its own."""
    return copy_built(first_build(SMALL_CLUB).project, destination)


def _outputs(project: Project) -> dict[str, dict[str, str]]:
    """What a build writes: site/, docs/ and the drawings kept in .cache/, each file with a hash of its bytes."""
    return {"site": tree_fingerprint(project.site_dir), "docs": tree_fingerprint(project.docs_dir),
            "cache": tree_fingerprint(project.cache_dir)}


def test_check_and_plain_mkdocs_wait_for_a_build_in_progress(tmp_path):
    project = _built(tmp_path / "project")
    site = tree_fingerprint(project.site_dir)
    flag = tmp_path / "build-holds-the-project"
    build = _start(project, "build", WARMUP_TEST_PAUSE_AT=f"locked:{flag}")
    try:
        _wait_for(flag.exists, build, "the build never took the project")
        check = _start(project, "check")
        mkdocs = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "x")],
                                  cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        checked = _read_until(check.stdout, WAITING)
        assert checked == f"Checking {project.content_dir}\n{WAITING}", checked
        logged = _read_until(mkdocs.stderr, f"INFO    -  {WAITING}")
        assert logged.endswith(f"INFO    -  {WAITING}") and mkdocs.poll() is None, f"mkdocs did not wait: {logged}"
    finally:
        flag.unlink(missing_ok=True)  # the build goes on (and ends, should the test fail here)

    assert [process.wait(timeout=300) for process in (build, check, mkdocs)] == [0, 0, 0]
    assert check.communicate()[1] == "" and build.communicate()[1] == ""
    assert tree_fingerprint(project.site_dir) == site
    assert (tmp_path / "x" / "index.html").is_file()


def test_check_changes_no_file_with_or_without_drawings_kept(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False, club=SMALL_CLUB)
    before = tree_fingerprint(project.root)
    assert run_warmup(project, "check").stderr == ""
    assert tree_fingerprint(project.root) == before and not (project.root / ".cache").exists()

    project = _built(tmp_path / "built")  # a project built once: its drawings are kept
    stale = project.cache_dir / "0123abcd"  # what an earlier build kept and this content no longer uses
    stale.mkdir()
    (stale / "card.pdf").write_bytes(b"%PDF-")
    exercise = project.content_dir / "exercises/heel-raises.yaml"
    edit(exercise, "lower your heels slowly", "lower your heels gently")
    before = tree_fingerprint(project.root)
    assert run_warmup(project, "check").stderr == ""
    assert tree_fingerprint(project.root) == before


def test_two_previews_on_one_port_the_second_stops_with_one_line(tmp_path):
    project = copy_project(tmp_path / "project", club=SMALL_CLUB)
    address = f"127.0.0.1:{_free_port()}"
    first = _start(project, "serve", "--quiet", "--address", address)
    try:
        _wait_for(lambda: _listening(address), first, "the first preview never took its port")
        second = subprocess.run([*WARMUP, "--project", str(project.root), "serve", "--quiet", "--address", address],
                                capture_output=True, text=True, timeout=300)
        assert (second.returncode, second.stdout) == (2, "")
        assert second.stderr == (f"error: cannot preview at {address}: Address already in use; stop the other "
                                 "preview or choose another address, e.g. --address 127.0.0.1:8001\n")
        assert _fetch(f"http://{address}/", until=_club_name(project)), "the first preview does not serve"
    finally:
        stop_with_ctrl_c(first, timeout=30)


def test_a_preview_on_the_ipv6_loopback_serves_the_site(tmp_path):
    project = copy_project(tmp_path / "project", club=SMALL_CLUB)
    port = _free_port(socket.AF_INET6, "::1")
    preview = _start(project, "serve", "--quiet", "--address", f"[::1]:{port}")
    home = urlsplit(load_config(str(project.config_file)).site_url).path
    try:
        assert _fetch(f"http://[::1]:{port}{home}", until=_club_name(project)), "nothing served at [::1]"
    finally:
        preview.send_signal(signal.SIGTERM)
        _, errors = preview.communicate(timeout=30)
    assert (preview.returncode, errors) == (143, "Stopped.\n")


# On the default engine only: what takes turns here is our own code (the preview's rebuild holds the project's lock
# around the engine's build, scripts/warmup/command/preview.py), whichever engine builds. Each engine's part, a
# preview that rebuilds its pages and cards on every save, is proven by test_cli.py's
# test_serve_rebuilds_pages_and_cards_when_content_changes[engine].
def test_a_build_started_during_a_preview_rebuild_waits_for_it_then_both_are_whole(tmp_path):
    engine = DEFAULT_ENGINE
    project = _built(tmp_path / "project")  # built with the default engine
    files = sorted(tree_fingerprint(project.site_dir))
    # The preview stops each time it has taken the project's lock, until the test deletes the flag.
    flag = tmp_path / "preview-holds-the-lock"
    address = f"127.0.0.1:{_free_port()}"
    page = f"http://{address}{urlsplit(load_config(str(project.config_file)).site_url).path}exercises/heel-raises/"
    preview = _start(project, "serve", "--quiet", "--engine", engine, "--address", address,
                     WARMUP_TEST_PAUSE_AT=f"locked:{flag}")
    try:
        assert _fetch(page, until="lower your heels slowly", unpause=flag), "the preview never served"
        exercise = project.content_dir / "exercises/heel-raises.yaml"
        edit(exercise, "lower your heels slowly", "lower your heels gently")
        _wait_for(flag.exists, preview, "the preview did not start rebuilding")

        build = _start(project, "build", "--engine", engine)
        assert build.stdout.readline().startswith("Building")
        assert build.stdout.readline() == WAITING
        assert build.poll() is None and sorted(tree_fingerprint(project.site_dir)) == files

        flag.unlink()  # the preview's rebuild goes on, then lets the build have its turn
        _wait_for(lambda: build.poll() is not None, preview, "the build did not finish", unpause=flag)
        printed, errors = build.communicate()
        assert (build.returncode, errors) == (0, "") and WAITING not in printed, printed
        assert _fetch(page, until="lower your heels gently", unpause=flag), "the preview did not show the edit"
    finally:
        _, preview_errors = stop_with_ctrl_c(preview, timeout=60)
    assert "error" not in preview_errors.lower() and "Traceback" not in preview_errors, preview_errors
    assert sorted(tree_fingerprint(project.site_dir)) == files and not list(project.root.glob(".site-*"))
    assert "lower your heels gently" in (project.site_dir / "exercises/heel-raises/index.html").read_text("utf-8")


def _wait_for(condition, process: subprocess.Popen, failure: str, unpause: Path | None = None,
              timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"it stopped: {process.communicate()}"
        assert time.monotonic() < deadline, failure
        if unpause is not None:
            unpause.unlink(missing_ok=True)  # a later rebuild of the preview: let it go on at once
        time.sleep(0.05)


def _listening(address: str) -> bool:
    """Whether something accepts connections at ``address`` (IP:PORT)."""
    host, port = address.rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        return False
    return True


def _club_name(project: Project) -> str:
    """The club's name, which its home page shows."""
    return yaml.safe_load((project.content_dir / "club.yaml").read_text("utf-8"))["name"]


def _start(project: Project, *arguments: str, **environment: str) -> subprocess.Popen:
    return subprocess.Popen([*WARMUP, "--project", str(project.root), *arguments], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **environment})


def _read_until(stream, line: str) -> str:
    """What ``stream`` says up to and including ``line``; all it says, if it ends without saying that line."""
    said = ""
    for read in iter(stream.readline, ""):
        said += read
        if read == line:
            break
    return said


def _free_port(family: int = socket.AF_INET, host: str = "127.0.0.1") -> int:
    with socket.socket(family) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _fetch(url: str, until: str, timeout: float = 120, unpause: Path | None = None) -> bool:
    """Whether ``url`` answers with ``until`` in its text within ``timeout``, letting a paused build go on."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if unpause is not None:
            unpause.unlink(missing_ok=True)
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if until in response.read().decode("utf-8", errors="replace"):
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def test_ctrl_c_during_the_previews_first_build_stops_it_at_once(tmp_path):
    project = copy_project(tmp_path / "project", club=SMALL_CLUB)
    flag = tmp_path / "preview-holds-the-lock"
    preview = _start(project, "serve", "--quiet", "--address", f"127.0.0.1:{_free_port()}",
                     WARMUP_TEST_PAUSE_AT=f"locked:{flag}")
    try:
        _wait_for(flag.exists, preview, "the preview's check did not start")
        flag.unlink()  # the content checked, its first build takes the project in turn
        _wait_for(flag.exists, preview, "the preview's first build did not start")
        _, errors = stop_with_ctrl_c(preview, timeout=60)
    finally:
        preview.kill()
    assert (preview.returncode, errors) == (0, ""), errors
    assert not list(project.root.glob(".warmup-preview-*")), "the preview left its folder behind"
