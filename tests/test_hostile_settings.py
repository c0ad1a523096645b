"""Hostile settings in mkdocs.yml: an address that is not a plain http(s) address, or YAML that expands without
end, is refused in one line before any engine runs; and whatever a setting holds, warmup writes it into the pages
escaped for where it goes, even when it gets past the check."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import (copy_project, error_lines, line_of, run_warmup, settings_restored, tree_fingerprint,
                      watched_environment)
# The fixture: the project below, its mkdocs.yml put back after each test.
from warmup.settings.checks import check_settings
from warmup.engines.engine import DRIVEN_BY_WARMUP
from warmup.settings.reader import read_settings
from warmup.finish.not_found_page import relative_not_found_page
from warmup.problems import ContentError
from warmup.site.edit_links import content_editor_address

SITE_FIX = "write the site's address as the browser shows it, e.g. https://example.org/warmups/"
REPO_FIX = "write the repository's address as the browser shows it, e.g. https://github.com/club/warm-ups"
EDIT_FIX = ("write the address of docs/ in the repository's web editor, relative to repo_url (e.g. edit/main/docs/), "
            "or in full (https://...)")
NOT_FULL, NOT_EDIT = "is not a full web address", "is neither a path relative to repo_url nor a full web address"
SCRIPT = '"><script>alert(1)</script>'

# Each setting as written on line 2 of mkdocs.yml (its value starts in column 11), and what the one line says
# after "mkdocs.yml:2:11: ". The first three are the ones a hostile contributor tried.
HOSTILE = {
    "site_url closing its attribute": (
        f"site_url: 'https://example.org/w{SCRIPT}/'",
        f"site_url: 'https://example.org/w{SCRIPT}/' holds '\"', which a web address cannot hold; {SITE_FIX}"),
    "repo_url running a script": (
        'repo_url: "javascript://example.com/%0Aalert(document.domain)"',
        f"repo_url: 'javascript://example.com/%0Aalert(document.domain)' {NOT_FULL}; {REPO_FIX}"),
    "edit_uri running a script": (
        'edit_uri: "javascript:alert(1)//"', f"edit_uri: 'javascript:alert(1)//' {NOT_EDIT}; {EDIT_FIX}"),
    "site_url as data": (
        'site_url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="',
        f"site_url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' {NOT_FULL}; {SITE_FIX}"),
    "site_url with a single quote": (
        "site_url: \"https://example.org/club's/\"",
        f"site_url: 'https://example.org/club's/' holds ''', which a web address cannot hold; {SITE_FIX}"),
    "site_url with a space": (
        'site_url: "https://example.org/warm ups/"',
        f"site_url: 'https://example.org/warm ups/' holds a space, which a web address cannot hold; {SITE_FIX}"),
    "site_url with a backslash": (
        'site_url: "https://example.org\\\\@evil.example/"',
        f"site_url: 'https://example.org\\@evil.example/' holds '\\', which a web address cannot hold; {SITE_FIX}"),
    "site_url with a control character": (
        'site_url: "https://example.org/\\x01/"',
        f"site_url: 'https://example.org/\\x01/' holds the character \\x01, which a web address cannot hold; "
        f"{SITE_FIX}"),
    "site_url with a backtick": (
        'site_url: "https://example.org/`x`/"',
        f"site_url: 'https://example.org/`x`/' holds '`', which a web address cannot hold; {SITE_FIX}"),
    "repo_url adding an attribute": (
        'repo_url: "https://github.com/club/warm-ups\\" onmouseover=\\"alert(1)"',
        "repo_url: 'https://github.com/club/warm-ups\" onmouseover=\"alert(1)' holds '\"', which a web address "
        f"cannot hold; {REPO_FIX}"),
    "repo_url on no host": ('repo_url: "//evil.example/"', f"repo_url: '//evil.example/' {NOT_FULL}; {REPO_FIX}"),
    "repo_url a number": ("repo_url: 5", f"repo_url: '5' {NOT_FULL}; {REPO_FIX}"),
    "repo_url a list": ("repo_url: [https://github.com/club/warm-ups]", f"repo_url: a list {NOT_FULL}; {REPO_FIX}"),
    "edit_uri with angle brackets": (
        'edit_uri: "edit/main/<docs>/"',
        f"edit_uri: 'edit/main/<docs>/' holds '<', which a web address cannot hold; {EDIT_FIX}"),
    "edit_uri as data": ('edit_uri: "data:text/html,x"', f"edit_uri: 'data:text/html,x' {NOT_EDIT}; {EDIT_FIX}"),
}

# What a club writes, and must still be able to.
ORDINARY = ["site_url: https://example.org/warmups/", "site_url: http://localhost:8000/",
            "site_url: https://example.org/~club/warm%20ups/?a=1&b=(2)#top", "site_url: ''", "site_url:",
            "repo_url: https://github.com/club/warm-ups", "edit_uri: edit/trunk/docs/", "edit_uri: ''",
            "edit_uri: src/default/docs/?mode=edit", "edit_uri: https://gitlab.example.org/club/-/edit/main/docs/",
            "repo_url: !ENV [CLUB_REPOSITORY, 'https://github.com/club/warm-ups']"]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project built once: its docs/ as a build leaves it, and its site/. The smaller fixture club: what these
    tests ask of a build is the same for any club, and it has the fewest cards to draw."""
    project = copy_project(tmp_path_factory.mktemp("published") / "project", reuse_drawings=False, club="meadow")
    run_warmup(project, "build", "--quiet")
    return project


