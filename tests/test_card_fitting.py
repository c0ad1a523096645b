"""The fitting skips a poster's layout only where it could not have fitted: the same pieces, fewer layouts.

The poster's lower bound (card_fitting.poster_shortest_mm: its figures, sized before layout, and the fewest lines
of its words) lets fit() skip a layout proved too tall. It must never be above the height WeasyPrint lays the
poster out at, or the fitting would skip a layout that fits and print something else: checked for every layout
the fitting tries for every routine of the default fixture club, for ten exercises (where the bound skips layouts)
and for how-to texts in unusual words (other scripts, long compounds, a word wider than a line), each poster fitted
once with every layout made and once with the bound, to the same sizes. Every layout costs a tenth of a second or
more, so the cases are these three (the other fixture clubs and seven long how-to texts took 12 s more and found
nothing these do not: a bound of words and figures, in Latin and other scripts, under a page).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import CLUB, CLUBS, PRINTED_KINDS, REPO
from posters import a_routine_of
from warmup.content.library import load_library
from warmup.printing.card_fitting import Sizes, fit
from warmup.printing.cards import CardDrawer
from warmup.printing.formats import FORMATS
from warmup.render_cache import RenderCache


# Words the bound must not overcount: one longer than any line (broken anywhere), long compounds (hyphenated), and
# a script the printed font lacks (drawn by another font). Test wording, nobody's advice.
UNUSUAL_WORDS = ["Long" + "a" * 296 + " then a few words after it.",
                 "Schultergelenksmobilisationsübung mit Widerstandsband, dann Oberschenkelrückseitendehnung.",
                 "準備運動をします。" * 12]


def club_content(name: str, folder: Path) -> Path:
    """A fixture club's content/, or one made for this test: a routine of ten, or Meadowbank's three how-to texts in
    unusual words."""
    if name == "ten-exercises":
        return a_routine_of(folder, 10)[1]
    if name == "unusual-words":
        content = folder / "content"
        shutil.copytree(CLUBS / "meadow" / "content", content)
        for exercise, words in zip(sorted((content / "exercises").glob("*.yaml")), UNUSUAL_WORDS, strict=True):
            exercise.write_text(re.sub(r"^how_to: .*$", f"how_to: {words}", exercise.read_text("utf-8"), flags=re.M),
                                "utf-8")
        return content
    return CLUBS / name / "content"


@pytest.mark.parametrize("name", [CLUB, "ten-exercises", "unusual-words"])
def test_the_posters_bound_is_never_above_its_height_and_skipping_by_it_fits_the_same(tmp_path, name):
    content = club_content(name, tmp_path)
    library = load_library(content)
    drawer = CardDrawer(library, content, REPO / "templates", "https://example.org/", RenderCache(tmp_path / "cache"))
    skipped = 0
    for routine in library.routines:
        for print_format in (f for f in FORMATS if f.key in PRINTED_KINDS["Poster"]):
            laid_out: dict[Sizes, tuple] = {}

            def measure(sizes: Sizes):
                if sizes not in laid_out:
                    laid_out[sizes] = drawer.measure(routine, sizes)
                return laid_out[sizes]

            every_layout = fit(measure, routine, print_format)[0]
            for sizes, (height, _) in list(laid_out.items()):
                # On its page a poster too long is cut at the page's end: on an endless one it shows its height.
                if height > sizes.content_height_mm:
                    height, _ = drawer.measure(routine, replace(sizes, endless=True))
                bound = drawer.shortest_poster_mm(routine, sizes)
                assert bound <= height, f"{routine.slug} {print_format.key} at {sizes}: {bound:.1f} > {height:.1f} mm"
            tried = set(laid_out)
            laid_out_with_bound = []

            def measure_recorded(sizes: Sizes):
                laid_out_with_bound.append(sizes)
                return measure(sizes)

            assert fit(measure_recorded, routine, print_format,
                       lambda sizes: drawer.shortest_poster_mm(routine, sizes))[0] == every_layout
            assert set(laid_out_with_bound) <= tried
            skipped += len(tried) - len(laid_out_with_bound)
    if name == "ten-exercises":  # each poster's first six layouts are at least 10% too tall
        assert skipped >= 12
