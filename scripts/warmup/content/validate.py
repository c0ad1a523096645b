"""Check a parsed content file against its schema, in words a coach understands."""

from __future__ import annotations

import re
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from warmup.problems import Problem, closest, did_you_mean, field_name
from warmup.content.schema import KIND_NAMES
from warmup.content.yaml_source import YamlDocument

Model = TypeVar("Model", bound=BaseModel)


def validate(document: YamlDocument, model: type[Model]) -> Model | list[Problem]:
    """The validated model for ``document``, or every problem with it."""
    kind = KIND_NAMES[model]
    if not isinstance(document.data, dict):
        return [Problem(document.path, f"should hold {kind}'s fields as 'name: value' lines", 1, 1)]
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        details = error.errors()
    # A misspelt required key is one mistake: report the misspelling, not also the missing field.
    misspelt = set()
    for detail in details:
        if detail["type"] == "extra_forbidden":
            location = _location(detail)
            suggestion = closest(location[-1], _fields_at(model, location[:-1]))
            misspelt.add(location[:-1] + (suggestion,))
    return [_problem(document, model, kind, detail) for detail in details
            if not (detail["type"] == "missing" and _location(detail) in misspelt)]


def _location(detail: dict) -> tuple:
    parts = detail["loc"]
    # An unknown key ends its location under its own name, even one like "list" or "a[1]".
    if detail["type"] == "extra_forbidden":
        return tuple(part for part in parts[:-1] if not _is_type_tag(part)) + parts[-1:]
    return tuple(part for part in parts if not _is_type_tag(part))


def _problem(document: YamlDocument, model: type[BaseModel], kind: str, detail: dict) -> Problem:
    location = _location(detail)
    line, column = document.position(location)
    field = field_name(location)
    error_type = detail["type"]
    if error_type == "extra_forbidden":
        allowed = _fields_at(model, location[:-1])
        hint = getattr(_model_at(model, location[:-1]), "FIELDS_HINT", None) or f"Allowed here: {', '.join(allowed)}"
        message = (f"'{location[-1]}' is not a field of {kind}; remove it or fix its spelling."
                   f"{did_you_mean(location[-1], allowed)} {hint}")
        return Problem(document.path, message, line, column, None)
    if error_type == "literal_error":
        choices = re.findall(r"'([^']*)'", detail.get("ctx", {}).get("expected", ""))
        suggestion = did_you_mean(detail.get("input"), choices)
        listed = f" Choose one of: {', '.join(choices)}" if len(choices) <= 12 else ""
        return Problem(document.path, f"{_shown(detail.get('input'))} is not one of the words this field knows."
                       f"{suggestion}{listed}" + ("" if suggestion or listed else
                                                  " See the comments at the top of the file"), line, column, field)
    if error_type in CUSTOM_MESSAGES:
        return Problem(document.path, detail["msg"], line, column, field)
    if error_type == "missing":
        return Problem(document.path, f"is missing; add a line '{location[-1]}: ...'", line, column, field)
    if error_type == "colour" and detail.get("input") is None:
        return Problem(document.path, detail["msg"], line, column, field)
    if detail.get("input") in ("", None):
        return Problem(document.path, "is empty; write the text after the colon", line, column, field)
    messages = {
        "string_type": "should be text",
        "list_type": "should be a list, one '- item' per line",
        "model_type": "should hold fields as 'name: value' lines, indented below it",
        "dict_type": "should hold fields as 'name: value' lines, indented below it",
        "bool_type": "should be yes or no",
        "bool_parsing": "should be yes or no",
        "int_type": "should be a whole number",
        "int_parsing": "should be a whole number",
        "int_from_float": "should be a whole number",
        "string_pattern_mismatch": "should be a file name in lower case with dashes, e.g. calf-raises",
        "too_short": _at_least(detail.get("ctx", {}).get("min_length", 1)),
        "too_long": (f"should be at most {detail.get('ctx', {}).get('max_length')} characters long"
                     if isinstance(detail.get("input"), str) else
                     f"should list at most {detail.get('ctx', {}).get('max_length')} items"),
        "string_too_long": f"should be at most {detail.get('ctx', {}).get('max_length')} characters long",
        "greater_than": f"should be more than {detail.get('ctx', {}).get('gt')}",
        "less_than_equal": f"should be at most {detail.get('ctx', {}).get('le')}",
    }
    message = messages.get(error_type, detail["msg"].rstrip("."))
    return Problem(document.path, f"{message} (found {_shown(detail.get('input'))})", line, column, field)


def _at_least(count: int) -> str:
    return "should list at least 1 item" if count == 1 else f"should list at least {count} items"


# Errors whose message, written in schema.py, already says what is wrong and what to write.
CUSTOM_MESSAGES = {"joint_range", "arrow_kind"}


def _is_type_tag(part: object) -> bool:
    # pydantic adds the member type of a union to the location, e.g. ('advanced', 'str').
    return isinstance(part, str) and (part in {"str", "int", "bool", "list", "none"} or "[" in part
                                      or part.startswith("function-"))


def _fields_at(model: type[BaseModel], location: tuple) -> list[str]:
    return list(_model_at(model, location).model_fields)


def _model_at(model: type[BaseModel], location: tuple) -> type[BaseModel]:
    current: type[BaseModel] = model
    for part in location:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        current = _inner_model(annotation) or current
    return current


def _inner_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _inner_model(argument)
        if found:
            return found
    return None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
