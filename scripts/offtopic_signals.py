"""What the off-topic gate reads of every tuning turn and off-topic item, through the real chain (cached).

    .venv/bin/python scripts/offtopic_signals.py [--cache FILE]

Each turn is asked as the chat asks it (chain.ask with its history; the history turns are answered again in order,
so every history turn is measured too, after the turns before it). For each turn where the gate applies
(ExtractiveAnswerer.topic_signals is called: no structural refusal, some scored unit, not a question that only names
provisions) it keeps what answerability.off_topic decides on: the similarity of the text it judges
(answerability.judged_text) to the candidate units, the domain similarity (None where reads_domain says it is not
read), how near a turn judged on its own words in a conversation comes to the previous turn and its answer
(domain.conversation_similarity), the share of its words the corpus writes (domain.corpus_share), points_back,
in_conversation, whether the user's own words point back (AnswerRequest.own_pointer: "pointer"; records kept before
it was recorded lack it), the judged text and its vector (for leave-one-set-out centroids), and the answer's refusal
kind. Read by scripts/offtopic_refit.py; the cache (eval/runs/offtopic-signals.pkl) is keyed by
(question, history) and is rebuilt when the settings' embedding model differs.

The turns: the answerable ones of the dev TUNING split and of every eval/tune*.jsonl but this session's unseen pool
(tuning.POOL_SETS) and the off-topic sets (history turns of every item included: the documents answer them), and
the items of the off-topic sets (tuning.OFFTOPIC_SETS; their history turns are kept apart, as "offtopic-history").
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from tuning import OFFTOPIC_SETS, POOL_SETS, read_items, refuse_held_out, tuning_items  # noqa: E402

CACHE = ROOT / "eval" / "runs" / "offtopic-signals.pkl"
VERSION = 5  # what a record holds (2: the conversation similarity; 3: the corpus share; 4: with acronyms; 5: an
# acronym one word of the share)


def history_texts(item: dict) -> list[str]:
    return [h if isinstance(h, str) else h["question"] for h in item.get("history") or []]


def items() -> list[dict]:
    """Every item to ask: {key, question, history, answerable, kind}; kind "tuning" or "offtopic"."""
    names = sorted(p.name for p in (ROOT / "eval").glob("tune*.jsonl") if p.name not in POOL_SETS + OFFTOPIC_SETS)
    refuse_held_out(names)
    out = [{**i, "history": history_texts(i), "kind": "tuning"} for i in tuning_items(tuple(names))]
    for name in OFFTOPIC_SETS:
        out += [{**i, "history": history_texts(i), "kind": "offtopic"} for i in read_items(ROOT / "eval" / name)]
    return out


def set_of(key: str) -> str:
    return key.split(":", 1)[0]


def answerable_turns(records: list[dict]) -> list[dict]:
    """The records of answerable tuning turns, history turns included: what every off-topic fit must not refuse."""
    return [r for r in records if r["answerable"] and r["kind"] in ("tuning", "history")]


def off_topic_items(records: list[dict]) -> list[dict]:
    """The records of the off-topic sets' items (OFFTOPIC_SETS): what the fits count as caught."""
    return [r for r in records if r["kind"] == "offtopic"]


def collect(cache: Path = CACHE) -> list[dict]:
    """One record per distinct (question, history) turn: see the module's docstring."""
    from eaeu_qa.answering.answerability import judged_text
    from eaeu_qa.chain import get_chain

    chain = get_chain()
    answerer = chain.answerer
    model_name = chain.settings.model_name
    stored = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    if stored.get("model") != model_name or stored.get("version") != VERSION:
        stored = {"model": model_name, "version": VERSION, "turns": {}}
    turns: dict = stored["turns"]
    calls: list[dict] = []
    answer_turn, signals_of = answerer.answer, answerer.topic_signals

    def answer(request):  # each answered turn (replayed history turns first, then the asked one)
        calls.append({"question": request.question, "standalone": request.standalone,
                      "points_back": request.points_back, "in_conversation": request.in_conversation,
                      "pointer": request.own_pointer, "gate": False})
        composed = answer_turn(request)
        calls[-1]["refusal"] = "" if composed.answerable else str(composed.signals.get("reason", ""))
        return composed

    def topic_signals(question, request, candidates, signals):
        similarity, domain, conversation = signals_of(question, request, candidates, signals)
        text = judged_text(request)
        calls[-1].update(gate=True, similarity=float(similarity), domain=None if domain is None else float(domain),
                         conversation=conversation, judged=text, lexical=signals.get("corpus_share"),
                         vector=np.asarray(answerer.vectors.question(text), dtype=np.float32))
        return similarity, domain, conversation

    answerer.answer, answerer.topic_signals = answer, topic_signals
    records: dict = {}
    todo = items()
    for n, item in enumerate(todo):
        history = item["history"]
        keys = [(h, tuple(history[:k])) for k, h in enumerate(history)] + [(item["question"], tuple(history))]
        labels = [(f"{item['key']}#h{k}", True, "history" if item["kind"] == "tuning" else "offtopic-history")
                  for k in range(len(history))] + [(item["key"], item["answerable"], item["kind"])]
        if any(key not in turns for key in keys):
            calls.clear()
            chain.ask(item["question"], history=history)
            # the chain keeps the most recent history turns within its limits: the calls are the last len(calls)
            for key, call in zip(keys[len(keys) - len(calls):], calls):
                turns[key] = dict(call)
        for key, (label, answerable, kind) in zip(keys, labels):
            if key in turns and key not in records:
                records[key] = {**turns[key], "key": label, "set": set_of(label), "answerable": answerable,
                                "kind": kind, "depth": len(key[1])}
            elif key in records and kind != "tuning" and records[key]["kind"] != "offtopic":
                pass  # a turn shared by items: its first label stays
        if n % 100 == 99:
            print(f"  {n + 1}/{len(todo)} items", flush=True)
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_bytes(pickle.dumps(stored))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(stored))
    return list(records.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    records = collect(args.cache)
    gate = [r for r in records if r["gate"]]
    print(f"turns {len(records)}, the gate applies to {len(gate)}; answerable {sum(r['answerable'] for r in gate)}, "
          f"off-topic {sum(r['kind'] == 'offtopic' for r in gate)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
