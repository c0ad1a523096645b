"""The club's colours in the site's two schemes, and the WCAG AA contrast of every pair the site uses.

The club names two colours (content/club.yaml `colors:`). The light scheme uses them as
given; the dark scheme keeps them behind white text (header, buttons, tile numbers) and
uses lighter tints of them for text on its dark page, mixed towards white until they read.
Every pair is checked here, so a colour that cannot be read stops the build before any
page is written.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from warmup.content.schema import Club, Colors

# Ours, for a club that names no colours: a calm slate blue and a muted brick.
DEFAULT_COLORS = Colors(primary="#2f5673", accent="#8e4a34")
# What the colours are set against: Material's two page backgrounds (its slate scheme is
# hsl(225, 15%, 14%)) and the white of text on a coloured bar or button.
WHITE = "#ffffff"
_SLATE = colorsys.hls_to_rgb(225 / 360, 0.14, 0.15)
DARK_PAGE = "#" + "".join(f"{round(channel * 255):02x}" for channel in _SLATE)
LIGHT_PAGE = WHITE
# WCAG 2.x AA for text: 4.5:1. Every pair below carries ordinary-sized text (the 3:1 of large
# text and of a control's outline is met by the same pairs), so all are held to it.
TEXT = 4.5
# Dark-scheme tints aim a little above the minimum, so links read comfortably at night.
DARK_TINT_TARGET = 5.5


def luminance(colour: str) -> float:
    """WCAG relative luminance of "#rrggbb"."""
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` moved ``share`` (0 to 1) of the way towards ``other``."""
    channels = [round(int(colour[i:i + 2], 16) * (1 - share) + int(other[i:i + 2], 16) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def tint_for(colour: str, page: str, target: float = DARK_TINT_TARGET) -> str:
    """The least tint of ``colour`` towards white that reads at ``target``:1 on ``page``."""
    for step in range(21):
        tinted = mix(colour, WHITE, step / 20)
        if contrast(tinted, page) >= target:
            return tinted
    return WHITE


@dataclass(frozen=True)
class Pair:
    """Two colours the site puts on each other, and what they are for."""

    scheme: str
    field: str  # the club.yaml colour it comes from: colors.primary or colors.accent
    role: str
    foreground: str
    background: str
    minimum: float

    @property
    def ratio(self) -> float:
        return contrast(self.foreground, self.background)


@dataclass(frozen=True)
class Palette:
    """Every colour the site, icons and share picture use, made from the club's two."""

    primary: str
    accent: str
    on_primary = WHITE  # text on the primary colour: header, buttons, the share picture
    dark_link: str  # the primary colour's tint for text on the dark page
    dark_accent: str

    @classmethod
    def of(cls, club: Club) -> "Palette":
        colors = club.colors or DEFAULT_COLORS
        return cls(colors.primary, colors.accent,
                   tint_for(colors.primary, DARK_PAGE), tint_for(colors.accent, DARK_PAGE))

    @property
    def pairs(self) -> list[Pair]:
        return [
            Pair("light and dark", "colors.primary", "white text on it (header, Start and other buttons, the follow-along's Go and Done bands)",
                 WHITE, self.primary, TEXT),
            Pair("light", "colors.primary", "as link text on the white page", self.primary, LIGHT_PAGE, TEXT),
            Pair("light and dark", "colors.accent", "white words on it (exercise tiles' numbers, the follow-along's Get ready and Switch sides bands)", WHITE, self.accent, TEXT),
            Pair("light", "colors.accent", "as highlighted text on the white page", self.accent, LIGHT_PAGE, TEXT),
            Pair("dark", "colors.primary", f"its tint {self.dark_link} as link text on the dark page",
                 self.dark_link, DARK_PAGE, TEXT),
            Pair("dark", "colors.accent", f"its tint {self.dark_accent} as highlighted text on the dark page",
                 self.dark_accent, DARK_PAGE, TEXT),
        ]

    def failing_pairs(self) -> list[Pair]:
        """The first pair below WCAG AA for each colour (one line per colour is enough to act on)."""
        failing: dict[str, Pair] = {}
        for pair in self.pairs:
            if pair.ratio < pair.minimum and pair.field not in failing:
                failing[pair.field] = pair
        return list(failing.values())


def contrast_message(pair: Pair, colour: str) -> str:
    """One line a coach can act on: the colour, the pair, the ratio, and what to do.

    Only pairs with the colour as given can fail (the dark scheme's tints are made to
    read), and each of those sets it against white: so the fix is always a darker colour.
    """
    schemes = "schemes" if " and " in pair.scheme else "scheme"
    return (f"{colour} is too light to read {pair.role} in the {pair.scheme} {schemes}: "
            f"contrast {pair.ratio:.1f}:1, WCAG AA needs {pair.minimum:g}:1; choose a darker colour")
