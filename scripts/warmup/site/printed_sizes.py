"""The printed files' sizes on the print page: a deferred value, with one owner and one step that resolves it.

A build whose drawings are all in the render cache knows every size before it renders a page,
and the pages say them at once. A build that still has to draw some has its engine build the
pages while helpers draw, so the pages carry a placeholder for each size: a word no text
contains and that Markdown, HTML and JSON keep as it is. ``resolve_printed_sizes`` is the one
step that replaces them, in the built site (its search index included) and in docs/, once the
files are drawn.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from warmup.files import write_atomically

_PLACEHOLDER = "warmupkb"


def kilobytes(data: bytes) -> int:
    return max(1, round(len(data) / 1000))


@dataclass(frozen=True)
class PrintedSizes:
    """Each printed file's size in kB, keyed by its path inside docs/; None: not drawn yet."""

    known: Mapping[str, int] | None

    @classmethod
    def of(cls, printed: Mapping[str, bytes] | None) -> "PrintedSizes":
        return cls(None if printed is None else {path: kilobytes(data) for path, data in printed.items()})

    @property
    def pending(self) -> bool:
        return self.known is None

    def __call__(self, path: str) -> str:
        """What a page shows for the size of the file at ``path``: its size, or its placeholder."""
        return str(self.known[path]) if self.known is not None else _placeholder(path)


def _placeholder(path: str) -> str:
    return _PLACEHOLDER + hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]


def resolved(data: bytes, printed: Mapping[str, bytes]) -> bytes:
    """``data`` with each printed file's placeholder replaced by its size."""
    for path, content in printed.items():
        data = data.replace(_placeholder(path).encode("ascii"), str(kilobytes(content)).encode("ascii"))
    return data


def resolve_printed_sizes(site_dir: Path, printed: Mapping[str, bytes]) -> None:
    """Put the files drawn while the engine built the pages into the built site, and their sizes into its pages.

    The engine copied docs/'s stand-ins for the files (an earlier build's, or empty ones: links to
    them are checked). Each is written new (beside, then renamed), not over the engine's copy: an
    engine may link the files it copies to docs/'s.
    """
    for path, data in printed.items():
        write_atomically(site_dir / path, data)
    marker = _PLACEHOLDER.encode("ascii")
    for file in list(site_dir.rglob("*")):  # listed first: the rewrites add files as they go
        if file.is_file() and not file.is_symlink() and file.relative_to(site_dir).as_posix() not in printed:
            data = file.read_bytes()
            if marker in data:
                write_atomically(file, resolved(data, printed))
