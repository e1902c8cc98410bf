"""Composition without the model: best unit first, named article's relevant paragraphs, no repeats, parts."""

import numpy as np

from eaeu_qa.answering.compose import Scored, UnitModel, select
from eaeu_qa.answering.features import question_features
from eaeu_qa.answering.units import chunk_units
from eaeu_qa.records import RetrievedPassage


def _scored(chunk, rank, relevance, referenced=False):
    unit = chunk_units(chunk)[0]
    passage = RetrievedPassage(rank=rank, chunk=chunk, score=0.0, referenced=referenced)
    return Scored(unit, passage, relevance, np.zeros(7), relevance)


def _q(text):
    return question_features(text, text, False)


def test_best_unit_leads_and_a_repeat_is_dropped(make_chunk):
    a = make_chunk("The Court of the EAEU shall sit in the city of Minsk.", start=10, paragraph="3")
    b = make_chunk("The Court of the EAEU shall sit in the city of Minsk, Belarus.", start=200, paragraph="4")
    c = make_chunk("Judges of the Court are appointed for nine years.", start=400, paragraph="5")
    chosen = select(_q("Where does the Court sit?"), [_scored(a, 1, 1.0), _scored(b, 2, 0.95), _scored(c, 3, 0.9)],
                    3, UnitModel())
    assert [u.chunk.paragraph for u in chosen] == ["3", "5"]


def test_named_article_about_a_topic_quotes_its_relevant_paragraphs_in_order(make_chunk):
    p3 = make_chunk("3. Social welfare of workers and their family members is provided on the same terms.",
                    start=100, paragraph="3")
    p4 = make_chunk("4. The right of family members to receive medical care is regulated by Annex 30.",
                    start=300, paragraph="4")
    p8 = make_chunk("8. Children of a worker may attend preschool in the State of employment.", start=900,
                    paragraph="8")
    scored = [_scored(p4, 2, 1.2, True), _scored(p3, 1, 1.0, True), _scored(p8, 3, 0.2, True)]
    chosen = select(_q("What does Article 98 say about medical care for family members?"), scored, 3, UnitModel())
    assert [u.chunk.paragraph for u in chosen] == ["3", "4"]


def test_each_part_of_a_two_part_question_is_covered(make_chunk):
    seat = make_chunk("Residence of the Court of the EAEU shall be the city of Minsk.", start=10, paragraph="3")
    seat2 = make_chunk("The Court of the EAEU is an institutional judicial body.", start=100, paragraph="1")
    lang = make_chunk("The working language of the EAEU shall be the Russian language.", start=500, paragraph="1")
    scored = [_scored(seat, 1, 1.0), _scored(seat2, 2, 0.9), _scored(lang, 3, 0.1)]
    chosen = select(_q("Where is the Court based? And what is the working language?"), scored, 2, UnitModel())
    assert any("working language" in u.text for u in chosen)
