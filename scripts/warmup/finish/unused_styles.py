"""The theme's stylesheets, without the rules this site can never use: fewer bytes on a weak signal.

Material's stylesheet (and Zensical's) styles every feature the theme offers (admonitions,
tabs, code blocks, diagrams...) and its palette sheet every named colour; a site uses a few.
A rule is dropped only when each of its selectors names a class, or an attribute or an
attribute's value, that appears in no page and no script of the built site. The theme's
own script names every class it adds (search results, tooltips, the menu's states), so
those stay; a class a script builds from a prefix (`md-tag--${...}`) keeps every class
with that prefix. Classes named only inside `:not()`, `:is()`, `:where()` or `:has()`
decide nothing. Built from the finished pages, so a new kind of content keeps its styles.
"""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2

from warmup.finish.offline import linked_stylesheets
from warmup.finish.write_site import write_atomically

WORD = re.compile(r"[A-Za-z0-9_-]+")
# A class or attribute a script builds from a fixed start: `md-tag--${kind}`, "md-tag--" + kind.
BUILT_PREFIX = re.compile(r"([A-Za-z0-9_-]*[-_])(?:\$\{|[\"']\s*\+)")
FUNCTIONAL_PSEUDO_CLASS = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\([^()]*\)")
CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
ATTRIBUTE = re.compile(r"\[\s*([A-Za-z_-][A-Za-z0-9_-]*)\s*(?:[~|^$*]?=\s*[\"']?([^\]\"']*)[\"']?)?\s*(?:[is]\s*)?\]")
GROUPING_RULES = ("media", "supports", "layer", "container")


class _Vocabulary:
    """Every word the site's pages and scripts use, and the starts its scripts build names from."""

    def __init__(self, texts: list[str], scripts: list[str]):
        self.words = {word for text in texts + scripts for word in WORD.findall(text)}
        self.prefixes = tuple({prefix for script in scripts for prefix in BUILT_PREFIX.findall(script) if prefix})

    def has(self, name: str) -> bool:
        return name in self.words or name.startswith(self.prefixes)

    def may_match(self, selector: str) -> bool:
        while FUNCTIONAL_PSEUDO_CLASS.search(selector):  # innermost first, for nested ones
            selector = FUNCTIONAL_PSEUDO_CLASS.sub("", selector)
        if not all(self.has(name) for name in CLASS.findall(selector)):
            return False
        return all(self.has(name) and (not value or all(self.has(word) for word in WORD.findall(value)))
                   for name, value in ATTRIBUTE.findall(selector))


def drop_unused_theme_styles(site_dir: Path, own_assets: list[str]) -> None:
    """Rewrite each stylesheet the pages link, the site's own (``own_assets``) and other hosts' aside."""
    pages = sorted(site_dir.rglob("*.html"))
    scripts = [path.read_text("utf-8", "replace") for path in sorted(site_dir.rglob("*.js"))]
    texts = [path.read_text("utf-8", "replace") for path in pages]
    own = {Path(asset).as_posix() for asset in own_assets}
    stylesheets = [site_dir / linked for linked in linked_stylesheets(site_dir)
                   if linked not in own and (site_dir / linked).is_file()]
    vocabulary = _Vocabulary(texts, scripts)
    for path in sorted(stylesheets):
        rules = tinycss2.parse_stylesheet(path.read_text("utf-8"), skip_whitespace=True, skip_comments=True)
        write_atomically(path, _serialize(_used(rules, vocabulary)).encode("utf-8"))


def _used(rules: list, vocabulary: _Vocabulary) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            if any(vocabulary.may_match(selector) for selector in _selectors(tinycss2.serialize(rule.prelude))):
                kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_RULES and rule.content is not None:
            inner = _used(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True),
                          vocabulary)
            if inner:
                rule.content = tinycss2.parse_component_value_list(_serialize(inner))
                kept.append(rule)
        elif rule.type == "at-rule":
            kept.append(rule)  # @font-face, @keyframes, @charset...: kept as they are
    return kept


def _selectors(selector_list: str) -> list[str]:
    """The selectors of a list, split at its own commas, not those inside ``:is(a, b)``."""
    selectors, depth, start = [], 0, 0
    for index, character in enumerate(selector_list):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == "," and depth == 0:
            selectors.append(selector_list[start:index])
            start = index + 1
    return selectors + [selector_list[start:]]


def _serialize(rules: list) -> str:
    return "".join(tinycss2.serialize([rule]) for rule in rules)
