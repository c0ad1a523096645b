"""The core pipeline, end to end: content/ in, site pages and one-page cards out."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import yaml
from pypdf import PdfReader

from conftest import (REPO, article_text, copy_project, normalise, page_text, pdf_text, run_warmup, tree_fingerprint,
                      watched_environment)
PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}
# Test data, in no routine (the club's content has none such): its words are not the club's.
UNLISTED = "calf-raises"
# Every exercise file there is, by a plain look at the folder, not through the code under test.
EXERCISES = sorted(path.stem for path in (REPO / "content" / "exercises").glob("*.yaml")) + [UNLISTED]


def test_site_has_home_routine_parents_and_print_pages(built):
    site = built.site_dir
    for page in ("index.html", "routines/hip-activation/index.html", "why-hips-matter/index.html",
                 "print/index.html"):
        assert (site / page).is_file(), page
    assert "Why hips matter" in page_text(site / "why-hips-matter/index.html")


@pytest.fixture(scope="module")
def with_unlisted(tmp_path_factory):
    """This project plus one exercise that no routine lists, built."""
    project = copy_project(tmp_path_factory.mktemp("unlisted") / "project")
    (project.content_dir / "exercises" / f"{UNLISTED}.yaml").write_text(
        "name: Calf Raises\nhow_to: Rise onto your toes, then lower slowly.\nwhy_it_matters: Test words.\n", "utf-8")
    run_warmup(project, "build")
    return project


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


@pytest.mark.parametrize("slug", EXERCISES)
def test_every_exercise_is_on_its_page_and_on_the_page_and_both_cards_of_each_routine_listing_it(with_unlisted, slug):
    site, content = with_unlisted.site_dir, with_unlisted.content_dir
    exercise = _read_yaml(content / "exercises" / f"{slug}.yaml")
    name, how_to = normalise(exercise["name"]), normalise(exercise["how_to"])
    routines = {path.stem: _read_yaml(path)["exercises"] for path in (content / "routines").glob("*.yaml")}

    own_page = site / "exercises" / slug / "index.html"
    assert name in article_text(own_page) and how_to in article_text(own_page)
    for routine, listed in routines.items():
        routine_page = site / "routines" / routine / "index.html"
        cards = [pdf_text(site / "cards" / f"{routine}-{paper}.pdf") for paper in PAPER_POINTS]
        if slug in listed:
            assert name in article_text(routine_page) and how_to in article_text(routine_page)
            assert f'href="../../exercises/{slug}/"' in routine_page.read_text("utf-8")
            assert all(name in card and how_to in card for card in cards)
        else:
            assert how_to not in article_text(routine_page) and all(how_to not in card for card in cards)
    if not any(slug in listed for listed in routines.values()):
        # In no routine: the home page and the menu still lead to it, and its page leads back home.
        home = site / "index.html"
        assert f"Other exercises Not in a routine yet, so not on a card: {name}" in article_text(home)
        assert html_links(home, "article").count(f"exercises/{slug}/") == 1
        assert f"exercises/{slug}/" in html_links(home, "nav")
        assert "No routine lists this exercise, so it is on no card. See all the warm-ups" in article_text(own_page)
        assert "../../" in html_links(own_page, "article")


@pytest.mark.parametrize("paper", PAPER_POINTS)
def test_each_card_is_exactly_one_page_of_its_paper(built, library, paper):
    for routine in library.routines:
        reader = PdfReader(built.site_dir / "cards" / f"{routine.slug}-{paper}.pdf")
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == PAPER_POINTS[paper]


def test_cards_are_linked_from_the_site(built):
    for page in ("routines/hip-activation/index.html", "print/index.html"):
        html = (built.site_dir / page).read_text("utf-8")
        for paper in PAPER_POINTS:
            assert f"cards/hip-activation-{paper}.pdf" in html


def source_sentences() -> list[str]:
    """Each sentence (or label before a colon) of the club's approved text."""
    sentences = []
    for line in (REPO / "tests/data/hip-activation-for-runners.txt").read_text("utf-8").splitlines():
        line = re.sub(r"^(\d+\.|\u2705)\s*", "", line.strip())
        for part in re.split(r"(?<=[.!?:])\s+", line):
            part = normalise(part).rstrip(":").strip()
            if part:
                sentences.append(part)
    return sentences


