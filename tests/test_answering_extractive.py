"""The extractive answerer over the real index and model: verbatim citations, treaty quoting, honest refusal."""

import re

import pytest

from eaeu_qa.answering import ExtractiveAnswerer, build_answerer, plain_text
from eaeu_qa.answering.units import chunk_units
from eaeu_qa.textrepair import contains_words, fold_whitespace

ANSWERABLE = [
    "Why did Kyrgyzstan go to the EAEU Court instead of negotiating?",
    "Where does the Court of the EAEU sit?",
    "Is a work permit needed for an EAEU national to work in another member state?",
    "Can children of a migrant worker go to kindergarten and school in the host country?",
    "How are disputes about applying the EAEU Treaty supposed to be settled first?",
    "What role do remittances play for Kyrgyzstan according to the analysis?",
    "Who counts as a worker of a member State under the labour migration rules?",
    "What is the text of Article 98(3)?",
    "my wife and kids not working, can they get the medical insurance in russia??",
]
# Refused by the structural rules, or by the evidence model through strong features (an asked-for date the
# documents lack, a question about the present); the model's cross-validated rates are in docs/evaluation.md.
UNANSWERABLE = [
    "What does Annex 2 say about how the Court's judges are appointed?",
    "What does paragraph 14 of Article 97 require?",
    "What does Article 15 of the Kyrgyz accession treaty say about healthcare?",
    "Has Russia appealed against the Court's judgment yet?",
    "When did the 2023 Bishkek summit decide on medical insurance?",  # a date the documents lack
]


@pytest.fixture(scope="module")
def answers(qa_chain):
    return {q: qa_chain.ask(q) for q in ANSWERABLE + UNANSWERABLE}


@pytest.mark.parametrize("question", ANSWERABLE)
def test_answerable_question_is_answered_with_verbatim_citations(question, answers, documents):
    answer = answers[question]
    assert answer.answerable, answer.answer
    assert answer.citations
    markers = sorted({int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)})
    assert markers == [c.n for c in answer.citations]
    for c in answer.citations:
        assert documents[c.source_id].text[c.start:c.end] == c.quote
        assert c.passage[c.start - c.passage_start:c.end - c.passage_start] == c.quote
        # The cited quote is what the answer says (whitespace-folded), so the citation supports it.
        assert contains_words(answer.answer, c.quote.rstrip(" .;:"))


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_unanswerable_question_is_refused(question, answers, documents):
    answer = answers[question]
    assert not answer.answerable, answer.answer
    assert answer.note and answer.answer.startswith(answer.note)
    for c in answer.citations:  # a refusal may show where the documents come closest, still verbatim
        assert documents[c.source_id].text[c.start:c.end] == c.quote


def test_treaty_quote_names_the_article_and_quotes_its_wording(answers):
    answer = answers["What is the text of Article 98(3)?"]
    assert answer.answer.startswith("Article 98(3) of the EAEU Treaty provides that \u201c")
    assert "same terms and conditions" in answer.answer
    assert "\n" not in answer.answer  # quotes are whitespace-folded in the answer text


def test_annex_question_points_to_the_referring_article(answers):
    answer = answers["What does Annex 2 say about how the Court's judges are appointed?"]
    assert "Annex 2" in answer.note and "not in the documents" in answer.note
    assert [c.locator for c in answer.citations] == ["Art. 19(2)"]


def test_missing_paragraph_is_named_in_the_refusal(answers):
    assert "paragraph 14 of Article 97" in answers["What does paragraph 14 of Article 97 require?"].note


def test_a_missing_provision_asked_for_alone_gets_no_closest_passage(qa_chain):
    alone = qa_chain.ask("What does Article 150 of the EAEU Treaty say?")
    assert not alone.answerable and alone.citations == []  # nothing else asked: no passage is close to it
    topic = qa_chain.ask("What does Article 150 of the EAEU Treaty say about migrant workers?")
    assert not topic.answerable and topic.citations  # a topic beside it: the closest passage about that


