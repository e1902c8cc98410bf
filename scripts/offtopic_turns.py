"""Counts the off-topic gate's refusals of the tuning follow-ups' turns (history turns included), and of a set's items.

    .venv/bin/python scripts/offtopic_turns.py [--show]

The turns: every turn of the items with a history of scripts/tuning.FOLLOWUP_SETS (with the dev TUNING split), each
asked after the turns before it (the items' own answerable turns and every history turn, all answerable: the
documents answer every history turn an item was written with), through the real chain. The gate must refuse none of
them (answerability.off_topic; docs/sessions/session-17.md "Off-topic inside a conversation"). Prints the count and,
with --show, each refused turn. --fit: Settings.off_topic_chat_domain, the lowest domain similarity of the turns the
gate judges on their own words (not pointing back: answerability.judged_text) with a similarity under
Settings.nearby_similarity, minus MARGIN (scripts/offtopic_fit.py's, fixed before); and the lowest such similarity
(the gate's first signal, Settings.off_topic_similarity, must stay under it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from offtopic_fit import MARGIN  # noqa: E402
from tuning import FOLLOWUP_SETS, tuning_items  # noqa: E402


def turns() -> list[dict]:
    """Each answerable turn inside a conversation: {key, question, history}."""
    out = []
    for item in tuning_items(FOLLOWUP_SETS):
        history = [h if isinstance(h, str) else h["question"] for h in item.get("history") or []]
        if not history:
            continue
        out += [{"key": f"{item['key']}#h{k}", "question": h, "history": history[:k]}
                for k, h in enumerate(history) if k]
        if item["answerable"]:
            out.append({"key": item["key"], "question": item["question"], "history": history})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each refused turn")
    parser.add_argument("--fit", action="store_true", help="print Settings.off_topic_chat_domain")
    args = parser.parse_args()
    from eaeu_qa.chain import get_chain

    chain = get_chain()
    answer_turn, judged = chain.answerer.answer, []

    def recorded(request):  # the real answerer; what its gate read is kept (the last call: the asked turn's own)
        composed = answer_turn(request)
        judged.append((request, composed.signals))
        return composed

    chain.answerer.answer = recorded
    refused, asked, lows = [], turns(), []
    for turn in asked:
        answer = chain.ask(turn["question"], history=turn["history"])
        if answer.refusal == "off_topic":
            refused.append((turn["key"], turn["question"], answer.standalone_question))
        request, signals = judged[-1]  # the turn's own (the replayed history turns come before it)
        if not request.points_back and "domain_similarity" in signals:
            lows.append((signals.get("own_similarity", signals["best_similarity"]), signals["domain_similarity"]))
    print(f"turns {len(asked)}, refused off_topic {len(refused)}")
    if args.fit:
        near = [d for s, d in lows if s < chain.settings.nearby_similarity]
        print(f"own-word turns {len(lows)}: lowest similarity {min(s for s, _ in lows):.4f}; under nearby_similarity "
              f"{len(near)}, lowest domain {min(near):.4f}: off_topic_chat_domain = {min(near) - MARGIN:.3f}")
    for key, question, standalone in refused if args.show else []:
        print(f"  {key}: {question!r} -> {standalone!r}")


if __name__ == "__main__":
    main()
