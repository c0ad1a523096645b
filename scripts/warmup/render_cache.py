"""Reuse what WeasyPrint drew in an earlier build when nothing it was drawn from has changed.

Drawing the cards and the share picture is most of a build's time, and the live preview
rebuilds on every save, though most saves change nothing a card shows. Each drawing is
stored under a hash of everything it is made from, so a stale one is never reused.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from warmup.parallel import draw_in_parallel
from warmup.process_ties import process_alive
from warmup.test_hooks import pause_point

_BEING_WRITTEN = "."  # how the name of an entry being written begins
# A new WeasyPrint or PDF rasteriser may draw the same input differently.
_TOOLS = f"weasyprint {version('weasyprint')}, pypdfium2 {version('pypdfium2')}"
_PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def _code_digest() -> str:
    """A hash of warmup's own code: how it draws (sizes, options, steps) lives there as much as in templates."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".js") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def folder_digest(folder: Path, links_followed: bool = True) -> str:
    """A hash of every file under ``folder`` (templates, styles, fonts), names and bytes. Without
    ``links_followed`` (a coach's content/, which may hold anything) a link counts by where it leads, not by what is
    there, which the build refuses to read unless it is in the folder, hashed itself."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if not links_followed and path.is_symlink():
            digest.update(str(path.relative_to(folder)).encode() + b"\0->" + os.readlink(path).encode() + b"\0")
        elif path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Drawing:
    """Files (name → bytes) that ``draw()`` makes from ``inputs``; ``draw`` can be sent to a helper process."""

    inputs: tuple[str | bytes, ...]
    draw: Callable[[], dict[str, bytes]]


class RenderCache:
    """Files drawn by earlier builds, in ``folder`` (None: draw everything every time).

    With ``keep=False`` it only reads: nothing is stored or removed (`warmup check`).
    Builds of one project take turns (warmup.lock), so one never removes what another writes.
    """

    def __init__(self, folder: Path | None, keep: bool = True):
        self.folder = folder
        self.keep = keep
        self.used: set[str] = set()
        self._recordings: list[set[str]] = []

    def key(self, *inputs: str | bytes) -> str:
        """The name under which what is drawn from ``inputs`` is kept; marks it as used by this build."""
        digest = hashlib.sha256(f"{_TOOLS}, warmup {_code_digest()}".encode())
        for part in inputs:
            data = part.encode() if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)
        key = digest.hexdigest()
        self.used.add(key)
        for recording in self._recordings:
            recording.add(key)
        return key

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """The keys of everything fetched within the block: what a result kept on its own is made from."""
        keys: set[str] = set()
        self._recordings.append(keys)
        try:
            yield keys
        finally:
            self._recordings.remove(keys)

    def still_using(self, keys: Iterable[str]) -> None:
        """Keep ``keys`` as if this build had fetched them: what a result it reused was made from, which the next
        build that cannot reuse it will need."""
        self.used.update(keys)

    def compiled_templates(self):
        """Where Jinja keeps the templates it compiled in earlier builds, beside the drawings (it checks each
        against its template's source before reusing it); None when nothing may be kept."""
        if self.folder is None or not self.keep:
            return None
        from jinja2 import FileSystemBytecodeCache

        folder = self.folder.parent / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder))

    def holds_all(self, drawings: Sequence[Drawing]) -> bool:
        """Whether every one of ``drawings`` was drawn before, so that fetching them draws nothing."""
        return all(self.has(self.key(*drawing.inputs)) for drawing in drawings)

    def has(self, key: str) -> bool:
        return self.folder is not None and (self.folder / key).is_dir()

    def get(self, key: str) -> dict[str, bytes] | None:
        """The files (name → bytes) kept under ``key``, or None when there are none."""
        if not self.has(key):
            return None
        try:
            return {path.name: path.read_bytes() for path in sorted((self.folder / key).iterdir())}
        except FileNotFoundError:  # removed meanwhile, e.g. by hand: draw it again
            return None

    def put(self, key: str, files: dict[str, bytes]) -> None:
        if self.folder is None or not self.keep:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written whole into a temporary folder, then renamed: a stopped build leaves no half entry. The folder's
        # name says whose it is, so that one a killed build left is removed (forget_unused).
        temporary = Path(tempfile.mkdtemp(dir=self.folder, prefix=f"{_BEING_WRITTEN}{os.getpid()}-"))
        try:
            for name, data in files.items():
                (temporary / name).write_bytes(data)
            pause_point("cache-entry")
            os.replace(temporary, self.folder / key)
        except OSError:
            shutil.rmtree(temporary, ignore_errors=True)
            if not (self.folder / key).is_dir():
                raise  # a full disk, say; not another build having stored the same entry first

    def fetch(self, make: Callable[[], dict[str, bytes]], *inputs: str | bytes) -> dict[str, bytes]:
        """The files ``make()`` returns for these ``inputs``: from an earlier build, or made now and kept."""
        return self.fetch_all([Drawing(inputs, make)])[0]

    def fetch_all(self, drawings: Sequence[Drawing]) -> list[dict[str, bytes]]:
        """Each drawing's files: from an earlier build, or drawn now, side by side, and kept."""
        keys = [self.key(*drawing.inputs) for drawing in drawings]
        found = [self.get(key) for key in keys]
        missing = [index for index, files in enumerate(found) if files is None]
        for index, files in zip(missing, draw_in_parallel(operator.call, [drawings[index].draw for index in missing])):
            self.put(keys[index], files)
            found[index] = files
        return found

    def forget_unused(self) -> None:
        """Remove what this build did not use, so the folder holds one build's drawings at most."""
        if self.folder is None or not self.keep or not self.folder.is_dir():
            return
        for stored in self.folder.iterdir():
            # A name starting with "." is an entry being written (put()), by a preview's drawing meanwhile: kept
            # while its process runs.
            writer = re.match(rf"{re.escape(_BEING_WRITTEN)}(\d+)-", stored.name)
            if stored.name in self.used or (writer and process_alive(int(writer[1]))):
                continue
            shutil.rmtree(stored, ignore_errors=True)
