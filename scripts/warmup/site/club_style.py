"""The club's colours as the site's stylesheet: Material's colour properties, light and dark.

mkdocs.yml sets Material's palette to "custom" in both schemes, so these properties are
the only colours the theme has; every value comes from content/club.yaml through
content/colors.py, whose checks have passed by the time this is written.
"""

from __future__ import annotations

from warmup.content.colors import DARK_PAGE, WHITE, Palette, mix
from warmup.content.library import Library
from warmup.paths import CLUB_STYLESHEET, GENERATED_MARK

# Material's own steps: its lighter and darker primary shades, and its faint accent wash.
SHADE = 0.2
WASH_ALPHA = "1a"
# Text on a coloured bar or button, less prominent (Material's 70% white).
SOFT_WHITE = WHITE + "b3"
BLACK = "#000000"


def club_stylesheet(library: Library) -> dict[str, str]:
    """The colours stylesheet, keyed by its path inside docs/."""
    palette = Palette.of(library.club)
    light = {
        "--md-primary-fg-color": palette.primary,
        "--md-primary-fg-color--light": mix(palette.primary, WHITE, SHADE),
        "--md-primary-fg-color--dark": mix(palette.primary, BLACK, SHADE),
        "--md-primary-bg-color": WHITE,
        "--md-primary-bg-color--light": SOFT_WHITE,
        "--md-accent-fg-color": palette.accent,
        "--md-accent-fg-color--transparent": palette.accent + WASH_ALPHA,
        "--md-accent-bg-color": WHITE,
        "--md-accent-bg-color--light": SOFT_WHITE,
        # The exercise tiles' numbers: white on the accent, in both schemes.
        "--warmup-number-bg-color": palette.accent,
        "--warmup-number-fg-color": WHITE,
        # The follow-along's cue bands: white words on the primary (Go, Done) or the accent
        # (Get ready, Switch sides), in both schemes.
        "--warmup-cue-fg-color": WHITE,
        "--warmup-cue-go-color": palette.primary,
        "--warmup-cue-change-color": palette.accent,
    }
    # Links: on the white page, the theme's own rule on the page's body gives them the primary colour (a :root
    # value here would never reach them). On the dark page, text in the club's colours uses their tints; a button
    # under the finger turns the accent tint with the page's own dark colour as its text.
    dark = {
        "--md-typeset-a-color": palette.dark_link,
        "--md-accent-fg-color": palette.dark_accent,
        "--md-accent-fg-color--transparent": palette.dark_accent + WASH_ALPHA,
        "--md-accent-bg-color": DARK_PAGE,
    }
    text = (f"/* {GENERATED_MARK} from content/club.yaml (colors): edit that file, not this one. */\n"
            + _rule(":root", light)
            # As specific as Material's own slate rules, which it follows in the page.
            + _rule('[data-md-color-scheme="slate"][data-md-color-primary]', dark))
    return {CLUB_STYLESHEET: text}


def _rule(selector: str, properties: dict[str, str]) -> str:
    body = "".join(f"  {name}: {value};\n" for name, value in properties.items())
    return f"{selector} {{\n{body}}}\n"
