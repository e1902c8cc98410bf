"""A multi-part question refused as a whole: each part the evidence answers on its own is quoted, the others named."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..records import Citation, RetrievedPassage
from .answerability import Verdict, evidence_verdict, structural_verdict
from .base import ComposedAnswer
from .compose import select
from .features import QuestionFeatures
from .render import make_citation, render_unit
from .runon import through_list
from .units import Unit
from .wording import PART_CLOSEST, PART_UNANSWERED, WEAK_EVIDENCE


@dataclass(frozen=True)
class PartVerdict:
    """One part of a multi-part question judged on its own: its text, the answerability verdict on its own features
    (the whole question's evidence passages) and the unit an answer to it alone would lead with (None: refused)."""

    part: str
    verdict: Verdict
    lead: Unit | None


def judged_parts(parts: list[str], judge: Callable[[str], tuple[Verdict, Unit | None]]) -> list[PartVerdict]:
    """Each part with `judge`'s verdict on it alone and its leading unit (`judge`: the answerer's, on the same
    passages as the whole question)."""
    return [PartVerdict(part, *judge(part)) for part in parts]


def answered_any(parts: list[PartVerdict]) -> bool:
    """Some part passes answerability on its own and has a unit to quote."""
    return any(map(_answered, parts))


def parts_refusal(parts: list[PartVerdict], following: Callable[[Unit], list[Unit]]
                  ) -> tuple[list[str], list[Citation]]:
    """The refusal of a multi-part question whose evidence does not answer it as a whole, when a part is answered on
    its own (answered_any): WEAK_EVIDENCE (history.refused reads the turn as a refusal, as before), then each part the
    documents do not answer, named (PART_UNANSWERED), then for each part they do, the unit an answer to it alone would
    lead with (PART_CLOSEST; a lead-in with its list, runon.through_list; `following`: the units after a unit in its
    chunk; a unit two parts lead with is cited once). The user sees both what is not in the documents and what is;
    the turn stays refused."""
    sentences, citations = [WEAK_EVIDENCE], []
    sentences += [PART_UNANSWERED.format(part=bare(p.part)) for p in parts if not _answered(p)]
    numbers: dict[tuple[str, int, int], int] = {}
    for p in filter(_answered, parts):
        unit = through_list(p.lead, following(p.lead), [])
        key = (unit.chunk.chunk_id, unit.start, unit.end)
        if key not in numbers:
            numbers[key] = len(citations) + 1
            citations.append(make_citation(unit, numbers[key]))
        sentences.append(PART_CLOSEST.format(part=bare(p.part), sentence=render_unit(unit, numbers[key])))
    return sentences, citations


def _answered(part: PartVerdict) -> bool:
    return not part.verdict.reason and part.lead is not None


def bare(part: str) -> str:
    """The part as the user wrote it, without its closing punctuation (it is quoted inside a sentence)."""
    return part.strip().rstrip("?.!,;: ").strip()


def refused_by_parts(answerer, question: QuestionFeatures, passages: list[RetrievedPassage], candidates,
                     signals: dict) -> ComposedAnswer | None:
    """The refusal of a multi-part question refused as weak_evidence (ExtractiveAnswerer.answer), part by part
    (parts_refusal) when a part is answered on its own; None otherwise (the usual refusal with its closest passage).
    Each part is judged as the whole question is, on the same passages and candidate units: the structural rules,
    then the answerability model at its own threshold on the part's own features; a part that passes is shown the
    unit an answer to it alone would lead with (compose.select's first). `answerer`: the ExtractiveAnswerer."""
    if len(question.parts) < 2:
        return None

    def judge(part: str) -> tuple[Verdict, Unit | None]:
        features = answerer.features(part, part, False)
        scored = answerer.score(features, passages, candidates=candidates)
        verdict = structural_verdict(features, passages, answerer.corpus_chunks, answerer.settings)
        if verdict is None:
            verdict = evidence_verdict(answerer.evidence(features, passages, scored), answerer.model)
            if verdict.reason and features.only_names_provision:  # as for a whole question (ExtractiveAnswerer.answer)
                verdict = Verdict("", probability=verdict.probability)
        if verdict.reason or not scored:
            return verdict, None
        units = select(features, scored, answerer.settings.max_answer_sentences, answerer.unit_model, None,
                       answerer.settings.type_lead_share)
        return verdict, units[0] if units else None

    parts = judged_parts(list(question.parts), judge)
    if not answered_any(parts):
        return None
    sentences, citations = parts_refusal(parts, lambda unit: [u for u in answerer.units_of(unit.chunk)
                                                              if u.start >= unit.end])
    signals["parts_answered"] = sum(map(_answered, parts))
    return ComposedAnswer(sentences, citations, answerable=False, note=WEAK_EVIDENCE, signals=signals)

