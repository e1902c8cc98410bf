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

