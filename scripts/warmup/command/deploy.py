"""Publish the built site/ to GitHub Pages: commit it to the gh-pages branch and push it.

The same library `mkdocs gh-deploy` uses, but it commits the site/ that `warmup build`
just built and checked, instead of building again; the push is run here so that git's
answer becomes part of one clear line instead of loose lines on the terminal.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

from ghp_import import GhpError, ghp_import

from warmup.problems import PublishFailed


def push_to_github_pages(project_root: Path, site_dir: Path, remote: str = "origin",
                         branch: str = "gh-pages") -> None:
    """PublishFailed when it cannot (no git repository, no remote, push refused); site/ itself is fine."""
    if not (site_dir / "index.html").is_file():
        raise PublishFailed(f"{site_dir} holds no built site; run 'warmup build' first")
    failed = f"could not publish to the '{branch}' branch of '{remote}'"
    try:
        with contextlib.chdir(project_root):  # ghp-import works on the git repository of the current folder
            ghp_import(str(site_dir), remote=remote, branch=branch, push=False, nojekyll=True,
                       mesg="Publish the warm-up site")
        pushed = subprocess.run(["git", "push", remote, branch], cwd=project_root, capture_output=True, text=True)
    except (GhpError, OSError) as error:
        message = getattr(error, "message", None) or str(error)
        raise PublishFailed(f"{failed}: {' '.join(str(message).split())}") from None
    if pushed.returncode != 0:
        raise PublishFailed(f"{failed}: git push said: {_first_complaint(pushed.stderr)}")


def _first_complaint(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    complaints = [line for line in lines if line.startswith(("fatal:", "error:", "remote:", "!"))]
    return " ".join((complaints or lines or ["no reason given"])[0].split())
