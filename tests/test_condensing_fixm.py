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
