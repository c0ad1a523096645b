"""The theme's stylesheets, without the rules this site can never use: fewer bytes on a weak signal.

Material's stylesheet (and Zensical's) styles every feature the theme offers (admonitions,
tabs, code blocks, diagrams...) and its palette sheet every named colour; a site uses a few.
A rule is dropped only when each of its selectors names a class, or an attribute or an
attribute's value, that appears in no page and no script of the built site. The theme's
own script names every class it adds (search results, tooltips, the menu's states), so
those stay; a class a script builds from a prefix (`md-tag--${...}`) keeps every class
with that prefix. Classes named only inside `:not()`, `:is()`, `:where()` or `:has()`
decide nothing. Built from the finished pages, so a new kind of content keeps its styles.

Parsing a theme's stylesheet takes longer than all the other finishing steps together, and
the theme's files are the same from build to build: each is parsed once into the names each
of its rules needs, kept in the render cache under a hash of its bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from warmup.files import write_atomically
from warmup.render_cache import RenderCache

WORD = re.compile(r"[A-Za-z0-9_-]+")
# A class or attribute a script builds from a fixed start: `md-tag--${kind}`, "md-tag--" + kind. Tried only where a
# word starts (the matches are the same: a start inside a word would have matched from the word's first letter),
# not again from each of its letters: the theme's megabyte of scripts is read in half the time.
BUILT_PREFIX = re.compile(r"(?<![A-Za-z0-9_-])([A-Za-z0-9_-]*[-_])(?:\$\{|[\"']\s*\+)")
FUNCTIONAL_PSEUDO_CLASS = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\([^()]*\)")
CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
ATTRIBUTE = re.compile(r"\[\s*([A-Za-z_-][A-Za-z0-9_-]*)\s*(?:[~|^$*]?=\s*[\"']?([^\]\"']*)[\"']?)?\s*(?:[is]\s*)?\]")
GROUPING_RULES = ("media", "supports", "layer", "container")
_PARSED, _WORDS = "rules.json", "words.json"

# A stylesheet as parsed: a list of [text, needs] for a rule (needs: for each of its selectors, the names it
# needs), [text, None] for an at-rule kept as it is, and [head, [...]] for a grouping rule, its rules inside.
Parsed = list


class _Vocabulary:
    """Every word the site's pages and scripts use, and the starts its scripts build names from."""

    def __init__(self, texts: Iterable[str], scripts: list[dict]):
        """``scripts``: each script's words and name starts (_script_words)."""
        self.words = {word for text in texts for word in WORD.findall(text)}
        self.words.update(word for script in scripts for word in script["words"])
        self.prefixes = tuple({prefix for script in scripts for prefix in script["prefixes"]})

    def has(self, name: str) -> bool:
        return name in self.words or name.startswith(self.prefixes)


def drop_unused_theme_styles(site_dir: Path, pages: dict[str, str], own_assets: list[str],
                             linked: set[str], cache: RenderCache | None = None) -> None:
    """Rewrite each stylesheet the pages link (``linked``), the site's own (``own_assets``) and other hosts' aside;
    ``pages``: every page's text, as finished."""
    cache = cache or RenderCache(None)
    scripts = [_script_words(path.read_bytes(), cache) for path in sorted(site_dir.rglob("*.js"))]
    vocabulary = _Vocabulary(pages.values(), scripts)
    own = {Path(asset).as_posix() for asset in own_assets}
    for relative in sorted(linked - own):
        path = site_dir / relative
        if path.is_file():
            css = path.read_bytes()
            parsed = cache.fetch(lambda: {_PARSED: json.dumps(_parse(css)).encode()}, "theme stylesheet", css)
            write_atomically(path, "".join(_kept(json.loads(parsed[_PARSED]), vocabulary)).encode("utf-8"))


def _script_words(script: bytes, cache: RenderCache) -> dict:
    """The words of ``script`` and the name starts it builds names from, kept in the render cache: the theme's
    scripts (a megabyte with its search's language packs) are the same from build to build."""
    def scan() -> dict[str, bytes]:
        text = script.decode("utf-8", "replace")
        found = {"words": sorted(set(WORD.findall(text))),
                 "prefixes": sorted({prefix for prefix in BUILT_PREFIX.findall(text) if prefix})}
        return {_WORDS: json.dumps(found).encode()}

    return json.loads(cache.fetch(scan, "script words", script)[_WORDS])


def _kept(parsed: Parsed, vocabulary: _Vocabulary) -> Iterable[str]:
    for head, needs in parsed:
        if needs is None:
            yield head
        elif isinstance(needs[0], str):  # a grouping rule: kept when a rule inside it is
            inner = "".join(_kept(needs[1:], vocabulary))
            if inner:
                yield f"{head}{{{inner}}}"
        elif any(all(map(vocabulary.has, names)) for names in needs):
            yield head


def _parse(css: bytes) -> Parsed:
    import tinycss2  # here, not at start: a build whose stylesheets are in the render cache needs none

    def items(rules: list) -> Parsed:
        parsed = []
        for rule in rules:
            if rule.type == "qualified-rule":
                parsed.append([tinycss2.serialize([rule]), [_needed(selector) for selector in
                                                            _selectors(tinycss2.serialize(rule.prelude))]])
            elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_RULES and rule.content is not None:
                inner = tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
                head = "@" + tinycss2.serialize([tinycss2.ast.IdentToken(0, 0, rule.at_keyword)]) + \
                    tinycss2.serialize(rule.prelude)
                parsed.append([head, ["group", *items(inner)]])
            elif rule.type == "at-rule":
                parsed.append([tinycss2.serialize([rule]), None])  # @font-face, @keyframes, @charset...: kept
        return parsed

    return items(tinycss2.parse_stylesheet(css.decode("utf-8"), skip_whitespace=True, skip_comments=True))


def _needed(selector: str) -> list[str]:
    """The names a page or script must hold for ``selector`` to match anything in it."""
    while FUNCTIONAL_PSEUDO_CLASS.search(selector):  # innermost first, for nested ones
        selector = FUNCTIONAL_PSEUDO_CLASS.sub("", selector)
    names = CLASS.findall(selector)
    for name, value in ATTRIBUTE.findall(selector):
        names += [name, *WORD.findall(value)]
    return names


def _selectors(selector_list: str) -> list[str]:
    """The selectors of a list, split at its own commas, not those inside ``:is(a, b)``."""
    selectors, depth, start = [], 0, 0
    for index, character in enumerate(selector_list):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == "," and depth == 0:
            selectors.append(selector_list[start:index])
            start = index + 1
    return selectors + [selector_list[start:]]
