"""The quotes users see, measured on the tuning data: what leads, run-on list items, second items of one list.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/quotes.py [--sets tune4.jsonl ...] [--retrieved FILE] [--dump FILE]

The answerable tuning questions of scripts/composition.py (dev TUNING part + UNIT_SETS; --sets: those eval/ sets
instead), composed as the answerer composes them (stored unit model, Settings' composition), each condensed and
retrieved once (cached in --retrieved). Prints, besides composition's gold cited / key facts / citation gold
precision / quotes / characters: how often the first quote holds a gold snippet (lead gold) and, among the questions
that ask for a place, date, duration, quantity or person and whose answer quotes a unit holding it, how often the
first quote holds it (lead type); quotes that run on past a list item into the next item (item run-ons); list items
quoted beside a second unit of their paragraph (list seconds). --fit: also fits Settings.type_lead_share on these
questions (lead gold; printed, set it in eaeu_qa/settings.py by hand). Never reads eval/blind*.jsonl nor the dev TEST
part.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from collector import write_rows  # noqa: E402
from composition import measured  # noqa: E402
from composition_fit import rescored  # noqa: E402

# Settings.type_lead_share's grid (above 1: a quote holding the type never leads in place of one that holds none)
TYPE_LEAD_SHARES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.01)
_ITEM_MARKER = re.compile(r"\n\s*\d{1,2}\)\s")  # a numbered list item starting inside a quote


def quote_row(collector, item: dict, model, limit: int, type_share: float | None = None) -> dict:
    """One answerable item composed as the answerer does (`type_share`: compose.lead_with_type's share, None: the
    answerer's Settings.type_lead_share): composition_fit.item_composition's measures plus the lead and list
    measures."""
    from eaeu_qa.answering.compose import UNIT_FEATURES, select
    from eaeu_qa.answering.render import render
    from eaeu_qa.textrepair import contains_words

    _, question, _ = collector.prepare(item)
    scored, parts = collector.scored(item)
    scored = rescored(scored, model)
    share = collector.answerer.settings.type_lead_share if type_share is None else type_share
    units = select(question, scored, limit, model, [rescored(p, model) for p in parts], share)
    text = " ".join(render(units)[0]).lower()
    gold = item["gold_passages"]
    holds = [any(contains_words(u.chunk.text, g) for g in gold) for u in units]
    type_match = UNIT_FEATURES.index("type_match")
    support = {(s.unit.chunk.chunk_id, s.unit.start): s.features[type_match] for s in scored}  # by where a quote starts
    typed = [support.get((u.chunk.chunk_id, u.start), 0.0) > 0 for u in units]
    items = [u for u in units if u.kind == "item"]
    return {"cited": float(any(holds)),
            "facts": sum(any(p.lower() in text for p in fact) for fact in item["key_facts"]) / len(item["key_facts"]),
            "precision": sum(holds) / len(units) if units else 0.0, "units": len(units),
            "chars": sum(len(u.text) for u in units),
            "lead_gold": float(bool(units) and any(contains_words(units[0].text, g) for g in gold)),
            "typed": bool(question.answer_type) and any(typed), "lead_type": float(bool(typed) and typed[0]),
            "item_run_ons": sum(bool(_ITEM_MARKER.search(u.text)) for u in items),
            "list_seconds": sum(1 for u in items if sum(v.chunk.chunk_id == u.chunk.chunk_id for v in units) > 1),
            "quotes": [f"{u.chunk.locator}: {u.text}" for u in units]}


def fit_type_share(collector, items: list[dict], model, limit: int) -> float:
    """Settings.type_lead_share: the share in TYPE_LEAD_SHARES whose answers' first quote most often holds a gold
    snippet (ties: the larger share, which reorders less)."""
    lead = {}
    for share in TYPE_LEAD_SHARES:
        rows = [quote_row(collector, item, model, limit, share) for item in items]
        lead[share] = sum(r["lead_gold"] for r in rows) / len(rows)
        print(f"  type lead share {share:.2f}: lead gold {lead[share]:.4f}")
    best = max(TYPE_LEAD_SHARES, key=lambda share: (round(lead[share], 6), share))
    print(f"fitted type lead share {best}")
    return best


def main() -> int:
    args, items, collector, model, rows = measured(
        __doc__, quote_row, sets_help="measure these eval/ sets instead (without the dev TUNING part)",
        dump_help="each question's measures and quotes (JSON lines)",
        fit_help="also fit Settings.type_lead_share (printed, not written)")
    n, typed = len(rows), [r for r in rows if r["typed"]]
    means = {k: sum(r[k] for r in rows) / n for k in ("cited", "facts", "precision", "units", "chars", "lead_gold")}
    print(f"{n} answerable tuning questions: " + ", ".join(f"{k} {v:.3f}" for k, v in means.items())
          + f", lead type {sum(r['lead_type'] for r in typed):.0f}/{len(typed)}"
          + f", item run-ons {sum(r['item_run_ons'] for r in rows)}"
          + f", list seconds {sum(r['list_seconds'] for r in rows)}")
    if args.fit:
        fit_type_share(collector, items, model, collector.chain.settings.max_answer_sentences)
    if args.dump:
        write_rows(args.dump, items, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
