"""An engine's program, started before its pages exist: it loads its modules, then waits to be told what to build.

Run as ``python -m warmup.engines.primed PROGRAM MODULE...``. Loading an engine and its theme
takes about as long as checking the content and rendering the pages, and the two need not wait
for each other: the build starts this first, renders meanwhile, then writes the engine's command
line and what it adds to the environment (JSON, one line: the site's date among it) to its
standard input; from there on it is ``python -m PROGRAM`` with those arguments. Standard input closed before a line comes (the build stopped): it ends, building nothing.

With ``--many`` (the live preview) it stays: each line is one build, its output written to the
file the line names, and when it is done a line on its own standard output gives the program's
exit code (EXIT_LINE and the number). Kept between builds: the loaded modules, and whatever the
engine keeps itself.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
import traceback

EXIT_LINE = "warmup-engine-exit: "


def main() -> None:
    many = "--many" in sys.argv
    program, *modules = [argument for argument in sys.argv[1:] if argument != "--many"]
    if many:
        # A build again over the last one is what the preview asks for: MkDocs' warning about it (which
        # strict: true would make an error) says nothing a coach can act on. Said by its builder's own logger.
        logging.getLogger(f"{program}.commands.build").addFilter(_NotAboutBuildingAgain())
    # The program's own command first: ProperDocs' makes every later `import mkdocs` mean ProperDocs.
    command = importlib.import_module(f"{program}.__main__").cli
    for module in modules:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError:
            pass  # a head start only: an engine's later version may keep it elsewhere, and its build loads it then
    if not many:
        line = sys.stdin.readline()
        if line:
            request = json.loads(line)
            os.environ.update(request["environment"])
            command(args=request["arguments"], prog_name=program)
        return
    for line in sys.stdin:
        request = json.loads(line)
        os.environ.update(request["environment"])
        code = _run(command, program, request["arguments"], request["output"])
        print(f"{EXIT_LINE}{code}", flush=True)


class _NotAboutBuildingAgain(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def _run(command, program: str, arguments: list[str], output: str) -> int:
    """One build, everything it prints going to the file ``output``; its exit code."""
    sys.stdout.flush()
    sys.stderr.flush()
    import click  # every engine's command is a click program

    saved = os.dup(1), os.dup(2)
    with open(output, "wb") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            command(args=arguments, prog_name=program, standalone_mode=False)
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except click.ClickException as error:  # as the program itself would show it
            error.show()
            code = error.exit_code
        except Exception:  # noqa: BLE001 - the engine's own failure, reported in its words as the build's reason
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for descriptor in saved:
                os.close(descriptor)
    return code


if __name__ == "__main__":
    main()
