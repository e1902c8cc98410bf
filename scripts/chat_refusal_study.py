"""What could tell an unanswerable last turn of a chat from an answerable one: two studies on the tuning chats.

    HF_HUB_OFFLINE=1 EAEU_QA_SOURCES=/work/shared/corpus .venv/bin/python scripts/chat_refusal_study.py evidence
    HF_HUB_OFFLINE=1 EAEU_QA_SOURCES=/work/shared/corpus .venv/bin/python scripts/chat_refusal_study.py kind \
        [--retrieved eval/runs/calibration-retrieved.pkl]

Data: the items of tuning.ANSWERABILITY_SETS (the dev TUNING split and the named tune sets; never the dev TEST split or
eval/blind*.jsonl) whose turn has a history.

evidence: each such turn asked through the real chain after its history (earlier turns replayed, as `eaeu-qa ask
--history` does), the answerer's own request recorded; per label (answerable / not): how often it is answered, how
often the most relevant evidence unit (and how many of the top 3) is quoted in the previous answer already, how many
content stems the user's turn adds to the previous question and answer, and how often none of those new stems is in
the most relevant unit; each with its ROC AUC as a single signal (answerable high).
kind: the answerability rows as scripts/calibrate.py builds them (its retrieval cache), every tuning set scored by a
model fitted on the others (kind directions nested: answerability_cv.set_probabilities), once with the kind prior on
the condensed question (as shipped) and once with a follow-up's kind prior on the user's own words; refused counts at
three thresholds, ROC AUC on all rows and on the chat rows. The shrinkages and masking IDF are the stored model's.
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

from answerability_cv import FORM, KIND, DirectionColumn, auc, set_probabilities  # noqa: E402
from tuning import ANSWERABILITY_SETS, tuning_items  # noqa: E402

THRESHOLDS = (0.45, 0.5, 0.55)


def chat_items() -> list[dict]:
    return [i for i in tuning_items(ANSWERABILITY_SETS) if i.get("history")]


def recorded_turn(chain, item: dict):
    """The answerer's request and ComposedAnswer for the item's last turn, asked after its history."""
    answerer, seen = chain.answerer, []

    def recording(request):
        composed = type(answerer).answer(answerer, request)
        seen.append((request, composed))
        return composed

    answerer.answer = recording  # over the class's method for this call only
    try:
        chain.ask(item["question"], history=item["history"])
    finally:
        del answerer.answer
    return seen[-1]


def evidence_row(chain, item: dict) -> dict:
    from eaeu_qa.answering.units import content_words, stem

    answerer = chain.answerer
    request, composed = recorded_turn(chain, item)
    previous_question, previous_answer = request.previous
    question = answerer.features(request.question, request.standalone, request.is_follow_up)
    top = sorted(answerer.score(question, request.passages), key=lambda s: -s.relevance)[:3]
    quoted = [bool(previous_answer) and s.unit.text.strip()[:80] in previous_answer for s in top]
    own = {stem(w) for w in content_words(request.question)}
    new = own - {stem(w) for w in content_words(previous_question + " " + previous_answer)}
    top_stems = {stem(w) for w in content_words(top[0].unit.text)} if top else set()
    return {"answerable": bool(item["answerable"]), "answered": composed.answerable,
            "top_quoted": bool(quoted and quoted[0]), "top3_quoted": sum(quoted), "new_stems": len(new),
            "new_in_top": len(new & top_stems)}


def evidence(args) -> None:
    from eaeu_qa.service import get_service

    chain = get_service().chain()
    rows = [evidence_row(chain, item) for item in chat_items()]
    y = np.array([r["answerable"] for r in rows], dtype=float)
    print(f"{len(rows)} tuning chat turns ({int(y.sum())} answerable, {int((y == 0).sum())} unanswerable)")
    signals = {"answered": lambda r: r["answered"], "top unit quoted in the previous answer": lambda r: r["top_quoted"],
               "top-3 units quoted in the previous answer": lambda r: r["top3_quoted"],
               "stems the turn adds": lambda r: r["new_stems"],
               "none of them in the top unit": lambda r: r["new_stems"] > 0 and r["new_in_top"] == 0}
    for name, value in signals.items():
        v = np.array([float(value(r)) for r in rows])
        print(f"  {name}: answerable mean {v[y == 1].mean():.3f}, unanswerable mean {v[y == 0].mean():.3f}, "
              f"ROC AUC {auc(v, y):.3f}")


def kind(args) -> None:
    from collector import open_collector

    from eaeu_qa.answering.answerability import MODEL_FILE
    from eaeu_qa.answering.answerability_kind import KindDirection
    from eaeu_qa.embeddings import encode_query

    stored = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["answerable"]
    kind_shrinkage, form_shrinkage = stored["kind"]["shrinkage"], stored["form"]["shrinkage"]
    mask_idf = stored["form"]["mask_idf"]
    collector = open_collector(args.retrieved)
    rows = []
    for item in tuning_items(ANSWERABILITY_SETS):
        found = collector.evidence(item)
        if found is not None:
            request, question, _ = collector.prepare(item)
            rows.append((found.vector(), float(item["answerable"]), item, found.values["unit_completeness"],
                         question.kind_text, request.standalone != item["question"] and bool(item.get("history"))))
    collector.save()
    idf, embedding = collector.answerer._stats.corpus_idf, collector.answerer.settings.embedding

    def vectors(texts: list[str], mask: float | None = None) -> np.ndarray:
        return np.array(encode_query(embedding, [KindDirection(np.zeros(1), 0.0, mask).text(t, idf) for t in texts]))

    x, y = np.array([r[0] for r in rows]), np.array([r[1] for r in rows])
    sets = [r[2]["key"].split(":")[0] for r in rows]
    gate = np.array([r[3] for r in rows])
    follow = np.array([r[5] for r in rows])
    chat = np.array([bool(r[2].get("history")) for r in rows])
    own = [r[2]["question"] if r[5] else r[4] for r in rows]
    variants = {"condensed question (shipped)": [r[4] for r in rows], "a follow-up's own words": own}
    print(f"{len(y)} rows ({int((y == 0).sum())} unanswerable), {int(chat.sum())} chat turns "
          f"({int((chat & (y == 0)).sum())} unanswerable), {int(follow.sum())} of them condensed; leave one set out")
    for name, texts in variants.items():
        kinds = (DirectionColumn(KIND, vectors(texts), kind_shrinkage, gate),
                 DirectionColumn(FORM, vectors(texts, mask_idf), form_shrinkage, gate))
        p = set_probabilities(x, y, sets, kinds)
        print(f"  kind prior on the {name}: ROC AUC {auc(p, y):.4f}, chat turns {auc(p[chat], y[chat]):.4f}")
        for t in THRESHOLDS:
            r = p < t
            print(f"    at {t}: unanswerable refused {int(r[y == 0].sum())}/{int((y == 0).sum())}, answerable refused "
                  f"{int(r[y == 1].sum())}/{int((y == 1).sum())}; chat turns {int(r[chat & (y == 0)].sum())}/"
                  f"{int((chat & (y == 0)).sum())} · {int(r[chat & (y == 1)].sum())}/{int((chat & (y == 1)).sum())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="study", required=True)
    sub.add_parser("evidence", help="the previous answer's passages as the evidence (real chain)")
    kind_parser = sub.add_parser("kind", help="the kind prior on the condensed question or the user's own words")
    kind_parser.add_argument("--retrieved", type=Path, default=ROOT / "eval" / "runs" / "calibration-retrieved.pkl",
                             help="calibrate.py's retrieval cache")
    args = parser.parse_args(argv)
    {"evidence": evidence, "kind": kind}[args.study](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
