"""Make content text literal in Markdown: the coach writes plain text, never markup."""

from __future__ import annotations

import json
import re

from markupsafe import Markup

# Characters that start inline markup anywhere in a line (Python-Markdown, attr_list, tables).
_INLINE = re.compile(r"([\\`*_\[\]{}|])")
# Characters that start block markup (heading, list, quote) when a line begins with them.
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))")


def markdown_literal(value: object) -> Markup:
    """Escape ``value`` so Markdown shows it exactly as typed.

    Used as the Jinja ``finalize`` of an autoescaping environment: what a macro
    or filter already made (Markup) passes through, every other value is escaped.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    return Markup(_LINE_START.sub(_escape_line_start, text))


def _escape_line_start(match: re.Match) -> str:
    indent, marker = match.groups()
    # "10. Do this" would become a numbered list: escape the dot after the number, or the symbol itself.
    return indent + marker + "\\" if marker[0].isdigit() else indent + "\\" + marker


def yaml_string(value: object) -> Markup:
    """A front-matter value: JSON strings are valid YAML and escape everything needed."""
    return Markup(json.dumps(str(value), ensure_ascii=False))
