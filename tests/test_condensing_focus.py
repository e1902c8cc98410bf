"""The thing an answer named (condensing.focus): which questions ask for one, which name it is, what a source is."""

import pytest

from eaeu_qa.condensing.focus import answered_document, focus, is_document, seeks_entity
from eaeu_qa.entities import Entity


@pytest.mark.parametrize("question, seeks", [
    ("Which body appoints the judges?", True),
    ("Who chairs the meetings?", True),
    ("What is the highest body of the EAEU?", True),
    ("What is the Supreme Council of the EAEU?", False),  # names its subject itself
    ("What does Article 98 say about pensions?", False),
    ("How often does the Intergovernmental Council meet?", False),
    # the wh-word is the object of the preposition the question ends with: it asks about its subject
    ("What is the dispute about?", False),
    ("What is the Eurasian Development Bank for?", False),
])
def test_which_questions_ask_for_an_entity_the_answer_names(terms, question, seeks):
    assert seeks_entity(question, terms) is seeks


@pytest.mark.parametrize("question, answer", [
    # capitalised common nouns ('member States') and names the question already has are not the focus
    ("Which body appoints the judges of the EAEU Court?",
     "Article 12(2) of the EAEU Treaty provides that “upon suggestion of member States appoint the judges of the "
     "Court of the EAEU” [1]. Article 18(4) provides that “Residence of the Commission shall be the city of Moscow” "
     "[2]."),
    # the agent of a passive is the doer a 'Who ...?' question asks for; a name in the question's possessive is not
    ("Who draws up the agenda for the Intergovernmental Council's meetings?",
     "Article 15(3) of the EAEU Treaty provides that “The agenda of the meetings of the Intergovernmental Council "
     "shall be drawn by the Commission on the basis of suggestions from member States. The presence of media shall "
     "be agreed by the Chairman of the Intergovernmental Council” [1]."),
])
def test_the_focus_is_the_name_the_answer_introduced(terms, question, answer):
    found = focus(question, answer, terms)
    assert found is not None and found.text == "the Commission"
    barred = focus(question, answer, terms, min_idf=99.0, subject_min_idf=99.0)  # the IDF bars are parameters
    assert barred is None or barred.text != "the Commission"  # no one-word name passes them


@pytest.mark.parametrize("phrase, document", [
    ("the EAEU Treaty", True), ("the Kyrgyz accession treaty", True), ("the analysis", True), ("the article", True),
    ("the Supreme Council", False), ("Kyrgyzstan", False), ("the EAEU Court", False)])
def test_a_document_is_named_by_the_sources_short_titles(terms, phrase, document):
    assert is_document(phrase, terms) is document


def test_a_question_for_a_treaty_is_answered_by_the_document_of_the_cited_provision(terms):
    cited = [Entity("Article 7 of the Kyrgyz Accession Treaty", "provision", "article")]
    found = answered_document({"treaty"}, cited, terms)
    assert found is not None and found.text == "the Kyrgyz Accession Treaty"
    assert answered_document({"body"}, cited, terms) is None
