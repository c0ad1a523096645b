"""The `warmup` command a coach runs: build, check, preview or publish the club's warm-up site and cards."""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from warmup.command.annotations import error_annotation, problem_annotation
from warmup.stopping import Terminated, stop_if_asked, stop_on_terminate
from warmup.figures import body
from warmup.problems import EXIT_USAGE, Problem, UsageProblem, WarmupError, printable
from warmup.progress import Progress
from warmup.project import Project

EXIT_OK, EXIT_UNEXPECTED = 0, 4
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM  # the shell's own numbers
DEBUG_VARIABLE = "WARMUP_DEBUG"

DESCRIPTION = """\
Turn the club's warm-up files in content/ into the website and the printable cards.

You edit the files in content/ (one per exercise, one per routine, and club.yaml);
this command checks them and builds everything from them.

  warmup check                      look for mistakes in content/, build nothing
  warmup build                      build the website and the cards into site/
  warmup serve                      preview the website while you edit
  warmup new-exercise "Calf Raises" start a new exercise file
  warmup new-club "Valley FC"       replace the example club with a starter of your own
  warmup figures                    draw every exercise's figure on one sheet
  warmup publish                    build, then put the website on GitHub Pages

Run any of them with --help for more, e.g. warmup build --help.
"""

EXIT_CODES = """\
exit codes:
  0  everything worked
  1  something in content/, templates/ or mkdocs.yml needs fixing: each "error:" line names
     the file, line and column, the field, and what to write instead
  2  the command was typed wrongly or cannot run as typed (unknown command or option,
     no mkdocs.yml here, the new exercise's file exists already, content/ has changes
     git has not committed (new-club), the preview's address is not IP:PORT or is
     taken by another program, SOURCE_DATE_EPOCH is not a number), or the computer
     stopped it (disk full, no permission, a name too long, site/ is a mount point)
  3  publishing failed (git or GitHub refused); site/ holds the new build, unpublished
  4  something unexpected went wrong (a bug): the message says what; run again with
     WARMUP_DEBUG=1 to show the details for a programmer
  130 stopped with Ctrl+C, 143 stopped by the system (SIGTERM): "Stopped."

A build that fails or is stopped leaves site/ as it was: the website built before
stays whole until a new one is complete. The error line says so when site/ changed.
"""


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    project = Project(Path(arguments.project).resolve())
    progress = Progress(quiet=arguments.quiet)
    signal.signal(signal.SIGTERM, stop_on_terminate)
    report = _reporter(getattr(arguments, "format", "text") == "github")
    try:
        if not project.config_file.is_file():
            raise UsageProblem(f"{project.config_file} not found; run warmup inside the project folder "
                               "or pass --project FOLDER")
        if arguments.run is not _run_new_exercise:
            from warmup.settings.checks import check_settings
            from warmup.settings.reader import read_settings

            # Read once, here, for every stage: a mistake in it is found before anything is built.
            arguments.settings = read_settings(project.config_file)
            # What reaches a visitor's page is checked before anything runs; a build checks the rest once its
            # engine has started loading (pipeline.build).
            check_settings(arguments.settings, what_pages_carry_only=arguments.run in (_run_build, _run_publish))
        done = arguments.run(project, arguments, progress)
        stop_if_asked()
        return done
    except WarmupError as error:
        for line in error.lines():
            report(line)
        if error.closing():
            _say_to_stderr(error.closing())
        return error.exit_code
    except Terminated:
        _say_to_stderr("Stopped.")
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        _say_to_stderr("Stopped.")
        return EXIT_INTERRUPTED
    except OSError as error:
        if error.errno not in MACHINE_ERRORS:
            return _unexpected(error, arguments, report)
        report(f"{_machine_problem(error, project)}" + ("" if arguments.run is _run_new_exercise else
                                                        f"; nothing was published, {_site_now(arguments)}"))
        return EXIT_USAGE
    except Exception as error:  # noqa: BLE001 - a coach gets one line, a programmer can ask for the rest
        return _unexpected(error, arguments, report)


def _reporter(annotate: bool) -> Callable[[Problem | str], None]:
    """How each error is printed: one 'error: ...' line, or (--format github) an annotation
    that GitHub shows on the file and line it names."""
    def report(problem: Problem | str) -> None:
        if annotate:
            line = problem_annotation(problem) if isinstance(problem, Problem) else error_annotation(printable(problem))
        else:
            line = f"error: {printable(str(problem))}"
        print(line, file=sys.stderr, flush=True)
    return report


def _unexpected(error: Exception, arguments, report) -> int:
    if os.environ.get(DEBUG_VARIABLE):
        traceback.print_exception(error)
    report(f"something unexpected went wrong ({type(error).__name__}: {' '.join(str(error).split())}); "
           f"{_site_now(arguments)}. Run again with {DEBUG_VARIABLE}=1 to see the details.")
    return EXIT_UNEXPECTED


def _site_now(arguments) -> str:
    # Only publishing goes on after a build has replaced site/.
    return "site/ holds the new build" if getattr(arguments, "site_replaced", False) else "site/ is unchanged"


