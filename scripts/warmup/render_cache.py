"""Reuse what WeasyPrint drew in an earlier build when nothing it was drawn from has changed.

Drawing the cards and the share picture is most of a build's time, and the live preview
rebuilds on every save, though most saves change nothing a card shows. Each drawing is
stored under a hash of everything it is made from, so a stale one is never reused.
"""

from __future__ import annotations

import hashlib
import os
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

    def fetch(self, make: Callable[[], bytes], *inputs: str | bytes) -> bytes:
        """The bytes ``make()`` returns for these ``inputs``: from an earlier build, or made now and kept."""
        digest = hashlib.sha256(_TOOLS.encode())
        for part in inputs:
            data = part.encode() if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)
        key = digest.hexdigest()
        self.used.add(key)
        if self.folder is None:
            return make()
        stored = self.folder / key
        if stored.is_file():
            return stored.read_bytes()
        data = make()
        self.folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=".")
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, stored)
        return data

    def forget_unused(self) -> None:
        """Remove what this build did not use, so the folder holds one build's drawings at most."""
        if self.folder is None or not self.folder.is_dir():
            return
        for stored in self.folder.iterdir():
            if stored.name not in self.used:
                stored.unlink(missing_ok=True)
