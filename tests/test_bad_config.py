"""A mistake in mkdocs.yml is one line naming its line, column and setting, like a content mistake: exit 1,
site/ as it was. Found by warmup before any engine runs, or by the engine itself and pointed at the line.

Each table's mistakes are made in the command's own code, run in this process (`warmup_in_process`), and
compared exactly as the command prints them; one case of each table runs `warmup build` as a program, for
the command's contract. The club's lines of mkdocs.yml are the fixture club's (tests/clubs/*/site.yml)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from conftest import (CLUB, CLUBS, WARMUP, copy_project, line_of, run_warmup, settings_restored, stop_with_ctrl_c,
                      tree_fingerprint, warmup_in_process, with_earlier_site)
from warmup.engines.engine import engine_named
from warmup.settings.reader import read_settings

SUMMARY = "1 problem(s) found; nothing was published, site/ is unchanged.\n"
# The fixture club's own lines, as copy_project() writes them into mkdocs.yml.
SITE_LINES = (CLUBS / CLUB / "site.yml").read_text("utf-8").splitlines()
SITE_NAME = next(line for line in SITE_LINES if line.startswith("site_name:"))
SITE_URL = next(line for line in SITE_LINES if line.startswith("site_url:"))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project with its drawings made and a site/ an earlier build left; each test breaks its mkdocs.yml, then
    puts it back. The drawings let a build reach its engine at once: one that had to draw would draw everything
    before it heard that the engine stopped."""
    project = copy_project(tmp_path_factory.mktemp("published") / "project")
    with_earlier_site(project)
    return project


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """A project never built, for the mistakes warmup finds before any engine runs (a check draws nothing)."""
    return copy_project(tmp_path_factory.mktemp("sources") / "project", reuse_drawings=False)


@pytest.fixture
def config(published):
    yield from settings_restored(published)


@pytest.fixture
def settings_file(sources):
    yield from settings_restored(sources)


def _edit(project, old: str, new: str) -> None:
    """Replace ``old`` in mkdocs.yml by ``new``; an empty ``old`` adds ``new`` at the end."""
    text = project.config_file.read_text("utf-8")
    assert old in text, f"{old!r} not in mkdocs.yml"
    project.config_file.write_text(text.replace(old, new, 1) if old else text + new, "utf-8")


def _says(project, expected: str, command: str, *arguments: str, run=warmup_in_process) -> None:
    """``command`` stops with exactly ``expected`` (the whole stderr), exit 1, and site/ as it was; ``run``: in
    this process, or (run_warmup) as a program."""
    site = tree_fingerprint(project.site_dir)
    hidden = sorted(path.name for path in project.root.glob(".*"))
    result = run(project, command, "--quiet", *arguments)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", expected)
    assert tree_fingerprint(project.site_dir) == site
    assert sorted(path.name for path in project.root.glob(".*")) == hidden, "nothing left beside mkdocs.yml"


def _build_says(project, expected: str, *arguments: str) -> None:
    """The build, as a coach runs it: stops with exactly ``expected``."""
    _says(project, expected, "build", *arguments, run=lambda *given: run_warmup(*given, check=False))


THEMES = "material, mkdocs, readthedocs"
ICONS = ("theme.icon: should be icon names indented under it, e.g. 'logo: material/run-fast' (admonition and tag: "
         "one name a kind)")
