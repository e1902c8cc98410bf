"""Follow-up items only: each chat replayed through the app's chain, scored, and summed up by part.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/followups.py [FILE ...] [--show [--state]] [--only PARTS]
        [--out rows.jsonl] [--fit | --fit-switch | --fit-aspect | --fit-history | --fit-answer
        | --weights OWN,LOCAL,REPEAT[,SWITCH_LOCAL[,ASPECT[,HISTORY[,ANSWER]]]]]

Default files: eval/dev.jsonl (its follow-ups split into TUNING and TEST by scripts/split.py) and
scripts/tuning.py's FOLLOWUP_SETS (tune, tune2, tune_fu, tune5 ... tune12: tuning data). Only
items with a non-empty `history` are asked; each earlier question is answered by the chain first, as a live chat
would have (QAChain.replay).
--show prints every item's rewrite ("Understood as ...") and whether the gold passage was found and cited;
--state adds the previous turn's state (subject, topic, its entities, the start of its answer).
--fit grid-searches the three weights of eaeu_qa/followup_search.py (Settings.followup_own, followup_local,
followup_repeat) on the TUNING parts only (dev-tuning and the tune* files; never dev-test): the objective is the
mean over their follow-ups of (hit@4 + gold cited) / 2 for an answerable one and "refused" for an unanswerable
one; ties go to the smaller weights (closer to plain retrieval of the rewritten question).
--fit-switch grid-searches, on the same tuning parts and objective, the two numbers of a topic switch
(eaeu_qa/condensing/switch.py): the least IDF of a word that makes a turn's own topic (Settings.own_topic_min_idf),
and the weight of the previous answer's neighbourhood after a switch (Settings.followup_switch_local); ties go
to the smaller weight and then to the higher IDF (fewer turns treated as switches).
--fit-aspect grid-searches, on the same tuning parts and objective, the factor on the previous answer's
neighbourhood when a turn asks for another thing than the previous question (Settings.followup_aspect_local,
eaeu_qa/condensing/aspect.py; 1 = no change); ties go to the smaller factor (closer to plain retrieval).
--fit-history grid-searches, on the same tuning parts and objective, the weight of the fourth ranking (the previous
question as understood followed by the turn as typed; Settings.followup_history, 0 = not searched); ties go to the
smaller weight. It also prints gold in the top 4 by part at each weight.
--fit-answer does the same for the fifth ranking (the turn as typed followed by the previous answer's words;
Settings.followup_answer, 0 = not searched).
The fits end with leave-one-set-out lines: for each tuning part, the grid point best on the other parts and the
left-out part's objective there (next to its objective at the point best on all parts).
A fitted number goes into eaeu_qa/followup_settings.py (FollowUpSettings, part of Settings; or an EAEU_QA_* variable
to try one without editing).
The blind sets (eval/blind*.jsonl) are refused: they are read by the lead only, with `eaeu-qa eval`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from split import dev_test_ids  # noqa: E402
from tuning import FOLLOWUP_SETS  # noqa: E402

DEFAULT_FILES = ("eval/dev.jsonl", *(f"eval/{name}" for name in FOLLOWUP_SETS))
METRICS = ("hit@4", "citation_recall", "key_fact_recall", "unanswerable_accuracy", "false_refusal")


def part_of(path: Path, item_id: str, test: set[str]) -> str:
    if path.name == "dev.jsonl":
        return "dev-test" if item_id in test else "dev-tuning"
    return path.stem


def load(files: list[str], only: str = "") -> list[tuple[str, object]]:
    """The follow-up items (those with a history) of `files` (relative to the project or absolute), each with its
    part (part_of); only the comma-separated parts `only` names when it is given (--only)."""
    from eaeu_qa.evaluation.dataset import read_dataset

    test = dev_test_ids(ROOT / "eval/dev.jsonl")
    items = []
    for path in (Path(f) if Path(f).is_absolute() else ROOT / f for f in files):
        if path.name.startswith("blind"):
            raise SystemExit(f"{path.name} is not read here (the blind sets are never tuned on)")
        if not path.exists():
            continue
        items += [(part_of(path, item.id, test), item) for item in read_dataset(path).items if item.history]
    return [(p, i) for p, i in items if p in only.split(",")] if only else items


def summary(rows: list[dict]) -> str:
    cells = []
    for key in METRICS:
        values = [r["metrics"].get(key) for r in rows if r.get("metrics", {}).get(key) is not None]
        if values:
            cells.append(f"{key} {100 * sum(values) / len(values):.1f}% ({sum(values):g}/{len(values)})")
    return "; ".join(cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", default=list(DEFAULT_FILES))
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--state", action="store_true", help="with --show: also print the previous turn's state "
                        "(subject, topic, whether the answer named it, its entities)")
    parser.add_argument("--only", default="", help="comma-separated parts to run (dev-tuning,dev-test,tune2,...)")
    parser.add_argument("--out", default="")
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--fit-switch", action="store_true")
    parser.add_argument("--fit-aspect", action="store_true")
    parser.add_argument("--fit-history", action="store_true")
    parser.add_argument("--fit-answer", action="store_true")
    parser.add_argument("--weights", default="", help="own,local,repeat[,switch_local[,aspect[,history[,answer]]]]: "
                        "run with these "
                        "fusion weights (0,0,1 = the rewritten question's ranking alone)")
    args = parser.parse_args(argv)

    from eaeu_qa.evaluation.running import evaluate_item
    from eaeu_qa.service import get_service
    from eaeu_qa.settings import get_settings

    items = load(args.files, args.only)
    chain = get_service(get_settings()).chain()
    if args.weights:
        names = ("followup_own", "followup_local", "followup_repeat", "followup_switch_local", "followup_aspect_local",
                 "followup_history", "followup_answer")
        chain.settings = dataclasses.replace(chain.settings, **dict(zip(names, map(float, args.weights.split(",")))))
    if args.fit_switch:
        return fit_switch(chain, [(p, i) for p, i in items if p != "dev-test"])
    if args.fit:
        return fit(chain, [(p, i) for p, i in items if p != "dev-test"])
    if args.fit_aspect:
        return fit_aspect(chain, [(p, i) for p, i in items if p != "dev-test"])
    if args.fit_history:
        return fit_history(chain, [(p, i) for p, i in items if p != "dev-test"])
    if args.fit_answer:
        return fit_history(chain, [(p, i) for p, i in items if p != "dev-test"], "followup_answer", "answer")
    rows: dict[str, list[dict]] = {}
    states: list = []
    if args.state:
        replay = chain.replay

        def recorded(turns, k=None):  # the conversation state the new turn was resolved against
            states[:] = replay(turns, k)
            return states

        object.__setattr__(chain, "replay", recorded)
    for part, item in items:
        row = evaluate_item(item, chain)
        row["part"] = part
        rows.setdefault(part, []).append(row)
        if args.show:
            m = row.get("metrics", {})
            mark = ("refused" if not row.get("answerable", True) else
                    f"hit4={m.get('hit@4')} cited={m.get('citation_recall')} kf={m.get('key_fact_recall')}")
            print(f"{part:10} {item.id:8} {mark}\n    Q: {item.question}\n    U: {row.get('standalone_question')}"
                  f"\n    C: {[c['locator'] for c in row.get('citations', [])]}", flush=True)
            if args.state and states:
                last = states[-1]
                print(f"    S: subject={last.subject!r} topic={last.topic!r} answered={last.answered} "
                      f"entities={[e.text for e in last.entities][:6]}\n    A: {last.answer[:160]!r}", flush=True)
    for part, part_rows in rows.items():
        print(f"{part} (n={len(part_rows)}): {summary(part_rows)}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            for part_rows in rows.values():
                for row in part_rows:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


OWN = (0.0, 0.25, 0.5, 1.0, 2.0)
LOCAL = (0.0, 0.25, 0.5, 1.0)
REPEAT = (1.0, 0.5, 0.0)


def item_score(row: dict) -> float:
    """An answerable follow-up scores the mean of gold in the top 4 and gold cited; an unanswerable one,
    whether it was refused."""
    metrics = row["metrics"]
    if metrics.get("hit@4") is not None:
        return (metrics["hit@4"] + metrics["citation_recall"]) / 2
    return float(metrics.get("unanswerable_accuracy") or 0.0)


SWITCH_IDF = (1.0, 2.0, 3.0, 4.0)
SWITCH_LOCAL = (0.0, 0.125, 0.25)


def fit_switch(chain, items) -> int:
    """Each grid point runs the chain with those settings (Settings.own_topic_min_idf, followup_switch_local)."""
    import itertools

    print(f"fitting the switch on {len(items)} tuning follow-ups: " + ", ".join(sorted({p for p, _ in items})))
    base, by_part = chain.settings, []
    for idf, local in itertools.product(SWITCH_IDF, SWITCH_LOCAL):
        chain.settings = dataclasses.replace(base, own_topic_min_idf=idf, followup_switch_local=local)
        chain.condenser = dataclasses.replace(chain.condenser, own_topic_min_idf=idf)
        objective, _ = grid_point(items, chain, (local, -idf), by_part)
        print(f"min idf {idf:<4} switch_local {local:<6} -> {objective:.3f}", flush=True)
    (local, idf), objective = best_point(by_part)
    print(f"best: own_topic_min_idf={-idf} followup_switch_local={local} (objective {objective:.3f})")
    leave_one_out(by_part, lambda key: f"own_topic_min_idf={-key[1]} followup_switch_local={key[0]}")
    return 0


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def objective_of(scores: dict[str, list[float]]) -> float:
    """The objective over all parts: the mean item score."""
    return mean([s for part in scores.values() for s in part])


def grid_point(items, chain, key: tuple, by_part: list) -> tuple[float, dict[str, list[float]]]:
    """The chain as set now scored at the grid point `key` (ties go to the smaller key), recorded in `by_part`
    (for best_point and leave_one_out): its objective and each part's item scores."""
    scores = part_scores(items, chain)
    by_part.append((key, scores))
    return objective_of(scores), scores


