"""Benchmark helper: the corpus grown 10x and 100x with generated filler documents (fixed seed); alone: the scale part.

Filler text: words drawn from the corpus's own word frequencies, so BM25 postings grow like a larger
corpus of the same kind. Filler vectors: each is a random mix of three corpus chunk vectors plus noise,
unit-normalised, so the HNSW graph grows with vectors from the same region of the embedding space
(embedding 50,000 generated texts would cost this 2-core machine many minutes per run and measure the
encoder, not retrieval).
"""

from __future__ import annotations

import dataclasses
import random
import re
import time
from collections import Counter
from pathlib import Path

import eaeu_qa  # noqa: F401  (first: it sets numpy's BLAS threads, which must happen before numpy loads)
import numpy as np

from eaeu_qa.index import IndexHandle, IndexInfo
from eaeu_qa.records import Chunk

SEED = 20260101
ADD_BATCH = 5000
FILLER_SOURCE = "filler"


def filler_chunks(corpus: list[Chunk], count: int, seed: int = SEED) -> list[Chunk]:
    rng = random.Random(seed)
    words = Counter(w for c in corpus for w in re.findall(r"[A-Za-z][A-Za-z'-]+", c.search_text))
    vocabulary, weights = zip(*words.items())
    lengths = [len(c.search_text.split()) for c in corpus]
    chunks = []
    for n in range(count):
        length = max(8, min(250, rng.choice(lengths)))
        text = " ".join(rng.choices(vocabulary, weights=weights, k=length)).capitalize() + "."
        chunks.append(Chunk(chunk_id=f"filler:{n:06d}", source_id=FILLER_SOURCE, title="Generated filler",
                            short_title="Filler", locator=f"filler {n}", context="", text=text,
                            search_text=text, start=0, end=len(text), ordinal=n))
    return chunks


def filler_vectors(corpus_vectors: np.ndarray, count: int, seed: int = SEED) -> np.ndarray:
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(corpus_vectors), size=(count, 3))
    mix = rng.dirichlet(np.ones(3), size=count)[:, :, None]
    vectors = (corpus_vectors[picks] * mix).sum(axis=1) + rng.normal(0, 0.03, size=(count, corpus_vectors.shape[1]))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def filler_folder(root: Path, main: IndexHandle, count: int, seed: int = SEED) -> Path:
    """A folder name that changes with the main index's chunks, the count and the seed (reusable across runs)."""
    import hashlib

    digest = hashlib.sha256(f"{seed}|{count}|".encode())
    for chunk in main.chunks:
        digest.update(chunk.chunk_id.encode() + b"\x00" + chunk.search_text.encode() + b"\x00")
    return root / f"x{count}-{digest.hexdigest()[:16]}"


def filler_handle(folder: Path, settings, main: IndexHandle, count: int) -> IndexHandle:
    """A Chroma collection of `count` filler chunks in `folder`, wrapped like a real index handle. A folder
    that already holds all of them (an earlier run, same main index: see filler_folder) is reused."""
    from langchain_chroma import Chroma

    from eaeu_qa.embeddings import SharedModelEmbeddings

    chunks = filler_chunks(main.chunks, count)
    store = Chroma(collection_name=f"filler_{count}", embedding_function=SharedModelEmbeddings(settings.embedding),
                   persist_directory=str(folder), collection_metadata={"hnsw:space": "cosine"})
    info = dataclasses.replace(main.info, chunk_count=count, chunks_per_source={FILLER_SOURCE: count})
    if store._collection.count() == count:
        return IndexHandle(store=store, chunks=chunks, info=info, path=folder)
    corpus_vectors = np.array(main.store._collection.get(include=["embeddings"])["embeddings"], dtype=np.float32)
    vectors = filler_vectors(corpus_vectors, count)
    for begin in range(0, count, ADD_BATCH):
        part = slice(begin, begin + ADD_BATCH)
        store._collection.add(ids=[c.chunk_id for c in chunks[part]], embeddings=vectors[part],
                              documents=[c.search_text for c in chunks[part]],
                              metadatas=[{"chunk_id": c.chunk_id, "source_id": c.source_id} for c in chunks[part]])
    assert isinstance(info, IndexInfo)
    return IndexHandle(store=store, chunks=chunks, info=info, path=folder)


def time_retrieval(retrievers: dict, questions: list[str], k: int, rounds: int | None = None) -> dict[str, dict]:
    """Per retriever (name -> HybridRetriever): p50 (ms) of the dense ranking, the BM25 ranking and the whole fused
    search, and the fused search's CPU time (process time: the machine is shared). Each question is searched by every
    retriever in turn, so what other processes take falls on all sizes alike (measuring one size after the other let
    the load drift between them; docs/benchmarks.md, eleventh session)."""
    import sys

    from eaeu_qa.embeddings import encode_query

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench

    rounds = bench.SCALE_ROUNDS if rounds is None else rounds
    times: dict[str, dict[str, list[float]]] = {name: {"dense": [], "bm25": [], "fused": [], "fused_cpu": []}
                                                for name in retrievers}
    for retriever in retrievers.values():
        encode_query(retriever.settings.embedding, questions)  # question vectors are remembered: time search only
        retriever.search(questions[0], k=k)  # builds BM25 over all chunks (and a large collection's HNSW graph)
    for _ in range(rounds):
        for question in questions:
            for name, retriever in retrievers.items():
                fetch = max(retriever.settings.fetch_k, k)
                for part, call in (("dense", lambda: retriever.dense_ranking(question, fetch)),
                                   ("bm25", lambda: retriever.lexical_ranking(question, fetch))):
                    started = time.perf_counter()
                    call()
                    times[name][part].append((time.perf_counter() - started) * 1000)
                started_cpu, started = time.process_time(), time.perf_counter()
                retriever.search(question, k=k)
                times[name]["fused"].append((time.perf_counter() - started) * 1000)
                times[name]["fused_cpu"].append((time.process_time() - started_cpu) * 1000)
    return {name: {part: float(np.percentile(values, 50)) for part, values in parts.items()}
            for name, parts in times.items()}


def main() -> int:
    """The scale part of `make bench` alone (scripts/bench.py always runs the cold, warm and throughput parts too):
    prints each scale's p50s and the fused ratio at 100x / 1x; writes nothing."""
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench

    from eaeu_qa.settings import get_settings

    from eaeu_qa.index import open_index
    from eaeu_qa.retrieval import HybridRetriever

    settings, items = get_settings(), bench.dev_items()
    # make bench asks these questions in its warm and throughput parts before the scale part: ask them once here too,
    # or the 1x timing (measured first) carries every per-question first-use cost and the 10x / 100x ones do not
    warm = HybridRetriever(handles=[open_index(settings, rebuild=False)], settings=settings)
    for item in items[:bench.SCALE_QUESTIONS]:
        warm.search(item["question"], k=settings.retrieve_k)
    result = bench.bench_scale(settings, items)
    print(json.dumps(result, indent=1))
    print(f"fused p50 100x / 1x: {result['100x']['fused'] / result['1x']['fused']:.2f}x "
          f"({result['100x']['fused']:.1f} vs {result['1x']['fused']:.1f} ms; target <= 3x); CPU "
          f"{result['100x']['fused_cpu'] / result['1x']['fused_cpu']:.2f}x ({result['100x']['fused_cpu']:.1f} vs "
          f"{result['1x']['fused_cpu']:.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
