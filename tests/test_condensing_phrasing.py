"""The condenser's corpus-free text helpers."""

from eaeu_qa.entities import Entity
from eaeu_qa.condensing.phrasing import (bare_words, capitalise, definite, detokenise, existential, is_possessive,
                                         plural, possessive, same_word, strip_words, unique, unmarked,
                                         without_possessive)


def test_definite_adds_the_to_common_phrases_only():
    assert definite("families of migrant workers") == "the families of migrant workers"
    assert definite("Russia") == "Russia" and definite("the Court") == "the Court" and definite("") == ""
    # a common noun after a name takes 'the'; a possessive and a name ending in a name do not
    assert definite("EAEU Court case") == "the EAEU Court case"
    assert definite("Kyrgyzstan’s move") == "Kyrgyzstan’s move" and definite("Court of the EAEU") == "Court of the EAEU"


def test_plural_looks_at_the_head_before_of():
    assert plural("the families of migrant workers") and plural("member States")
    assert not plural("the Court of the EAEU") and not plural("the process") and not plural("the status")
    # a possessive 's is no plural -s; plurals without -s are plurals
    assert not plural("the worker's") and plural("the workers'") and not plural("Kyrgyzstan’s")
    assert plural("the children") and plural("the migrant workers' children") and plural("people")


def test_word_helpers():
    assert possessive("workers") == "workers'" and possessive("Court") == "Court's"
    assert same_word("Courts", "court") and not same_word("court", "council")
    assert existential(["is", "it", "true"], 1) and not existential(["is", "it", "based"], 1)
    assert strip_words("Why did Kyrgyzstan sue Russia?", {"kyrgyzstan", "russia"}) == "Why did sue"
    assert unmarked("It sits in Minsk [1]. Since 2015 [2].") == "It sits in Minsk. Since 2015."
    assert detokenise(["Where", "is", "it", "?"]) == "Where is it?" and capitalise("where?") == "Where?"
    kept = unique([Entity("the Court", "name", "court"), Entity("The Court", "name", "court")])
    assert [e.text for e in kept] == ["the Court"]


def test_one_possessive_helper_for_both_apostrophes():
    """condensing.focus.focus, condensing.reference.other_party and the re-asked name ("And Kyrgyzstan's?") strip a
    possessive the same way."""
    assert without_possessive("Council's") == "Council" and without_possessive("Kyrgyzstan’s") == "Kyrgyzstan"
    assert without_possessive("And Kyrgyzstan's") == "And Kyrgyzstan" and without_possessive("States") == "States"
    assert without_possessive("workers'") == "workers'"  # a plural possessive keeps its apostrophe
    assert is_possessive("worker's") and is_possessive("workers'") and is_possessive("Kyrgyzstan’s")
    assert not is_possessive("workers") and not is_possessive("its") and not is_possessive("'s")
    assert bare_words("Why did the Council's head call Russia’s envoy?") == {
        "why", "did", "the", "council", "head", "call", "russia", "envoy", "?"}


def test_a_provision_named_relative_to_another_gets_its_own_number():
    from eaeu_qa.condensing.phrasing import relative_provision

    assert relative_provision("What does the next paragraph of Article 98(3) say?") == \
        "What does paragraph 4 of Article 98 say?"
    assert relative_provision("And the previous paragraph of Art. 98(3)?") == "And paragraph 2 of Article 98?"
    assert relative_provision("What does the next article after Article 97 cover?") == "What does Article 98 cover?"
    assert relative_provision("the previous paragraph of Article 98(1)") == "the previous paragraph of Article 98(1)"
    assert relative_provision("What is the next step after filing?") == "What is the next step after filing?"
