"""Benchmark: index build vs. plain encoding, retrieval and answer latency, memory. Prints measured figures.

Run with `make bench` (or .venv/bin/python scripts/bench.py). Times on a shared 2-core machine vary from
run to run, so the index/encode comparison is made inside one run, with the model already loaded.
"""

from __future__ import annotations

import dataclasses
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from eaeu_qa.answer import build_answerer
from eaeu_qa.chunking import chunk_documents
from eaeu_qa.embeddings import encode, get_model
from eaeu_qa.evaluation import percentile
from eaeu_qa.index import build_index, load_documents, open_index
from eaeu_qa.settings import PROJECT_ROOT, get_settings

DEV_SET = PROJECT_ROOT / "eval" / "dev.jsonl"


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def bench_index(settings) -> None:
    _, load_s = timed(get_model, settings.model_name)
    print(f"model load: {load_s:.2f} s")
    chunks = chunk_documents(load_documents(settings))
    encode(settings.model_name, ["warm-up"])
    _, encode_s = timed(encode, settings.model_name, [c.search_text for c in chunks])
    with tempfile.TemporaryDirectory() as tmp:
        scratch = dataclasses.replace(settings, index_dir=Path(tmp) / "index")
        _, index_s = timed(build_index, scratch, log=lambda _m: None)
        answerer = build_answerer(scratch, open_index(scratch, log=lambda _m: None).chunks)
        _, warm_s = timed(answerer.warm)
    print(f"chunks: {len(chunks)}")
    print(f"encode chunks with sentence-transformers alone: {encode_s:.2f} s")
    print(f"eaeu-qa index (load, chunk, embed, store in Chroma, swap in): {index_s:.2f} s")
    print(f"ratio index / encode-only: {index_s / encode_s:.2f}x (target <= 1.5x)")
    print(f"answerer sentence vectors, once per index (eaeu-qa index does it after the build): {warm_s:.2f} s")


def bench_queries(settings) -> None:
    from eaeu_qa.chain import get_chain

    _, open_s = timed(open_index, settings, log=lambda _m: None)
    print(f"open index: {open_s * 1000:.0f} ms")
    items = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    chain = get_chain(settings)
    chain.ask("warm-up question about the court")
    stages: dict[str, list[float]] = {}
    for item in items:
        answer = chain.ask(item["question"], history=item["history"])
        for stage, ms in answer.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
    print(f"questions: {len(items)} (eval/dev.jsonl)")
    for stage, values in stages.items():
        print(f"  {stage:9} p50 {percentile(values, 50):7.1f} ms   p95 {percentile(values, 95):7.1f} ms")


def main() -> int:
    settings = get_settings()
    bench_index(settings)
    bench_queries(settings)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
