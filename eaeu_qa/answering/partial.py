"""A question naming several provisions, some of which the corpus lacks: answered for the ones it has."""

from __future__ import annotations

from dataclasses import replace

from ..records import Chunk, RetrievedPassage
from ..settings import Settings
from .answerability import Verdict, missing_reference, structural_verdict
from .features import QuestionFeatures
from .wording import MISSING_REFERENCE, MISSING_SEPARATOR


def resolved_part(verdict: Verdict | None, question: QuestionFeatures, passages: list[RetrievedPassage],
                  chunks: list[Chunk], settings: Settings | None = None
                  ) -> tuple[Verdict | None, QuestionFeatures, str]:
    """A question naming several provisions, some of which the corpus lacks ("Article 98(3) and Article 150"), is
    answered for the ones it has: the verdict and features without the missing ones, and the refusal's wording for
    them as a note (each missing one named). Only when none resolves is the question refused as missing. `settings`:
    the caller's, for the language check (structural_verdict; None: the defaults)."""
    if verdict is None or verdict.reason != "missing_reference" or len(question.references) < 2:
        return verdict, question, ""
    missing = {r: missing_reference(replace(question, references=(r,)), chunks) for r in question.references}
    kept = tuple(r for r in question.references if not missing[r])
    if not kept:
        return verdict, question, ""
    note = MISSING_REFERENCE.format(missing=MISSING_SEPARATOR.join(m for m in missing.values() if m))
    question = replace(question, references=kept)
    return structural_verdict(question, passages, chunks, settings), question, note
