"""Explicit pointers in a question: articles, paragraphs and documents it names."""

import pytest

from eaeu_qa.references import (Reference, asked_sources, matches_article, mentioned_sources, names_provision,
                                parse_references)


@pytest.mark.parametrize("question, expected", [
    ("What does Article 98 say?", [Reference("98")]),
    ("Explain Art. 96(5)", [Reference("96", "5")]),
    ("What is in paragraph 3 of Article 98?", [Reference("98", "3")]),
    ("What about Article 98's paragraph 4?", [Reference("98", "4")]),
    ("Article 98’s para 4 and Article 97", [Reference("98", "4"), Reference("97")]),
    ("Article 98, paragraph 4 and Art 19 para 2", [Reference("98", "4"), Reference("19", "2")]),
    ("Compare Articles 96-98", [Reference("96"), Reference("97"), Reference("98")]),
    ("What does Article 10 of the accession treaty say?", [Reference("10", "", "accession_treaty")]),
    ("What does the article argue?", []),
])
def test_parse_references(question, expected):
    assert parse_references(question) == expected


def test_mentioned_sources():
    assert mentioned_sources("What does the author say about remittances?") == {"article"}
    assert mentioned_sources("When does the accession treaty enter into force?") == {"accession_treaty"}
    assert mentioned_sources("What does Article 98 of the EAEU Treaty say?") == {"eaeu_treaty"}
    assert mentioned_sources("Where does the court sit?") == set()


def test_asked_sources_leave_out_the_documents_of_a_sentence_that_only_sets_the_context():
    assert asked_sources("The analysis contrasts the EAEU with a customs union. How does the EAEU Treaty define "
                         "one?") == {"eaeu_treaty"}
    assert asked_sources("The piece calls migration a sensitive issue. What does the treaty commit states to?") == set()
    # one sentence, several asking sentences, or none that asks: every document named counts
    assert asked_sources("What does the author say about remittances?") == {"article"}
    assert asked_sources("Does the analysis mention pensions? And the accession treaty?") == {"article",
                                                                                             "accession_treaty"}
    assert asked_sources("The author's view of the accession treaty.") == {"article", "accession_treaty"}


def test_a_bare_low_article_number_means_the_eaeu_treaty(make_chunk):
    eaeu = make_chunk("The Court shall be a judicial body.", article="10", source_id="eaeu_treaty")
    accession = make_chunk("This Treaty shall enter into force.", article="10", source_id="accession_treaty")
    assert matches_article(eaeu, Reference("10")) and not matches_article(accession, Reference("10"))
    assert matches_article(accession, Reference("10", "", "accession_treaty"))


def test_names_provision_only_for_a_phrase_that_opens_with_a_locator():
    assert names_provision("Article 98") and names_provision("Art. 96(5) of the EAEU Treaty")
    assert names_provision("paragraph 3 of Article 98")
    assert not names_provision("the Court of the EAEU") and not names_provision("the judges under Article 12")


@pytest.mark.parametrize("question, expected", [
    # each "Article N" belongs to the treaty named right after it, not to any treaty named somewhere in the question
    ("What do Article 98(3) of the EAEU Treaty and Article 1 of the accession treaty say?",
     [Reference("98", "3"), Reference("1", "", "accession_treaty")]),
    ("What do Article 1 of the accession treaty and Article 98(3) of the EAEU Treaty say?",
     [Reference("1", "", "accession_treaty"), Reference("98", "3")]),
    # a list of references shares the treaty named after its last one
    ("How do Article 98(3) and Article 98(4) of the EAEU Treaty apply to Kyrgyzstan, given the accession treaty?",
     [Reference("98", "3"), Reference("98", "4")]),
    # one treaty named: every reference is to it
    ("Under the accession treaty, what do Article 1 and Article 2 say?",
     [Reference("1", "", "accession_treaty"), Reference("2", "", "accession_treaty")]),
])
def test_each_reference_belongs_to_the_treaty_named_for_it(question, expected):
    assert parse_references(question) == expected


def test_a_question_naming_provisions_of_both_treaties_quotes_each_and_a_missing_one_does_not_refuse_it(qa_chain):
    both = qa_chain.ask("What do Article 98(3) of the EAEU Treaty and Article 1 of the accession treaty say?")
    assert both.answerable
    assert {(c.source_id, c.locator.split("(")[0].split(",")[0]) for c in both.citations} >= {
        ("eaeu_treaty", "Art. 98"), ("accession_treaty", "Art. 1")}
    partial = qa_chain.ask("What do Article 98(3) and Article 150 say?")
    assert partial.answerable and "Art. 98(3)" in {c.locator for c in partial.citations}
    assert "Article 150" in partial.note  # the part that does not resolve is said, not answered
    applied = qa_chain.ask("How do Article 98(3) and Article 98(4) of the EAEU Treaty apply to Kyrgyzstan, given the "
                           "accession treaty?")  # refused before; then answered without 98(4)
    assert applied.answerable and {"Art. 98(3)", "Art. 98(4)"} <= {c.locator for c in applied.citations}
    none = qa_chain.ask("What do Article 150 and Article 160 say?")
    assert not none.answerable


