"""mkdocs.yml, checked before anything is built: each mistake is one line with its place.

Engines report their settings file's mistakes without a line number ("Config value 'theme':
..."), in several lines, or (a web address they cannot parse, a list where text belongs) as
a crash. warmup first checks what every engine needs from the file and points at the line,
as it does for content files; a mistake only an engine finds is pointed at the same way
(``engine_problems``).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import markdown
import material
import yaml

from warmup.engines.settings import ENGINES, expansion_problem
from warmup.problems import ContentError, Problem
from warmup.site.addresses import address_problem, not_an_address

_TAG = "tag:yaml.org,2002:"
# MkDocs' and ProperDocs' own words for a mistake in the settings file.
_ENGINE_CONFIG_PROBLEM = re.compile(r"^Config value '([^']+)': ((?:Sub-option '[^']+': )*)(.+)$")
_SUB_OPTION = re.compile(r"Sub-option '([^']+)'")
# Zensical's words for a setting of the wrong kind (the others it finds, warmup's own checks find first).
_ZENSICAL_CONFIG_PROBLEM = re.compile(r"Failed to cast key '(\w+)' to <class '(\w+)'>")
_TYPE_MISMATCH = re.compile(r"Expected type: <class '(\w+)'> but received: <class '(\w+)'>")
_TYPE_NAMES = {"str": "text", "bool": "true or false", "int": "a whole number", "float": "a number", "list": "a list",
               "dict": "settings indented under it", "NoneType": "empty"}


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as a tree of nodes: tags only engines understand (!ENV, !!python/name:) stay unread."""


@dataclass(frozen=True)
class _File:
    """One settings file: mkdocs.yml, or a file it names with INHERIT (whose settings it overrides)."""

    shown: Path
    root: yaml.MappingNode

    def get(self, key: str) -> yaml.Node | None:
        return _value_of(self.root, key)


@dataclass(frozen=True)
class _Settings:
    folder: Path
    files: list[_File]  # mkdocs.yml first, then the files it inherits from

    def get(self, key: str) -> tuple[_File, yaml.Node] | None:
        """The file that sets ``key`` (mkdocs.yml over what it inherits) and its value."""
        return next(((file, value) for file in self.files if (value := file.get(key)) is not None), None)


def check_config_file(config_file: Path) -> None:
    """Raise ContentError naming the line and column of every mistake found in ``config_file``."""
    settings = _read(config_file)
    problems = [problem for check in _CHECKS for problem in check(settings)]
    if problems:
        raise ContentError(problems)


def check_plugin_named(config_file: Path, plugin: str, needed_for: str) -> None:
    """Raise ContentError unless the settings name ``plugin`` under plugins:; ``needed_for`` says who needs it."""
    settings = _read(config_file)
    found = settings.get("plugins")
    if found is not None and (not _all_plain(found[1]) or plugin in _plugin_names(found[1])):
        return  # there, or written with a tag only the engine can read
    problem = f"'{plugin}' is not among them, and {needed_for}; add the line '  - {plugin}' under 'plugins:'"
    if found is None:
        raise ContentError([Problem(settings.files[0].shown, f"are not listed, so {problem}", 1, 1, "plugins")])
    raise ContentError([_at(*found, problem, "plugins")])


def _plugin_names(plugins: yaml.Node) -> list[str]:
    """The names in '- search', '- search: (options)' or a mapping 'search: (options)'."""
    if isinstance(plugins, yaml.MappingNode):
        return [name.value for name, _ in _entries(plugins)]
    if isinstance(plugins, yaml.SequenceNode):
        return [item.value if isinstance(item, yaml.ScalarNode) else next((name.value for name, _ in _entries(item)), "")
                for item in plugins.value]
    return []


def engine_problems(config_file: Path, engine: str, reasons: list[str]) -> list[Problem]:
    """The complaints of ``engine`` (its title) about the settings file among ``reasons``, each pointed at its line."""
    settings = _read(config_file)
    fix = f"see {engine}'s documentation of this setting, or remove it"
    problems = []
    for reason in reasons:
        if found := _ENGINE_CONFIG_PROBLEM.match(reason):
            message = _TYPE_MISMATCH.sub(lambda types: f"should be {_type_name(types[1])}, not "
                                         f"{_type_name(types[2])}", found[3].strip().rstrip("."))
            problems.append(_located(settings, [found[1], *_SUB_OPTION.findall(found[2])], f"{message}; {fix}"))
        elif found := _ZENSICAL_CONFIG_PROBLEM.search(reason):
            problems.append(_located_anywhere(settings, found[1], f"should be {_type_name(found[2])}; {fix}"))
    return problems


