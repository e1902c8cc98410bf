"""Fits the off-topic gate's chat lexical level (Settings.off_topic_chat_lexical) on the answerable tuning turns only.

    .venv/bin/python scripts/offtopic_lexical_fit.py [--cache FILE] [--show]

Reads what the gate reads of every turn (scripts/offtopic_signals.py, the real chain; cached). The rule, written
before its first run (docs/sessions/session-20.md, offtopic), MARGIN as scripts/offtopic_refit.py's:
- Settings.off_topic_chat_lexical: over the answerable tuning turns of a conversation judged on their own words
  (not points_back) whose own words carry no pointer back (AnswerRequest.own_pointer; amended after the first run:
  the brief's condition) whose decision it governs (domain under off_topic_domain + MARGIN and similarity under
  nearby_similarity + MARGIN, the reading bounds of offtopic_refit.conversation_fit), the lowest corpus share
  (domain.corpus_share of the judged text), minus MARGIN; at or under 0 it is off.
The off-topic sets (tuning.OFFTOPIC_SETS) are not fitted on: their catch is held out by construction, printed per set
and per group against the level at 0. Every answerable tuning turn must stay answered (printed). --show: each off-topic
item the gate still lets through. (A second arm, a floor on the share of a text's common words, fitted to 0 and was
dropped: docs/sessions/session-20.md, offtopic.)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from offtopic_refit import MARGIN, floor3, group_of  # noqa: E402
from offtopic_signals import CACHE, answerable_turns, collect, off_topic_items  # noqa: E402


def with_pointer(records: list[dict], chain) -> list[dict]:
    """Each record the gate applies to, with whether the user's own words point back ("pointer",
    AnswerRequest.own_pointer: pointers.own_words_point_back in a conversation) for records kept before it was recorded."""
    from eaeu_qa.condensing.pointers import own_words_point_back

    gate = [r for r in records if r["gate"]]
    for r in gate:
        if "pointer" not in r:
            r["pointer"] = r["in_conversation"] and own_words_point_back(r["question"], chain.condenser.terms)
    return gate


def lowest(rows: list[dict], field: str, label: str) -> float:
    """The level by the rule: the lowest `field` of `rows` minus MARGIN (0 = off at or under 0); the lowest four
    printed."""
    rows = sorted((r for r in rows if r.get(field) is not None), key=lambda r: r[field])
    print(f"{label}: {len(rows)} answerable turns governed; lowest " + ", ".join(
        f"{r[field]:.3f} ({r['key']}: {r['judged'][:50]!r})" for r in rows[:4]))
    level = floor3(rows[0][field] - MARGIN) if rows else 0.0
    return max(level, 0.0)


def fit(gate: list[dict], settings) -> float:
    answerable = answerable_turns(gate)
    own = [r for r in answerable if r["in_conversation"] and not r["points_back"] and not r["pointer"]
           and r["domain"] is not None and r["domain"] < settings.off_topic_domain + MARGIN
           and r["similarity"] < settings.nearby_similarity + MARGIN]
    return lowest([{**r, "share": r.get("lexical")} for r in own], "share", "off_topic_chat_lexical")


def refused(r: dict, settings, chat: float) -> bool:
    """answerability.off_topic's decision on a record with the shipped levels and `chat` (0 for a turn whose own words
    point back, as ExtractiveAnswerer.topic_gate passes it)."""
    from dataclasses import replace

    from eaeu_qa.answering.answerability import OffTopicLevels, off_topic

    class Passage:  # a corpus passage: the gate applies
        class chunk:
            source_id = "article"

    levels = replace(OffTopicLevels.from_settings(settings), first_lexical=0.0, first_lexical_domain=0.0,
                     chat_lexical=chat)  # the levels this fit was written with: no first-turn lexical level yet
    return bool(off_topic(r["similarity"], r["domain"], [Passage], levels, points_back=r["points_back"],
                          in_conversation=r["in_conversation"], conversation=r.get("conversation"),
                          lexical=r.get("lexical"), own_pointer=r["pointer"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--show", action="store_true", help="print each off-topic item the gate lets through")
    args = parser.parse_args(argv)
    from eaeu_qa.chain import get_chain
    from eaeu_qa.settings import get_settings

    settings = get_settings()
    chain = get_chain()
    chain.answerer.warm()
    gate = with_pointer(collect(args.cache), chain)
    chat = fit(gate, settings)
    answerable = answerable_turns(gate)
    print(f"answerable tuning turns refused (of {len(answerable)}): level 0 "
          f"{[r['key'] for r in answerable if refused(r, settings, 0.0)]}, level {chat} "
          f"{[r['key'] for r in answerable if refused(r, settings, chat)]}")
    off = off_topic_items(gate)
    for name in sorted({r["set"] for r in off}):
        mine = [r for r in off if r["set"] == name]
        print(f"{name}: caught {sum(refused(r, settings, 0.0) for r in mine)} -> "
              f"{sum(refused(r, settings, chat) for r in mine)} of {len(mine)}")
    for group in sorted({group_of(r) for r in off}):
        mine = [r for r in off if group_of(r) == group]
        print(f"  group {group}: {sum(refused(r, settings, 0.0) for r in mine)} -> "
              f"{sum(refused(r, settings, chat) for r in mine)} of {len(mine)}")
    newly = [r for r in off if refused(r, settings, chat) and not refused(r, settings, 0.0)]
    print("newly caught: " + "; ".join(f"{r['key']} (share {r.get('lexical')})" for r in newly))
    if args.show:
        for r in off:
            if not refused(r, settings, chat):
                print(f"  passes: sim {r['similarity']:.3f} domain {r['domain']} share {r.get('lexical')} "
                      f"conversation {r['in_conversation']} back {r['points_back']} pointer {r['pointer']} "
                      f"{r['key']}: {r['judged'][:60]}")
    print(json.dumps({"off_topic_chat_lexical": chat}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
