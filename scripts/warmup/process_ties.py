"""The processes a build starts never outlive it, however it ends (even kill -9).

A build killed while a helper draws or an engine writes the staging folder must not leave
them behind: they would go on using the machine, and write into a folder that the next
build is clearing.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import threading
import time

_PR_SET_PDEATHSIG = 1


def end_with_parent() -> None:
    """For ``subprocess``'s preexec_fn: the started program is killed when this process ends (Linux)."""
    parent = os.getppid()
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the tie was made
        os._exit(1)


def end_with(build_process: int) -> None:
    """In a helper process started by others (a fork server): end as soon as ``build_process`` ends."""
    threading.Thread(target=_wait_for_end, args=(build_process,), daemon=True).start()


def _wait_for_end(process: int) -> None:
    try:
        handle = os.pidfd_open(process)  # Linux: told the moment it ends
    except (AttributeError, OSError):
        while process_alive(process):
            time.sleep(1)
    else:
        select.select([handle], [], [])
    os._exit(1)


def process_alive(process: int) -> bool:
    """Whether process ``process`` is still there (another user's too)."""
    try:
        os.kill(process, 0)  # no signal: only asks whether the process is there
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # there, and another user's
    return True
