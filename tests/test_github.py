"""Keeping the site on GitHub with no computer: the workflow, annotations on the line, "Edit this page".

A real GitHub run cannot happen here; these stand in for it: actionlint checks the workflow
as GitHub would read it, the workflow is held to the README's own commands, the annotations
are read back exactly from real content mistakes, every built page's edit link is
checked against the content files that exist, and a new club's site is built as the workflow
builds it, with the address GitHub Pages gives in place of a site_url.
"""

from __future__ import annotations

import html

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
import zxingcpp
from PIL import Image

from conftest import REPO, copy_built, copy_project, edit, line_of, run_warmup
from warmup.content.json_schemas import rendered_schemas
from warmup.content.library import load_library
from warmup.paths import card_file
from warmup.settings.reader import SITE_URL_VARIABLE

WORKFLOW = REPO / ".github/workflows/publish.yml"
REPOSITORY = "https://github.com/harbour-swim-squad/warmups"
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def _actionlint(workflow: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(ACTIONLINT), "-no-color", str(workflow)], capture_output=True, text=True, timeout=60)


def test_the_workflow_passes_actionlint():
    result = _actionlint(WORKFLOW)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# A step's output named through an id no step has: the deployment's address, and the address Pages gives.
@pytest.mark.parametrize("step", ["deployment", "pages"])
def test_actionlint_does_catch_a_broken_workflow(tmp_path, step):
    broken = tmp_path / "publish.yml"
    text = WORKFLOW.read_text("utf-8")
    assert f"steps.{step}.outputs." in text
    broken.write_text(text.replace(f"steps.{step}.outputs.", f"steps.{step}x.outputs."), "utf-8")
    result = _actionlint(broken)
    assert result.returncode == 1 and f"steps.{step}x" in result.stdout


def _workflow() -> dict:
    # BaseLoader: "on" stays the word it is, not YAML 1.1's true.
    return yaml.load(WORKFLOW.read_text("utf-8"), Loader=yaml.BaseLoader)


def _quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text("utf-8")
    block = re.search(r"## Quick start\n.*?```sh\n(.*?)```", readme, re.S).group(1)
    return block.split("\n")[:-1]


def test_every_push_and_pull_request_is_checked_with_annotations():
    workflow = _workflow()
    assert set(workflow["on"]) == {"push", "pull_request"}
    check = workflow["jobs"]["check"]
    assert "if" not in check
    runs = [step.get("run") for step in check["steps"]]
    assert runs[-1] == ".venv/bin/warmup check --format github"
    assert "make setup" in runs
    # Cards are laid out with an address; without site_url, with the one Pages gives by default.
    assert check["steps"][-1]["env"] == {
        SITE_URL_VARIABLE: "https://${{ github.repository_owner }}.github.io/${{ github.event.repository.name }}/"}


