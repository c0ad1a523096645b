"""One command at a time in a project: a build waits while another writes docs/, the cache or site/.

The lock is the operating system's lock (flock) on the project folder itself, so no lock
file is ever written or left behind, `warmup check` changes nothing on disk, and a killed
build cannot leave the project locked: the system lets go when the process ends.
Builds take it alone; checks share it, since they only read.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from warmup.test_hooks import pause_point

WAITING = "Another build of this project is under way; waiting for it to finish (Ctrl+C stops waiting)."

# This process may take the lock again while holding it (`warmup build` runs MkDocs, whose
# warmup plugin takes it too); flock would make the second take wait for the first for ever.
_held: dict[Path, tuple[int, int]] = {}  # project folder → (open folder, how many times taken)
_guard = threading.Lock()


@contextmanager
def project_lock(folder: Path, *, shared: bool = False, on_wait: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the project's lock for the ``with`` block; call ``on_wait`` once if another command holds it."""
    take(folder, shared=shared, on_wait=on_wait)
    try:
        yield
    finally:
        release(folder)


def take(folder: Path, *, shared: bool = False, on_wait: Callable[[], None] = lambda: None) -> None:
    folder = folder.resolve()
    with _guard:
        if folder in _held:
            descriptor, times = _held[folder]
            _held[folder] = descriptor, times + 1
            return
    descriptor = os.open(folder, os.O_RDONLY)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    try:
        try:
            fcntl.flock(descriptor, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(descriptor, mode)
        except OSError as error:
            # Some network file systems have no locks; working unlocked beats not working.
            if error.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EBADF):
                raise
    except BaseException:
        os.close(descriptor)
        raise
    with _guard:
        _held[folder] = descriptor, 1
    pause_point("locked")


def release(folder: Path) -> None:
    folder = folder.resolve()
    with _guard:
        if folder not in _held:
            return
        descriptor, times = _held.pop(folder)
        if times > 1:
            _held[folder] = descriptor, times - 1
            return
    os.close(descriptor)  # closing the only open copy lets go of the lock


def forget_inherited_locks() -> None:
    """In a process forked from one holding locks: close its copies, so the lock goes when the build lets go."""
    with _guard:
        for descriptor, _ in _held.values():
            os.close(descriptor)
        _held.clear()
