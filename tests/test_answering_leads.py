"""Which quote leads: the one giving the question's date leads over one that only matches its other words."""

import numpy as np

from eaeu_qa.answering.compose import UNIT_FEATURES, Scored
from eaeu_qa.answering.leads import dates, lead_with_date, leading
from eaeu_qa.answering.features import question_features
from eaeu_qa.answering.units import chunk_units
from eaeu_qa.records import RetrievedPassage


def test_the_candidate_giving_the_questions_date_leads(make_chunk):
    assert dates("not later than 8 May 2015, based on") == {(8, "may", "2015")}
    assert dates("Done in the city of Moscow “23” December2014") == {(23, "december", "2014")}
    assert dates("on May 8, 2015") == {(8, "may", "2015")}
    assert dates("Article 8 may apply from 2015") == frozenset()
    council, deadline, other = (make_chunk(text, start=300 * n, paragraph=str(n)) for n, text in enumerate(
        ["Decisions of the Supreme Council shall be binding on the Kyrgyz Republic.",
         "The Supreme Council shall consider taking a decision not later than 8 May 2015.",
         "The Commission shall be the permanent regulatory body of the Union."], 1))
    units = [chunk_units(c)[0] for c in (council, deadline, other)]
    candidates = [Scored(u, RetrievedPassage(rank=1, chunk=c, score=0.0), r, np.zeros(len(UNIT_FEATURES)), r)
                  for u, c, r in ((units[0], council, 0.44), (units[2], other, 0.1), (units[1], deadline, 0.03))]
    asked = dates("What did the Supreme Council have to decide by 8 May 2015?")
    assert lead_with_date([units[0]], candidates, asked) == [units[1], units[0]]
    assert lead_with_date([units[0]], candidates, dates("What did the Council decide?")) == [units[0]]
    assert lead_with_date([units[0]], candidates, asked, floor=0.2) == [units[0]]  # below the floor: no lead
    # the date's quote put first does not raise the number of paragraphs quoted: the last one gives way
    question = question_features("What did the Supreme Council have to decide by 8 May 2015?",
                                 "What did the Supreme Council have to decide by 8 May 2015?", False)
    assert leading([units[0], units[2]], candidates, question, 2) == [units[1], units[0]]


def test_a_real_answer_leads_with_the_paragraph_giving_the_asked_date(qa_chain):
    deadline = qa_chain.ask("What did the Supreme Eurasian Economic Council have to decide by 8 May 2015 under the "
                            "accession treaty?")  # led with Art. 4(1), never quoting Art. 6(2) or 7(2)
    assert deadline.citations and "8 May 2015" in deadline.citations[0].quote



def test_a_leading_paragraph_holds_the_type_when_another_of_its_quoted_units_does(make_chunk):
    from eaeu_qa.answering.leads import lead_with_type

    block = make_chunk("Done in the city of Minsk on 23 December 2014 in a single copy. The original text shall be "
                       "deposited at the Commission.", start=0, paragraph="1")
    force = make_chunk("This Treaty shall enter into force from the date of receipt of the last notification.",
                       start=300, paragraph="2")
    done, deposit = chunk_units(block)
    (entry,) = chunk_units(force)
    question = question_features("On what date was the treaty signed?", "On what date was the treaty signed?", False)
    typed = UNIT_FEATURES.index("type_match")

    def scored(unit, chunk, relevance, match):
        features = np.zeros(len(UNIT_FEATURES))
        features[typed] = match
        return Scored(unit, RetrievedPassage(rank=1, chunk=chunk, score=0.0), relevance, features, relevance)

    candidates = [scored(deposit, block, 0.3, 0.0), scored(done, block, 0.28, 0.5), scored(entry, force, 0.22, 0.8)]
    # the leading quote's paragraph also quotes the unit holding the date: it stays first
    assert lead_with_type([deposit, entry, done], candidates, question) == [deposit, entry, done]
    # its paragraph's dated unit not quoted but right before the leading quote, which takes it in (with_typed_before):
    # it stays first ("When was the accession treaty signed?" led with Art. 1(2) over the signature block)
    assert lead_with_type([deposit, entry], candidates, question) == [deposit, entry]
    # negatives: the unit before it holds no date, or it is not taken in (below type_lead_share of the best relevance):
    # the quote holding the type near the question's words leads, as before
    undated = [scored(deposit, block, 0.3, 0.0), scored(done, block, 0.28, 0.0), scored(entry, force, 0.22, 0.8)]
    assert lead_with_type([deposit, entry], undated, question) == [entry, deposit]
    weak = [scored(entry, force, 0.9, 0.8), scored(deposit, block, 0.25, 0.0), scored(done, block, 0.2, 0.5)]
    assert lead_with_type([deposit, entry], weak, question) == [entry, deposit]


