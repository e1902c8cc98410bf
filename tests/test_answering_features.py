"""Question features: computed once, original vs condensed question kept apart, language share."""

from eaeu_qa.answering.features import latin_share, question_features
from eaeu_qa.answering.units import stem


def test_follow_up_is_matched_on_the_condensed_question_but_typed_features_come_from_the_turn():
    q = question_features("And how long?", "How long may family members stay in the State of employment?", True)
    assert q.matching.startswith("How long may family members")
    assert {stem("family"), stem("members"), stem("stay")} <= q.stems
    assert q.wants_number and q.asked == "And how long?"


def test_references_are_not_informative_terms_and_a_bare_provision_question_is_recognised():
    q = question_features("What does Article 98(3) say?", "What does Article 98(3) say?", False)
    assert [(r.article, r.paragraph) for r in q.references] == [("98", "3")]
    assert q.only_names_provision and "98" not in q.terms
    about = question_features("What does Article 98 say about medical care for family members?",
                              "What does Article 98 say about medical care for family members?", False)
    assert not about.only_names_provision and {stem("medical"), stem("care")} <= about.stems


def test_numbers_annexes_mood_and_parts():
    q = question_features("What did the 2019 agreement and Annex 30 say, and what would Russia do?",
                          "What did the 2019 agreement and Annex 30 say, and what would Russia do?", False)
    assert q.numbers == ("2019",) and q.annexes == ("30",) and q.hypothetical
    assert q.parts == ("What did the 2019 agreement and Annex 30 say", "what would Russia do?")


def test_parts_are_those_retrieval_searched():
    """One splitter: multipart.split_parts of the condensed question (pieces under three words are no parts)."""
    from eaeu_qa.multipart import split_parts

    asked = "Did Russia end up offering that, and when?"
    standalone = "As for the compromise in the article, did Russia end up offering that, and when?"
    assert question_features(asked, standalone, True).parts == tuple(split_parts(standalone)) == ()
    asked = "And who pays? how long does it take?"
    standalone = "Who pays for the medical care? how long does it take?"
    assert question_features(asked, standalone, True).parts == ("Who pays for the medical care",
                                                                "how long does it take?")


def test_script_share_detects_a_question_not_in_english():
    assert latin_share("\u0427\u0442\u043e \u0433\u043e\u0432\u043e\u0440\u0438\u0442 \u0441\u0442\u0430\u0442\u044c\u044f 98?") == 0.0
    assert latin_share("What does Article 98 say?") == 1.0
    assert latin_share("1234 ?") == 1.0


def test_the_word_that_names_the_answer_type_is_no_term_the_evidence_must_hold():
    # "often" is the question's form (a frequency is asked for), not a word to find in Art. 15(1), which
    # answers it with "at least two times a year".
    q = question_features("How often does it have to meet?", "How often does the Intergovernmental Council have "
                          "to meet?", True)
    assert q.answer_type == "duration"
    assert [t.lower() for t in q.terms] == ["intergovernmental", "council", "meet"]
    assert stem("often") not in q.stems
