"""The code's layout rules from the developers' guide's Style that a reader meets first: module summaries."""

import ast

import pytest

from eaeu_qa.settings import PROJECT_ROOT

MODULES = sorted(p for folder in ("eaeu_qa", "scripts", "tests") for p in (PROJECT_ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_every_module_opens_with_a_one_line_summary(path):
    """Each module's docstring opens with one line that says what it is; more follows only after a blank line."""
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")), clean=True)
    assert docstring and docstring.strip(), f"{path.name}: no module docstring"
    lines = docstring.split("\n")
    assert lines[0].strip(), f"{path.name}: the docstring's first line is empty"
    assert len(lines) == 1 or not lines[1].strip(), f"{path.name}: the summary runs on to a second line: {lines[1]!r}"


def test_the_summary_check_reads_every_package():
    """The check above sees the package, its subpackages, the scripts and the tests (a moved folder fails here)."""
    folders = {p.parent.relative_to(PROJECT_ROOT).as_posix() for p in MODULES}
    assert {"eaeu_qa", "eaeu_qa/answering", "eaeu_qa/condensing", "eaeu_qa/ui", "scripts", "tests"} <= folders