# What warmup finds before any engine runs (each engine stopped on these without a line, some with a crash):
# the edit, the start of the line it points at, its column, and the line after "mkdocs.yml:LINE:COLUMN: ".
FOUND_FIRST = {
    "site_name a list": (SITE_NAME, "site_name: [Our Club]", "site_name:", 12,
                         "site_name: should be the site's name as one line of text; write it in quotes, "
                         "e.g. site_name: \"Our Club warm-ups\""),
    "site_name missing": (SITE_NAME + "\n", "", None, 1,
                          "site_name: is missing; add a line such as 'site_name: Our Club warm-ups' (the name at the "
                          "top of every page)"),
    "site_url a number": (SITE_URL, "site_url: 5", "site_url:",
                          11, "site_url: '5' is not a full web address; write the site's address as the browser shows "
                          "it, e.g. https://example.org/warmups/"),
    "unknown theme": ("  name: material", "  name: materiel", "  name: materiel", 9,
                      f"theme.name: 'materiel' is not an installed theme; write one of {THEMES}. "
                      "Did you mean 'material'?"),
    "theme name a list": ("  name: material", "  name: [material]", "  name:", 9,
                          f"theme.name: a list is not an installed theme; write one of {THEMES}"),
    "theme a number": ("theme:\n", "theme: 5\nold_theme:\n", "theme:", 8,
                       "theme: should be a theme's name, or settings under it starting with 'name: material'"),
    "missing custom_dir": ("custom_dir: overrides", "custom_dir: overides", "  custom_dir:", 15,
                           "theme.custom_dir: 'overides' is not a folder beside mkdocs.yml; write the folder of the "
                           "theme's template blocks (overrides), or remove the line"),
    "features not a list of names": ("    - navigation.footer", "    - [navigation.footer]", "    - [navigation", 5,
                                     "theme.features: should be a list, one feature a line: '- navigation.footer'"),
    "palette a number": ("  palette:\n", "  palette: 5\n  old_palette:\n", "  palette:", 12,
                         "theme.palette: should be a colour scheme's settings ('scheme: default'), or a list of them"),
    "unknown language": ("  font: false", "  language: xx\n  font: false", "  language:", 13,
                         "theme.language: should be a language code Material knows, e.g. 'language: en'"),
    "icon a list": ("    logo: material/run-fast", "    logo: [material/run-fast]", "    logo:", 5, ICONS),
    "icon given settings": ("    logo: material/run-fast", "    logo:\n      name: material/run-fast", "    logo:", 5,
                            ICONS),
    "font a list": ("font: false", "font: [Atkinson]", "  font:", 9,
                    "theme.font: should be false (the phone's own fonts), or settings indented under it ('text: ...')"),
    "missing docs_dir": ("", "docs_dir: pages\n", "docs_dir:", 11,
                         "docs_dir: 'pages' is not a folder beside mkdocs.yml; write docs (where warmup writes the "
                         "pages), or remove the line"),
    "nav not a list": ("", "nav: Home\n", "nav:", 6, "nav: should be a list, one item a line: '- Home: index.md'"),
    "extra_javascript not a list": ("extra_javascript:\n  - ", "extra_javascript: ", "extra_javascript:", 19,
                                    "extra_javascript: should be a list, one item a line: '- javascripts/extra.js'"),
    "extra_css item without a path": ("  - stylesheets/follow-along.css", "  - href: stylesheets/follow-along.css",
                                      "  - href:", 5, "extra_css[2]: should be a file in docs/, e.g. "
                                      "'- stylesheets/extra.css' (or 'path: stylesheets/extra.css' with its attributes)"),
    "unknown Markdown extension": ("  - attr_list", "  - attr_lst", "  - attr_lst", 5,
                                   "markdown_extensions.attr_lst: 'attr_lst' is not an installed Markdown extension; "
                                   "check its spelling or remove it. Did you mean 'attr_list'?"),
    "unknown extension option": ("permalink: false", "permalnk: false", "  - toc:", 5,
                                 "markdown_extensions.toc: 'permalnk' is not an option of toc; check its spelling in "
                                 "the extension's documentation or remove it"),
    "extension option of the wrong kind": ("  - attr_list", "  - codehilite:\n      linenums: perhaps\n  - attr_list",
                                           "  - codehilite:", 5,
                                           "markdown_extensions.codehilite: cannot be loaded with these options "
                                           "(Cannot parse bool value: 'perhaps'); correct them or remove them"),
    "extension options not indented under it": ("  - toc:\n      permalink: false", "  - toc: false", "  - toc:", 5,
                                                "markdown_extensions.toc: should have its options indented under it, "
                                                "one 'option: value' a line, or none"),
    "extension name a list": ("  - attr_list", "  - [attr_list]", "  - [attr_list]", 5,
                              "markdown_extensions: should be an extension's name, e.g. '- attr_list', with its "
                              "options indented under it"),
    "extensions not a list": ("markdown_extensions:\n", "markdown_extensions: attr_list\nold_extensions:\n",
                              "markdown_extensions:", 22,
                              "markdown_extensions: should be a list of Markdown extensions, one a line: '- attr_list'"),
    "extra a number": ("extra:\n", "extra: 5\nold_extra:\n", "extra:", 8,
                       "extra: should be settings indented under it, e.g. 'generator: false'"),
    "unknown engine": ("engine: mkdocs", "engine: jekyll", "    engine:", 13,
                       "extra.warmup.engine: 'jekyll' is not an engine warmup can run; write one of mkdocs, "
                       "properdocs, zensical"),
    "INHERIT naming no file": ("", "INHERIT: base.yml\n", "INHERIT:", 10,
                               "INHERIT: 'base.yml' is not a file beside mkdocs.yml; write the name of the settings "
                               "file to start from, or remove the line"),
    "INHERIT naming itself": ("", "INHERIT: mkdocs.yml\n", "INHERIT:", 10,
                              "INHERIT: names a file that inherits from this one; remove the loop"),
}


