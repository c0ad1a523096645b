"""Read a file of content/ only when it is an ordinary file that really lives inside content/.

A committed symlink could otherwise publish anything the build can read (the build's
environment through /proc/self/environ, a key beside the project), a link to /dev/zero
would read until memory runs out, and a FIFO would make the build wait for ever. So a
file is opened without waiting, checked to be a regular file inside content/ once every
link is followed, and refused when larger than its kind of file may be, before reading.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from warmup.problems import Problem

OUTSIDE_FIX = "nothing outside content/ is read or published, so copy what it holds into content/"


def is_inside(path: Path, content_dir: Path) -> bool:
    """Whether ``path``, every link followed, is in ``content_dir`` (itself followed too)."""
    return Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(content_dir)))


def read_inside(path: Path, content_dir: Path, shown_as: Path, max_bytes: int, what: str) -> bytes | Problem:
    """The bytes of ``path``, or the one problem that stops it being read.

    ``what`` names the kind of file in the message ("a content file", "a picture").
    """
    try:
        real = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        return Problem(shown_as, "is a link to something that does not exist; delete the link and put the "
                       "file itself there")
    except OSError as error:  # a link that loops back on itself, or a folder that cannot be read
        return Problem(shown_as, f"cannot be read ({_reason(error)}); replace it with an ordinary file")
    if not is_inside(real, content_dir):
        return Problem(shown_as, f"is a link to a file outside content/; {OUTSIDE_FIX}")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer that never comes.
        descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return Problem(shown_as, f"cannot be read ({_reason(error)}); check that it is yours and readable")
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            return Problem(shown_as, f"is not an ordinary file (it is a device, a pipe or a socket); "
                           f"delete it and put {what} there")
        if status.st_size > max_bytes:
            return Problem(shown_as, _too_large(status.st_size, max_bytes, what))
        data = file.read(max_bytes + 1)  # a file growing while read is caught too
    if len(data) > max_bytes:
        return Problem(shown_as, _too_large(len(data), max_bytes, what))
    return data


def _too_large(size: int, max_bytes: int, what: str) -> str:
    # Just over the limit, both round to the same figure: "file is 64 MiB, larger than the 64 MiB" would read as false.
    shown = "file is larger" if _size(size) == _size(max_bytes) else f"file is {_size(size)}, larger"
    return f"{shown} than the {_size(max_bytes)} {what} may be; make it smaller or remove what does not belong"


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.0f} MiB" if count >= 1024 * 1024 else f"{count // 1024} KiB"


def _reason(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()
