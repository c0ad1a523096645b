"""The live preview of an MkDocs-like engine: its own server, with its messages turned into lines a coach can read."""

from __future__ import annotations

import importlib
import logging
import sys

from warmup.project import Project


class _CoachFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.WARNING and not message.startswith("error:"):
            return f"{record.levelname.lower()}: {message}"
        return message


def serve(program: str, project: Project, address: str, quiet: bool = False) -> None:
    """Serve a preview at ``address`` until Ctrl+C; the warmup plugin rebuilds pages and cards on each save."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_CoachFormatter())
    # The engine reports each rebuild ("Building documentation...") at INFO; warnings and errors always show.
    handler.setLevel(logging.WARNING if quiet else logging.INFO)
    logger = logging.getLogger(program)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        importlib.import_module(f"{program}.commands.serve").serve(
            config_file=str(project.config_file), dev_addr=address, livereload=True)
    finally:
        logger.removeHandler(handler)