def best_point(by_part: list[tuple[tuple, dict[str, list[float]]]]) -> tuple[tuple, float]:
    """The key of the grid point with the best objective (ties: the smallest key), and that objective."""
    key, scores = min(by_part, key=lambda g: (-objective_of(g[1]), g[0]))
    return key, objective_of(scores)


def part_scores(items, chain) -> dict[str, list[float]]:
    """Each tuning part's item scores (item_score) with the chain as it is set now."""
    from eaeu_qa.evaluation.running import evaluate_item

    scores: dict[str, list[float]] = {}
    for part, item in items:
        row = evaluate_item(item, chain)
        if row.get("metrics"):
            scores.setdefault(part, []).append(item_score(row))
    return scores


def leave_one_out(by_part: list[tuple[tuple, dict[str, list[float]]]], name) -> None:
    """For each part: the grid point best on the other parts (ties as in the fit: the smallest key), and the left-out
    part's objective there next to its objective at the point best on all parts."""
    overall = min(by_part, key=lambda g: (-objective_of(g[1]), g[0]))
    held_out: list[float] = []
    for part in sorted(overall[1]):
        chosen = min(by_part, key=lambda g: (-mean([s for p, v in g[1].items() if p != part for s in v]), g[0]))
        held_out += chosen[1][part]
        print(f"leave out {part:10} -> {name(chosen[0])}: {mean(chosen[1][part]):.3f} on {part} "
              f"(at the all-parts best: {mean(overall[1][part]):.3f})")
    print(f"leave one set out over the {len(held_out)}: {mean(held_out):.3f} ({sum(held_out):g} of {len(held_out)})")


