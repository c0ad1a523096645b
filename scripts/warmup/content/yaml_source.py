"""Read one YAML content file safely, remembering where each value sits in it.

PyYAML alone would quietly keep the last of two equal keys and expand alias
bombs; a coach's file gets neither, and every value keeps its line and column
so that a mistake can be pointed at.

Every value is kept as the text the coach typed: YAML 1.1 would turn
`dose: 1:30` into 90 and `dose: 010` into 8. The schema turns text into
numbers or yes/no only where a field needs one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from warmup.problems import Problem

MAX_FILE_BYTES = 256 * 1024
# Content files are two or three levels deep; far deeper is a mistake, or an attack on the parser.
MAX_DEPTH = 10

_TAG = "tag:yaml.org,2002:"
# Scalars kept as their text; an explicit tag of any other kind (!!binary, !!python/..., <<) is refused.
_TEXT_TAGS = {_TAG + kind for kind in ("str", "int", "float", "bool", "timestamp")}

Location = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Plain Python data of one file, plus the (line, column) of each key and value."""

    path: Path
    data: Any
    positions: dict[Location, tuple[int, int]] = field(default_factory=dict)

    def position(self, location: Location) -> tuple[int | None, int | None]:
        """The 1-based line and column of the deepest known part of ``location``."""
        for end in range(len(location), -1, -1):
            if location[:end] in self.positions:
                return self.positions[location[:end]]
        return None, None


def read_yaml(path: Path, shown_as: Path) -> YamlDocument | Problem:
    """Parse ``path``; return its document, or the first problem that stops reading it."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return Problem(shown_as, f"file is {len(raw) // 1024} KiB, larger than the {MAX_FILE_BYTES // 1024} KiB "
                       "a content file may be; split it or remove what does not belong")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(shown_as, "is not UTF-8 text; open it in your editor and save it as UTF-8", line)
    if not text.strip():
        return Problem(shown_as, "file is empty; fill it in (see the comments in the other files) or delete it")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        return _syntax_problem(shown_as, error, text)
    except yaml.reader.ReaderError as error:
        line, column = _line_and_column(text, error.position)
        return Problem(shown_as, f"contains an invisible control character (U+{error.character:04X}); "
                       "delete it, or retype the line", line, column)
    except RecursionError:
        return Problem(shown_as, f"is nested more than {MAX_DEPTH} levels deep; "
                       "a content file needs two or three")
    if root is None:
        return Problem(shown_as, "holds only comments; add the fields it needs or delete it")
    document = YamlDocument(shown_as, None)
    try:
        document.data = _to_python(root, (), document.positions, set())
    except _NodeProblem as problem:
        return Problem(shown_as, problem.message, problem.line, problem.column)
    return document


class _NodeProblem(Exception):
    def __init__(self, node: yaml.Node, message: str):
        self.message = message
        self.line = node.start_mark.line + 1
        self.column = node.start_mark.column + 1


def _to_python(node: yaml.Node, location: Location, positions: dict, seen: set[int]) -> Any:
    if id(node) in seen:
        raise _NodeProblem(node, "uses a YAML alias (*name); write the value out in full instead")
    if len(location) > MAX_DEPTH:
        raise _NodeProblem(node, f"is nested more than {MAX_DEPTH} levels deep; a content file needs two or three")
    seen.add(id(node))
    if isinstance(node, yaml.CollectionNode) and node.tag not in (_TAG + "map", _TAG + "seq"):
        raise _NodeProblem(node, f"uses the YAML tag '{node.tag.replace(_TAG, '!!')}'; remove it")
    positions.setdefault(location, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, location + ("<key>",), {}, seen)
            if not isinstance(key, str):
                raise _NodeProblem(key_node, "a field name must be a plain word")
            if key in result:
                raise _NodeProblem(key_node, f"'{key}' appears twice here; keep one of them")
            positions[location + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _to_python(value_node, location + (key,), positions, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, location + (index,), positions, seen) for index, item in enumerate(node.value)]
    if node.tag == _TAG + "null":
        return None
    if node.tag in _TEXT_TAGS:
        return node.value
    raise _NodeProblem(node, f"uses the YAML tag '{node.tag.replace(_TAG, '!!')}'; remove it and write plain text")


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
