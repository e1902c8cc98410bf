"""Names the docs cite that the code no longer has: `module.name` / `Class.member` / `name()` and `test_x.py::test_y`.

Usage: python scripts/doc_names.py [ROOT]   (docs/*.md and README.md; docs/sessions/ is history and not read).
Prints one `file:line: name (why)` per stale name; exit status 1 when any is found. A name after a word like "was" may
be history on purpose: read each line before changing it.
"""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

_FILE_ENDINGS = {"py", "md", "jsonl", "json", "txt", "sh", "toml", "yml", "yaml", "pkl", "xml", "cfg", "html", "css",
                 "js", "png", "onnx", "log", "lock", "npy"}
# Methods of the standard types a doc may cite by themselves ("between `is_file()` and `faiss.read_index`"): not ours.
_STANDARD_METHODS = frozenset(n for kind in (str, bytes, dict, list, set, Path) for n in dir(kind))


def defined_names(root: Path) -> tuple[dict[str, set[str]], set[str]]:
    """Per module (file stem, or package name for __init__) the names defined at its top level or in its classes
    (methods, fields, self attributes, lazy exports); and every function or class name anywhere."""
    by_module: dict[str, set[str]] = {}
    anywhere: set[str] = set()
    for path in (p for d in ("eaeu_qa", "scripts", "tests") for p in (root / d).rglob("*.py")):
        text = path.read_text()
        tree = ast.parse(text)
        names: set[str] = set(re.findall(r'"(\w+)": "', text)) if path.stem == "__init__" else set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                anywhere.add(node.name)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
                names.add(node.attr)
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            if isinstance(node, ast.ClassDef):
                names |= {n.name for n in ast.walk(node) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
                names |= {n.target.id for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
            elif isinstance(node, ast.Assign):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        anywhere |= names
        by_module.setdefault(path.parent.name if path.stem == "__init__" else path.stem, set()).update(names)
    return by_module, anywhere


def stale(root: Path) -> list[str]:
    by_module, anywhere = defined_names(root)
    tests = {p.name: set(re.findall(r"def (test_\w+)", p.read_text())) for p in (root / "tests").rglob("test_*.py")}
    found = []
    for md in sorted((root / "docs").glob("*.md")) + [root / "README.md"]:
        for n, line in enumerate(md.read_text().splitlines(), 1):
            where = f"{md.relative_to(root)}:{n}"
            for file, test in re.findall(r"(test_\w+\.py)::(\w+)", line):
                if file not in tests:
                    found.append(f"{where}: {file} (no such test file)")
                elif not any(t.startswith(test) for t in tests[file]):
                    found.append(f"{where}: {file}::{test} (no such test)")
            for tick in re.findall(r"`([^`]+)`", line):
                for m in re.finditer(r"(?<![\w./:-])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)|(?<![\w.])([A-Za-z_]\w*_\w*)\(", tick):
                    if m.group(2):
                        if m.group(2) not in anywhere and m.group(2) not in _STANDARD_METHODS:
                            found.append(f"{where}: {m.group(2)}() (defined nowhere)")
                        continue
                    owner, name = m.group(1).split(".")[:2]
                    if name in _FILE_ENDINGS or owner not in by_module or owner == "eaeu_qa":
                        continue
                    if name not in by_module[owner] and name not in by_module:
                        found.append(f"{where}: {m.group(1)} ({owner} has no {name})")
    return found


if __name__ == "__main__":
    lines = stale(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
    print("\n".join(lines))
    sys.exit(1 if lines else 0)
