"""Vocabulary: lay terms mapped to treaty wording, and absent or misspelt words read as corpus words."""

from eaeu_qa.vocabulary import treaty_terms


def test_lay_terms_map_to_treaty_wording():
    assert treaty_terms("When does it take effect?") == ["enter into force"]
    assert "family members" in treaty_terms("Are dependants covered by health insurance?")
    assert "compulsory medical insurance" in treaty_terms("Are dependants covered by health insurance?")


def test_questions_in_treaty_wording_have_no_lay_terms():
    assert treaty_terms("What does Article 98(3) say about the State of employment?") == []


def test_absent_words_get_their_nearest_corpus_word(settings, index_handle):
    from eaeu_qa.vocabulary import WordNeighbours

    neighbours = WordNeighbours(index_handle.path, settings.embedding, 0.5)
    # "salary", "kids" and a misspelt "kindergarden" are not corpus words: their nearest corpus words are added.
    found = neighbours.terms("my salary is small, can my kids go to kindergarden?")
    assert "wages" in found and "children" in found and "salary" not in found
    # Words the corpus uses (also as a possessive or with another ending) add nothing.
    assert neighbours.terms("Kyrgyzstan's workers and the Court") == []
    assert WordNeighbours(index_handle.path, settings.embedding, 0.0).terms("my salary") == []
    assert WordNeighbours(index_handle.path, settings.embedding, 0.99).terms("my salary") == []


def test_a_misspelt_word_is_read_as_the_known_word_it_misspells(settings, index_handle):
    from eaeu_qa.vocabulary import WordNeighbours

    neighbours = WordNeighbours(index_handle.path, settings.embedding, 0.5)
    assert neighbours.spelling("kindergarden") == "kindergarten"  # a lay word, then its treaty wording
    assert neighbours.spelling("automaticaly") == "automatically"  # a corpus word
    assert neighbours.spelling("salary") == ""  # already lay wording the vocabulary maps
    assert neighbours.spelling("court") == ""  # a known word
    assert neighbours.spelling("zzzzzzzz") == ""
    found = neighbours.terms("can my son go to kindergarden?")
    assert "kindergarten" in found and "preschool education" in treaty_terms(" ".join(found))


def test_corpus_wording_joins_the_lay_vocabulary_and_the_corpus_neighbours(settings, index_handle):
    from eaeu_qa.vocabulary import WordNeighbours, corpus_wording, treaty_terms

    neighbours = WordNeighbours(index_handle.path, settings.embedding, 0.5)
    question = "can my kids go to school, and is my salary taxed?"
    wording = corpus_wording(question, neighbours)
    assert wording[:len(treaty_terms(question))] == treaty_terms(question)  # the vocabulary's terms first
    assert "preschool education" in wording and "children" in wording  # "kids" is a word the corpus never uses
    assert corpus_wording(question, None) == treaty_terms(question)


def test_each_absent_word_is_looked_up_once(settings, index_handle):
    """A question and its parts (and the answerer's corpus wording) ask for the same absent words: each is looked up
    once per word table, and what a text gets is the same as a fresh lookup's."""
    from eaeu_qa.vocabulary import WordNeighbours, _choices

    neighbours = WordNeighbours(index_handle.path, settings.embedding, 0.5)
    whole = "my salary is small; can my kids go to kindergarden?"
    found = neighbours.terms(whole)
    before = _choices.cache_info()
    parts = [neighbours.terms("my salary is small"), neighbours.terms("can my kids go to kindergarden?")]
    after = _choices.cache_info()
    assert after.misses == before.misses and after.hits > before.hits  # nothing looked up again
    assert [w for part in parts for w in part] == found == WordNeighbours(index_handle.path, settings.embedding,
                                                                           0.5).terms(whole)
    assert _choices(neighbours, "kindergarden") == ("kindergarten", ())