@pytest.mark.parametrize("question, expected", [
    ("What do Articles 97 and 98 of the EAEU Treaty say?", [Reference("97"), Reference("98")]),
    ("Summarise Articles 96, 97, 98, 99 and 100", [Reference(str(n)) for n in range(96, 101)]),
    ("What do Article 98(3) and (4) require?", [Reference("98", "3"), Reference("98", "4")]),
    ("What do Article 98(3) and 98(4) of the EAEU Treaty require?", [Reference("98", "3"), Reference("98", "4")]),
    ("What do Articles 1 and 2 of the accession treaty say?",
     [Reference("1", "", "accession_treaty"), Reference("2", "", "accession_treaty")]),
    # a number after a singular "Article" is no article of a list
    ("Does Article 98 cover 3 or 4 children?", [Reference("98")]),
])
def test_a_list_of_references_names_each_of_them(question, expected):
    assert parse_references(question) == expected


def test_a_section_sign_before_an_article_keeps_its_paragraph():
    """Review s13: '§ 3 of Article 98' is 98(3) as 'Article 98 § 3' is (a \\b before '§' never matched)."""
    for text in ("What does § 3 of Article 98 say?", "What does Article 98 § 3 say?"):
        assert parse_references(text) == [Reference("98", "3")], text


def test_an_articles_own_paragraph_is_one_provision_wherever_provisions_are_read():
    from eaeu_qa.entities import provisions

    for text in ("What about Article 98's paragraph 4?", "paragraph 4 of Article 98", "Article 98(4)"):
        assert [e.text for e in provisions(text)] == ["Article 98(4)"], text
    assert [e.text for e in provisions("Article 98, and paragraph 3")] == ["Article 98", "Paragraph 3"]


def test_its_paragraph_after_an_article_quotes_that_paragraph_not_the_article(qa_chain):
    answer = qa_chain.ask("and what about its paragraph 4?", history=["What does Article 98(3) say?"])
    assert answer.standalone_question == "What about Article 98's paragraph 4?"
    assert answer.citations and answer.citations[0].locator == "Art. 98(4)"
    assert not answer.note  # no overview of the whole article


def test_a_list_of_articles_quotes_each_of_them(qa_chain):
    listed = qa_chain.ask("What do Articles 97 and 98 of the EAEU Treaty say?")
    assert {"Art. 97", "Art. 98"} <= {c.locator.split("(")[0] for c in listed.citations}


def test_the_note_of_a_partly_answered_question_names_every_missing_provision(qa_chain):
    answer = qa_chain.ask("What do Article 98(3), Article 150 and Article 160 say?")
    assert answer.answerable and "Art. 98(3)" in {c.locator for c in answer.citations}
    assert "Article 150" in answer.note and "Article 160" in answer.note


@pytest.mark.parametrize("question, expected", [
    # the bare word "accession" names no treaty: a reference in such a question is the EAEU Treaty's
    ("How does Article 98 apply after Kyrgyzstan's accession?", [Reference("98")]),
    ("Art. 108: what did the accession working group have to do?", [Reference("108")]),
    # a treaty's name still owns the references named for it
    ("What does Article 10 of the Treaty on the Accession of the Kyrgyz Republic say?",
     [Reference("10", "", "accession_treaty")]),
])
def test_only_a_treatys_name_owns_a_reference(question, expected):
    assert parse_references(question) == expected


def test_an_inferred_treaty_that_lacks_the_article_gives_it_to_the_eaeu_treaty(make_chunk):
    chunks = [make_chunk("This Treaty shall enter into force.", article="1", source_id="accession_treaty"),
              make_chunk("Member States shall ensure medical care.", article="98", source_id="eaeu_treaty")]
    question = "Does Article 1 of the accession treaty change Article 98?"
    assert parse_references(question, chunks) == [Reference("1", "", "accession_treaty"), Reference("98")]
    # without the corpus, or when no other treaty has the article, the inference stands
    assert parse_references(question)[1] == Reference("98", "", "accession_treaty")
    assert parse_references("Under the accession treaty, what do Article 1 and Article 2 say?", chunks)[1] == Reference(
        "2", "", "accession_treaty")


def test_a_bare_accession_does_not_refuse_a_question_about_an_eaeu_article(qa_chain):
    after = qa_chain.ask("How does Article 98 apply after Kyrgyzstan's accession?")
    assert after.answerable and any(c.locator.startswith("Art. 98") and c.source_id == "eaeu_treaty"
                                    for c in after.citations)
    both = qa_chain.ask("Does Article 1 of the accession treaty change Article 98?")
    assert both.answerable and "Article 98" not in (both.note or "")
    assert {("eaeu_treaty", "Art. 98"), ("accession_treaty", "Art. 1")} <= {
        (c.source_id, c.locator.split("(")[0].split(",")[0]) for c in both.citations}


def test_article_pairs_are_read_once_per_chunk_list_and_follow_a_new_list():
    from eaeu_qa.references import article_pairs
    from eaeu_qa.records import Chunk

    def chunk(source, article):
        return Chunk(chunk_id=f"{source}-{article}", source_id=source, title="", short_title="", locator="",
                     context="", text="x", search_text="x", start=0, end=1, ordinal=0, article=article)

    corpus = [chunk("eaeu_treaty", "98"), chunk("accession_treaty", "1")]
    assert article_pairs(corpus) == {("eaeu_treaty", "98"), ("accession_treaty", "1")}
    assert article_pairs(corpus) is article_pairs(corpus)  # remembered for the same list
    other = [chunk("eaeu_treaty", "97")]
    assert article_pairs(other) == {("eaeu_treaty", "97")}  # another list is read, not taken from the memo
    assert article_pairs(iter(corpus)) == {("eaeu_treaty", "98"), ("accession_treaty", "1")}  # any iterable
