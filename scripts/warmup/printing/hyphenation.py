"""A long word on a printed piece broken where its language hyphenates it, wherever on a line it falls.

card.css asks WeasyPrint to hyphenate long words (hyphens: auto), but WeasyPrint hyphenates only a word that
follows another on its line: a long name at the start of its tile, or alone in a narrow column, it breaks
anywhere (overflow-wrap), with no hyphen ("Oberschenkelrückseitendehnungsübu / ng"). Soft hyphens put into
such a word at its language's hyphenation points (pyphen, WeasyPrint's own dictionaries) give it those places
too; a soft hyphen is drawn only where the line breaks, and is not part of the text a reader copies.

A narrow column (a pocket card's name, the poster's words beside a figure) is only a dozen letters wide: there
a shorter word ("Wiederholungen", "redescendre") would be cut anywhere too, so ``narrow=True`` gives every
word of 10 letters or more its hyphenation points, 3 letters from either end (a shorter one fits the column).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from warmup.render_cache import RenderCache

# As card.css's hyphenate-limit-chars: 16 7 7. Whole words read faster at a glance, so only a word of 16
# letters or more is broken, and never closer than 7 letters to either end.
_LONG_WORD = re.compile(r"[^\W\d_]{16,}")
_KEPT_AT_EACH_END = 7
_NARROW_WORD = re.compile(r"[^\W\d_]{10,}")
_KEPT_AT_EACH_END_NARROW = 3
SOFT_HYPHEN = "\u00ad"


def soft_hyphenation(language: str, cache: RenderCache | None = None) -> Callable[..., str]:
    """What puts soft hyphens into the long words of a text in ``language`` (a BCP 47 tag), or with
    ``narrow=True`` into every word of a narrow column; for a language pyphen has no rules for, the text as
    it is. ``cache``: where the language's patterns are kept once read."""
    import pyphen  # here, not at start: it lists its dictionaries when loaded, and a warm build hyphenates nothing

    rules = pyphen.language_fallback(language.replace("-", "_"))
    if rules is None:
        return lambda text, narrow=False: text
    if cache is not None:
        _patterns_kept_in(cache, pyphen.LANGUAGES[rules])
    roomy = (_LONG_WORD, pyphen.Pyphen(lang=rules, left=_KEPT_AT_EACH_END, right=_KEPT_AT_EACH_END))
    narrow_column = (_NARROW_WORD, pyphen.Pyphen(lang=rules, left=_KEPT_AT_EACH_END_NARROW,
                                                 right=_KEPT_AT_EACH_END_NARROW))

    def hyphenated(text: str, narrow: bool = False) -> str:
        words, hyphenator = narrow_column if narrow else roomy
        return words.sub(lambda word: hyphenator.inserted(word[0], hyphen=SOFT_HYPHEN), text)
    return hyphenated


def _patterns_kept_in(cache: RenderCache, dictionary) -> None:
    """pyphen's patterns of ``dictionary``, read from the render cache, or read as pyphen reads them and kept there.

    pyphen parses a dictionary's 14,000 patterns with regular expressions each time a program starts: a sixth of
    a warm build's own work before its engine can start, for a file that never changes. Kept as JSON under the
    file's bytes, and handed to pyphen where it looks for a dictionary it has read (``hdcache``). A dictionary with
    nonstandard hyphenation (its values carry data besides a number) is read by pyphen itself each time.
    """
    import pyphen

    if dictionary in pyphen.hdcache:
        return

    def parsed() -> dict[str, bytes]:
        read = pyphen.HyphDict(dictionary)
        pyphen.hdcache[dictionary] = read
        plain = all(type(value) is int for _, values in read.patterns.values() for value in values)
        return {"patterns.json": json.dumps(read.patterns).encode() if plain else b"null"}

    kept = json.loads(cache.fetch(parsed, f"hyphenation patterns, pyphen {pyphen.__version__}",
                                  dictionary.read_bytes())["patterns.json"])
    if kept is not None and dictionary not in pyphen.hdcache:
        patterns = pyphen.HyphDict.__new__(pyphen.HyphDict)
        patterns.patterns = kept  # each [start, values] as JSON gives it: pyphen only unpacks and slices them
        patterns.cache, patterns.maxlen = {}, max(map(len, kept))
        pyphen.hdcache[dictionary] = patterns
