"""The club's identity (content/club.yaml): colours, logo and short name."""

from __future__ import annotations

import pytest

from conftest import copy_project, run_warmup

PLAIN_LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
              '<circle cx="12" cy="12" r="10" fill="#7a3b69"/></svg>')
UNSAFE_LOGOS = {
    "script": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script></svg>',
               "<script>"),
    "event handler": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" onload="alert(1)"/>', "onload"),
    "picture from elsewhere": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
                               '<image href="https://example.org/x.png"/></svg>', "https://example.org/x.png"),
    "style from elsewhere": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
                             '<style>@import url(https://example.org/a.css);</style></svg>', "loads another file"),
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
    svg, named = UNSAFE_LOGOS[kind]
    club = project.content_dir / "club.yaml"
    original = club.read_text("utf-8")
    club.write_text(original + "logo: badge.svg\n", "utf-8")
    (project.content_dir / "badge.svg").write_text(svg, "utf-8")
    try:
        result = run_warmup(project, "check", check=False)
    finally:
        club.write_text(original, "utf-8")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode == 1 and len(errors) == 1, result.stderr
    assert errors[0].startswith("error: content/club.yaml:") and "logo: badge.svg" in errors[0]
    assert named in errors[0]
    assert "Traceback" not in result.stderr


def test_a_plain_logo_and_a_long_short_name_are_told_apart(project):
    club = project.content_dir / "club.yaml"
    original = club.read_text("utf-8")
    (project.content_dir / "badge.svg").write_text(PLAIN_LOGO, "utf-8")
    try:
        club.write_text(original + "logo: badge.svg\n", "utf-8")
        assert run_warmup(project, "check", check=False).returncode == 0
        club.write_text(original.replace("short_name: Roadrunners", "short_name: Roadrunners of the Valley"), "utf-8")
        result = run_warmup(project, "check", check=False)
    finally:
        club.write_text(original, "utf-8")
    assert result.returncode == 1
    assert "short_name: should be at most 18 characters long" in result.stderr
