"""Fits the off-topic gate (answerability.off_topic) on the answerable tuning turns only.

    .venv/bin/python scripts/offtopic_fit.py [--retrieved FILE] [--write] [--examples FILE] [--offtopic]

The turns: every answerable item of the dev TUNING split and of every eval/tune*.jsonl but this session's unseen pool
(tuning.POOL_SETS) and the off-topic sets (tuning.OFFTOPIC_SETS), and each of their history turns (asked after the
turns before it), follow-ups as the chain condenses them. Three fits, each leaving every answerable turn answered:
1. Settings.off_topic_similarity: the lowest best_similarity (the answerer's best cosine between the condensed question
   and the candidate units of its top passages) over the turns, minus MARGIN.
2. answering/domain_model.json: K centroids (spherical k-means, SEED) of the turns' condensed-question vectors.
3. Settings.off_topic_domain: over the turns the gate reads the domain of (answerability.reads_domain: outside a
   conversation, naming no provision nor document) whose best_similarity is under Settings.nearby_similarity + MARGIN
   (the gate reads it only under nearby_similarity), the lowest similarity to centroids fitted without the turn's own set (leave one set out: how near a question of a
   set nobody fitted on comes), minus MARGIN.
K, SEED, MARGIN and the turns were fixed before eval/tune_offtopic.jsonl was read; nothing is fitted on off-topic
questions. --write: domain_model.json (the two levels are printed for eaeu_qa/settings.py). --examples FILE: one
question a line (own development examples, never an eval set): each one's statistics and the gate's decision.
--offtopic: the catch on eval/tune_offtopic.jsonl by its groups (held out: nothing above reads it).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from collector import open_collector  # noqa: E402
from tuning import OFFTOPIC_SETS, POOL_SETS, read_items, refuse_held_out, tuning_items  # noqa: E402

MARGIN = 0.05  # below the closest answerable tuning turn (a cosine), for both levels; fixed before any look
K = 64  # domain centroids; fixed before the off-topic tuning set was read (16 to 256 caught alike on own examples)
SEED = 0


def tuning_turns() -> list[dict]:
    """The answerable turns (see the module's docstring), each an item with a unique key and its history."""
    names = sorted(p.name for p in (ROOT / "eval").glob("tune*.jsonl") if p.name not in POOL_SETS + OFFTOPIC_SETS)
    refuse_held_out(names)
    turns = []
    for item in tuning_items(tuple(names)):
        history = list(item.get("history") or [])
        turns += [{"key": f"{item['key']}#h{k}", "question": h, "history": history[:k], "answerable": True}
                  for k, h in enumerate(history)]
        if item["answerable"]:
            turns.append({**item, "history": history})
    return turns


def measure(collector, item: dict) -> tuple[float, np.ndarray, bool, bool]:
    """(best_similarity as ExtractiveAnswerer.answer computes it, the condensed question's vector, whether the gate
    does not apply: a structural verdict, or a question that only names provisions; whether it reads the domain signal:
    answerability.reads_domain)."""
    from eaeu_qa.answering.answerability import reads_domain
    from eaeu_qa.embeddings import encode_query

    request, question, structural = collector.prepare(item)
    scored = collector._score(item["key"], question, request.passages)
    best = max((s.similarity for s in scored), default=0.0)
    vector = encode_query(collector.answerer.settings.embedding, [question.matching])[0]
    return best, vector / max(float(np.linalg.norm(vector)), 1e-9), \
        structural is not None or question.only_names_provision, reads_domain(question) and not item.get("history")  # as fitted:
    # outside a conversation (inside one the gate reads it on the text it judges: answerability.judged_text)


def set_of(key: str) -> str:
    return key.split(":", 1)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retrieved", type=Path, default=ROOT / "eval" / "runs" / "offtopic-retrieved.pkl",
                        help="cache of each turn's condensed question and passages (scripts/collector.py)")
    parser.add_argument("--write", action="store_true", help="write eaeu_qa/answering/domain_model.json")
    parser.add_argument("--examples", type=Path, help="off-topic questions, one a line (development only)")
    parser.add_argument("--offtopic", action="store_true", help="the catch on eval/tune_offtopic.jsonl by group")
    args = parser.parse_args(argv)
    from eaeu_qa.answering.answerability import outside_topic
    from eaeu_qa.answering.domain import DOMAIN_FILE, DomainModel, kmeans

    collector = open_collector(args.retrieved)
    settings = collector.answerer.settings
    turns = tuning_turns()
    rows = [(turn, *measure(collector, turn)) for turn in turns]
    collector.save()
    rows = [r for r in rows if not r[3]]  # the gate decides nothing where a rule does
    best = np.array([r[1] for r in rows])
    level = math.floor((best.min() - MARGIN) * 1000) / 1000
    order = np.argsort(best)
    print(f"answerable tuning turns: {len(rows)} ({sum(bool(r[0]['history']) for r in rows)} in a conversation); "
          "lowest best_similarity: " + ", ".join(f"{best[i]:.3f} ({rows[i][0]['key']})" for i in order[:4]))
    print(f"off_topic_similarity = {level:.3f} (lowest {best.min():.4f} - margin {MARGIN})")

    vectors = np.stack([r[2] for r in rows])
    sets = np.array([set_of(r[0]["key"]) for r in rows])
    alone = np.array([r[4] for r in rows])  # the turns the gate reads the domain of
    held = np.full(len(rows), np.nan)  # each turn outside a conversation scored by centroids fitted without its set
    for name in sorted(set(sets)):
        mine = sets == name
        if (mine & alone).any():
            held[mine & alone] = (vectors[mine & alone] @ kmeans(vectors[~mine], K, SEED).T).max(axis=1)
    read = alone & (best < settings.nearby_similarity + MARGIN)
    domain_level = math.floor((np.nanmin(held[read]) - MARGIN) * 1000) / 1000
    order = np.argsort(np.where(read, held, np.inf))
    print(f"turns whose domain the gate reads (outside a conversation, naming no provision nor document) with best_similarity under {settings.nearby_similarity} + {MARGIN}: "
          f"{read.sum()}; lowest held-out domain similarity: "
          + ", ".join(f"{held[i]:.3f} ({rows[i][0]['key']})" for i in order[:4]))
    print(f"off_topic_domain = {domain_level:.3f} (lowest {np.nanmin(held[read]):.4f} - margin {MARGIN}; K {K})")

    model = DomainModel(kmeans(vectors, K, SEED), settings.model_name)
    refused = [r[0]["key"] for r in rows
               if outside_topic(r[1], level, model.similarity(r[2]) if r[4] else None, domain_level,
                            settings.nearby_similarity)]
    print(f"answerable tuning turns the fitted gate refuses (the full-data centroids): {len(refused)} {refused[:5]}")
    if args.write:
        DOMAIN_FILE.write_text(json.dumps(model.to_dict()) + "\n", encoding="utf-8")
        print(f"wrote {DOMAIN_FILE}")

    def decide(items: list[dict]) -> list[tuple[float, float, bool]]:
        out = []
        for item in items:
            b, v, ruled, reads = measure(collector, item)
            d = model.similarity(v) if reads else None
            out.append((b, d if d is not None else float("nan"),
                        not ruled and outside_topic(b, level, d, domain_level, settings.nearby_similarity)))
        return out

    if args.examples:
        questions = [q for q in args.examples.read_text(encoding="utf-8").splitlines() if q.strip()]
        decided = decide([{"key": f"example:{n}", "question": q, "history": []} for n, q in enumerate(questions)])
        print(f"examples refused as off-topic: {sum(r[2] for r in decided)}/{len(decided)}")
        for (b, d, refused_it), q in zip(decided, questions):
            print(f"  best {b:.3f} domain {d:.3f} {'refused' if refused_it else 'passes '} {q}")
    if args.offtopic:
        for name in OFFTOPIC_SETS:
            items = read_items(ROOT / "eval" / name)
            decided = decide(items)
            groups: dict[str, list[bool]] = {}
            for item, r in zip(items, decided):
                group = item.get("group") or re.match(r"[a-z]+-([a-z]+)", item["id"]).group(1)  # to-<group><nn>
                groups.setdefault(f"{group}{' (in a conversation)' if item.get('history') else ''}", []).append(r[2])
            print(f"{name}: refused as off-topic {sum(r[2] for r in decided)}/{len(decided)}; by group: "
                  + ", ".join(f"{g} {sum(v)}/{len(v)}" for g, v in sorted(groups.items())))
            for item, (b, d, refused_it) in zip(items, decided):
                if not refused_it:
                    print(f"  passes: best {b:.3f} domain {d:.3f} {item['id']}: {item['question'][:70]}")
    collector.save()
    print(json.dumps({"off_topic_similarity": level, "off_topic_domain": domain_level}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
