"""A multi-part question refused as a whole, part by part: the unanswered parts named, the answered ones quoted."""

from eaeu_qa.answering.answerability import Verdict
from eaeu_qa.answering.parts import PartVerdict, bare, partly_answered, parts_refusal
from eaeu_qa.answering.units import chunk_units
from eaeu_qa.answering.wording import (ANNEX_MISSING, ANNEX_POINTER, PART_ANNEX, PART_CLOSEST, PART_UNANSWERED,
                                       PARTLY_ANSWERED, WEAK_EVIDENCE)
from eaeu_qa.history import refused

REFUSED = Verdict("weak_evidence", WEAK_EVIDENCE, probability=0.1)
ANSWERED = Verdict("", probability=0.9)


def _following(unit):
    return [u for u in chunk_units(unit.chunk) if u.start >= unit.end]


def test_the_refusal_names_the_unanswered_part_and_quotes_the_answered_one_verbatim(make_chunk):
    chunk = make_chunk("The social welfare of workers and their family members is provided on the same terms as for "
                       "nationals. Retirement is regulated by the legislation of the State of permanent domicile.")
    first, _ = chunk_units(chunk)
    parts = [PartVerdict("How much does the policy cost per year?", REFUSED, None),
             PartVerdict("and are family members covered?", ANSWERED, first)]
    sentences, citations = parts_refusal(parts, _following)
    assert sentences[0] == PARTLY_ANSWERED
    assert refused(" ".join(sentences))  # a later turn reads it as a refusal, as the usual one
    assert sentences[1] == PART_UNANSWERED.format(part="How much does the policy cost per year")
    assert sentences[2].startswith(PART_CLOSEST.split("{")[0] + "and are family members covered") and "[1]" in \
        sentences[2]
    (citation,) = citations
    assert citation.n == 1 and citation.quote == first.text
    assert chunk.text[citation.start - chunk.start:citation.end - chunk.start] == citation.quote


def test_a_unit_two_parts_lead_with_is_cited_once_and_a_refused_part_is_never_quoted(make_chunk):
    chunk = make_chunk("Disputes are settled by consultations and negotiations. The Court sits in Minsk.")
    first, second = chunk_units(chunk)
    parts = [PartVerdict("how are disputes settled", ANSWERED, first),
             PartVerdict("who settles disputes", ANSWERED, first),
             PartVerdict("where does the Court sit", REFUSED, second)]
    sentences, citations = parts_refusal(parts, _following)
    assert [c.quote for c in citations] == [first.text]
    assert sum("[1]" in s for s in sentences) == 2
    assert PART_UNANSWERED.format(part="where does the Court sit") in sentences
    assert not any(second.text in s for s in sentences)


def test_part_by_part_only_when_some_part_is_answered_and_some_is_not(make_chunk):
    (unit,) = chunk_units(make_chunk("The Court sits in Minsk."))
    assert not partly_answered([PartVerdict("a", REFUSED, unit), PartVerdict("b", ANSWERED, None)])  # none answered
    assert not partly_answered([PartVerdict("a", ANSWERED, unit), PartVerdict("b", ANSWERED, unit)])  # every one
    assert partly_answered([PartVerdict("a", REFUSED, None), PartVerdict("b", ANSWERED, unit)])
    assert bare("  where does it sit?! ") == "where does it sit"


def test_a_refused_part_keeps_its_annex_pointer_or_its_structural_refusal(make_chunk):
    chunk = make_chunk("The status, composition, competence and procedure of the Court are determined by the Statute "
                       "of the Court (Annex 2 to this Treaty). The Court sits in Minsk.", article="19", paragraph="2")
    pointer, seat = chunk_units(chunk)
    annex = Verdict("annex_content", ANNEX_MISSING.format(annex="Annex 30"))
    parts = [PartVerdict("how many judges does the Court have", REFUSED, None, (pointer, "Annex 2")),
             PartVerdict("what does Annex 30 list", annex, None),
             PartVerdict("where does the Court sit", ANSWERED, seat)]
    sentences, citations = parts_refusal(parts, _following)
    assert sentences[1].startswith(PART_ANNEX.split("{")[0] + "how many judges does the Court have")
    assert ANNEX_POINTER.split("{")[0].lower()[4:] in sentences[1]  # "closest passage refers to ..." as the usual one
    assert "Annex 2" in sentences[1] and "[1]" in sentences[1]
    assert sentences[2] == annex.message
    assert sentences[3].startswith(PART_CLOSEST.split("{")[0] + "where does the Court sit") and "[2]" in sentences[3]
    assert [c.quote for c in citations] == [pointer.text, seat.text]


def test_a_two_part_question_with_one_part_outside_the_documents_is_refused_part_by_part(qa_chain):
    figure = "how much did Kyrgyzstan pay into it last year"
    answer = qa_chain.ask(f"Which body adopts the EAEU budget, and {figure}?")
    assert not answer.answerable and answer.refusal == "weak_evidence"
    assert answer.answer.startswith(PARTLY_ANSWERED)
    assert PART_UNANSWERED.format(part=figure) in answer.answer
    assert PART_CLOSEST.split("{")[0] + "Which body adopts the EAEU budget" in answer.answer
    assert answer.citations
    for citation in answer.citations:  # every quote verbatim at its offsets
        assert citation.passage[citation.start - citation.passage_start:citation.end - citation.passage_start] \
            == citation.quote
    single = qa_chain.ask("How much did Kyrgyzstan pay into the EAEU budget last year?")  # one part: as before
    assert not single.answerable and single.answer.startswith(WEAK_EVIDENCE)
    assert not any(w.split("{")[0] in single.answer for w in (PART_UNANSWERED, PART_CLOSEST))
