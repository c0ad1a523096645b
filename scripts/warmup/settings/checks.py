"""mkdocs.yml, checked before anything is built: each mistake is one line with its place.

Engines report their settings file's mistakes without a line number ("Config value 'theme':
..."), in several lines, or (a web address they cannot parse, a list where text belongs) as
a crash. warmup first checks what every engine needs from the file and points at the line,
as it does for content files; a mistake only an engine finds is pointed at the same way
(``engine_problems``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path

import yaml

from warmup.problems import ContentError, Problem, did_you_mean
from warmup.settings.addresses import address_problem, not_an_address
from warmup.settings.reader import (ENGINES, SettingsFile, SettingsSource, SiteSettings, all_plain, at, entries,
                                    is_plain, is_text, key_of, shown_value, value_of, values_of)

_TAG = "tag:yaml.org,2002:"
# MkDocs' and ProperDocs' own words for a mistake in the settings file.
_ENGINE_CONFIG_PROBLEM = re.compile(r"^Config value '([^']+)': ((?:Sub-option '[^']+': )*)(.+)$")
_SUB_OPTION = re.compile(r"Sub-option '([^']+)'")
# Zensical's words for a setting of the wrong kind, named without its parents ("'extra_templates' must be a list");
# the other mistakes it finds, warmup's own checks find first.
_ZENSICAL_CONFIG_PROBLEM = re.compile(r"^'(\w+)' must be an? (\w+)$")
_TYPE_MISMATCH = re.compile(r"Expected type: <class '(\w+)'> but received: <class '(\w+)'>")
_TYPE_NAMES = {"str": "text", "bool": "true or false", "int": "a whole number", "float": "a number", "list": "a list",
               "dict": "settings indented under it", "NoneType": "empty"}


def check_settings(settings: SiteSettings, what_pages_carry_only: bool = False, engine_loads_extensions: bool = False
                   ) -> None:
    """Raise ContentError naming the line and column of every mistake found in mkdocs.yml; with
    ``what_pages_carry_only``, of the settings a page carries (its addresses, the site's name and description),
    which a build checks before its engine's program is started at all. ``engine_loads_extensions``: all but the
    Markdown extensions, which the build's engine loads itself (trying each here costs a warm build a twentieth
    of its time); they are tried if the engine stops (``engine_problems``)."""
    checks = _WHAT_PAGES_CARRY if what_pages_carry_only else _CHECKS
    if engine_loads_extensions:
        checks = [check for check in checks if check is not _check_markdown_extensions]
    problems = [problem for check in checks for problem in check(settings.source)]
    if problems and checks != _CHECKS:  # then every mistake, at once, as always
        problems = [problem for check in _CHECKS for problem in check(settings.source)]
    if problems:
        raise ContentError(problems)


def _material_folder() -> Path:
    import material

    return Path(material.__file__).parent


def engine_problems(site: SiteSettings, engine: str, reasons: list[str]) -> list[Problem]:
    """The complaints of ``engine`` (its title) about the settings file among ``reasons``, each pointed at its line;
    or the Markdown extensions that cannot be loaded, which a build leaves to its engine (check_settings)."""
    settings = site.source
    if problems := list(_check_markdown_extensions(settings)):
        return problems
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


def _located_anywhere(settings: SettingsSource, key: str, message: str) -> Problem:
    """A problem at the first setting called ``key`` at any depth (Zensical names a setting without its parents)."""
    for file in settings.files:
        found = _find_key(file.root, key, ())
        if found is not None:
            node, path = found
            return at(file, node, message, ".".join(path))
    return _located(settings, [key], message)


def _find_key(node: yaml.Node, key: str, path: tuple[str, ...]) -> tuple[yaml.ScalarNode, tuple[str, ...]] | None:
    named = entries(node)
    for name, _ in named:
        if name.value == key:
            return name, (*path, key)
    children = [(value, (*path, name.value)) for name, value in named]
    if isinstance(node, yaml.SequenceNode):
        children = [(item, path) for item in node.value]
    return next(filter(None, (_find_key(child, key, where) for child, where in children)), None)


def _located(settings: SettingsSource, path: list[str], message: str) -> Problem:
    """A problem at the deepest setting of ``path`` the files hold (the engine may name parts it fills in itself)."""
    found = settings.get(path[0])
    if found is None:
        return Problem(settings.files[0].shown, message, 1, 1, path[0])
    file, value = found
    key = key_of(file.root, path[0])
    for part in path[1:]:
        if (inner := key_of(value, part)) is not None:
            key, value = inner, value_of(value, part)
    return at(file, key, message, ".".join(path))


def _check_site_name(settings: SettingsSource) -> Iterator[Problem]:
    found = settings.get("site_name")
    if found is None:
        yield Problem(settings.files[0].shown, "is missing; add a line such as 'site_name: Our Club warm-ups' "
                      "(the name at the top of every page)", 1, 1, "site_name")
    elif not is_text(found[1]) or not found[1].value.strip():
        yield at(*found, "should be the site's name as one line of text; write it in quotes, "
                 "e.g. site_name: \"Our Club warm-ups\"", "site_name")


# What a theme's own templates may write into a page as it is (Zensical's do, with the site's name and
# description): text there must hold nothing that starts an element or ends an attribute.
_MARKUP = {"<": "an angle bracket", ">": "an angle bracket", '"': "a straight double quote"}


def _check_site_texts(settings: SettingsSource) -> Iterator[Problem]:
    for key in ("site_name", "site_description"):
        found = settings.get(key)
        if found is None or not is_text(found[1]):
            continue
        markup = next((character for character in found[1].value if character in _MARKUP), None)
        if markup is not None:
            yield at(*found, f"holds {_MARKUP[markup]} ({markup}), which a theme writes into every page as it is, "
                     "where it would be read as markup; leave it out, or write typographic quotes (“ ”)", key)


# The addresses the pages carry: whether a path relative to repo_url will do (MkDocs' edit_uri), and what to write.
_ADDRESSES = {
    "site_url": (False, "write the site's address as the browser shows it, e.g. https://example.org/warmups/"),
    "repo_url": (False, "write the repository's address as the browser shows it, e.g. "
                        "https://github.com/club/warm-ups"),
    "edit_uri": (True, "write the address of docs/ in the repository's web editor, relative to repo_url "
                       "(e.g. edit/main/docs/), or in full (https://...)"),
}


def _check_addresses(settings: SettingsSource) -> Iterator[Problem]:
    for key, (relative, fix) in _ADDRESSES.items():
        found = settings.get(key)
        if found is None or not is_plain(found[1]) or found[1].tag == _TAG + "null":
            continue
        if is_text(found[1]) and not found[1].value:  # none: MkDocs' way of leaving it out
            continue
        problem = address_problem(found[1].value, relative) if is_text(found[1]) else not_an_address(relative)
        if problem:
            yield at(*found, f"{shown_value(found[1])} {problem}; {fix}", key)


def _check_theme(settings: SettingsSource) -> Iterator[Problem]:
    found = settings.get("theme")
    if found is None or not is_plain(found[1]):
        return
    file, theme = found
    if not (is_text(theme) or isinstance(theme, yaml.MappingNode)):
        yield at(file, theme, "should be a theme's name, or settings under it starting with 'name: material'",
                  "theme")
        return
    name = value_of(theme, "name") if isinstance(theme, yaml.MappingNode) else theme
    themes = sorted(point.name for point in entry_points(group="mkdocs.themes"))
    if name is not None and name.tag != _TAG + "null" and not (is_text(name) and name.value in themes):
        yield at(file, name, f"{shown_value(name)} is not an installed theme; write one of {', '.join(themes)}"
                 f"{_then(did_you_mean(name.value if is_text(name) else '', themes))}",
                 "theme" if name is theme else "theme.name")
    if is_text(name) and name.value == "material":
        yield from _check_material_options(file, theme)
    custom_dir = value_of(theme, "custom_dir")
    if custom_dir is not None and not (is_text(custom_dir) and (settings.folder / custom_dir.value).is_dir()):
        yield at(file, custom_dir, f"{shown_value(custom_dir)} is not a folder beside mkdocs.yml; write the "
                  "folder of the theme's template blocks (overrides), or remove the line", "theme.custom_dir")


# Material's icons given per kind (of note, of tag) rather than one name.
_ICON_GROUPS = ("admonition", "tag")
# Material's options whose wrong shape crashes an engine's build (a TypeError, a missing template) rather than
# being reported: whether a value fits, and what to write instead.
_MATERIAL_OPTIONS: dict[str, tuple[Callable[[yaml.Node], bool], str]] = {
    "features": (lambda node: isinstance(node, yaml.SequenceNode) and all(map(is_text, node.value)),
                 "a list, one feature a line: '- navigation.footer'"),
    "palette": (lambda node: isinstance(node, yaml.MappingNode) or isinstance(node, yaml.SequenceNode) and all(
        isinstance(item, yaml.MappingNode) for item in node.value),
        "a colour scheme's settings ('scheme: default'), or a list of them"),
    "language": (lambda node: is_text(node) and (_material_folder() / "templates/partials/languages" /
                                                  f"{node.value}.html").is_file(),
                 "a language code Material knows, e.g. 'language: en'"),
    "icon": (lambda node: isinstance(node, yaml.MappingNode) and all(
        is_text(value) or key.value in _ICON_GROUPS and isinstance(value, yaml.MappingNode)
        and all(is_text(icon) for _, icon in entries(value)) for key, value in entries(node)),
        "icon names indented under it, e.g. 'logo: material/run-fast' (admonition and tag: one name a kind)"),
    "font": (lambda node: isinstance(node, yaml.MappingNode) or node.tag == _TAG + "bool" and
             node.value.lower() == "false", "false (the phone's own fonts), or settings indented under it "
             "('text: ...')"),
}


def _check_material_options(file: SettingsFile, theme: yaml.MappingNode) -> Iterator[Problem]:
    for option, (fits, shape) in _MATERIAL_OPTIONS.items():
        value = value_of(theme, option)
        if value is not None and is_plain(value) and not fits(value):
            yield at(file, value, f"should be {shape}", f"theme.{option}")


def _check_docs_dir(settings: SettingsSource) -> Iterator[Problem]:
    found = settings.get("docs_dir")
    if found and is_text(found[1]) and not (settings.folder / found[1].value).is_dir():
        yield at(*found, f"'{found[1].value}' is not a folder beside mkdocs.yml; write docs (where warmup writes "
                  "the pages), or remove the line", "docs_dir")


def _check_lists(settings: SettingsSource) -> Iterator[Problem]:
    for key, example in (("extra_css", "stylesheets/extra.css"), ("extra_javascript", "javascripts/extra.js"),
                         ("nav", "Home: index.md")):
        found = settings.get(key)
        if found is None or not is_plain(found[1]):
            continue
        file, value = found
        if not isinstance(value, yaml.SequenceNode):
            yield at(file, value, f"should be a list, one item a line: '- {example}'", key)
            continue
        for index, item in enumerate(value.value):
            if key != "nav" and not (is_text(item) or is_text(value_of(item, "path"))):
                yield at(file, item, f"should be a file in docs/, e.g. '- {example}' (or 'path: {example}' with "
                          "its attributes)", f"{key}[{index + 1}]")


def _check_markdown_extensions(settings: SettingsSource) -> Iterator[Problem]:
    found = settings.get("markdown_extensions")
    if found is None or not is_plain(found[1]):
        return
    file, extensions = found
    if isinstance(extensions, yaml.MappingNode):
        entries = extensions.value
    elif isinstance(extensions, yaml.SequenceNode):
        entries = [item.value[0] if isinstance(item, yaml.MappingNode) and len(item.value) == 1 else (item, None)
                   for item in extensions.value]
    else:
        yield at(file, extensions, "should be a list of Markdown extensions, one a line: '- attr_list'",
                  "markdown_extensions")
        return
    for name, options in entries:
        if not is_text(name):
            yield at(file, name, "should be an extension's name, e.g. '- attr_list', with its options indented "
                      "under it", "markdown_extensions")
        elif problem := _extension_problem(name.value, options):
            yield at(file, name, problem, f"markdown_extensions.{name.value}")


@functools.cache
def _markdown():
    """One Python-Markdown for every extension tried: making one sets up all its parsers, and building an
    extension changes nothing in it."""
    import markdown  # here: the checks a build makes before its engine starts must not wait for it

    return markdown.Markdown()


def _extension_problem(name: str, options: yaml.Node | None) -> str | None:
    """Why Python-Markdown (which every engine uses) cannot load extension ``name`` with ``options``, if it cannot."""
    if options is not None and not isinstance(options, yaml.MappingNode) and options.tag != _TAG + "null":
        return "should have its options indented under it, one 'option: value' a line, or none"
    # Options an engine must read (a !!python/name: tag) cannot be tried here; the extension's name still can.
    values = values_of(options) if options is not None and all_plain(options) else None
    try:
        _markdown().build_extension(name, values or {})
    except ModuleNotFoundError as error:
        if error.name and not (name + ".").startswith(error.name + "."):
            return f"needs the Python package '{error.name}', which is not installed; add it to the project's " \
                   "dependencies, or remove the extension"
        known = sorted(point.name for point in entry_points(group="markdown.extensions"))
        return f"'{name}' is not an installed Markdown extension; check its spelling or remove it" \
               f"{_then(did_you_mean(name, known))}"
    except KeyError as error:
        return f"'{error.args[0]}' is not an option of {name}; check its spelling in the extension's documentation " \
               "or remove it"
    except Exception as error:  # noqa: BLE001 - an extension may refuse its options in any way
        return f"cannot be loaded with these options ({' '.join(str(error).split())}); correct them or remove them"
    return None


def _check_engine(settings: SettingsSource) -> Iterator[Problem]:
    found = settings.get("extra")
    if found and is_plain(found[1]) and not isinstance(found[1], yaml.MappingNode):
        yield at(*found, "should be settings indented under it, e.g. 'generator: false'", "extra")
    warmup = value_of(found[1], "warmup") if found else None
    engine = value_of(warmup, "engine")
    if engine is not None and (not is_text(engine) or engine.value not in ENGINES):
        yield at(found[0], engine, f"{shown_value(engine)} is not an engine warmup can run; write one of "
                  f"{', '.join(ENGINES)}", "extra.warmup.engine")


_WHAT_PAGES_CARRY = [_check_site_name, _check_site_texts, _check_addresses]
_CHECKS: list[Callable[[SettingsSource], Iterator[Problem]]] = [
    _check_site_name, _check_site_texts, _check_addresses, _check_theme, _check_docs_dir, _check_lists, _check_markdown_extensions,
    _check_engine]


def _then(suggestion: str) -> str:
    """A suggestion after a list of choices, as a sentence of its own."""
    return f".{suggestion}" if suggestion else ""
