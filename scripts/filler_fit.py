"""Fillers: which further quotes of an answer add nothing, fitted on the tuning sets' gold vs non-gold quotes.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/filler_fit.py [--retrieved FILE] [--sets SET ...]

Each answerable tuning item (dev TUNING + scripts/tuning.py UNIT_SETS, or --sets) is composed as the answerer does
(collector.Collector, composition_fit.item_composition's select); each quote after the first is a row: features of
the candidate it starts with against the leading quote's, its label (its paragraph holds a gold snippet), and whether
it alone states a key fact of the answer. Prints, per threshold of each single feature and for a logistic regression
over all of them (leave one set out), how many non-gold quotes a rule "drop the quote when below" removes and how many
gold quotes and sole key facts it loses. Never reads eval/blind*.jsonl nor the dev TEST part.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from collector import measure_items  # noqa: E402
from composition_fit import rescored  # noqa: E402
from tuning import answerable_items  # noqa: E402

from eaeu_qa.answering.compose import UNIT_FEATURES, select  # noqa: E402
from eaeu_qa.answering.render import render  # noqa: E402
from eaeu_qa.textrepair import contains_words  # noqa: E402

NAMES = ("share", "relevance", "logit_gap", "similarity_gap", "learnt_gap", "coverage", "wording", "names_only",
         "position")


def item_rows(collector, item: dict, model, limit: int) -> dict:
    """The item's further quotes as feature rows with labels (see the module's docstring)."""
    _, question, _ = collector.prepare(item)
    scored, parts = collector.scored(item)
    scored = rescored(scored, model)
    units = select(question, scored, limit, model, [rescored(p, model) for p in parts],
                   collector.answerer.settings.type_lead_share)
    if len(units) < 2:
        return {"rows": []}
    by_start = {(s.unit.chunk.chunk_id, s.unit.start): s for s in scored}

    def candidate(unit):  # the candidate a quote (possibly run on, or taking a sentence before it) starts or holds
        inside = [s for s in scored if s.unit.chunk.chunk_id == unit.chunk.chunk_id
                  and unit.start <= s.unit.start < unit.end]
        return by_start.get((unit.chunk.chunk_id, unit.start)) or max(inside, key=lambda s: s.relevance, default=None)

    lead = candidate(units[0])
    if lead is None:
        return {"rows": []}
    texts = [" ".join(render([u])[0]).lower() for u in units]
    rows = []
    f = {n: UNIT_FEATURES.index(n) for n in UNIT_FEATURES}
    for i, unit in enumerate(units[1:], 1):
        s = candidate(unit)
        if s is None or unit.chunk.chunk_id == units[0].chunk.chunk_id:
            continue
        gold = any(contains_words(unit.chunk.text, g) for g in item["gold_passages"])
        rest = " ".join(t for j, t in enumerate(texts) if j != i)
        sole = any(any(p.lower() in texts[i] for p in fact) and not any(p.lower() in rest for p in fact)
                   for fact in item["key_facts"])
        logit = lambda r: float(np.log(max(r, 1e-9) / max(1 - r, 1e-9)))  # noqa: E731
        rows.append({"x": [s.relevance / max(lead.relevance, 1e-9), s.relevance, logit(s.relevance) - logit(lead.relevance),
                           s.features[f["similarity"]] - lead.features[f["similarity"]],
                           s.features[f["learnt_relevance"]] - lead.features[f["learnt_relevance"]],
                           s.features[f["unit_coverage"]], s.features[f["wording_coverage"]],
                           -s.features[f["names_only"]], i],
                     "gold": gold, "sole": sole, "set": item["key"].split(":")[0], "key": item["key"],
                     "quote": unit.text[:80]})
    return {"rows": rows}


def report(rows: list[dict]) -> None:
    x = np.array([r["x"] for r in rows])
    gold = np.array([r["gold"] for r in rows])
    sole = np.array([r["sole"] for r in rows])
    print(f"{len(rows)} further quotes of other paragraphs than the lead's: {gold.sum()} gold, {sole.sum()} state a "
          f"key fact alone, {(~gold & ~sole).sum()} neither")
    for j, name in enumerate(NAMES[:-1]):
        keep = gold | sole
        safe = x[keep, j].min() if keep.any() else 0.0  # below the least value of a gold or key-fact quote: no loss
        dropped = (x[:, j] < safe).sum()
        print(f"  {name:15} least kept value {safe:9.4f}: drops {dropped} quotes at no loss "
              f"({dropped / max((~keep).sum(), 1):.1%} of the {int((~keep).sum())} others)")


def names_only(rows: list[dict], source_of=lambda r: r.get("source", "")) -> None:
    """The further quotes that share with the question only the names it mentions (compose.names_only, stored negated
    so that "below" drops them): how many, gold, crucial, per source."""
    keep = crucial(rows)
    only = np.array([r["x"][NAMES.index("names_only")] < 0 for r in rows])
    gold = np.array([r["gold"] for r in rows])
    print(f"  names_only: {int(only.sum())} further quotes share only the question's names: {int((only & gold).sum())} "
          f"gold, {int((only & keep).sum())} crucial")
    for r in (r for r, o in zip(rows, only) if o and (r["gold"] or r["sole"])):
        print(f"    kept for: {r['key']} gold={r['gold']} sole={r['sole']} {r['quote']!r}")


def crucial(rows: list[dict]) -> np.ndarray:
    """Rows whose quote a rule must keep: it states a key fact alone, or it is the only gold quote after the lead."""
    golds: dict[str, int] = {}
    for r in rows:
        golds[r["key"]] = golds.get(r["key"], 0) + r["gold"]
    return np.array([r["sole"] or (r["gold"] and golds[r["key"]] == 1) for r in rows])


def leave_one_set_out(rows: list[dict]) -> None:
    """A logistic regression over the features but the position (label: gold or a sole key fact), fitted without
    each set in turn; its threshold the least probability of a crucial row of the other sets (no loss in-sample): the
    held-out set's rows below it are dropped. Prints the quotes dropped and the crucial ones lost."""
    from eaeu_qa.answering.answerability import fit_logistic

    x = np.array([r["x"][:-1] for r in rows])
    keep = crucial(rows)
    label = (np.array([r["gold"] for r in rows]) | keep).astype(float)
    sets = np.array([r["set"] for r in rows])
    dropped = lost = 0
    losing = []
    for held in sorted(set(sets)):
        train = sets != held
        mean, scale, w, b = fit_logistic(x[train], label[train], l2=1.0)
        p = 1.0 / (1.0 + np.exp(-(((x - mean) / scale) @ w + b)))
        drop = ~train & (p < p[train & keep].min())
        dropped, lost = dropped + int(drop.sum()), lost + int((drop & keep).sum())
        losing += [held] if (drop & keep).any() else []
    print(f"  logistic regression, leave one set out at no in-sample loss: drops {dropped} of {len(rows)} quotes, "
          f"loses {lost} that are crucial (sets {', '.join(losing) or 'none'})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retrieved", type=Path, default=ROOT / "eval" / "runs" / "filler-retrieved.pkl")
    parser.add_argument("--sets", nargs="*")
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    items = answerable_items(args.sets)
    _, _, results = measure_items(items, args.retrieved, item_rows)
    rows = [r for res in results for r in res["rows"]]
    report(rows)
    keep = crucial(rows)
    for t in (0.005, 0.01, 0.02, 0.03, 0.05):
        drop = np.array([r["x"][0] for r in rows]) < t
        print(f"  share below {t}: drops {int(drop.sum())} quotes, {int((drop & keep).sum())} crucial (a sole key fact "
              f"or the only gold quote after the lead)")
    leave_one_set_out(rows)
    names_only(rows)
    if args.dump:
        import json
        args.dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
