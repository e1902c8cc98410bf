"""Counts the off-topic gate's refusals of the tuning follow-ups' turns (history turns included), and of a set's items.

    .venv/bin/python scripts/offtopic_turns.py [--show]

The turns: every turn of the items with a history of scripts/tuning.FOLLOWUP_SETS (with the dev TUNING split), each
asked after the turns before it (the items' own answerable turns and every history turn, all answerable: the
documents answer every history turn an item was written with), through the real chain. The gate must refuse none of
them (answerability.off_topic; docs/sessions/session-17.md "Off-topic inside a conversation"). Prints the count, how
with --show, each refused turn.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

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
    args = parser.parse_args()
    from eaeu_qa.chain import get_chain

    chain = get_chain()
    refused, asked = [], turns()
    for turn in asked:
        answer = chain.ask(turn["question"], history=turn["history"])
        if answer.refusal == "off_topic":
            refused.append((turn["key"], turn["question"], answer.standalone_question))
    print(f"turns {len(asked)}, refused off_topic {len(refused)}")
    for key, question, standalone in refused if args.show else []:
        print(f"  {key}: {question!r} -> {standalone!r}")


if __name__ == "__main__":
    main()
