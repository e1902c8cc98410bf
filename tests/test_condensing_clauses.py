"""Follow-up rewrites of the nineteenth session (issue 8): turns that point back at the previous question's clause.

'why would they do that?', 'when does it start?', 'it' for the case, a context after a whole clause, the antecedent of
the right kind; each with the rewrite it gave before."""

import pytest

from eaeu_qa.condensing.clause import _POINTING_ADVERBS, event_verb, verb_phrase
from eaeu_qa.condensing.ellipsis import resolve_pro_verb
from eaeu_qa.condensing.noun_phrase import BACK_POINTERS
from eaeu_qa.condensing.wordclass import classes
from eaeu_qa.condensing.reference import case_phrase, case_predicate
from eaeu_qa.entities import tokens

from conftest import rewrite as _rewrite  # tests/ on sys.path: shared with the other follow-up tests


# --- kind 1: 'do that' is the previous question's verb phrase ------------------------------------------------------

def test_do_that_takes_the_previous_verb_phrase(condenser):
    # was 'Why would Russia do refusing to insure the families of Kyrgyz migrants?'
    assert _rewrite(condenser, "why would they do that?",
                    "Why does Russia refuse to insure the families of Kyrgyz migrants?") == \
        "Why would Russia refuse to insure the families of Kyrgyz migrants?"
    # was 'Why did it do Kyrgyzstan joining the EAEU?'
    assert _rewrite(condenser, "why did it do that?", "When did Kyrgyzstan join the EAEU?") == \
        "Why did Kyrgyzstan join the EAEU?"


def test_no_clause_is_put_after_do(condenser):
    # was 'Why would Russia do refusing to insure their families?' (no verb phrase: its 'their' would point elsewhere)
    assert _rewrite(condenser, "why would they do that?", "Why does Russia refuse to insure their families?") == \
        "As for Russia refusing to insure their families, why would Russia do that?"


@pytest.mark.parametrize("question, expected", [
    ("Why does Russia refuse to insure the families of migrants?", ("Russia", "refuse to insure the families of migrants")),
    ("Why is Kyrgyzstan suing Russia?", ("Kyrgyzstan", "sue Russia")),
    ("Can a member state leave the EAEU?", ("a member state", "leave the EAEU")),
    ("What did Russia say?", ("", "")),  # asks for a part of the clause
    ("Why does Russia refuse to insure their families?", ("", "")),  # a pronoun of its own would point elsewhere
    ("When does the Supreme Council meet?", ("", "")),  # no object
])
def test_the_verb_phrase_of_a_question(terms, question, expected):
    assert verb_phrase(question, terms) == expected


def test_do_that_takes_the_form_of_do_and_only_as_a_main_verb(terms):
    previous = "Why is Kyrgyzstan suing Russia?"
    assert resolve_pro_verb("and they did that in 2025?", previous, terms) == "and they sued Russia in 2025?"
    assert resolve_pro_verb("why are they doing this?", previous, terms) == "why are they suing Russia?"
    assert resolve_pro_verb("does that include parents?", previous, terms) == ""  # 'that' is the subject
    assert resolve_pro_verb("why does it?", previous, terms) == ""  # an auxiliary, no main verb
    assert resolve_pro_verb("would they do that job?", previous, terms) == ""  # 'that' is a determiner


def test_a_question_of_two_parts_gives_the_verb_phrase_of_its_first_part_only(condenser, terms):
    # was 'Why would the Court sit and what does Bishkek argue?' (review s19 B6): the two parts run together
    court = "Where does the Court sit and what does Bishkek argue?"
    assert "Bishkek argue" not in _rewrite(condenser, "why would they do that?", court)
    assert verb_phrase(court, terms) == ("", "")  # its first part's verb has no object
    # the first part's verb phrase, as after a question of one part
    assert _rewrite(condenser, "why would they do that?",
                    "Why does Russia refuse to insure migrants and what does Kyrgyzstan argue?") == \
        "Why would Russia refuse to insure migrants?"
    assert verb_phrase("Why did Kyrgyzstan sue Russia, and what does the treaty say?", terms) == \
        ("Kyrgyzstan", "sue Russia")


def test_an_event_verbs_it_without_an_event_stays_as_typed(condenser):
    # was 'When does the Court sitting and what does Bishkek argue start?' (review s19 B6); with the first part
    # alone, 'When does the Court start?': a body that starts
    court = "Where does the Court sit and what does Bishkek argue?"
    assert _rewrite(condenser, "when does it start?", court) == "When does it start?"
    # an event in the first part is still found
    assert _rewrite(condenser, "when does it start?",
                    "Why does Russia refuse to insure migrants and what does Kyrgyzstan argue?") == \
        "When does Russia refusing to insure migrants start?"


# --- kind 1: 'it' that only an event can be -------------------------------------------------------------------------

