"""Evaluation metrics: retrieval, citation and answer-text scores per item, and their aggregation."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any, Iterable

from ..textrepair import contains_words, split_sentences, words
from .dataset import EvalItem

STAGES = ("condense", "retrieve", "answer", "total")
HIT_CUTOFFS = (1, 4, 8)
RECALL_CUTOFF = 8
# Citation support: share of the claim's content words that the quote must contain, and the minimum
# number of shared content words (fewer only when the claim itself is shorter). See docs/evaluation.md.
SUPPORT_SHARE = 0.5
SUPPORT_MIN_SHARED = 3

# Headline metrics in report order: (key, label, applies to). Percentages except MRR.
METRICS = (
    ("hit@1", "hit@1", "answerable"),
    ("hit@4", "hit@4", "answerable"),
    ("hit@8", "hit@8", "answerable"),
    ("recall@8", "recall@8", "answerable"),
    ("mrr", "MRR", "answerable"),
    ("citation_recall", "citation recall", "answerable"),
    ("citation_precision", "citation precision", "items with citations"),
    ("citation_gold_precision", "citation gold precision", "answerable items with citations"),
    ("gold_leads", "gold quote leads", "answerable items with gold cited"),
    ("supported_sentences", "supported sentences", "generated answers (LLM, verified)"),
    ("key_fact_recall", "key-fact recall", "answerable"),
    ("token_f1", "token F1", "answerable"),
    ("unanswerable_accuracy", "unanswerable accuracy", "unanswerable"),
    ("false_refusal", "false-refusal rate", "answerable"),
)
# Lower is better for these; the worst-item ranking and the delta table need to know.
LOWER_IS_BETTER = {"false_refusal"}

_MARKER = re.compile(r"\[(\d+)\]")
_MARKER_GROUP = re.compile(r"(?:\s*\[\d+\](?:\s*,)?)+")
_STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers him his how i if in into is it its itself just may me more most must my no nor not now of
off on once only or other our ours out over own same shall she should so some such than that the their
theirs them then there these they this those through to too under until up upon very was we were what when
where which while who whom why will with would you your
""".split())


# --- Metrics on one item ---------------------------------------------------------------------------

def gold_rank(passages: list[str], gold: list[str]) -> int | None:
    """1-based rank of the first passage holding any gold snippet, or None."""
    for rank, text in enumerate(passages, start=1):
        if any(contains_words(text, snippet) for snippet in gold):
            return rank
    return None


def hit_at(passages: list[str], gold: list[str], k: int) -> float:
    rank = gold_rank(passages, gold)
    return 1.0 if rank is not None and rank <= k else 0.0


def recall_at(passages: list[str], gold: list[str], k: int) -> float:
    """Share of the gold snippets found in some of the top-k passages."""
    if not gold:
        return 0.0
    top = passages[:k]
    return sum(any(contains_words(p, s) for p in top) for s in gold) / len(gold)


def reciprocal_rank(passages: list[str], gold: list[str]) -> float:
    rank = gold_rank(passages, gold)
    return 1.0 / rank if rank else 0.0


def content_words(text: str) -> set[str]:
    """Words that carry meaning: case-folded, not stopwords, not citation numbers, not single letters."""
    return {w for w in words(_MARKER.sub(" ", text)) if w not in _STOPWORDS and len(w) > 1}


def claims_by_citation(answer: str) -> dict[int, list[str]]:
    """For each [n]: the sentence it follows, cut at the previous marker group.

    The claim is the last sentence of the text between the previous marker group and this one, so a
    preamble sentence ("The documents do not report this. The closest passage is: ...") is not part of it.
    Adjacent markers ("[1][2]", "[1], [2]") share one claim. A marker with nothing before it since
    the previous group (e.g. at the very start) gets an empty claim and so supports nothing.
    """
    claims: dict[int, list[str]] = {}
    previous_end = 0
    for group in _MARKER_GROUP.finditer(answer):
        claim = _last_sentence(answer[previous_end:group.start()])
        for number in _MARKER.findall(group.group()):
            claims.setdefault(int(number), []).append(claim)
        previous_end = group.end()
    return claims


def _last_sentence(text: str) -> str:
    spans = split_sentences(text)
    return text[spans[-1][0]:spans[-1][1]] if spans else text.strip()


def supports(claim: str, quote: str) -> bool:
    """The quote shares at least SUPPORT_SHARE of the claim's content words (and SUPPORT_MIN_SHARED)."""
    claim_words = content_words(claim)
    if not claim_words:
        return False
    shared = len(claim_words & content_words(quote))
    return shared >= min(SUPPORT_MIN_SHARED, len(claim_words)) and shared / len(claim_words) >= SUPPORT_SHARE


def _holds_gold(citation: dict, gold: list[str]) -> bool:
    """The citation's passage (or, without one, its quote) holds one of the gold snippets."""
    return any(contains_words(citation.get("passage") or citation.get("quote", ""), s) for s in gold)


def citation_scores(answer: str, citations: list[dict], gold: list[str]) -> dict[str, float | None]:
    """citation recall, precision (gold or support) and gold-only precision; None when undefined."""
    if not citations:
        return {"citation_recall": 0.0 if gold else None, "citation_precision": None,
                "citation_gold_precision": None}
    claims = claims_by_citation(answer)
    holds_gold = [_holds_gold(c, gold) for c in citations]
    supported = [any(supports(claim, c.get("quote", "")) for claim in claims.get(c.get("n"), []))
                 for c in citations]
    good = [g or s for g, s in zip(holds_gold, supported)]
    return {
        "citation_recall": (1.0 if any(holds_gold) else 0.0) if gold else None,
        "citation_precision": sum(good) / len(citations),
        "citation_gold_precision": sum(holds_gold) / len(citations) if gold else None,
    }


