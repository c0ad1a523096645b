"""The documentation as its readers meet it: a README a coach reads in minutes, commands that run as
written, links that lead somewhere, examples the build accepts.

The convention the pages follow (CONTRIBUTING.md, "Commands in the documentation"): a fenced block
marked `sh` in README.md, guide/*.md or CONTRIBUTING.md is a command typed in the project folder, and
runs here in a fresh copy of the project holding a fixture club (tests/clubs/), not the club in content/:
a command that works only with one club's files fails here. A block that cannot run in a test follows the
comment `<!-- not run by tests: why -->`; every other block names its kind (`text`, `console`, `yaml`...),
so no command hides in an unmarked block.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, WARMUP, copy_project, watched_environment
from warmup.content.library import load_library

README = REPO / "README.md"
GUIDE = REPO / "guide"
COMMAND_PAGES = [README, *sorted(GUIDE.glob("*.md")), REPO / "CONTRIBUTING.md"]
LINKING_PAGES = [*COMMAND_PAGES, REPO / "ARCHITECTURE.md", *sorted((REPO / "benchmarks").glob("*.md"))]
README_MAX_LINES = 150  # issue 23: a README a coach reads in five minutes
COMMAND_TIMEOUT = 300  # seconds: a build of the copy, its drawings reused, takes far less; a hang fails

FENCE = re.compile(r"^[ \t]*(?P<fence>```+|~~~+)(?P<kind>[^\n`]*)\n(?P<body>.*?)^[ \t]*(?P=fence)[ \t]*$", re.M | re.S)
NOT_RUN = re.compile(r"<!--\s*not run by tests:(?P<why>.*?)-->", re.S)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
INLINE_CODE = re.compile(r"(`+).*?\1", re.S)
LINK = re.compile(r"\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.+?)[ \t#]*$", re.M)


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    kind: str
    body: str
    not_run_because: str | None  # the reason in the comment right before the block, if there is one

    @property
    def place(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    text = page.read_text("utf-8")
    found, end = [], 0
    for fence in FENCE.finditer(text):
        marker = NOT_RUN.fullmatch(text[end:fence.start()].rstrip().rsplit("\n", 1)[-1].strip())
        found.append(Block(page, text.count("\n", 0, fence.start()) + 1, fence["kind"].strip(), fence["body"],
                           marker["why"].strip() if marker else None))
        end = fence.end()
    return found


def commands() -> list[Block]:
    return [block for page in COMMAND_PAGES for block in blocks(page) if block.kind == "sh"]


def without_code(page: Path) -> str:
    """The page without its fenced blocks and code spans: what they show is not the page's own markup."""
    return INLINE_CODE.sub("", FENCE.sub("", page.read_text("utf-8")))


# --- the README ------------------------------------------------------------------------------------------------

