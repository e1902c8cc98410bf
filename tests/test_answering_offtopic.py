"""The off-topic gate (answerability.off_topic): a question sharing no topic with the documents is refused plainly."""

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from eaeu_qa.answering.answerability import OffTopicLevels, off_topic, outside_topic, reads_domain
from eaeu_qa.answering.domain import DomainModel, kmeans, load_domain
from eaeu_qa.answering.wording import OFF_TOPIC, WEAK_EVIDENCE
from eaeu_qa.records import RetrievedPassage
from eaeu_qa.settings import Settings

# Generic questions outside the documents' subject (not from any eval set): nothing in the corpus comes near them.
OFF_TOPIC_QUESTIONS = ["How do I bake bread?", "What is photosynthesis?", "How do I fix a flat bicycle tire?"]
# Look-alikes: each shares a word with the treaties' passages ("world", "train", "rules") but no topic with the
# questions the documents answer (written for this test; the domain signal, answering/domain.py, refuses them).
LOOK_ALIKES = ["Who won the 2026 football world cup?", "how to train my dog to sit", "What are the rules of chess?"]
# Answerable questions in lay or broken English, far in wording from the treaties' language: not the gate's to refuse
# (the evidence model may still judge them; the gate must not).
LAY_QUESTIONS = [
    "my husband works in moscow, can our children see a doctor for free?",
    "my wife and kids not working, can they get the medical insurance in russia??",
    "can my son go to school in russia if i work there?",
]


@pytest.mark.parametrize("question", OFF_TOPIC_QUESTIONS)
def test_a_question_outside_the_documents_is_refused_plainly(qa_chain, question):
    answer = qa_chain.ask(question)
    assert answer.refusal == "off_topic"
    assert answer.answer.startswith(OFF_TOPIC) and not answer.citations  # no unrelated passage shown


@pytest.mark.parametrize("question", LAY_QUESTIONS)
def test_a_lay_question_about_the_documents_subject_is_not_refused_by_the_gate(qa_chain, question):
    assert qa_chain.ask(question).refusal != "off_topic"


def test_the_gate_is_the_best_similarity_below_its_level_and_never_for_an_upload(make_chunk):
    level = Settings().off_topic_similarity
    assert 0 < level < Settings().nearby_similarity
    corpus = [RetrievedPassage(1, make_chunk("Text of the treaty."), 0.0)]
    upload = [RetrievedPassage(1, make_chunk("A user's own file.", source_id="upload-notes"), 0.0)]
    alone, both = OffTopicLevels(level), OffTopicLevels(level, 0.3)  # the similarity level alone; with a domain level
    chat = replace(both, chat_domain=0.1)
    assert off_topic(level - 0.01, None, corpus, alone)
    assert not off_topic(level + 0.01, None, corpus, alone)
    assert not off_topic(level - 0.01, None, upload + corpus, alone)  # an upload may be about anything
    assert not off_topic(0.0, None, [], alone)  # no passages: the weak-evidence refusal's case
    assert not off_topic(level - 0.01, None, corpus, OffTopicLevels(0.0))  # 0 = off
    # a turn that points back is judged on the domain signal of its rewrite alone
    assert not off_topic(level - 0.01, None, corpus, both, points_back=True)
    assert not off_topic(level - 0.01, 0.4, corpus, both, points_back=True)
    assert off_topic(level - 0.01, 0.2, corpus, both, points_back=True)
    # the domain level for a conversation's turn judged on its own words is chosen here, not by the caller
    assert off_topic(0.3, 0.2, corpus, both)  # a first turn: under the domain level
    assert not off_topic(0.3, 0.2, corpus, chat, in_conversation=True)
    assert off_topic(0.3, 0.05, corpus, chat, in_conversation=True)
    assert off_topic(0.3, 0.2, corpus, both, in_conversation=True)  # no chat level: the domain level
    # ... held to the domain level when it is also far from the previous turn and its answer (levels.conversation)
    far = replace(chat, conversation=0.1)
    assert off_topic(0.3, 0.2, corpus, far, in_conversation=True, conversation=0.05)
    assert not off_topic(0.3, 0.2, corpus, far, in_conversation=True, conversation=0.15)  # near what was just said
    assert not off_topic(0.3, 0.2, corpus, far, in_conversation=True, conversation=None)  # not read
    assert not off_topic(0.3, 0.35, corpus, far, in_conversation=True, conversation=0.05)  # near the documents'
    # questions
    assert not off_topic(0.3, 0.2, corpus, chat, in_conversation=True, conversation=-0.05)  # 0 = off (a cosine may be
    # negative)
    # a pointing-back turn keeps the first-turn domain level with both signals, in a conversation or not
    assert off_topic(level - 0.01, 0.2, corpus, chat, points_back=True, in_conversation=True)