def test_an_event_verbs_it_is_the_previous_event(condenser):
    # was 'When does Kyrgyzstan start?'
    assert _rewrite(condenser, "and when does it start?", "When did Kyrgyzstan file the lawsuit against Russia?") == \
        "When does the lawsuit against Russia start?"
    # was 'How long did the EAEU take?': the object is a name, so the clause as a gerund
    assert _rewrite(condenser, "how long did it take?", "When did Kyrgyzstan join the EAEU?") == \
        "How long did Kyrgyzstan joining the EAEU take?"
    # a thing that can start keeps its 'it'
    assert _rewrite(condenser, "how long does it last?", "When does the hearing take place?") == \
        "How long does the hearing last?"


def test_which_verbs_take_an_event():
    assert event_verb(tokens("when does it start?"), 2) and event_verb(tokens("how long does it take?"), 3)
    assert event_verb(tokens("when will it actually begin?"), 2)
    assert not event_verb(tokens("what does it take to join?"), 2)  # 'take' only after 'how long'
    assert not event_verb(tokens("where does it sit?"), 2)


def test_a_main_verb_is_a_word_that_can_be_a_verb(condenser):
    # was 'Is Russia charge migranting families for medical insurance allowed?'
    assert _rewrite(condenser, "is that allowed?", "Does Russia charge migrant families for medical insurance?") == \
        "Is Russia charging migrant families for medical insurance allowed?"


# --- kind 2: 'it' for the case, not a party ------------------------------------------------------------------------

def test_it_that_only_a_case_can_be(condenser):
    # was 'Which article is Kyrgyzstan about?'
    assert _rewrite(condenser, "Which article is it about?", "Why is Kyrgyzstan suing Russia?") == \
        "Which article is the lawsuit about?"
    # was '... if the defendant goes Kyrgyzstan's way?'
    assert _rewrite(condenser, "and which other countries' workers might benefit if it goes Kyrgyzstan's way?",
                    "Which country is the defendant in Kyrgyzstan's insurance case?") == \
        "Which other countries' workers might benefit if Kyrgyzstan's insurance case goes Kyrgyzstan's way?"


def test_what_only_a_case_is_or_does():
    assert case_predicate(tokens("which article is it about?"), 3)
    assert case_predicate(tokens("what if it goes Russia's way?"), 2)
    assert not case_predicate(tokens("what is it doing about it?"), 2)
    assert not case_predicate(tokens("where does it go?"), 3)
    assert case_phrase("Which country is the defendant in Kyrgyzstan's insurance case?") == \
        "Kyrgyzstan's insurance case"
    assert case_phrase("Who appoints the judges?") == ""


# --- kind 2: a context after a whole clause leads; a 'that' after the turn's own clause stays ---------------------

def test_a_context_after_a_whole_clause_leads(condenser):
    # was 'Which ministry in Bishkek checks the Kyrgyz translation, and how long does it usually take for the working
    # language of the union?'
    assert _rewrite(condenser, "and which ministry in Bishkek checks the Kyrgyz translation, and how long does it "
                    "usually take?", "what is the working language of the union?") == \
        "As for the working language of the union, which ministry in Bishkek checks the Kyrgyz translation, and how " \
        "long does it usually take?"
    # a phrase alone keeps its 'for' context
    assert _rewrite(condenser, "and what about pensions?", "My wife does not work. Can she get medical insurance "
                    "in Russia while I work there?") == "What about pensions for my wife?"


def test_that_after_the_turns_own_clause_stays(condenser):
    # was '... and who pays for the working language of the union?'
    turn = "so are the binding Commission decisions put into the members' own languages too, and who pays for that?"
    assert _rewrite(condenser, turn, "what is the working language of the union?") == \
        "Are the binding Commission decisions put into the members' own languages too, and who pays for that?"
    # a 'that' with no clause of the turn's own before it still takes the earlier topic
    assert _rewrite(condenser, "and who pays for that?", "How are the EAEU's bodies funded?") != "Who pays for that?"


# --- kind 2: the antecedent of the right kind --------------------------------------------------------------------

def test_a_person_pronoun_stands_for_the_owner_not_the_thing(condenser):
    # was "What about the PhD of a Kyrgyz engineer's diploma?"
    assert _rewrite(condenser, "what about his PhD?",
                    "Does a Kyrgyz engineer's diploma have to go through recognition in Russia?") == \
        "What about the PhD of a Kyrgyz engineer?"


def test_a_noun_the_lexicon_knows_only_as_a_noun_is_a_demonstratives_noun(condenser):
    # was 'As for the airports and the new equipment, how much did that equipment cost, and who paid for the Supreme
    # Eurasian Economic Council?'
    assert _rewrite(condenser, "and how much did that equipment cost, and who paid for it?",
                    "which airports had to get the new equipment?") == \
        "How much did the new equipment cost, and who paid for it?"