def test_ocr_damaged_paragraph_is_quoted_verbatim_with_an_editorial_opening(qa_chain, documents):
    answer = qa_chain.ask("May migrant workers join trade unions in the state where they work?")
    assert answer.answerable
    union = next(c for c in answer.citations if "trade unions" in c.quote)
    assert documents[union.source_id].text[union.start:union.end] == union.quote
    assert f"{union.locator.replace('Art. ', 'Article ')} of the EAEU Treaty provides that \u201c[\u2026] member State" \
        in answer.answer


def test_question_markup_is_not_echoed_as_markup(qa_chain):
    answer = qa_chain.ask("<b>What</b> does **Article 98(3)** say? <script>alert(1)</script>")
    assert answer.answerable
    assert "<" not in answer.answer and "**" not in answer.answer
    assert plain_text(answer.question) == "What does Article 98(3) say? alert(1)"


def test_sentence_units_are_verbatim_slices_without_paragraph_numbers(retriever, documents):
    chunks = [c for c in retriever.chunks if c.article in ("96", "97", "98")] + \
             [c for c in retriever.chunks if c.source_id == "article"]
    for chunk in chunks:
        for unit in chunk_units(chunk):
            assert documents[chunk.source_id].text[unit.start:unit.end] == unit.text
            assert not re.match(r"\d{1,2}\.\s", unit.text)
    # "counterparts. Yet ..." is two sentences, although "arts." is an abbreviation.
    texts = [fold_whitespace(u.text) for c in chunks for u in chunk_units(c)]
    assert any(t.endswith("with Russian counterparts.") for t in texts)


