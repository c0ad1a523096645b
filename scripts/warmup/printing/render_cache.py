"""Reuse what WeasyPrint drew in an earlier build when nothing it was drawn from has changed.

Drawing the cards and the share picture is most of a build's time, and the live preview
rebuilds on every save, though most saves change nothing a card shows. Each drawing is
stored under a hash of everything it is made from, so a stale one is never reused.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

# A new WeasyPrint or PDF rasteriser may draw the same input differently.
_TOOLS = f"weasyprint {version('weasyprint')}, pypdfium2 {version('pypdfium2')}"


def folder_digest(folder: Path) -> str:
    """A hash of every file under ``folder`` (templates, styles, fonts), names and bytes."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class RenderCache:
    """Files drawn by earlier builds, in ``folder`` (None: draw everything every time)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: set[str] = set()

    def key(self, *inputs: str | bytes) -> str:
        """The name under which what is drawn from ``inputs`` is kept; marks it as used by this build."""
        digest = hashlib.sha256(_TOOLS.encode())
        for part in inputs:
            data = part.encode() if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)
        key = digest.hexdigest()
        self.used.add(key)
        return key

    def get(self, key: str) -> dict[str, bytes] | None:
        """The files (name → bytes) kept under ``key``, or None when there are none."""
        stored = self.folder / key if self.folder else None
        if stored is None or not stored.is_dir():
            return None
        return {path.name: path.read_bytes() for path in sorted(stored.iterdir())}

    def put(self, key: str, files: dict[str, bytes]) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written whole into a temporary folder, then renamed: a stopped build leaves no half entry.
        temporary = Path(tempfile.mkdtemp(dir=self.folder, prefix="."))
        for name, data in files.items():
            (temporary / name).write_bytes(data)
        try:
            os.replace(temporary, self.folder / key)
        except OSError:  # another build stored the same entry first
            shutil.rmtree(temporary)

    def fetch(self, make: Callable[[], dict[str, bytes]], *inputs: str | bytes) -> dict[str, bytes]:
        """The files ``make()`` returns for these ``inputs``: from an earlier build, or made now and kept."""
        key = self.key(*inputs)
        files = self.get(key)
        if files is None:
            files = make()
            self.put(key, files)
        return files

    def forget_unused(self) -> None:
        """Remove what this build did not use, so the folder holds one build's drawings at most."""
        if self.folder is None or not self.folder.is_dir():
            return
        for stored in self.folder.iterdir():
            if stored.name not in self.used:
                shutil.rmtree(stored, ignore_errors=True)
