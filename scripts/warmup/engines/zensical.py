"""Zensical: Material for MkDocs' successor, by the same team. It reads mkdocs.yml and overrides/
(rendered with MiniJinja) but runs no MkDocs plugin, so warmup does all of its own steps around it.
"""

from __future__ import annotations

import re
from pathlib import Path

from warmup.engines.engine import Engine

_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
# Zensical reports a problem as a framed excerpt: "Warning: page does not exist", then
# "╭─[ index.md:28:8 ]", then the line itself, "28 │ [Lost](nowhere.md)".
_PROBLEM = re.compile(r"^(?:Warning|Error): (.+)$")
_PLACE = re.compile(r"\[ (\S+:\d+:\d+) \]")
_SOURCE = re.compile(r"^\s*\d+ │ (.+)$")


class Zensical(Engine):
    name = program = "zensical"
    title = "Zensical"
    # What its build loads (its settings' reader brings Python-Markdown, Jinja and its extensions; its Markdown
    # renderer, Pygments): a fifth of a second, loaded while warmup renders the pages.
    preload = ("zensical.config", "zensical.extensions.autorefs", "zensical.compat.mkdocstrings",
               "zensical.markdown.render", "zensical.collectors", "pymdownx.highlight", "pymdownx.superfences",
               "pygments.formatters.html", "pygments.lexers", "pygments.styles")

    def build_command(self, config_file: Path, strict: bool, again: bool = False) -> list[str]:
        # No --clean: it empties all of .cache/, the drawings warmup keeps there included. Zensical keeps what
        # it built before by itself.
        return ["build", "--config-file", str(config_file), *(["--strict"] if strict else [])]

    def reasons(self, output: str) -> list[str]:
        found: list[list[str]] = []
        for line in _COLOUR.sub("", output).splitlines():
            if problem := _PROBLEM.match(line.strip()):
                found.append(["", problem.group(1), ""])
            elif found and (place := _PLACE.search(line)):
                found[-1][0] = place.group(1)
            elif found and not found[-1][2] and (source := _SOURCE.match(line)):
                found[-1][2] = source.group(1).strip()
        return [": ".join(part for part in parts if part) for parts in found]


ENGINE = Zensical()
