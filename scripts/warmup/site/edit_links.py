"""Where a page's "Edit this page" leads: the content file it is made from, in the repository's web editor.

Made from `repo_url` and `edit_uri` in mkdocs.yml, as MkDocs reads them, but leading to the
file in content/ (e.g. content/exercises/calf-raises.yaml), not to the Markdown page in
docs/ that every build rewrites. Written into each page's front matter, so every engine's
pages get it without a plugin.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import yaml

from warmup.project import CONFIG_FILE

# Where `edit_uri` leads when mkdocs.yml leaves it out: docs/ on the branch GitHub gives every new
# repository. (MkDocs itself would guess `master`, which newer repositories do not have.)
DEFAULT_EDIT_URI = "edit/main/docs/"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's plain values; tags only engines understand (!ENV, !!python/name:) read as nothing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def content_editor_address(project_dir: Path) -> str | None:
    """The web editor's address of the project's top folder (ending in '/'), or None when mkdocs.yml
    names no repository (`repo_url`) or turns editing off (`edit_uri: ""`)."""
    try:
        settings = yaml.load((project_dir / CONFIG_FILE).read_text("utf-8-sig"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # the engine reports what is wrong with mkdocs.yml
    settings = settings if isinstance(settings, dict) else {}
    repo_url, edit_uri = settings.get("repo_url"), settings.get("edit_uri", DEFAULT_EDIT_URI)
    if not isinstance(repo_url, str) or not repo_url.strip() or not isinstance(edit_uri, str) or not edit_uri:
        return None
    # edit_uri leads to docs/ (MkDocs' meaning); content/ is beside it, in the project's top folder.
    docs_address = urljoin(repo_url.strip().rstrip("/") + "/", edit_uri.rstrip("/") + "/")
    docs_depth = len(Path(str(settings.get("docs_dir") or "docs")).parts)
    return urljoin(docs_address, "../" * docs_depth)
