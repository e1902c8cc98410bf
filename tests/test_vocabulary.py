from eaeu_qa.vocabulary import expand_query, treaty_terms


def test_lay_terms_map_to_treaty_wording():
    assert treaty_terms("When does it take effect?") == ["enter into force"]
    assert "family members" in treaty_terms("Are dependants covered by health insurance?")
    assert "compulsory medical insurance" in treaty_terms("Are dependants covered by health insurance?")


def test_questions_in_treaty_wording_are_unchanged():
    question = "What does Article 98(3) say about the State of employment?"
    assert expand_query(question) == question
