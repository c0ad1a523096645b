"""The core pipeline, end to end: a fixture club's content/ in, site pages and printed pieces out."""

from __future__ import annotations

import functools
import os
import re
import shutil
import stat
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import yaml
from pypdf import PdfReader

from conftest import (ILLUSTRATION_DESCRIPTION, PRINTED_KINDS, REPO, article_text, club_content, copy_built,
                      copy_project, first_build, html_text, normalise, page_text, pdf_text, run_warmup, search_entries,
                      tree_fingerprint, watched_environment)
from warmup.settings.reader import DEFAULT_ENGINE, read_settings

PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}
# Every printed format, and those that print each exercise's how-to (the pocket cards name the exercises only).
FORMATS = [key for keys in PRINTED_KINDS.values() for key in keys]
SHOWS_HOW_TO = [key for key in FORMATS if not key.startswith("pocket-")]
CLUBS = ("harbour", "meadow")
# Every exercise file of each fixture club, by a plain look at its folder, not through the code under test.
CLUB_EXERCISES = [(club, path.stem) for club in CLUBS for path in sorted((club_content(club) / "exercises").glob("*.yaml"))]


def test_site_has_home_routine_parents_and_print_pages(built, library):
    site = built.site_dir
    pages = ["index.html", "print/index.html", f"{library.parents_page.address}/index.html",
             *(f"routines/{routine.slug}/index.html" for routine in library.routines)]
    for page in pages:
        assert (site / page).is_file(), page
    assert library.parents_page.title in page_text(site / library.parents_page.address / "index.html")


@pytest.fixture(scope="module")
def club_sites(default_build):
    """Each fixture club's project, built: the shared build for the default club, the session's first (cold) one
    for the other."""
    return {"harbour": default_build, "meadow": first_build("meadow").project}


# The shared builds' printed pieces do not change: each is read once for all the exercises that look into it.
printed_text = functools.cache(pdf_text)


def _read_yaml(path):
    return yaml.safe_load(path.read_text("utf-8"))


class _Links(HTMLParser):
    def __init__(self, inside: str):
        super().__init__()
        self.inside, self.depth, self.links = inside, 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == self.inside
        if tag == "a" and self.depth:
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        self.depth -= tag == self.inside and self.depth > 0


def html_links(html_file, inside: str) -> list[str]:
    """Where the links inside the page's ``inside`` elements (article, nav) lead."""
    parser = _Links(inside)
    parser.feed(html_file.read_text("utf-8"))
    return parser.links


@pytest.mark.parametrize(("club", "slug"), CLUB_EXERCISES, ids=[f"{club}-{slug}" for club, slug in CLUB_EXERCISES])
def test_every_exercise_is_on_its_page_and_on_the_page_and_every_printed_piece_of_each_routine_listing_it(
        club_sites, club, slug):
    project = club_sites[club]
    site, content = project.site_dir, club_content(club)
    exercise = _read_yaml(content / "exercises" / f"{slug}.yaml")
    name, how_to = normalise(exercise["name"]), normalise(exercise["how_to"])
    routines = {path.stem: _read_yaml(path)["exercises"] for path in (content / "routines").glob("*.yaml")}

    own_page = site / "exercises" / slug / "index.html"
    assert name in article_text(own_page) and how_to in article_text(own_page)
    for routine, listed in routines.items():
        routine_page = site / "routines" / routine / "index.html"
        printed = {key: printed_text(site / "cards" / f"{routine}-{key}.pdf") for key in FORMATS}
        if slug in listed:
            assert name in article_text(routine_page) and how_to in article_text(routine_page)
            assert f'href="../../exercises/{slug}/"' in routine_page.read_text("utf-8")
            assert all(name in text for text in printed.values()), routine
            # A poster's columns may join a name and its how-to without a space: compared without spaces.
            assert all(how_to.replace(" ", "") in printed[key].replace(" ", "") for key in SHOWS_HOW_TO), routine
        else:
            assert how_to not in article_text(routine_page) and all(how_to not in text for text in printed.values())
    if not any(slug in listed for listed in routines.values()):
        # In no routine: the home page and the menu still lead to it, and its page leads back home.
        home = site / "index.html"
        assert f"Other exercises Not in a routine yet, so not on a card: {name}" in article_text(home)
        assert html_links(home, "article").count(f"exercises/{slug}/") == 1
        assert f"exercises/{slug}/" in html_links(home, "nav")
        assert "No routine lists this exercise, so it is on no card. See all the warm-ups" in article_text(own_page)
        assert "../../" in html_links(own_page, "article")


