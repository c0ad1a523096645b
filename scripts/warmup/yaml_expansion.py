"""How far a YAML text may expand once read: aliases (*name) and nesting, bounded from the parser's events alone.

An alias repeats what its anchor holds, so a few lines can stand for billions of values (an
"alias bomb"), and deep nesting exhausts the parser; content files and mkdocs.yml are both
checked against bounds of their own before anything is built from them.
"""

from __future__ import annotations

import math

import yaml


class ExpansionLimit(Exception):
    """Where a YAML text goes past check_expansion()'s bounds: an alias (its name) or too deep a nesting (None)."""

    def __init__(self, event: yaml.Event, alias_name: str | None):
        super().__init__(alias_name)
        self.event = event
        self.alias_name = _shortened(alias_name) if alias_name is not None else None
        self.line, self.column = event.start_mark.line + 1, event.start_mark.column + 1


def check_expansion(text: str, repeated_at_most: int, depth_at_most: int, loader: type = yaml.SafeLoader) -> None:
    """Raise ExpansionLimit at the first *alias that brings the values aliases repeat past ``repeated_at_most``
    (an alias inside its own anchor's value repeats without end), or at the first collection nested deeper
    than ``depth_at_most``; raise yaml.YAMLError where ``text`` is not YAML.

    Only the parser's events are read, before anything is built: an alias bomb is never expanded and deep
    nesting never recursed, and each keeps the place where it is written.
    """
    sizes: dict[str, float] = {}  # anchor → how many values its value holds, written out
    # The document, then each collection open in it: its anchor, and how many values it holds so far, written out.
    open_collections: list[list] = [[None, 0]]
    repeated = 0.0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_collections) > depth_at_most:
                raise ExpansionLimit(event, None)
            open_collections.append([event.anchor, 1])
            continue
        if isinstance(event, yaml.AliasEvent):
            inside_itself = any(anchor == event.anchor for anchor, _ in open_collections)
            # An alias never defined is the composer's to report; counted as one value, it is left to it.
            size = math.inf if inside_itself else sizes.get(event.anchor, 1)
            repeated += size
            if repeated > repeated_at_most:
                raise ExpansionLimit(event, event.anchor)
            open_collections[-1][1] += size
            continue
        if isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, size = open_collections.pop()
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        open_collections[-1][1] += size




def _shortened(name: str) -> str:
    return name if len(name) <= 40 else name[:37] + "..."
