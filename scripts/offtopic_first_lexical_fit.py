"""Fits the off-topic gate's first-turn lexical levels (Settings.off_topic_first_lexical, _first_lexical_domain).

    .venv/bin/python scripts/offtopic_first_lexical_fit.py [--cache FILE] [--show]

Reads what the gate reads of every turn (scripts/offtopic_signals.py, the real chain; cached): for a first turn, its
corpus share (domain.corpus_share, the gate's lexical signal) and its domain similarity. The rule (written after a first
rule on another signal fitted to nothing: docs/sessions/session-21.md, offtopic), MARGIN as scripts/offtopic_refit.py's:
- for each share level L in LEVELS, the domain level D(L) is the lowest domain similarity, each scored by centroids
  fitted without its own set (leave one set out, K as shipped), of the answerable tuning first turns (not in a
  conversation; history turns are in one) whose domain is read, with a share under L + MARGIN, minus MARGIN (0 = off
  at or under 0): every answerable tuning turn stays answered, with MARGIN;
- L is the level refusing most items of the off-topic tuning sets (refused at all: their recorded refusal or the
  condition), ties to the lower L; held out by set: L chosen on one off-topic set, its catch counted on the other.
Every answerable tuning turn must stay answered with the shipped centroids too (printed). --show: each off-topic item
still answered.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from offtopic_refit import MARGIN, SEED, floor3, group_of  # noqa: E402
from offtopic_signals import CACHE, answerable_turns, collect, off_topic_items  # noqa: E402

LEVELS = (0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40)  # the share levels tried (the first rule's grid)


def held_domains(answerable: list[dict], k: int) -> np.ndarray:
    """Each answerable turn's domain similarity by centroids fitted without its own set (NaN where not read)."""
    from eaeu_qa.answering.domain import kmeans

    vectors = np.stack([r["vector"] / max(float(np.linalg.norm(r["vector"])), 1e-9) for r in answerable])
    sets = np.array([r["set"] for r in answerable])
    read = np.array([r["domain"] is not None for r in answerable])
    held = np.full(len(answerable), np.nan)
    for name in sorted(set(sets)):
        mine = (sets == name) & read
        if mine.any():
            held[mine] = (vectors[mine] @ kmeans(vectors[sets != name], k, SEED).T).max(axis=1)
    return held


def reads(r: dict) -> bool:
    """The condition reads a first turn (not in a conversation, not pointing back) whose domain and share are read."""
    return not (r["in_conversation"] or r["points_back"]) and r["domain"] is not None and r.get("lexical") is not None


def domain_level(answerable: list[dict], held: np.ndarray, level: float, show: bool = False) -> float:
    rows = sorted(((d, r) for r, d in zip(answerable, held) if reads(r) and r["lexical"] < level + MARGIN
                   and not np.isnan(d)), key=lambda row: row[0])
    if show:
        print(f"  L {level}: {len(rows)} answerable turns governed; lowest held-out domains " + ", ".join(
            f"{d:.3f} ({r['key']} share {r['lexical']:.3f}: {r['judged'][:50]!r})" for d, r in rows[:4]))
    return max(floor3(rows[0][0] - MARGIN), 0.0) if rows else 0.0


def refused(r: dict, level: float, domain: float) -> bool:
    """Refused at all: its recorded refusal, or the first-turn lexical condition (answerability.few_corpus_words)."""
    from eaeu_qa.answering.answerability import few_corpus_words

    return bool(r.get("refusal")) or (reads(r) and few_corpus_words(r["lexical"], level, r["domain"], domain))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--show", action="store_true", help="print each off-topic item still answered")
    args = parser.parse_args(argv)
    from eaeu_qa.answering.domain import load_domain
    from eaeu_qa.chain import get_chain

    chain = get_chain()
    chain.answerer.warm()
    gate = [r for r in collect(args.cache) if r["gate"]]
    answerable = answerable_turns(gate)
    off = off_topic_items(gate)
    k = len(load_domain(chain.settings.model_name).centroids)
    held = held_domains(answerable, k)
    print(f"answerable tuning turns the gate reads: {len(answerable)} ({sum(map(reads, answerable))} read by the "
          f"condition); off-topic items: {len(off)}; K {k}")
    levels = {level: domain_level(answerable, held, level, show=True) for level in LEVELS}
    names = sorted({r["set"] for r in off})

    def caught(level: float, name: str) -> int:
        return sum(refused(r, level, levels[level]) for r in off if r["set"] == name)

    def choose(fitting: list[str]) -> float:
        return max(LEVELS, key=lambda level: (sum(caught(level, n) for n in fitting), -level))

    for name in names:
        fitting = [n for n in names if n != name]
        level = choose(fitting)
        print(f"held out {name}: L {level} (D {levels[level]}) chosen on {fitting}; refused at all "
              f"{sum(refused(r, 0, 0) for r in off if r['set'] == name)} -> {caught(level, name)} of "
              f"{sum(r['set'] == name for r in off)}")
    level = choose(names)
    domain = levels[level]
    print(f"chosen on both sets: off_topic_first_lexical {level}, off_topic_first_lexical_domain {domain}")
    shipped = [r["key"] for r in answerable if reads(r) and refused({**r, "refusal": ""}, level, domain)]
    print(f"answerable tuning turns the condition refuses (shipped centroids): {shipped}")
    for group in sorted({group_of(r) for r in off}):
        mine = [r for r in off if group_of(r) == group]
        print(f"  group {group}: {sum(refused(r, 0, 0) for r in mine)} -> "
              f"{sum(refused(r, level, domain) for r in mine)} of {len(mine)}")
    newly = [r for r in off if refused(r, level, domain) and not refused(r, 0, 0)]
    print("newly refused: " + "; ".join(f"{r['key']} (share {r['lexical']:.3f}, domain {r['domain']:.3f})"
                                        for r in newly))
    if args.show:
        for r in off:
            if not refused(r, level, domain):
                print(f"  answered: sim {r['similarity']:.3f} domain {r['domain']} share {r.get('lexical')} "
                      f"back {r['points_back']} {r['key']}: {r['judged'][:60]}")
    print(json.dumps({"off_topic_first_lexical": level, "off_topic_first_lexical_domain": domain}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
