"""Load every content file and build the one model that site and cards share."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from warmup.catalog import CATALOGS_FOLDER, available_languages, catalog_language
from warmup.content import schema
from warmup.content.colors import Palette, contrast_message
from warmup.content.figure_checks import figure_problems
from warmup.content.letters import font_letters, undrawable_letters
from warmup.content.logo import LOGO_NAME, read_logo
from warmup.content.pictures import MAX_PICTURE_BYTES, PictureProblem, web_copy
from warmup.content.safe_files import OUTSIDE_FIX, is_inside, read_inside
from warmup.content.validate import validate
from warmup.problems import did_you_mean
from warmup.content.yaml_source import YamlDocument, read_yaml
from warmup.paths import ILLUSTRATIONS, TAKEN_ADDRESSES, logo_file, page_file
from warmup.problems import ContentError, Problem
from warmup.render_cache import RenderCache

# A plain file name (no folders: nothing outside content/illustrations/ is ever published) of a picture.
ILLUSTRATION_NAME = r"[a-z0-9][a-z0-9-]*\.(png|jpe?g|webp)"
# Editors save YAML as .yaml or .yml; both are read, and one of each for the same name is a clash.
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, eq=False)  # one object per file: identity is equality
class Exercise:
    slug: str
    source: str
    details: schema.Exercise


@dataclass(frozen=True, eq=False)
class Routine:
    slug: str
    source: str
    details: schema.Routine
    exercises: tuple[Exercise, ...]

    @property
    def equipment(self) -> list[schema.Equipment]:
        """Each item its exercises name, once (by name, in order); optional only if optional everywhere."""
        items: dict[str, schema.Equipment] = {}
        for exercise in self.exercises:
            for item in exercise.details.equipment:
                key = item.name.casefold()
                items[key] = item if key not in items else schema.Equipment(
                    name=items[key].name, optional=items[key].optional and item.optional)
        return list(items.values())


@dataclass(frozen=True)
class ParentsPage:
    """The page for parents about the routine the club names: its title and its address under site_url."""

    title: str
    address: str

    @property
    def file(self) -> str:
        return page_file(self.address)


def parents_page(club: schema.Club, routine: schema.Routine) -> ParentsPage:
    why = routine.why_it_matters
    title = club.parents_page_title or (why.heading if why else routine.title)
    return ParentsPage(title, schema.slugify(title))


@dataclass(frozen=True)
class Library:
    """Everything the club publishes: its routines and their exercises."""

    club: schema.Club
    club_source: str
    routines: tuple[Routine, ...]
    exercises: tuple[Exercise, ...]
    # The club's logo as published (logo.py): read once, so the site, cards and share picture show the same.
    logo_svg: bytes | None = None

    @property
    def parents_routine(self) -> Routine:
        return next(r for r in self.routines if r.slug == self.club.parents_routine)

    @property
    def parents_page(self) -> ParentsPage:
        return parents_page(self.club, self.parents_routine.details)

    def routines_with(self, exercise: Exercise) -> list[Routine]:
        return [routine for routine in self.routines if exercise in routine.exercises]

    @property
    def unlisted_exercises(self) -> list[Exercise]:
        """Exercises no routine lists yet: they have a page, but are on no card."""
        return [exercise for exercise in self.exercises if not self.routines_with(exercise)]


def illustration_files(library: Library, content_dir: Path, cache: RenderCache) -> dict[str, bytes]:
    """The pictures the exercises show, cut to web size (pictures.py) or as ``cache`` kept them, keyed by path inside
    docs/."""
    names = sorted({e.details.illustration for e in library.exercises if e.details.illustration})
    files, problems = {}, []
    for name in names:
        picture = _web_picture(content_dir, name, _ShownPath(content_dir), cache)
        if isinstance(picture, Problem):  # it changed since it was checked
            problems.append(picture)
        else:
            files[f"{ILLUSTRATIONS}/{name}"] = picture
    if problems:
        raise ContentError(problems)
    return files


def _web_picture(content_dir: Path, name: str, shown: "_ShownPath", cache: RenderCache | None) -> bytes | Problem:
    """The web-sized copy of content/illustrations/``name``, or why it cannot be published. Kept in ``cache`` under
    the picture's bytes: a camera's photo takes a quarter of a second or more to decode and cut, at every check
    and build."""
    path = content_dir / ILLUSTRATIONS / name
    data = read_inside(path, content_dir, shown(path), MAX_PICTURE_BYTES, "a picture")
    if isinstance(data, Problem):
        return data
    try:
        return (cache or RenderCache(None)).fetch(functools.partial(_web_copy_file, data, path.suffix), "web picture",
                                                  f"pillow {version('pillow')}", path.suffix.lower(), data)["web"]
    except PictureProblem as problem:  # never kept: a picture is kept only once it was proved whole
        return Problem(shown(path), str(problem))


def _web_copy_file(data: bytes, suffix: str) -> dict[str, bytes]:
    return {"web": web_copy(data, suffix)}


def identity_files(library: Library) -> dict[str, bytes]:
    """The club's logo, as cleaned (logo.py), keyed by path inside docs/."""
    return {logo_file(library.club.logo): library.logo_svg} if library.logo_svg else {}


