"""Follow-up rewrites the sixteenth session's user audit found wrong (issue 8, K2).

Follow-up rewrites the sixteenth session's user audit found wrong (issue 8, K2): each kind fixed by a general rule,
with the rewrite it gave before in a comment."""

from eaeu_qa.records import HistoryTurn

from conftest import ANSWER, REFUSAL, rewrite as _rewrite  # tests/ on sys.path: shared with the other follow-up tests


def test_a_bare_verb_is_no_topic_phrase(terms):
    from eaeu_qa.condensing.subjects import topic_chunks

    # 'Kyrgyzstan and the decide', 'the affect Armenia', 'the happen and Kyrgyzstan in the article'
    assert topic_chunks("what did Kyrgyzstan ask it to decide?", terms) == ["Kyrgyzstan"]
    assert topic_chunks("how would that affect Armenia?", terms) == ["Armenia"]
    assert "happen" not in " ".join(topic_chunks("What does the article say could happen if Kyrgyzstan wins?", terms))
    # an inverted modal's subject is no verb: 'kids' stays a phrase
    assert "kids" in topic_chunks("can kids go to school there?", terms)


def test_a_topic_from_an_earlier_question_is_never_its_verb(condenser):
    # 'As for the decide, how would that affect Armenia?'
    rewrite = _rewrite(condenser, "and how would that affect Armenia?", "For my essay: what is the EAEU Court?",
                       "what did Kyrgyzstan ask it to decide?")
    assert "decide" not in rewrite, rewrite
    # 'What does the treaty say about the affect Armenia?'
    rewrite = _rewrite(condenser, "what does the treaty say about that?", "how would that affect Armenia?")
    assert "the affect" not in rewrite and "Armenia" in rewrite, rewrite


def test_a_question_about_a_source_itself_is_complete_on_its_own(condenser):
    # 'As for the affect Armenia, who wrote the article?'
    history = ["For my essay: what is the EAEU Court?", "what did Kyrgyzstan ask it to decide?",
               "and how would that affect Armenia?"]
    result = condenser.condense("who wrote the article?", [HistoryTurn(q, answer=ANSWER) for q in history])
    assert not result.is_follow_up and result.standalone == "who wrote the article?", result.standalone
    # a source that says something, or a thing in a source, still takes the conversation's topic
    assert "pensions" in _rewrite(condenser, "what does the treaty say?", "and what about pensions in Russia?")
    assert condenser.is_follow_up("what is in the article?")


def test_its_noun_belongs_to_the_earlier_thing_the_corpus_writes_it_with(condenser, terms):
    # 'How many judges does Kyrgyzstan have?', 'What about the judges of Kyrgyzstan?'
    history = ["What is the EAEU Court?", "when did Kyrgyzstan bring its case there?"]
    assert terms.written_near("judges", "court") and not terms.written_near("judges", "kyrgyzstan")
    rewrite = _rewrite(condenser, "and how many judges does it have?", *history)
    assert "the EAEU Court" in rewrite and "Kyrgyzstan" not in rewrite, rewrite
    rewrite = _rewrite(condenser, "what about its judges?", *history)
    assert "judges of the EAEU Court" in rewrite, rewrite
    # a noun the corpus writes with the antecedent keeps it: 'its position' after a turn about Russia
    assert "Russia" in _rewrite(condenser, "and what is its position?", "What does Russia argue?")


def test_after_a_refused_turn_that_points_at_the_last_answered_turn(condenser):
    # 'As for Kyrgyzstan filing the lawsuit, who pays for that insurance now?', 'Is Kyrgyzstan filing the lawsuit in
    # the treaty too?'
    turns = [HistoryTurn("What is Kyrgyzstan's case against Russia about?", answer=ANSWER),
             HistoryTurn("when did they file it?", answer=REFUSAL)]
    for question in ("and who pays for that insurance now?", "is that in the treaty too?"):
        rewrite = _rewrite(condenser, question, *turns)
        assert "fil" not in rewrite and "Kyrgyzstan" in rewrite, rewrite
    # a pronoun still means the refused turn's thing
    assert "lawsuit" in _rewrite(condenser, "and who decides it?", *turns)


def test_it_after_a_verb_is_not_the_party_that_spoke_in_the_previous_question(condenser):
    # 'Which body interprets Russia?'
    rewrite = _rewrite(condenser, "which body interprets it?",
                       "What does Russia argue against the accession treaty changing Article 98 for Kyrgyzstan?")
    assert "Russia" not in rewrite and "the accession treaty" in rewrite, rewrite
    # a party that acts is still 'it' ('when did it join?' after a question about Kyrgyzstan's claim)
    assert "Kyrgyzstan" in _rewrite(condenser, "when did it join the EAEU?", "What does Kyrgyzstan argue?")


def test_the_real_chain_rewrites_the_audits_chats(qa_chain):
    # the chain replays each earlier question (its real answers and citations) before the turn, as a live chat does
    essay = ["For my essay: what is the EAEU Court?", "what did Kyrgyzstan ask it to decide?"]
    answer = qa_chain.ask("and how would that affect Armenia?", history=essay)
    assert "decide" not in answer.standalone_question, answer.standalone_question
    answer = qa_chain.ask("who wrote the article?", history=[*essay, "and how would that affect Armenia?"])
    assert answer.standalone_question == "who wrote the article?", answer.standalone_question
    answer = qa_chain.ask("and how many judges does it have?",
                          history=["What is the EAEU Court?", "when did Kyrgyzstan bring its case there?"])
    assert "Kyrgyzstan" not in answer.standalone_question, answer.standalone_question


def test_after_an_off_topic_or_other_language_refusal_the_turn_takes_the_last_answered_turn(condenser):
    """Every refusal (answering/wording.REFUSALS), not only the weak-evidence one, stated nothing (code review s17, B2).
    'As for the flat bicycle tire, who pays for that insurance now?'"""
    from eaeu_qa.answering.wording import NOT_ENGLISH, OFF_TOPIC

    first = HistoryTurn("What is Kyrgyzstan's case against Russia about?", answer=ANSWER)
    for refused_turn in (HistoryTurn("How do I fix a flat bicycle tire?", answer=OFF_TOPIC),
                         HistoryTurn("Was sagt der Artikel 98 über Familienangehörige?", answer=NOT_ENGLISH)):
        rewrite = _rewrite(condenser, "and who pays for that insurance now?", first, refused_turn)
        assert not any(w in rewrite for w in ("tire", "bicycle", "sagt", "Artikel")), rewrite
        assert "Kyrgyzstan" in rewrite, rewrite
