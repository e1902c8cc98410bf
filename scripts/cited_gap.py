"""Why a gold paragraph retrieved in the top 4 is not cited: the composition step that left it out, per tuning item.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/cited_gap.py [--sets tune24 ... tune39] [--cache FILE] [--list]

Each answerable item of the named eval/ sets (default tune24 ... tune39; `dev` = its TUNING split) is asked through the
app's chain (as `eaeu-qa eval` asks it; cached in --cache, eval/runs/cited-gap.pkl: delete it after changing the code),
recording what the answerer's composition saw for the asked turn: compose.select's candidates and every
compose._diverse call. Of the items whose gold is in the top 4 but not cited, the cause is the first of: refused (the
verdict, not composition); no select (an article overview); the named provision's own text (provisions_own); the
candidates of the gold paragraph filtered out before selection (frame, title line, other outcome or party, upload:
arrange.quotable, compose._answering, arrange.about_upload); the named article's path (arrange.by_article); else the
fate in _diverse of the gold paragraph's most relevant unit: below the floor, a list entry cut from its lead-in
(units.cut_off) or whose own words miss what is asked (compose.may_follow), the paragraph cap
(Settings.max_answer_sentences) reached before it, the stop on marginal relevance (Settings.least_marginal) by its
relevance alone or by its word overlap with the quotes chosen (the MMR term), a repeat (Settings.redundant_overlap) or
a second unit of a quoted paragraph; chosen there but left out by a later arranging rule. _diverse is mirrored here to tell these apart; the items where the mirror's choice differs from the
real one are counted (0 means the table describes the shipped code). Never reads eval/blind*.jsonl, the dev TEST split
or this session's pool (tuning.refuse_held_out).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from split import dev_test_ids  # noqa: E402
from tuning import read_items, refuse_held_out  # noqa: E402

DEFAULT_SETS = tuple(f"tune{n}" for n in range(24, 40))


def items_of(name: str) -> list[dict]:
    """The items of eval/<name>.jsonl (dev: its TUNING split); a held-out set is refused."""
    path = ROOT / "eval" / f"{name}.jsonl"
    if name == "dev":
        test = dev_test_ids(path)
        return [i for i in read_items(path) if i["id"] not in test]
    refuse_held_out([f"{name}.jsonl"])
    if not path.is_file():
        raise SystemExit(f"eval/{name}.jsonl does not exist")
    return read_items(path)


def collect(sets: list[str]) -> list[dict]:
    """Each item asked through the chain: its eval row, and the asked turn's select call and _diverse calls."""
    from eaeu_qa.answering import compose, extractive
    from eaeu_qa.evaluation.dataset import EvalItem
    from eaeu_qa.evaluation.running import evaluate_item, get_answerer
    from eaeu_qa.settings import get_settings

    chain = get_answerer("extractive", get_settings())
    answerer = chain.answerer
    turn: dict = {}
    real_select, real_diverse, real_answer = extractive.select, compose._diverse, answerer.answer

    def select(question, scored, limit, model, parts=None, type_share=compose.Settings.type_lead_share):
        units = real_select(question, scored, limit, model, parts, type_share)
        turn["select"] = {"question": question, "scored": scored, "units": units, "model": model}
        return units

    def diverse(ranked, limit, floor, model, asked=frozenset()):
        units = real_diverse(ranked, limit, floor, model, asked)
        turn.setdefault("diverse", []).append((ranked, limit, floor, model, asked, units))
        return units

    def answer(request):
        turn.clear()  # a replayed history turn's calls are not the asked turn's
        return real_answer(request)

    extractive.select, compose._diverse, answerer.answer = select, diverse, answer
    records = []
    for name in sets:
        for raw in items_of(name):
            if not raw["answerable"]:
                continue
            item = EvalItem(id=raw["id"], question=raw["question"], history=raw.get("history") or [],
                            answerable=True, gold_passages=raw.get("gold_passages") or [],
                            key_facts=raw.get("key_facts") or [])
            row = evaluate_item(item, chain)
            records.append({"set": name, "key": raw["key"], "item": raw, "row": row, **dict(turn)})
        print(f"{name}: {len(records)} answerable items so far", file=sys.stderr, flush=True)
    return records