def _type_name(python_type: str) -> str:
    return _TYPE_NAMES.get(python_type, python_type)


def _located_anywhere(settings: _Settings, key: str, message: str) -> Problem:
    """A problem at the first setting called ``key`` at any depth (Zensical names a setting without its parents)."""
    for file in settings.files:
        found = _find_key(file.root, key, ())
        if found is not None:
            node, path = found
            return _at(file, node, message, ".".join(path))
    return _located(settings, [key], message)


def _find_key(node: yaml.Node, key: str, path: tuple[str, ...]) -> tuple[yaml.ScalarNode, tuple[str, ...]] | None:
    entries = _entries(node)
    for name, _ in entries:
        if name.value == key:
            return name, (*path, key)
    children = [(value, (*path, name.value)) for name, value in entries]
    if isinstance(node, yaml.SequenceNode):
        children = [(item, path) for item in node.value]
    return next(filter(None, (_find_key(child, key, where) for child, where in children)), None)


def _located(settings: _Settings, path: list[str], message: str) -> Problem:
    """A problem at the deepest setting of ``path`` the files hold (the engine may name parts it fills in itself)."""
    found = settings.get(path[0])
    if found is None:
        return Problem(settings.files[0].shown, message, 1, 1, path[0])
    file, value = found
    key = _key_of(file.root, path[0])
    for part in path[1:]:
        if (inner := _key_of(value, part)) is not None:
            key, value = inner, _value_of(value, part)
    return _at(file, key, message, ".".join(path))


def _read(config_file: Path, seen: tuple[Path, ...] = ()) -> _Settings:
    shown = Path(os.path.relpath(config_file, seen[0].parent) if seen else config_file.name)
    root = _compose(config_file, shown)
    files = [_File(shown, root)]
    inherit = _value_of(root, "INHERIT")
    if _is_text(inherit) and inherit.value:
        parent = config_file.parent / inherit.value
        if parent.resolve() in (path.resolve() for path in (*seen, config_file)):
            raise ContentError([_at(files[0], inherit, "names a file that inherits from this one; remove the loop",
                                    "INHERIT")])
        if not parent.is_file():
            raise ContentError([_at(files[0], inherit, f"'{inherit.value}' is not a file beside {shown}; write the "
                                    "name of the settings file to start from, or remove the line", "INHERIT")])
        files += _read(parent, (*seen, config_file)).files
    return _Settings(config_file.parent, files)


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


def _check_site_name(settings: _Settings) -> Iterator[Problem]:
    found = settings.get("site_name")
    if found is None:
        yield Problem(settings.files[0].shown, "is missing; add a line such as 'site_name: Our Club warm-ups' "
                      "(the name at the top of every page)", 1, 1, "site_name")
    elif not _is_text(found[1]) or not found[1].value.strip():
        yield _at(*found, "should be the site's name as one line of text; write it in quotes, "
                  "e.g. site_name: \"Our Club warm-ups\"", "site_name")


# The addresses the pages carry: whether a path relative to repo_url will do (MkDocs' edit_uri), and what to write.
_ADDRESSES = {
    "site_url": (False, "write the site's address as the browser shows it, e.g. https://example.org/warmups/"),
    "repo_url": (False, "write the repository's address as the browser shows it, e.g. "
                        "https://github.com/club/warm-ups"),
    "edit_uri": (True, "write the address of docs/ in the repository's web editor, relative to repo_url "
                       "(e.g. edit/main/docs/), or in full (https://...)"),
}


def _check_addresses(settings: _Settings) -> Iterator[Problem]:
    for key, (relative, fix) in _ADDRESSES.items():
        found = settings.get(key)
        if found is None or not _is_plain(found[1]) or found[1].tag == _TAG + "null":
            continue
        if _is_text(found[1]) and not found[1].value:  # none: MkDocs' way of leaving it out
            continue
        problem = address_problem(found[1].value, relative) if _is_text(found[1]) else not_an_address(relative)
        if problem:
            yield _at(*found, f"{_shown_value(found[1])} {problem}; {fix}", key)


