"""The live preview: MkDocs' server, with its messages turned into lines a coach can read."""

from __future__ import annotations

import logging
import re
import sys
from urllib.parse import urlsplit

from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config

from warmup.project import Project


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
    request = re.search(r'"[A-Z]+ .*" code (\d+)$', record.getMessage()) if record.name == "mkdocs.livereload" else None
    return request is None or int(request[1]) >= 500


def home_page_url(project: Project, address: str) -> str:
    """The address that opens the preview's home page: MkDocs serves the site under site_url's path."""
    path = urlsplit(load_config(str(project.config_file)).site_url or "/").path.strip("/")
    return f"http://{address}/{path}/" if path else f"http://{address}/"


def serve(project: Project, address: str, quiet: bool = False) -> None:
    """Serve a preview at ``address`` until Ctrl+C; the warmup plugin rebuilds pages and cards on each save."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_CoachFormatter())
    handler.addFilter(_worth_showing)
    # MkDocs reports each rebuild ("Building documentation...") at INFO; warnings and errors always show.
    handler.setLevel(logging.WARNING if quiet else logging.INFO)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        mkdocs_serve(config_file=str(project.config_file), dev_addr=address, livereload=True)
    finally:
        logger.removeHandler(handler)
