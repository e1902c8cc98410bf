"""Follow-up rewrites of the seventeenth session (issue 8): which document 'the article' is, what an instrument verb's
'it' stands for, an answer's names as antecedents, and turns complete on their own; each with the rewrite it gave
before in a comment."""

from conftest import rewrite as _rewrite  # tests/ on sys.path: shared with the other follow-up tests


def test_a_turn_names_a_source_with_the_and_a_provision_is_of_a_treaty(condenser):
    from eaeu_qa.condensing.focus import named_sources, other_source

    terms = condenser.terms
    assert named_sources("what does the article say?", terms) == {"article"}
    assert named_sources("what does that article say?", terms) == set()  # a pointer, no source
    assert other_source("Article 98", "what does the article say Russia's position is?", terms)
    assert not other_source("Article 98", "what does the treaty say about pensions?", terms)
    assert not other_source("Article 98 of the EAEU Treaty", "and in the EAEU Treaty?", terms)


def test_the_article_without_a_number_is_the_analysis_article(condenser):
    # "What does the article say Russia's position is in Article 98?"
    assert _rewrite(condenser, "and what does the article say Russia's position is?", "What does Article 98 say?") \
        == "What does the article say Russia's position is?"
    assert _rewrite(condenser, "and what does the article say Kyrgyzstan argues?",
                    "What does Article 98 of the EAEU Treaty say about trade unions?") \
        == "What does the article say Kyrgyzstan argues?"
    # a turn naming no document keeps the provision as its context
    assert "Article 98" in _rewrite(condenser, "and what about pensions?", "What does Article 98 say?")


def test_a_verb_of_instruments_takes_the_instrument_the_answer_cited(condenser):
    from eaeu_qa.records import CitedLocator, HistoryTurn

    joined = HistoryTurn("When did Kyrgyzstan join the Eurasian Economic Union?",
                         answer="Article 1, paragraph 1 of the Kyrgyz Accession Treaty provides that “Hereby Kyrgyz "
                                "Republic enters to the Treaty on Eurasian Economic Union” [1].",
                         citations=(CitedLocator("Art. 1, para. 1", "accession_treaty"),))
    # 'When was Kyrgyzstan ratified?'
    assert _rewrite(condenser, "and when was it ratified?", joined) == "When was the Kyrgyz Accession Treaty ratified?"
    assert _rewrite(condenser, "who signed it?", joined) == "Who signed the Kyrgyz Accession Treaty?"
    assert _rewrite(condenser, "when did it enter into force?", joined) == \
        "When did the Kyrgyz Accession Treaty enter into force?"
    # an instrument the conversation named comes first; a verb of no instrument keeps the party
    assert _rewrite(condenser, "when was it signed?", "What does the accession treaty say about Kyrgyzstan?") == \
        "When was the accession treaty signed?"
    assert _rewrite(condenser, "When was it admitted?", joined) == "When was Kyrgyzstan admitted?"
