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

from warmup.engines.settings import load_values
from warmup.problems import BuildError
from warmup.project import CONFIG_FILE
from warmup.site.addresses import is_safe_address

# Where `edit_uri` leads when mkdocs.yml leaves it out: docs/ on the branch GitHub gives every new
# repository. (MkDocs itself would guess `master`, which newer repositories do not have.)
DEFAULT_EDIT_URI = "edit/main/docs/"


def content_editor_address(project_dir: Path) -> str | None:
    """The web editor's address of the project's top folder (ending in '/'), or None when mkdocs.yml
    names no repository (`repo_url`) or turns editing off (`edit_uri: ""`)."""
    try:
        settings = load_values(project_dir / CONFIG_FILE)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, BuildError):
        return None  # the engine reports what is wrong with mkdocs.yml
    repo_url, edit_uri = settings.get("repo_url"), settings.get("edit_uri", DEFAULT_EDIT_URI)
    if not isinstance(repo_url, str) or not repo_url.strip() or not isinstance(edit_uri, str) or not edit_uri:
        return None
    # edit_uri leads to docs/ (MkDocs' meaning); content/ is beside it, in the project's top folder.
    docs_address = urljoin(repo_url.strip().rstrip("/") + "/", edit_uri.rstrip("/") + "/")
    docs_depth = len(Path(str(settings.get("docs_dir") or "docs")).parts)
    address = urljoin(docs_address, "../" * docs_depth)
    # Whatever got past the check (a value from the environment, !ENV): a link that is not a plain web address
    # (javascript:, a quote that would end the attribute) is no link at all.
    return address if is_safe_address(address) else None
