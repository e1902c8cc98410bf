"""What a turn talks about: names, provisions, the asked-for noun, subject, corpus statistics.

What a turn talks about: names, provisions, the asked-for noun, the grammatical subject, corpus statistics
(model-free: a tiny corpus built from hand-written chunks)."""

import pytest

from eaeu_qa.entities import (SAYING_VERBS, STOPWORDS, CorpusTerms, cited_provisions, content_words, document_of,
                              names, provisions, tokens)
from eaeu_qa.condensing.subjects import asked_for, grammatical_subject, statement_subject, subject_phrase, topic_chunks
from eaeu_qa.condensing.verbs import main_verb, sure_verb, verb_positions
from eaeu_qa.records import CitedLocator


@pytest.fixture(scope="module")
def terms(make_chunk):
    """A few sentences' word statistics (in place of conftest's real-corpus `terms`): what each rule needs, no more."""
    texts = ["The Court of the EAEU shall be the judicial body of the EAEU.",
             "Residence of the Commission shall be the city of Moscow, the Russian Federation.",
             "The member States shall cooperate; a member State worker has the right to join trade unions.",
             "The decisions of the Supreme Council shall be taken by consensus.",
             "Workers may get medical care; a worker of a member State shall take the oath."]
    return CorpusTerms.from_chunks([make_chunk(t, start=i * 100) for i, t in enumerate(texts)])


def test_corpus_statistics(terms):
    assert terms.weight("consensus") > terms.weight("the")
    assert terms.weight("never-seen") == max(terms.idf.values())
    assert terms.is_noun("decisions") and terms.is_noun("never-seen")  # after 'the'; unseen words count as nouns
    assert terms.is_common_word("decisions") and not terms.is_common_word("Moscow")
    assert terms.source_titles == {"eaeu_treaty": "EAEU Treaty"}


def test_names_are_capitalised_phrases_without_sentence_initial_common_words(terms):
    found = [e.text for e in names("Where is the Court of the EAEU based, and does Russia agree?", terms)]
    assert found == ["the Court of the EAEU", "Russia"]
    assert names("Decisions of the Supreme Council", terms)[0].text == "the Supreme Council"
    assert names("Kyrgyzstan's case", terms)[0].text == "Kyrgyzstan"


def test_provisions_and_cited_locators(terms):
    assert [e.text for e in provisions("What do Article 98(3) and Annex 30 say?")] == ["Article 98(3)", "Annex 30"]
    assert provisions("Art. 112 of the EAEU Treaty")[0].text == "Article 112 of the EAEU Treaty"
    cited = cited_provisions([CitedLocator("Art. 19(2)", "eaeu_treaty"), CitedLocator("Intro, para. 1", "x")], terms)
    assert [e.text for e in cited] == ["Article 19(2) of the EAEU Treaty"]
    assert document_of("the EAEU Treaty", terms) == "eaeu_treaty" and document_of("the article", terms) == ""


def test_question_grammar():
    assert asked_for("Which court hears the case?") == {"court", "hears"}
    assert asked_for("How does it work?") == set()
    assert grammatical_subject("What does the Eurasian Economic Commission do?") == "the Eurasian Economic Commission"
    assert grammatical_subject("Why?") == ""
    assert "migrant workers" in " ".join(topic_chunks("What social insurance do migrant workers get?"))
    assert content_words("And what about pensions?") == ["pensions"]


@pytest.mark.parametrize("question, verb", [
    ("Why did Kyrgyzstan sue Russia?", "sue"),  # after 'do': the base form after the subject
    ("Where was the treaty signed?", "signed"),  # after 'be': the participle before the question mark
    ("What does Russia say about it?", None),  # a verb of saying: a statement is asked for, not an action
    ("can she get medical insurance?", None),  # no wh-word: not the 'Wh- AUX subject VERB' shape
])
def test_main_verb(question, verb):
    words = tokens(question)
    assert (words[main_verb(words)] if main_verb(words) >= 0 else None) == verb


@pytest.mark.parametrize("text, verbs", [
    ("Why did Kyrgyzstan sue Russia?", ["sue"]),
    ("can she get medical insurance?", ["get"]),  # after a subject pronoun
    ("if they lose the case", ["lose"]),
    ("workers have to meet the rules", ["meet"]),  # after 'have to'
    ("What could happen if the court rules in Kyrgyzstan's favour?", ["happen"]),  # a modal after a wh-word
])
def test_verb_positions(text, verbs):
    words = tokens(text)
    assert [words[i] for i in sorted(verb_positions(words))] == verbs


