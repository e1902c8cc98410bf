"""A multi-part question refused as a whole: each part the evidence answers on its own is quoted, the others named."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..records import Citation, RetrievedPassage
from .answerability import Verdict, delegated_annex, evidence_verdict, structural_verdict
from .base import ComposedAnswer
from .compose import select
from .features import QuestionFeatures
from .render import make_citation, render_unit
from .runon import through_list
from .units import Unit
from .wording import PART_ANNEX, PART_CLOSEST, PART_UNANSWERED, PARTLY_ANSWERED


@dataclass(frozen=True)
class PartVerdict:
    """One part of a multi-part question judged on its own: its text, the verdict on its own features (the whole
    question's evidence passages), the unit an answer to it alone would lead with (None: refused) and, for a refused
    part, the unit that refers what it asks about to an annex the corpus lacks with that annex ("Annex 2"), if any."""

    part: str
    verdict: Verdict
    lead: Unit | None
    pointer: tuple[Unit, str] | None = None

    @property
    def answered(self) -> bool:
        return not self.verdict.reason and self.lead is not None


def partly_answered(parts: list[PartVerdict]) -> bool:
    """Some part is answered on its own and some part is not: only then is the refusal given part by part (when every
    part passes on its own, the evidence still did not answer the question as a whole: the usual refusal)."""
    return any(p.answered for p in parts) and not all(p.answered for p in parts)


def parts_refusal(parts: list[PartVerdict], following: Callable[[Unit], list[Unit]]
                  ) -> tuple[list[str], list[Citation]]:
    """The refusal of a multi-part question partly answered on its own (partly_answered): PARTLY_ANSWERED (one of
    wording.REFUSALS, so history.refused reads the turn as a refusal), then each part the documents do not answer:
    its structural refusal's own words where a rule refused it (a provision or annex the corpus lacks), else named
    (PART_UNANSWERED), or with the passage referring it to a missing annex (PART_ANNEX, as the usual refusal's
    ANNEX_POINTER); then for each part they do answer, the unit an answer to it alone would lead with (PART_CLOSEST).
    A quoted lead-in comes with its list (runon.through_list; `following`: the units after a unit in its chunk); a
    unit quoted twice is cited once. The user sees both what is not in the documents and what is; the turn stays
    refused."""
    sentences, citations = [PARTLY_ANSWERED], []
    numbers: dict[tuple[str, int, int], int] = {}

    def cite(unit: Unit) -> tuple[str, int]:
        unit = through_list(unit, following(unit), [])
        key = (unit.chunk.chunk_id, unit.start, unit.end)
        if key not in numbers:
            numbers[key] = len(citations) + 1
            citations.append(make_citation(unit, numbers[key]))
        return render_unit(unit, numbers[key]), numbers[key]

    for p in parts:
        if p.answered:
            continue
        if p.verdict.reason not in ("", "weak_evidence") and p.verdict.message:
            sentences.append(p.verdict.message)  # "Annex 30 ... is not in the documents", "... contain no Article 150"
        elif p.pointer is not None:
            sentences.append(PART_ANNEX.format(part=bare(p.part), annex=p.pointer[1], sentence=cite(p.pointer[0])[0]))
        else:
            sentences.append(PART_UNANSWERED.format(part=bare(p.part)))
    for p in parts:
        if p.answered:
            sentences.append(PART_CLOSEST.format(part=bare(p.part), sentence=cite(p.lead)[0]))
    return sentences, citations


def bare(part: str) -> str:
    """The part as the user wrote it, without its closing punctuation (it is quoted inside a sentence)."""
    return part.strip().rstrip("?.!,;: ").strip()


def refused_by_parts(answerer, question: QuestionFeatures, passages: list[RetrievedPassage], candidates,
                     signals: dict) -> ComposedAnswer | None:
    """The refusal of a multi-part question refused as weak_evidence (ExtractiveAnswerer.answer), part by part
    (parts_refusal) when some part is answered on its own and some is not (partly_answered); None otherwise (the usual
    refusal with its closest passage). Each part is judged as the whole question is, on the same passages and
    candidate units: the structural rules, then the answerability model at its own threshold on the part's own
    features; a part that passes is shown the unit an answer to it alone would lead with (compose.select's first); a
    part that does not, the evidence unit referring what it asks about to an annex the corpus lacks
    (answerability.delegated_annex), if one does. `answerer`: the ExtractiveAnswerer."""
    if len(question.parts) < 2:
        return None
    settings = answerer.settings

    def judge(part: str) -> PartVerdict:
        features = answerer.features(part, part, False)
        scored = answerer.score(features, passages, candidates=candidates)
        verdict = structural_verdict(features, passages, answerer.corpus_chunks, settings)
        if verdict is None:
            verdict = evidence_verdict(answerer.evidence(features, passages, scored), answerer.model)
            if verdict.reason and features.only_names_provision:  # as for a whole question (ExtractiveAnswerer.answer)
                verdict = Verdict("", probability=verdict.probability)
        if verdict.reason or not scored:
            pointer = next(((s.unit, annex) for s in scored if s.passage.rank <= settings.evidence_passages
                            for annex in [delegated_annex(features, s.unit, answerer.corpus_chunks)] if annex), None)
            return PartVerdict(part, verdict, None, pointer)
        units = select(features, scored, settings.max_answer_sentences, answerer.unit_model, None,
                       settings.type_lead_share)
        return PartVerdict(part, verdict, units[0] if units else None)

    parts = [judge(part) for part in question.parts]
    if not partly_answered(parts):
        return None
    sentences, citations = parts_refusal(parts, lambda unit: [u for u in answerer.units_of(unit.chunk)
                                                              if u.start >= unit.end])
    signals["parts_answered"] = sum(p.answered for p in parts)
    return ComposedAnswer(sentences, citations, answerable=False, note=PARTLY_ANSWERED, signals=signals)