def diverse_fates(ranked, limit, floor, model, asked, gold: set[str]) -> tuple[list, dict[str, str]]:
    """compose._diverse mirrored: its units, and the fate of each unit of a gold chunk (`gold`: chunk ids)."""
    from eaeu_qa.answering.compose import _earns_second, _paragraphs, adds_asked, may_follow
    from eaeu_qa.answering.units import cut_off, word_overlap

    fate: dict[str, str] = {}
    chosen = [ranked[0]]
    fate[ranked[0].unit.key] = "chosen"
    pool = []
    for s in ranked[1:]:
        if s.relevance < floor:
            fate[s.unit.key] = "below the floor"
        elif cut_off(s.unit):
            fate[s.unit.key] = "a list entry cut from its lead-in"
        elif not may_follow(s.unit, asked):
            fate[s.unit.key] = "a list entry whose own words miss the question"
        else:
            pool.append(s)
    span = max(ranked[0].relevance - floor, 1e-9)
    weight = model.settings.mmr_lambda

    def mmr(item) -> float:
        return weight * (item.relevance - floor) / span - (1 - weight) * max(
            word_overlap(item.unit.text, c.unit.text) for c in chosen)

    while pool:
        if _paragraphs(chosen) >= limit:
            for s in pool:
                fate[s.unit.key] = "the paragraph cap"
            break
        best = max(pool, key=mmr)
        pool.remove(best)
        if mmr(best) < model.least_marginal:
            for s in [best, *pool]:
                alone = weight * (s.relevance - floor) / span >= model.least_marginal
                fate[s.unit.key] = "the stop, by word overlap" if alone else "the stop, by relevance"
            break
        if any(c.unit.chunk.chunk_id == best.unit.chunk.chunk_id for c in chosen) and not (
                _paragraphs(chosen) == len(chosen) and _earns_second(best, ranked[0], model)
                and adds_asked(best.unit, [c.unit for c in chosen], asked)):
            fate[best.unit.key] = "a second unit of a quoted paragraph"
            continue
        if any(word_overlap(best.unit.text, c.unit.text) > model.settings.redundant_overlap for c in chosen):
            fate[best.unit.key] = "a repeat"
            continue
        chosen.append(best)
        fate[best.unit.key] = "chosen"
    keys = {s.unit.key for s in ranked if s.unit.chunk.chunk_id in gold}
    return [c.unit for c in chosen], {k: v for k, v in fate.items() if k in keys}


def cause(rec: dict) -> tuple[str, bool]:
    """The cause for an item with gold in the top 4 not cited, and whether the _diverse mirror matched the real one."""
    from eaeu_qa.answering.compose import _answering
    from eaeu_qa.answering.arrange import about_upload, quotable
    from eaeu_qa.textrepair import contains_words

    if not rec["row"].get("answerable"):
        return f"refused ({rec['row'].get('refusal') or 'verdict'})", True
    call = rec.get("select")
    if call is None:
        return "no select (an article overview)", True
    gold = {s.unit.chunk.chunk_id for s in call["scored"]
            if any(contains_words(s.unit.chunk.text, g) for g in rec["item"]["gold_passages"])}
    model = call["model"]
    kept = quotable(_answering(call["scored"]), model.quotable_share)
    if model.fitted and kept:
        kept = about_upload(kept, model.settings.answering_relevance, kept[0])
    if not gold & {s.unit.chunk.chunk_id for s in kept}:
        return "filtered before selection (frame, title, outcome, party, upload)", True
    calls = rec.get("diverse") or []
    if not calls:
        return "the named provision's own text", True
    if len(calls) > 1 or not any(s.unit.chunk.chunk_id in gold for s in calls[0][0]):
        return "the named article's path", True
    ranked, limit, floor, model, asked, units = calls[0]
    mirrored, fates = diverse_fates(ranked, limit, floor, model, asked, gold)
    same = [u.key for u in mirrored] == [u.key for u in units]
    if any(u.chunk.chunk_id in gold for u in units):
        return "chosen, then left out by an arranging rule", same
    top = next(s for s in ranked if s.unit.chunk.chunk_id in gold)
    return fates.get(top.unit.key, "not reached"), same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS), help="eval/ set names (dev: its TUNING split)")
    parser.add_argument("--cache", type=Path, default=ROOT / "eval" / "runs" / "cited-gap.pkl",
                        help="the collected calls (delete after changing the code)")
    parser.add_argument("--list", action="store_true", help="print each item's cause")
    args = parser.parse_args(argv)
    for name in args.sets:
        items_of(name) if name != "dev" else None  # a held-out or missing set is refused before the chain loads
    if args.cache.exists():
        records = pickle.loads(args.cache.read_bytes())
    else:
        records = collect(args.sets)
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        args.cache.write_bytes(pickle.dumps(records))
    records = [r for r in records if r["set"] in args.sets]
    causes, differs, reverse = Counter(), 0, 0
    for rec in records:
        metrics = rec["row"].get("metrics", {})
        if metrics.get("hit@4") == 1 and metrics.get("citation_recall") == 0:
            why, same = cause(rec)
            causes[why] += 1
            differs += not same
            if args.list:
                print(f"{rec['key']:20} {why:50} {rec['item']['question'][:70]}")
        elif metrics.get("hit@4") == 0 and metrics.get("citation_recall") == 1:
            reverse += 1
    print(f"{len(records)} answerable items of {len(args.sets)} sets; gold in the top 4 not cited: "
          f"{sum(causes.values())}; gold cited, not in the top 4: {reverse}")
    for why, n in causes.most_common():
        print(f"{n:5d}  {why}")
    print(f"_diverse mirrored differently from the real one in {differs} of them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