def test_the_gates_levels_are_read_from_the_settings_once():
    """OffTopicLevels.from_settings: each level is the Settings field of its name, so an env override reaches the
    gate."""
    s = Settings.from_env({"EAEU_QA_OFF_TOPIC_CHAT_LEXICAL": "0.25", "EAEU_QA_NEARBY_SIMILARITY": "0.5"})
    levels = OffTopicLevels.from_settings(s)
    assert (levels.chat_lexical, levels.related) == (0.25, 0.5)
    assert (levels.similarity, levels.domain, levels.chat_domain, levels.conversation, levels.lexical,
            levels.first_lexical, levels.first_lexical_domain) == (
        s.off_topic_similarity, s.off_topic_domain, s.off_topic_chat_domain, s.off_topic_conversation,
        s.off_topic_lexical, s.off_topic_first_lexical, s.off_topic_first_lexical_domain)


def test_the_gates_level_is_a_setting_that_reaches_the_answerer(settings, retriever, qa_chain):
    """Settings.off_topic_similarity has an env override; at 0 (the domain signal off too) the gate is off and the
    evidence model decides."""
    import dataclasses

    from eaeu_qa.answering import extractive
    from eaeu_qa.answering.base import AnswerRequest

    assert Settings.from_env({"EAEU_QA_OFF_TOPIC_SIMILARITY": "0.2"}).off_topic_similarity == 0.2
    question = OFF_TOPIC_QUESTIONS[0]
    passages = retriever.search(question, k=8)
    reasons = []
    for level, domain in ((settings.off_topic_similarity, 0.0), (0.0, 0.0)):
        answerer = extractive.ExtractiveAnswerer(
            dataclasses.replace(settings, off_topic_similarity=level, off_topic_domain=domain),
            qa_chain.answerer.corpus_chunks)
        answerer.attach(qa_chain.answerer._handles)
        reasons.append(answerer.answer(AnswerRequest(question, question, passages)).signals.get("reason", ""))
    assert reasons[0] == "off_topic" and reasons[1] != "off_topic"


@pytest.mark.parametrize("question", ["What is CHI?", "What does CHI stand for?"])
def test_an_acronym_the_corpus_writes_is_not_refused_as_off_topic(qa_chain, settings, retriever, question):
    """The embedding model does not know the article's acronym (both dense signals are low): the lexical veto lets it
    through; with the veto off the gate refuses it."""
    import dataclasses

    from eaeu_qa.chain import QAChain

    assert qa_chain.ask(question).refusal != "off_topic"
    off = QAChain(dataclasses.replace(settings, off_topic_lexical=0.0), retriever).ask(question)
    assert off.refusal == "off_topic"


@pytest.mark.parametrize("question", ["How do I bake bread in the EAEU?", "What is the CHI of a cat?"])
def test_an_acronym_the_corpus_writes_does_not_let_an_off_topic_question_through(qa_chain, question):
    """The acronym counts as one word of the corpus share: beside words the corpus never writes it leaves the share
    under Settings.off_topic_lexical, and the dense signals refuse the question as before the veto."""
    answer = qa_chain.ask(question)
    assert answer.refusal == "off_topic" and not answer.citations


