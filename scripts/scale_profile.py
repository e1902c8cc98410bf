"""The fused search at 1x and 100x the corpus, before and after the ninth session's scale change, in one process.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/scale_profile.py [--rounds N]

The 40 dev questions of `make bench`'s scale part (scripts/bench_scale.py's filler at 100x), each searched in turn by
four retrievers (the code before / after at 1x / 100x), so machine load falls on all four alike. Prints the p50 wall
and CPU (process) time per search. "before" puts back what the search did until then: two separate BM25 searches (the
question, then the question with its neighbour words) and a large collection's HNSW query returning the hits' vectors.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eaeu_qa  # noqa: E402,F401  (first: it sets numpy's BLAS threads)
import numpy as np  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import bench
    from bench_scale import filler_folder, filler_handle

    import eaeu_qa.retrieval as retrieval
    import eaeu_qa.vector_search as vector_search
    from eaeu_qa.embeddings import encode_query
    from eaeu_qa.index import open_index
    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import PROJECT_ROOT, get_settings

    settings = get_settings()
    questions = [i["question"] for i in bench.dev_items()[:bench.SCALE_QUESTIONS]]
    main_index = open_index(settings, rebuild=False)
    count = len(main_index.chunks) * 99
    filler = filler_handle(filler_folder(PROJECT_ROOT / ".cache" / "bench-filler", main_index, count), settings,
                           main_index, count)
    encode_query(settings.model_name, questions)

    def keywords_before(self, query, extra, k):
        own = self.lexical_ranking(query, k)
        return own, (self.lexical_ranking(" ".join([query, *extra]), k) if extra else own)

    nearest_after = vector_search.nearest

    def nearest_before(store, vector, n, expected=None):
        size = expected if expected is not None else store._collection.count()
        if size <= vector_search.EXACT_SEARCH_LIMIT:
            return nearest_after(store, vector, n, expected)
        found = store._collection.query(query_embeddings=[vector], n_results=n, include=["distances", "embeddings"])
        vector_search._remember(store, found["ids"][0], found["embeddings"][0])
        return [(i, float(d)) for i, d in zip(found["ids"][0], found["distances"][0])]

    paths = {"before": (keywords_before, nearest_before), "after": (HybridRetriever.keyword_rankings, nearest_after)}
    scales = {"1x": [main_index], "100x": [main_index, filler]}
    retrievers = {(code, scale): HybridRetriever(handles=handles, settings=settings)
                  for code in paths for scale, handles in scales.items()}

    def use(code):
        HybridRetriever.keyword_rankings, retrieval.nearest = paths[code]

    for (code, _), retriever in retrievers.items():
        use(code)
        retriever.search(questions[0], k=settings.retrieve_k)  # BM25 built / loaded
    wall, cpu = defaultdict(list), defaultdict(list)
    for _ in range(args.rounds):
        for question in questions:
            for (code, scale), retriever in retrievers.items():
                use(code)
                started_cpu, started = time.process_time(), time.perf_counter()
                retriever.search(question, k=settings.retrieve_k)
                wall[code, scale].append((time.perf_counter() - started) * 1000)
                cpu[code, scale].append((time.process_time() - started_cpu) * 1000)
    for code in paths:
        w1, w100, c1, c100 = (float(np.percentile(times[code, scale], 50))
                              for times in (wall, cpu) for scale in scales)
        print(f"{code}: wall p50 1x {w1:.2f} ms, 100x {w100:.2f} ms ({w100 / w1:.2f}x); "
              f"CPU p50 1x {c1:.2f} ms, 100x {c100:.2f} ms ({c100 / c1:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
