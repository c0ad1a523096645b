"""ProperDocs with Material for MkDocs: a maintained continuation of MkDocs 1.x that runs its plugins.

It builds from the same mkdocs.yml, theme and plugins as MkDocs; only the program differs.
"""

from __future__ import annotations

from warmup.engines.mkdocs import MkDocsFamily

ENGINE = MkDocsFamily("properdocs", "ProperDocs")