def load_library(content_dir: Path, templates_dir: Path | None = None, cache: RenderCache | None = None) -> Library:
    """Read, validate and cross-check ``content_dir``; raise ContentError listing every problem. With
    ``templates_dir``, the club's language must have a catalog there and every letter must be in the
    printed pieces' font (what the fonts can draw kept in ``cache``)."""
    problems: list[Problem] = []
    shown = _ShownPath(content_dir)

    # A link counts as the file even when it leads nowhere: reading it then says what is wrong.
    club_files = [path for path in _named(content_dir, "club") if path.is_file() or path.is_symlink()]
    club_file = club_files[0] if club_files else content_dir / "club.yaml"
    club = logo_svg = None
    for extra in club_files[1:]:
        problems.append(Problem(shown(extra), f"is a second club file beside {club_file.name}; "
                                "delete or rename one of them"))
    if not club_files:
        problems.append(Problem(shown(club_file), "is missing; create it with the club's name and parents_routine"))
    elif loaded := _load(club_file, schema.Club, shown, problems):
        club, club_document = loaded
        logo_svg = _check_identity(content_dir, club, club_document, shown, problems)

    exercise_folder = content_dir / "exercises"
    exercises = _load_folder(exercise_folder, schema.Exercise, shown, problems)
    routine_files = _load_folder(content_dir / "routines", schema.Routine, shown, problems)
    # An exercise whose own file has a problem is reported once, not again by every routine listing it.
    # (A misnamed file counts under the name it should have: Calf-Raises.yaml is calf-raises.)
    unreadable = _slugs_of_files(exercise_folder) - {e.slug for e, _ in exercises}
    if not routine_files and not problems:
        problems.append(Problem(shown(content_dir / "routines"), "holds no routine; add one, e.g. warm-up.yaml"))

    by_slug = {exercise.slug: exercise for exercise, _ in exercises}
    _check_unique([(e.details.name, e.source, document) for e, document in exercises], "name", "exercise", problems)
    _check_unique([(details.title, source, document) for (_, source, details), document in routine_files],
                  "title", "routine", problems)
    _check_illustrations(content_dir, exercises, shown, problems, cache)
    for exercise, document in exercises:
        problems.extend(figure_problems(exercise.details, document))
    routines = []
    for (slug, source, details), document in routine_files:
        listed = _resolve_exercises(details, document, by_slug, unreadable, problems)
        routines.append(Routine(slug, source, details, tuple(listed)))

    # A parents' routine whose own file has a problem is reported there, not again here.
    if club is not None and routine_files and club.parents_routine not in _slugs_of_files(content_dir / "routines"):
        problems.append(Problem(shown(club_file), f"names routine '{club.parents_routine}', which does not exist."
                                f"{did_you_mean(club.parents_routine, [r.slug for r in routines])}",
                                None, None, "parents_routine"))
    elif club is not None:
        _check_parents_page_address(club, club_document, routines, problems)
    if templates_dir is not None:
        documents = [document for _, document in exercises + routine_files]
        if club is not None:
            _check_language(club, club_document, templates_dir, problems)
            documents.insert(0, club_document)
        family, letters = font_letters(templates_dir, cache)
        for document in documents:
            problems.extend(undrawable_letters(document, family, letters))
    if problems:
        raise ContentError(problems)

    first_routine = club.parents_routine
    routines.sort(key=lambda routine: (routine.slug != first_routine, routine.details.title.lower()))
    ordered = [e for routine in routines for e in routine.exercises]
    ordered += sorted(by_slug.values(), key=lambda e: e.details.name.lower())
    return Library(club, str(shown(club_file)), tuple(routines), tuple(dict.fromkeys(ordered)), logo_svg)


