"""mkdocs.yml, read once: its values, and where each is written, for every stage and every message.

Every engine reads mkdocs.yml for itself; warmup reads it once, before anything is built, into a
SiteSettings that every stage receives: the few values its own stages use (the site's address,
name and description, which engine to run, the repository for "Edit this page"), and the file's
tree of nodes, which keeps each setting's file, line and column, so that a mistake warmup finds
(checks.py), or one an engine complains of, is pointed at its line. Files named with INHERIT are
read with it (mkdocs.yml's settings over theirs), as every engine reads them. No engine has to be
installed, or even working, to read them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from warmup.yaml_expansion import ExpansionLimit, check_expansion
from warmup.problems import ContentError, Problem

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
# The site's address when mkdocs.yml gives no site_url: the publishing workflow sets it to the
# address GitHub Pages gives the site, so a new club's links and QR codes work unedited.
SITE_URL_VARIABLE = "WARMUP_SITE_URL"
# mkdocs.yml may name a value (&name) and repeat it (*name), as a theme's colour schemes do; past these
# bounds it is an alias bomb, or nesting deep enough to exhaust the parser, and is refused before an
# engine (which would expand it) reads it.
REPEATED_AT_MOST = 1000
DEPTH_AT_MOST = 50
_TAG = "tag:yaml.org,2002:"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as a tree of nodes, and their values: tags only engines understand (!ENV, !!python/name:) are
    left to them (their values are None here)."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SettingsFile:
    """One settings file: mkdocs.yml, or a file it names with INHERIT (whose settings it overrides), as nodes."""

    shown: Path
    root: yaml.MappingNode

    def get(self, key: str) -> yaml.Node | None:
        return value_of(self.root, key)


@dataclass(frozen=True)
class SettingsSource:
    folder: Path
    files: list[SettingsFile]  # mkdocs.yml first, then the files it inherits from

    def get(self, key: str) -> tuple[SettingsFile, yaml.Node] | None:
        """The file that sets ``key`` (mkdocs.yml over what it inherits) and its value."""
        return next(((file, value) for file in self.files if (value := file.get(key)) is not None), None)


@dataclass(frozen=True)
class SiteSettings:
    """What warmup takes from mkdocs.yml, and ``source``: where each setting is written."""

    site_name: str
    site_url: str
    site_url_from_environment: bool  # SITE_URL_VARIABLE's: engines must be handed it (engine_config.py)
    site_description: str
    directory_urls: bool
    own_assets: list[str]  # extra_css and extra_javascript: the site's own styles and scripts
    favicon: str
    strict: bool
    engine: str
    repo_url: str
    edit_uri: str | None  # None: left out (the default applies); "": editing turned off
    docs_dir: str
    source: SettingsSource = field(repr=False, compare=False)


def read_settings(config_file: Path) -> SiteSettings:
    """mkdocs.yml read; ContentError, at its line, where it cannot be read as settings at all (checks.py finds
    the rest)."""
    source = _read(config_file)
    values: dict = {}
    for file in reversed(source.files):  # as MkDocs and Zensical do: each file's values over those it inherits
        values = _merge(values, values_of(file.root) or {})
    values.pop("INHERIT", None)
    theme = values.get("theme") if isinstance(values.get("theme"), dict) else {}
    extra = values.get("extra") if isinstance(values.get("extra"), dict) else {}
    warmup = extra.get("warmup") if isinstance(extra.get("warmup"), dict) else {}
    assets = [*(_list(values.get("extra_css"))), *(_list(values.get("extra_javascript")))]
    site_url, from_environment = _site_url(values)
    edit_uri = values.get("edit_uri")
    return SiteSettings(
        site_name=_text(values.get("site_name")),
        site_url=site_url,
        site_url_from_environment=from_environment,
        site_description=_text(values.get("site_description")),
        directory_urls=values.get("use_directory_urls", True) is not False,
        # An entry may be a mapping (path plus attributes such as `async`).
        own_assets=[str(asset.get("path")) if isinstance(asset, dict) else str(asset) for asset in assets],
        favicon=_text(theme.get("favicon")),
        strict=values.get("strict") is True,
        engine=warmup.get("engine") if warmup.get("engine") in ENGINES else DEFAULT_ENGINE,
        repo_url=_text(values.get("repo_url")).strip(),
        edit_uri=edit_uri if isinstance(edit_uri, str) else None,
        docs_dir=_text(values.get("docs_dir")) or "docs",
        source=source,
    )


def values_of(node: yaml.Node):
    """The plain values a tree of nodes holds (None where a tag leaves the value to the engine)."""
    return _Loader("").construct_document(node)


def _text(value) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _site_url(values: dict) -> tuple[str, bool]:
    """mkdocs.yml's site_url, else SITE_URL_VARIABLE's; and whether it is the variable's."""
    written = str(values.get("site_url") or "")
    given = os.environ.get(SITE_URL_VARIABLE, "").strip()
    if written or not given:
        return written, False
    # GitHub gives it without the final slash (https://club.github.io/warmups), which MkDocs would add.
    return given.rstrip("/") + "/", True


