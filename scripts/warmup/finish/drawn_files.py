"""Put the files drawn while the engine built the pages into the built site, and their sizes into its pages.

The engine copied docs/'s stand-ins for them (an earlier build's files, or empty ones: links to
them are checked); the pages, and the search index made from them, show printed_sizes.py's
stand-ins for their sizes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from warmup.finish.write_site import write_atomically
from warmup.site.printed_sizes import filled_in, has_stand_ins


def place_drawn_files(site_dir: Path, drawn: Mapping[str, bytes]) -> None:
    # Each a new file (written beside, then renamed), not the engine's rewritten: an engine may link the files it
    # copies to docs/'s.
    for path, data in drawn.items():
        write_atomically(site_dir / path, data)
    for file in list(site_dir.rglob("*")):  # listed first: the rewrites add files as they go
        if file.is_file() and not file.is_symlink() and file.relative_to(site_dir).as_posix() not in drawn:
            data = file.read_bytes()
            if has_stand_ins(data):
                write_atomically(file, filled_in(data, drawn))
