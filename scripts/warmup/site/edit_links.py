"""Where a page's "Edit this page" leads: the content file it is made from, in the repository's web editor.

Made from `repo_url` and `edit_uri` in mkdocs.yml, as MkDocs reads them, but leading to the
file in content/ (e.g. content/exercises/calf-raises.yaml), not to the Markdown page in
docs/ that every build rewrites. Written into each page's front matter, so every engine's
pages get it without a plugin.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from warmup.settings.addresses import is_safe_address
from warmup.settings.reader import SiteSettings

# Where `edit_uri` leads when mkdocs.yml leaves it out: docs/ on the branch GitHub gives every new
# repository. (MkDocs itself would guess `master`, which newer repositories do not have.)
DEFAULT_EDIT_URI = "edit/main/docs/"


def content_editor_address(settings: SiteSettings) -> str | None:
    """The web editor's address of the project's top folder (ending in '/'), or None when mkdocs.yml
    names no repository (`repo_url`) or turns editing off (`edit_uri: ""`)."""
    edit_uri = DEFAULT_EDIT_URI if settings.edit_uri is None else settings.edit_uri
    if not settings.repo_url or not edit_uri:
        return None
    # edit_uri leads to docs/ (MkDocs' meaning); content/ is beside it, in the project's top folder.
    docs_address = urljoin(settings.repo_url.rstrip("/") + "/", edit_uri.rstrip("/") + "/")
    address = urljoin(docs_address, "../" * len(Path(settings.docs_dir).parts))
    # Whatever got past the check (a value from the environment, !ENV): a link that is not a plain web address
    # (javascript:, a quote that would end the attribute) is no link at all.
    return address if is_safe_address(address) else None