def _check_theme(settings: _Settings) -> Iterator[Problem]:
    found = settings.get("theme")
    if found is None or not _is_plain(found[1]):
        return
    file, theme = found
    if not (_is_text(theme) or isinstance(theme, yaml.MappingNode)):
        yield _at(file, theme, "should be a theme's name, or settings under it starting with 'name: material'",
                  "theme")
        return
    name = _value_of(theme, "name") if isinstance(theme, yaml.MappingNode) else theme
    themes = sorted(point.name for point in entry_points(group="mkdocs.themes"))
    if name is not None and name.tag != _TAG + "null" and not (_is_text(name) and name.value in themes):
        yield _at(file, name, f"{_shown_value(name)} is not an installed theme; write one of {', '.join(themes)}"
                  f"{_did_you_mean(name.value if _is_text(name) else '', themes)}", "theme" if name is theme else "theme.name")
    if _is_text(name) and name.value == "material":
        yield from _check_material_options(file, theme)
    custom_dir = _value_of(theme, "custom_dir")
    if custom_dir is not None and not (_is_text(custom_dir) and (settings.folder / custom_dir.value).is_dir()):
        yield _at(file, custom_dir, f"{_shown_value(custom_dir)} is not a folder beside mkdocs.yml; write the "
                  "folder of the theme's template blocks (overrides), or remove the line", "theme.custom_dir")


# Material's icons given per kind (of note, of tag) rather than one name.
_ICON_GROUPS = ("admonition", "tag")
# Material's options whose wrong shape crashes an engine's build (a TypeError, a missing template) rather than
# being reported: whether a value fits, and what to write instead.
_MATERIAL_OPTIONS: dict[str, tuple[Callable[[yaml.Node], bool], str]] = {
    "features": (lambda node: isinstance(node, yaml.SequenceNode) and all(map(_is_text, node.value)),
                 "a list, one feature a line: '- navigation.footer'"),
    "palette": (lambda node: isinstance(node, yaml.MappingNode) or isinstance(node, yaml.SequenceNode) and all(
        isinstance(item, yaml.MappingNode) for item in node.value),
        "a colour scheme's settings ('scheme: default'), or a list of them"),
    "language": (lambda node: _is_text(node) and (Path(material.__file__).parent / "templates/partials/languages" /
                                                  f"{node.value}.html").is_file(),
                 "a language code Material knows, e.g. 'language: en'"),
    "icon": (lambda node: isinstance(node, yaml.MappingNode) and all(
        _is_text(value) or key.value in _ICON_GROUPS and isinstance(value, yaml.MappingNode)
        and all(_is_text(icon) for _, icon in _entries(value)) for key, value in _entries(node)),
        "icon names indented under it, e.g. 'logo: material/run-fast' (admonition and tag: one name a kind)"),
    "font": (lambda node: isinstance(node, yaml.MappingNode) or node.tag == _TAG + "bool" and
             node.value.lower() == "false", "false (the phone's own fonts), or settings indented under it "
             "('text: ...')"),
}


def _check_material_options(file: _File, theme: yaml.MappingNode) -> Iterator[Problem]:
    for option, (fits, shape) in _MATERIAL_OPTIONS.items():
        value = _value_of(theme, option)
        if value is not None and _is_plain(value) and not fits(value):
            yield _at(file, value, f"should be {shape}", f"theme.{option}")


def _check_docs_dir(settings: _Settings) -> Iterator[Problem]:
    found = settings.get("docs_dir")
    if found and _is_text(found[1]) and not (settings.folder / found[1].value).is_dir():
        yield _at(*found, f"'{found[1].value}' is not a folder beside mkdocs.yml; write docs (where warmup writes "
                  "the pages), or remove the line", "docs_dir")


def _check_lists(settings: _Settings) -> Iterator[Problem]:
    for key, example in (("extra_css", "stylesheets/extra.css"), ("extra_javascript", "javascripts/extra.js"),
                         ("nav", "Home: index.md")):
        found = settings.get(key)
        if found is None or not _is_plain(found[1]):
            continue
        file, value = found
        if not isinstance(value, yaml.SequenceNode):
            yield _at(file, value, f"should be a list, one item a line: '- {example}'", key)
            continue
        for index, item in enumerate(value.value):
            if key != "nav" and not (_is_text(item) or _is_text(_value_of(item, "path"))):
                yield _at(file, item, f"should be a file in docs/, e.g. '- {example}' (or 'path: {example}' with "
                          "its attributes)", f"{key}[{index + 1}]")


