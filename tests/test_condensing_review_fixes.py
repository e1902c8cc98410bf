"""Follow-up rewrites after the fifteenth session's review (B2, B3, B8).

Follow-up rewrites after the fifteenth session's review (B2, B3, B8): a provision keeps its treaty, 'the same rule'
with only a document named points back, a capitalised word neither the corpus nor the user writes in lower case is a
name."""

from eaeu_qa.records import HistoryTurn


def test_a_name_the_corpus_never_writes_keeps_its_capital_when_it_opens_the_turn(condenser):
    # review B8: 'Tajikistan' opens the turn and the corpus never writes it; it was read as a sentence's capital and
    # lower-cased ('the workers of the tajikistan')
    result = condenser.condense("what about its workers in Russia?",
                                [HistoryTurn("Tajikistan is not a member of the EAEU, is it?", answer="")])
    assert "Tajikistan" in result.standalone and "tajikistan" not in result.standalone, result.standalone


def test_a_capital_is_the_sentences_only_when_the_corpus_or_the_user_writes_the_word_in_lower_case(condenser):
    assert condenser.terms.is_common_word("Family")  # the corpus writes it in lower case
    assert condenser._initial_capital("Family", "Family members of workers?")
    assert condenser._initial_capital("Doctor", "Doctor for the kids?", "and doctor for them?")  # the user's own case
    assert not condenser._initial_capital("Doctor", "Doctor for the kids?", "Doctor for the kids?")
    assert not condenser._initial_capital("Tajikistan", "Tajikistan is not a member of the EAEU, is it?",
                                          "Tajikistan is not a member of the EAEU, is it?")
    assert not condenser._initial_capital("Russia", "Russia pays?", "russia pays?")  # a name the corpus knows
    # 'doctors' is not 'doctor': the user's lower case counts for the word as written only
    assert not condenser._initial_capital("Doctor", "Doctor for the kids?", "and doctors for them?")


def test_one_setting_decides_which_words_the_corpus_writes_as_names(condenser, monkeypatch):
    from eaeu_qa.condensing.focus import written_as_name

    assert condenser.terms.is_name_word("Russia") and written_as_name(["russia"], 0, condenser.terms)
    assert [condenser._definite(w) for w in ("russia", "Commission")] == ["russia", "the Commission"]
    # no word is capitalised that often (the terms' share: the chain builds it from its Settings.name_capitalised_share)
    monkeypatch.setattr(condenser.terms, "name_capitalised_share", 1.01)
    assert not condenser.terms.is_name_word("Russia") and not written_as_name(["russia"], 0, condenser.terms)
    # no name now: a lower-case phrase gets 'the', a capitalised one is left as written
    assert [condenser._definite(w) for w in ("russia", "Commission")] == ["the russia", "Commission"]
    assert condenser.terms.is_common_word("Russia")


def test_the_same_rule_with_only_a_document_named_asks_about_the_earlier_provision(condenser):
    # review B3: only a turn naming its own provision compares within it and stands alone
    history = ["What does Article 98(3) of the EAEU Treaty say about family members of workers?"]
    for question in ("Is the same rule in the accession treaty?", "Does the same rule apply under the accession treaty?"):
        result = condenser.condense(question, history)
        assert result.is_follow_up and "Article 98(3) of the EAEU Treaty" in result.standalone, result.standalone
        assert "accession treaty" in result.standalone
    own = "Does Article 98 of the EAEU Treaty say family members get social security on the same terms?"
    assert condenser.condense(own, ["What does the lawyer recommend?"]).standalone == own


def test_a_real_follow_up_about_the_other_treaty_does_not_quote_its_article_of_the_same_number(qa_chain):
    # review B2: 'As for Article 8 and the bodies of the Union, is that in the accession treaty too?' quoted the
    # accession treaty's own Art. 8 (import duty shares), another article than the EAEU Treaty's Art. 8
    answer = qa_chain.ask("is that in the accession treaty too?",
                          history=["What does Article 8 of the EAEU Treaty say about the bodies of the Union?"])
    assert "Article 8 of the EAEU Treaty" in answer.standalone_question, answer.standalone_question
    assert answer.citations
    assert not any(c.source_id == "accession_treaty" and c.locator.startswith("Art. 8") for c in answer.citations), \
        [(c.source_id, c.locator) for c in answer.citations]
    assert "None of the passages found in the Kyrgyz Accession Treaty" in answer.note


def test_a_real_follow_up_asking_for_the_same_rule_in_the_other_treaty_quotes_the_earlier_rule_with_the_note(qa_chain):
    # review B3: answered as a standalone question with accession Arts 1(2), 2(1), 11(1) and no note
    answer = qa_chain.ask("Is the same rule in the accession treaty?",
                          history=["What does Article 98(3) of the EAEU Treaty say about family members of workers?"])
    assert answer.citations and answer.citations[0].locator == "Art. 98(3)", [c.locator for c in answer.citations]
    assert "None of the passages found in the Kyrgyz Accession Treaty" in answer.note
