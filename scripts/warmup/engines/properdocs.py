"""ProperDocs with Material for MkDocs: a maintained continuation of MkDocs 1.x that runs its plugins.

It builds from the same mkdocs.yml, theme and plugins as MkDocs; only the program differs.
"""

from __future__ import annotations

from collections.abc import Callable

from warmup.content.library import Library
from warmup.engines.mkdocs import MkDocsFamily
from warmup.project import Project


class ProperDocs(MkDocsFamily):
    def serve(self, project: Project, address: str, quiet: bool, prepare_docs: Callable[[], Library]) -> None:
        # From here on, `mkdocs` in this process means ProperDocs, as in its own program: Material and
        # the warmup plugin, which import `mkdocs`, then plug into the ProperDocs that serves them.
        import properdocs.replacement  # noqa: F401

        super().serve(project, address, quiet, prepare_docs)


ENGINE = ProperDocs("properdocs", "ProperDocs")