def test_a_fixture_club_has_an_exercise_in_no_routine():
    """The case the test above checks for it: an exercise that no routine lists (tests/clubs/README.md)."""
    listed = {slug for path in (club_content() / "routines").glob("*.yaml") for slug in _read_yaml(path)["exercises"]}
    assert any(slug not in listed for club, slug in CLUB_EXERCISES if club == "harbour")


def test_generated_markdown_names_the_file_to_edit(default_build, library):
    slug = library.exercises[0].slug
    page = (default_build.docs_dir / "exercises" / f"{slug}.md").read_text("utf-8")
    assert page.splitlines()[1].startswith(f"# GENERATED by warmup from content/exercises/{slug}.yaml")


def assert_the_network_is_refused(folder) -> None:
    """The watch that refuses internet sockets (tests/hooks/) does refuse one."""
    attempts = folder / "probe-attempts.log"
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
                           capture_output=True, text=True, env=watched_environment({"WARMUP_TEST_NO_NETWORK": attempts}))
    assert probe.returncode != 0 and "Network is unreachable" in probe.stderr, "the network is not refused"
    assert attempts.is_file(), "the refused connection was not logged"


@pytest.fixture(scope="module")
def built_cold_offline():
    """Built offline and cold (nothing drawn before, so the engine builds the pages while the cards are being
    drawn), with the default engine: every page, card and picture is made without the network. The session's
    first build of the fixture club is that build (conftest.first_build)."""
    cold = first_build()
    assert read_settings(cold.project.config_file).engine == DEFAULT_ENGINE
    return cold.project, cold.network_attempts


@pytest.fixture(scope="module")
def built_offline(request, tmp_path_factory, engine):
    """Built offline with each engine: the default engine's is the cold build; the others reuse the drawings,
    which are the same whatever the engine (the cold one proved they are drawn offline)."""
    folder = tmp_path_factory.mktemp(f"offline-{engine}")
    assert_the_network_is_refused(folder)
    if engine == DEFAULT_ENGINE:
        return request.getfixturevalue("built_cold_offline")
    attempts = folder / "network-attempts.log"
    project = copy_project(folder / "project")
    run_warmup(project, "build", "--engine", engine, watch={"WARMUP_TEST_NO_NETWORK": attempts})
    return project, attempts


def test_the_whole_build_works_without_network_and_gives_the_same_site(built, built_offline):
    project, attempts = built_offline
    assert not attempts.exists(), f"the build tried to reach the network:\n{attempts.read_text()}"
    assert tree_fingerprint(project.site_dir) == tree_fingerprint(built.site_dir)


def test_a_cold_build_leaves_nothing_in_the_systems_temporary_folder():
    # Its drawing helpers' fonts among it: a coach's machine would gather a folder of them with every build.
    left = sorted(path.name for path in first_build().temporary.iterdir())
    assert left == [], left


def test_sizes_of_cards_drawn_while_the_pages_were_built_reach_the_page_its_search_entry_and_docs(built_cold_offline,
                                                                                                    library):
    project, _ = built_cold_offline
    cards = project.site_dir / "cards"
    expected = [str(round((cards / f"{routine.slug}-{key}.pdf").stat().st_size / 1000))
                for routine in library.routines for key in FORMATS]
    search = " ".join(html_text(entry["text"]) for entry in search_entries(project.site_dir)
                      if entry["location"].startswith("print/"))
    for where, text in [("the print page", page_text(project.site_dir / "print" / "index.html")),
                        ("its search entry", search), ("docs/print.md", (project.docs_dir / "print.md").read_text())]:
        assert re.findall(r"PDF, (\S+) KB", text) == expected, where
    assert sorted(path.name for path in (project.docs_dir / "cards").iterdir()) == \
        sorted(path.name for path in cards.iterdir())
    for drawn in cards.iterdir():  # the drawings, not what stood in for them
        assert (project.docs_dir / "cards" / drawn.name).read_bytes() == drawn.read_bytes() != b""


