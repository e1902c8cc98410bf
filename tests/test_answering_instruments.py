"""Instruments a question names and whether the corpus names such: the absent_instrument evidence feature."""

from __future__ import annotations

from eaeu_qa.answering.instruments import (Mention, absent_instrument, corpus_verbs, instrument_mentions,
                                            instrument_words)
from eaeu_qa.answering.units import stem


def instrument_modifiers(text: str) -> tuple[str, ...]:
    """Every mention's modifier words (instrument_mentions), in order."""
    return tuple(w for mention in instrument_mentions(text) for w in mention.modifiers)


def test_the_nearest_modifier_and_the_complement_say_which_instrument_is_meant():
    assert instrument_modifiers("Which Russian federal law excludes foreign workers?") == ("federal",)
    assert instrument_modifiers("What does the 2019 EAEU Agreement on Pension Provision say?") == ("eaeu", "pension")
    assert instrument_modifiers("Under Russia's law, who pays?") == ("russia",)  # a possessive owner, without 's
    # function words and punctuation end the phrase; a bare document noun names nothing in particular
    assert instrument_modifiers("Does the treaty say so?") == ()
    assert instrument_modifiers("can i send money home, treaty allow it?") == ()
    assert instrument_modifiers("Who signed it?") == ()
    # one spelling: a British-spelt modifier is the corpus's American word
    assert instrument_modifiers("What does the labour code say?") == instrument_modifiers("the labor code") == ("labor",)


def test_the_corpus_names_its_instruments_by_the_words_near_a_document_noun(documents):
    from eaeu_qa.chunking import chunk_documents

    known = instrument_words(c.search_text for c in chunk_documents(list(documents.values())))
    assert {stem("international"), stem("accession")} <= known  # "international treaties", "Treaty on the Accession"
    assert not absent_instrument(_named("international"), known)
    assert not absent_instrument(_named("accession", "eaeu"), known)
    assert absent_instrument(_named("federal"), known)  # "Russian federal law": the corpus names no federal law
    assert absent_instrument(_named("accession", "federal"), known)  # any one the corpus lacks
    assert not absent_instrument((), known)
    # the spelling does not decide: "labour" legislation is absent exactly when "labor" legislation is
    assert (absent_instrument(instrument_mentions("the labour legislation"), known)
            == absent_instrument(instrument_mentions("the labor legislation"), known))


def _named(*words: str) -> tuple[Mention, ...]:
    """One mention of a law named by `words`, in a noun slot."""
    return (Mention("law", words, False),)


def test_absent_instrument_is_an_evidence_feature_of_the_corpus_at_hand(make_chunk, evidence_feature):
    from eaeu_qa.answering.evidence import FEATURES, SIGNS

    absent = evidence_feature([make_chunk("Member States shall apply the Agreement on Pension Provision of workers.",
                                          context="Pensions"),
                               make_chunk("Workers are insured under international treaties.", paragraph="4",
                                          context="Insurance")], "absent_instrument")

    assert absent("What does the Agreement on Pension Provision say about workers?") == 0.0
    assert absent("What does the Agreement on Dental Care say about workers?") == 1.0
    assert absent("Which federal law insures workers?") == 1.0
    assert absent("Are workers insured under international treaties?") == 0.0
    assert SIGNS[FEATURES.index("absent_instrument")] == -1  # it can only pull towards refusing


def test_a_document_noun_in_a_verb_slot_is_read_as_a_verb_where_the_corpus_uses_it_as_one(documents):
    from eaeu_qa.chunking import chunk_documents

    texts = [c.search_text for c in chunk_documents(list(documents.values()))]
    known, verbs = instrument_words(texts), corpus_verbs(texts)
    assert "act" in verbs and "law" not in verbs  # the treaty's "shall act"; no "shall law"

    def absent(question: str) -> bool:
        return absent_instrument(instrument_mentions(question), known, verbs)

    # The reviewer's case: "employer" is no instrument's name, but "act" is the question's verb here.
    assert [m.verb_slot for m in instrument_mentions("Can the employer act unilaterally?")] == [True]
    assert not absent("Can the employer act unilaterally?")
    assert not absent("What happens if the employer acts unilaterally?")  # "acts": the verb's -s form
    assert not absent("Must the employer act on the judgment?")  # a yes/no question: its verb follows the subject
    assert not absent("Is the employer obliged to act?")
    # The same noun where English puts a noun stays an instrument: an article or possessive before it, a verb after
    # it, a capital letter.
    assert [m.verb_slot for m in instrument_mentions("Does the employer act cover migrants?")] == [False]
    assert absent("Does the employer act cover migrants?")
    assert [m.verb_slot for m in instrument_mentions("Can the Employer Act be changed?")] == [False]
    assert [m.verb_slot for m in instrument_mentions("Does the act of the Commission bind Kyrgyzstan?")] == [False]
    # A document noun before an "on"/"of" complement that opens with a content word is a noun, not a verb (review
    # finding: "federal" was ignored as the verb's subject).
    assert [m.verb_slot for m in instrument_mentions("Does federal law on migrants apply?")] == [False]
    assert absent("Does federal law on migrants apply?")
    assert [m.verb_slot for m in instrument_mentions("Does the Russian federal act on migration apply?")] == [False]
    assert absent("Does the Russian federal act on migration apply?")
    assert [m.verb_slot for m in instrument_mentions("Can the employer act on its own?")] == [True]
    # Without the corpus's verbs (verbs=()) every mention counts, as before.
    assert absent_instrument(instrument_mentions("Can the employer act unilaterally?"), known)