@dataclass(frozen=True)
class _ShownPath:
    """A file's name as messages show it: relative to the project folder."""

    content_dir: Path

    def __call__(self, path: Path) -> Path:
        try:
            return path.relative_to(self.content_dir.parent)
        except ValueError:
            return path


def _load(path: Path, model, shown, problems: list[Problem]) -> tuple | None:
    """(validated model, parsed document) for one file, or None with its problems added to ``problems``."""
    document = read_yaml(path, shown(path), shown.content_dir)
    if isinstance(document, Problem):
        problems.append(document)
        return None
    problems.extend(document.problems)
    details = validate(document, model)
    if isinstance(details, list):
        problems.extend(details)
        return None
    return (details, document) if not document.problems else None


def _load_folder(folder: Path, model, shown, problems: list[Problem]) -> list:
    loaded = []
    if not folder.is_dir():
        problems.append(Problem(shown(folder), "folder is missing; create it"))
        return loaded
    if not is_inside(folder, shown.content_dir):
        problems.append(Problem(shown(folder), f"is a link to a folder outside content/; {OUTSIDE_FIX}"))
        return loaded
    first_file_of: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix not in YAML_SUFFIXES:
            problems.append(Problem(shown(path), "is not a .yaml file; rename it to end in .yaml or move it out"))
            continue
        if path.stem in first_file_of:
            problems.append(Problem(shown(path), f"has the same name as {shown(first_file_of[path.stem]).name}, "
                                    "so both would be the page /" + f"{folder.name}/{path.stem}/; "
                                    "delete or rename one of them"))
            continue
        first_file_of[path.stem] = path
        if not re.match(schema.SLUG_PATTERN, path.stem):
            problems.append(Problem(shown(path), "file name should be lower case words joined by dashes, "
                                    f"e.g. {_suggest_slug(path.stem)}.yaml; rename the file"))
            continue
        loaded_file = _load(path, model, shown, problems)
        if loaded_file is None:
            continue
        details, document = loaded_file
        if model is schema.Exercise:
            loaded.append((Exercise(path.stem, str(shown(path)), details), document))
        else:
            loaded.append(((path.stem, str(shown(path)), details), document))
    return loaded


def _named(folder: Path, stem: str) -> list[Path]:
    return [folder / f"{stem}{suffix}" for suffix in YAML_SUFFIXES]


def _slugs_of_files(folder: Path) -> set[str]:
    """The names the YAML files in ``folder`` stand for; a misnamed file counts under the name it should have."""
    stems = [path.stem for path in folder.glob("*") if path.suffix in YAML_SUFFIXES] if folder.is_dir() else []
    return set(stems) | {_suggest_slug(stem) for stem in stems}


def _suggest_slug(stem: str) -> str:
    return schema.slugify(stem) or "my-exercise"


def _check_unique(entries: list[tuple[str, str, YamlDocument]], field: str, kind: str, problems: list[Problem]) -> None:
    """Each (text, source file, document) must differ from the others in ``field``, ignoring case."""
    first_source: dict[str, str] = {}
    for text, source, document in entries:
        key = text.casefold()
        if key in first_source:
            line, column = document.position((field,))
            problems.append(Problem(document.path, f"'{text}' is also the {field} of {first_source[key]}; "
                                    f"give each {kind} its own {field}", line, column, field))
        else:
            first_source[key] = source


