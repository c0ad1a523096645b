"""An engine's program, started before its pages exist: it loads its modules, then waits to be told what to build.

Run as ``python -m warmup.engines.primed PROGRAM MODULE...``. Loading an engine and its theme
takes about as long as checking the content and rendering the pages, and the two need not wait
for each other: the build starts this first, renders meanwhile, then writes the engine's command
line (JSON, one line) to its standard input; from there on it is ``python -m PROGRAM`` with those
arguments. Standard input closed before a line comes (the build stopped): it ends, building nothing.
"""

from __future__ import annotations

import importlib
import json
import sys


def main() -> None:
    program, *modules = sys.argv[1:]
    # The program's own command first: ProperDocs' makes every later `import mkdocs` mean ProperDocs.
    command = importlib.import_module(f"{program}.__main__").cli
    for module in modules:
        importlib.import_module(module)
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
    command(args=json.loads(line), prog_name=program)


if __name__ == "__main__":
    main()
