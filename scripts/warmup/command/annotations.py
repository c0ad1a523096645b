"""Problems as GitHub Actions annotations, so a mistake shows on its own line in a pull request.

A line `::error file=…,line=…,col=…::message` printed by a workflow step becomes an annotation
on that line of that file. The message and the properties are escaped as GitHub's workflow
commands require: '%', CR and LF everywhere, and ':' and ',' inside a property too.
"""

from __future__ import annotations

from warmup.problems import Problem, printable


def problem_annotation(problem: Problem) -> str:
    """``problem`` as an error annotation on its file, line and column."""
    properties = [f"file={_property(str(problem.file))}"]
    if problem.line is not None:
        properties.append(f"line={problem.line}")
        if problem.column is not None:
            properties.append(f"col={problem.column}")
    field = f"{problem.field}: " if problem.field else ""
    return f"::error {','.join(properties)}::{_data(printable(field + problem.message))}"


def error_annotation(message: str) -> str:
    """A problem that belongs to no line of a file, as an annotation on the run itself."""
    return f"::error::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
