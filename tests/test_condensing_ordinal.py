"""An item of the previous answer named by its position ('the second one').

An item of the previous answer named by its position ('the second one', 'the last of those'): the ordinal found,
the answer's lists, the item put in (the real corpus's word statistics; the service test uses the real model)."""

import pytest

from eaeu_qa.condensing.ordinal import answer_lists, ordinal_reference, past_ordinal, resolve_ordinal
from eaeu_qa.condensing.phrase import trim_chunk
from eaeu_qa.records import CitedLocator, HistoryTurn

PARTS = ("Article 18(1) of the EAEU Treaty provides that “The Commission shall consist of the Council of the Commission "
         "and the Collegium of the Commission” [1].")
BODIES = ("Article 8(1) of the EAEU Treaty provides that “Eurasian Economic Commission (hereinafter - the Commission, the "
          "EEC); Court of the Eurasian Economic Union (hereinafter - the Court of the EAEU)” [1]. Article 8(1) of the "
          "EAEU Treaty provides that “Supreme Eurasian Economic Council (hereinafter - the Supreme Council); Eurasian "
          "Intergovernmental Council (hereinafter - the Intergovernmental Council); Eurasian Economic Commission” [2].")


@pytest.mark.parametrize("text, previous, position", [
    ("How does the second one vote?", "", 2), ("and the last of those?", "", -1), ("What about the latter?", "", -1),
    ("who chairs the first of them?", "", 1), ("how is the second part chosen?", "What two parts is it made of?", 2),
    ("and the second body?", "", 2), ("What does the former do?", "", 1)])
def test_an_ordinal_that_points_at_a_list_item(text, previous, position):
    found = ordinal_reference(text, previous)
    assert found is not None and found[2] == position


@pytest.mark.parametrize("text", ["When was the first meeting held?", "Who was the first to sign the treaty?",
                                  "What happened on the first of January?", "how is the second part chosen?"])
def test_an_ordinal_of_a_new_thing_points_at_nothing(text):
    assert ordinal_reference(text) is None  # 'part' is no noun of an earlier question here


def test_the_noun_after_a_demonstrative_is_past_an_ordinal_that_modifies_it():
    words = "in that first case , does that first of them count or that first ?".split()
    noun_follows = lambda w: w.isalpha() and w not in {"of", "or"}  # noqa: E731
    assert words[past_ordinal(words, 1)] == "case"  # 'that first case': the noun after the ordinal
    assert words[past_ordinal(words, 6, noun_follows)] == "first"  # 'that first of them': the ordinal stays
    assert words[past_ordinal(words, 6)] == "of"  # without a test on the follower, past the ordinal
    assert words[past_ordinal(words, 12, str.isalpha)] == "first"  # 'that first ?': nothing alphabetic follows
    assert past_ordinal(words, len(words) - 1) == len(words)  # the last word: the next position, past the end


def test_the_answers_lists_are_runs_of_names_in_one_quote_without_parentheses(terms):
    assert answer_lists(PARTS, terms) == [["the Council of the Commission", "the Collegium of the Commission"]]
    assert answer_lists(BODIES, terms) == [
        ["Eurasian Economic Commission", "Court of the Eurasian Economic Union"],
        ["Supreme Eurasian Economic Council", "Eurasian Intergovernmental Council", "Eurasian Economic Commission"]]
    assert answer_lists("Russia says no [1]. Kyrgyzstan disagrees [2].", terms) == []  # one name per sentence


def test_the_item_at_that_position_of_the_list_as_long_as_the_count_asked_for(terms):
    asked = "What two parts is the Eurasian Economic Commission made of?"
    assert resolve_ordinal("How does the second one vote?", PARTS, asked, terms) == \
        "How does the Collegium of the Commission vote?"
    assert resolve_ordinal("who chairs the last of those?", PARTS, asked, terms) == \
        "who chairs the Collegium of the Commission?"
    assert resolve_ordinal("and the former?", PARTS, asked, terms) == "and the Council of the Commission?"
    # two lists: the one of the count the question asked for, else the first
    assert resolve_ordinal("How does the second one vote?", BODIES, asked, terms) == \
        "How does the Court of the Eurasian Economic Union vote?"
    assert resolve_ordinal("and the third one?", BODIES, "Which three bodies ...?", terms) == \
        "and the Eurasian Economic Commission?"
    assert resolve_ordinal("and the fourth one?", BODIES, asked, terms) == ""  # no list that long
    assert resolve_ordinal("and the second one?", "Russia says no [1].", asked, terms) == ""  # no list


BODIES_ITEM_BY_ITEM = (
    "Article 8(1) of the EAEU Treaty provides that “Supreme Eurasian Economic Council (hereinafter - the Supreme "
    "Council); Eurasian Intergovernmental Council; Eurasian Economic Commission (hereinafter - the EEC)” [1]. "
    "Article 8(1) of the EAEU Treaty provides that “Court of the Eurasian Economic Union (hereinafter - the Court of "
    "the EAEU)” [2].")
