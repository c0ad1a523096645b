"""A long word on a printed piece broken where its language hyphenates it, wherever on a line it falls.

card.css asks WeasyPrint to hyphenate long words (hyphens: auto), but WeasyPrint hyphenates only a word that
follows another on its line: a long name at the start of its tile, or alone in a narrow column, it breaks
anywhere (overflow-wrap), with no hyphen ("Oberschenkelrückseitendehnungsübu / ng"). Soft hyphens put into
such a word at its language's hyphenation points (pyphen, WeasyPrint's own dictionaries) give it those places
too; a soft hyphen is drawn only where the line breaks, and is not part of the text a reader copies.
"""

from __future__ import annotations

import re
from typing import Callable

import pyphen

# As card.css's hyphenate-limit-chars: 16 7 7. Whole words read faster at a glance, so only a word of 16
# letters or more is broken, and never closer than 7 letters to either end.
_LONG_WORD = re.compile(r"[^\W\d_]{16,}")
_KEPT_AT_EACH_END = 7
SOFT_HYPHEN = "\u00ad"


def soft_hyphenation(language: str) -> Callable[[str], str]:
    """What puts soft hyphens into the long words of a text in ``language`` (a BCP 47 tag); for a language
    pyphen has no rules for, the text as it is."""
    rules = pyphen.language_fallback(language.replace("-", "_"))
    if rules is None:
        return str
    hyphenator = pyphen.Pyphen(lang=rules, left=_KEPT_AT_EACH_END, right=_KEPT_AT_EACH_END)

    def hyphenated(text: str) -> str:
        return _LONG_WORD.sub(lambda word: hyphenator.inserted(word[0], hyphen=SOFT_HYPHEN), text)
    return hyphenated
