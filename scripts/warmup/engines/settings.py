"""The settings in mkdocs.yml that warmup itself needs, read without any engine.

Every engine reads mkdocs.yml for itself; warmup reads only the few values its own
stages use (the site's address and name for the pages, cards and offline files, which
engine to run), so no engine has to be installed, or even working, to read them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from warmup.content.yaml_source import ExpansionLimit, check_expansion
from warmup.problems import BuildError

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
# mkdocs.yml may name a value (&name) and repeat it (*name), as a theme's colour schemes do; past these
# bounds it is an alias bomb, or nesting deep enough to exhaust the parser, and is refused before an
# engine (which would expand it) reads it.
REPEATED_AT_MOST = 1000
DEPTH_AT_MOST = 50
# The site's address when mkdocs.yml gives no site_url: the publishing workflow sets it to the
# address GitHub Pages gives the site, so a new club's links and QR codes work unedited.
SITE_URL_VARIABLE = "WARMUP_SITE_URL"


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml as every engine does, leaving alone the tags only engines understand."""


# `!ENV`, `!!python/name:` and the like are for the engines; warmup needs none of their values.
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SiteSettings:
    site_name: str
    site_url: str
    site_url_from_environment: bool  # SITE_URL_VARIABLE's, which the engine must be given too
    site_description: str
    directory_urls: bool
    own_assets: list[str]  # extra_css and extra_javascript: the site's own styles and scripts
    favicon: str
    strict: bool
    engine: str


def read_settings(config_file: Path) -> SiteSettings:
    values = load_values(config_file)
    theme = values.get("theme") if isinstance(values.get("theme"), dict) else {}
    extra = values.get("extra") if isinstance(values.get("extra"), dict) else {}
    warmup = extra.get("warmup") if isinstance(extra.get("warmup"), dict) else {}
    engine = warmup.get("engine", DEFAULT_ENGINE)
    if engine not in ENGINES:
        raise BuildError(f"{config_file.name}: extra: warmup: engine: '{engine}' is not an engine warmup can run; "
                         f"write one of {', '.join(ENGINES)}")
    assets = [*(values.get("extra_css") or []), *(values.get("extra_javascript") or [])]
    site_url, from_environment = _site_url(values)
    return SiteSettings(
        site_name=str(values.get("site_name") or ""),
        site_url=site_url,
        site_url_from_environment=from_environment,
        site_description=str(values.get("site_description") or ""),
        directory_urls=values.get("use_directory_urls", True) is not False,
        # An entry may be a mapping (path plus attributes such as `async`).
        own_assets=[asset["path"] if isinstance(asset, dict) else str(asset) for asset in assets],
        favicon=str(theme.get("favicon") or ""),
        strict=values.get("strict") is True,
        engine=engine,
    )


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


def load_values(config_file: Path) -> dict:
    """mkdocs.yml's plain values, over those of the files it INHERITs; BuildError where they cannot be read."""
    text = config_file.read_text("utf-8-sig")
    try:
        if expanding := expansion_problem(text):
            line, column, message = expanding
            raise BuildError(f"{config_file.name}:{line}:{column}: {message}")
        values = yaml.load(text, Loader=_Loader) or {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        place = f"{config_file.name}:{mark.line + 1}:{mark.column + 1}" if mark else config_file.name
        raise BuildError(f"{place}: {error.problem}; fix the YAML there") from None
    if not isinstance(values, dict):
        raise BuildError(f"{config_file.name}: holds no settings (expected lines such as 'site_name: ...')")
    parent = values.pop("INHERIT", None)
    if parent:  # as MkDocs and Zensical do: this file's values over the inherited file's
        values = _merge(load_values(config_file.parent / parent), values)
    return values


def _merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged
