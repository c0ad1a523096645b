"""The club's identity (content/club.yaml): colours, logo and short name, built from the fixture club that has them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from PIL import Image

from browser import NO_OFFLINE_COPY, once_per_site, open_settled, serve
from conftest import CLUB, CLUBS, copy_project, first_build, run_warmup, warmup_in_process

PLAIN_LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
              '<circle cx="12" cy="12" r="10" fill="#7a3b69"/></svg>')
UNSAFE_LOGOS = {
    "script": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script></svg>',
               "<script>"),
    "event handler": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" onload="alert(1)"/>', "onload"),
    "picture from elsewhere": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
                               '<image href="https://example.org/x.png"/></svg>', "<image>"),
    "style from elsewhere": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
                             '<style>@import url(https://example.org/a.css);</style></svg>', "<style>"),
    "entity": ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
               "ENTITY"),
    "not an svg": ("<html><body>hello</body></html>", "not an SVG picture"),
    "not xml": ("GIF89a", "not a readable SVG"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("identity") / "project")


@pytest.mark.parametrize("kind", UNSAFE_LOGOS)
def test_a_logo_that_could_run_or_fetch_anything_is_refused_in_one_line(project, kind):
    _assert_refused_in_one_line(project, kind)


def test_warmup_check_as_a_program_refuses_a_logo_that_could_run_anything_in_one_line(project):
    """One case of the table, `warmup check` as a program: the command's own stderr and exit code."""
    _assert_refused_in_one_line(project, "script", run=lambda *given: run_warmup(*given, check=False))


def _assert_refused_in_one_line(project, kind: str, run=warmup_in_process):
    """`warmup check` (``run``: the command's own code in this process, or the command as a program) on the
    project whose club names the unsafe logo ``kind``: one error line, at the logo's own file."""
    svg, named = UNSAFE_LOGOS[kind]
    club = project.content_dir / "club.yaml"
    original = club.read_text("utf-8")
    club.write_text(with_logo(original, "badge.svg"), "utf-8")
    (project.content_dir / "badge.svg").write_text(svg, "utf-8")
    try:
        result = run(project, "check")
    finally:
        club.write_text(original, "utf-8")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode == 1 and len(errors) == 1, result.stderr
    # The logo's own file and place are named (before, club.yaml's logo: line was).
    assert errors[0].startswith("error: content/badge.svg:")
    assert named in errors[0]
    assert "Traceback" not in result.stderr


def test_a_plain_logo_and_a_long_short_name_are_told_apart(project):
    club = project.content_dir / "club.yaml"
    original = club.read_text("utf-8")
    short_name = club_settings(project.root)["short_name"]
    (project.content_dir / "badge.svg").write_text(PLAIN_LOGO, "utf-8")
    try:
        club.write_text(with_logo(original, "badge.svg"), "utf-8")
        assert warmup_in_process(project, "check").returncode == 0
        club.write_text(original.replace(f"short_name: {short_name}\n", f"short_name: {short_name} of the Valley\n"),
                        "utf-8")
        result = warmup_in_process(project, "check")
    finally:
        club.write_text(original, "utf-8")
    assert result.returncode == 1
    assert "short_name: should be at most 18 characters long" in result.stderr


def with_logo(club_yaml: str, logo: str) -> str:
    """club.yaml's text naming ``logo`` as the club's logo, in place of the one it names."""
    named = re.subn(r"^logo: .*$", f"logo: {logo}", club_yaml, count=1, flags=re.M)
    assert named[1] == 1, "the fixture club names a logo"
    return named[0]


# --- The club's colours in the built site ----------------------------------------------------------

def club_settings(project_root: Path) -> dict:
    return yaml.safe_load((project_root / "content" / "club.yaml").read_text("utf-8"))


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def css_rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*rgb(colour))


def relative_luminance(colour: tuple[int, int, int]) -> float:
    # WCAG 2.x, written out here rather than taken from the code under test.
    channels = [c / 255 for c in colour]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def parse_css_colour(text: str) -> tuple[int, int, int]:
    return tuple(int(n) for n in re.findall(r"\d+", text)[:3])


# In the page: the colours the theme really painted, and whether the header's name fits.
PAINTED = """() => {
  const style = element => getComputedStyle(element);
  const header = document.querySelector(".md-header");
  const name = document.querySelector(".md-header__topic .md-ellipsis");
  const link = document.querySelector("article a:not(.md-button)");
  return {
    header: style(header).backgroundColor,
    header_text: style(header).color,
    link: link && style(link).color,
    page: style(document.body).backgroundColor,
    primary_button: [...document.querySelectorAll("article .md-button--primary")].map(b => style(b).backgroundColor),
    name: name.textContent.trim(),
    name_fits: name.scrollWidth <= name.clientWidth,
  };
}"""


def screen(chromium, width: int, scheme: str):
    """A page of ``width`` CSS pixels in ``scheme``, in a context of its own (close its context when done)."""
    return chromium.new_context(viewport={"width": width, "height": 740}, color_scheme=scheme,
                                **NO_OFFLINE_COPY).new_page()


def painted(page, url: str) -> dict:
    open_settled(page, url)
    return page.evaluate(PAINTED)


@once_per_site
def test_the_club_colours_and_short_name_reach_the_stylesheet_header_buttons_icons_favicon_manifest_and_share_picture(
        built, library, chromium):
    colours = club_settings(built.root)["colors"]
    primary = colours["primary"].lower()
    site = built.site_dir
    css = (site / "club" / "colors.css").read_text("utf-8")
    assert f"--md-primary-fg-color:{primary}" in css.replace(" ", "")
    assert f"--md-accent-fg-color:{colours['accent'].lower()}" in css.replace(" ", "")

    manifest = json.loads((site / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["theme_color"].lower() == primary
    for html in site.rglob("*.html"):
        assert f'<meta name="theme-color" content="{primary}">' in html.read_text("utf-8"), html
    for icon in ("icons/icon-192.png", "icons/icon-512.png", "icons/apple-touch-icon.png", "icons/favicon.png"):
        picture = Image.open(site / icon).convert("RGB")
        assert picture.getpixel((1, 1)) == rgb(primary), icon
    share = Image.open(site / "share" / f"{library.parents_page.address}.png").convert("RGB")
    assert share.getpixel((5, 5)) == rgb(primary)

    short_name = club_settings(built.root)["short_name"]
    # The exercise with the longest name (and note) stands for the exercise pages.
    longest = max(library.exercises, key=lambda e: len(e.details.name) + len(e.details.name_note or ""))
    coloured = f"routines/{library.routines[0].slug}/"  # the page whose painted colours are read
    found_in = {}
    url, server = serve(site)
    try:
        # The header shows the short name whole on every page at 320 and 360 px, in one light phone.
        page = screen(chromium, 320, "light")
        try:
            for path in ("", *(f"routines/{routine.slug}/" for routine in library.routines),
                         f"{library.parents_page.address}/", f"exercises/{longest.slug}/"):
                open_settled(page, url + path)
                # Whether the name fits is the header's layout alone (no script sizes it): the same page, widened.
                for width in (320, 360):
                    page.set_viewport_size({"width": width, "height": 740})
                    found = page.evaluate(PAINTED)
                    assert found["name"] == short_name and found["name_fits"], (path, width, found)
                    if path == coloured and width == 360:
                        found_in["light"] = found
        finally:
            page.context.close()
        page = screen(chromium, 360, "dark")
        found_in["dark"] = painted(page, url + coloured)
        page.context.close()
    finally:
        server.shutdown()
    for scheme, found in found_in.items():
        assert found["header"] == css_rgb(primary), scheme
        # Every colour pair shown reads at WCAG AA (4.5:1) in both schemes.
        page = parse_css_colour(found["page"])
        assert contrast(parse_css_colour(found["link"]), page) >= 4.5, (scheme, found)
        assert contrast(parse_css_colour(found["header_text"]), rgb(primary)) >= 4.5, (scheme, found)
        assert found["primary_button"] and set(found["primary_button"]) == {css_rgb(primary)}, (scheme, found)
        if scheme == "light":
            assert found["link"] == css_rgb(primary)
    assert set(found_in) == {"light", "dark"}


# --- A second club: nothing in the code is tied to the first -------------------------------------

FIRST_CLUB = yaml.safe_load((CLUBS / CLUB / "content" / "club.yaml").read_text("utf-8"))
SECOND_CLUB = f"""# yaml-language-server: $schema=schemas/club.schema.json
name: Tidewater Rowing Club
short_name: Tidewater
colors:
  primary: "#6b2d5c"
  accent: "#2f5e1f"
logo: tidewater.svg
parents_routine: {FIRST_CLUB["parents_routine"]}
parents_page_title: Why we warm up
"""
SECOND_LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
               '<path d="M2 20 L12 4 L22 20 Z" fill="#6b2d5c"/></svg>')


def test_a_second_club_gets_its_own_name_colours_logo_and_short_name_everywhere(tmp_path, chromium):
    project = copy_project(tmp_path / "project")
    (project.content_dir / "club.yaml").write_text(SECOND_CLUB, "utf-8")
    (project.content_dir / "tidewater.svg").write_text(SECOND_LOGO, "utf-8")
    # The coach's own words and settings name the club too (here the site's name and address): a second club
    # writes its own.
    first_word = FIRST_CLUB["name"].split()[0]
    for path in [project.root / "mkdocs.yml", *project.content_dir.rglob("*.yaml")]:
        text = path.read_text("utf-8").replace(first_word, "Tidewater")
        path.write_text(text.replace(first_word.lower(), "tidewater"), "utf-8")
    run_warmup(project, "build")
    site = project.site_dir

    first_colours = [colour.lower() for colour in FIRST_CLUB["colors"].values()]
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".webmanifest", ".js", ".json", ".xml"):
            text = path.read_text("utf-8")
            assert not re.search(first_word, text, re.IGNORECASE), path.relative_to(site)
            assert not any(colour in text.lower() for colour in first_colours), path.relative_to(site)
    # The published logo is the drawing rebuilt (logo.py), so it equals the coach's as XML, not byte for byte.
    assert ElementTree.canonicalize((site / "club" / "tidewater.svg").read_text("utf-8")) == \
        ElementTree.canonicalize(SECOND_LOGO)
    assert json.loads((site / "manifest.webmanifest").read_text("utf-8"))["theme_color"] == "#6b2d5c"
    for html in site.rglob("*.html"):
        assert '<meta name="theme-color" content="#6b2d5c">' in html.read_text("utf-8"), html
    assert Image.open(site / "icons" / "icon-192.png").convert("RGB").getpixel((1, 1)) == rgb("#6b2d5c")
    assert Image.open(site / "share" / "why-we-warm-up.png").convert("RGB").getpixel((5, 5)) == rgb("#6b2d5c")

    url, server = serve(site)
    try:
        page = screen(chromium, 320, "dark")
        found_in = {"dark": painted(page, url)}
        page.context.close()
        page = screen(chromium, 320, "light")
        try:
            found_in["light"] = painted(page, url)
            for scheme, found in found_in.items():
                assert found["header"] == css_rgb("#6b2d5c"), scheme
                assert found["name"] == "Tidewater" and found["name_fits"], scheme
            # The light phone goes on at 360 px (the home page's layout is its styles' alone, no script sizes it):
            # the logo stands above the name on the home page, and is the theme's logo (in the menu on a phone).
            page.set_viewport_size({"width": 360, "height": 740})
            logo = page.locator("article img[src$='club/tidewater.svg']")
            assert logo.is_visible() and logo.evaluate("img => img.naturalWidth > 0")
            open_settled(page, url + "why-we-warm-up/")
            assert page.locator("article h1").inner_text() == "Why we warm up"
            og_title = page.locator("meta[property='og:title']").get_attribute("content")
            assert "Tidewater Rowing Club" in og_title
            assert page.locator("img[src$='club/tidewater.svg']").count() >= 1
        finally:
            page.context.close()
    finally:
        server.shutdown()


def test_a_club_without_colours_gets_a_calm_readable_default_not_materials_indigo(chromium):
    # Meadowbank names no colours (tests/clubs/README.md): its session's build, read and never changed.
    project = first_build("meadow").project
    settings = club_settings(project.root)
    assert "colors" not in settings
    url, server = serve(project.site_dir)
    page = screen(chromium, 360, "light")
    try:
        found = painted(page, url)
    finally:
        page.context.close()
        server.shutdown()
    header = parse_css_colour(found["header"])
    assert header != (0x40, 0x51, 0xb5) and header != rgb(settings.get("primary", "#000000"))
    assert contrast(header, (255, 255, 255)) >= 4.5
    assert json.loads((project.site_dir / "manifest.webmanifest").read_text("utf-8"))["theme_color"] == \
        "#{:02x}{:02x}{:02x}".format(*header)