# Problems of the machine rather than of the content or of warmup: each gets one line and exit 2.
MACHINE_ERRORS = {
    errno.ENOSPC: "the disk is full: free some space, then run it again",
    errno.EDQUOT: "this user's disk quota is used up: free some space, then run it again",
    errno.EACCES: "this user may not write there: change the folder's permissions or run warmup as its owner",
    errno.EPERM: "this user may not write there: change the folder's permissions or run warmup as its owner",
    errno.EROFS: "the disk is read-only: copy the project to a disk you can write to",
    errno.ENAMETOOLONG: "the name is too long for this file system: choose a shorter one",
}


def _machine_problem(error: OSError, project: Project) -> str:
    if not error.filename:  # a write to an open file names none
        return f"cannot write to the disk: {error.strerror}; {MACHINE_ERRORS[error.errno]}"
    where = Path(error.filename)
    if where.is_relative_to(project.root):
        where = where.relative_to(project.root)
    return f"cannot write {where}: {error.strerror}; {MACHINE_ERRORS[error.errno]}"


def _run_build(project: Project, arguments, progress: Progress) -> int:
    progress.say(f"Building the website and cards from {project.content_dir}")
    library = _build(project, arguments, progress)
    progress.say(f"Built {len(library.routines)} routine(s), {len(library.exercises)} exercise page(s) "
                 f"and their cards into {project.site_dir} ({progress.elapsed:.1f} s)")
    return EXIT_OK


def _build(project: Project, arguments, progress: Progress):
    """pipeline.build, its engine's program started first of all: it loads while the rest of warmup does."""
    from warmup.engines.engine import engine_named

    engine = engine_named(arguments.engine or arguments.settings.engine)
    with engine.primed(project, arguments.settings) as program:
        from warmup.pipeline import build

        return build(project, arguments.settings, program, progress)


def _run_check(project: Project, arguments, progress: Progress) -> int:
    from warmup.pipeline import check

    progress.say(f"Checking {project.content_dir}")
    library = check(project, arguments.settings, progress)
    progress.say(f"Content is fine: {len(library.routines)} routine(s), {len(library.exercises)} "
                 f"exercise(s), every card fits on one page ({progress.elapsed:.1f} s)")
    from warmup.content.missing_amounts import missing_amounts_notice

    for line in missing_amounts_notice(library):
        progress.say(line)
    return EXIT_OK


def _run_serve(project: Project, arguments, progress: Progress) -> int:
    from warmup.command.preview import hold, home_page_url, serve
    from warmup.engines.engine import engine_named
    from warmup.pipeline import check

    listening = hold(arguments.address)
    engine = engine_named(arguments.engine or arguments.settings.engine)
    progress.say(f"Checking {project.content_dir}")
    check(project, arguments.settings, progress)
    progress.say(f"Preview at {home_page_url(arguments.settings, arguments.address)} with {engine.name} - it rebuilds the "
                 "pages and cards when you save a file in content/ or templates/. Stop with Ctrl+C.")
    serve(project, arguments.settings, listening, engine, progress)
    return EXIT_OK


def _run_new_exercise(project: Project, arguments, progress: Progress) -> int:
    from warmup.command.starter import write_starter_exercise

    next_steps = write_starter_exercise(project, arguments.name, arguments.posture)
    progress.say(next_steps)
    return EXIT_OK


def _run_new_club(project: Project, arguments, progress: Progress) -> int:
    from warmup.command.new_club import start_new_club

    progress.say(start_new_club(project, arguments.name, arguments.language))
    return EXIT_OK


def _run_figures(project: Project, arguments, progress: Progress) -> int:
    from warmup.content.library import load_library
    from warmup.printing.contact_sheet import write_contact_sheet

    library = load_library(project.content_dir)
    with progress.stage("draw the figures"):
        written = write_contact_sheet(library, library.club.name, project.root / arguments.output)
    progress.say("Wrote " + " and ".join(str(path.relative_to(project.root)) for path in written)
                 + ": every figure beside its how-to text. Open the .html in a browser to see them move.")
    return EXIT_OK


def _run_publish(project: Project, arguments, progress: Progress) -> int:
    from warmup.command.deploy import push_to_github_pages

    progress.say(f"Building the website and cards from {project.content_dir}")
    _build(project, arguments, progress)
    arguments.site_replaced = True
    with progress.stage(f"push to {arguments.branch}"):
        push_to_github_pages(project.root, project.site_dir, arguments.remote, arguments.branch)
    progress.say(f"Published site/ to the '{arguments.branch}' branch of '{arguments.remote}' "
                 f"({progress.elapsed:.1f} s). GitHub Pages shows it within a few minutes.")
    return EXIT_OK


