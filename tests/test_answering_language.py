"""The language check for Latin-script questions (answering/language.py) on the real word list, corpus and chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eaeu_qa.answering.answerability import not_english
from eaeu_qa.answering.features import question_features
from eaeu_qa.answering.language import (FOREIGN_FUNCTION_WORDS, corpus_words, english_share, foreign_words,
                                        function_words, latin_words, listed_only)
from eaeu_qa.answering.wording import NOT_ENGLISH
from eaeu_qa.chunking import chunk_documents
from eaeu_qa.entities import STOPWORDS
from eaeu_qa.settings import Settings

EVAL = Path(__file__).resolve().parent.parent / "eval"
FRENCH = "Que dit l'article 98 du Traité sur l'assurance médicale des membres de la famille ?"
GERMAN = "Warum hat Kirgisistan Russland vor dem Gericht der EAWU verklagt?"
# Broken English as migrant workers write it, with typos and Russian/Kyrgyz loan words (written for this test).
BROKEN_ENGLISH = ["my propiska ends next week, what i do?", "patent for work in moscow oblast, i need it?",
                  "how much som i pay for OMS polis for my kids", "can my wief and kidz get medecal insurens in rusia",
                  "wat dose artcle 98 sey abut insurence?", "propiska?",
                  # names and chat shorthand (code review s17, B3)
                  "Does Tokayev support Japarov?", "Can Japarov sue Putin?", "Sadyr Japarov news?",
                  "Putin vs Japarov: who wins?", "pls explain art 98 thx", "wat abt my kidz",
                  "What does 'obyazatelnoe medicinskoe strahovanie' mean?",
                  "de jure vs de facto exclusion?"]  # set phrases English borrows (final review s17, B5)


@pytest.fixture(scope="module")
def chunks(documents):
    return chunk_documents(list(documents.values()))


@pytest.fixture(scope="module")
def corpus(chunks):
    return corpus_words(chunks)


def _flagged(text: str, chunks, corpus=None) -> bool:
    return not_english(question_features(text, text, False, chunks=chunks, corpus=corpus))


def test_words_are_latin_runs_and_english_reads_inflections_typos_and_the_corpus(chunks):
    assert latin_words("l'assurance médicale, Артикул 98?") == ["assurance", "médicale"]
    assert foreign_words("Who chairs the Council and who reported it?", chunks) == ()  # inflected forms: stems
    assert foreign_words("medecal insurance", chunks) == ()  # one edit from a corpus word
    assert foreign_words("medecal insurance") == ("medecal",)  # ... and without the corpus, it is not English
    assert set(foreign_words("Warum hat Kirgisistan Russland verklagt?", chunks)) >= {"warum", "verklagt"}
    assert english_share("1234 ?") == 1.0 and english_share("Was sagt der Artikel 98?", chunks) < 0.5


def test_short_words_english_only_by_the_list_count_neither_way(chunks):
    """"alt", "bin" are words of the general list, not the corpus's nor English function words: they say nothing
    about the language, so a short German question reads as German (0.5 when they counted as English)."""
    assert set(foreign_words("wie alt bin ich?", chunks)) == {"wie", "ich"}
    assert set(listed_only(latin_words("wie alt bin ich?"), chunks)) == {"wie", "alt", "bin", "ich"}
    assert listed_only(["was", "the", "tax", "why", "und"], chunks) == ("und",)  # corpus and function words count
    assert english_share("wie alt bin ich?", chunks) == 0.0
    assert english_share("wie alt bin ich?", chunks, list_least=1) == 0.5  # counted, they read as English
    assert english_share("and what about my son and his kid?", chunks) == 1.0


def test_names_are_out_of_both_counts_and_function_words_are_foreign(chunks):
    """A capitalised word that does not start a sentence (a name, a short form) counts neither way; another language's
    function word is foreign though the general list holds it ("und", "den")."""
    assert latin_words("Does Tokayev support Japarov? Putin says OMS is new.") == [
        "does", "support", "putin", "says", "is", "new"]
    assert set(foreign_words("Und was ist mit den Kindern?", chunks)) == {"und", "ist", "mit", "den"}
    assert function_words("pls explain art 98 thx, wat abt my kidz") == ()
    assert function_words("Que dit l'article 98 du Traité ?") == ("que", "du")
    assert not FOREIGN_FUNCTION_WORDS & STOPWORDS  # none of them is an English function word


def test_french_and_german_are_flagged_and_broken_english_is_not(chunks):
    assert _flagged(FRENCH, chunks) and _flagged(GERMAN, chunks)
    assert not any(_flagged(q, chunks) for q in BROKEN_ENGLISH)


def test_no_tuning_turn_reads_as_another_language(chunks, corpus):
    """The fit's premise (scripts/language_fit.py) holds for the shipped settings: every eval/tune*.jsonl turn,
    history too, is read as English."""
    turns = [t for path in sorted(EVAL.glob("tune*.jsonl")) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() for t in [json.loads(line)["question"], *(json.loads(line).get("history") or [])]]
    assert len(turns) > 1000
    assert [t for t in turns if _flagged(t, chunks, corpus)] == []


def test_the_thresholds_are_settings_that_reach_the_chain(chunks, settings, retriever):
    from dataclasses import replace

    from eaeu_qa.chain import QAChain

    s = Settings.from_env({"EAEU_QA_MIN_ENGLISH_SHARE": "0.3", "EAEU_QA_FOREIGN_WORDS_LEAST": "5",
                           "EAEU_QA_TYPO_LEAST_LETTERS": "6", "EAEU_QA_LIST_LEAST_LETTERS": "1"})
    assert (s.min_english_share, s.foreign_words_least, s.typo_least_letters, s.list_least_letters) == (0.3, 5, 6, 1)
    features = question_features(FRENCH, FRENCH, False, chunks=chunks)
    assert not_english(features) and features.latin_share == 1.0
    assert not not_english(features, english_least=features.english_share)
    assert not not_english(features, english_least=0.99, foreign_least=len(features.foreign_words) + 1)
    assert foreign_words("medecal", chunks) == () and foreign_words("medecal", chunks, typo_least=8) == ("medecal",)
    chain = QAChain(replace(settings, min_english_share=features.english_share), retriever)
    assert chain.ask(FRENCH).refusal != "not_english"  # the instance's setting, not the class default
    german, low = "wie alt bin ich?", replace(settings, min_english_share=0.45)  # 0.0 (0.5 with the short words)
    assert QAChain(low, retriever).ask(german).refusal == "not_english"
    assert QAChain(replace(low, list_least_letters=1), retriever).ask(german).refusal != "not_english"


def test_the_chain_asks_in_english_for_french_german_and_a_french_follow_up(qa_chain):
    for question in (FRENCH, GERMAN):
        answer = qa_chain.ask(question)
        assert answer.refusal == "not_english" and not answer.answerable and NOT_ENGLISH in answer.answer, question
    follow = qa_chain.ask("Et pour les enfants des travailleurs ?", history=["Can migrant workers get medical care?"])
    assert follow.refusal == "not_english" and NOT_ENGLISH in follow.answer
    short = qa_chain.ask("Und was ist mit den Kindern?",
                         history=["Can family members of Kyrgyz migrant workers get medical insurance in Russia?"])
    assert short.refusal == "not_english" and not short.citations
    for question in ("can my wief and kidz get medecal insurens in rusia", "my propiska ends, can kids stay?",
                     "Does Tokayev support Japarov?", "pls explain art 98 thx"):
        assert qa_chain.ask(question).refusal != "not_english", question


def test_each_answerer_keeps_its_own_corpus_words(chunks, settings):
    """The corpus's words are read once per answerer (warm) and kept on it, not in a module global that the main
    chain and an upload's chain evict from each other (code review s17, B7): a word only an upload writes is English
    to the answerer over that upload and not to the main one."""
    from dataclasses import replace as copy

    from eaeu_qa.answering.extractive import ExtractiveAnswerer

    upload = [copy(chunks[0], chunk_id="upload:1", text="The zylophant levy applies to every quarbinet.")]
    main, other = ExtractiveAnswerer(settings, chunks), ExtractiveAnswerer(settings, chunks + upload)
    main.warm(), other.warm()
    assert main.language_words == corpus_words(chunks)
    assert "zylophant" in other.language_words.words and "zylophant" not in main.language_words.words
    text = "zylophant quarbinet levy?"
    assert foreign_words(text, main.language_words) == ("zylophant", "quarbinet")
    assert foreign_words(text, other.language_words) == ()


def test_the_answerer_reads_a_turn_with_its_own_settings_and_corpus_words(chunks, settings):
    """Every question_features call of the answerer (the asked turn, the off-topic gate's own-words turn) goes through
    ExtractiveAnswerer.features: the instance's settings and the corpus words read in warm (final review s17, B4)."""
    from dataclasses import replace as copy

    from eaeu_qa.answering.extractive import ExtractiveAnswerer

    plain = ExtractiveAnswerer(settings, chunks)
    strict = ExtractiveAnswerer(copy(settings, typo_least_letters=8), chunks)
    plain.warm(), strict.warm()
    assert plain.features("medecal insurance", "", False).foreign_words == ()
    assert strict.features("medecal insurance", "", False).foreign_words == ("medecal",)
    assert plain.features("Und was ist mit den Kindern?", "", False).english_share < 0.5