def test_a_push_to_main_builds_with_the_quick_start_command_and_deploys_to_pages():
    workflow = _workflow()
    publish = workflow["jobs"]["publish"]
    assert publish["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert publish["needs"] == "check"
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = publish["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == [_quick_start_commands()[0]] == ["make site"]
    uses = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    assert "actions/deploy-pages" in uses
    assert uses["actions/cache"]["with"]["path"] == ".cache/warmup"
    assert uses["actions/setup-python"]["with"]["cache"] == "pip"
    order = [step.get("uses", step.get("run")).split("@")[0] for step in steps]
    assert order.index("make site") < order.index("actions/upload-pages-artifact") < order.index("actions/deploy-pages")


def test_the_publish_build_is_given_the_address_github_pages_gives_the_site():
    steps = _workflow()["jobs"]["publish"]["steps"]
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/configure-pages@"))
    build = next(step for step in steps if step.get("run") == "make site")
    # base_url is configure-pages' output (its action.yml): "https://octocat.github.io/my-repo".
    assert build["env"] == {SITE_URL_VARIABLE: f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"}
    assert steps.index(pages) < steps.index(build)


def test_every_action_is_pinned_to_a_full_commit_hash():
    uses = re.findall(r"uses:\s*(\S+)", WORKFLOW.read_text("utf-8"))
    assert len(uses) == 8
    for action in uses:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action), action


# --- Annotations --------------------------------------------------------------------------

@pytest.fixture
def mistaken(tmp_path):
    """A project with three real mistakes, and where each one is, read from the files themselves."""
    project = copy_project(tmp_path / "project")
    exercises = project.content_dir / "exercises"
    misspelt, untimed = exercises / "knee-openers.yaml", exercises / "waist-circles.yaml"
    edit(misspelt, "how_to:", "how_too:")
    edit(untimed, "how_to:", "duration_seconds: 50%\nhow_to:")
    (exercises / "a,b:c.yaml").write_text("name: A\nhow_to: B\nwhy_it_matters: C\n", "utf-8")
    return project, line_of(misspelt, "how_too:"), line_of(untimed, "duration_seconds:")


# The fields an exercise may have, as the editors' JSON Schema lists them.
ALLOWED = "Allowed here: " + ", ".join(json.loads(rendered_schemas()["exercise.schema.json"])["properties"])


def test_check_format_github_prints_each_mistake_as_an_annotation_on_its_line(mistaken):
    project, misspelt_line, untimed_line = mistaken

    result = run_warmup(project, "check", "--format", "github", check=False)

    assert result.returncode == 1
    assert result.stderr == (
        # In a property, ':' and ',' are escaped too; in the message, '%' is.
        "::error file=content/exercises/a%2Cb%3Ac.yaml::file name should be lower case words joined by dashes, "
        "e.g. a-b-c.yaml; rename the file\n"
        f"::error file=content/exercises/knee-openers.yaml,line={misspelt_line},col=1::'how_too' is not a field of "
        f"an exercise; remove it or fix its spelling. Did you mean 'how_to'? {ALLOWED}\n"
        f"::error file=content/exercises/waist-circles.yaml,line={untimed_line},col=1::duration_seconds: should be a "
        "whole number (found '50%25')\n"
        "3 problem(s) found; nothing was published, site/ is unchanged.\n")


def test_the_default_format_stays_one_plain_line_per_mistake(mistaken):
    project, misspelt_line, untimed_line = mistaken

    result = run_warmup(project, "check", check=False)

    assert result.returncode == 1
    assert result.stderr == (
        "error: content/exercises/a,b:c.yaml: file name should be lower case words joined by dashes, "
        "e.g. a-b-c.yaml; rename the file\n"
        f"error: content/exercises/knee-openers.yaml:{misspelt_line}:1: 'how_too' is not a field of an exercise; "
        f"remove it or fix its spelling. Did you mean 'how_to'? {ALLOWED}\n"
        f"error: content/exercises/waist-circles.yaml:{untimed_line}:1: duration_seconds: should be a whole number "
        "(found '50%')\n"
        "3 problem(s) found; nothing was published, site/ is unchanged.\n")


# --- "Edit this page" ---------------------------------------------------------------------

class _EditLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.edit_links: list[str] = []
        self.fetching_repository_facts = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("rel") == "edit":
            self.edit_links.append(attributes["href"])
        self.fetching_repository_facts |= attributes.get("data-md-component") == "source"


def _edit_links(page: Path) -> _EditLinks:
    parser = _EditLinks()
    parser.feed(page.read_text("utf-8"))
    return parser


def _content_file_of(project, page: Path) -> str | None:
    """The content file a built page is made from, worked out from content/ itself (None: no such file)."""
    address = page.parent.relative_to(project.site_dir).as_posix()
    parents = load_library(project.content_dir).parents_page  # the page for parents, at the address its title gives
    club = yaml.safe_load((project.content_dir / "club.yaml").read_text("utf-8"))
    sources = {".": "content/club.yaml", "print": "content/club.yaml",
               parents.address: f"content/routines/{club['parents_routine']}.yaml"}
    for kind in ("exercises", "routines"):
        sources.update({f"{kind}/{path.stem}": f"content/{kind}/{path.name}"
                        for path in (project.content_dir / kind).glob("*.yaml")})
    return sources.get(address)


@pytest.fixture(scope="module")
def with_repository(tmp_path_factory, engine):
    """Built once per engine: the edit links come from the pages' front matter, so every engine has them."""
    project = copy_project(tmp_path_factory.mktemp(f"github-{engine}") / "project")
    config = project.config_file.read_text("utf-8")
    project.config_file.write_text(re.sub(r"^(site_url: .*)$", rf"\1\nrepo_url: {REPOSITORY}", config, flags=re.M),
                                   "utf-8")
    run_warmup(project, "build", "--quiet", "--engine", engine)
    return project


def test_every_page_made_from_a_content_file_opens_that_file_in_the_web_editor(with_repository):
    project = with_repository
    pages = sorted(project.site_dir.rglob("*.html"))
    checked = 0
    for page in pages:
        links = _edit_links(page)
        assert not links.fetching_repository_facts, f"{page} asks GitHub for the repository's stars"
        if page.name == "404.html":
            assert links.edit_links == [], page
            continue
        source = _content_file_of(project, page)
        assert source is not None, f"{page} is made from no content file"
        assert (project.root / source).is_file()
        assert links.edit_links == [f"{REPOSITORY}/edit/main/{source}"], page
        checked += 1
    exercises = len(list((project.content_dir / "exercises").glob("*.yaml")))
    routines = len(list((project.content_dir / "routines").glob("*.yaml")))
    assert checked == exercises + routines + 3  # and the home, parents' and print pages


def test_without_repo_url_no_page_has_an_edit_link(built):
    assert "repo_url" not in built.config_file.read_text("utf-8")
    for page in built.site_dir.rglob("*.html"):
        assert _edit_links(page).edit_links == [], page


@pytest.mark.parametrize("settings, expected", [
    ("repo_url: https://github.com/club/warmups/\nedit_uri: edit/trunk/docs/\n",
     "https://github.com/club/warmups/edit/trunk/"),
    ("repo_url: https://gitlab.com/club/warmups\nedit_uri: -/edit/main/site/source/\ndocs_dir: site/source\n",
     "https://gitlab.com/club/warmups/-/edit/main/"),
    ("repo_url: https://github.com/club/warmups\nedit_uri: ''\n", None),  # MkDocs' way to turn editing off
    ("edit_uri: edit/main/docs/\n", None),
])
def test_edit_uri_and_docs_dir_are_read_as_mkdocs_means_them(tmp_path, settings, expected):
    """edit_uri leads to docs_dir in MkDocs; the content files sit in the folder above it."""
    from warmup.settings.reader import read_settings
    from warmup.site.edit_links import content_editor_address

    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
                                         "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                                         + settings, "utf-8")
    assert content_editor_address(read_settings(tmp_path / "mkdocs.yml")) == expected


# --- The address GitHub Pages gives the site ---------------------------------------------

# As configure-pages gives it: without the final slash.
PAGES_ADDRESS = "https://example.org/valley-fc"


@pytest.fixture(scope="module")
def new_club(tmp_path_factory):
    """A new club's starter: no site_url in mkdocs.yml, as `warmup new-club` leaves it. Each engine's test builds it
    in turn with the same address, so the first engine's drawings serve the others."""
    project = copy_project(tmp_path_factory.mktemp("new-club") / "project", reuse_drawings=False)
    run_warmup(project, "--quiet", "new-club", "Valley Football Club")
    assert "site_url" not in yaml.safe_load(project.config_file.read_text("utf-8"))
    return project


def _canonical(page: Path) -> str | None:
    link = re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text("utf-8"))
    return link and link[1]


def _qr_target(project, tmp_path) -> str:
    """What a phone reads from the parents' QR code of the routine's A4 card (the other starts the routine, its
    address ending in #start): poppler draws it, zxing-cpp reads it."""
    [routine] = [page.parent.name for page in project.site_dir.glob("routines/*/index.html")]  # the starter's one
    card = project.site_dir / card_file(routine, "a4")  # not its pocket cards' A4 sheet, "…-pocket-a4.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(card), str(tmp_path / "card")], check=True)
    codes = [code.text for code in zxingcpp.read_barcodes(Image.open(tmp_path / "card.png"))]
    [start] = [text for text in codes if text.endswith("#start")]
    [parents] = [text for text in codes if text != start]
    assert start.rsplit("/routines/", 1)[0] == parents.rsplit("/", 2)[0]  # both on the same site
    return parents


def test_without_site_url_the_links_qr_code_and_previews_use_the_address_pages_gives(new_club, engine, tmp_path):
    run_warmup(new_club, "build", "--quiet", "--engine", engine, env={SITE_URL_VARIABLE: PAGES_ADDRESS})

    site = new_club.site_dir
    assert _canonical(site / "index.html") == PAGES_ADDRESS + "/"
    target = _qr_target(new_club, tmp_path)
    assert target.startswith(PAGES_ADDRESS + "/")
    page = site / target.removeprefix(PAGES_ADDRESS + "/") / "index.html"
    assert page.is_file()  # the code leads to a page that was built
    assert _canonical(page) == target
    # The share preview (Zensical's templates escape every "/" of it as &#x2f;, which a reader decodes).
    assert f'<meta property="og:url" content="{target}"' in html.unescape(page.read_text("utf-8"))


def test_a_site_url_in_mkdocs_yml_wins_over_the_address_pages_gives(new_club, tmp_path):
    new_club = copy_built(new_club, tmp_path / "own-address")
    own = "https://warmups.valley-fc.example/"
    new_club.config_file.write_text(f"site_url: {own}\n" + new_club.config_file.read_text("utf-8"), "utf-8")

    run_warmup(new_club, "build", "--quiet", env={SITE_URL_VARIABLE: PAGES_ADDRESS})

    assert _canonical(new_club.site_dir / "index.html") == own
    assert _qr_target(new_club, tmp_path).startswith(own)
    assert PAGES_ADDRESS not in "".join(page.read_text("utf-8") for page in new_club.site_dir.rglob("*.html"))
