"""Elliptical follow-ups asked in the previous question's frame, list items by position, closings before a question.

Twenty-fourth session, mends. Turns of my own wording: neither eval/tune_chat*.jsonl's turns nor the browser audit's
or the held-out sets' kinds as worded there. The earlier answers are written out here (the condenser reads only their
wording). Each rewrite test but the guards failed on main 6fec6f9 (checked in an archive of it; main's rewrite in a
comment)."""

from eaeu_qa.condensing.antecedent import thing_for_person
from eaeu_qa.condensing.ordinal import colon_items, resolve_ordinal
from eaeu_qa.condensing.parallel import parallel_question
from eaeu_qa.condensing.remarks import without_remarks
from eaeu_qa.records import HistoryTurn

TASKS = ("Article 21(2) of the EAEU Treaty provides that “The Commission shall carry out the following tasks: 1) prepare "
         "the draft budget of the EAEU; 2) keep the register of the decisions of the bodies; 3) inform the member "
         "States of the decisions taken” [1].")
TWO_ARTICLES = ("Article 4, paragraph 2 of the EAEU Treaty provides that “The Commission shall adopt the rules” [1]. "
                "Article 9, paragraph 1 of the EAEU Treaty provides that “The Supreme Council shall approve them” [2].")


def _after(condenser, turn: str, question: str, answer: str = "The documents say so [1].") -> str:
    return condenser.condense(turn, [HistoryTurn(question, answer=answer)]).standalone


# --- a noun phrase alone, asked in the previous question's frame ------------------------------------------------------
def test_a_phrase_with_the_same_head_takes_that_phrases_place(condenser):
    # main: 'As for the days and the draft Commission recommendations, what about the Council's recommendations?'
    assert _after(condenser, "and the Council's recommendations?",
                  "How many days before adoption are draft Commission recommendations published?") == \
        "How many days before adoption are the Council's recommendations published?"


def test_a_name_inside_a_compound_is_replaced_without_its_article(condenser):
    # main: 'As for the request and the extraordinary Intergovernmental Council session, what about the supreme ...'
    assert _after(condenser, "and for the supreme council?",
                  "Who may request an extraordinary Intergovernmental Council session?") == \
        "Who may request an extraordinary supreme council session?"


def test_a_plural_person_phrase_takes_the_plural_subjects_place(terms):
    assert parallel_question("the ministers?", "When do the heads of government meet?", terms, True) == \
        "When do the ministers meet?"


def test_no_frame_for_a_pointer_a_general_noun_a_new_thing_or_a_turn_that_does_not_continue(terms):
    previous = "How many days before adoption are draft Commission recommendations published?"
    assert parallel_question("and its recommendations?", previous, terms, True) == ""  # points back
    assert parallel_question("and the other one?", previous, terms, True) == ""  # a general noun
    assert parallel_question("and pensions?", previous, terms, True) == ""  # no phrase of that head
    assert parallel_question("the Council's recommendations", previous, terms, False) == ""  # a question of its own
    assert parallel_question("and the Council's recommendations, who signs them?", previous, terms, True) == ""


# --- an item of the previous answer by its position -----------------------------------------------------------------
def test_numbered_items_after_a_colon_are_a_list_when_the_colon_follows_the_asked_noun(terms):
    segment = TASKS[TASKS.index("“") + 1:TASKS.index("”")]
    found = colon_items(segment, terms, 6, "What tasks does the Commission carry out?")
    assert [items for _, items in found] == [["prepare the draft budget of the EAEU",
                                              "keep the register of the decisions of the bodies",
                                              "inform the member States of the decisions taken"]]
    assert colon_items(segment, terms, 6, "Who pays for the Commission?") == []  # long items, another question


def test_the_item_a_turn_says_the_answer_listed_is_put_in(terms):
    asked = "What tasks does the Commission carry out?"
    # main: '' (a list parted by semicolons was no list; 'task' is a noun only the qualifier makes a list's)
    # an item that is a verb phrase is quoted, with no article (review s24 R5)
    assert resolve_ordinal("how does it do the last task you listed?", TASKS, asked, terms) == \
        "how does it do “inform the member States of the decisions taken”?"
    assert resolve_ordinal("when does that second one happen?", TASKS, asked, terms) == \
        "when does “keep the register of the decisions of the bodies” happen?"


def test_the_first_of_two_articles_the_answer_named(terms):
    # main: '' (no count after 'those'; no list of the answer's articles)
    assert resolve_ordinal("what does the first of those two say?", TWO_ARTICLES, "Which articles set the rules?",
                           terms) == "what does Article 4 say?"


# --- a closing before the question ---------------------------------------------------------------------------------
def test_a_closing_sentence_before_a_question_is_a_remark(terms):
    # main: unchanged ('rule' is a corpus word, so the sentence was context)
    assert without_remarks("Great, thank you, that explains the rule. and for pensions?", terms) == "and for pensions?"
    assert without_remarks("my wife works in the clinic. and for pensions?", terms) == \
        "my wife works in the clinic. and for pensions?"  # context, no closing


def test_a_closing_does_not_become_the_topic_or_the_opener(condenser):
    # main: 'What about thank, that makes it clear. Who pays for them?'
    assert _after(condenser, "ok thank you, that makes it clear. Who pays for them?",
                  "Who appoints the judges of the Court?") == "Who pays for the judges of the Court?"


# --- 'it' for an office ---------------------------------------------------------------------------------------------
def test_it_for_an_office_is_the_body_the_office_is_of(terms):
    # main: '' (the office stayed the subject: 'its meetings' were the Chairman's)
    assert thing_for_person("the Chairman of the Intergovernmental Council", "Who chairs its meetings?", True,
                            terms) == "the Intergovernmental Council"
    assert thing_for_person("the Commission", "Who chairs its meetings?", True, terms) == ""  # no office


# --- a restating verb asked for, not a verb with a subject ----------------------------------------------------------
def test_a_restating_verb_is_a_request_only_with_a_requests_words_before_it():
    from eaeu_qa.condensing.restate import requested
    from eaeu_qa.entities import tokens

    def at(text: str, verb: str) -> bool:
        words = tokens(text)
        return requested(words, [w.lower() for w in words].index(verb))

    assert at("could you just describe it again?", "describe") and at("ok, write that down for me", "write")
    assert not at("what if the office refuses to show it?", "show")  # a subject before the verb: no request
    assert not at("who will translate it then?", "translate")


def test_a_demonstrative_before_a_possessive_or_a_noun_with_its_complement_is_no_object():
    from eaeu_qa.condensing.restate import object_pronoun
    from eaeu_qa.entities import tokens

    def at(text: str) -> bool:
        words = tokens(text)
        return object_pronoun(words, [w.lower() for w in words].index("this"))

    assert not at("could you describe this treaty's rules on pensions?")  # review s24 R1's garble kind
    assert not at("please explain this rule about diplomas")
    assert at("please explain this to my wife")  # the previous answer, as an object


def test_a_closing_before_a_question_of_its_own_makes_no_follow_up(condenser):
    # main: 'As for the remittances and the economy, Thanks, that is clear. Does the accession treaty ...?' (R5c kind)
    turn = "Thanks, that is clear. Does the accession treaty change anything for students?"
    condensed = condenser.condense(turn, [HistoryTurn("How do remittances matter for the economy?",
                                                      answer="Remittances are a pillar of the economy [1].")])
    assert not condensed.is_follow_up and condensed.standalone == turn

