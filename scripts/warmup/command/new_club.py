"""`warmup new-club NAME`: the example club's content replaced by a starter of a new club's own.

content/ becomes club.yaml, one routine and one exercise, every field explained in comments,
and nothing else: the example club's exercises, routines, logo and pictures go. The starter's
words say what to write in their place, so it builds, and passes `warmup check`, as it is.
mkdocs.yml names the new club, gives its header a stopwatch in place of the example club's
icon, and leaves site_url out: GitHub's publishing workflow then gives the build the address
Pages gives the site.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

from warmup.catalog import DEFAULT_LANGUAGE, Catalog, available_languages, catalog_language, load_catalog
from warmup.command.starter import content_fields, exercise_text, render_content_file, slug_for, yaml_text
from warmup.content import schema
from warmup.content.colors import DEFAULT_COLORS
from warmup.content.json_schemas import write_schemas
from warmup.files import write_atomically
from warmup.problems import UsageProblem
from warmup.project import Project

_SECTION_SHAPE = ["heading: ...", "text: ...", "points:", "  - name: ...", "    text: ..."]
_SHAPES = {"colors": [f'primary: "{DEFAULT_COLORS.primary}"', f'accent: "{DEFAULT_COLORS.accent}"'],
           **{name: _SECTION_SHAPE for name in ("why_it_matters", "when_to_do_it", "why_it_works", "reminders")}}
# Material's stopwatch, beside the menu while club.yaml names no logo: like the home-screen icon, of no sport.
HEADER_ICON = "material/timer-outline"
SITE_URL_LEFT_OUT = """\
# site_url is left out: the site's address is then the one GitHub Pages gives it (the
# publishing workflow passes it on). To publish at another address, write it here:
# site_url: https://example.org/warmups/"""


def start_new_club(project: Project, name: str, language: str | None = None) -> str:
    """Replace content/ with a starter for the club called ``name`` and name it in mkdocs.yml; returns what next.

    With ``language`` (a tag with a catalog) club.yaml says it, and the starter's example texts and
    mkdocs.yml's name and description are that catalog's (its ``starter.*`` entries): the site a coach
    builds before writing anything speaks the club's language throughout.
    """
    name = " ".join(name.split())
    if not name:
        raise UsageProblem('the club\'s name is empty; write it in quotes, e.g. warmup new-club "Valley Football Club"')
    words = _starter_words(project, language)
    _refuse_uncommitted_changes(project)
    exercise_name = words.word("starter.exercise_name")
    exercise, routine = slug_for(exercise_name), slug_for(words.word("starter.routine_title"))
    routine_words = {"title": words.word("starter.routine_title"), "introduction": words.word("starter.introduction"),
                     # Its heading is the parents' page's title while club.yaml gives none.
                     "why_it_matters": [f"heading: {yaml_text(words.word('starter.why_heading'))}",
                                        f"text: {yaml_text(words.word('starter.why_text'))}"],
                     "exercises": [f"- {exercise}"]}
    club_words = {"name": name, "parents_routine": routine, **({"language": words.language} if language else {})}
    files = {
        "club.yaml": render_content_file(project.templates_dir, "club.yaml.j2", "club", fields=content_fields(
            schema.Club, club_words, _SHAPES)),
        f"routines/{routine}.yaml": render_content_file(project.templates_dir, "routine.yaml.j2", "routine",
                                                        fields=content_fields(schema.Routine, routine_words, _SHAPES)),
        f"exercises/{exercise}.yaml": exercise_text(project.templates_dir, exercise_name, {
            "how_to": words.word("starter.how_to"), "why_it_matters": words.word("starter.why_it_matters")}),
    }
    settings = _named_settings(project.config_file.read_text("utf-8"), {  # before anything changes
        "site_name": words.word("starter.site_name", club=name),
        "site_description": words.word("starter.site_description", club=name)})
    _replace_content(project.content_dir, files)
    write_atomically(project.config_file, settings.encode("utf-8"))
    return "\n".join([
        f"Replaced content/ with a starter for {name}: " + ", ".join(f"content/{path}" for path in files) + ",",
        "every field explained in comments. The example club's files are gone.",
        "1. Write the club's own words in them, in place of each example text; add exercises with",
        "   'warmup new-exercise NAME'.",
        "2. mkdocs.yml now names the club and has no site_url: published from GitHub, the site uses the",
        "   address GitHub Pages gives it. To check, build or preview it on this computer, write site_url",
        "   there first.",
    ])


