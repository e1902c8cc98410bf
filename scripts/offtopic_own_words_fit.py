"""Measures which turns the first-turn lexical condition should read: first turns, or own-words chat turns too.

    .venv/bin/python scripts/offtopic_own_words_fit.py [--cache FILE] [--show]

An off-topic last turn after an on-topic chat ("my son got elected to the student council at his school, help him
write a short speech" after a question about the Supreme Council) is judged on its own words when neither it nor its
rewrite points back (answerability.judged_text), but it is held to the conversation's levels (off_topic_chat_domain,
made for follow-ups the condenser leaves as they are, "what kind of solutions? give examples"), never to the first-turn
lexical condition (answerability.few_corpus_words), which reads first turns only. The scopes compared:
- `first`: first turns (not in a conversation, not pointing back), as shipped;
- `own`: also a conversation's turn judged on its own words (not points_back) whose own words do not point back
  either (AnswerRequest.own_pointer: no "that", "it", "there", opening "and"): it is asked as a first turn is, so it is
  judged as one. A turn with a word pointing back keeps the conversation's levels ("how long until that kicks in?").
For each scope, scripts/offtopic_first_lexical_fit.py's rule over the turns in scope: the share level L from its grid,
the domain level D(L) = the lowest held-out (leave one set out, K as shipped) domain of the answerable tuning turns in
scope under L + MARGIN, minus MARGIN, so every answerable tuning turn (history turns included: tuning.FOLLOWUP_SETS
chats, tune38/tune39) stays answered; L the level refusing most off-topic items (refused at all: recorded refusal or
the condition), ties to the lower. Cross-validated by off-topic set (tuning.OFFTOPIC_SETS): for each held-out set, the
scope and L are chosen on the others (ties to `first`, the shipped scope), and the catch counted on it. Prints the
answerable tuning turns the chosen scope refuses with the shipped centroids (must be none). --show: each off-topic
conversation turn with its signals and verdict.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from offtopic_first_lexical_fit import LEVELS, held_domains  # noqa: E402
from offtopic_refit import MARGIN, floor3  # noqa: E402
from offtopic_signals import CACHE, answerable_turns, collect, off_topic_items  # noqa: E402

SCOPES = ("first", "own")  # the shipped scope first: ties go to it


def in_scope(r: dict, scope: str) -> bool:
    """The condition reads this turn (domain and share read): a first turn, or under `own` also a conversation's turn
    judged on its own words whose own words do not point back (the record's "pointer": AnswerRequest.own_pointer)."""
    if r["points_back"] or r["domain"] is None or r.get("lexical") is None:
        return False
    return not r["in_conversation"] or (scope == "own" and not r.get("pointer"))


def domain_level(answerable: list[dict], held, scope: str, level: float) -> float:
    """D(L): the lowest held-out domain of the answerable turns in scope under L + MARGIN, minus MARGIN (0: none)."""
    lows = [d for r, d in zip(answerable, held) if in_scope(r, scope) and r["lexical"] < level + MARGIN and d == d]
    return max(floor3(min(lows) - MARGIN), 0.0) if lows else 0.0


def refused(r: dict, scope: str, level: float, domain: float) -> bool:
    """Refused at all: its recorded refusal, or the first-turn lexical condition over the scope."""
    from eaeu_qa.answering.answerability import few_corpus_words

    return bool(r.get("refusal")) or (in_scope(r, scope) and few_corpus_words(r["lexical"], level, r["domain"], domain))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--show", action="store_true", help="print each off-topic conversation turn")
    args = parser.parse_args(argv)
    from eaeu_qa.answering.domain import load_domain
    from eaeu_qa.chain import get_chain

    chain = get_chain()
    gate = [r for r in collect(args.cache) if r["gate"]]
    answerable, off = answerable_turns(gate), off_topic_items(gate)
    k = len(load_domain(chain.settings.model_name).centroids)
    held = held_domains(answerable, k)
    names = sorted({r["set"] for r in off})
    print(f"answerable tuning turns the gate reads: {len(answerable)}; in scope: "
          + ", ".join(f"{s} {sum(in_scope(r, s) for r in answerable)}" for s in SCOPES)
          + f"; off-topic items {len(off)} in {names}; K {k}")
    levels = {(s, at): domain_level(answerable, held, s, at) for s in SCOPES for at in LEVELS}

    def caught(scope: str, at: float, sets) -> int:
        return sum(refused(r, scope, at, levels[scope, at]) for r in off if r["set"] in sets)

    def choose(sets) -> tuple[str, float]:
        return max(((s, at) for s in SCOPES for at in LEVELS),
                   key=lambda c: (caught(c[0], c[1], sets), -SCOPES.index(c[0]), -c[1]))

    for scope in SCOPES:
        print(f"== {scope}: " + "; ".join(f"L {at} D {levels[scope, at]} caught "
                                          + "+".join(str(caught(scope, at, [n])) for n in names) for at in LEVELS))
    total_before = total_after = 0
    for name in names:
        fitting = [n for n in names if n != name]
        scope, at = choose(fitting)
        first_at = max(LEVELS, key=lambda g: (caught("first", g, fitting), -g))
        before, after = caught("first", first_at, [name]), caught(scope, at, [name])
        total_before, total_after = total_before + before, total_after + after
        print(f"held out {name}: chosen on {fitting}: scope {scope}, L {at} (D {levels[scope, at]}); the shipped "
              f"scope's own choice L {first_at}; refused {before} -> {after} of {sum(r['set'] == name for r in off)}")
    print(f"held out by set, all: {total_before} -> {total_after} of {len(off)}")
    scope, at = choose(names)
    domain = levels[scope, at]
    print(f"chosen on every set: scope {scope}, off_topic_first_lexical {at}, off_topic_first_lexical_domain {domain}")
    from eaeu_qa.answering.answerability import few_corpus_words

    hit = [r["key"] for r in answerable if in_scope(r, scope) and few_corpus_words(r["lexical"], at, r["domain"], domain)]
    print(f"answerable tuning turns the condition refuses (shipped centroids, any refusal): {hit}")
    newly = [r for r in off if refused(r, scope, at, domain) and not refused(r, "first", at, domain)]
    print("newly refused beside the shipped scope: " + "; ".join(
        f"{r['key']} (share {r['lexical']:.3f}, domain {r['domain']:.3f})" for r in newly))
    if args.show:
        for r in off:
            if r["in_conversation"]:
                print(f"  {'refused ' if refused(r, scope, at, domain) else 'answered'} back {int(r['points_back'])} "
                      f"pointer {int(bool(r.get('pointer')))} sim {r['similarity']:.3f} domain {r['domain']} share "
                      f"{r.get('lexical')} {r['key']}: {r['judged'][:60]}")
    print(json.dumps({"scope": scope, "off_topic_first_lexical": at, "off_topic_first_lexical_domain": domain}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