def test_answer_time_after_retrieval_is_small(qa_chain):
    qa_chain.ask("What does Article 97 say about work permits?")  # warm: sentence vectors loaded once
    times = sorted(qa_chain.ask(q).timings_ms["answer"] for q in ANSWERABLE[:5])
    assert times[len(times) // 2] < 500  # generous for a loaded CI machine; measured median is in the docs


def test_unknown_answerer_is_a_clear_error(settings, retriever):
    from dataclasses import replace

    with pytest.raises(ValueError, match="Unknown answerer"):
        build_answerer(replace(settings, answerer="oracle"), retriever.chunks)
    assert isinstance(build_answerer(settings, retriever.chunks), ExtractiveAnswerer)


def test_question_not_in_english_gets_ask_in_english(qa_chain):
    answer = qa_chain.ask("\u0427\u0442\u043e \u0433\u043e\u0432\u043e\u0440\u0438\u0442 \u0441\u0442\u0430\u0442\u044c\u044f 98?")
    assert not answer.answerable and "English" in answer.answer and "98" not in answer.note


def test_article_about_a_topic_quotes_the_paragraphs_about_it(qa_chain):
    answer = qa_chain.ask("What does Article 98 say about medical care for family members?")
    assert answer.answerable
    assert {"Art. 98(3)", "Art. 98(4)"} <= {c.locator for c in answer.citations}


def test_a_named_article_answer_leads_with_the_paragraph_that_answers(qa_chain):
    # audit2 N5: the named article's paragraphs came in the treaty's order, so 98(2) (property) led the obligations
    # and social-security answers and 98(6) came before 98(7) (certificates); the most relevant now leads
    for question, lead in (("What obligations do member states have under Article 98?", "Art. 98(9)"),
                           ("What certificates must an employer give under Article 98?", "Art. 98(7)"),
                           ("What does Art. 98 of the EAEU Treaty say about social security for workers' families?",
                            "Art. 98(3)")):
        answer = qa_chain.ask(question)
        assert answer.answerable and answer.citations[0].locator == lead, (question, answer.answer)
    rest = [c.locator for c in qa_chain.ask("What obligations do member states have under Article 98?").citations[1:]]
    assert all(re.fullmatch(r"Art\. 98\(\d+\)", loc) for loc in rest), rest  # a failed assertion, not an IndexError
    assert rest == sorted(rest, key=lambda loc: int(loc.split("(")[1].rstrip(")")))  # the others in the treaty's order


def test_a_definition_is_quoted_from_the_definition_list(qa_chain):
    answer = qa_chain.ask("How does the treaty define a family member?")
    assert answer.answerable
    assert "married to the member State worker" in answer.citations[0].quote
    assert "Employer" not in answer.citations[0].quote  # the one definition, not the whole list


def test_unit_vectors_come_from_the_index(index_handle, qa_chain):
    qa_chain.answerer.warm()
    assert len(qa_chain.answerer.vectors) == index_handle.info.unit_count > len(index_handle.chunks)


def test_units_come_from_the_answer_passages_and_evidence_from_fewer(settings, retriever, qa_chain):
    from dataclasses import replace

    from eaeu_qa.answering.base import AnswerRequest
    from eaeu_qa.answering.features import question_features

    question = "Can children of a migrant worker go to kindergarten and school in the host country?"
    passages = retriever.search(question, k=8)
    answerer = qa_chain.answerer
    answerer.warm()  # score() reads the stored vectors (answer() warms them itself)
    features = question_features(question, question, False)
    scored = answerer.score(features, passages)
    assert {s.passage.chunk.chunk_id for s in scored} == {p.chunk.chunk_id for p in passages[:settings.answer_passages]}
    narrow = ExtractiveAnswerer(replace(settings, answer_passages=1), answerer.corpus_chunks)
    narrow.attach(answerer._handles)
    answer = narrow.answer(AnswerRequest(question, question, passages))
    assert {c.chunk_id for c in answer.citations} == {passages[0].chunk.chunk_id}
    # The evidence for answerability is the same whatever composition draws from.
    wide = answerer.evidence(features, passages, scored).vector()
    assert (wide == answerer.evidence(features, passages, [s for s in scored if s.passage.rank <= 6]).vector()).all()


def test_each_part_of_a_multi_part_question_is_scored_on_its_own(retriever, qa_chain):
    """ExtractiveAnswerer.part_rankings: one ranking of the same candidate units per part (QuestionFeatures.parts,
    multipart.split_parts), best first and scored against that part alone; none for a question of one part. The
    candidates gathered once for the whole question give the same rankings."""
    from eaeu_qa.answering.features import question_features

    question = "Where is the Court of the EAEU based? And what is the working language of the bodies of the Union?"
    # The answerer's part scoring is under test, on passages where both parts' provisions rank high: each part's own
    # top 4 (how the whole question is retrieved is tested in test_retrieval.py and test_multipart.py)
    passages = []
    for part in ("Where is the Court of the EAEU based?", "What is the working language of the bodies of the Union?"):
        passages += [p for p in retriever.search(part, k=4) if p.chunk.chunk_id not in {q.chunk.chunk_id for q in passages}]
    answerer = qa_chain.answerer
    answerer.warm()
    features = question_features(question, question, False)
    whole = answerer.score(features, passages)
    seat, language = answerer.part_rankings(features, passages)
    for ranking in (seat, language):
        assert {(s.unit.chunk.chunk_id, s.unit.start) for s in ranking} == \
            {(s.unit.chunk.chunk_id, s.unit.start) for s in whole}
        assert [s.relevance for s in ranking] == sorted((s.relevance for s in ranking), reverse=True)
    # Each part is scored on its own: the seat's provision ranks higher for the seat than for the language, and the
    # language part is not led by it (which unit leads the seat part moves with the fitted unit model).
    def minsk(ranking):
        return next(i for i, s in enumerate(ranking) if "Minsk" in s.unit.text)

    assert minsk(seat) < minsk(language) and minsk(seat) <= 2 and "Minsk" not in language[0].unit.text
    shared = answerer.part_rankings(features, passages, candidates=answerer.candidates(passages))
    assert [[(s.unit.key, s.relevance) for s in r] for r in shared] == \
        [[(s.unit.key, s.relevance) for s in r] for r in (seat, language)]
    one = "Where does the Court of the EAEU sit?"
    assert answerer.part_rankings(question_features(one, one, False), retriever.search(one, k=8)) == []


def test_the_learnt_relevance_is_a_unit_feature_and_zero_without_a_usable_model(settings, retriever, qa_chain):
    """learnt_relevance: each candidate's logit from the learnt relevance model (relevance.py) for the question; with no
    usable model (none stored, or fitted for another embedding model) every unit gets 0."""
    from eaeu_qa.answering.compose import UNIT_FEATURES
    from eaeu_qa.answering.features import question_features

    question = "Where does the Court of the EAEU sit?"
    passages = retriever.search(question, k=8)
    answerer = qa_chain.answerer
    answerer.warm()
    features = question_features(question, question, False)
    learnt = UNIT_FEATURES.index("learnt_relevance")
    assert answerer.relevance is not None and answerer.relevance.model_name == settings.model_name
    scored = answerer.score(features, passages)
    seat = next(s for s in scored if "Minsk" in s.unit.text)
    assert seat.features[learnt] > sorted(s.features[learnt] for s in scored)[len(scored) // 2]
    stored, answerer.relevance = answerer.relevance, None
    try:
        assert all(s.features[learnt] == 0.0 for s in answerer.score(features, passages))
    finally:
        answerer.relevance = stored


def test_a_list_item_is_quoted_with_its_lead_in_and_every_quoted_piece_is_verbatim(qa_chain, documents):
    answer = qa_chain.ask("Who appoints the judges of the EAEU Court?")  # Art. 12(2), item 4: its subject is the lead-in
    assert "\u201cThe Supreme Council shall have the following responsibilities: \u2026 upon suggestion of member " \
           "States appoint the judges" in answer.answer
    for quoted in re.findall(r"\u201c(.*?)\u201d", answer.answer):
        for piece in quoted.split(" \u2026 "):  # the lead-in and the item, each verbatim (quotes in print style)
            piece = piece.replace("\u2018", "\u201c").replace("\u2019", "\u201d")
            assert any(contains_words(d.text, piece) for d in documents.values()), piece


def test_a_lead_in_is_shown_once_when_its_list_and_a_later_entry_are_both_quoted(qa_chain):
    # s24: the lead-in quoted with Art. 12(2)'s first entries was shown again before an entry of the next chunk
    answer = qa_chain.ask("What responsibilities does the Supreme Council have, for instance regarding the judges of "
                          "the Court?")
    lead = "The Supreme Council shall have the following responsibilities:"
    assert "appoint the judges" in answer.answer and answer.answer.count(lead) == 1, answer.answer[:600]


def test_a_quoted_list_item_ends_at_its_end_and_the_lists_other_items_are_not_quoted_beside_it(qa_chain):
    answer = qa_chain.ask("Who appoints the judges of the EAEU Court?")
    judges = next(c for c in answer.citations if "appoint the judges" in c.quote)
    assert judges.quote.rstrip().endswith(";") and not re.search(r"\n\s*\d{1,2}\)", judges.quote)  # no next item
    assert [c.locator for c in answer.citations].count(judges.locator) == 1  # no other item of Art. 12(2)


def test_a_list_entry_that_answers_is_quoted_after_the_lead_with_its_lead_in(qa_chain, documents):
    # Art. 16(1)'s entry "upon proposal of any member State ... consider issues on reversal or amendment of the approved
    # decision of the Commission" ranks below the leading quote; an entry was quoted only when it led (units.cut_off)
    answer = qa_chain.ask("Can the Intergovernmental Council stop a decision of the Commission from being carried out?")
    later = [c for c in answer.citations[1:] if "reversal or amendment of the approved decision" in c.quote]
    assert answer.answerable and later, [c.locator for c in answer.citations]
    assert "shall perform the following functions: \u2026 upon proposal of any member State" in answer.answer
    assert any(contains_words(d.text, later[0].quote) for d in documents.values())


def test_a_follow_up_asking_where_leads_with_the_quote_that_holds_a_place(qa_chain):
    from eaeu_qa.answering.answertype import PLACE, type_support
    from eaeu_qa.answering.units import content_stems

    answer = qa_chain.ask("and where is that court based?", history=["Who appoints the judges of the EAEU Court?"])
    stems = content_stems(answer.standalone_question)
    holds = [type_support(c.quote, PLACE, stems) > 0 for c in answer.citations]
    assert answer.answerable and any(holds) and holds[0], [c.locator for c in answer.citations]


def test_no_quote_runs_on_into_a_lead_in_cut_from_its_list(qa_chain):
    answer = qa_chain.ask("What are the responsibilities of the Intergovernmental Council?")  # Art. 15(2) "... shall:"
    assert answer.citations
    assert not any(c.quote.rstrip().endswith(":") for c in answer.citations), [c.quote for c in answer.citations]


def test_no_quote_runs_past_a_separator_rule(qa_chain):
    answer = qa_chain.ask("When did Kyrgyzstan sign its accession treaty?")  # the signature block's "-----" captions
    assert any(c.locator == "Signature block" for c in answer.citations)
    assert not any(re.search(r"---|For the Republic", c.quote) for c in answer.citations)
    assert "---" not in answer.answer


def test_a_refusal_points_to_the_passage_that_leaves_the_question_to_a_missing_annex(qa_chain):
    answer = qa_chain.ask("How many judges does the EAEU Court have?")  # the Statute (Annex 2) is not in the corpus
    assert not answer.answerable
    assert "Annex 2" in answer.answer and "not in the documents" in answer.answer
    assert [c.locator for c in answer.citations] == ["Art. 19(2)"]


def test_the_relevance_model_is_checked_once_at_the_first_question(monkeypatch, caplog):
    """load_relevance checks the stored model's embedding model by name; its dimension is checked against the first
    question's vector, once: a model for another size is dropped (one warning, learnt_relevance 0 from then on), a
    fitting one is not checked again on later scoring calls. No embedding model needed."""
    import logging

    import numpy as np

    from eaeu_qa.answering import extractive
    from eaeu_qa.answering.relevance import RelevanceModel
    from eaeu_qa.settings import Settings

    settings = Settings()
    calls = []
    real_fits = extractive.fits
    monkeypatch.setattr(extractive, "fits", lambda *a: calls.append(a) or real_fits(*a))
    answerer = ExtractiveAnswerer(settings, [])
    question, units = np.array([1.0, 0.0]), np.array([[1.0, 0.0], [0.0, 1.0]])
    answerer.relevance = RelevanceModel(np.array([1.0, 1.0, 0.0, 0.0]), 0.0, settings.model_name, 2)
    answerer._relevance_checked = False
    for _ in range(3):
        assert np.allclose(answerer._learnt(question, units), [1.0, 0.0])
    assert len(calls) == 1
    answerer.relevance = RelevanceModel(np.zeros(6), 0.0, settings.model_name, 3)  # fitted on 3-dimensional vectors
    answerer._relevance_checked = False
    with caplog.at_level(logging.WARNING):
        assert answerer._learnt(question, units) is None
        assert answerer.relevance is None and answerer._learnt(question, units) is None
    assert len(calls) == 2 and "3-dimensional" in caplog.text


def test_real_follow_up_about_the_other_party_keeps_its_sentence(qa_chain):
    # audit2 N1 (s13 R1): "and how does Moscow respond to that?" quoted Intro para 2 cut before "Moscow, by contrast,
    # maintains ...", the one sentence that answers
    first = "What is the main argument Kyrgyzstan makes?"
    answer = qa_chain.ask("and how does Moscow respond to that?", history=[first])
    assert any("Moscow, by contrast, maintains" in c.quote for c in answer.citations), answer.answer[:300]