def expansion_problem(text: str) -> tuple[int, int, str] | None:
    """Where settings ``text`` would expand past the bounds above, and why: (line, column, message), or None."""
    try:
        check_expansion(text, REPEATED_AT_MOST, DEPTH_AT_MOST)
    except ExpansionLimit as limit:
        if limit.alias_name is None:
            message = f"is nested more than {DEPTH_AT_MOST} levels deep, far more than any setting needs; " \
                      "remove the extra levels"
        else:
            message = f"uses the YAML alias *{limit.alias_name}, which makes the settings repeat more than " \
                      f"{REPEATED_AT_MOST} values; write the values out instead of repeating them with aliases"
        return limit.line, limit.column, message
    return None


def _read(config_file: Path, seen: tuple[Path, ...] = ()) -> SettingsSource:
    shown = Path(os.path.relpath(config_file, seen[0].parent) if seen else config_file.name)
    root = _compose(config_file, shown)
    files = [SettingsFile(shown, root)]
    inherit = value_of(root, "INHERIT")
    if is_text(inherit) and inherit.value:
        parent = config_file.parent / inherit.value
        if parent.resolve() in (path.resolve() for path in (*seen, config_file)):
            raise ContentError([at(files[0], inherit, "names a file that inherits from this one; remove the loop",
                                    "INHERIT")])
        if not parent.is_file():
            raise ContentError([at(files[0], inherit, f"'{inherit.value}' is not a file beside {shown}; write the "
                                    "name of the settings file to start from, or remove the line", "INHERIT")])
        files += _read(parent, (*seen, config_file)).files
    return SettingsSource(config_file.parent, files)


def _compose(config_file: Path, shown: Path) -> yaml.MappingNode:
    try:
        text = config_file.read_text("utf-8-sig")
        if expanding := expansion_problem(text):
            line, column, message = expanding
            raise ContentError([Problem(shown, message, line, column)])
        root = yaml.compose(text, Loader=_Loader)
    except UnicodeDecodeError:
        raise ContentError([Problem(shown, "is not UTF-8 text; open it in your editor and save it as UTF-8")]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = " ".join((error.problem or "is not valid YAML").split())
        raise ContentError([Problem(shown, f"is not valid YAML ({reason}); check the indentation and that each "
                                    "setting is written as 'name: value'", mark.line + 1, mark.column + 1)]) from None
    except yaml.YAMLError as error:
        raise ContentError([Problem(shown, f"is not valid YAML ({' '.join(str(error).split())})")]) from None
    if not isinstance(root, yaml.MappingNode):
        raise ContentError([Problem(shown, "holds no settings; write lines such as 'site_name: ...'", 1, 1)])
    return root


def _merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged


def value_of(node: yaml.Node | None, key: str) -> yaml.Node | None:
    return next((value for name, value in entries(node) if name.value == key), None)


def key_of(node: yaml.Node | None, key: str) -> yaml.ScalarNode | None:
    return next((name for name, _ in entries(node) if name.value == key), None)


def entries(node: yaml.Node | None) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(name, value) for name, value in node.value if isinstance(name, yaml.ScalarNode)]


def is_plain(node: yaml.Node) -> bool:
    """Written in plain YAML, not with a tag (!ENV ...) whose value only the engine can work out."""
    return node.tag.startswith(_TAG)


def all_plain(node: yaml.Node) -> bool:
    if isinstance(node, yaml.MappingNode):
        return is_plain(node) and all(all_plain(key) and all_plain(value) for key, value in node.value)
    if isinstance(node, yaml.SequenceNode):
        return is_plain(node) and all(map(all_plain, node.value))
    return is_plain(node)


def is_text(node: yaml.Node | None) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "str"


def shown_value(node: yaml.Node) -> str:
    """A value as a message quotes it: a word in quotes, or what kind of thing is written instead."""
    return f"'{node.value}'" if isinstance(node, yaml.ScalarNode) else "a list" if isinstance(
        node, yaml.SequenceNode) else "a group of settings"


def at(file: SettingsFile, node: yaml.Node, message: str, field: str) -> Problem:
    return Problem(file.shown, message, node.start_mark.line + 1, node.start_mark.column + 1, field)