@pytest.mark.parametrize("question", LOOK_ALIKES)
def test_a_look_alike_is_refused_by_the_domain_signal_and_not_without_it(qa_chain, settings, retriever, question):
    import dataclasses

    from eaeu_qa.chain import QAChain

    answer = qa_chain.ask(question)
    assert answer.refusal == "off_topic" and not answer.citations
    off = QAChain(dataclasses.replace(settings, off_topic_domain=0.0), retriever).ask(question)
    assert off.refusal != "off_topic"  # the passage similarity alone lets it through


# (earlier turn, a turn complete on its own that is off the documents' subject): the condenser puts the earlier topic
# before it ("As for Kyrgyzstan suing Russia, how do I bake bread?"), or leaves it as it is; written for this test.
OFF_TOPIC_TURNS = [("Why did Kyrgyzstan sue Russia?", OFF_TOPIC_QUESTIONS[0]),
                   ("What does Article 98(3) say?", OFF_TOPIC_QUESTIONS[1]),
                   ("When did Kyrgyzstan join the EAEU?", OFF_TOPIC_QUESTIONS[2])]


@pytest.mark.parametrize("earlier,question", OFF_TOPIC_TURNS)
def test_an_off_topic_turn_inside_a_conversation_is_judged_on_its_own_words(qa_chain, earlier, question):
    condensed = qa_chain.condenser.condense(question, qa_chain.replay(qa_chain_turns(qa_chain, [earlier])))
    assert not condensed.points_back  # nothing of the earlier turn filled in: at most a topic put before it
    answer = qa_chain.ask(question, history=[earlier])
    assert answer.refusal == "off_topic" and not answer.citations
    assert answer.answer.startswith(OFF_TOPIC)


def test_a_turn_far_from_the_conversation_is_held_to_the_first_turn_domain_level(qa_chain, settings, retriever):
    """A turn complete on its own whose words come near the questions the documents answer only a little (above
    off_topic_chat_domain) is refused when it is also far from the previous turn and its answer
    (Settings.off_topic_conversation); with that level and Settings.off_topic_chat_lexical at 0 the chat level alone
    lets it through. Written for this test."""
    import dataclasses

    from eaeu_qa.chain import QAChain

    history, question = ["What does Article 98 say about family members?"], "cool. what is a good recipe for plov?"
    answer = qa_chain.ask(question, history=history)
    assert answer.refusal == "off_topic" and not answer.citations
    assert 0 < settings.off_topic_conversation < settings.off_topic_domain
    assert Settings.from_env({"EAEU_QA_OFF_TOPIC_CONVERSATION": "0"}).off_topic_conversation == 0.0
    # the chat level alone (the lexical condition off too: the corpus writes few of its words, so it holds the turn
    # to the first-turn level as well)
    off = QAChain(dataclasses.replace(settings, off_topic_conversation=0.0, off_topic_chat_lexical=0.0),
                  retriever).ask(question, history=history)
    assert off.refusal != "off_topic"


def test_a_follow_up_that_points_back_is_judged_on_its_rewrite(qa_chain):
    """A migrant's elliptical follow-up ("them": the kids of the earlier turn) is about the documents' subject, whatever
    its own words' or its rewrite's cosine to the passages its conversation found (review s17: refused before)."""
    history = ["my husband work in moscow, me and kids live with him"]
    question = "and doctor for them?"
    condensed = qa_chain.condenser.condense(question, qa_chain.replay(qa_chain_turns(qa_chain, history)))
    assert condensed.points_back and condensed.standalone != question
    answer = qa_chain.ask(question, history=history)
    assert answer.refusal != "off_topic" and answer.answerable
    assert any("98" in c.locator for c in answer.citations)


def qa_chain_turns(qa_chain, history: list[str]):
    from eaeu_qa.history import parse_history

    return parse_history(history, qa_chain.settings, keep_recent=True)


