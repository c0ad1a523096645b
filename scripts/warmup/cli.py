"""The `warmup` command a coach runs: build, check or preview the club's warm-up site and cards."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .build import build, check
from .problems import BuildError, ContentError
from .project import Project

EXIT_OK, EXIT_CONTENT_PROBLEM, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    project = Project(Path(arguments.project).resolve())
    if not project.config_file.is_file():
        print(f"error: {project.config_file} not found; run warmup inside the project folder "
              "or pass --project FOLDER", file=sys.stderr)
        return EXIT_USAGE
    try:
        return arguments.run(project, arguments)
    except ContentError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(error.problems)} problem(s) found; nothing was published, site/ is unchanged.",
              file=sys.stderr)
        return EXIT_CONTENT_PROBLEM
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_CONTENT_PROBLEM


def _run_build(project: Project, arguments) -> int:
    started = time.perf_counter()
    library = build(project)
    _progress(arguments, f"Built {len(library.routines)} routine(s), {len(library.exercises)} exercise page(s) "
                         f"and their cards into {project.site_dir} ({time.perf_counter() - started:.1f} s)")
    return EXIT_OK


def _run_check(project: Project, arguments) -> int:
    started = time.perf_counter()
    library = check(project)
    _progress(arguments, f"Content is fine: {len(library.routines)} routine(s), {len(library.exercises)} "
                         f"exercise(s), every card fits on one page ({time.perf_counter() - started:.1f} s)")
    return EXIT_OK


def _run_serve(project: Project, arguments) -> int:
    from mkdocs.commands.serve import serve

    check(project)
    _progress(arguments, f"Preview at http://{arguments.address}/ ; it rebuilds when you save a file "
                         "in content/ or templates/. Stop with Ctrl+C.")
    serve(config_file=str(project.config_file), dev_addr=arguments.address, livereload=True)
    return EXIT_OK


def _progress(arguments, line: str) -> None:
    if not arguments.quiet:
        print(line)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warmup",
        description="Build the club's warm-up website and printable cards from the files in content/.",
        epilog="Exit codes: 0 success, 1 a problem in the content (the message says which file and line), "
               "2 the command was used wrongly.",
    )
    parser.add_argument("--project", default=".", help="the project folder holding mkdocs.yml (default: here)")
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    commands.add_parser("build", help="build the website and the cards into site/").set_defaults(run=_run_build)
    commands.add_parser("check", help="check content/ for mistakes without building").set_defaults(run=_run_check)
    serve = commands.add_parser("serve", help="preview the website; it rebuilds as you save")
    serve.add_argument("--address", default="127.0.0.1:8000", help="where to serve (default: 127.0.0.1:8000)")
    serve.set_defaults(run=_run_serve)
    return parser


if __name__ == "__main__":
    sys.exit(main())
