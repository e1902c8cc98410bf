"""The code's layout rules from the developers' guide's Style that a reader meets first: module summaries and module length."""

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


# The developers' guide: "a subpackage when a concept outgrows ~400 lines", and issue 8: "no module in eaeu_qa/
# exceeds about 400 lines". "About" is read as a 5 % margin, so the check fails where a split is due, not on the
# next added constant (review s20 R4: nothing checked it; condenser.py had reached 402 lines, settings.py 406).
MODULE_LINE_LIMIT = 420


def long_modules(paths: list[Path], root: Path = PROJECT_ROOT, limit: int = MODULE_LINE_LIMIT) -> list[str]:
    """The package modules among `paths` (under root/eaeu_qa/) longer than `limit` lines, as "path: N lines"."""
    out = []
    for path in paths:
        name = path.relative_to(root)
        if name.parts[0] != "eaeu_qa":
            continue
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > limit:
            out.append(f"{name.as_posix()}: {count} lines")
    return out


@pytest.mark.skipif(not MODULES, reason="not a git checkout: no tracked files to list")
def test_no_package_module_outgrows_about_400_lines():
    """Every tracked module of eaeu_qa/ stays within MODULE_LINE_LIMIT lines; a longer one is split into a subpackage."""
    assert long_modules(MODULES) == []


def test_the_line_check_counts_lines_and_reads_the_package_only(tmp_path):
    """A package module one line past the limit is reported; one at the limit and a long script are not."""
    (tmp_path / "eaeu_qa").mkdir()
    (tmp_path / "scripts").mkdir()
    over = tmp_path / "eaeu_qa" / "over.py"
    at = tmp_path / "eaeu_qa" / "at.py"
    script = tmp_path / "scripts" / "long.py"
    over.write_text("x = 1\n" * 4, encoding="utf-8")
    at.write_text("x = 1\n" * 3, encoding="utf-8")
    script.write_text("x = 1\n" * 9, encoding="utf-8")
    assert long_modules([over, at, script], root=tmp_path, limit=3) == ["eaeu_qa/over.py: 4 lines"]
