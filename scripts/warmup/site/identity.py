"""What the club's identity changes in the engine's settings: the header's short name, the
browser bar's colour and the logo.

Handed to every engine the same way as the menu (engines/engine_config.py for `warmup build`,
the MkDocs plugin for plain `mkdocs build`), so each one shows the club alike.
"""

from __future__ import annotations

from warmup.content.colors import Palette
from warmup.content.schema import Club
from warmup.paths import logo_file

# The keys overrides/main.html reads in `extra`: the header's name, the browser bar's colour.
HEADER_NAME = "club_header_name"
THEME_COLOR = "club_theme_color"


def identity_settings(club: Club) -> dict:
    settings: dict = {"extra": {HEADER_NAME: club.header_name, THEME_COLOR: Palette.of(club).primary}}
    if club.logo:
        settings["theme"] = {"logo": logo_file(club.logo)}
    return settings