def _renamed(project, exercise) -> str:
    """Give ``exercise`` another name in ``project``'s content, and return that name."""
    renamed = f"{exercise.details.name} Again"
    path = project.content_dir / "exercises" / f"{exercise.slug}.yaml"
    path.write_text(path.read_text("utf-8").replace(f"name: {exercise.details.name}\n", f"name: {renamed}\n"), "utf-8")
    return renamed


def _built_by_plugin(folder, library, program: str, drawings=None):
    """A copy of the project with the first routine's last exercise renamed, built by ``program`` alone (its
    `warmup` plugin), starting with the ``drawings`` of an earlier build of the same sources when given."""
    project = copy_project(folder / "project")
    if drawings:
        shutil.copytree(drawings, project.cache_dir, dirs_exist_ok=True)
    routine = library.routines[0]
    exercise = routine.exercises[-1]
    renamed = _renamed(project, exercise)
    subprocess.run([sys.executable, "-m", program, "build", "--quiet"], cwd=project.root, check=True)
    return project, routine, exercise, renamed


@pytest.fixture(scope="module")
def built_by_mkdocs(tmp_path_factory, library):
    """The plain MkDocs build, which draws the renamed exercise's pieces through the plugin."""
    return _built_by_plugin(tmp_path_factory.mktemp("plugin-mkdocs"), library, "mkdocs")


@pytest.mark.parametrize("program", ["mkdocs", "properdocs"])
def test_plain_engine_build_runs_the_same_pipeline_through_the_plugin(request, tmp_path, library, program):
    # ProperDocs, MkDocs' fork, runs the same plugin: its build starts with the drawings MkDocs' build drew (the
    # same, whatever the engine), and reads them from the render cache as the plugin's pipeline does.
    by_mkdocs = request.getfixturevalue("built_by_mkdocs")
    project, routine, exercise, renamed = by_mkdocs if program == "mkdocs" else _built_by_plugin(
        tmp_path, library, program, drawings=by_mkdocs[0].cache_dir)
    assert renamed in page_text(project.site_dir / "exercises" / exercise.slug / "index.html")
    assert renamed in pdf_text(project.site_dir / "cards" / f"{routine.slug}-a4.pdf")
    # Finished as `warmup build` finishes it: offline files, the favicon inside each page.
    assert (project.site_dir / "sw.js").is_file() and (project.site_dir / "manifest.webmanifest").is_file()
    assert '<link rel="icon" href="data:image/png;base64,' in (project.site_dir / "index.html").read_text("utf-8")


def in_one_routine(library):
    """A routine, and an exercise that it alone lists: changing that exercise redraws only that routine's pieces."""
    return next((routine, exercise) for routine in library.routines for exercise in routine.exercises
                if library.routines_with(exercise) == [routine])


def test_a_removed_exercise_loses_its_page(default_build, tmp_path, library):
    routine, exercise = in_one_routine(library)
    project = copy_built(default_build, tmp_path / "project")
    routine_file = project.content_dir / "routines" / f"{routine.slug}.yaml"
    listed = routine_file.read_text("utf-8")
    assert f"  - {exercise.slug}\n" in listed
    routine_file.write_text(listed.replace(f"  - {exercise.slug}\n", ""), "utf-8")
    (project.content_dir / "exercises" / f"{exercise.slug}.yaml").unlink()
    run_warmup(project, "build")
    assert not (project.docs_dir / "exercises" / f"{exercise.slug}.md").exists()
    assert not (project.site_dir / "exercises" / exercise.slug).exists()
    assert exercise.details.name not in pdf_text(project.site_dir / "cards" / f"{routine.slug}-a4.pdf")


@pytest.mark.parametrize("asset", ["javascripts/follow-along.js", "stylesheets/follow-along.css"])
def test_the_sites_own_script_and_styles_are_minified_in_the_site_and_readable_in_docs(built, asset):
    readable = (built.docs_dir / asset).read_text("utf-8")
    shipped = (built.site_dir / asset).read_text("utf-8")
    assert readable == (REPO / "docs" / asset).read_text("utf-8"), "docs/ keeps the file as written"
    assert "/*" in readable or "//" in readable
    assert "/*" not in shipped and not re.search(r"^\s*//", shipped, re.M), "comments removed"
    assert len(shipped) < 0.75 * len(readable)


