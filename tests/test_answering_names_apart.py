"""answering/names_apart.py: a first turn's asked words apart from its place names, and the off-topic gate on them."""

import dataclasses
from dataclasses import replace

import pytest

from eaeu_qa.answering.answerability import OffTopic, OffTopicLevels, off_topic
from eaeu_qa.answering.names_apart import asked_apart, place_names, without
from eaeu_qa.answering.wording import OFF_TOPIC, WEAK_EVIDENCE
from eaeu_qa.records import RetrievedPassage
from eaeu_qa.settings import Settings


def test_the_place_names_are_read_off_the_corpus_and_left_out_of_the_text(qa_chain):
    """Words the corpus writes capitalised and without "the" ("Kazakhstan", "Belarus"; "moscow" lower-case in the
    turn too), not its bodies ("the Commission", "the EAEU"); the text without them, possessives too."""
    answerer, terms = qa_chain.answerer, qa_chain.condenser.terms
    answerer.warm()

    def names(text):
        question = answerer.features(text, text, False)
        return place_names((*question.terms, *question.acronyms), terms)

    assert names("who won the hockey game Kazakhstan vs Belarus") == {"Kazakhstan", "Belarus"}
    assert names("i work in moscow, can my son go to school there?") == {"moscow"}
    assert not {"Commission", "EAEU"} & names("What did the Commission tell the EAEU Court about Russia?")
    assert without("What is Bishkek's position on Moscow?", {"Bishkek", "moscow"}) == "What is position on ?"


def test_the_words_apart_from_the_names_are_read_through_the_real_answerer(qa_chain):
    """Written for this test (not an eval item): the place names are the only words of the turn the corpus writes, so
    the share of its other words is 0, and its text without them comes further from the documents' questions than
    the whole turn; a turn without place names is read whole (None)."""
    import numpy as np

    answerer = qa_chain.answerer
    answerer.warm()
    text = "who won the hockey game Kazakhstan vs Belarus"
    question = answerer.features(text, text, False)
    share, domain = asked_apart(text, question, qa_chain.condenser.terms, answerer._stats, answerer.vectors,
                                answerer.domain)
    whole = answerer.domain.similarity(np.asarray(answerer.vectors.question(text), dtype=np.float32))
    assert share == 0.0 and domain < whole
    plain = "how do i bake bread"
    assert asked_apart(plain, answerer.features(plain, plain, False), qa_chain.condenser.terms, answerer._stats,
                       answerer.vectors, answerer.domain) is None


def test_the_gate_reads_the_words_apart_from_the_names_on_a_first_turn_only(make_chunk):
    """off_topic refuses a first turn (FEW_WORDS) under Settings.off_topic_first_lexical_domain whose words apart from
    its place names are under both Settings.off_topic_names_lexical and _names_domain; not at either level, not with
    either at 0, not without such names (None), not when the whole turn comes nearer (a turn about the case's parties
    by name), not in a conversation or pointing back, not beside an upload."""
    s = Settings()
    assert 0 < s.off_topic_names_lexical < s.off_topic_first_lexical and 0 < s.off_topic_names_domain
    assert Settings.from_env({"EAEU_QA_OFF_TOPIC_NAMES_LEXICAL": "0"}).off_topic_names_lexical == 0.0
    levels = OffTopicLevels.from_settings(s)
    assert (levels.names_lexical, levels.names_domain) == (s.off_topic_names_lexical, s.off_topic_names_domain)
    corpus = [RetrievedPassage(1, make_chunk("Text of the treaty."), 0.0)]
    upload = [RetrievedPassage(1, make_chunk("A user's own file.", source_id="upload-notes"), 0.0)]
    low = (s.off_topic_names_lexical - 0.01, s.off_topic_names_domain - 0.01)
    related, share = s.nearby_similarity + 0.1, s.off_topic_lexical - 0.1
    whole = (s.off_topic_domain + s.off_topic_first_lexical_domain) / 2

    def gate(apart=low, passages=corpus, levels=levels, domain=whole, **kw):
        # the whole turn passes every other condition: a related passage, a fair corpus share, a domain between the
        # gate's level and the first-turn lexical one
        return off_topic(related, domain, passages, levels, lexical=share, apart=apart, **kw)

    assert gate() is OffTopic.FEW_WORDS
    assert not gate(apart=None) and not gate(apart=(s.off_topic_names_lexical, low[1]))
    assert not gate(apart=(low[0], s.off_topic_names_domain)) and not gate(apart=(None, low[1]))
    assert not gate(levels=replace(levels, names_lexical=0.0)) and not gate(levels=replace(levels, names_domain=0.0))
    assert not gate(in_conversation=True) and not gate(points_back=True) and not gate(passages=upload + corpus)
    assert not gate(domain=s.off_topic_first_lexical_domain) and not gate(domain=None)


@pytest.mark.parametrize("question", ["who won the hockey game Kazakhstan vs Belarus"])
def test_a_first_turn_lifted_by_its_place_names_alone_is_told_the_documents_do_not_answer_it(qa_chain, settings,
                                                                                              retriever, question):
    """Through the real chain (written for this test, not an eval item): refused with the not-in-the-documents wording
    (ExtractiveAnswerer.topic_gate: "few_words"), not the off-topic one; with Settings.off_topic_names_lexical at 0
    (the gate before it) it is answered with quotes, its place names lifting it over every other condition."""
    from eaeu_qa.chain import QAChain

    answer = qa_chain.ask(question)
    assert answer.refusal == "weak_evidence" and answer.answer.startswith(WEAK_EVIDENCE)
    assert OFF_TOPIC not in answer.answer
    off = QAChain(dataclasses.replace(settings, off_topic_names_lexical=0.0), retriever).ask(question)
    assert off.answerable and off.citations


# In-domain turns carrying place names (written for this test in the voices of a migrant worker, a journalist and a
# chat, not eval items): the gate reads the words apart from the names of the first turn, a turn about the case's
# parties by name comes near the documents' questions as a whole (review s24 R2: "What does Bishkek want?" was refused
# when only its words apart from the names were read), and the chat's last turn is not a first turn.
IN_DOMAIN = [("I work in Moscow, can my son go to school there?", []), ("What does Bishkek want?", []),
             ("what is kyrgyzstan asking russia for", []), ("Did Russia agree with Bishkek?", []),
             ("and in Kazakhstan?", ["can my wife get free doctor in russia if i work there legally?"])]


@pytest.mark.parametrize("question,history", IN_DOMAIN)
def test_a_question_about_the_documents_carrying_a_place_name_is_answered(qa_chain, question, history):
    answer = qa_chain.ask(question, history=history)
    assert answer.answerable and answer.citations
