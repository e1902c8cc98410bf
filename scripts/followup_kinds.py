"""Why a follow-up's gold passage is not in the top 4: each ranking's gold rank and where the previous answer was.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/followup_kinds.py [FILE ...] [--only PARTS]

Default files: as scripts/followups.py (eval/dev.jsonl split into dev-tuning and dev-test, and scripts/tuning.py's
FOLLOWUP_SETS); the blind sets are refused. Each chat is replayed through the app's chain; for every answerable
turn searched as a follow-up the fused search's inputs are recorded (eaeu_qa/followup_search.py), and for one whose gold is not in the
fused top 4 it prints the gold's rank in the rewrite's ranking, the turn's own words' ranking and the joined
ranking (the previous question as understood with the turn as typed; searched here even when
Settings.followup_history is 0), whether the previous answer cited the gold or its article/section, and the rewrite.
Kinds (a reading aid; the rewrite's correctness is judged by eye from the printed rewrite): "fusion" = the
rewrite's ranking had it in its top 4 and the fusion lost it; "joined", "own", "joined+own" = only those rankings
had it there; "none" = no ranking had it there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from followups import DEFAULT_FILES, load  # noqa: E402

TOP = 4


def gold_rank(passages, gold) -> int | None:
    from eaeu_qa.evaluation.metrics import contains_words

    for rank, passage in enumerate(passages, start=1):
        if any(contains_words(passage.chunk.text, snippet) for snippet in gold):
            return rank
    return None


def kind(ranks: dict[str, int | None]) -> str:
    """'fusion' when the rewrite's ranking had the gold in its top 4; else the other rankings that had it ('joined',
    'own', 'joined+own'); else 'none'."""
    within = {name for name, rank in ranks.items() if rank is not None and rank <= TOP}
    return "fusion" if "rewrite" in within else "+".join(sorted(within)) or "none"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", default=list(DEFAULT_FILES))
    parser.add_argument("--only", default="", help="comma-separated parts (dev-tuning,tune2,...)")
    args = parser.parse_args(argv)

    from eaeu_qa import followup_search
    from eaeu_qa.evaluation.running import evaluate_item
    from eaeu_qa.service import get_service
    from eaeu_qa.settings import get_settings

    items = load(args.files, args.only)
    chain = get_service(get_settings()).chain()
    seen: dict = {}
    search = followup_search.search

    def recording(retriever, rewritten, own, cited, shift, k, **options):
        fetch = max(retriever.settings.fetch_k, k)
        joined = f"{options.get('previous', '').strip()} {options.get('question', '').strip()}".strip()
        seen.update(rewrite=retriever.search(rewritten, k=fetch), own=retriever.search(own, k=fetch) if own else [],
                    joined=retriever.search(joined, k=fetch) if options.get("previous") else [],
                    cited=followup_search.cited_keys(cited))
        return search(retriever, rewritten, own, cited, shift, k, **options)

    followup_search.search = recording
    counts: dict[str, int] = {}
    answered = cited_before = near_before = 0
    for part, item in items:
        seen.clear()
        row = evaluate_item(item, chain)
        if not item.answerable or not seen:
            continue
        answered += 1
        gold = [c for c in chain.retriever.chunks if gold_rank([type("P", (), {"chunk": c})], item.gold_passages)]
        places = {followup_search.place(c) for c in chain.retriever.chunks if (c.source_id, c.locator) in seen["cited"]}
        was_cited = any((c.source_id, c.locator) in seen["cited"] for c in gold)
        nearby = any(followup_search.place(c) in places for c in gold)
        cited_before += was_cited
        near_before += nearby
        if row["metrics"].get("hit@4"):
            continue
        ranks = {name: gold_rank(seen[name], item.gold_passages) for name in ("rewrite", "own", "joined")}
        found = kind(ranks)
        counts[found] = counts.get(found, 0) + 1
        print(f"{part:10} {item.id:12} {found:8} ranks {ranks} previous answer cited it: {was_cited}, its "
              f"article/section: {nearby}\n    Q: {item.question}\n    U: {row.get('standalone_question')}", flush=True)
    print(f"{sum(counts.values())} of {answered} answerable follow-ups without the gold in the top {TOP}: "
          + ", ".join(f"{name} {n}" for name, n in sorted(counts.items())))
    print(f"the previous answer cited the gold of {cited_before} of the {answered}; its article/section holds the gold "
          f"of {near_before}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