def _refuse_uncommitted_changes(project: Project) -> None:
    """Work git has not kept would be lost for good; without git (or outside a repository) there is none to compare."""
    try:
        status = subprocess.run(["git", "status", "--porcelain", "--", project.content_dir.name,
                                 project.config_file.name], cwd=project.root, capture_output=True, text=True)
    except FileNotFoundError:
        return
    if status.returncode == 0 and status.stdout.strip():
        raise UsageProblem("content/ or mkdocs.yml has changes that git has not committed ('git status' lists them); "
                           "commit or undo them first: new-club replaces both")


def _starter_words(project: Project, language: str | None) -> Catalog:
    """The catalog of ``language`` (English when None); UsageProblem for a language without one."""
    tag = catalog_language(project.templates_dir, language or DEFAULT_LANGUAGE)
    if tag is None:
        raise UsageProblem(f"--language: '{language}' has no catalog of the words the site adds; the languages there "
                           f"are: {', '.join(available_languages(project.templates_dir))}")
    return load_catalog(project.templates_dir, tag)


def _named_settings(text: str, named: dict[str, str]) -> str:
    """mkdocs.yml's ``text`` with the settings ``named`` (the club's site_name and site_description), without
    site_url and the example club's header icon; its comments, and every other setting, as they were (each
    value is replaced where the file has it)."""
    document = yaml.compose(text, Loader=yaml.SafeLoader)
    top = {key.value: (key, value) for key, value in document.value} if isinstance(document, yaml.MappingNode) else {}
    edits = []  # (start, end, new text), applied from the end of the file backwards
    for setting, value in named.items():
        node = top.get(setting, (None, None))[1]
        if isinstance(node, yaml.ScalarNode):
            edits.append((node.start_mark.index, node.end_mark.index, yaml_text(value)))
        else:
            edits.append((0, 0, f"{setting}: {yaml_text(value)}\n"))
    if "site_url" in top:
        key, node = top["site_url"]
        line_end = text.find("\n", node.end_mark.index)
        edits.append((key.start_mark.index, len(text) if line_end < 0 else line_end, SITE_URL_LEFT_OUT))
    icon = _value_at(top.get("theme", (None, None))[1], "icon", "logo")
    if isinstance(icon, yaml.ScalarNode):
        edits.append((icon.start_mark.index, icon.end_mark.index, HEADER_ICON))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _value_at(node: yaml.Node | None, *keys: str) -> yaml.Node | None:
    """The node under ``keys`` in the mapping ``node``, or None."""
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((value for k, value in node.value if k.value == key), None)
    return node


def _replace_content(content_dir: Path, files: dict[str, str]) -> None:
    """content/ holding ``files`` and the editors' schemas, and nothing else: written beside it, then swapped in."""
    staging = Path(tempfile.mkdtemp(dir=content_dir.parent, prefix=".content-new-"))
    old = Path(tempfile.mkdtemp(dir=content_dir.parent, prefix=".content-old-")) / content_dir.name
    try:
        for relative, text in files.items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_text(text, "utf-8")
        write_schemas(staging)
        if content_dir.exists():
            content_dir.rename(old)
        try:
            staging.rename(content_dir)
        except BaseException:
            if old.exists():
                old.rename(content_dir)  # the example club stays whole
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # nothing left once it is content/
        shutil.rmtree(old.parent, ignore_errors=True)
