"""Publish the built site/ to GitHub Pages: commit it to the gh-pages branch and push it.

The same library `mkdocs gh-deploy` uses, but it pushes the site/ that
`warmup build` just built and checked, instead of building again.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

from ghp_import import GhpError, ghp_import


class DeployError(Exception):
    """Publishing failed (no git repository, no remote, push refused); site/ itself is fine."""


def push_to_github_pages(project_root: Path, site_dir: Path, remote: str = "origin",
                         branch: str = "gh-pages") -> None:
    if not (site_dir / "index.html").is_file():
        raise DeployError(f"{site_dir} holds no built site; run 'warmup build' first")
    try:
        with contextlib.chdir(project_root):  # ghp-import works on the git repository of the current folder
            ghp_import(str(site_dir), remote=remote, branch=branch, push=False, nojekyll=True,
                       mesg="Publish the warm-up site")
        # Pushed here, not by ghp-import, whose git would print its own lines around ours.
        subprocess.run(["git", "push", remote, branch], cwd=project_root, capture_output=True, text=True, check=True)
    except (GhpError, subprocess.CalledProcessError, OSError) as error:
        message = getattr(error, "message", None) or _git_reason(error) or str(error)
        raise DeployError(f"could not publish to the '{branch}' branch of '{remote}': "
                          f"{' '.join(str(message).split())}") from None


def _git_reason(error: Exception) -> str | None:
    """The line in which git said why it failed ("fatal: ..."), if it said one."""
    said = (getattr(error, "stderr", None) or "").splitlines()
    return next((line for line in said if line.startswith(("fatal:", "error:"))), None)
