"""Watches a `warmup` run from inside: Python loads this file at start-up in every process a test
starts with tests/hooks/ on PYTHONPATH, the card-drawing helper processes included.

Each behaviour is switched on by an environment variable naming a log file:

WARMUP_TEST_NO_NETWORK   internet sockets (IPv4, IPv6) and name look-ups fail, as on a machine
                         with no network; each attempt is logged, so one caught and ignored
                         by the code still shows.
WARMUP_TEST_DRAWN_BY     each card drawing logs the routine, its process id and whether that is
                         the process the test started, to show which processes drew.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.util
import os
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


class _RecordDrawings(importlib.abc.MetaPathFinder):
    """Wraps CardDrawer.draw once warmup.printing.cards is imported, in whichever process imports it."""

    MODULE = "warmup.printing.cards"

    def find_spec(self, name, path, target=None):
        if name != self.MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            draw = module.CardDrawer.draw

            @functools.wraps(draw)  # same name, so a drawer's bound method still pickles for the helpers
            def recorded_draw(drawer, routine_slug):
                first = os.environ["WARMUP_TEST_FIRST_PROCESS"] == str(os.getpid())
                _log("WARMUP_TEST_DRAWN_BY", f"{routine_slug} {os.getpid()} {'first' if first else 'helper'}")
                return draw(drawer, routine_slug)

            module.CardDrawer.draw = recorded_draw

        spec.loader.exec_module = exec_module
        return spec


# The process the test started is the first to load this file; the helpers it starts inherit the mark.
os.environ.setdefault("WARMUP_TEST_FIRST_PROCESS", str(os.getpid()))
if os.environ.get("WARMUP_TEST_NO_NETWORK"):
    _refuse_network()
if os.environ.get("WARMUP_TEST_DRAWN_BY"):
    sys.meta_path.insert(0, _RecordDrawings())