def cache_searches(chain) -> None:
    """The same query is searched once for the whole grid (the grids change the fusion, not the searches)."""
    search, cache = chain.retriever.search, {}

    def cached(query, k=None):
        if (query, k) not in cache:
            cache[query, k] = search(query, k=k)
        return cache[query, k]

    object.__setattr__(chain.retriever, "search", cached)


ASPECT = (0.0, 0.25, 0.5, 1.0)


def turn_key(question: str, history) -> tuple[str, ...]:
    """A turn by its conversation: the earlier questions (strings, or turns and states with a question), then its own
    (one question can follow different turns and ask another thing after one of them only)."""
    return (*(str(getattr(turn, "question", turn)).strip() for turn in history or ()), question.strip())


def fit_aspect(chain, items) -> int:
    """Each grid point runs the chain with Settings.followup_aspect_local at that factor; the other weights as set."""
    cache_searches(chain)
    condense, seen = chain.condenser.condense, {}

    def recording(question, history=None):  # which follow-ups ask another thing (by conversation: turn_key)
        condensed = condense(question, history)
        seen[turn_key(question, history)] = condensed.other_aspect
        return condensed

    chain.condenser.condense = recording
    print(f"fitting the aspect factor on {len(items)} tuning follow-ups: " + ", ".join(sorted({p for p, _ in items})))
    base, by_part = chain.settings, []
    hits_at = {}
    for factor in ASPECT:
        chain.settings = dataclasses.replace(base, followup_aspect_local=factor)
        scores, hits_at[(factor,)] = scores_and_hits(items, chain)
        by_part.append(((factor,), scores))
        found = [h for v in hits_at[(factor,)].values() for h in v]
        print(f"aspect {factor:<5} -> {objective_of(scores):.3f}  gold in top 4 {sum(found):g}/{len(found)}  "
              + " ".join(f"{p} {mean(v):.3f}" for p, v in sorted(scores.items())), flush=True)
        if factor == ASPECT[0]:
            turns = [i.id for _, i in items if seen.get(turn_key(i.question, i.history))]
            print(f"{len(turns)} of them ask another thing than the turn before: {' '.join(turns)}", flush=True)
    (factor,), objective = best_point(by_part)
    print(f"best: followup_aspect_local={factor} (objective {objective:.3f})")
    leave_one_out(by_part, lambda key: f"aspect={key[0]}")
    held_out_hits(by_part, hits_at)
    return 0


