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


def test_the_outcome_side_and_the_dates_are_read_from_the_condensed_question():
    """Read once here (outcome.question_side, leads.dates), as the answerer's candidates, scores and leads use them."""
    q = question_features("And if it loses?", "What happens if Kyrgyzstan loses the case?", True)
    assert q.outcome_side == -1 and q.dates == frozenset()
    q = question_features("And by 8 May 2015?", "What did the Supreme Council have to decide by 8 May 2015?", True)
    assert q.dates == {(8, "may", "2015")} and q.outcome_side == 0
    assert question_features("What if the court sides with Bishkek?", "", False).outcome_side == 1


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


def test_the_asked_for_thing_is_read_after_the_wh_determiner():
    from eaeu_qa.answering.features import asked_head

    assert asked_head("what papers i need to get a polis for my son?") == ("papers",)
    assert asked_head("Within how many days must the draft be revised?") == ("days",)
    assert asked_head("What professional qualifications does a judge need?") == ("professional", "qualifications")
    assert asked_head("In which city is the Council based?") == ("city",)
    assert asked_head("What does the treaty say about pensions?") == ()  # a function word follows: no thing named
    assert asked_head("Why did Kyrgyzstan sue Russia?") == ()
    assert question_features("How much procent tax they cut?", "How much procent tax they cut?", False).asked_head \
        == ("procent", "tax")


def test_unsupported_ask_is_one_where_the_evidence_never_names_the_asked_for_thing(make_chunk, evidence_feature):
    from eaeu_qa.answering.evidence import FEATURES, SIGNS

    unsupported = evidence_feature([make_chunk("A worker shall present the documents listed by the State of "
                                               "employment.", context="Papers")], "unsupported_ask")

    assert unsupported("Which documents must a worker present?") == 0.0
    assert unsupported("What fee must a worker pay?") == 1.0
    assert unsupported("Must a worker present anything?") == 0.0  # no asked-for thing: nothing to miss
    assert SIGNS[FEATURES.index("unsupported_ask")] == -1  # it can only pull towards refusing


def test_a_present_time_word_counts_where_it_qualifies_the_asked_for_state_of_the_world():
    from eaeu_qa.answering.features import asks_present

    # the asked-for state of the world now: an office holder, a figure, an event so far
    assert asks_present("Who chairs the Commission at the moment?")
    assert asks_present("how many migrants from Osh are working in Kazan right now?")
    assert asks_present("Has Russia answered the claim yet?")
    assert asks_present("What did the leaders agree at their latest meeting?")  # an adjective: the meeting's time
    assert asks_present("my cousin asks me. who is the chairman of the Council today?")
    # the user's own story: a background sentence, a personal subject, the moment of a past event
    assert not asks_present("my uncle worked 10 year in Tver, now he live in Osh. who pays his pension?")
    assert not asks_present("i work in a cafe now, can the owner keep my passport?")
    assert not asks_present("Why did the government go to court now rather than wait?")
    # the present perfect's adverbs: an event up to now, unless a past tense or the user's story frames it
    assert asks_present("Has the Court already given its answer?")
    assert asks_present("Has any member State ever withdrawn from the Union?")
    assert not asks_present("Did Commission decisions that had already been adopted apply to Kyrgyzstan?")
    assert not asks_present("i work in russia 6 years already. which law pays my pension?")
    # no present-time word at all
    assert not asks_present("Who appoints the judges of the Court?")
    assert question_features("Who heads the Board now?", "Who heads the Board now?", False).present_time
    assert not question_features("now i am in Omsk, must i register?", "now i am in Omsk, must i register?",
                                 False).present_time


def test_the_kind_prior_reads_the_asked_clause_without_the_users_story():
    from eaeu_qa.answering.features import asked_clause

    assert asked_clause("my husband works in moscow, can our children see a doctor for free?") == \
        "can our children see a doctor for free?"
    assert asked_clause("i work in russia 3 years, my boss not pay. can i sue him?") == "can i sue him?"
    assert asked_clause("I live in Kazan. And what does Article 98 say?") == "And what does Article 98 say?"
    # kept whole: a clause before the question that is not the user's story, or no clause opening a question
    for whole in ("If Russia loses, what happens?", "Under Article 98, what rights do workers have, and who pays?",
                  "my child need vaccination in russia, free?", "When did Kyrgyzstan join the EAEU?", ""):
        assert asked_clause(whole) == whole
    q = question_features("we live in Kazan, can my son go to school?", "", False, kind_asked_clause=True)
    assert q.kind_text == "can my son go to school?" and q.matching.startswith("we live in Kazan")
    assert question_features("we live in Kazan, can my son go to school?", "", False,
                             kind_asked_clause=False).kind_text == q.matching
    # off by default (Settings.kind_asked_clause): the whole question is scored
    assert question_features("we live in Kazan, can my son go to school?", "", False).kind_text == q.matching
