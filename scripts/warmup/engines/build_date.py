"""The date a built site carries, taken from its sources so that the same sources build the same bytes any day.

MkDocs and ProperDocs date every page of the sitemap (<lastmod>, and the zipped sitemap's
header) by SOURCE_DATE_EPOCH, the reproducible-builds convention, and by the clock without it;
the service worker's list hashes the sitemap, so it changed with the day too. Each engine is
given this date (Zensical's sitemap has no dates; it gets it all the same).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from warmup.problems import MachineProblem
from warmup.project import Project

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def source_date_epoch(project: Project) -> str:
    """Seconds since 1970 (UTC), as SOURCE_DATE_EPOCH writes them.

    In order: SOURCE_DATE_EPOCH itself when set (whoever sets it, a packager or a CI job, has chosen);
    the time of the last commit that changed the project's folder, so a checkout of one commit builds
    the same site on any computer and any day; outside git, the time the newest file in content/ was
    saved, which changes only when the content does.
    """
    given = os.environ.get(SOURCE_DATE_EPOCH)
    if given is not None:
        if not re.fullmatch(r"[0-9]+", given):
            raise MachineProblem(f"{SOURCE_DATE_EPOCH} is '{given}', not a number of seconds since 1970; set it "
                                 "to one (git log -1 --format=%ct prints the last commit's) or unset it")
        return given
    return str(_last_commit_time(project.root) or _newest_file_time(project.content_dir))


def _last_commit_time(folder: Path) -> int | None:
    try:
        # "-- ." : a project inside a larger repository is dated by its own last change.
        last = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "."], cwd=folder, capture_output=True,
                              text=True, stdin=subprocess.DEVNULL)
    except OSError:  # no git on this computer
        return None
    # Not a repository, or none of its commits holds the project: stdout is empty.
    return int(last.stdout) if last.returncode == 0 and last.stdout.strip() else None


def _newest_file_time(folder: Path) -> int:
    return max((int(path.stat().st_mtime) for path in folder.rglob("*") if path.is_file()), default=0)
