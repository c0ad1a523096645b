"""Read one YAML content file safely, remembering where each value sits in it.

PyYAML alone would quietly keep the last of two equal keys and expand alias
bombs; a coach's file gets neither, and every value keeps its line and column
so that a mistake can be pointed at.

Every value is kept as the text the coach typed: YAML 1.1 would turn
`dose: 1:30` into 90 and `dose: 010` into 8. The schema turns text into
numbers or yes/no only where a field needs one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from warmup.content.safe_files import read_inside
from warmup.yaml_expansion import ExpansionLimit, check_expansion
from warmup.problems import Problem, field_name, printable

MAX_FILE_BYTES = 256 * 1024
# Content files are two or three levels deep; far deeper is a mistake, or an attack on the parser.
MAX_DEPTH = 10

_TAG = "tag:yaml.org,2002:"
# Scalars kept as their text; an explicit tag of any other kind (!!binary, !!python/..., <<) is refused.
_TEXT_TAGS = {_TAG + kind for kind in ("str", "int", "float", "bool", "timestamp")}
# Unicode's explicit direction controls (embeddings, overrides, isolates and the two that end them,
# by their bidirectional class): they reorder the letters around them, so "evil" can show as "live"
# on the card while the file reads otherwise. The direction marks (LRM, RLM, ALM) are accepted: they
# only settle where punctuation and numbers beside right-to-left words go, and cannot reverse letters.
_DIRECTION_CONTROLS = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}

Location = tuple[str | int, ...]

# libyaml reads a file several times faster than PyYAML's own parser, which keeps the text beside every mark
# and names a control character and its place exactly. A file in which a problem is found is read again with
# PyYAML's own, so that a coach gets the same words and places whichever read it first.
_EXACT = yaml.SafeLoader
_FAST = getattr(yaml, "CSafeLoader", _EXACT)


@dataclass
class YamlDocument:
    """Plain Python data of one file, plus the (line, column) of each key and value."""

    path: Path
    data: Any
    positions: dict[Location, tuple[int, int]] = field(default_factory=dict)
    # Mistakes found while reading that do not stop it, reported with the schema's.
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # the file as written, to find a character's own line inside a long value

    def position(self, location: Location) -> tuple[int | None, int | None]:
        """The 1-based line and column of the deepest known part of ``location``."""
        for end in range(len(location), -1, -1):
            if location[:end] in self.positions:
                return self.positions[location[:end]]
        return None, None


def read_yaml(path: Path, shown_as: Path, content_dir: Path) -> YamlDocument | Problem:
    """Parse ``path``; return its document, or the first problem that stops reading it."""
    raw = read_inside(path, content_dir, shown_as, MAX_FILE_BYTES, "a content file")
    if isinstance(raw, Problem):
        return raw
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(shown_as, "is not UTF-8 text; open it in your editor and save it as UTF-8", line)
    if not text.strip():
        return Problem(shown_as, "file is empty; fill it in (see the comments in the other files) or delete it")
    read = _read(shown_as, text, _FAST)
    if _FAST is _EXACT or isinstance(read, YamlDocument) and not read.problems:
        return read
    return _read(shown_as, text, _EXACT)


def _read(shown_as: Path, text: str, loader: type) -> YamlDocument | Problem:
    try:
        _refuse_aliases_and_deep_nesting(text, loader)
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        return _syntax_problem(shown_as, error, text)
    except yaml.reader.ReaderError as error:
        line, column = _line_and_column(text, error.position)
        return Problem(shown_as, f"contains an invisible control character (U+{error.character:04X}); "
                       "delete it, or retype the line", line, column)
    except _NodeProblem as problem:
        return Problem(shown_as, problem.message, problem.line, problem.column)
    if root is None:
        return Problem(shown_as, "holds only comments; add the fields it needs or delete it")
    document = YamlDocument(shown_as, None, text=text)
    try:
        document.data = _to_python(root, (), document)
    except _NodeProblem as problem:
        return Problem(shown_as, problem.message, problem.line, problem.column)
    return document


def _refuse_aliases_and_deep_nesting(text: str, loader: type) -> None:
    """Stop at the first *alias (a content file needs none) or too deep a nesting."""
    try:
        check_expansion(text, repeated_at_most=0, depth_at_most=MAX_DEPTH, loader=loader)
    except ExpansionLimit as limit:
        if limit.alias_name is None:
            raise _NodeProblem(limit.event, f"is nested more than {MAX_DEPTH} levels deep; "
                               "a content file needs two or three") from None
        raise _NodeProblem(limit.event, f"uses the YAML alias *{limit.alias_name}; "
                           "write the value out in full instead") from None


class _NodeProblem(Exception):
    def __init__(self, node: yaml.Node | yaml.Event, message: str):
        self.message = message
        self.line = node.start_mark.line + 1
        self.column = node.start_mark.column + 1


def _to_python(node: yaml.Node, location: Location, document: YamlDocument) -> Any:
    if isinstance(node, yaml.CollectionNode) and node.tag not in (_TAG + "map", _TAG + "seq"):
        raise _NodeProblem(node, f"uses the YAML tag '{node.tag.replace(_TAG, '!!')}'; remove it")
    document.positions.setdefault(location, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _NodeProblem(key_node, "a field name must be a plain word")
            # A key is the word as typed: `null:` or `yes:` is a (misspelt) field name, reported with the others.
            key = key_node.value
            if key in result:
                raise _NodeProblem(key_node, f"'{key}' appears twice here; keep one of them")
            document.positions[location + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _to_python(value_node, location + (key,), document)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, location + (index,), document) for index, item in enumerate(node.value)]
    if node.tag == _TAG + "null":
        return None
    if node.tag in _TEXT_TAGS:
        _check_characters(node, location, document)
        return node.value
    raise _NodeProblem(node, f"uses the YAML tag '{node.tag.replace(_TAG, '!!')}'; remove it and write plain text")


def _check_characters(node: yaml.ScalarNode, location: Location, document: YamlDocument) -> None:
    """Note a control character (a quoted "\\e" or "\\0" makes one), a direction control, or text made
    only of invisible characters."""
    value = node.value
    refused = next((character for character in value if _refused(character)), None)
    if refused is not None:
        line, column = _place_of(refused, node)
        document.problems.append(Problem(document.path, _refused_message(refused), line, column,
                                         field_name(location)))
    elif value and all(_invisible(character) for character in value):
        document.problems.append(Problem(
            document.path, "holds only invisible characters; write the text, or leave the field out",
            node.start_mark.line + 1, node.start_mark.column + 1, field_name(location)))


def _refused(character: str) -> bool:
    return unicodedata.category(character) == "Cc" and character not in "\t\n" or \
        unicodedata.bidirectional(character) in _DIRECTION_CONTROLS


def _refused_message(character: str) -> str:
    if unicodedata.category(character) == "Cc":
        return (f"contains the control character {printable(character)}, which would show as garbage or nothing; "
                "delete it (and any escape such as \\e or \\0 that makes it)")
    code = f"{ord(character):04X}"
    return (f"contains U+{code} ({unicodedata.name(character).lower()}), an invisible character that changes the "
            f"order in which the text around it is shown; delete it (and any escape such as \\u{code} that makes it)")


def _place_of(character: str, node: yaml.ScalarNode) -> tuple[int, int]:
    """Where ``character`` is typed in the file, or where its value starts when an escape made it."""
    source = node.start_mark.buffer or ""
    offset = source.find(character, node.start_mark.index, node.end_mark.index)
    if offset < 0:
        return node.start_mark.line + 1, node.start_mark.column + 1
    return _line_and_column(source, offset)


def _invisible(character: str) -> bool:
    # Spaces, format characters (zero-width, direction marks) and the blank "letters" some fonts draw as nothing.
    return character.isspace() or unicodedata.category(character) in ("Cc", "Cf", "Zs", "Zl", "Zp") or \
        character in "\u115f\u1160\u3164\uffa0\u2800"


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _syntax_problem(shown_as: Path, error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    offending = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "\t" in offending or "'\\t'" in str(error.problem):
        return Problem(shown_as, "uses a tab to indent; indent with spaces instead", line, column)
    reason = (error.problem or "is not valid YAML").strip()
    return Problem(shown_as, f"is not valid YAML ({reason}); check the indentation and that each "
                   "field is written as 'name: value'", line, column)