@pytest.mark.parametrize("sentence", source_sentences())
def test_every_sentence_of_the_source_text_reaches_the_site(built, sentence):
    site_text = " ".join(article_text(page) for page in sorted(built.site_dir.rglob("*.html")))
    assert sentence in site_text


def test_generated_markdown_names_the_file_to_edit(built):
    page = (built.docs_dir / "exercises" / "glute-bridges.md").read_text("utf-8")
    assert page.splitlines()[1].startswith("# GENERATED by warmup from content/exercises/glute-bridges.yaml")


def test_a_club_file_saved_as_yml_is_the_one_named_in_the_club_pages(tmp_path):
    project = copy_project(tmp_path / "project")
    (project.content_dir / "club.yaml").rename(project.content_dir / "club.yml")
    run_warmup(project, "build")
    home = (project.docs_dir / "index.md").read_text("utf-8")
    assert home.splitlines()[1].startswith("# GENERATED by warmup from content/club.yml")


def test_a_second_routine_gets_its_own_pages_and_cards(tmp_path):
    project = copy_project(tmp_path / "project")
    (project.content_dir / "routines" / "cool-down.yaml").write_text(
        "title: Easy Cool Down\nexercises:\n  - standing-hip-circles\n  - glute-bridges\n", "utf-8")
    run_warmup(project, "build")

    routine_page = article_text(project.site_dir / "routines" / "cool-down" / "index.html")
    assert "Easy Cool Down" in routine_page and "Standing Hip Circles" in routine_page
    assert routine_page.index("Standing Hip Circles") < routine_page.index("Glute Bridges")
    for paper, size in PAPER_POINTS.items():
        card = project.site_dir / "cards" / f"cool-down-{paper}.pdf"
        reader = PdfReader(card)
        assert len(reader.pages) == 1
        assert "Easy Cool Down" in pdf_text(card)
    assert "Easy Cool Down" in page_text(project.site_dir / "index.html")
    assert "Easy Cool Down" in page_text(project.site_dir / "exercises" / "glute-bridges" / "index.html")


def test_the_whole_build_works_without_network_and_gives_the_same_site(built, engine, tmp_path):
    # Cold (nothing cached): every page, card and picture is made while internet sockets are refused.
    attempts = tmp_path / "network-attempts.log"
    watch = {"WARMUP_TEST_NO_NETWORK": attempts}
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
                           capture_output=True, text=True, env=watched_environment(watch))
    assert probe.returncode != 0 and "Network is unreachable" in probe.stderr, "the network is not refused"
    attempts.unlink()

    project = copy_project(tmp_path / "project", reuse_drawings=False)
    run_warmup(project, "build", "--engine", engine, watch=watch)

    assert not attempts.exists(), f"the build tried to reach the network:\n{attempts.read_text()}"
    assert tree_fingerprint(project.site_dir) == tree_fingerprint(built.site_dir)


@pytest.mark.parametrize("program", ["mkdocs", "properdocs"])
def test_plain_engine_build_runs_the_same_pipeline_through_the_plugin(tmp_path, program):
    project = copy_project(tmp_path / "project")
    exercise = project.content_dir / "exercises" / "fire-hydrants.yaml"
    exercise.write_text(exercise.read_text("utf-8").replace("Fire Hydrants", "Fire Hydrant Lifts"), "utf-8")
    subprocess.run([sys.executable, "-m", program, "build", "--quiet"], cwd=project.root, check=True)
    assert "Fire Hydrant Lifts" in page_text(project.site_dir / "exercises" / "fire-hydrants" / "index.html")
    assert "Fire Hydrant Lifts" in pdf_text(project.site_dir / "cards" / "hip-activation-a4.pdf")
    # Finished as `warmup build` finishes it: offline files, the favicon inside each page.
    assert (project.site_dir / "sw.js").is_file() and (project.site_dir / "manifest.webmanifest").is_file()
    assert '<link rel="icon" href="data:image/png;base64,' in (project.site_dir / "index.html").read_text("utf-8")


