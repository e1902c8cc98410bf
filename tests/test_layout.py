"""The code's layout rules from the developers' guide's Style that a reader meets first: module summaries."""

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

from eaeu_qa.settings import PROJECT_ROOT

FOLDERS = ("eaeu_qa", "scripts", "tests")


def tracked_modules(root: Path) -> list[Path]:
    """The *.py files git tracks under FOLDERS of `root` (index included): an untracked scratch script is no module."""
    listed = subprocess.run(["git", "ls-files", "-z", "--", *FOLDERS], cwd=root, capture_output=True, text=True,
                            check=True).stdout
    return sorted(root / name for name in listed.split("\0") if name.endswith(".py") and (root / name).is_file())


def summary_problem(path: Path) -> str | None:
    """What is wrong with the module docstring's opening (one line, then a blank line or nothing), or None."""
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")), clean=True)
    if not docstring or not docstring.strip():
        return f"{path.name}: no module docstring"
    lines = docstring.split("\n")
    if not lines[0].strip():
        return f"{path.name}: the docstring's first line is empty"
    if len(lines) > 1 and lines[1].strip():
        return f"{path.name}: the summary runs on to a second line: {lines[1]!r}"
    return None


# Outside a git checkout (an sdist, an exported tree) there is no list of tracked files: the check is skipped.
MODULES = tracked_modules(PROJECT_ROOT) if shutil.which("git") and (PROJECT_ROOT / ".git").exists() else []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_every_module_opens_with_a_one_line_summary(path):
    """Each module's docstring opens with one line that says what it is; more follows only after a blank line."""
    assert summary_problem(path) is None, summary_problem(path)


@pytest.mark.skipif(not MODULES, reason="not a git checkout: no tracked files to list")
def test_the_summary_check_reads_every_package():
    """The check above sees the package, its subpackages, the scripts and the tests (a moved folder fails here)."""
    folders = {p.parent.relative_to(PROJECT_ROOT).as_posix() for p in MODULES}
    assert {"eaeu_qa", "eaeu_qa/answering", "eaeu_qa/condensing", "eaeu_qa/ui", "scripts", "tests"} <= folders


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_tracked_module_is_checked_and_an_untracked_scratch_file_is_not(tmp_path):
    """An untracked scratch script left in scripts/ must not fail CI; a tracked one without a summary still fails
    (code review s17, T2). A real git repository in a temp folder."""
    (tmp_path / "scripts").mkdir()
    bad = '"""Runs on\nto a second line."""\n'
    (tmp_path / "scripts" / "tracked.py").write_text(bad, encoding="utf-8")
    (tmp_path / "scripts" / "scratch.py").write_text(bad, encoding="utf-8")
    (tmp_path / "scripts" / "notes.txt").write_text("not a module", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "scripts/tracked.py", "scripts/notes.txt"], cwd=tmp_path, check=True)
    assert tracked_modules(tmp_path) == [tmp_path / "scripts" / "tracked.py"]
    assert "second line" in summary_problem(tmp_path / "scripts" / "tracked.py")
    assert summary_problem(PROJECT_ROOT / "tests" / "test_layout.py") is None
