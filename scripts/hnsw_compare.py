"""The 100x filler's HNSW hits of 40 tuning questions at a commit against the working tree.

The 100x filler's HNSW hits of 40 tuning questions: eaeu_qa/vector_search.py at a git commit against the
working tree's, in one process. Exit status 0 when every question's hits (ids and distances) are identical.

    HF_HUB_OFFLINE=1 EAEU_QA_SOURCES=/work/shared/corpus .venv/bin/python scripts/hnsw_compare.py f4ac588

The filler collection (scripts/bench_scale.py, make bench's scale part: the corpus's chunks 99 times over, ~53,000
vectors) is above Settings.hnsw_exact_limit, so both modules search it through the HNSW graph each builds itself (a
new temporary cache folder each: neither reads the other's file). The commit's module is loaded from `git show` as
eaeu_qa.vector_search_at_<commit>, so its relative imports take the working tree's other modules. For a change that
must not alter the large-collection search (a refactor of vector_search).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eaeu_qa  # noqa: E402,F401  (first: it sets numpy's BLAS threads)

DEPTH = 30  # hits per question, as the fused search asks of each collection
QUESTIONS = 40  # the first of the tuning sets' questions (scripts/tuning.py), as many as make bench's scale part


def module_at(commit: str, folder: Path):
    """eaeu_qa/vector_search.py as it was at `commit`, imported as a module of the eaeu_qa package."""
    root = Path(__file__).resolve().parent.parent
    text = subprocess.run(["git", "-C", str(root), "show", f"{commit}:eaeu_qa/vector_search.py"],
                          check=True, capture_output=True, text=True).stdout
    name = f"vector_search_at_{commit}"
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"eaeu_qa.{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", help="the commit whose vector_search.py is compared with the working tree's")
    args = parser.parse_args(argv)
    from bench_scale import filler_folder, filler_handle
    from tuning import RETRIEVAL_SETS, tuning_items

    import eaeu_qa.vector_search as current
    from eaeu_qa.embeddings import encode_query
    from eaeu_qa.index import open_index
    from eaeu_qa.settings import PROJECT_ROOT, get_settings

    settings = get_settings()
    questions = list(dict.fromkeys(item["question"] for item in tuning_items(RETRIEVAL_SETS)))[:QUESTIONS]
    main_index = open_index(settings, rebuild=False)
    count = len(main_index.chunks) * 99
    folder = filler_folder(PROJECT_ROOT / ".cache" / "bench-filler", main_index, count)
    vectors = encode_query(settings.embedding, questions)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        hits = {}
        for label, module in (("commit", module_at(args.commit, scratch)), ("working tree", current)):
            store = filler_handle(folder, settings, main_index, count).store  # a new store object: no graph held
            cache = scratch / label.replace(" ", "-")
            hits[label] = [module.nearest(store, vector, DEPTH, count, cache, settings) for vector in vectors]
    same = sum(a == b for a, b in zip(hits["commit"], hits["working tree"]))
    print(f"{count} filler vectors, {len(questions)} questions, top {DEPTH}: {same}/{len(questions)} identical "
          f"(ids and distances), {args.commit} vs the working tree")
    return 0 if same == len(questions) else 1


if __name__ == "__main__":
    sys.exit(main())