def test_a_removed_exercise_loses_its_page(tmp_path):
    project = copy_project(tmp_path / "project")
    run_warmup(project, "build")
    routine = project.content_dir / "routines" / "hip-activation.yaml"
    routine.write_text(routine.read_text("utf-8").replace("  - donkey-kicks\n", ""), "utf-8")
    (project.content_dir / "exercises" / "donkey-kicks.yaml").unlink()
    run_warmup(project, "build")
    assert not (project.docs_dir / "exercises" / "donkey-kicks.md").exists()
    assert not (project.site_dir / "exercises" / "donkey-kicks").exists()
    assert "Donkey Kicks" not in pdf_text(project.site_dir / "cards" / "hip-activation-a4.pdf")


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


def test_built_site_is_readable_by_a_web_server(built):
    # Atomic writes go through private temporary files and folders; what is published must not stay private.
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(built.site_dir.stat().st_mode) == 0o777 & ~umask
    for path in (built.site_dir / "index.html", built.site_dir / "cards" / "hip-activation-a4.pdf",
                 built.docs_dir / "cards" / "hip-activation-a4.pdf", built.docs_dir / "index.md"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


def test_an_illustration_is_published_with_its_description_and_removed_with_it(tmp_path):
    from PIL import Image

    project = copy_project(tmp_path / "project")
    (project.content_dir / "illustrations").mkdir()
    Image.new("RGB", (40, 30), "navy").save(project.content_dir / "illustrations" / "bridge.png")
    exercise = project.content_dir / "exercises" / "glute-bridges.yaml"
    original = exercise.read_text("utf-8")
    exercise.write_text(original + "illustration: bridge.png\nillustration_description: A runner lying on her back,"
                        " hips lifted.\n", "utf-8")
    run_warmup(project, "build")
    published = project.site_dir / "illustrations" / "bridge.png"
    # Saved again (smaller than the web size, so the same picture): the same pixels, none of the file's extras.
    with Image.open(published) as copy, Image.open(project.content_dir / "illustrations" / "bridge.png") as source:
        assert (copy.format, copy.size, copy.tobytes()) == ("PNG", source.size, source.tobytes())
    page = (project.site_dir / "exercises" / "glute-bridges" / "index.html").read_text("utf-8")
    assert re.search(r'<img alt="A runner lying on her back, hips lifted\."[^>]* src="\.\./\.\./illustrations/bridge\.png"',
                     page)

    exercise.write_text(original, "utf-8")
    run_warmup(project, "build")
    assert not (project.docs_dir / "illustrations" / "bridge.png").exists()
    assert not (project.site_dir / "illustrations").exists()


def test_files_a_person_put_beside_generated_ones_stay_and_only_what_the_build_wrote_goes(tmp_path):
    project = copy_project(tmp_path / "project")
    routine = project.content_dir / "routines" / "hip-activation.yaml"
    second = routine.with_name("hips-again.yaml")
    second.write_text(routine.read_text("utf-8").replace("title: Hip Activation for Runners", "title: Hips Again"),
                      "utf-8")
    flyer, photo = project.docs_dir / "cards" / "club-flyer.pdf", project.docs_dir / "illustrations" / "team" / "a.png"
    for path in (flyer, photo):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"placed by hand " + path.name.encode())

    first = run_warmup(project, "build", "--quiet")
    assert (first.stdout, first.stderr) == ("", "")
    assert (project.docs_dir / "cards" / "hips-again-a4.pdf").is_file()

    second.unlink()
    run_warmup(project, "build", "--quiet")
    names = sorted(path.name for path in (project.docs_dir / "cards").iterdir())
    assert "club-flyer.pdf" in names and {"hip-activation-a4.pdf", "hip-activation-letter.pdf"} <= set(names)
    assert [name for name in names if name.startswith("hips-again")] == [], names  # its routine is gone
    assert flyer.read_bytes() == b"placed by hand club-flyer.pdf" and photo.read_bytes() == b"placed by hand a.png"
    assert (project.site_dir / "cards" / "club-flyer.pdf").read_bytes() == flyer.read_bytes()