def test_a_real_answer_on_when_and_where_a_treaty_was_signed_leads_with_its_signature_block(qa_chain):
    # audit s15 N18: led with the accession treaty's Art. 11(2) (entry into force); the block "Done in the city of
    # Moscow “23” December2014" came second (its glued date was no date token)
    answer = qa_chain.ask("On what date was the accession treaty for Kyrgyzstan signed, and where?")
    assert answer.citations and "“23” December2014" in answer.citations[0].quote, answer.answer[:300]
    assert answer.citations[0].locator == "Signature block"


def test_a_quote_without_the_asked_type_takes_in_the_sentence_before_it_that_holds_it(make_chunk):
    from eaeu_qa.answering.leads import with_typed_before

    block = make_chunk("Done in the city of Minsk on 23 December 2014 in a single copy. The original text shall be "
                       "deposited at the Commission. For the Republic of Belarus", start=0, paragraph="1")
    done, deposit, signatory = chunk_units(block)
    typed = UNIT_FEATURES.index("type_match")

    def scored(unit, match):
        features = np.zeros(len(UNIT_FEATURES))
        features[typed] = match
        return Scored(unit, RetrievedPassage(rank=1, chunk=block, score=0.0), 0.2, features, 0.2)

    candidates = [scored(done, 0.5), scored(deposit, 0.0), scored(signatory, 0.0)]
    when = question_features("On what date was the treaty signed?", "On what date was the treaty signed?", False)
    (quote,) = with_typed_before([deposit], candidates, when)
    assert (quote.start, quote.end) == (done.start, deposit.end)  # one span from the dated sentence
    # negatives: no type asked; the dated sentence quoted already; it is not right before the quote
    what = question_features("What does the treaty say?", "What does the treaty say?", False)
    assert with_typed_before([deposit], candidates, what) == [deposit]
    assert with_typed_before([done, deposit], candidates, when) == [done, deposit]
    assert with_typed_before([signatory], candidates, when) == [signatory]
    # a quote holding the type itself stays as it is
    assert with_typed_before([deposit], [scored(done, 0.5), scored(deposit, 0.3)], when) == [deposit]


def test_a_real_answer_on_when_the_accession_treaty_was_signed_quotes_the_date(qa_chain):
    # audit s16 K6: both wordings quoted the signature block from its second sentence ("The original text ... shall be
    # deposited"), without "Done in the city of Moscow “23” December2014 ...", the answer
    for question in ("On what date was the accession treaty signed, and where?",
                     "When was the Treaty on the Accession of the Kyrgyz Republic signed?"):
        answer = qa_chain.ask(question)
        blocks = [c.quote for c in answer.citations if c.locator == "Signature block"]
        assert blocks and all("“23” December2014" in q for q in blocks), (question, answer.answer[:300])


def test_a_real_answer_on_when_the_accession_treaty_was_signed_leads_with_its_signature_block(qa_chain):
    # s17: led with Art. 1(2) ("... signed on 10 October 2014", the Armenian treaty's date): lead_with_type judged the
    # signature block by "The original text ...", before "Done in the city of Moscow “23” December2014" was taken in
    for question in ("When was the accession treaty signed?", "Where was the accession treaty signed?"):
        answer = qa_chain.ask(question)
        assert answer.citations and answer.citations[0].locator == "Signature block", (question, answer.answer[:300])
        assert "“23” December2014" in answer.citations[0].quote
