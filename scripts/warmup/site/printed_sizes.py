"""The sizes of the printed files, as the print page lists them, even before the files are drawn.

`warmup build` has its engine build the pages while helpers draw the cards, so the pages are
built with a stand-in for each size, a word no text contains and that Markdown, HTML and JSON
keep as it is; filled_in() puts the sizes in once the files are drawn.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

_STAND_IN = "warmupkb"


def kilobytes(data: bytes) -> int:
    return max(1, round(len(data) / 1000))


def stand_in(path: str) -> str:
    """What the pages show for the size of the file at ``path`` (inside docs/) until it is drawn."""
    return _STAND_IN + hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]


def has_stand_ins(data: bytes) -> bool:
    return _STAND_IN.encode("ascii") in data


def filled_in(data: bytes, printed: Mapping[str, bytes]) -> bytes:
    """``data`` with each printed file's stand-in replaced by its size."""
    for path, content in printed.items():
        data = data.replace(stand_in(path).encode("ascii"), str(kilobytes(content)).encode("ascii"))
    return data
