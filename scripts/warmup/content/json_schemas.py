"""JSON Schemas of the content files, for editors: made from the same pydantic models the build checks with.

Each content file names its schema on its first line
(`# yaml-language-server: $schema=../schemas/exercise.schema.json`), so an
editor with a YAML language server (e.g. VS Code's YAML extension) completes
field names and underlines mistakes as the coach types.

The files in content/schemas/ are kept in the repository; after changing
schema.py, run `python -m warmup.content.json_schemas` (or `make schemas`) to refresh
them. A test fails while they are out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from warmup.content import schema

SCHEMAS_FOLDER = "schemas"
# Which schema each kind of content file uses, and where its files are, relative to content/.
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "club": (schema.Club, "club.yaml"),
    "routine": (schema.Routine, "routines/*.yaml"),
    "exercise": (schema.Exercise, "exercises/*.yaml"),
}
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def json_schema(model: type[BaseModel]) -> dict:
    """The model's JSON Schema, loosened where the build is more forgiving than JSON types.

    The build keeps every value as the text typed, so `dose: 10` is text "10";
    an editor reading YAML sees a number there, which text fields must accept too.
    """
    document = {"$schema": DIALECT, **model.model_json_schema(mode="validation")}
    return _text_accepts_numbers(document)


def _text_accepts_numbers(node):
    if isinstance(node, dict):
        node = {key: _text_accepts_numbers(value) for key, value in node.items()}
        if node.get("type") == "string" and "pattern" not in node:
            node["type"] = ["string", "number"]
        return node
    if isinstance(node, list):
        return [_text_accepts_numbers(item) for item in node]
    return node


def rendered_schemas() -> dict[str, str]:
    """Each schema file's text, keyed by its file name in content/schemas/."""
    return {schema_file_name(kind): json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"
            for kind, (model, _) in KINDS.items()}


def modeline(kind: str) -> str:
    """The first line of a content file of ``kind``: it tells the editor where the schema is."""
    depth = KINDS[kind][1].count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMAS_FOLDER}/{schema_file_name(kind)}"


def write_schemas(content_dir: Path) -> list[Path]:
    folder = content_dir / SCHEMAS_FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in rendered_schemas().items():
        (folder / name).write_text(text, "utf-8")
        written.append(folder / name)
    return written


def main() -> int:
    content_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("content")
    for path in write_schemas(content_dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
