"""Write outputs so that a reader never sees a half-written file or site, and nothing is left behind.

The site is built in a staging folder beside site/ and swapped in with one atomic step
(Linux's renameat2 exchange; elsewhere two renames). Whatever an interrupted build left
beside site/ is cleared, or put back, by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from pathlib import Path

from warmup.files import umask, write_atomically
from warmup.paths import GENERATED_LIST, GENERATED_MARK
from warmup.problems import MachineProblem
from warmup.test_hooks import pause_point, exchange_allowed

_STAGING, _RETIRED = "building", "old"


def write_generated(docs_dir: Path, files: dict[str, str | bytes]) -> None:
    """Bring docs/ in line with ``files``: write what changed, remove what an earlier build wrote that is gone.

    Unchanged files are left alone so that the live preview's file watcher does
    not see a change and rebuild forever. Only files the build wrote itself (listed in
    docs/.warmup-generated.json) are ever removed: a file a person put there stays.
    """
    written_before = generated_files(docs_dir)
    for relative, content in files.items():
        _write_if_changed(docs_dir / relative, content.encode("utf-8") if isinstance(content, str) else content)
    _write_if_changed(docs_dir / GENERATED_LIST, json.dumps(sorted(files), indent=1).encode("utf-8"))
    for stale in written_before - set(files):
        path = docs_dir / stale
        if path.is_file() or path.is_symlink():
            path.unlink()


def _write_if_changed(target: Path, data: bytes) -> None:
    if target.is_file() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data)


def generated_files(docs_dir: Path) -> set[str]:
    """What earlier builds wrote into docs/, relative to it."""
    try:
        listed = set(json.loads((docs_dir / GENERATED_LIST).read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        listed = set()
    # Pages carry a mark too, so pages from before the list existed are still tidied away.
    marked = {str(page.relative_to(docs_dir)) for page in docs_dir.rglob("*.md")
              if page.is_file() and GENERATED_MARK in page.read_text("utf-8", errors="replace")[:300]}
    return {name for name in listed | marked if isinstance(name, str)}


def site_folder(site_dir: Path) -> Path:
    """The folder that holds the site: site/ itself, or the folder a symbolic link named site points to.

    A link is kept (a web server may serve its target); what it points to is what gets replaced.
    """
    return Path(os.path.realpath(site_dir)) if site_dir.is_symlink() else site_dir


def staging_dir_for(site_dir: Path) -> Path:
    """An empty folder beside the site's folder, on the same file system so the final swap is a rename.

    First clears what interrupted builds left there, so leftovers never pile up.
    """
    target = site_folder(site_dir)
    _check_replaceable(site_dir, target)
    clear_leftovers(target)
    try:
        staged = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-{_STAGING}-"))
    except PermissionError:
        raise MachineProblem(f"cannot build the site: this user may not create folders in {target.parent}, "
                             f"where the new {_named(site_dir, target)} is built before it is swapped in; "
                             "allow it, or point site elsewhere") from None
    # mkdtemp makes it private, and it becomes site/: a web server must be able to read it.
    os.chmod(staged, 0o777 & ~umask())
    return staged


def _named(site_dir: Path, target: Path) -> str:
    return f"site (a link to {target})" if target != site_dir else "site/"


def _check_replaceable(site_dir: Path, target: Path) -> None:
    if not target.parent.is_dir():
        raise MachineProblem(f"site is a link to {target}, but {target.parent} does not exist; "
                             "create that folder or point the link elsewhere")
    if target.exists() and not target.is_dir():
        raise MachineProblem(f"{target} is a file, not a folder; move it away so the site can be built there")
    if target.is_dir() and _is_mount_point(target):
        raise MachineProblem(f"{_named(site_dir, target)} is a mount point, and a build replaces the whole folder "
                             "in one step, which cannot be done to a mount point; mount the disk elsewhere "
                             "and make site a symbolic link to a folder on it")


def _is_mount_point(folder: Path) -> bool:
    """os.path.ismount() compares the folder's disk with its parent's, so it misses a folder bind-mounted from
    the same disk; Linux lists every mount point in /proc/self/mountinfo (the fifth field, with a space,
    tab, line break or backslash written as an octal escape)."""
    if os.path.ismount(folder):
        return True
    try:
        mounts = Path("/proc/self/mountinfo").read_bytes()
    except OSError:
        return False  # not Linux: os.path.ismount() is all there is
    real = os.fsencode(os.path.realpath(folder))
    escape = re.compile(rb"\\([0-7]{3})")
    return any(escape.sub(lambda code: bytes([int(code[1], 8)]), line.split(b" ")[4]) == real
               for line in mounts.splitlines() if line.count(b" ") >= 4)


def clear_leftovers(target: Path) -> None:
    """Remove the staging and retired folders of interrupted builds; put back a site stranded mid-swap."""
    if not target.parent.is_dir():
        return
    retired = sorted(target.parent.glob(f".{target.name}-{_RETIRED}-*"))
    if not target.exists():
        for folder in retired:
            stranded = folder / target.name
            if stranded.is_dir():
                os.replace(stranded, target)  # the two-rename swap was stopped between its steps
                break
    for leftover in [*retired, *target.parent.glob(f".{target.name}-{_STAGING}-*")]:
        try:
            remove_tree(leftover)
        except PermissionError:
            pass  # someone else's files: the build that left them said so; this one need not fail for it


def replace_site(staged: Path, site_dir: Path) -> None:
    """Swap a completely built site into place; the old one is removed only after.

    Readers see the old site or the new one at every moment. MachineProblem when the new
    site is in place but the old one could not be removed: its message says both.
    """
    target = site_folder(site_dir)
    if not target.exists():
        os.replace(staged, target)
        return
    if _exchange(staged, target):
        pause_point("swap")
        old = staged
    else:
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-{_RETIRED}-"))
        os.replace(target, old / target.name)
        try:
            pause_point("swap")
            os.replace(staged, target)
        except BaseException:
            os.replace(old / target.name, target)
            raise
    try:
        remove_tree(old)
    except OSError as error:
        raise MachineProblem(f"{_named(site_dir, target)} now holds the new build, but the old one could not be "
                             f"removed from {old}: {error.strerror}; remove that folder by hand") from None


def remove_tree(folder: Path) -> None:
    """Remove ``folder`` and everything in it, read-only folders inside included (their owner may)."""
    def allow_and_retry(function, path, error) -> None:
        error = error[1] if isinstance(error, tuple) else error  # (type, value, traceback) before Python 3.12
        if isinstance(error, FileNotFoundError):
            return
        # Only ever loosen folders inside the one being removed, never its surroundings.
        if not isinstance(error, PermissionError) or Path(path) == folder:
            raise error
        try:
            _allow_owner(os.path.dirname(path))
            if os.path.isdir(path) and not os.path.islink(path):
                _allow_owner(path)
        except PermissionError:
            raise error from None  # someone else's folder: the refusal that counts is the first one
        if os.path.isdir(path) and not os.path.islink(path):
            _rmtree(Path(path), allow_and_retry)
        else:
            os.unlink(path)

    if os.path.lexists(folder):
        _rmtree(folder, allow_and_retry)


def _allow_owner(folder: str) -> None:
    os.chmod(folder, os.stat(folder).st_mode | stat.S_IRWXU)


def _rmtree(folder: Path, on_error) -> None:
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=on_error)
    else:
        shutil.rmtree(folder, onerror=on_error)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False where the system cannot (not Linux, or a file system without it)."""
    rename = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if rename is None or not exchange_allowed():
        return False
    if rename(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