def test_a_relative_clauses_it_stands_for_a_phrase_of_the_turn(condenser):
    # was 'Can the employer check the diploma with the college that issued a Kyrgyz worker need?'
    rewritten = _rewrite(condenser, "and can the employer check the diploma with the college that issued it?",
                         "Does a Kyrgyz worker need a permit to work in Kazakhstan?")
    assert rewritten.endswith("can the employer check the diploma with the college that issued it?")
    assert "need," not in rewritten and "need?" not in rewritten  # the subject is cut before its verb


def test_a_word_before_its_objects_article_is_the_main_verb(terms):
    from eaeu_qa.condensing.verbs import main_verb

    words = tokens("Does a Kyrgyz worker need a permit to work in Kazakhstan?")
    assert words[main_verb(words, terms)] == "need"  # was 'permit'
    words = tokens("Does Russia charge migrant families for medical insurance?")
    assert words[main_verb(words, terms)] == "charge"  # was 'migrant', which the lexicon knows as no verb


# --- kind 2: a topic of joined phrases as the earlier question wrote it -------------------------------------------

def test_a_topic_of_joined_phrases_is_put_as_it_was_written(condenser):
    # was "As for Russia's argument, the medical insurance dispute and Kyrgyzstan, how does ...?"
    assert _rewrite(condenser, "ok, and how does the Kyrgyz side answer that?",
                    "What is Russia's argument in the medical insurance dispute with Kyrgyzstan?") == \
        "As for Russia's argument in the medical insurance dispute with Kyrgyzstan, how does the Kyrgyz side answer that?"


def test_the_written_span_is_one_noun_phrase(terms):
    from eaeu_qa.condensing.noun_phrase import written_span

    assert written_span("the treaty rule and the locals", "Is there a treaty rule on equal terms with locals?",
                        terms) == "the treaty rule on equal terms with locals"
    assert written_span("the son, the school and russia", "can he go to school in russia?", terms) == ""  # no 'son'
    assert written_span("the languages and the original union treaty",
                        "In what languages was the original union treaty signed?", terms) == ""  # a verb between
    assert written_span("the treaty rule and the locals", "Is there a treaty rule on equal terms with locals?",
                        terms, most_words=4) == ""


def test_the_topic_span_length_is_a_setting_that_reaches_the_chain(settings, retriever, qa_chain, monkeypatch):
    from eaeu_qa.chain import QAChain
    from eaeu_qa.retrieval import HybridRetriever
    from eaeu_qa.settings import Settings

    assert Settings().topic_span_words == 20
    monkeypatch.setenv("EAEU_QA_TOPIC_SPAN_WORDS", "4")
    local = Settings.from_env(cache_dir=settings.cache_dir, index_dir=settings.index_dir, data_dir=settings.data_dir,
                              sources=settings.sources)
    condenser = QAChain(local, HybridRetriever(handles=retriever.handles, settings=local), qa_chain.answerer).condenser
    assert condenser.topic_span_words == 4
    rewritten = _rewrite(condenser, "ok, and how does the Kyrgyz side answer that?",
                         "What is Russia's argument in the medical insurance dispute with Kyrgyzstan?")
    assert "with Kyrgyzstan," not in rewritten  # eight words: too long at 4, the joined phrases stay


# --- rules the unseen pool showed wrong before landing ---------------------------------------------------------------

def test_itself_is_no_pointer(terms):
    from eaeu_qa.condensing.pointers import references

    assert references("and what does the accession treaty itself say about pensions?", terms) == []
    assert references("how does it define itself?", terms) == [(2, "pronoun")]  # 'it' still points back


def test_an_action_owns_nothing(terms):
    from eaeu_qa.condensing.pronoun_clause import clause_subject

    words = tokens("and does joining the union also change its budget")
    assert clause_subject(words[:words.index("its")], False, terms) == ""  # 'its' is no 'joining the union''s
    words = tokens("has the court already given")
    assert clause_subject(words, False, terms).startswith("the court")  # (a subject still owns it)


def test_a_noun_only_word_before_another_noun_is_no_demonstratives_head(terms):
    from eaeu_qa.condensing.pointers import references

    # 'that equipment' before a clause-final verb is a noun phrase; 'that remittance figure' has the head 'figure'
    assert (4, "demonstrative") in references("and how much did that equipment cost, and who paid?", terms)
    assert (2, "demonstrative") not in references("where does that remittance figure come from?", terms)


def test_the_pointing_adverbs_are_the_back_pointers_the_lexicon_calls_adverbs_but_there_and_else():
    """clause._POINTING_ADVERBS is written out (the lexicon is read at warm, not at import); it must stay the subset
    of noun_phrase.BACK_POINTERS its comment says: 'there' stays in 'going to school there'."""
    assert _POINTING_ADVERBS == {w for w in BACK_POINTERS if "r" in classes(w)} - {"there", "else"}
