"""The fused search at 1x and 100x the corpus, before and after the eleventh session's scale change, in one process.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/scale_profile.py [--rounds N] [--profile 100x]

The 40 dev questions of `make bench`'s scale part (scripts/bench_scale.py's filler at 100x), each searched in turn by
four retrievers (the code before / after at 1x / 100x), so machine load falls on all four alike. Prints the p50 wall
and CPU (process) time per search. "before" puts back what the search did until then (main 0657a6b): a large
collection's Chroma HNSW query (distances only) with the reranker's vectors fetched from Chroma and remembered, and
bm25s's choice of the best keyword scores over every document. --profile: cProfile (CPU time) of the "after" search at that size.
--recall: how many of the exact 30 nearest filler vectors of each question the HNSW graphs find at 100x (the faiss graph
vector_search builds, at Settings.hnsw_ef_search and at 64, and Chroma's own query), with faiss's CPU time per search.
--first: the dense part of the first question on the 100x filler collection through a new store object, with its
graph in no cache folder (read the vectors, build the graph), after vector_search.prepare (what an upload's service
call does when the file is added), and with the graph in the cache folder (another process's first question).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import OrderedDict, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eaeu_qa  # noqa: E402,F401  (first: it sets numpy's BLAS threads)
import numpy as np  # noqa: E402


def before_paths(vector_search, keyword_index):
    """nearest, vectors_of and top_k as they were before the in-process HNSW graph and the sampled top-k."""
    exact_nearest, exact_vectors_of = vector_search.nearest, vector_search.vectors_of

    def nearest(store, vector, n, expected=None, cache_dir=None, settings=None):
        size = expected if expected is not None else store._collection.count()
        if not vector_search.is_large(size, settings):
            return exact_nearest(store, vector, n, expected)
        found = store._collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        return [(i, float(d)) for i, d in zip(found["ids"][0], found["distances"][0])]

    def vectors_of(store, ids, expected=None):
        if expected is None or not vector_search.is_large(expected):
            return exact_vectors_of(store, ids, expected)
        fetched = store.__dict__.setdefault("_profile_fetched", OrderedDict())  # remembered, 4,096 at most
        missing = [i for i in ids if i not in fetched]
        if missing:
            stored = store._collection.get(ids=missing, include=["embeddings"])
            for item_id, vector in zip(stored["ids"], np.asarray(stored["embeddings"], dtype=np.float32)):
                fetched[item_id] = vector
            while len(fetched) > 4096:
                fetched.popitem(last=False)
        return {i: fetched[i] for i in ids if i in fetched}

    def top_k(scores, k):
        best, rows = keyword_index.bm25s_module().selection.topk(scores, k=k, backend="auto", sorted=True)
        return [(int(row), float(score)) for row, score in zip(rows, best) if score > 0]

    return nearest, vectors_of, top_k


def recall(settings, questions: list[str], handle, count: int, depth: int = 30) -> None:
    """Recall of the exact `depth` nearest of the filler collection, per question, averaged (see the module doc)."""
    import eaeu_qa.vector_search as vector_search
    from eaeu_qa.embeddings import encode_query

    ids, matrix = vector_search.stored_vectors(handle.store, count)
    queries = np.asarray(encode_query(settings.embedding, questions), dtype=np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    exact = [set(np.array(ids)[np.argsort(-(matrix @ query), kind="stable")[:depth]]) for query in queries]
    import faiss

    _, graph = vector_search._hnsw_graph(handle.store, count, settings.embedding_cache_dir, settings)
    for ef_search in dict.fromkeys((settings.hnsw_ef_search, 64)):
        params = faiss.SearchParametersHNSW(efSearch=ef_search)  # as hnsw_nearest applies Settings.hnsw_ef_search
        found, cpu = [], []
        for query in queries:
            started = time.process_time()
            _, rows = graph.index.search(query.reshape(1, -1), depth, params=params)
            cpu.append((time.process_time() - started) * 1000)
            found.append({ids[row] for row in rows[0] if row >= 0})
        share = np.mean([len(a & b) / depth for a, b in zip(found, exact)])
        print(f"faiss HNSW ef_search {ef_search}: recall of the exact {depth} nearest {share:.3f} "
              f"(CPU p50 {np.percentile(cpu, 50):.3f} ms a search)")
    chroma = handle.store._collection.query(query_embeddings=queries.tolist(), n_results=depth, include=[])["ids"]
    share = np.mean([len(set(a) & b) / depth for a, b in zip(chroma, exact)])
    print(f"Chroma's HNSW query: recall of the exact {depth} nearest {share:.3f}")


def first_search(settings, question_vector, new_handle, count: int) -> None:
    """Wall and CPU seconds of the first search of a new store object of the filler (see the module doc)."""
    import tempfile

    import eaeu_qa.vector_search as vector_search

    def timed(step):
        started_cpu, started = time.process_time(), time.perf_counter()
        step()
        return f"{time.perf_counter() - started:.3f} s wall, {time.process_time() - started_cpu:.3f} s CPU"

    with tempfile.TemporaryDirectory() as cache:
        store = new_handle().store
        print("first search, no graph anywhere:",
              timed(lambda: vector_search.nearest(store, question_vector, 30, count, Path(cache), settings)))
        store = new_handle().store
        print("first search, graph in the cache folder:",
              timed(lambda: vector_search.nearest(store, question_vector, 30, count, Path(cache), settings)))
    with tempfile.TemporaryDirectory() as cache:
        store = new_handle().store
        print("vector_search.prepare, no graph anywhere:",
              timed(lambda: vector_search.prepare(store, count, Path(cache), settings)))
        print("then the first search:",
              timed(lambda: vector_search.nearest(store, question_vector, 30, count, Path(cache), settings)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", choices=["1x", "100x"])
    parser.add_argument("--recall", action="store_true", help="recall of the HNSW graphs at 100x (see above)")
    parser.add_argument("--first", action="store_true", help="the first search of the 100x filler (see above)")
    args = parser.parse_args()

    import bench
    from bench_scale import filler_folder, filler_handle

    import eaeu_qa.keyword_index as keyword_index
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
    folder = filler_folder(PROJECT_ROOT / ".cache" / "bench-filler", main_index, count)
    encode_query(settings.embedding, questions)
    if args.first:
        first_search(settings, encode_query(settings.embedding, questions[:1])[0],
                     lambda: filler_handle(folder, settings, main_index, count), count)
        return 0
    if args.recall:
        recall(settings, questions, filler_handle(folder, settings, main_index, count), count)
        return 0

    paths = {"before": before_paths(vector_search, keyword_index),
             "after": (vector_search.nearest, vector_search.vectors_of, keyword_index.top_k)}
    # each code its own filler store object: what one path caches on the store is not seen by the other
    retrievers = {(code, scale): HybridRetriever(
        handles=[main_index] + ([filler_handle(folder, settings, main_index, count)] if scale == "100x" else []),
        settings=settings) for code in paths for scale in ("1x", "100x")}

    def use(code):
        retrieval.nearest, retrieval.vectors_of, retrieval.top_k = paths[code]

    for (code, _), retriever in retrievers.items():
        use(code)
        retriever.search(questions[0], k=settings.retrieve_k)  # BM25 built / loaded, HNSW graph built / loaded
    if args.profile:
        import cProfile
        import pstats

        use("after")
        profile = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
        profile.enable()
        for _ in range(args.rounds):
            for question in questions:
                retrievers["after", args.profile].search(question, k=settings.retrieve_k)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)
        return 0
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
                              for times in (wall, cpu) for scale in ("1x", "100x"))
        print(f"{code}: wall p50 1x {w1:.2f} ms, 100x {w100:.2f} ms ({w100 / w1:.2f}x); "
              f"CPU p50 1x {c1:.2f} ms, 100x {c100:.2f} ms ({c100 / c1:.2f}x)")
    found = {}
    for code in paths:
        use(code)
        found[code] = [[(p.chunk.chunk_id, p.score) for p in retrievers[code, "1x"].search(q, k=settings.retrieve_k)]
                       for q in questions]
    same = sum(a == b for a, b in zip(found["before"], found["after"]))
    print(f"1x: the same passages before and after for {same} of {len(questions)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
