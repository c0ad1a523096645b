"""The pipeline's shape (scripts/warmup/pipeline.py): stages that import only earlier stages, finishing
steps that read and write each page once, and printed files' sizes that a warm build knows at once; and test files
that share their helpers through the tests' own modules, never by importing one another."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import REPO, copy_project, first_build, page_text, run_warmup

PACKAGE = REPO / "scripts" / "warmup"
# The stages in the order the pipeline runs them, as the package's folders (and its spine, pipeline.py) are named:
# taken from the package's own description of its layout, so that a new stage must be placed there first.
STAGES = re.findall(r"``(\w+)``", (PACKAGE / "__init__.py").read_text("utf-8").split("\n\n")[1])


def _stage(module: str) -> str | None:
    """The stage a module ``warmup.<stage>...`` belongs to; None for what every stage shares."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every warmup module ``path`` imports, at the top or inside a function, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "warmup":
            found += [(node.lineno, node.module if node.module != "warmup" else f"warmup.{alias.name}")
                      for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "warmup"]
    return found


def test_the_package_names_every_stage_in_order():
    assert STAGES[:4] == ["settings", "figures", "content", "printing"] and STAGES[-2:] == ["pipeline", "command"], STAGES
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and (path / "__init__.py").is_file()}
    assert folders <= set(STAGES), f"folders that are not stages in warmup/__init__.py: {folders - set(STAGES)}"


def test_no_stage_imports_a_later_one():
    backwards = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = "warmup." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        mine = _stage(module)
        for line, imported in _imports(path):
            theirs = _stage(imported)
            if theirs is None or theirs == mine:
                continue
            if mine is None or STAGES.index(theirs) > STAGES.index(mine):
                backwards.append(f"{path.relative_to(REPO)}:{line}: {module} ({mine or 'shared'}) imports "
                                 f"{imported} ({theirs})")
    assert not backwards, "imports that run against the pipeline's order:\n" + "\n".join(backwards)


@pytest.fixture(scope="module")
def warm_build(tmp_path_factory):
    """A copy of the project whose drawings are all in the render cache (copy_project's first build), built once
    while watched: the pages its finishing steps opened and replaced, and each time it put the printed files'
    sizes into the built site afterwards."""
    folder = tmp_path_factory.mktemp("warm")
    project = copy_project(folder / "project")
    pages_log, sizes_log = folder / "pages.log", folder / "sizes.log"
    run_warmup(project, "build", "--quiet", watch={"WARMUP_TEST_PAGES_TOUCHED": pages_log,
                                                   "WARMUP_TEST_SIZES_RESOLVED": sizes_log})
    return project, pages_log, sizes_log


def test_finishing_reads_and_writes_each_page_once(warm_build):
    warm_project, log, _ = warm_build
    pages = sorted(path.relative_to(warm_project.site_dir).as_posix() for path in warm_project.site_dir.rglob("*.html"))
    lines = log.read_text("utf-8").splitlines()
    reads = [line.split()[-1] for line in lines if re.fullmatch(r"open r\S* \S+", line)]
    replaced = [line.split()[-1] for line in lines if line.startswith("replace ")]
    assert sorted(reads) == pages, "each built page should be read exactly once by the finishing steps"
    assert len(replaced) == len(set(replaced)) and set(replaced) <= set(pages), \
        f"a page written more than once: {sorted(page for page in set(replaced) if replaced.count(page) > 1)}"
    assert replaced, "no page was finished at all"


def test_a_warm_build_knows_the_printed_sizes_at_once_and_a_cold_one_resolves_them_once(warm_build):
    warm_project, _, warm_log = warm_build
    assert not warm_log.exists(), f"a warm build patched the built site: {warm_log.read_text('utf-8')}"
    _assert_print_page_gives_real_sizes(warm_project)

    cold_build = first_build()  # the session's first build of the fixture club, cold, watched the same way
    cold, cold_log = cold_build.project, cold_build.sizes_resolved
    assert len(cold_log.read_text("utf-8").splitlines()) == 1
    _assert_print_page_gives_real_sizes(cold)
    docs_with_placeholders = [path for path in cold.docs_dir.rglob("*.md") if "warmupkb" in path.read_text("utf-8")]
    assert not docs_with_placeholders, "docs/ should hold the real sizes once the files are drawn"


def _assert_print_page_gives_real_sizes(project) -> None:
    """Each PDF's size on the print page, in kB as the page rounds it, read from the PDF files themselves."""
    text = page_text(project.site_dir / "print" / "index.html")
    pdfs = sorted((project.site_dir / "cards").glob("*.pdf"))
    assert pdfs
    shown = [int(size) for size in re.findall(r"PDF, (\d+) KB", text)]
    assert sorted(shown) == sorted(max(1, round(pdf.stat().st_size / 1000)) for pdf in pdfs), shown


def _exception_classes() -> dict[str, tuple[Path, ast.ClassDef]]:
    """Every exception class warmup defines: a class whose bases name an Exception or Error."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and any(re.search(r"(Exception|Error|Problem|Interrupt)$", ast.unparse(base))
                                                      for base in node.bases):
                found[node.name] = (path, node)
    return found


def test_every_error_a_person_sees_is_one_family_caught_in_one_place():
    import warmup.problems

    classes = _exception_classes()
    family = {name for name, value in vars(warmup.problems).items()
              if isinstance(value, type) and issubclass(value, warmup.problems.WarmupError)}
    outside, caught = [], []
    for name, (path, node) in classes.items():
        # One raised only where it is defined, and caught by whoever calls that (a signal between two modules:
        # PictureProblem, ExpansionLimit), never reaches a person as it is; nor does a private one, nor
        # Terminated, how Ctrl+C's kind stops the command.
        raisers = {other for other in PACKAGE.rglob("*.py") if re.search(rf"\braise\s+{name}\b", other.read_text("utf-8"))}
        if name not in family and not name.startswith("_") and name != "Terminated" and raisers - {path}:
            outside.append(f"{path.relative_to(REPO)}: {name}, raised in {sorted(map(str, raisers))}")
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = set(re.findall(r"[\w.]+", ast.unparse(node.type)))
                kinds = (names & (family - {"WarmupError"})) | {name for name in names if name.startswith("jinja2")}
                if kinds and path.name != "problems.py":
                    caught.append(f"{path.relative_to(REPO)}:{node.lineno}: except {', '.join(sorted(kinds))}")
    assert not outside, f"errors that leave their module outside the WarmupError family: {outside}"
    assert not caught, "one kind of warmup error caught on its own (catch WarmupError, print its lines()):\n" + \
        "\n".join(caught)


def test_no_test_file_imports_another():
    """What two test files share lives in conftest.py, browser.py or posters.py: a test file imported by another
    would be run by pytest as a test module and loaded as a helper, its fixtures then found in two places."""
    found = []
    for path in sorted((REPO / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            found += [f"{path.name}:{node.lineno} imports {name}" for name in names if name.startswith("test_")]
    assert found == []
