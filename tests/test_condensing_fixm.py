"""Follow-up rewrites fixed after the eighteenth session's review and browser audit, each with the rewrite it gave."""

from eaeu_qa.records import HistoryTurn

from conftest import rewrite as _rewrite  # tests/ on sys.path: shared with the other follow-up tests

ARTICLE_98_3 = HistoryTurn("What does Article 98(3) say?",
                           answer="Article 98(3) of the EAEU Treaty provides that workers of the Member States shall "
                                  "have the right to social security [1].")


def test_a_turn_with_its_own_question_keeps_its_wh_word_and_verb(condenser):
    # was 'Who heads the Court?' (the previous question asked again about the new name; Art. 19(3) missing)
    assert _rewrite(condenser, "and the Court, where is that?", "Who heads the Commission?") == "Where is the Court?"
    assert _rewrite(condenser, "and the Commission, where does it sit?", "Who heads the EAEU Court?") == \
        "Where does the Commission sit?"
    # a name alone still asks the previous question again
    assert _rewrite(condenser, "and the Court?", "Who heads the Commission?") == "Who heads the Court?"


def test_he_stands_for_no_provision_or_document(condenser):
    # was 'What does Article 98 think?' (Art. 98(4), 98(5)) and '... what did the EAEU Treaty say?'
    assert _rewrite(condenser, "what does he think?", ARTICLE_98_3) == "What does he think?"
    assert _rewrite(condenser, "who signed it and what did he say?", "When was the EAEU Treaty signed?") == \
        "Who signed the EAEU Treaty and what did he say?"
    # a person or a body still stands for 'he'/'it'
    assert _rewrite(condenser, "what does it say?", ARTICLE_98_3) == "What does Article 98 say?"


def test_it_called_a_body_stands_for_a_body_never_a_document(condenser):
    # was 'Is Article 98 an enforcement agency?' (and 'Is the article an enforcement agency?' in the audit)
    assert _rewrite(condenser, "Is it an enforcement agency?", ARTICLE_98_3) == "Is it an enforcement agency?"
    assert _rewrite(condenser, "Is it an enforcement agency?", "What is the analysis article about?") == \
        "Is it an enforcement agency?"
    commission = HistoryTurn("What does the article say about the Commission?",
                             answer="The article says the Eurasian Economic Commission can bring a case [1].")
    assert _rewrite(condenser, "Is it an enforcement agency?", commission) == \
        "Is the Eurasian Economic Commission an enforcement agency?"
    assert _rewrite(condenser, "Is it binding?", ARTICLE_98_3) == "Is Article 98 binding?"  # no body called


def test_a_body_noun_in_a_prepositional_phrase_calls_it_no_body(condenser):
    # was 'Is State binding on member states?' (review s19 B2): 'states' after 'on' is no complement of 'is'
    assert _rewrite(condenser, "Is it binding on member states?", ARTICLE_98_3) == \
        "Is Article 98 binding on member states?"
    assert "State " not in _rewrite(condenser, "Is it a problem for member states?", ARTICLE_98_3)
    # the complement itself still calls it a body
    assert _rewrite(condenser, "Is it a court of the member states?", ARTICLE_98_3) == \
        "Is it a court of the member states?"


def test_a_turn_naming_another_source_drops_a_bare_provision_topic(condenser):
    # was 'When was the accession treaty signed in Article 98?' (Art. 98(1), (5), (9); review B5)
    assert _rewrite(condenser, "and when was the accession treaty signed?", ARTICLE_98_3) == \
        "When was the accession treaty signed?"
    # a provision of another treaty's, or a turn naming none, keeps the topic
    assert "Article 98" in _rewrite(condenser, "and what about pensions?", ARTICLE_98_3)


def test_a_continuing_turn_about_the_article_takes_no_provision_topic(condenser):
    # was 'As for Article 98, what does the article say Russia thinks about it?' (refused; review B7); the same turn
    # without 'and' was already asked as typed
    article_98 = HistoryTurn("What does Article 98 say?",
                             answer="Article 98(4) of the EAEU Treaty provides that medical care shall be provided [1].")
    asked = "what does the article say Russia thinks about it?"
    assert _rewrite(condenser, f"and {asked}", article_98) == asked[:1].upper() + asked[1:]


def test_a_real_continuing_turn_about_the_article_is_answered_from_it(qa_chain):
    # review B7: with 'and' the turn was refused (p 0.4946) while the same turn without it is answered
    answer = qa_chain.ask("and what does the article say Russia thinks about it?", history=["What does Article 98 say?"])
    assert answer.answerable and not answer.refusal and answer.citations, answer.answer
    assert any(c.source_id == "article" for c in answer.citations), [c.locator for c in answer.citations]


def test_an_inserted_phrase_has_no_capital_article_mid_sentence(condenser):
    # the audit's migrant chat: was 'How long The wife pregnant is free from registration?'
    assert _rewrite(condenser, "how long is it free from registration?",
                    "The wife pregnant, she can see doctor in russia?") == \
        "How long is the wife pregnant free from registration?"


def test_a_turn_asking_whether_the_topic_is_in_another_source_keeps_its_provision(condenser):
    # 'is that in the accession treaty too?' compares with Article 98: its provision stays (test_answering_documents)
    earlier = HistoryTurn("What does Article 98 say about social security for migrant workers' families?",
                          answer="Article 98(3) of the EAEU Treaty provides that social insurance is provided on the "
                                 "same terms [1].")
    assert "Article 98" in _rewrite(condenser, "is that in the accession treaty too?", earlier)
