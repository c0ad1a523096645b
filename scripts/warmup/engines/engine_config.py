"""The settings file one engine run reads: mkdocs.yml's own settings, plus what warmup adds.

Written beside mkdocs.yml (engines resolve docs/ and overrides/ from the settings file's
folder, and Zensical builds only inside it), and removed when the run ends; one a killed
run left behind is removed by the next (its name says whose it is). It adds the menu made
from content/ (engines without plugins cannot be handed it otherwise), the folder to build
into, and the site's address when it comes from WARMUP_SITE_URL (settings.py); everything
else comes from mkdocs.yml through INHERIT, which MkDocs, ProperDocs and Zensical all read.
"""

from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import yaml

from warmup.process_ties import process_alive
from warmup.project import Project
from warmup.settings.reader import SiteSettings

# Set for an engine that `warmup build` runs: docs/ is generated and the site will be
# finished by warmup itself, so the MkDocs plugin (if the engine runs plugins) stands aside.
DRIVEN_BY_WARMUP = "WARMUP_DRIVES_THE_ENGINE"
_PREFIX = ".warmup-engine-"


@contextmanager
def engine_config(project: Project, site: SiteSettings, nav: list, site_dir: Path, identity: dict | None = None
                  ) -> Iterator[Path]:
    """``identity``: settings the club's content adds (site/identity.py), merged over mkdocs.yml's."""
    settings = {"INHERIT": project.config_file.name, **(identity or {}), "site_dir": str(site_dir.resolve()),
                "nav": _plain(nav)}
    if site.site_url_from_environment:  # engines read only their settings file, not warmup's variable
        settings["site_url"] = site.site_url
    _remove_left_behind(project)
    descriptor, name = tempfile.mkstemp(dir=project.root, prefix=f"{_PREFIX}{os.getpid()}-", suffix=".yml")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write("# Written by warmup for one engine run, then removed: edit mkdocs.yml instead.\n")
            yaml.safe_dump(settings, stream, allow_unicode=True, sort_keys=False)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _remove_left_behind(project: Project) -> None:
    """Remove the files of runs whose process has ended (killed: nothing else removes them). A preview's
    file stays while it runs: its process is alive, though it does not hold the project's lock."""
    for left in project.root.glob(f"{_PREFIX}*.yml"):
        owner = re.match(rf"{re.escape(_PREFIX)}(\d+)-", left.name)
        # A name without a number was written by an earlier warmup, before names said whose they are.
        if owner is None or not process_alive(int(owner[1])):
            left.unlink(missing_ok=True)


def _plain(value):
    """The menu with its titles as plain strings (they arrive as escaped HTML, Markup, which YAML cannot write)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return str(value)
