"""`warmup new-exercise NAME`: a commented starter file for a new exercise.

Only the name the coach typed is filled in. The club's wording (how to do it,
why it matters) is left empty on purpose: `warmup check` then names each
field still to write, and nothing invented can reach the site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from warmup.content import schema
from warmup.content.json_schemas import modeline
from warmup.content.library import YAML_SUFFIXES
from warmup.figures import body
from warmup.problems import UsageProblem, templates_reported
from warmup.project import Project

STARTER_TEMPLATE = "exercise.yaml.j2"
# How a list field is written, shown commented out in the starter (shapes only, no wording).
_LIST_SHAPES = {
    "equipment": ["- name: ...", "  optional: yes"],
    "cues": ["- ...", "- ..."],
    "common_mistakes": ["- ...", "- ..."],
    "figure": ["posture: standing", "view: side", "positions:", "  - name: start", "  - name: end", "    knee: 90",
               "arrow:", "  follows: right foot"],
    "advanced_figure": ["posture: standing", "positions:", "  - name: ..."],
}


def slug_for(name: str) -> str:
    """The file name (and web address) for an exercise called ``name``: 'Calf Raises!' -> 'calf-raises'."""
    slug = schema.slugify(name)
    if not slug:
        raise UsageProblem(f"cannot make a file name from {name!r}; use a name with letters or digits, "
                         'e.g. warmup new-exercise "Calf Raises"')
    return slug


def write_starter_exercise(project: Project, name: str, posture: str | None = None) -> str:
    """Write the starter file for ``name`` (with a figure in ``posture`` when given); returns what to do next."""
    name = " ".join(name.split())
    slug = slug_for(name)
    folder = project.content_dir / "exercises"
    for suffix in YAML_SUFFIXES:
        existing = folder / f"{slug}{suffix}"
        if existing.exists():
            raise UsageProblem(f"{existing.relative_to(project.root)} exists already and is left as it is; "
                                "edit it, or choose another name")
    text = exercise_text(project.templates_dir, name, posture=posture)
    path = folder / f"{slug}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as stream:  # "x": never overwrite, even if created meanwhile
        stream.write(text)
    return _instructions(project, path, slug)


def exercise_text(templates_dir: Path, name: str, values: dict[str, str] | None = None,
                  posture: str | None = None) -> str:
    """An exercise file called ``name`` with every field explained; ``values``: other fields' text."""
    # With a posture, the figure is written out for real below, not also offered commented out.
    fields = content_fields(schema.Exercise, {**(values or {}), "name": name}, _LIST_SHAPES,
                            {"figure"} if posture else set())
    return render_content_file(templates_dir, STARTER_TEMPLATE, "exercise", name=name, fields=fields,
                               posture=posture, postures=list(body.POSTURES), views=list(body.VIEWS),
                               joints=list(body.JOINTS.values()), sided_parts=body.SIDED_PARTS,
                               middle_points=body.MIDDLE_POINTS)


def content_fields(model: type[schema.ContentModel], values: dict[str, str | list[str]],
                   shapes: dict[str, list[str]], left_out: set[str] = frozenset()) -> list[dict]:
    """``model``'s fields as the content templates write them: a value is one line of text, or the
    lines under the field; ``shapes`` show how a list is written where no value is given."""
    return [{"name": name, "description": info.description or name, "required": info.is_required(),
             "value": yaml_text(values[name]) if isinstance(values.get(name), str) else values.get(name, ""),
             "example": shapes.get(name)}
            for name, info in model.model_fields.items() if name not in left_out]


def render_content_file(templates_dir: Path, template: str, kind: str, **context) -> str:
    """A content file of ``kind`` from ``template`` in templates/, its first line naming the kind's schema."""
    environment = Environment(loader=FileSystemLoader(templates_dir / "content"), undefined=StrictUndefined,
                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    with templates_reported():
        return environment.get_template(template).render(modeline=modeline(kind), **context)


def yaml_text(text: str) -> str:
    # Plain words stay plain; anything YAML could misread (: # ' " and the like) is quoted.
    return text if re.fullmatch(r"[A-Za-z0-9][\w ().,'-]*", text) else json.dumps(text, ensure_ascii=False)


def _instructions(project: Project, path: Path, slug: str) -> str:
    shown = path.relative_to(project.root)
    routines = sorted(p for p in (project.content_dir / "routines").glob("*") if p.suffix in YAML_SUFFIXES)
    required = [n for n, info in schema.Exercise.model_fields.items() if info.is_required() and n != "name"]
    lines = [f"Created {shown}.",
             f"1. Open it and write {' and '.join(required)} (the file explains every field).",
             "   Until you do, 'warmup check' and 'warmup build' stop and say what is missing."]
    if len(routines) == 1:
        lines.append(f"2. Add the line '  - {slug}' to the exercises: list in "
                     f"{routines[0].relative_to(project.root)}, where it comes in the routine.")
    elif routines:
        lines.append(f"2. Add the line '  - {slug}' to the exercises: list of the routine it belongs to: "
                     + ", ".join(str(r.relative_to(project.root)) for r in routines) + ".")
    else:
        lines.append(f"2. Create a routine in content/routines/ and list '{slug}' in its exercises:.")
    lines.append("3. Run 'warmup check', then 'warmup build' or 'warmup serve' to see it.")
    return "\n".join(lines)