def _check_markdown_extensions(settings: _Settings) -> Iterator[Problem]:
    found = settings.get("markdown_extensions")
    if found is None or not _is_plain(found[1]):
        return
    file, extensions = found
    if isinstance(extensions, yaml.MappingNode):
        entries = extensions.value
    elif isinstance(extensions, yaml.SequenceNode):
        entries = [item.value[0] if isinstance(item, yaml.MappingNode) and len(item.value) == 1 else (item, None)
                   for item in extensions.value]
    else:
        yield _at(file, extensions, "should be a list of Markdown extensions, one a line: '- attr_list'",
                  "markdown_extensions")
        return
    for name, options in entries:
        if not _is_text(name):
            yield _at(file, name, "should be an extension's name, e.g. '- attr_list', with its options indented "
                      "under it", "markdown_extensions")
        elif problem := _extension_problem(name.value, options):
            yield _at(file, name, problem, f"markdown_extensions.{name.value}")


def _extension_problem(name: str, options: yaml.Node | None) -> str | None:
    """Why Python-Markdown (which every engine uses) cannot load extension ``name`` with ``options``, if it cannot."""
    if options is not None and not isinstance(options, yaml.MappingNode) and options.tag != _TAG + "null":
        return "should have its options indented under it, one 'option: value' a line, or none"
    # Options an engine must read (a !!python/name: tag) cannot be tried here; the extension's name still can.
    values = _Loader("").construct_document(options) if options is not None and _all_plain(options) else None
    try:
        markdown.Markdown().build_extension(name, values or {})
    except ModuleNotFoundError as error:
        if error.name and not (name + ".").startswith(error.name + "."):
            return f"needs the Python package '{error.name}', which is not installed; add it to the project's " \
                   "dependencies, or remove the extension"
        known = sorted(point.name for point in entry_points(group="markdown.extensions"))
        return f"'{name}' is not an installed Markdown extension; check its spelling or remove it" \
               f"{_did_you_mean(name, known)}"
    except KeyError as error:
        return f"'{error.args[0]}' is not an option of {name}; check its spelling in the extension's documentation " \
               "or remove it"
    except Exception as error:  # noqa: BLE001 - an extension may refuse its options in any way
        return f"cannot be loaded with these options ({' '.join(str(error).split())}); correct them or remove them"
    return None


def _check_engine(settings: _Settings) -> Iterator[Problem]:
    found = settings.get("extra")
    if found and _is_plain(found[1]) and not isinstance(found[1], yaml.MappingNode):
        yield _at(*found, "should be settings indented under it, e.g. 'generator: false'", "extra")
    warmup = _value_of(found[1], "warmup") if found else None
    engine = _value_of(warmup, "engine")
    if engine is not None and (not _is_text(engine) or engine.value not in ENGINES):
        yield _at(found[0], engine, f"{_shown_value(engine)} is not an engine warmup can run; write one of "
                  f"{', '.join(ENGINES)}", "extra.warmup.engine")


_CHECKS: list[Callable[[_Settings], Iterator[Problem]]] = [
    _check_site_name, _check_addresses, _check_theme, _check_docs_dir, _check_lists, _check_markdown_extensions,
    _check_engine]


def _value_of(node: yaml.Node | None, key: str) -> yaml.Node | None:
    return next((value for name, value in _entries(node) if name.value == key), None)


def _key_of(node: yaml.Node | None, key: str) -> yaml.ScalarNode | None:
    return next((name for name, _ in _entries(node) if name.value == key), None)


def _entries(node: yaml.Node | None) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(name, value) for name, value in node.value if isinstance(name, yaml.ScalarNode)]


def _is_plain(node: yaml.Node) -> bool:
    """Written in plain YAML, not with a tag (!ENV ...) whose value only the engine can work out."""
    return node.tag.startswith(_TAG)


def _all_plain(node: yaml.Node) -> bool:
    if isinstance(node, yaml.MappingNode):
        return _is_plain(node) and all(_all_plain(key) and _all_plain(value) for key, value in node.value)
    if isinstance(node, yaml.SequenceNode):
        return _is_plain(node) and all(map(_all_plain, node.value))
    return _is_plain(node)


def _is_text(node: yaml.Node | None) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "str"


def _shown_value(node: yaml.Node) -> str:
    """A value as a message quotes it: a word in quotes, or what kind of thing is written instead."""
    return f"'{node.value}'" if isinstance(node, yaml.ScalarNode) else "a list" if isinstance(
        node, yaml.SequenceNode) else "a group of settings"


def _at(file: _File, node: yaml.Node, message: str, field: str) -> Problem:
    return Problem(file.shown, message, node.start_mark.line + 1, node.start_mark.column + 1, field)


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f". Did you mean '{close[0]}'?" if close else ""

