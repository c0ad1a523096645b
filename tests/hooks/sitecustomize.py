"""Watches a `warmup` run from inside: Python loads this file at start-up in every process a test
starts with tests/hooks/ on PYTHONPATH, the card-drawing helper processes included.

Each behaviour is switched on by an environment variable naming a log file:

WARMUP_TEST_NO_NETWORK   internet sockets (IPv4, IPv6) and name look-ups fail, as on a machine
                         with no network; each attempt is logged, so one caught and ignored
                         by the code still shows.
WARMUP_TEST_DRAWN_BY     each card drawing logs the routine, its process id and whether that is
                         the process the test started, to show which processes drew.
WARMUP_TEST_FIGURES_DRAWN
                         each figure drawn logs the exercise and the layout, to show what a build drew.
WARMUP_TEST_PAGES_TOUCHED
                         each time the process the test started opens a page of the site it is building
                         (an .html file in its staging folder) it logs "open MODE PAGE", and each time it
                         puts a file in a page's place, "replace PAGE" (Python's audit events).
WARMUP_TEST_SIZES_RESOLVED
                         each time the printed files' sizes are put into a built site afterwards, a line.
WARMUP_TEST_STARTED      each Python process logs its command line, to show which programs (an
                         engine among them) a command started.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.util
import os
import re
import socket
import sys
import traceback


def _log(variable: str, line: str) -> None:
    with open(os.environ[variable], "a", encoding="utf-8") as log:
        log.write(line + "\n")


def _refuse_network() -> None:
    plain_socket_init = socket.socket.__init__

    def refused(what: str) -> OSError:
        caller = traceback.extract_stack()[-3]
        _log("WARMUP_TEST_NO_NETWORK", f"{what} from {caller.filename}:{caller.lineno}")
        return OSError(101, "Network is unreachable (refused by tests/hooks/sitecustomize.py)")

    def socket_init(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and family in (-1, socket.AF_INET, socket.AF_INET6):
            raise refused(f"socket(family={family})")
        plain_socket_init(self, family, type, proto, fileno)

    def getaddrinfo(host, *arguments, **keywords):
        raise refused(f"getaddrinfo({host!r})")

    socket.socket.__init__ = socket_init
    socket.getaddrinfo = getaddrinfo


class _AfterImport(importlib.abc.MetaPathFinder):
    """Calls ``patch(module)`` once ``name`` is imported, in whichever process imports it."""

    def __init__(self, name, patch):
        self.name, self.patch = name, patch

    def find_spec(self, name, path, target=None):
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            self.patch(module)

        spec.loader.exec_module = exec_module
        return spec


def _record_card_drawings(module) -> None:
    draw = module.CardDrawer.draw

    @functools.wraps(draw)  # same name, so a drawer's bound method still pickles for the helpers
    def recorded_draw(drawer, routine_slug):
        first = os.environ["WARMUP_TEST_FIRST_PROCESS"] == str(os.getpid())
        _log("WARMUP_TEST_DRAWN_BY", f"{routine_slug} {os.getpid()} {'first' if first else 'helper'}")
        return draw(drawer, routine_slug)

    module.CardDrawer.draw = recorded_draw


def _record_figure_drawings(module) -> None:
    # Patched before warmup.figures takes its own name for it: this module is loaded first.
    draw = module.figure_svg_for

    def recorded_draw(figure, slug, layout, **options):
        _log("WARMUP_TEST_FIGURES_DRAWN", f"{slug} {layout} {options.get('caption_room', 0):g}")
        return draw(figure, slug, layout, **options)

    module.figure_svg_for = recorded_draw


_STAGED_PAGE = re.compile(r"/\.site-building-[^/]+/(.+\.html)$")


def _record_pages_touched() -> None:
    first = os.environ["WARMUP_TEST_FIRST_PROCESS"] == str(os.getpid())

    def audit(event: str, arguments: tuple) -> None:
        if event == "open" and isinstance(arguments[0], str) and (page := _STAGED_PAGE.search(arguments[0])):
            _log("WARMUP_TEST_PAGES_TOUCHED", f"open {arguments[1] or 'os.open'} {page[1]}")
        elif event == "os.rename" and (page := _STAGED_PAGE.search(os.fsdecode(arguments[1]))):
            _log("WARMUP_TEST_PAGES_TOUCHED", f"replace {page[1]}")

    if first:
        sys.addaudithook(audit)


def _record_sizes_resolved(module) -> None:
    resolve = module.resolve_printed_sizes

    def recorded_resolve(site_dir, printed):
        _log("WARMUP_TEST_SIZES_RESOLVED", f"resolved {sorted(printed)}")
        return resolve(site_dir, printed)

    module.resolve_printed_sizes = recorded_resolve


# The process the test started is the first to load this file; the helpers it starts inherit the mark.
os.environ.setdefault("WARMUP_TEST_FIRST_PROCESS", str(os.getpid()))
if os.environ.get("WARMUP_TEST_STARTED"):
    _log("WARMUP_TEST_STARTED", " ".join(sys.orig_argv))
if os.environ.get("WARMUP_TEST_NO_NETWORK"):
    _refuse_network()
if os.environ.get("WARMUP_TEST_DRAWN_BY"):
    sys.meta_path.insert(0, _AfterImport("warmup.printing.cards", _record_card_drawings))
if os.environ.get("WARMUP_TEST_FIGURES_DRAWN"):
    sys.meta_path.insert(0, _AfterImport("warmup.figures.drawing", _record_figure_drawings))
if os.environ.get("WARMUP_TEST_PAGES_TOUCHED"):
    _record_pages_touched()
if os.environ.get("WARMUP_TEST_SIZES_RESOLVED"):
    sys.meta_path.insert(0, _AfterImport("warmup.site.printed_sizes", _record_sizes_resolved))