@pytest.fixture
def config(published):
    yield from settings_restored(published)


def _settings(folder: Path, text: str, name: str = "mkdocs.yml") -> Path:
    config = folder / name
    config.write_text(text, "utf-8")
    return config


def check_config_file(config) -> None:
    """What `warmup check` does with mkdocs.yml: read it once, then check it."""
    check_settings(read_settings(config))


@pytest.mark.parametrize("written, message", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_address_is_refused_in_one_line(tmp_path, written, message):
    config = _settings(tmp_path, f"site_name: Club warm-ups\n{written}\n")
    with pytest.raises(ContentError) as refused:
        check_config_file(config)
    assert [str(problem) for problem in refused.value.problems] == [f"mkdocs.yml:2:11: {message}"]


@pytest.mark.parametrize("written", ORDINARY)
def test_an_ordinary_address_passes(tmp_path, written):
    check_config_file(_settings(tmp_path, f"site_name: Club warm-ups\n{written}\n"))


def test_a_hostile_address_in_an_inherited_file_names_that_file(tmp_path):
    _settings(tmp_path, '# shared\nrepo_url: "javascript:alert(1)"\n', "base.yml")
    with pytest.raises(ContentError) as refused:
        check_config_file(_settings(tmp_path, "INHERIT: base.yml\nsite_name: Club warm-ups\n"))
    assert [str(problem) for problem in refused.value.problems] == [
        f"base.yml:2:11: repo_url: 'javascript:alert(1)' {NOT_FULL}; {REPO_FIX}"]


def _alias_bomb(levels: int = 9) -> str:
    """Settings whose last list, written out, would hold 9 ** levels values."""
    layers = ['  a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    layers += [f"  a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]" for level in range(1, levels)]
    return "site_name: Club warm-ups\nextra:\n" + "\n".join(layers) + "\n"


# Written out, a0 is 10 values (the list and its nine), a1 91 and a2 820: a1's and a2's aliases repeat
# 90 + 819 values, and a3's first alias (line 6, column 12) takes that past a thousand.
BOMB_REFUSED = ("mkdocs.yml:6:12: uses the YAML alias *a2, which makes the settings repeat more than 1000 values; "
                "write the values out instead of repeating them with aliases")
# The root's settings, extra's and then 49 lists: the 49th "[" (line 3, column 8 + 49) is the 51st level.
NESTING_REFUSED = ("mkdocs.yml:3:57: is nested more than 50 levels deep, far more than any setting needs; "
                   "remove the extra levels")
NESTED = "site_name: Club warm-ups\nextra:\n  deep: " + "[" * 3000 + "]" * 3000 + "\n"
# A list that holds itself: written out, it never ends.
ENDLESS = "site_name: Club warm-ups\nextra:\n  a: &a [1, *a]\n"
ENDLESS_REFUSED = ("mkdocs.yml:3:13: uses the YAML alias *a, which makes the settings repeat more than 1000 values; "
                   "write the values out instead of repeating them with aliases")


@pytest.mark.parametrize("text, refused", [(_alias_bomb(), BOMB_REFUSED), (NESTED, NESTING_REFUSED),
                                           (ENDLESS, ENDLESS_REFUSED)],
                         ids=["alias bomb", "deep nesting", "a list holding itself"])
def test_settings_that_expand_without_end_are_refused_as_they_are_read(tmp_path, text, refused):
    config = _settings(tmp_path, text)
    with pytest.raises(ContentError) as read:
        read_settings(config)  # the one reader of mkdocs.yml, before any value is taken from it
    assert [str(problem) for problem in read.value.problems] == [refused]


def test_a_few_anchors_and_aliases_pass(tmp_path):
    config = _settings(tmp_path, "site_name: Club warm-ups\ntheme:\n  name: material\n  palette:\n"
                                 "    - &scheme {scheme: default, primary: custom, accent: custom}\n"
                                 "    - *scheme\nextra:\n  warmup: &warmup {engine: zensical}\n  copy: *warmup\n")
    check_config_file(config)
    assert read_settings(config).engine == "zensical"


def _set(project, setting: str) -> None:
    """Write ``setting`` ('key: value') in place of mkdocs.yml's line for that key, or at its end."""
    key = setting.split(":")[0]
    text = project.config_file.read_text("utf-8")
    text, replaced = re.subn(rf"^{key}:.*$", lambda _: setting, text, count=1, flags=re.M)
    project.config_file.write_text(text if replaced else text + setting + "\n", "utf-8")


def test_warmup_check_says_one_line_and_exits_1(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False)
    written, message = HOSTILE["repo_url running a script"]
    _set(project, written)
    result = run_warmup(project, "check", check=False, timeout=120)
    assert (result.returncode, result.stdout) == (1, "")
    line = line_of(project.config_file, "repo_url:")
    assert error_lines(result.stderr) == [f"error: mkdocs.yml:{line}:11: {message}"]


ENGINE_STARTS = re.compile(r" -m (?:warmup\.engines\.primed )?(mkdocs|properdocs|zensical)\b")


@pytest.fixture(scope="module")
def engine_starts_are_seen(published, tmp_path_factory):
    """Proof, once, that the log of started programs shows the engine a build runs: its absence then means
    something."""
    started = tmp_path_factory.mktemp("watched") / "started.log"
    run_warmup(published, "build", "--quiet", watch={"WARMUP_TEST_STARTED": started})
    assert ENGINE_STARTS.search(started.read_text("utf-8")), "the log does not show the engine a build runs"


@pytest.mark.parametrize("hostile", ["site_url", "alias bomb"])
def test_warmup_build_refuses_before_any_engine_runs_and_leaves_site_as_it_was(engine_starts_are_seen, config,
                                                                               tmp_path, hostile):
    started = tmp_path / "started.log"
    site = tree_fingerprint(config.site_dir)

    if hostile == "site_url":
        written, message = HOSTILE["site_url closing its attribute"]
        _set(config, written)
        expected = f"error: mkdocs.yml:{line_of(config.config_file, 'site_url:')}:11: {message}"
    else:
        # The bomb among the settings, where a hostile change would hide it.
        bomb = _alias_bomb().split("extra:\n")[1]
        config.config_file.write_text(config.config_file.read_text("utf-8").replace("extra:\n", "extra:\n" + bomb),
                                      "utf-8")
        line = line_of(config.config_file, "extra:") + 4
        expected = f"error: mkdocs.yml:{line}:12: {BOMB_REFUSED.split(': ', 1)[1]}"

    result = run_warmup(config, "build", "--quiet", check=False, timeout=120, watch={"WARMUP_TEST_STARTED": started})

    assert (result.returncode, result.stdout) == (1, "")
    assert error_lines(result.stderr) == [expected]
    assert not ENGINE_STARTS.search(started.read_text("utf-8")), "an engine ran"
    assert tree_fingerprint(config.site_dir) == site


def test_edit_links_lead_only_to_a_web_address(tmp_path):
    def editor(settings: str) -> str | None:
        _settings(tmp_path, "site_name: Club warm-ups\n" + settings)
        return content_editor_address(read_settings(tmp_path / "mkdocs.yml"))

    assert editor("repo_url: https://github.com/club/warm-ups\n") == "https://github.com/club/warm-ups/edit/main/"
    assert editor("repo_url: https://github.com/club/warm-ups\nedit_uri: https://example.org/edit/docs/\n") == \
        "https://example.org/edit/"
    for hostile in ('repo_url: "javascript://example.com/%0Aalert(1)"\n',
                    'repo_url: https://github.com/club/warm-ups\nedit_uri: "javascript:alert(1)//"\n',
                    f"repo_url: 'https://github.com/club/warm-ups{SCRIPT}'\n",
                    'repo_url: https://github.com/club/warm-ups\nedit_uri: "edit/main\\" x=\\"/docs/"\n'):
        assert editor(hostile) is None, hostile


class _Tags(HTMLParser):
    """Every element of a page with its attributes, and the text of its scripts and titles (the page's, then its
    drawings')."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.titles: list[str] = []
        self._open = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._open = tag
        if tag == "title":
            self.titles.append("")

    def handle_endtag(self, tag):
        self._open = ""

    def handle_data(self, data):
        if self._open == "script":
            self.scripts.append(data)
        elif self._open == "title":
            self.titles[-1] += data

    def meta(self, key: str) -> str | None:
        return next((attrs["content"] for tag, attrs in self.elements
                     if tag == "meta" and key in (attrs.get("property"), attrs.get("name"))), None)

    def attribute(self, tag: str, css_class: str, name: str) -> str | None:
        return next((attrs[name] for element, attrs in self.elements
                     if element == tag and css_class in (attrs.get("class") or "").split()), None)


# A name may hold an ampersand and apostrophes, which must show as typed; markup is refused (below).
NAME = "Club & 'friends' &amp; co"
DESCRIPTION = "Warm-ups 'explained' & more &lt;b&gt;"
SHORT_NAME = "\"><b>x</b>'"


# Zensical's own templates write the site's name and description into pages as they are (its aria-label, its
# <title>, its meta description): what would be markup there is refused before any engine runs.
MARKUP_IN_TEXTS = {
    "a script in the name": (f"site_name: 'Club {SCRIPT}'", "site_name: holds a straight double quote (\")"),
    "an element in the description": ("site_description: Warm-ups <b>bold</b>",
                                      "site_description: holds an angle bracket (<)"),
    "a closing attribute in the name": ("site_name: 'x\" onmouseover=\"alert(1)'",
                                        "site_name: holds a straight double quote (\")"),
}


@pytest.mark.parametrize("written, start", MARKUP_IN_TEXTS.values(), ids=MARKUP_IN_TEXTS.keys())
def test_markup_in_the_sites_name_or_description_is_refused(tmp_path, written, start):
    config = _settings(tmp_path, "site_name: Club warm-ups\n" + written + "\n" if "site_name" not in written
                       else written + "\n")
    with pytest.raises(ContentError) as refused:
        check_config_file(config)
    [problem] = refused.value.problems
    assert str(problem).startswith(f"mkdocs.yml:{2 if 'site_name' not in written else 1}:") and start in str(problem)
    assert str(problem).endswith("leave it out, or write typographic quotes (“ ”)")


@pytest.mark.parametrize("engine_name", ["mkdocs", "zensical"])
def test_names_and_descriptions_reach_the_pages_as_text(config, engine_name):
    _set(config, f"site_name: {json.dumps(NAME)}")
    _set(config, f"site_description: {json.dumps(DESCRIPTION)}")
    club = config.content_dir / "club.yaml"
    original_club = club.read_text("utf-8")
    without = re.sub(r"^short_name:.*\n", "", original_club, flags=re.M)  # the club may have given one
    club.write_text(f"short_name: {json.dumps(SHORT_NAME)}\n{without}", "utf-8")
    try:
        run_warmup(config, "build", "--quiet", "--engine", engine_name)
    finally:
        club.write_text(original_club, "utf-8")

    for page in sorted(config.site_dir.rglob("*.html")):
        tags = _Tags(page.read_text("utf-8"))
        assert not any(tag == "b" for tag, _ in tags.elements), f"the short name made markup in {page}"
        assert tags.attribute("a", "md-header__button", "aria-label") == SHORT_NAME, page
        assert tags.meta("og:site_name") == NAME, page
        if engine_name == "mkdocs":  # Zensical runs no plugin: its own templates print the name as it is
            assert tags.titles[0].strip().endswith(NAME), page
    # The page with no title or description of its own shares the site's.
    not_found = _Tags((config.site_dir / "404.html").read_text("utf-8"))
    assert [not_found.meta(key) for key in ("og:title", "og:description", "twitter:title", "twitter:description")] \
        == [NAME, DESCRIPTION, NAME, DESCRIPTION]
    manifest = json.loads((config.site_dir / "manifest.webmanifest").read_text("utf-8"))
    assert (manifest["name"], manifest["description"]) == (NAME, DESCRIPTION)


# Past every check: MkDocs renders the pages (docs/ as a build left it) with addresses no check would let
# through, as if the engine had been handed them some other way. The warmup plugin stands aside, as in a build.
RENDER_PAST_THE_CHECK = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

from pathlib import Path
from warmup.catalog import load_catalog
from warmup.site.identity import WORDS

config_file, site_dir, site_url, repo_url = sys.argv[1:]
config = load_config(config_file, site_dir=site_dir)
config["site_url"], config["repo_url"] = site_url, repo_url
# The 404 page's words, as warmup hands them to the engine with the club's other settings.
config["extra"][WORDS] = load_catalog(Path(config_file).parent / "templates", "en").group("not_found.")
build(config)
"""
SITE_URL = f"https://example.org/w{SCRIPT}'/"
REPO_URL = f"https://example.org/r{SCRIPT}'&x"


def test_addresses_past_the_check_are_escaped_where_warmup_writes_them(published, tmp_path):
    site = tmp_path / "site"
    rendered = subprocess.run([sys.executable, "-c", RENDER_PAST_THE_CHECK, str(published.config_file), str(site),
                               SITE_URL, REPO_URL], capture_output=True, text=True, timeout=300,
                              env={**watched_environment({}), DRIVEN_BY_WARMUP: "1"})
    assert rendered.returncode == 0, rendered.stderr

    home = _Tags((site / "index.html").read_text("utf-8"))
    assert home.meta("og:url") == SITE_URL
    assert home.attribute("a", "md-source", "href") == REPO_URL
    shared = [_Tags(page.read_text("utf-8")) for page in site.rglob("*.html")]
    images = {(tags.meta("og:image"), tags.meta("twitter:image")) for tags in shared} - {(None, None)}
    assert images and all(og == twitter and og.startswith(SITE_URL) and og.endswith(".png") for og, twitter in images)

    # The 404 page's base, as the finishing step rewrites it.
    not_found = _Tags(relative_not_found_page(SITE_URL)("404.html", (site / "404.html").read_text("utf-8")))
    assert [attrs["href"] for tag, attrs in not_found.elements if tag == "base"] == ["/w" + SCRIPT + "'/"]


def test_plain_mkdocs_refuses_a_hostile_address_too(tmp_path):
    project = copy_project(tmp_path / "project", reuse_drawings=False)
    written, message = HOSTILE["repo_url running a script"]
    _set(project, written)
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=project.root,
                           capture_output=True, text=True, timeout=300, env=watched_environment({}))
    assert built.returncode == 1
    assert f"ERROR   -  mkdocs.yml:{line_of(project.config_file, 'repo_url:')}:11: {message}\n" in built.stderr
    assert not project.site_dir.exists()
