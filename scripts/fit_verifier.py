"""Fit the LLM verifier's thresholds on the dev TUNING split; report them on its TEST split.

Fit the LLM verifier's thresholds (eaeu_qa/llm/verify.py: LEXICAL_MIN, SIMILARITY_MIN) on the dev TUNING
split and report them on the TEST split (scripts/split.py).

Labelled pairs come from eval/dev.jsonl without any language model:
- support (positive): an answerable item's gold passage (a sentence of the corpus) and the chunk that holds it;
- no support (negative): the same gold sentence and each of the question's top-4 retrieved chunks (what the
  LLM is shown) that does not hold it: same topic, often many shared words, but not the claim's source.

The positives are verbatim, so they say little about paraphrases; a fit that maximised accuracy would push
both thresholds up to just under the positives' (near 1.0) scores and reject every paraphrase. So the fit is:
the most permissive pair (smallest LEXICAL_MIN + SIMILARITY_MIN, ties to the smaller LEXICAL_MIN) whose false
support rate on the TUNING negatives is at most TARGET_FALSE_SUPPORT; positives' recall is reported.

    .venv/bin/python scripts/fit_verifier.py            # prints the grid's choice and both splits
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from split import dev_test_ids  # noqa: E402

from eaeu_qa.answering.units import content_stems  # noqa: E402
from eaeu_qa.embeddings import get_encoder  # noqa: E402
from eaeu_qa.llm import verify as V  # noqa: E402
from eaeu_qa.llm.answerer import LLM_PASSAGES  # noqa: E402
from eaeu_qa.textrepair import contains_words, repair_ocr, split_sentences  # noqa: E402

TARGET_FALSE_SUPPORT = 0.05
LEXICAL_GRID = [round(0.30 + 0.05 * i, 2) for i in range(13)]  # 0.30 .. 0.90
SIMILARITY_GRID = [round(0.30 + 0.05 * i, 2) for i in range(11)]  # 0.30 .. 0.80


def pairs(items: list[dict], chain) -> list[dict]:
    """(claim, chunk, label) with the verifier's lexical share, best-sentence cosine and number check."""
    chunks = chain.retriever.chunks
    encoder = get_encoder(chain.settings.embedding)
    rows = []
    for item in items:
        if not item["answerable"] or item["history"] or not item["gold_passages"]:
            continue
        retrieved = [p.chunk for p in chain.retriever.search(item["question"], k=8)[:LLM_PASSAGES]]
        for gold in item["gold_passages"]:
            holders = [c for c in chunks if contains_words(c.text, gold)]
            if not holders:
                continue
            candidates = [(holders[0], True)]
            candidates += [(c, False) for c in retrieved if not contains_words(c.text, gold)]
            for chunk, label in candidates:
                rows.append({"id": item["id"], "claim": gold, "chunk": chunk, "label": label})
    for row in rows:
        source = V.passage_source(_Passage(row["chunk"]))
        stems = content_stems(row["claim"])
        row["lexical"] = len(stems & content_stems(source.support)) / len(stems) if stems else 0.0
        row["numbers"] = V.numbers(row["claim"]) <= V.numbers(source.support)
        spans = split_sentences(source.text) or [(0, len(source.text))]
        vectors = encoder.encode([row["claim"]] + [repair_ocr(source.text[s:e]) for s, e in spans])
        row["similarity"] = float(np.max(vectors[1:] @ vectors[0]))
    return rows


class _Passage:
    """The shape passage_source reads (a RetrievedPassage's .chunk)."""

    def __init__(self, chunk):
        self.chunk = chunk


def rates(rows: list[dict], lexical: float, similarity: float) -> dict:
    said = [r["lexical"] >= lexical and r["similarity"] >= similarity and r["numbers"] for r in rows]
    pos = [s for s, r in zip(said, rows) if r["label"]]
    neg = [s for s, r in zip(said, rows) if not r["label"]]
    return {"recall": sum(pos) / len(pos) if pos else float("nan"), "positives": len(pos),
            "false_support": sum(neg) / len(neg) if neg else float("nan"), "negatives": len(neg)}


def fit(rows: list[dict]) -> tuple[float, float]:
    ok = [(l + s, l, -rates(rows, l, s)["recall"], s) for l in LEXICAL_GRID for s in SIMILARITY_GRID
          if rates(rows, l, s)["false_support"] <= TARGET_FALSE_SUPPORT]
    _, lexical, _, similarity = min(ok)
    return lexical, similarity


def main() -> int:
    from eaeu_qa.service import get_service

    items = [json.loads(line) for line in (ROOT / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    test = dev_test_ids(ROOT / "eval" / "dev.jsonl")
    chain = get_service().chain()
    tune_rows = pairs([i for i in items if i["id"] not in test], chain)
    test_rows = pairs([i for i in items if i["id"] in test], chain)
    lexical, similarity = fit(tune_rows)
    print(f"fitted on TUNING: LEXICAL_MIN={lexical} SIMILARITY_MIN={similarity} "
          f"(target false support <= {TARGET_FALSE_SUPPORT:.0%}); in force: LEXICAL_MIN={V.LEXICAL_MIN} "
          f"SIMILARITY_MIN={V.SIMILARITY_MIN}")
    print("| thresholds | split | recall (positives) | false support (negatives) |")
    print("|---|---|---:|---:|")
    for name, (l, s) in {"in force": (V.LEXICAL_MIN, V.SIMILARITY_MIN), "fitted": (lexical, similarity)}.items():
        for split_name, rows in (("tuning", tune_rows), ("TEST", test_rows)):
            r = rates(rows, l, s)
            print(f"| {name} ({l}, {s}) | {split_name} | {100 * r['recall']:.1f}% ({r['positives']}) | "
                  f"{100 * r['false_support']:.1f}% ({r['negatives']}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