@pytest.mark.parametrize("old, new, start, column, message", FOUND_FIRST.values(), ids=FOUND_FIRST.keys())
def test_a_mistake_in_mkdocs_yml_is_one_line_with_its_place(settings_file, old, new, start, column, message):
    _edit(settings_file, old, new)
    line = line_of(settings_file.config_file, start) if start else 1
    _says(settings_file, f"error: mkdocs.yml:{line}:{column}: {message}\n{SUMMARY}", "check")


def test_warmup_build_says_it_and_keeps_the_site(config):
    """One mistake of the table, `warmup build` as a program: the whole stderr, exit 1, site/ as it was."""
    old, new, start, column, message = FOUND_FIRST["unknown theme"]
    _edit(config, old, new)
    _build_says(config, f"error: mkdocs.yml:{line_of(config.config_file, start)}:{column}: {message}\n{SUMMARY}")


def test_a_mistake_in_an_inherited_settings_file_names_that_file(settings_file):
    (settings_file.root / "base.yml").write_text("# shared settings\nsite_name: [Our Club]\n", "utf-8")
    _edit(settings_file, SITE_NAME + "\n", "INHERIT: base.yml\n")
    _says(settings_file, "error: base.yml:2:12: site_name: should be the site's name as one line of text; write it "
                         f"in quotes, e.g. site_name: \"Our Club warm-ups\"\n{SUMMARY}", "check")


