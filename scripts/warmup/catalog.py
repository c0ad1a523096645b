"""The words the product adds around a club's content, in the club's language: one catalog per language.

A catalog is templates/languages/<tag>.yaml, one YAML file per language with the English catalog's keys
(en.yaml is the reference). YAML rather than gettext: the project's every other file a coach or translator
edits is YAML, GitHub's web editor shows it plainly, and translation tools (Weblate, Crowdin, Lokalise) open
"one YAML file per language with the same keys" as they are. An entry is a text, or, where it counts
something, its CLDR plural forms (``one``, ``few``, ``many``, ``other``: the categories the language has),
chosen here with Babel's plural rules and in the browser with ``Intl.PluralRules``, both from CLDR. Where a
text holds a value it names it in braces, ``{count}``, the same names in every language.

Content is never translated: only these words follow ``language:`` in content/club.yaml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from warmup.problems import BuildError

CATALOGS_FOLDER = "languages"  # inside templates/
REFERENCE = "en"
DEFAULT_LANGUAGE = REFERENCE
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

Entry = str | dict[str, str]


def catalogs_dir(templates_dir: Path) -> Path:
    return templates_dir / CATALOGS_FOLDER


def available_languages(templates_dir: Path) -> list[str]:
    """The language tags that have a catalog, sorted."""
    return sorted(path.stem for path in catalogs_dir(templates_dir).glob("*.yaml"))


def catalog_language(templates_dir: Path, tag: str) -> str | None:
    """The tag as its catalog is named (``pt-br`` is ``pt-BR``), or None when no catalog has it."""
    return next((name for name in available_languages(templates_dir) if name.lower() == tag.lower()), None)


def _fill(text: str, values: dict[str, object]) -> str:
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


@dataclass(frozen=True)
class Catalog:
    """One language's words, checked against the English catalog's keys."""

    language: str  # the BCP 47 tag, as its file is named: the pages' lang, the PDFs' /Lang
    entries: dict[str, Entry]

    def word(self, key: str, **values: object) -> str:
        """The text of ``key`` with ``values`` in its braces."""
        return _fill(self._entry(key), values)

    def plural(self, key: str, count: int, **values: object) -> str:
        """The form of ``key`` for ``count`` (CLDR's plural rules for the language, through Babel)."""
        forms = self._entry(key)
        return _fill(forms.get(self.plural_category(count), forms["other"]), {"count": self.number(count), **values})

    def _entry(self, key: str) -> Entry:
        # Every catalog has the reference's keys (load_catalog): a key asked for that the reference lacks is
        # a template's or the code's, named where a translator would add it.
        if key not in self.entries:
            raise BuildError(f"{_shown(REFERENCE)}: the key '{key}' is missing; add it (and to every other "
                             "catalog in that folder)")
        return self.entries[key]

    def plural_category(self, count: int) -> str:
        from babel import Locale

        return Locale.parse(self.language, sep="-").plural_form(count)

    def number(self, value: float) -> str:
        """``value`` written as the language writes numbers (1 000 in French, 1.000 and 8,5 in German)."""
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.language.replace("-", "_"))

    def group(self, prefix: str) -> dict[str, Entry]:
        """Every entry whose key starts with ``prefix``, without it: the words one script is handed."""
        return {key[len(prefix):]: entry for key, entry in self.entries.items() if key.startswith(prefix)}


def load_catalog(templates_dir: Path, language: str) -> Catalog:
    """The catalog of ``language``; BuildError, one line, for a catalog that lacks an English key, has one
    English lacks, a plural form its language needs, or other braces than English."""
    name = catalog_language(templates_dir, language)
    if name is None:
        raise BuildError(f"content/club.yaml: language: '{language}' has no catalog; the languages there are: "
                         f"{', '.join(available_languages(templates_dir))} (templates/{CATALOGS_FOLDER}/)")
    return _checked(templates_dir, name, _stamp(templates_dir, REFERENCE), _stamp(templates_dir, name))


def _stamp(templates_dir: Path, name: str) -> tuple[int, int] | None:
    try:
        status = (catalogs_dir(templates_dir) / f"{name}.yaml").stat()
    except OSError:
        return None  # _read() says what is wrong
    return status.st_size, status.st_mtime_ns


# Every template set (pages, cards, share picture) asks for the catalog: it is read and checked once while its
# files stay as they are (``stamps``), also across a preview's rebuilds. A catalog with a mistake is read again.
@functools.lru_cache(maxsize=8)
def _checked(templates_dir: Path, name: str, *stamps: tuple[int, int] | None) -> Catalog:
    reference = _read(templates_dir, REFERENCE)
    entries = reference if name == REFERENCE else _read(templates_dir, name)
    _check(name, entries, reference)
    return Catalog(name, entries)


def _shown(name: str) -> str:
    return f"templates/{CATALOGS_FOLDER}/{name}.yaml"


def _read(templates_dir: Path, name: str) -> dict[str, Entry]:
    path = catalogs_dir(templates_dir) / f"{name}.yaml"
    try:
        entries = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise BuildError(f"{_shown(name)}: cannot be read ({' '.join(str(error).split())}); fix the file") from None
    if not isinstance(entries, dict):
        raise BuildError(f"{_shown(name)}: should hold 'key: text' lines; fix the file")
    return entries


def _check(name: str, entries: dict[str, Entry], reference: dict[str, Entry]) -> None:
    from babel import Locale

    needed_forms = {"other", *Locale.parse(name, sep="-").plural_form.tags}
    for key, english in reference.items():
        if key not in entries:
            raise BuildError(f"{_shown(name)}: the key '{key}' is missing; copy it from {_shown(REFERENCE)} "
                             "and translate it")
        entry = entries[key]
        if isinstance(english, dict):
            if not isinstance(entry, dict) or not all(isinstance(form, str) for form in entry.values()):
                raise BuildError(f"{_shown(name)}: '{key}' should be plural forms ({', '.join(sorted(needed_forms))}), "
                                 "each a text")
            missing = sorted(needed_forms - set(entry))
            if missing:
                raise BuildError(f"{_shown(name)}: '{key}' lacks the plural form '{missing[0]}'; add it")
            texts, english_text = list(entry.values()), english["other"]
        elif not isinstance(entry, str):
            raise BuildError(f"{_shown(name)}: '{key}' should be one text")
        else:
            texts, english_text = [entry], english
        for text in texts:
            if set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(english_text)):
                raise BuildError(f"{_shown(name)}: '{key}' should hold exactly the braces of {_shown(REFERENCE)} "
                                 f"({', '.join(sorted('{' + p + '}' for p in _PLACEHOLDER.findall(english_text))) or 'none'})")
    extra = next((key for key in entries if key not in reference), None)
    if extra is not None:
        raise BuildError(f"{_shown(name)}: the key '{extra}' is not in {_shown(REFERENCE)}; remove it or fix its name")


def catalog_globals(club, templates_dir: Path) -> dict[str, object]:
    """What every template (pages, cards, share picture) is given of the club's language: ``t(key, **values)``,
    ``plural(key, count, **values)``, ``language`` (the tag) and ``members`` (the club's word, or the catalog's)."""
    catalog = load_catalog(templates_dir, club.language_tag)
    return {"t": catalog.word, "plural": catalog.plural, "language": catalog.language,
            "members": club.members or catalog.word("members"), "catalog": catalog}