def gold_leads(citations: list[dict], gold: list[str]) -> float | None:
    """1 when the answer's first sentence quotes a passage holding a gold snippet, over the answers that cite a gold
    passage somewhere (None otherwise): a reader takes the first quote for the answer, and the other citation metrics
    read the whole answer, not which quote leads. The first sentence's citations are those of the lowest [n]'s
    paragraph (source and locator): a paragraph quoted from two of its chunks is one sentence, "[1][2]"."""
    holding = [c for c in citations if _holds_gold(c, gold)]
    if not gold or not holding:
        return None
    first = min(citations, key=lambda c: c.get("n", 0))

    def paragraph(c: dict) -> tuple | None:  # None without a locator: that citation alone
        where = c.get("locator") or c.get("chunk_id")
        return (c.get("source_id"), where) if where else None

    return 1.0 if any(c is first or (paragraph(c) is not None and paragraph(c) == paragraph(first))
                      for c in holding) else 0.0


def key_fact_recall(answer: str, key_facts: list[list[str]]) -> float | None:
    """Share of facts for which some accepted phrasing is a case-insensitive substring of the answer."""
    if not key_facts:
        return None
    folded = answer.casefold()
    return sum(any(p.casefold() in folded for p in fact) for fact in key_facts) / len(key_facts)


def token_f1(answer: str, gold: list[str]) -> float | None:
    """Bag-of-words F1 (SQuAD style) of the answer without [n] markers against all gold snippets joined."""
    if not gold:
        return None
    predicted = Counter(words(_MARKER.sub(" ", answer)))
    reference = Counter(w for snippet in gold for w in words(snippet))
    overlap = sum((predicted & reference).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(predicted.values())
    recall = overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def supported_sentences(answer: dict[str, Any]) -> float | None:
    """Share of a generated answer's sentences that the verifier (eaeu_qa/llm/verify.py) supports, counted
    before unsupported ones were removed; None for answers without verification or with nothing generated."""
    verification = answer.get("verification") or {}
    checked = verification.get("checked") or 0
    return verification.get("supported", 0) / checked if checked else None


def score_item(item: EvalItem, answer: dict[str, Any]) -> dict[str, float | None]:
    """All per-item metrics from an Answer.to_dict(); None marks a metric that does not apply."""
    refused = not answer.get("answerable", False)
    if not item.answerable:
        return {"unanswerable_accuracy": 1.0 if refused else 0.0, "refused": float(refused),
                **{key: None for key, _, scope in METRICS if key != "unanswerable_accuracy"},
                **_citation_precision_only(answer), "supported_sentences": supported_sentences(answer)}
    retrieved = [p.get("text", "") for p in sorted(answer.get("retrieved", []), key=lambda p: p.get("rank", 0))]
    gold = item.gold_passages
    text = answer.get("answer", "") or ""
    scores: dict[str, float | None] = {f"hit@{k}": hit_at(retrieved, gold, k) for k in HIT_CUTOFFS}
    scores["recall@8"] = recall_at(retrieved, gold, RECALL_CUTOFF)
    scores["mrr"] = reciprocal_rank(retrieved, gold)
    scores.update(citation_scores(text, answer.get("citations", []), gold))
    scores["gold_leads"] = gold_leads(answer.get("citations", []), gold)
    scores["key_fact_recall"] = key_fact_recall(text, item.key_facts)
    scores["token_f1"] = token_f1(text, gold)
    scores["unanswerable_accuracy"] = None
    scores["false_refusal"] = 1.0 if refused else 0.0
    scores["refused"] = float(refused)
    scores["supported_sentences"] = supported_sentences(answer)
    return scores


def _citation_precision_only(answer: dict[str, Any]) -> dict[str, float | None]:
    # An answer to an unanswerable question has no gold: only the support test can vouch for a citation.
    scores = citation_scores(answer.get("answer", "") or "", answer.get("citations", []), [])
    return {"citation_precision": scores["citation_precision"]}


# --- Aggregation -----------------------------------------------------------------------------------

def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def percentile(values: list[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default) of a non-empty list; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean of every metric over the items it applies to, item counts and per-stage latency p50/p95."""
    scored = [r for r in rows if not r.get("error")]
    summary: dict[str, Any] = {
        "items": len(rows),
        "answerable": sum(1 for r in rows if r["gold_answerable"]),
        "unanswerable": sum(1 for r in rows if not r["gold_answerable"]),
        "errors": len(rows) - len(scored),
    }
    for key, _, _ in METRICS:
        values = [r["metrics"].get(key) for r in scored]
        summary[key] = mean(values)
        summary[f"{key}_n"] = sum(v is not None for v in values)
    latency = {}
    for stage in STAGES:
        times = [r["timings_ms"][stage] for r in scored if stage in r.get("timings_ms", {})]
        latency[stage] = {"p50": percentile(times, 50), "p95": percentile(times, 95)}
    summary["latency_ms"] = latency
    return summary


def summarize_by_group(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    return {name: summarize(members) for name, members in groups.items()}
