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
