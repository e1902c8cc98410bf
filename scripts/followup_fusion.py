"""Follow-up retrieval offline: record each tuning follow-up's searches once, then score fusion variants without the chain.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/followup_fusion.py --record [--sets tune2.jsonl,...]
    HF_HUB_OFFLINE=1 .venv/bin/python scripts/followup_fusion.py --misses          # the misses, sorted by kind
    HF_HUB_OFFLINE=1 .venv/bin/python scripts/followup_fusion.py --fit             # the cited-passage ranking's weight

--record replays every tuning follow-up (the dev TUNING split's and FOLLOWUP_SETS', with tune24 ... tune29, earlier
sessions' unseen pools, joining them; never dev TEST, never eval/blind*.jsonl) through the app's chain and keeps what
eaeu_qa/followup_search.py fused for it: the rankings, the previous answer's cited passages, the weights, and the
gold passages; written to eval/runs/followup-fusion.pkl (git-ignored).
--misses prints the answerable follow-ups whose gold is not in the top 4, by kind: the gold in the same article or
section as a passage the previous answer cited ("same place"), next to one (the neighbouring paragraph of another
place), found by no ranking in the fetched depth, or elsewhere.
--fit scores Settings.followup_cited (the weight of the ranking by similarity to the previous answer's cited passages,
followup_search.py) over a grid on the recorded follow-ups: gold in the top 4 per set, and leave one set out (for each
set, the weight best on the others; ties go to the smaller weight).
"""

from __future__ import annotations

import argparse
import dataclasses
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from tuning import FOLLOWUP_SETS  # noqa: E402

EARLIER_POOLS = ("tune24.jsonl", "tune25.jsonl", "tune26.jsonl", "tune27.jsonl", "tune28.jsonl", "tune29.jsonl")
RECORD = ROOT / "eval" / "runs" / "followup-fusion.pkl"
CITED_GRID = (0.0, 0.125, 0.25, 0.5, 1.0, 2.0)