def test_the_scripts_inside_every_page_are_minified(built):
    # The templates' scripts carry comments for whoever edits them: there is something to remove.
    assert re.search(r"^\s*// ", (REPO / "overrides" / "partials" / "after-first-paint.html").read_text("utf-8"), re.M)
    for page in built.site_dir.rglob("*.html"):
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", page.read_text("utf-8"), re.S):
            if "src=" not in attributes and "application/json" not in attributes:
                assert not re.search(r"^\s*//|/\*|\n\s", body), f"{page.relative_to(built.site_dir)}: {body[:80]!r}"


def test_built_site_is_readable_by_a_web_server(built, library):
    # Atomic writes go through private temporary files and folders; what is published must not stay private.
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(built.site_dir.stat().st_mode) == 0o777 & ~umask
    card = f"cards/{library.routines[0].slug}-a4.pdf"
    for path in (built.site_dir / "index.html", built.site_dir / card, built.docs_dir / card,
                 built.docs_dir / "index.md"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


def test_an_illustration_is_published_with_its_description_and_removed_with_it(illustrated, tmp_path):
    from PIL import Image

    built, slug = illustrated
    published = built.site_dir / "illustrations" / "picture.png"
    # Saved again (smaller than the web size, so the same picture): the same pixels, none of the file's extras.
    with Image.open(published) as copy, Image.open(built.content_dir / "illustrations" / "picture.png") as source:
        assert (copy.format, copy.size, copy.tobytes()) == ("PNG", source.size, source.tobytes())
    page = (built.site_dir / "exercises" / slug / "index.html").read_text("utf-8")
    described = re.escape(ILLUSTRATION_DESCRIPTION)
    assert re.search(rf'<img alt="{described}"[^>]* src="\.\./\.\./illustrations/picture\.png"', page)

    project = copy_built(built, tmp_path / "project")
    exercise = project.content_dir / "exercises" / f"{slug}.yaml"
    exercise.write_text((club_content() / "exercises" / f"{slug}.yaml").read_text("utf-8"), "utf-8")
    run_warmup(project, "build")
    assert not (project.docs_dir / "illustrations" / "picture.png").exists()
    assert not (project.site_dir / "illustrations").exists()


def test_a_new_routine_gets_its_own_pages_and_cards_and_loses_them_with_its_file_leaving_files_a_person_put(
        tmp_path, library):
    kept = library.routines[0]
    # A new routine: two exercises of the first routine, listed the other way round.
    earlier, later = kept.exercises[:2]
    project = copy_project(tmp_path / "project")
    second = project.content_dir / "routines" / "cool-down.yaml"
    second.write_text(f"title: Easy Cool Down\nexercises:\n  - {later.slug}\n  - {earlier.slug}\n", "utf-8")
    flyer, photo = project.docs_dir / "cards" / "club-flyer.pdf", project.docs_dir / "illustrations" / "team" / "a.png"
    for path in (flyer, photo):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"placed by hand " + path.name.encode())

    first = run_warmup(project, "build", "--quiet")
    assert (first.stdout, first.stderr) == ("", "")
    assert (project.docs_dir / "cards" / "cool-down-a4.pdf").is_file()
    routine_page = article_text(project.site_dir / "routines" / "cool-down" / "index.html")
    assert "Easy Cool Down" in routine_page and later.details.name in routine_page
    assert routine_page.index(later.details.name) < routine_page.index(earlier.details.name)
    for paper in PAPER_POINTS:
        card = project.site_dir / "cards" / f"cool-down-{paper}.pdf"
        assert len(PdfReader(card).pages) == 1
        assert "Easy Cool Down" in pdf_text(card)
    assert "Easy Cool Down" in page_text(project.site_dir / "index.html")
    assert "Easy Cool Down" in page_text(project.site_dir / "exercises" / earlier.slug / "index.html")

    second.unlink()
    run_warmup(project, "build", "--quiet")
    names = sorted(path.name for path in (project.docs_dir / "cards").iterdir())
    assert "club-flyer.pdf" in names and {f"{kept.slug}-a4.pdf", f"{kept.slug}-letter.pdf"} <= set(names)
    assert [name for name in names if name.startswith("cool-down")] == [], names  # its routine is gone
    assert flyer.read_bytes() == b"placed by hand club-flyer.pdf" and photo.read_bytes() == b"placed by hand a.png"
    assert (project.site_dir / "cards" / "club-flyer.pdf").read_bytes() == flyer.read_bytes()