def test_the_readme_is_at_most_150_lines():
    lines = README.read_text("utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


def quick_start_commands() -> list[str]:
    """The Quick start's commands, read as ../shared/hooks/before-stop reads them: every non-empty, non-comment
    line of every fenced block in the section, a line continued with a backslash counting once."""
    text = README.read_text("utf-8")
    section = re.search(r"^#+[^\n]*quick ?start[^\n]*\n(.*?)(?=^#{1,2} |\Z)", text, re.M | re.S | re.I)
    assert section, "README.md has no Quick start section"
    return [line.strip() for body in re.findall(r"```[^\n]*\n(.*?)```", section[1], re.S)
            for line in re.sub(r"\\\n\s*", " ", body).splitlines() if line.strip() and not line.strip().startswith("#")]


def test_the_quick_start_holds_exactly_two_commands_the_build_and_the_tests_ci_runs():
    listed = quick_start_commands()
    assert len(listed) == 2, listed
    build, test = listed
    targets = set(re.findall(r"^([a-z-]+):", (REPO / "Makefile").read_text("utf-8"), re.M))
    assert build == "make site" and "site" in targets, build
    ci_commands = [line for line in (REPO / ".ci/run").read_text("utf-8").splitlines()
                   if line.strip() and not line.startswith("#")]
    assert test == ci_commands[-1] and test.split()[-1] in targets, (test, ci_commands)


# --- command blocks ----------------------------------------------------------------------------------------------

def test_every_fenced_block_names_its_kind():
    unmarked = [block.place for page in LINKING_PAGES for block in blocks(page) if not block.kind]
    assert not unmarked, f"mark each as sh (a command to run), or text, console, yaml...: {unmarked}"


def test_a_command_is_left_unrun_only_right_after_its_reason():
    for page in COMMAND_PAGES:
        reasons = NOT_RUN.findall(without_code(page))
        unrun = [block for block in blocks(page) if block.not_run_because is not None]
        assert len(reasons) == len(unrun), f"{page.name}: a 'not run by tests' comment is not right before a block"
        for block in unrun:
            assert block.kind == "sh", f"{block.place}: only a command can be left unrun"
            assert len(block.not_run_because.split()) >= 3, f"{block.place}: say why it cannot run in a test"
    assert any(block.not_run_because is None for block in commands()), "no command block runs at all"


@pytest.mark.parametrize("block", [block for block in commands() if block.not_run_because is None],
                         ids=lambda block: block.place)
def test_the_command_block_runs_as_written_in_a_fresh_copy_of_the_project(block, tmp_path):
    project = copy_project(tmp_path / "project")  # a fixture club: no command may need the files of content/'s
    (project.root / ".venv").symlink_to(REPO / ".venv")  # as `make setup` leaves it, without installing again
    result = subprocess.run(["bash", "-e", "-c", block.body], cwd=project.root, env=watched_environment({}),
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    assert result.returncode == 0, \
        f"{block.place}:\n{block.body}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}"


# --- links -------------------------------------------------------------------------------------------------------

def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as dashes."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every heading's anchor; GitHub numbers a repeated one: setup, setup-1, setup-2."""
    seen: dict[str, int] = {}
    for heading in HEADING.finditer(FENCE.sub("", page.read_text("utf-8"))):
        anchor = github_anchor(heading["text"])
        seen[anchor] = seen.get(anchor, -1) + 1
        if seen[anchor]:
            seen[f"{anchor}-{seen[anchor]}"] = 0
    return set(seen)


def test_every_relative_link_leads_to_an_existing_file_and_heading():
    broken = []
    for page in LINKING_PAGES:
        for link in LINK.finditer(HTML_COMMENT.sub("", without_code(page))):
            target = link["target"]
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue  # an address on the web: not a file of this repository
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists() or not linked.resolve().is_relative_to(REPO):
                broken.append(f"{page.relative_to(REPO)}: {target}: no such file")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                broken.append(f"{page.relative_to(REPO)}: {target}: no such heading")
    assert not broken, "\n".join(broken)


# --- the guide's examples and facts -----------------------------------------------------------------------------

def test_the_content_guides_example_files_are_content_the_build_accepts(tmp_path):
    examples = {}
    for block in blocks(GUIDE / "content.md"):
        first_line, _, rest = block.body.partition("\n")
        if block.kind == "yaml" and first_line.startswith("# content/"):
            examples[first_line.removeprefix("# ").strip()] = rest
    assert {"content/club.yaml"} < set(examples), examples.keys()
    for name, text in examples.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    library = load_library(tmp_path / "content")  # raises ContentError, listing every problem, if one is wrong
    read = {"content/club.yaml", *(f"content/routines/{routine.slug}.yaml" for routine in library.routines),
            *(f"content/exercises/{exercise.slug}.yaml" for exercise in library.exercises)}
    assert read == set(examples)


def test_the_guide_explains_every_exit_code_the_command_names():
    help_text = subprocess.run([*WARMUP, "--help"], capture_output=True, text=True, check=True, timeout=60).stdout
    named = set(re.findall(r"(?:^\s+|, )(\d+) ", help_text.split("exit codes:")[1].split("\n\n")[0], re.M))
    explained = set(re.findall(r"^\| \*\*(\d+)\*\* \|", (GUIDE / "command.md").read_text("utf-8"), re.M))
    assert named and named == explained, (named, explained)


def test_the_engines_guide_names_the_zensical_release_that_is_installed():
    from importlib.metadata import version

    stated = re.search(r"The project installs Zensical ([\d.]+),", (REPO / "guide" / "engines.md").read_text("utf-8"))
    assert stated and stated[1] == version("zensical")