def scores_and_hits(items, chain) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Each tuning part's item scores (item_score) and its answerable items' gold in the top 4, with the chain as set."""
    from eaeu_qa.evaluation.running import evaluate_item

    scores: dict[str, list[float]] = {}
    hits: dict[str, list[float]] = {}
    for part, item in items:
        row = evaluate_item(item, chain)
        if row.get("metrics"):
            scores.setdefault(part, []).append(item_score(row))
            if row["metrics"].get("hit@4") is not None:
                hits.setdefault(part, []).append(row["metrics"]["hit@4"])
    return scores, hits


def held_out_hits(by_part, hits_at) -> None:
    """Gold in the top 4 of each left-out part at the grid point best (by objective) on the other parts."""
    held_out = []
    for part in sorted(by_part[0][1]):
        chosen = min(by_part, key=lambda g: (-mean([s for p, v in g[1].items() if p != part for s in v]), g[0]))
        held_out += hits_at[chosen[0]].get(part, [])
    print(f"leave one set out, gold in the top 4: {sum(held_out):g}/{len(held_out)}")


HISTORY = (0.0, 0.25, 0.5, 1.0)


def fit_history(chain, items, setting: str = "followup_history", label: str = "history") -> int:
    """Each grid point runs the chain with the ranking weight `setting` (Settings.followup_history, or
    followup_answer) at that weight; the other weights as set."""
    cache_searches(chain)
    print(f"fitting the {label} weight on {len(items)} tuning follow-ups: " + ", ".join(sorted({p for p, _ in items})))
    base, by_part, hits_at = chain.settings, [], {}
    for weight in HISTORY:
        chain.settings = dataclasses.replace(base, **{setting: weight})
        scores, hits = scores_and_hits(items, chain)
        by_part.append(((weight,), scores))
        hits_at[(weight,)] = hits
        found = [h for v in hits.values() for h in v]
        print(f"{label} {weight:<5} -> {objective_of(scores):.3f}  gold in top 4 {sum(found):g}/{len(found)}  "
              + " ".join(f"{p} {mean(v):.3f}" for p, v in sorted(scores.items())), flush=True)
    (weight,), objective = best_point(by_part)
    print(f"best: {setting}={weight} (objective {objective:.3f})")
    leave_one_out(by_part, lambda key: f"{label}={key[0]}")
    held_out_hits(by_part, hits_at)
    return 0


def fit(chain, items) -> int:
    import itertools

    cache_searches(chain)
    print(f"fitting on {len(items)} tuning follow-ups: " + ", ".join(sorted({p for p, _ in items})))
    base, by_part = chain.settings, []
    for own, local, repeat in itertools.product(OWN, LOCAL, REPEAT):
        chain.settings = dataclasses.replace(base, followup_own=own, followup_local=local, followup_repeat=repeat)
        objective, _ = grid_point(items, chain, (own + local + (1 - repeat), own, local, repeat), by_part)
        print(f"own {own:<4} local {local:<4} repeat {repeat:<4} -> {objective:.3f}", flush=True)
    (_, own, local, repeat), objective = best_point(by_part)
    print(f"best: followup_own={own} followup_local={local} followup_repeat={repeat} (objective {objective:.3f})")
    leave_one_out(by_part, lambda key: f"own={key[1]} local={key[2]} repeat={key[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