OFFERS = ("Russia could seek to avoid a clear legal defeat by offering administrative or partial solutions-such as special "
          "insurance schemes, limited coverage packages, or incremental regulatory adjustments-while maintaining its "
          "core interpretation [1]. A third, and perhaps most likely, scenario lies between these extremes [2].")


def test_a_quote_of_one_name_continues_the_list_and_enumerations_are_lists(terms):
    assert answer_lists(BODIES_ITEM_BY_ITEM, terms) == [[
        "Supreme Eurasian Economic Council", "Eurasian Intergovernmental Council", "Eurasian Economic Commission",
        "Court of the Eurasian Economic Union"]]
    assert answer_lists(OFFERS, terms) == [
        ["special insurance schemes", "limited coverage packages", "incremental regulatory adjustments"]]


def test_where_the_list_was_is_dropped_and_an_item_said_first_takes_the_pronouns_place(terms):
    asked = "What are the main bodies of the Eurasian Economic Union?"
    for turn in ("the last one on that list - where is it based?", "and the last one you listed, where is it based?",
                 "the fourth one: where is it based?"):
        assert resolve_ordinal(turn, BODIES_ITEM_BY_ITEM, asked, terms) == \
            "Where is the Court of the Eurasian Economic Union based?"
    assert resolve_ordinal("and the second thing on that list?", OFFERS, "What might Russia offer?", terms) == \
        "and the limited coverage packages?"


def test_an_ordinal_the_answer_itself_uses_names_its_thing(terms):
    asked = "In the article, what are the possible ways the court case could end?"
    assert resolve_ordinal("why does the author think the third one is the most likely?", OFFERS, asked, terms) == \
        "why does the author think the third scenario is the most likely?"


def test_a_verb_after_the_item_agrees_with_it(terms):
    offers = OFFERS.split(" A third")[0]  # the list only, no 'third scenario' of its own
    assert resolve_ordinal("why was the third one seen as the most likely?", offers, "What might Russia offer?",
                           terms) == "why were the incremental regulatory adjustments seen as the most likely?"
    assert resolve_ordinal("and the second one is cheaper?", offers, "What might Russia offer?", terms) == \
        "and the limited coverage packages are cheaper?"
    assert resolve_ordinal("and the second one, why is that?", offers, "What might Russia offer?", terms) == \
        "and the limited coverage packages, why is that?"  # a verb of another clause stays
    assert resolve_ordinal("and the second one is elected how?", PARTS, "What two parts is the Eurasian Economic "
                           "Commission made of?", terms) == "and the Collegium of the Commission is elected how?"


def test_a_follow_up_with_an_ordinal_is_resolved_against_the_previous_answer(condenser):
    history = [HistoryTurn("What two parts is the Eurasian Economic Commission made of?", answer=PARTS,
                           citations=(CitedLocator("Art. 18(1)", "eaeu_treaty"),))]
    assert condenser.is_follow_up("How does the second one vote?")
    result = condenser.condense("How does the second one vote?", history)
    assert result.standalone == "How does the Collegium of the Commission vote?" and result.mode == "reference"
    # an ordinal alone reads as the item asked about
    for turn in ("and the latter?", "and what about the second one?", "the second one?"):
        assert condenser.condense(turn, history).standalone == "What about the Collegium of the Commission?"
    # without a list in the answer the ordinal stays and the conversation's topic is put before it
    plain = [HistoryTurn(history[0].question, answer="The Commission sits in Moscow [1].")]
    assert condenser.condense("How does the second one vote?", plain).standalone.startswith("As for ")


def test_an_ordinal_alone_is_no_topic(terms):
    assert trim_chunk("first", terms) == "" and trim_chunk("the first", terms) == ""
    assert trim_chunk("the first meeting", terms) == "the first meeting"


# --- real components: the model, a Chroma index in a temp folder, the service's chain ------------------

def test_an_ordinal_follow_up_through_the_service_retrieves_the_items_provision(settings, index_handle, tmp_path):
    import dataclasses

    from eaeu_qa.service import QAService

    service = QAService(dataclasses.replace(settings, data_dir=tmp_path / "data"))
    history = [{"question": "What two parts is the Eurasian Economic Commission made of?", "answer": PARTS,
                "citations": ["Art. 18(1)"]}]
    turn = service.ask("How does the second one vote?", history=history)
    assert turn.standalone_question == "How does the Collegium of the Commission vote?"
    assert any("Collegium of the" in p.chunk.text and "qualified majority" in p.chunk.text
               for p in turn.retrieved[:4])
    assert any("qualified majority" in c.quote for c in turn.citations)