def test_the_domain_level_separates_the_documents_questions_from_others(qa_chain, settings):
    from eaeu_qa.embeddings import encode_query

    model = load_domain(settings.model_name)
    assert model is not None and model.centroids.shape[1] == 384
    level = settings.off_topic_domain
    assert 0 < level < 1 and Settings.from_env({"EAEU_QA_OFF_TOPIC_DOMAIN": "0"}).off_topic_domain == 0.0
    on = encode_query(settings.embedding, ["Can family members of migrant workers get medical insurance in Russia?",
                                            "Why did Kyrgyzstan take Russia to the EAEU Court?"])
    off = encode_query(settings.embedding, LOOK_ALIKES + OFF_TOPIC_QUESTIONS)
    assert all(model.similarity(v) > level for v in on)
    assert all(model.similarity(v) < level for v in off)


def test_the_lexical_veto_lets_through_what_the_corpus_itself_writes(make_chunk):
    """A text whose words are the corpus's own (domain.corpus_share at least Settings.off_topic_lexical) is never refused
    by the gate, whichever dense signal says it is far; below the level, or with the level at 0, the dense signals
    decide as before."""
    corpus = [RetrievedPassage(1, make_chunk("Text of the treaty."), 0.0)]
    level, lexical = 0.155, Settings().off_topic_lexical
    assert 0 < lexical <= 1
    assert Settings.from_env({"EAEU_QA_OFF_TOPIC_LEXICAL": "0"}).off_topic_lexical == 0.0
    vetoed, off = OffTopicLevels(level, 0.3, lexical=lexical), OffTopicLevels(level, 0.3)
    assert not off_topic(0.05, 0.1, corpus, vetoed, lexical=lexical)
    assert not off_topic(0.05, 0.1, corpus, vetoed, points_back=True, lexical=1.0)
    assert off_topic(0.05, 0.1, corpus, vetoed, lexical=lexical - 0.01)
    assert off_topic(0.05, 0.1, corpus, off, lexical=1.0)  # 0 = off
    assert off_topic(0.05, 0.1, corpus, vetoed, lexical=None)  # no informative word


def test_the_corpus_share_reads_the_corpus_words(qa_chain):
    """domain.corpus_share on the real corpus: an acronym the article writes throughout is all the corpus's; a question
    whose words the corpus never writes shares nothing; a place the corpus does not name lowers it."""
    from eaeu_qa.answering.domain import corpus_share

    answerer = qa_chain.answerer
    answerer.warm()

    def share(text: str) -> float | None:
        features = answerer.features(text, text, False)
        return corpus_share(features.terms, answerer._stats, features.acronyms)

    assert share("What is CHI?") == 1.0
    assert share("What does CHI stand for?") == 1.0  # "stand" is the question's form (answertype.type_words)
    # an acronym the corpus writes is one word of the share, weighted like the others; it does not decide it alone
    assert share("What is the CHI of a cat?") < 0.7 and share("How do I bake bread in the EAEU?") < 0.7
    assert share("What does the UK stand for?") == 0.0  # an acronym the corpus never writes
    assert share("Tell me a joke about programmers") == 0.0
    assert 0 < share("What is the capital of France?") < share("What is the capital of the EAEU?") == 1.0
    assert share("What is it?") is None  # no informative word: not read


