"""What the club's identity changes in the engine's settings: the header's short name, the
browser bar's colour, the logo, and the language of the theme's own words and of ours.

Handed to every engine the same way as the menu (engines/engine_config.py for `warmup build`,
the MkDocs plugin for plain `mkdocs build`), so each one shows the club alike.
"""

from __future__ import annotations

from warmup.catalog import Catalog
from warmup.content.colors import Palette
from warmup.content.schema import Club
from warmup.paths import logo_file

# The keys overrides/main.html reads in `extra`: the header's name, the browser bar's colour.
HEADER_NAME = "club_header_name"
THEME_COLOR = "club_theme_color"
# The catalog's words the theme's templates in overrides/ show (404.html), under `extra`.
WORDS = "warmup_words"
_THEME_WORDS = "not_found."


def identity_settings(club: Club, catalog: Catalog) -> dict:
    """``catalog``: the club's language's words; its tag is also the theme's language (Material's and
    Zensical's own words: search, menu, footer) and so every page's lang."""
    settings: dict = {"extra": {HEADER_NAME: club.header_name, THEME_COLOR: Palette.of(club).primary,
                                WORDS: catalog.group(_THEME_WORDS)},
                      "theme": {"language": catalog.language}}
    if club.logo:
        settings["theme"]["logo"] = logo_file(club.logo)
    return settings
