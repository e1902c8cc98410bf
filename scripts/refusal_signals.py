"""Which signal refuses a question: the evidence model's features, each one's term of the logit, p and the threshold.

    HF_HUB_OFFLINE=1 EAEU_QA_SOURCES=/work/shared/corpus .venv/bin/python scripts/refusal_signals.py \
        [--history '["EARLIER QUESTION", ...]'] "QUESTION" ...

Each question is asked as a first turn through the real chain (condense, retrieve); its user turn, standalone form and
passages then go to the extractive answerer once more. With --history (a JSON list of earlier turns, oldest first, as
`eaeu-qa ask --history` takes them) each question is asked as the last turn of that conversation instead, and the
answerer's signals are the ones the chain's own request gave it (condensed turn, follow-up flags, previous answer).
The signals (ComposedAnswer.signals) are printed: the verdict,
p(answerable) against the model's threshold, each of evidence.FEATURES with its value and its term of the logit
(answerability.LogisticModel.contributions: weight times standardised value; negative terms pull towards refusing),
and the other signals (unit_completeness, the off-topic gate's best and domain similarities). Reads no question set.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eaeu_qa.answering.base import AnswerRequest  # noqa: E402
from eaeu_qa.answering.evidence import FEATURES  # noqa: E402


def signals(chain, question: str, history: list | None = None) -> dict:
    """The extractive answerer's signals for `question` asked as a first turn, or (`history`: earlier turns) as the
    last turn of that conversation (then with the standalone question the chain condensed it to, `standalone`)."""
    if history:
        return turn_signals(chain, question, history)
    answer = chain.ask(question)
    request = AnswerRequest(question, answer.standalone_question, answer.retrieved)  # a first turn: no follow-up
    return chain.answerer.answer(request).signals


def turn_signals(chain, question: str, history: list) -> dict:
    """The signals the answerer gave the chain's own request for the last turn of a conversation (the earlier turns
    are replayed, as `eaeu-qa ask --history` does), with the standalone question it judged."""
    answerer = chain.answerer
    seen: list = []

    def recording(request):
        composed = type(answerer).answer(answerer, request)
        seen.append((request, composed))
        return composed

    answerer.answer = recording  # an instance attribute over the class's method, removed below
    try:
        chain.ask(question, history=history)
    finally:
        del answerer.answer
    request, composed = seen[-1]  # the replayed earlier turns come first
    return {**composed.signals, "standalone": request.standalone, "is_follow_up": request.is_follow_up}


def report(question: str, values: dict, model) -> list[str]:
    """Printable lines: the verdict, p against the threshold, each feature's value and term, the other signals."""
    verdict = values.get("reason") or "answered"
    lines = [f"== {question}", f"   {verdict}; p(answerable) {values.get('p_answerable')}"
             + (f", threshold {model.threshold:.3f}" if model is not None else "")]
    if model is not None and all(f in values for f in FEATURES):
        terms = model.contributions(np.array([float(values[f]) for f in FEATURES]))
        lines += [f"   {f:20s} {float(values[f]):8.4f}  {t:+.2f}" for f, t in zip(FEATURES, terms)]
        lines.append(f"   {'bias':20s} {'':8s}  {model.bias:+.2f}")
    lines.append("   other: " + ", ".join(f"{k} {v}" for k, v in values.items()
                                         if k not in FEATURES and k not in ("reason", "p_answerable")))
    return lines


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    history = None
    if args[:1] == ["--history"]:
        if len(args) < 2:
            print("--history needs a JSON list of earlier turns")
            return 2
        try:
            history = json.loads(args[1])
        except json.JSONDecodeError as exc:
            print(f"--history is not JSON: {exc}")
            return 2
        if not isinstance(history, list):
            print("--history must be a JSON list of earlier turns")
            return 2
        args = args[2:]
    if not args:
        print(__doc__.strip())
        return 2
    from eaeu_qa.service import get_service

    chain = get_service().chain()
    for question in args:
        print("\n".join(report(question, signals(chain, question, history), chain.answerer.model)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