def test_an_extension_missing_a_package_it_needs_says_which(settings_file, tmp_path, monkeypatch):
    (tmp_path / "club_extension.py").write_text("import a_package_nobody_installed\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))  # as PYTHONPATH would, for the command in this process
    _edit(settings_file, "  - attr_list", "  - club_extension\n  - attr_list")
    line = line_of(settings_file.config_file, "  - club_extension")
    _says(settings_file, f"error: mkdocs.yml:{line}:5: markdown_extensions.club_extension: needs the Python package "
                         "'a_package_nobody_installed', which is not installed; add it to the project's "
                         f"dependencies, or remove the extension\n{SUMMARY}", "check")


def test_a_mistake_only_the_engine_finds_is_pointed_at_too(config, engine):
    _edit(config, "", "extra_templates: 5\n")
    line = line_of(config.config_file, "extra_templates:")
    title = engine_named(engine).title
    found = "should be a list" if engine == "zensical" else "should be a list, not a whole number"
    _says(config, f"error: mkdocs.yml:{line}:1: extra_templates: {found}; see {title}'s documentation of this "
                  f"setting, or remove it\n{SUMMARY}", "build", "--engine", engine)



@pytest.mark.parametrize("mistake", ["unknown Markdown extension", "unknown extension option"])
def test_a_markdown_extension_the_engine_cannot_load_is_pointed_at_as_check_does(config, engine, mistake):
    """A build leaves trying the Markdown extensions to its engine, which loads them anyway (settings/checks.py):
    when the engine stops on one, the build says what `warmup check` says, at the extension's line."""
    old, new, start, column, message = FOUND_FIRST[mistake]
    _edit(config, old, new)
    _says(config, f"error: mkdocs.yml:{line_of(config.config_file, start)}:{column}: {message}\n{SUMMARY}", "build",
          "--engine", engine)


# Mistakes MkDocs and ProperDocs find in their own settings (Zensical ignores these settings).
FOUND_BY_MKDOCS = {
    "not true or false": ("strict: true", "strict: maybe", "strict:", "strict: should be true or false, not text"),
    "unknown setting": ("", "site_nme: Our Club\n", "site_nme:",
                        "site_nme: Unrecognised configuration name: site_nme"),
    "a setting inside another": ("anchors: warn", "anchors: loud", "  anchors:",
                                 "validation.links.anchors: Expected one of ['warn', 'info', 'ignore'], got 'loud'"),
    "a plugin not installed": ("  - search\n", "  - serch\n", "plugins:", "plugins: The \"serch\" plugin is not "
                               "installed"),
}


def _mkdocs_says(project, engine_name: str, old: str, new: str, start: str, message: str, run=warmup_in_process):
    _edit(project, old, new)
    line = line_of(project.config_file, start)
    column = len(start) - len(start.lstrip()) + 1
    expected = (f"error: mkdocs.yml:{line}:{column}: {message}; see {engine_named(engine_name).title}'s "
                f"documentation of this setting, or remove it\n{SUMMARY}")
    _says(project, expected, "build", "--engine", engine_name, run=run)


@pytest.mark.parametrize("engine_name", ["mkdocs", "properdocs"])
@pytest.mark.parametrize("old, new, start, message", FOUND_BY_MKDOCS.values(), ids=FOUND_BY_MKDOCS.keys())
def test_what_mkdocs_refuses_is_pointed_at(config, engine_name, old, new, start, message):
    _mkdocs_says(config, engine_name, old, new, start, message)


def test_warmup_build_says_what_mkdocs_refuses(config):
    """One mistake of the table, `warmup build` as a program: the engine's complaint, pointed at its line."""
    _mkdocs_says(config, "mkdocs", *FOUND_BY_MKDOCS["unknown setting"],
                 run=lambda *given: run_warmup(*given, check=False))


def test_without_the_warmup_plugin_a_build_and_a_preview_work(config):
    """warmup runs every step itself, the preview on every engine included: the plugin is for plain `mkdocs`."""
    _edit(config, "  - warmup\n", "")
    assert run_warmup(config, "build", "--quiet").stderr == ""
    home = urlsplit(read_settings(config.config_file).site_url).path
    for engine_name in ("mkdocs", "properdocs"):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            address = f"127.0.0.1:{probe.getsockname()[1]}"
        preview = subprocess.Popen([*WARMUP, "--project", str(config.root), "serve", "--quiet", "--engine", engine_name,
                                    "--address", address], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and preview.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://{address}{home}", timeout=5) as answer:
                        served = answer.read().decode("utf-8")
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                raise AssertionError(f"the {engine_name} preview served nothing: {preview.communicate(timeout=5)}")
        finally:
            printed, errors = stop_with_ctrl_c(preview, timeout=60)
        assert "<!doctype html>" in served.lower()
        assert (preview.returncode, printed, errors) == (0, "", "")