def record(sets: tuple[str, ...], out: Path) -> None:
    """Replay the tuning follow-ups through the chain and keep each one's fusion inputs (the last fuse call)."""
    import followups
    from eaeu_qa import followup_search
    from eaeu_qa.evaluation.running import evaluate_item
    from eaeu_qa.service import get_service
    from eaeu_qa.settings import get_settings

    items = [(p, i) for p, i in followups.load(["eval/dev.jsonl", *(f"eval/{s}" for s in sets)]) if p != "dev-test"]
    chain = get_service(get_settings()).chain()
    calls: list[dict] = []
    fuse, search = followup_search.fuse, followup_search.search

    def recording_fuse(*args, **kwargs):
        calls.append({"fuse": (args, kwargs)})
        return fuse(*args, **kwargs)

    def recording_search(retriever, rewritten, own, cited, shift, k, **kwargs):
        calls.append({"search": dict(rewritten=rewritten, own=own, cited=list(cited), shift=shift, k=k, **kwargs)})
        return search(retriever, rewritten, own, cited, shift, k, **kwargs)

    followup_search.fuse, followup_search.search = recording_fuse, recording_search
    records = []
    for n, (part, item) in enumerate(items, 1):
        calls.clear()
        row = evaluate_item(item, chain)
        fused = [c for c in calls if "fuse" in c]
        searched = [c for c in calls if "search" in c]
        if not fused:
            continue
        args, kwargs = fused[-1]["fuse"]
        names = ("main", "own", "cited", "chunks_by_key", "shift", "k", "rrf_k", "weights", "neighbours", "history",
                 "answered")
        inputs = dict(zip(names, args)) | kwargs
        inputs.pop("neighbours", None)  # the retriever's chunks: the same for every item
        records.append({"part": part, "id": item.id, "answerable": item.answerable, "gold": item.gold_passages,
                        "question": item.question, "standalone": row.get("standalone_question", ""),
                        "hit4": row.get("metrics", {}).get("hit@4"), "search": searched[-1]["search"],
                        "inputs": inputs, "retrieved": [p["chunk_id"] for p in row.get("retrieved", [])]})
        print(f"{n}/{len(items)} {part} {item.id} hit4={records[-1]['hit4']}", flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as handle:
        pickle.dump({"records": records, "chunks": chain.retriever.chunks}, handle)
    print(f"{len(records)} follow-ups recorded in {out}")


def load_record(path: Path) -> tuple[list[dict], list]:
    with open(path, "rb") as handle:
        data = pickle.load(handle)
    return data["records"], data["chunks"]


def gold_ids(record: dict, chunks) -> set[str]:
    """The chunks holding a gold passage (the evaluation's test: metrics.gold_rank)."""
    from eaeu_qa.textrepair import contains_words

    return {c.chunk_id for c in chunks if any(contains_words(c.text, g) for g in record["gold"])}


def fused(record: dict, chunks, k: int, **changes) -> list[str]:
    """followup_search.fuse on the recorded inputs (with `changes` to them or to the weights): the top k ids."""
    from eaeu_qa import followup_search

    inputs = dict(record["inputs"])
    weights = dataclasses.replace(inputs.pop("weights"), **{n: v for n, v in changes.items() if n != "extra"})
    inputs.update(k=k, weights=weights, neighbours=chunks)
    return [p.chunk.chunk_id for p in followup_search.fuse(**inputs)]


def rank_in(ranking, ids: set[str]) -> int | None:
    return next((n for n, p in enumerate(ranking or [], 1) if p.chunk.chunk_id in ids), None)


def misses(records: list[dict], chunks) -> None:
    """The answerable follow-ups whose gold is not in the top 4, with where the gold sits, sorted by kind."""
    from eaeu_qa import followup_search

    by_id = {c.chunk_id: c for c in chunks}
    kinds: dict[str, list[str]] = {}
    for r in records:
        if not r["answerable"] or r["hit4"]:
            continue
        gold = gold_ids(r, chunks)
        inputs = r["inputs"]
        cited = [c for key in inputs["cited"] for c in inputs["chunks_by_key"].get(key, [])]
        places = {followup_search.place(c) for c in cited}
        gold_chunks = [by_id[g] for g in gold]
        same = any(followup_search.place(g) in places for g in gold_chunks)
        near = any(g.source_id == c.source_id and abs(g.ordinal - c.ordinal) <= 1 for g in gold_chunks for c in cited)
        ranks = {name: rank_in(inputs.get(name), gold) for name in ("main", "own", "history", "answered")}
        deep = fused(r, chunks, 60)
        final = next((n for n, cid in enumerate(deep, 1) if cid in gold), None)
        kind = ("no gold chunk" if not gold else "no previous citation" if not cited else
                "gold cited before" if gold & {c.chunk_id for c in cited} else "same place" if same else
                "next to a cited passage" if near else "other place")
        kinds.setdefault(kind, []).append(r["id"])
        print(f"[{kind}] {r['part']} {r['id']} fused rank {final} ranks {ranks}\n    Q: {r['question']}\n"
              f"    U: {r['standalone']}\n    cited before: {[c.locator for c in cited]}\n"
              f"    gold: {[g.locator for g in gold_chunks]}\n    top4: {[by_id[c].locator for c in deep[:4]]}")
    for kind, ids in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        print(f"{kind}: {len(ids)} {' '.join(ids)}")


def as_searched(record: dict, changes: dict) -> dict:
    """`changes` as followup_search.search applies them to this turn: the cited passages' weight is 0 after a topic
    switch and `aspect` times as much when the turn asks for another thing."""
    if "cited" not in changes:
        return changes
    searched, weights = record["search"], record["inputs"]["weights"]
    turn = dataclasses.replace(weights, cited=changes["cited"]).for_turn(bool(searched.get("switch")),
                                                                          bool(searched.get("other_aspect")))
    return {**changes, "cited": turn.cited}  # (the recorded weights' other fields were set for the turn already)


def top4_hits(records: list[dict], chunks, **changes) -> dict[str, list[float]]:
    """Each set's answerable follow-ups: 1.0 when a gold chunk is in the fused top 4 with `changes`, else 0.0."""
    hits: dict[str, list[float]] = {}
    for r in records:
        if r["answerable"]:
            gold = gold_ids(r, chunks)
            top = fused(r, chunks, 4, **as_searched(r, changes))
            hits.setdefault(r["part"], []).append(float(bool(gold & set(top))))
    return hits


def fit(records: list[dict], chunks, name: str = "cited", grid=CITED_GRID) -> None:
    """Gold in the top 4 at each weight of `name` (a FollowUpWeights field), per set; then leave one set out."""
    at = {w: top4_hits(records, chunks, **{name: w}) for w in grid}
    parts = sorted(at[grid[0]])
    recorded = sum(bool(r["hit4"]) for r in records if r["answerable"])
    print(f"{sum(len(v) for v in at[grid[0]].values())} answerable follow-ups in {len(parts)} sets "
          f"(the chain's own top 4 when recorded: {recorded})")
    for w in grid:
        total = sum(sum(v) for v in at[w].values())
        print(f"{name} {w:<6} gold in the top 4 {total:g}  " + " ".join(f"{p}:{sum(at[w][p]):g}" for p in parts))
    held = 0.0
    for part in parts:
        best = min(grid, key=lambda w: (-sum(sum(v) for p, v in at[w].items() if p != part), w))
        held += sum(at[best][part])
        print(f"leave out {part:10} -> {name}={best}: {sum(at[best][part]):g}/{len(at[best][part])} "
              f"(at 0: {sum(at[grid[0]][part]):g})")
    print(f"leave one set out: {held:g} of {sum(len(v) for v in at[grid[0]].values())}")
    for w in grid[1:]:
        gained = [(p, i) for p in parts for i, (a, b) in enumerate(zip(at[grid[0]][p], at[w][p])) if b > a]
        lost = [(p, i) for p in parts for i, (a, b) in enumerate(zip(at[grid[0]][p], at[w][p])) if b < a]
        print(f"{name} {w}: +{len(gained)} -{len(lost)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--sets", default=",".join(FOLLOWUP_SETS + EARLIER_POOLS))
    parser.add_argument("--file", default=str(RECORD))
    args = parser.parse_args(argv)
    if args.record:
        record(tuple(s for s in args.sets.split(",") if s), Path(args.file))
        return 0
    records, chunks = load_record(Path(args.file))
    if args.misses:
        misses(records, chunks)
    if args.fit:
        fit(records, chunks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
