"""The club can move to Zensical (Material for MkDocs' successor) without rework.

Zensical reads mkdocs.yml but does not run MkDocs plugins, so the documented
path is: `warmup build` (checks content/, writes docs/ and the cards), then
`zensical build`, which turns the same docs/ into the site.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import article_text, copy_project, normalise, pdf_text, run_warmup

ZENSICAL = Path(sys.executable).parent / "zensical"


def test_generated_docs_and_mkdocs_yml_build_with_zensical(tmp_path, library):
    project = copy_project(tmp_path / "project")
    run_warmup(project, "build", "--quiet")
    shutil.rmtree(project.site_dir)  # so every page checked below is Zensical's own

    result = subprocess.run([str(ZENSICAL), "build", "--strict", "--clean"], cwd=project.root,
                            capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stdout + result.stderr
    site = project.site_dir
    for routine in library.routines:
        page = article_text(site / "routines" / routine.slug / "index.html")
        assert normalise(routine.details.title) in page
        for exercise in routine.exercises:
            assert normalise(exercise.details.how_to) in page
        for paper in ("a4", "letter"):
            assert normalise(routine.exercises[0].details.name) in pdf_text(site / f"cards/{routine.slug}-{paper}.pdf")
    for exercise in library.exercises:
        page = article_text(site / "exercises" / exercise.slug / "index.html")
        assert normalise(exercise.details.name) in page and normalise(exercise.details.how_to) in page
    assert "Why hips matter" in article_text(site / "why-hips-matter/index.html")
    assert (site / "index.html").is_file() and (site / "print/index.html").is_file()
