from eaeu_qa.vocabulary import expand_query, treaty_terms


def test_lay_terms_map_to_treaty_wording():
    assert treaty_terms("When does it take effect?") == ["enter into force"]
    assert "family members" in treaty_terms("Are dependants covered by health insurance?")
    assert "compulsory medical insurance" in treaty_terms("Are dependants covered by health insurance?")


def test_questions_in_treaty_wording_are_unchanged():
    question = "What does Article 98(3) say about the State of employment?"
    assert expand_query(question) == question


def test_absent_words_get_their_nearest_corpus_word(settings, index_handle):
    from eaeu_qa.vocabulary import WordNeighbours

    neighbours = WordNeighbours(index_handle.path, settings.model_name, 0.5)
    # "salary", "kids" and a misspelt "kindergarden" are not corpus words: their nearest corpus words are added.
    found = neighbours.terms("my salary is small, can my kids go to kindergarden?")
    assert "wages" in found and "children" in found and "salary" not in found
    # Words the corpus uses (also as a possessive or with another ending) add nothing.
    assert neighbours.terms("Kyrgyzstan's workers and the Court") == []
    assert WordNeighbours(index_handle.path, settings.model_name, 0.0).terms("my salary") == []
    assert WordNeighbours(index_handle.path, settings.model_name, 0.99).terms("my salary") == []