def _say_to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog="warmup", description=DESCRIPTION, epilog=EXIT_CODES,
                                     formatter_class=formatter)
    _add_common_options(parser, project=".", quiet=False)
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    def command(name: str, run, summary: str, details: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=f"{summary}.\n\n{details}", epilog=EXIT_CODES,
                                  formatter_class=formatter)
        # --project and --quiet work after the command too; there they must not reset what came before it.
        _add_common_options(sub, project=argparse.SUPPRESS, quiet=argparse.SUPPRESS)
        sub.set_defaults(run=run)
        return sub

    check = command("check", _run_check, "check content/ for mistakes without building anything",
                    "Reads every file in content/ and lists every mistake at once, each on its own line:\n"
                    "file:line:column: field: what is wrong and what to write instead.")
    build = command("build", _run_build, "build the website and the printable cards into site/",
                    "Checks content/ first. Prints one line per stage with its time.\n"
                    "site/ is replaced only when the whole build worked; the cards are in site/cards/.")
    for sub in (check, build):
        sub.add_argument("--format", choices=("text", "github"), default="text",
                         help="how mistakes are printed: text (default), one 'error: file:line:column: ...' line "
                              "each; github, as GitHub Actions annotations ('::error file=...,line=...,col=...::...') "
                              "that show on the line itself in a pull request or commit")
    _add_engine_option(build)
    serve = command("serve", _run_serve, "preview the website in your browser while you edit",
                    "Open the address it prints. Each time you save a file in content/ or\n"
                    "templates/, the pages and cards are rebuilt and the browser reloads.\n"
                    "Mistakes are printed here, and the preview waits until they are fixed.")
    _add_engine_option(serve)
    serve.add_argument("--address", default="127.0.0.1:8000", metavar="IP:PORT", type=_address,
                       help="where the preview listens (default: 127.0.0.1:8000)")
    new = command("new-exercise", _run_new_exercise, "start a new exercise file in content/exercises/",
                  "Writes content/exercises/<name-in-lower-case-with-dashes>.yaml with every field\n"
                  "explained in comments. Fill in the required fields (warmup check tells you\n"
                  "which are still empty), then add the file's name to a routine's exercises list.\n\n"
                  'example: warmup new-exercise "Calf Raises"')
    new.add_argument("name", metavar="NAME",
                     help='the exercise\'s name as the pages and cards show it, e.g. "Calf Raises"')
    new.add_argument("--posture", choices=list(body.POSTURES), metavar="POSTURE",
                     help="start a drawing of the exercise in this posture: " + ", ".join(body.POSTURES))
    club = command("new-club", _run_new_club, "replace the example club's content with a starter of your own",
                   "Replaces content/ with content/club.yaml, one routine and one exercise, every field\n"
                   "explained in comments, which build as they are; the example club's exercises,\n"
                   "routines, logo and pictures are removed. In mkdocs.yml, site_name and\n"
                   "site_description name the new club, the header's icon becomes a stopwatch and\n"
                   "site_url is left out: published from GitHub, the site then uses the address\n"
                   "GitHub Pages gives it. Changes nothing if content/ or mkdocs.yml has changes git\n"
                   "has not committed.\n\n"
                   'example: warmup new-club "Valley Football Club"\n'
                   '         warmup new-club "TSV Wiesental" --language de')
    club.add_argument("name", metavar="NAME", help='the club\'s name, e.g. "Valley Football Club"')
    club.add_argument("--language", metavar="TAG",
                      help="the language the club writes in (de, es, fr, nl, pl: a catalog in templates/languages/): "
                           "club.yaml says it, and the starter's example texts and mkdocs.yml's site_name and "
                           "site_description are in it (default: English)")
    figures = command("figures", _run_figures, "draw every exercise's figure on one sheet to review them",
                      "Checks content/, then writes figures/figures.html and figures/figures.png: each\n"
                      "figure beside its how-to text, as large as on its page, at 48 px, and on a\n"
                      "dark background. Builds nothing else; site/ is not touched.")
    figures.add_argument("--output", default="figures", metavar="FOLDER",
                         help="the folder for the sheet, inside the project (default: figures)")
    publish = command("publish", _run_publish, "build, then publish site/ to GitHub Pages",
                      "Builds like 'warmup build', then commits site/ to the gh-pages branch and\n"
                      "pushes it (needs a git repository with a GitHub remote). To host the site\n"
                      "anywhere else, run 'warmup build' and upload the site/ folder.")
    _add_engine_option(publish)
    publish.add_argument("--remote", default="origin", help="the git remote to push to (default: origin)")
    publish.add_argument("--branch", default="gh-pages", help="the branch GitHub Pages serves (default: gh-pages)")
    return parser


def _add_engine_option(parser: argparse.ArgumentParser) -> None:
    from warmup.settings.reader import ENGINES

    parser.add_argument("--engine", choices=ENGINES, default=None,
                        help="the program that turns the pages into the website, this time only "
                             "(default: extra: warmup: engine: in mkdocs.yml, else mkdocs)")


def _address(text: str) -> str:
    host, _, port = text.rpartition(":")
    if not (host == "localhost" or _is_ip_address(host)) or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not IP:PORT, e.g. 127.0.0.1:8000")
    return text


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


def _add_common_options(parser: argparse.ArgumentParser, project, quiet) -> None:
    parser.add_argument("--project", metavar="FOLDER", default=project,
                        help="the club's project folder, the one holding mkdocs.yml (default: this folder)")
    parser.add_argument("--quiet", action="store_true", default=quiet, help="print only errors, not the progress lines")


if __name__ == "__main__":
    sys.exit(main())