def test_a_mention_carries_its_noun_and_modifiers():
    assert instrument_mentions("Which Russian federal law, and which CIS agreement?") == (
        Mention("law", ("federal",), False, (), ("Russian",)), Mention("agreement", ("cis",), False))
    assert instrument_modifiers("Which Russian federal law, and which CIS agreement?") == ("federal", "cis")


def test_the_titles_of_the_corpus_instruments_name_them_and_date_them(documents):
    from eaeu_qa.answering.instruments import title_attributes
    from eaeu_qa.chunking import chunk_documents

    chunks = chunk_documents(list(documents.values()))
    known, years = title_attributes({t for c in chunks for t in (c.title, c.short_title)})
    assert "2014" in years and not {"1994", "2019"} & years  # both treaties were signed in 2014
    assert stem("eaeu") in known and stem("union") in known  # "EAEU Treaty", "Treaty on the Eurasian Economic Union"
    assert stem("insurance") not in known  # the analysis article's title names no instrument
    near = instrument_words(c.search_text for c in chunks) | known
    mentions = instrument_mentions
    assert mentions("the 2014 founding treaty")[0].years == ("2014",)
    assert not absent_instrument(mentions("What did the 2014 founding treaty say about it?"), near, years=years)
    assert absent_instrument(mentions("What does the 1994 CIS agreement say?"), near, years=years)
    assert absent_instrument(mentions("What does the 2019 EAEU agreement on pensions say?"), near, years=years)
    assert absent_instrument(mentions("Which Russian federal law applies?"), near, years=years)
    assert not absent_instrument(mentions("What does the EAEU Treaty say?"), near, years=years)


def test_an_instrument_named_by_what_a_corpus_instrument_does_is_the_corpus_own(documents, settings):
    # "the founding treaty": the EAEU Treaty's first article is "Establishment of the Eurasian Economic Union", and
    # "founding" is that word's neighbour; "federal" (no corpus instrument is federal) is not.
    from eaeu_qa.answering.evidence import CorpusStats
    from eaeu_qa.answering.instruments import title_attributes
    from eaeu_qa.chunking import chunk_documents

    chunks = chunk_documents(list(documents.values()))
    stats = CorpusStats(chunks)
    assert stats.object_words == {"establishment"}

    def own(word: str) -> bool:
        return stats.describes_own(word, settings.embedding)

    assert own("founding") and not own("federal") and not own("cis") and not own("national")
    known = stats.instrument_words
    _, years = title_attributes({t for c in chunks for t in (c.title, c.short_title)})
    mentions = instrument_mentions
    assert absent_instrument(mentions("What does the founding treaty say?"), known, years=years)  # without the reading
    assert not absent_instrument(mentions("What does the founding treaty say?"), known, years=years,
                                 describes_own=own)
    assert absent_instrument(mentions("Which Russian federal law applies?"), known, years=years, describes_own=own)
    assert absent_instrument(mentions("What does the CIS agreement say?"), known, years=years, describes_own=own)


def test_a_states_own_law_is_an_outside_instrument_unless_its_owner_names_a_corpus_instrument(documents):
    from eaeu_qa.answering.instruments import title_attributes
    from eaeu_qa.chunking import chunk_documents

    chunks = chunk_documents(list(documents.values()))
    titles, _ = title_attributes({t for c in chunks for t in (c.title, c.short_title)})
    known = instrument_words(c.search_text for c in chunks) | titles

    def absent(question: str) -> bool:
        return absent_instrument(instrument_mentions(question), known, titles=titles)

    assert [m.owners for m in instrument_mentions("Under the Russian Family Code, who is family?")] == [("Russian",
                                                                                                          "Family")]
    assert [m.owners for m in instrument_mentions("What does Kazakhstan's national law say?")] == [("Kazakhstan",)]
    assert [m.owners for m in instrument_mentions("Which Russian treaty?")] == [()]  # a treaty is no state's own law
    assert absent("How does Russian migration law define lawful residence?")
    assert absent("What does Kazakhstan's national law say about insurance?")
    assert not absent("Are such decisions part of Union law?")  # the owner is the corpus's own Union
    assert not absent("What does national law say about insurance?")  # no owner: the treaty speaks of it
    assert not absent_instrument(instrument_mentions("How does Russian migration law define residence?"), known)
