"""Make content text literal in Markdown: the coach writes plain text, never markup."""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

# Characters that start inline markup anywhere in a line (Python-Markdown, attr_list, tables),
# and "#", which starts a heading at a line's start and, at its end, would be taken for a
# heading's optional closing hashes ("# Calf Raises #" shows "Calf Raises").
_INLINE = re.compile(r"([\\`*_\[\]{}|#])")
# Characters that start block markup (list, quote, heading underline) when a line begins with them.
_LINE_START = re.compile(r"^(\s*)([+\-=]|\d+(?=[.)]))")


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
    if marker[0].isdigit():
        return indent + marker + "\\"
    # Python-Markdown has no backslash escape for "=" (a heading underline): write it as a character reference.
    return indent + ("&#61;" if marker == "=" else "\\" + marker)


def html_text(value: object) -> str:
    """Text for a place the theme treats as HTML: page and menu titles, meta descriptions.

    MkDocs and Material insert titles and front-matter values unescaped (they
    allow markup there), so content text must arrive escaped, quotes included,
    or a name like `</title><script>` would become markup.
    """
    return html.escape(str(value), quote=True)


def yaml_string(value: object) -> Markup:
    """A front-matter value (title, description...): HTML-escaped for the theme, then quoted as YAML.

    JSON strings are valid YAML and escape everything YAML needs.
    """
    return Markup(json.dumps(html_text(value), ensure_ascii=False))


# A sentence ends at . ! or ? (and any closing quote or bracket) before a space and a capital.
_SENTENCE = re.compile(r"\S.*?(?:[.!?][\"')\]\u201d\u2019]*(?=\s+[A-Z0-9\"'\u201c\u2018(])|$)", re.DOTALL)


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, each as written."""
    return [match.group().strip() for match in _SENTENCE.finditer(text.strip())]


# The most a messaging app shows of a link's description before cutting it.
SHARE_DESCRIPTION_MAX = 200


def share_sentence(*texts: str | None) -> str | None:
    """The first sentence of the first of ``texts`` whose first sentence is short enough to share whole."""
    for text in texts:
        first = sentences(text)[:1] if text else []
        if first and len(first[0]) <= SHARE_DESCRIPTION_MAX:
            return first[0]
    return None
