"""Multi-part tuning questions refused with weak evidence: would answering per part help? (measure, no fit)

    HF_HUB_OFFLINE=1 EAEU_QA_SOURCES=/work/shared/corpus python scripts/multipart_study.py [--dump ROWS.jsonl]

Reads the single-turn tuning questions of several parts (multipart.answer_parts): the dev TUNING split and every
eval/tune*.jsonl but this session's pool (tuning.POOL_SETS) and the off-topic sets. Each is asked through the chain;
for each part the answerability model's probability is read on the whole question's passages (the part's own
features, the same evidence passages: "answerability per part"), and each part of a question refused as
weak_evidence is then asked alone ("each part alone is answered"). Printed: how many answerable questions are
refused, and how many answerable and unanswerable ones each rule would turn into answers (a level sweep for the first).
--dump writes one JSON line per question (its set key, answered or refused and why, the whole question's probability,
each part's probability on the same passages and, for a weak_evidence refusal, each part asked alone: answered,
refusal, probability, answer text), the rows scripts/parts_fit.py fits its level on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from tuning import OFFTOPIC_SETS, POOL_SETS, tuning_items  # noqa: E402

LEVELS = (None, 0.6, 0.7, 0.8, 0.9, 0.95)  # None: the model's own threshold


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, help="write the weak_evidence refusals' rows here (JSON lines)")
    args = parser.parse_args()
    from eaeu_qa.answering.answerability import evidence_verdict
    from eaeu_qa.evaluation.running import get_answerer
    from eaeu_qa.multipart import answer_parts
    from eaeu_qa.settings import Settings

    chain = get_answerer("extractive", Settings.from_env())
    answerer = chain.answerer
    sets = tuple(sorted(p.name for p in (ROOT / "eval").glob("tune*.jsonl")
                        if p.name not in POOL_SETS and p.name not in OFFTOPIC_SETS))
    items = [i for i in tuning_items(sets) if not i.get("history") and answer_parts(i["question"])]
    seen: dict = {}
    whole_answer = answerer.answer

    def recording(request):  # the whole question's answer, then each part's probability on the same passages
        composed = whole_answer(request)
        seen["p"] = composed.signals.get("p_answerable")
        if seen.get("alone"):  # a part asked alone: its own probability only
            return composed
        question = answerer.features(request.question, request.standalone, request.is_follow_up)
        candidates = answerer.candidates(request.passages)
        seen["parts"] = []
        for part in question.parts:
            features = answerer.features(part, part, False)
            scored = answerer.score(features, request.passages, candidates=candidates)
            seen["parts"].append(evidence_verdict(answerer.evidence(features, request.passages, scored),
                                                  answerer.model).probability)
        return composed

    answerer.answer = recording
    rows = []
    for item in items:
        seen.clear()
        answer = chain.ask(item["question"])
        rows.append({"answerable": item["answerable"], "answered": answer.answerable, "refusal": answer.refusal,
                     "parts": list(seen.get("parts") or []), "question": item["question"], "key": item["key"],
                     "p_whole": seen.get("p")})
    weak = [r for r in rows if r["refusal"] == "weak_evidence"]
    seen["alone"] = True
    for r in weak:
        r["alone_rows"] = []
        for part in answer_parts(r["question"]):
            a = chain.ask(part)
            r["alone_rows"].append({"part": part, "answered": a.answerable, "refusal": a.refusal, "p": seen.get("p"),
                                    "answer": a.answer[:400]})
        r["alone"] = [a["answered"] for a in r["alone_rows"]]
    answerer.answer = whole_answer
    if args.dump:
        args.dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    answerable = [r for r in rows if r["answerable"]]
    print(f"{len(rows)} single-turn multi-part tuning questions ({len(answerable)} answerable); answerable refused: "
          f"{sum(not r['answered'] for r in answerable)}; unanswerable answered: "
          f"{sum(r['answered'] for r in rows if not r['answerable'])}; refused as weak_evidence: {len(weak)}")
    threshold = answerer.model.threshold
    for level in LEVELS:
        least = threshold if level is None else level
        turned = [r for r in weak if max(r["parts"], default=0.0) >= least]
        print(f"answerability per part (a part's probability on the same passages >= {least:.3f}): answerable "
              f"answered {sum(r['answerable'] for r in turned)}, unanswerable answered "
              f"{sum(not r['answerable'] for r in turned)}")
    for name, rule in (("every part", all), ("any part", any)):
        turned = [r for r in weak if rule(r["alone"])]
        print(f"{name} answered when asked alone: answerable answered {sum(r['answerable'] for r in turned)}, "
              f"unanswerable answered {sum(not r['answerable'] for r in turned)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
