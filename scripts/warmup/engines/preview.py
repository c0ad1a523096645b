"""The live preview of an MkDocs-like engine: its own server, with its messages turned into lines a coach can read."""

from __future__ import annotations

import errno
import importlib
import logging
import os
import re
import socket
import sys
from urllib.parse import urlsplit

from warmup.problems import MachineProblem
from warmup.project import Project

# The preview's address, listened on from before the first build until MkDocs' server takes it
# over (hand_over), so that a second preview on the same address stops at once, not after building.
_held: socket.socket | None = None


class _CoachFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.WARNING and not message.startswith("error:"):
            return f"{record.levelname.lower()}: {message}"
        return message


def _worth_showing(record: logging.LogRecord) -> bool:
    # MkDocs' server reports every answer but "200 OK" as a warning: the redirect from / to the site's
    # path, a page or favicon that is not there. A coach's browser asks for those all the time; only
    # the server failing to answer (5xx) is a problem worth a line.
    request = re.search(r'"[A-Z]+ .*" code (\d+)$', record.getMessage()) if record.name.endswith(".livereload") \
        else None
    return request is None or int(request[1]) >= 500


def home_page_url(project: Project, address: str) -> str:
    """The address that opens the preview's home page: the engines serve the site under site_url's path."""
    from warmup.engines.settings import read_settings

    path = urlsplit(read_settings(project.config_file).site_url or "/").path.strip("/")
    return f"http://{address}/{path}/" if path else f"http://{address}/"


def hold(address: str) -> None:
    """Listen at ``address`` now; MachineProblem when another program (or preview) has it."""
    global _held
    host, _, port = address.rpartition(":")
    host = host.strip("[]")
    try:
        _held = socket.create_server((host, int(port)), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as error:
        raise _unavailable(address, error) from None


def hand_over() -> None:
    """Let go of the held address just before MkDocs' server listens there (from the warmup plugin's on_serve)."""
    global _held
    if _held is not None:
        _held.close()
        _held = None


def _unavailable(address: str, error: OSError) -> MachineProblem:
    reason = os.strerror(error.errno) if error.errno else str(error)  # without the socket module's additions
    return MachineProblem(f"cannot preview at {address}: {reason}; stop the other preview or choose another "
                          "address, e.g. --address 127.0.0.1:8001")


def serve(program: str, project: Project, address: str, quiet: bool = False) -> None:
    """Serve a preview at ``address`` until Ctrl+C; the warmup plugin rebuilds pages and cards on each save."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_CoachFormatter())
    handler.addFilter(_worth_showing)
    # The engine reports each rebuild ("Building documentation...") at INFO; warnings and errors always show.
    handler.setLevel(logging.WARNING if quiet else logging.INFO)
    logger = logging.getLogger(program)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        importlib.import_module(f"{program}.commands.serve").serve(
            config_file=str(project.config_file), dev_addr=address, livereload=True)
    except OSError as error:
        if error.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
            raise
        raise _unavailable(address, error) from None  # taken in the instant between hand_over and listening
    finally:
        hand_over()
        logger.removeHandler(handler)
