"""Sessions' threads share one answerer: a request's unknown words are its own; shared caches are bounded LRUs."""

import dataclasses
import sys
import threading

import numpy as np

from eaeu_qa.answering.evidence import CorpusStats, encode_word
from eaeu_qa.answering.extractive import ExtractiveAnswerer
from eaeu_qa.answering.units import chunk_units
from eaeu_qa.answering.vectors import UnitVectors
from eaeu_qa.lru import LRUCache

# Questions with words outside the index's word table (made-up and rare words), so each ask encodes some.
QUESTIONS = [
    "Does Article 98 cover the zorblat of a worker's family?",
    "Can a migrant's quibbleworth get medical insurance in Russia?",
    "Who pays for the flimflammery of family members under the EAEU Treaty?",
    "Where does the Court of the EAEU sit, glorptastic or not?",
]


def test_request_words_are_its_own_and_the_cache_is_bounded(settings, make_chunk):
    """One session marking its unknown words leaves another's mapping alone, and the shared cache of encoded words
    keeps at most Settings.word_cache_size of them (an evicted word is encoded again, to the same vector)."""
    bounded = dataclasses.replace(settings, word_cache_size=2)
    stats = CorpusStats([make_chunk("Member States shall provide medical care to workers.")], None, settings=bounded)
    mine = stats.unknown_words(["Zorblat", "quibbleworth"])
    other = stats.unknown_words(["flimflammery"])  # another session's request, meanwhile
    assert mine == {"zorblat": None, "quibbleworth": None}
    assert other == {"flimflammery": None}
    UnitVectors(settings.embedding).question("Is a zorblat a quibbleworth?", mine)
    assert all(v is not None for v in mine.values()) and "flimflammery" not in mine
    stats.remember(mine)
    assert stats.unknown_words(["zorblat", "flimflammery"]) == {"flimflammery": None}  # encoded once, remembered
    for word in ("flimflammery", "glorptastic", "zorblat"):
        stats.word_vector(word, settings.embedding)
    assert len(stats.extra_words) == 2 and "quibbleworth" not in stats.extra_words
    again = stats.word_vector("quibbleworth", settings.embedding)
    assert np.array_equal(again, encode_word(settings.embedding, "quibbleworth"))
    assert len(stats.extra_words) == 2


def test_word_cache_stays_bounded_under_threads():
    cache = LRUCache(8)
    vector = np.ones(2, dtype=np.float32)
    errors = []

    def fill(n):
        try:
            for i in range(2000):
                cache.put(f"w{n}-{i}", vector)
                cache.get(f"w{n}-{i - 1}")
        except Exception as e:  # noqa: BLE001 - any error fails the test below
            errors.append(e)

    threads = [threading.Thread(target=fill, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(cache) == 8


UPLOADED = ["Tenants shall pay the rent by the fifth day of each month.",
            "The landlord shall repair the heating within ten days of a written request.",
            "Either party may end the lease with two months' notice in writing."]


def test_the_units_of_chunks_and_encoded_unit_vectors_are_bounded(settings, make_chunk):
    """The answerer's units per chunk and the vectors it encodes for units no index stores (uploads) keep at most
    Settings.unit_cache_size entries each; an evicted chunk's units are split again, an evicted vector encoded again,
    equal to the first."""
    bounded = dataclasses.replace(settings, unit_cache_size=2)
    chunks = [make_chunk(text, source_id="upload-lease", start=1000 * (n + 1)) for n, text in enumerate(UPLOADED)]
    answerer = ExtractiveAnswerer(bounded, chunks)
    first = answerer.units_of(chunks[0])
    for chunk in chunks:
        assert answerer.units_of(chunk) == chunk_units(chunk)
    assert len(answerer._units) == 2 and chunks[0].chunk_id not in answerer._units
    assert answerer.units_of(chunks[0]) == first
    vectors = UnitVectors(settings.embedding, bounded.unit_cache_size)
    units = [u for c in chunks for u in chunk_units(c)]
    matrix = vectors.units(units)
    assert len(units) == 3 and len(vectors.encoded) == 2 and units[0] not in vectors
    assert np.allclose(vectors.units(units[:1])[0], matrix[0], atol=1e-6) and len(vectors.encoded) == 2


def test_concurrent_asks_over_the_real_chain(qa_chain):
    """Threads asking at once (frequent thread switches) raise nothing and answer as one thread does."""
    interval = sys.getswitchinterval()
    answers, errors = {}, []

    def ask(question):
        try:
            answers[question] = qa_chain.ask(question)
        except Exception as e:  # noqa: BLE001 - any error fails the test below
            errors.append(e)

    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=ask, args=(q,)) for q in QUESTIONS]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors, errors
    for question in QUESTIONS:
        alone = qa_chain.ask(question)
        assert answers[question].answer == alone.answer
        assert answers[question].answerable == alone.answerable and answers[question].citations == alone.citations