def test_the_two_signals_and_the_domain_model_file(tmp_path):
    level, domain_level, related = 0.15, 0.3, 0.45
    assert outside_topic(0.1, level) and not outside_topic(0.2, level)  # the passage similarity alone
    assert outside_topic(0.3, level, 0.2, domain_level, related)  # far from both
    assert not outside_topic(0.3, level, None, domain_level, related)  # not read (a conversation's turn)
    assert not outside_topic(0.5, level, 0.2, domain_level, related)  # a related passage: never off-topic by domain
    assert not outside_topic(0.3, level, 0.4, domain_level, related)  # near the documents' questions
    assert not outside_topic(0.3, level, 0.2, 0.0, related)  # 0 = off
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(40, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    centroids = kmeans(vectors, 4)
    assert centroids.shape == (4, 8) and np.allclose(np.linalg.norm(centroids, axis=1), 1, atol=1e-5)
    assert np.array_equal(centroids, kmeans(vectors, 4))  # deterministic
    model = DomainModel(centroids, "some-model")
    path = tmp_path / "domain.json"
    path.write_text(json.dumps(model.to_dict()), encoding="utf-8")
    read = load_domain("some-model", path)
    assert read is not None and abs(read.similarity(vectors[0]) - model.similarity(vectors[0])) < 1e-4
    assert load_domain("another-model", path) is None  # fitted for other vectors: not read (warned)
    assert read.similarity(np.ones(5, dtype=np.float32)) is None  # a vector of another size scores nothing
    assert load_domain("some-model", Path(tmp_path / "absent.json")) is None


def test_no_answerable_dev_tuning_question_is_refused_as_off_topic(qa_chain):
    """The fit's premise (scripts/offtopic_fit.py: no answerable tuning turn refused) on the dev TUNING split."""
    import sys

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "scripts"))
    from split import dev_test_ids

    test = dev_test_ids(root / "eval" / "dev.jsonl")
    items = [json.loads(line) for line in (root / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    asked = [i for i in items if i["answerable"] and i["id"] not in test]
    assert len(asked) > 40
    refused = [i["id"] for i in asked if qa_chain.ask(i["question"], history=i.get("history") or []).refusal == "off_topic"]
    assert refused == []


def test_the_domain_is_not_read_for_a_question_about_the_documents(documents):
    from eaeu_qa.answering.features import question_features
    from eaeu_qa.chunking import chunk_documents

    chunks = chunk_documents(list(documents.values()))

    def reads(text: str) -> bool:
        return reads_domain(question_features(text, text, False, chunks=chunks))

    assert reads(LOOK_ALIKES[0])
    assert not reads("<b>What</b> does **Article 98(3)** say? <script>alert(1)</script>")  # names a provision
    assert not reads("What does the article say about football?")  # names one of the documents


@pytest.mark.parametrize("history", [[], ["What does Article 98(3) say?"]])
def test_a_turn_that_asks_nothing_gets_a_short_neutral_reply(qa_chain, history):
    """"thanks!" alone or after an answer: neither the refusal of a question nor the earlier answer again."""
    from eaeu_qa.answering.answerability import asks_nothing
    from eaeu_qa.answering.wording import ACKNOWLEDGED

    answer = qa_chain.ask("thanks!", history=history)
    assert answer.answer == ACKNOWLEDGED and not answer.answerable and not answer.citations
    assert asks_nothing("ok, great") and not asks_nothing("pensions?") and not asks_nothing("tell me about the case now")


def test_a_turn_in_other_words_than_the_documents_is_held_to_the_first_turn_level(make_chunk):
    """A conversation's turn judged on its own words whose domain similarity is between the chat level and the
    first-turn level, near enough to the conversation, is refused when the corpus writes under
    Settings.off_topic_chat_lexical of its words (domain.corpus_share), not at or above it, not with the level at 0, and
    not for a turn that points back (judged on its rewrite)."""
    corpus = [RetrievedPassage(1, make_chunk("Text of the treaty."), 0.0)]
    s = Settings()
    assert 0 < s.off_topic_chat_lexical < s.off_topic_lexical
    assert Settings.from_env({"EAEU_QA_OFF_TOPIC_CHAT_LEXICAL": "0"}).off_topic_chat_lexical == 0.0
    domain = (s.off_topic_chat_domain + s.off_topic_domain) / 2
    near = s.off_topic_conversation + 0.1

    def refused(share, level=s.off_topic_chat_lexical, points_back=False, own_pointer=False):
        levels = replace(OffTopicLevels.from_settings(s), chat_lexical=level, first_lexical=0.0)
        return off_topic(0.3, domain, corpus, levels, points_back=points_back, in_conversation=True,
                         conversation=near, lexical=share, own_pointer=own_pointer)

    assert refused(s.off_topic_chat_lexical - 0.01)
    assert not refused(s.off_topic_chat_lexical)
    assert not refused(0.0, level=0.0)  # 0 = off
    assert not refused(None)  # no informative word: not read
    assert not refused(0.0, points_back=True)  # a rewrite is judged on both dense signals only
    assert not refused(0.0, own_pointer=True)  # its own words point back ("would that settle it?"): the chat level


# (earlier turn, a turn asking about something else in words the corpus hardly writes); written for this test
AWAY_TURNS = [("Why did Kyrgyzstan sue Russia?", LOOK_ALIKES[0]),
              ("What does Article 98 say about family members of workers?", "What is Atlantis?")]


@pytest.mark.parametrize("earlier,question", AWAY_TURNS)
def test_a_turn_leaving_the_documents_words_is_refused_mid_chat(qa_chain, settings, retriever, earlier, question):
    """Near the conversation and above the chat level, such a turn was answered (with quotes about the case); held to
    the first-turn level because the corpus writes few of its words, it is refused plainly, and with the level at 0 it
    is not refused as off-topic."""
    import dataclasses

    from eaeu_qa.chain import QAChain

    answer = qa_chain.ask(question, history=[earlier])
    assert answer.refusal == "off_topic" and not answer.citations and answer.answer.startswith(OFF_TOPIC)
    off = QAChain(dataclasses.replace(settings, off_topic_chat_lexical=0.0), retriever).ask(question, history=[earlier])
    assert off.refusal != "off_topic"


def test_a_turn_whose_own_words_point_back_is_marked_so(qa_chain, monkeypatch):
    """AnswerRequest.own_pointer (Condensed.own_pointer, pointers.own_words_point_back): "that" or an opening "and"
    points back, whatever the condenser did with the turn; a turn complete on its own does not; a first turn never
    does."""
    from eaeu_qa.condensing.pointers import own_words_point_back

    terms = qa_chain.condenser.terms
    assert own_words_point_back("would that actually settle it?", terms)
    assert own_words_point_back("and for the children?", terms)
    assert not own_words_point_back("Who won the world cup?", terms)
    earlier = ["Why did Kyrgyzstan sue Russia?"]
    assert qa_chain.condenser.condense("would that actually settle it?", earlier).own_pointer
    assert qa_chain.condenser.condense("and for the children?", earlier).own_pointer
    assert not qa_chain.condenser.condense("Who won the world cup?", earlier).own_pointer
    assert not qa_chain.condenser.condense("would that actually settle it?").own_pointer
    requests = []
    answer = qa_chain.answerer.answer
    monkeypatch.setattr(qa_chain.answerer, "answer", lambda request: requests.append(request) or answer(request))
    qa_chain.ask("would that actually settle it?", history=["Why did Kyrgyzstan sue Russia?"])
    assert requests[-1].own_pointer and requests[-1].in_conversation
    qa_chain.ask("would that actually settle it?")
    assert not requests[-1].own_pointer


def test_a_first_turn_in_few_of_the_documents_words_is_held_to_a_higher_domain_level(make_chunk):
    """A first turn the corpus writes under Settings.off_topic_first_lexical of (domain.corpus_share) is refused under
    Settings.off_topic_first_lexical_domain, whatever its passage similarity; not at either level, not with either at
    0, not unread, not in a conversation or pointing back (their own levels), not beside an upload."""
    from eaeu_qa.answering.answerability import few_corpus_words

    s = Settings()
    assert 0 < s.off_topic_first_lexical < s.off_topic_lexical and s.off_topic_domain < s.off_topic_first_lexical_domain
    assert Settings.from_env({"EAEU_QA_OFF_TOPIC_FIRST_LEXICAL": "0"}).off_topic_first_lexical == 0.0
    share, domain = s.off_topic_first_lexical - 0.01, s.off_topic_first_lexical_domain - 0.01
    assert few_corpus_words(share, 0.15, domain, 0.477 + 0.01) and not few_corpus_words(0.15, 0.15, 0.4, 0.5)
    assert not few_corpus_words(0.1, 0.15, 0.5, 0.5) and not few_corpus_words(0.1, 0.0, 0.4, 0.5)
    assert not few_corpus_words(0.1, 0.15, 0.4, 0.0) and not few_corpus_words(None, 0.15, 0.4, 0.5)
    assert not few_corpus_words(0.1, 0.15, None, 0.5)
    corpus = [RetrievedPassage(1, make_chunk("Text of the treaty."), 0.0)]
    upload = [RetrievedPassage(1, make_chunk("A user's own file.", source_id="upload-notes"), 0.0)]

    def refused(passages=corpus, in_conversation=False, points_back=False, first=s.off_topic_first_lexical):
        # a passage related enough to show (0.6): the first-turn domain level alone would not refuse it
        levels = replace(OffTopicLevels.from_settings(s), chat_lexical=0.0, first_lexical=first)
        return off_topic(0.6, domain, passages, levels, points_back=points_back, in_conversation=in_conversation,
                         lexical=share)

    assert refused()
    assert not refused(first=0.0) and not refused(upload + corpus)
    assert not refused(in_conversation=True) and not refused(points_back=True)


def test_the_gate_says_which_of_its_conditions_refuses(make_chunk):
    """off_topic reports the condition (OffTopic): FEW_WORDS when only the first-turn lexical one refuses, OUTSIDE when
    its other conditions do, whether or not that one does too, NONE (false) when none does."""
    from eaeu_qa.answering.answerability import OffTopic

    s = Settings()
    levels = OffTopicLevels.from_settings(s)
    corpus = [RetrievedPassage(1, make_chunk("Text of the treaty."), 0.0)]
    few, some = s.off_topic_first_lexical - 0.01, (s.off_topic_first_lexical + s.off_topic_lexical) / 2  # corpus shares
    between = (s.off_topic_domain + s.off_topic_first_lexical_domain) / 2  # a domain similarity between the two levels
    related, unrelated = s.nearby_similarity + 0.1, s.off_topic_similarity - 0.05  # best passage similarities
    assert off_topic(related, between, corpus, levels, lexical=few) is OffTopic.FEW_WORDS
    assert off_topic(unrelated, between, corpus, levels, lexical=few) is OffTopic.OUTSIDE  # both conditions refuse
    assert off_topic(unrelated, between, corpus, levels, lexical=some) is OffTopic.OUTSIDE
    assert off_topic(related, between, corpus, levels, lexical=some) is OffTopic.NONE
    assert off_topic(related, between, corpus, replace(levels, first_lexical=0.0), lexical=few) is OffTopic.NONE
    assert not OffTopic.NONE and OffTopic.FEW_WORDS and OffTopic.OUTSIDE  # a caller asking only whether it refuses


# Written for this test (a kind from the browser checks, not an eval item): a request for content whose words the
# documents never write, its vector between the first-turn domain level and the first-lexical one; and a migrant
# worker's question in their own words (the review's probe, s21 R5, not an eval item): in the documents' area, in few of
# their words. The first-turn lexical condition alone refuses either.
FEW_WORDS = ["Tell me a joke about lawyers", "can boss fire me if my son sick?"]


@pytest.mark.parametrize("question", FEW_WORDS)
def test_a_first_turn_the_documents_hardly_write_is_told_they_do_not_answer_it(qa_chain, settings, retriever, question):
    """Through the real chain: refused with the not-in-the-documents wording (wording.WEAK_EVIDENCE, a closest passage
    only where one is related enough to show), not the off-topic one, which says the documents are about something
    else (ExtractiveAnswerer.topic_gate: "few_words"); with the level at 0 (the gate before it) it was answered with
    quotes (the evidence model let it through)."""
    import dataclasses

    from eaeu_qa.chain import QAChain

    answer = qa_chain.ask(question)
    assert answer.refusal == "weak_evidence" and answer.answer.startswith(WEAK_EVIDENCE)
    assert OFF_TOPIC not in answer.answer
    off = QAChain(dataclasses.replace(settings, off_topic_first_lexical=0.0), retriever).ask(question)
    assert off.answerable and off.citations
