"""Write outputs so that a reader never sees a half-written file or site."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from warmup.paths import CARDS_FOLDER, GENERATED_MARK, ILLUSTRATIONS


def write_generated(docs_dir: Path, files: dict[str, str | bytes]) -> None:
    """Bring docs/ in line with ``files``: write what changed, remove generated pages that are gone.

    Unchanged files are left alone so that the live preview's file watcher does
    not see a change and rebuild forever.
    """
    for relative, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = docs_dir / relative
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    for stale in _generated_files(docs_dir) - {docs_dir / relative for relative in files}:
        stale.unlink()


def _generated_files(docs_dir: Path) -> set[Path]:
    pages = {page for page in docs_dir.rglob("*.md") if GENERATED_MARK in page.read_text("utf-8")[:300]}
    copied = {path for folder in (CARDS_FOLDER, ILLUSTRATIONS) for path in (docs_dir / folder).glob("*")}
    return pages | copied


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` under a temporary name, then rename: readers see the old file or the new."""
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a web server must read it
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def staging_dir_for(site_dir: Path) -> Path:
    """An empty folder beside site/, on the same file system so the final swap is a rename."""
    staged = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=f".{site_dir.name}-building-"))
    # mkdtemp makes it private, and it becomes site/: a web server must be able to read it.
    os.chmod(staged, 0o777 & ~_umask())
    return staged


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def replace_site(staged: Path, site_dir: Path) -> None:
    """Swap a completely built site into place; the old one is removed only after."""
    retired = None
    if site_dir.exists():
        retired = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=f".{site_dir.name}-old-"))
        os.replace(site_dir, retired / site_dir.name)
    os.replace(staged, site_dir)
    if retired is not None:
        shutil.rmtree(retired)