def test_an_s_form_the_corpus_never_has_as_a_noun_is_a_verb_after_a_name(terms):
    words = tokens("if the EAEU Court backs Kyrgyzstan")
    assert [words[i] for i in sorted(verb_positions(words, terms))] == ["backs"]
    assert not verb_positions(words)  # the corpus decides: without its statistics, no verb


def test_sure_verb_by_corpus_statistics_or_by_the_word_before(terms):
    # the corpus has 'get' and 'take' only as verbs, 'worker' after a determiner
    assert terms.noun_share["get"] == terms.noun_share["take"] == 0.0 < terms.noun_share["worker"]
    assert sure_verb(tokens("Can my family get care"), 3, terms)
    assert sure_verb(tokens("Can the Commission take it"), 3, terms)
    assert not sure_verb(tokens("Can a member State worker stay"), 4, terms)
    # words the corpus lacks: a verb after a name or a plural ('Kyrgyzstan sue', 'employers hire'), else unsure
    assert sure_verb(tokens("Why did Kyrgyzstan sue Russia"), 3, None)
    assert sure_verb(tokens("Can employers hire workers"), 2, None)
    assert not sure_verb(tokens("Can a guy stay here"), 3, None)


@pytest.mark.parametrize("clause, subject", [
    ("my wife is not working", "my wife"),
    ("if the court rules in Kyrgyzstan's favour", "the court"),
    ("if migration in the EAEU becomes more ad hoc", "migration"),
    ("if it happens", ""),  # a pronoun is no subject phrase
    ("What is it?", ""),  # a question, not a statement
])
def test_statement_subject(clause, subject):
    assert statement_subject(clause) == subject


@pytest.mark.parametrize("text, subject", [
    ("my wife is not working, can she get medical insurance in Russia?", "my wife"),  # the first clause with one
    ("Why did Kyrgyzstan sue Russia?", "Kyrgyzstan"),
    ("What could happen if the court rules in Kyrgyzstan's favour?", "the court"),  # the wh-word is the subject
    ("can they go?", ""),  # a bare pronoun only
])
def test_subject_phrase(text, subject):
    assert subject_phrase(text) == subject


def test_saying_verbs_end_a_subject_only_where_they_are_stopwords():
    # main_verb reads a subject up to its first stopword: of the verbs of saying, only these can end it there
    assert SAYING_VERBS & STOPWORDS == {"say", "says", "said"}


def test_a_verb_of_saying_after_the_subject_ends_a_topic_phrase():
    question = "What middle-ground solution does the article think Russia might offer instead of losing the case?"
    assert tokens(question).index("think") in verb_positions(tokens(question))
    assert "the article" in topic_chunks(question) and "Russia" in topic_chunks(question)
    assert 5 in verb_positions(tokens("What do the member States think?"))  # also when it ends the turn
    assert not verb_positions(tokens("Which claims does the article list?")) & {1}  # a noun before the auxiliary


def test_written_near_counts_a_words_forms_a_few_words_after_another_in_one_sentence():
    class Chunk:
        source_id, short_title, title = "s", "S", "T"

        def __init__(self, text):
            self.text = text

    terms = CorpusTerms.from_chunks([Chunk("Kyrgyzstan filed the lawsuit. Russia's position rests on its law."),
                                      Chunk("The position. Files were lost.")])
    assert terms.written_near("Kyrgyzstan", "file") == 1  # 'filed', two words apart
    assert terms.written_near("Russia", "rest") == 1  # a possessive counts as its name
    assert terms.written_near("position", "rests") == 1
    assert terms.written_near("position", "files") == 0  # the sentence ended between them
    assert terms.written_near("lawsuit", "Kyrgyzstan") == 0  # only what comes after
    # the window is Settings.near_words (3): 'Kyrgyzstan ... lawsuit' is three words apart, out of a window of two
    assert terms.written_near("Kyrgyzstan", "lawsuit") == 1
    narrow = CorpusTerms.from_chunks([Chunk("Kyrgyzstan filed the lawsuit.")], near_words=2)
    assert narrow.written_near("Kyrgyzstan", "lawsuit") == 0 and narrow.written_near("Kyrgyzstan", "file") == 1