def _check_identity(content_dir: Path, club: schema.Club, document: YamlDocument, shown: _ShownPath,
                    problems: list[Problem]) -> bytes | None:
    """The club's colours must read in both schemes, and its logo must be a plain SVG in content/:
    returns the logo as published."""
    palette = Palette.of(club)
    for pair in palette.failing_pairs():
        colour_field = pair.field.split(".")[-1]
        line, column = document.position(("colors", colour_field))
        problems.append(Problem(document.path, contrast_message(pair, getattr(palette, colour_field)),
                                line, column, pair.field))
    if club.logo is None:
        return None
    line, column = document.position(("logo",))
    if not re.fullmatch(LOGO_NAME, club.logo):
        problems.append(Problem(document.path, f"'{club.logo}' should be the name of an .svg file in content/: "
                                "lower-case letters, digits and dashes, e.g. logo.svg", line, column, "logo"))
    elif not os.path.lexists(content_dir / club.logo):  # a link, a pipe or a device is read_logo's to explain
        problems.append(Problem(document.path, f"'{club.logo}' is not in content/; put the logo there or fix the name",
                                line, column, "logo"))
    else:
        logo = read_logo(content_dir / club.logo, content_dir, shown(content_dir / club.logo))
        if not isinstance(logo, Problem):
            return logo
        problems.append(logo)
    return None


def _check_illustrations(content_dir: Path, exercises: list, shown: _ShownPath, problems: list[Problem],
                         cache: RenderCache | None) -> None:
    checked: set[str] = set()
    for exercise, document in exercises:
        details = exercise.details
        if details.illustration is None:
            continue
        line, column = document.position(("illustration",))
        if not re.fullmatch(ILLUSTRATION_NAME, details.illustration):
            problems.append(Problem(document.path, f"'{details.illustration}' should be the name of a picture in "
                                    f"content/{ILLUSTRATIONS}/: lower-case letters, digits and dashes, ending in "
                                    ".png, .jpg or .webp, e.g. calf-raises.png", line, column, "illustration"))
        elif not os.path.lexists(content_dir / ILLUSTRATIONS / details.illustration):
            problems.append(Problem(document.path, f"'{details.illustration}' is not in content/{ILLUSTRATIONS}/; "
                                    "put the picture there or fix the name", line, column, "illustration"))
        elif details.illustration not in checked:
            checked.add(details.illustration)
            picture = _web_picture(content_dir, details.illustration, shown, cache)
            if isinstance(picture, Problem):
                problems.append(picture)
        if details.illustration_description is None:
            problems.append(Problem(document.path, "is missing; describe the picture for anyone who cannot see it",
                                    line, column, "illustration_description"))


def _check_language(club: schema.Club, document: YamlDocument, templates_dir: Path, problems: list[Problem]) -> None:
    if club.language is None or catalog_language(templates_dir, club.language):
        return
    line, column = document.position(("language",))
    problems.append(Problem(document.path, f"'{club.language}' has no catalog of the words the site adds; the "
                            f"languages there are: {', '.join(available_languages(templates_dir))} (or add "
                            f"templates/{CATALOGS_FOLDER}/{club.language}.yaml, see guide/languages.md)",
                            line, column, "language"))


def _check_parents_page_address(club: schema.Club, document: YamlDocument, routines: list[Routine],
                                problems: list[Problem]) -> None:
    routine = next((r for r in routines if r.slug == club.parents_routine), None)
    if routine is None:
        return
    page = parents_page(club, routine.details)
    if page.address and page.address not in TAKEN_ADDRESSES:
        return
    line, column = document.position(("parents_page_title",))
    taken = f"would be the address /{page.address}/, which the site uses already" if page.address else \
        "has no letters or digits to make its web address from"
    problems.append(Problem(document.path, f"the parents' page's title '{page.title}' {taken}; "
                            "write another parents_page_title", line, column, "parents_page_title"))


def _resolve_exercises(details: schema.Routine, document: YamlDocument, by_slug: dict, unreadable: set,
                       problems: list) -> list:
    listed = []
    for index, slug in enumerate(details.exercises):
        line, column = document.position(("exercises", index))
        if slug in unreadable:
            continue
        if slug not in by_slug:
            problems.append(Problem(document.path, f"'{slug}' is not an exercise in content/exercises/; create "
                                    f"content/exercises/{slug}.yaml or fix the name.{did_you_mean(slug, by_slug)}",
                                    line, column, f"exercises[{index + 1}]"))
        elif by_slug[slug] in listed:
            problems.append(Problem(document.path, f"'{slug}' is listed twice; keep it once", line, column,
                                    f"exercises[{index + 1}]"))
        else:
            listed.append(by_slug[slug])
    return listed
