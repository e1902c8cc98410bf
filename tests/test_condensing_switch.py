"""Follow-ups that change the subject: the turn's own topic leads the rewrite.

Follow-ups that change the subject: the turn's own topic, a rewrite led by it that reads as a question,
the earlier condition put in for 'if that happens' (the real corpus's word statistics)."""

import re

import pytest

from eaeu_qa.condensing.condenser import Condenser
from eaeu_qa.condensing.clause import gerund_clause, replace_condition, resolve_condition
from eaeu_qa.condensing.phrase import head_phrase, plural_antecedent
from eaeu_qa.condensing.reask import joined_wh
from eaeu_qa.condensing.switch import bare_phrase, context, opener_body, own_topic, switch_rewrite
from eaeu_qa.entities import STOPWORDS
from eaeu_qa.condensing.subjects import subject_phrase
from eaeu_qa.records import HistoryTurn


def _natural(text: str) -> bool:
    """A question a person would write: one question mark at the end, a capital first, no word doubled, no
    pair of topic words repeated, no article before a verb or a possessive ('the get', 'the my')."""
    words = re.findall(r"[\w'’]+", text.lower())
    pairs = list(zip(words, words[1:]))
    topical = [p for p in pairs if not set(p) & STOPWORDS]
    return (text[:1].isupper() and text.endswith("?") and text.count("?") == 1 and "regarding" not in words
            and all(a != b for a, b in pairs) and len(set(topical)) == len(topical)
            and not re.search(r"\b(?:the|a|an) (?:my|our|your|get|go|take|happen|meet|does|do|is)\b", text.lower()))


def test_own_topic_is_what_the_corpus_knows_and_the_earlier_question_lacked(terms):
    earlier = "my wife is not working, can she get medical insurance in Russia?"
    assert own_topic("and what about pensions?", earlier, terms) == ["pensions"]
    assert own_topic("and what about medical insurance?", earlier, terms) == []  # the same topic again
    assert own_topic("And what about Russia?", earlier, terms) == []  # a name is a party, not a topic
    assert own_topic("and what about the blorfs?", earlier, terms) == []  # a word the corpus never uses
    assert own_topic("and what about pension?", earlier, terms) == ["pension"]  # known in another form


def test_the_least_idf_of_an_own_topic_is_the_condensers_setting(terms):
    history = ["my wife is not working, can she get medical insurance in Russia?"]
    assert Condenser(terms).condense("and what about pensions?", history).mode == "switch"
    assert Condenser(terms, own_topic_min_idf=99.0).condense("and what about pensions?", history).mode != "switch"


def test_opener_and_bare_phrase():
    assert opener_body("and what about pensions?") == ("pensions?", True)
    assert opener_body("Where is it?") == ("Where is it?", False)
    assert bare_phrase("for pensions?") == "pensions"
    assert bare_phrase("the budget, where does the money come from?") == "the budget"
    assert bare_phrase("can they go to school there?") == ""


def test_subject_phrase_keeps_the_users_own_people_and_skips_bare_pronouns(terms):
    assert subject_phrase("my wife is not working, can she get medical insurance in Russia?", terms) == "my wife"
    assert subject_phrase("Can my family get medical care in Russia?", terms) == "my family"
    assert subject_phrase("What could happen if the court rules in Kyrgyzstan's favour?", terms) == "the court"
    assert subject_phrase("Why did Kyrgyzstan sue Russia?", terms) == "Kyrgyzstan"


@pytest.mark.parametrize("history, question, expected", [
    (["my wife is not working, can she get medical insurance in Russia?"], "and what about pensions?",
     "What about pensions for my wife?"),
    (["Can my family get medical care in Russia?"], "And what about pensions?", "What about pensions for my family?"),
    (["What does Article 98 of the EAEU Treaty say about social insurance for migrant workers?"], "and for pensions?",
     "What about pensions in Article 98 of the EAEU Treaty?"),
])
def test_a_topic_switch_is_led_by_the_turns_words_with_the_earlier_subject_as_context(condenser, history,
                                                                                      question, expected):
    result = condenser.condense(question, history)
    assert result.mode == "switch" and result.standalone == expected
    assert _natural(result.standalone)
    # the earlier topic's words are not carried into the rewrite
    assert not {"insurance", "care", "medical"} & set(re.findall(r"\w+", result.standalone.lower()))


@pytest.mark.parametrize("history, question, expected", [
    # a turn that speaks for the user takes no context
    (["Can I join a trade union in Russia?"], "and what about emergency care for my kids?",
     "What about emergency care for my kids?"),
    # after a question that asked for a thing, its own subject is the context
    ([HistoryTurn("In what language was the EAEU Treaty done?",
                  answer="The final clause reads “Done in the city of Astana ... in a single original copy in the "
                         "Belarusian, Kazakh and Russian languages” [1].")],
     "and who keeps the original copy?", "Who keeps the original copy in the EAEU Treaty?"),
])
def test_a_topic_switch_without_the_earlier_subject(condenser, history, question, expected):
    result = condenser.condense(question, history)
    assert result.mode == "switch" and result.standalone == expected


def test_a_turn_without_a_topic_of_its_own_is_filled_in_by_the_previous_subject(condenser):
    result = condenser.condense("where's it based?", ["What is the Eurasian Economic Commission made up of?"])
    assert result.mode == "reference" and result.standalone == "Where's the Eurasian Economic Commission based?"
    # a follow-up without an opener asks about the previous topic, not a new one
    assert condenser.condense("Are there any exceptions?", ["Can my family get medical care in Russia?"]).mode \
        != "switch"


def test_if_that_happens_takes_the_earlier_condition(condenser):
    earlier = "What happens if migration in the EAEU becomes more ad hoc and politicized?"
    assert resolve_condition("who pays if that happens?", earlier) == \
        "who pays if migration in the EAEU becomes more ad hoc and politicized?"
    assert resolve_condition("who pays?", earlier) == ""
    result = condenser.condense("who ends up footing the bill if that happens?", [earlier])
    assert result.standalone == "Who ends up footing the bill if migration in the EAEU becomes more ad hoc and " \
                                "politicized?"


@pytest.mark.parametrize("history, question", [
    (["What could happen if the court rules in Kyrgyzstan's favour?"], "And if it goes the other way?"),
    (["what is the highest body of the EAEU?", "how often do its members have to meet?"],
     "who pays for those meetings?"),
    (["my wife is not working, can she get medical insurance in Russia?"], "and what about pensions?"),
])
def test_rewrites_have_no_article_before_a_verb_and_no_doubled_fragment(condenser, history, question):
    assert _natural(condenser.condense(question, history).standalone)


def test_switch_rewrite_puts_the_context_after_the_opening_phrase(terms):
    assert switch_rewrite("the budget, where does the money come from?", "the Supreme Council", terms) == \
        "What about the budget for the Supreme Council, where does the money come from?"
    assert switch_rewrite("pensions?", "", terms) == "What about pensions?"
    # a whole clause takes its context first (session 19: '... how long does it usually take for the working language
    # of the union?' read as the clause's own 'for'); was 'how are pensions paid for my wife?'
    assert switch_rewrite("how are pensions paid?", "my wife", terms) == "As for my wife, how are pensions paid?"


@pytest.mark.parametrize("subject, preposition", [
    ("Article 98 of the EAEU Treaty", "in"), ("the Kyrgyz accession treaty", "in"), ("the analysis", "in"),
    ("the article", "in"), ("the Supreme Council", "for"), ("my wife", "for")])
def test_the_context_of_a_switch_is_in_a_source_or_provision_else_for_the_subject(terms, subject, preposition):
    """One notion of a document for the switch and the condenser: the corpus's source titles."""
    assert context(subject, "what about pensions?", terms) == f"{preposition} {subject}"
    assert context(subject, "what does Russia say?", terms).split()[0] == ("in" if preposition == "in" else "about")


# --- real components: the model, a Chroma index in a temp folder, the service's chain ------------------

def test_a_topic_switch_through_the_service_retrieves_and_cites_the_new_topic(settings, index_handle, tmp_path):
    import dataclasses

    from eaeu_qa.service import QAService

    service = QAService(dataclasses.replace(settings, data_dir=tmp_path / "data"))
    opening = "my wife is not working, can she get medical insurance in Russia?"
    first = service.ask(opening)
    history = [{"question": opening, "answer": first.answer, "citations": [c.locator for c in first.citations]}]
    turn = service.ask("and what about pensions?", history=history)
    assert turn.standalone_question == "What about pensions for my wife?"
    assert any("pension" in p.chunk.text.lower() for p in turn.retrieved[:4])
    assert any("pension" in c.quote.lower() for c in turn.citations)
    # the same follow-up after plain earlier questions (answered again first, as `ask --history` does)
    again = service.ask("and what about pensions?", history=[opening])
    assert again.standalone_question == turn.standalone_question
    assert [c.locator for c in again.citations][:1] == [c.locator for c in turn.citations][:1]


@pytest.mark.parametrize("history, question, expected", [
    # the user's own people and the phrase a turn opens with resolve pronouns
    (["Can my husband work in Kazakhstan without a permit?"], "and what about his diploma?",
     "What about my husband's diploma?"),
    (["How long can my son stay in Russia without registration?"], "And what about school for him?",
     "What about school for my son?"),
    # the phrase the turn opens with is what its pronoun points at, not the earlier subject
    (["What does the article say about remittances?"], "And what about the court case, when was it filed?",
     "What about the court case in the article, when was it filed?"),
    (["Do workers from EAEU countries need a work permit in another member state?"],
     "what about their kids, can they go to school there?",
     "What about the kids of the workers, can they go to school there?"),
    # re-asked questions and plural antecedents
    (["When was the accession treaty signed?"], "and where?", "Where was the accession treaty signed?"),
    (["What does the article say about Russia's position?"], "and Kyrgyzstan's?",
     "What does the article say about Kyrgyzstan's position?"),
    (["my son works in moscow. can his kids go to school there?"], "and what about medical care for them?",
     "What about medical care for my son's kids?"),
    (["Does the treaty recognise my diplomas?"], "and do they need a translation?",
     "Do my diplomas need a translation?"),
    (["Do family members of workers get healthcare in the host state?"], "what about pensions then?",
     "What about pensions for the family members of workers?"),
    # a short turn reuses the previous question; 'it' is no person
    (["Is Kyrgyzstan a member of the EAEU?"], "since when?", "Since when is Kyrgyzstan a member of the EAEU?"),
    (["What could the ruling mean for other member states?"], "and for Russia itself?",
     "What could the ruling mean for Russia itself?"),
    (["my wife is not working, can she get medical insurance in Russia?", "and what about pensions?"],
     "and can she get it back home?", "Can my wife get the pensions back home?"),
    # a left-out verb phrase is taken from the previous question
    (["Can Russia refuse to follow a ruling of the EAEU Court?"], "and what if it does?",
     "What if Russia does refuse to follow a ruling of the EAEU Court?"),
    (["Does Russia give insurance to migrants' families?"], "why doesn't it?",
     "Why doesn't Russia give insurance to migrants' families?"),
    (["Can Kyrgyz workers join trade unions in Russia?"], "and what if they can't?",
     "What if Kyrgyz workers can't join trade unions in Russia?"),
    # a pointing 'that' after a party shift keeps the earlier statement whole; after a passive, it is its gerund
    (["How does Russia justify leaving out non-working relatives of migrants from CHI?"],
     "what does Kyrgyzstan think about that?",
     "What does Kyrgyzstan think about Russia justifying leaving out non-working relatives of migrants from CHI?"),
    (["How are disputes between member states settled?"], "how long does that take?",
     "How long does settling disputes between member states take?"),
])
def test_follow_ups_are_rewritten_into_natural_questions(condenser, history, question, expected):
    result = condenser.condense(question, history)
    assert result.standalone == expected and _natural(result.standalone)


def test_a_pointing_that_takes_the_earlier_clause_as_a_noun_phrase(condenser):
    from eaeu_qa.condensing.clause import condition_gerund, gerund_clause, ing_form

    assert [ing_form(v) for v in ("hire", "sue", "get", "see", "join", "die")] == \
        ["hiring", "suing", "getting", "seeing", "joining", "dying"]
    assert condition_gerund("What happens if the court rules in Kyrgyzstan's favour?") == \
        "the court ruling in Kyrgyzstan's favour"
    assert gerund_clause("Can Russian employers hire workers without permits?") == \
        "Russian employers hiring workers without permits"
    assert gerund_clause("What does Russia say?") == "" and gerund_clause("Where does the EAEU Court sit?") == ""
    result = condenser.condense("would workers from the other member countries benefit from that too?",
                                ["What could happen if the court rules in Kyrgyzstan's favour?"])
    assert result.standalone == "Would workers from the other member countries benefit from the court ruling in " \
                                "Kyrgyzstan's favour too?"
    result = condenser.condense("And what does Russia say?", ["Why did Kyrgyzstan sue Russia?"])
    assert result.standalone.startswith("What does Russia say about ") and _natural(result.standalone)


def test_the_verb_after_a_lay_subject_is_found(terms):
    assert subject_phrase("can a kyrgyz guy work in russia without a permit?", terms) == "a kyrgyz guy"
    assert subject_phrase("How long can an EAEU worker stay in the host country?", terms) == "an EAEU worker"
    assert subject_phrase("Can one member state take another to the EAEU Court?", terms) == "one member state"


@pytest.mark.parametrize("earlier, answer, question, expected", [
    ("Which body appoints the judges of the EAEU Court?",
     "Article 12(2) of the EAEU Treaty provides that “The Supreme Council shall have the following "
     "responsibilities: ... upon suggestion of member States appoint the judges of the Court of the EAEU” [1].",
     "And what about the Commission's chairman?",
     "Which body appoints the Commission's chairman?"),
    ("Which article covers social insurance for workers?",
     "Article 98(3) of the EAEU Treaty provides that “The social welfare (social insurance) ...” [1].",
     "and what about pensions?", "Which article covers pensions?"),
])
def test_a_question_that_asked_for_a_thing_is_asked_again_about_a_new_object(condenser, earlier, answer, question,
                                                                               expected):
    assert condenser.condense(question, [HistoryTurn(earlier, answer=answer)]).standalone == expected


def test_a_pointing_that_before_its_verb_is_not_replaced_by_a_plain_phrase(condenser):
    result = condenser.condense("is that also true for grandchildren?",
                                ["What does the treaty say about children of migrant workers?"])
    assert "is that also true for grandchildren?" in result.standalone.lower()  # the turn's own question intact


def test_a_new_object_of_the_same_question_is_no_shift_of_party(condenser):
    history = [HistoryTurn("Which body appoints the judges of the EAEU Court?",
                           answer="Article 12(2) of the EAEU Treaty provides that “The Supreme Council shall have "
                                  "the following responsibilities: ... appoint the judges of the Court of the "
                                  "EAEU” [1].")]
    result = condenser.condense("And what about the Commission's chairman?", history)
    assert result.standalone == "Which body appoints the Commission's chairman?" and not result.shift
    assert condenser.condense("And what does Russia say?", ["Why did Kyrgyzstan sue Russia?"]).shift


def test_rewrites_of_tuning_chats_in_random_pairs_stay_well_formed(condenser):
    """Any earlier question with any follow-up turn of the tuning files: no error, no doubled word, no article
    before an article or a possessive, no trailing ', regarding ...', and a question mark at the end unless the
    user wrote two."""
    import json
    import random
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "eval"
    questions, turns = [], []
    for name in ("tune.jsonl", "tune2.jsonl", "tune_fu.jsonl", "tune5.jsonl", "tune6.jsonl", "tune7.jsonl",
                 "tune8.jsonl", "tune9.jsonl", "tune10.jsonl", "tune11.jsonl", "tune12.jsonl", "tune13.jsonl"):
        for line in (root / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            questions += [item["question"], *item["history"]]
            turns += [item["question"]] if item["history"] else []
    rng = random.Random(0)
    for _ in range(300):
        history, turn = rng.sample(questions, rng.choice([1, 2])), rng.choice(turns)
        text = condenser.condense(turn, history).standalone.lower()
        assert not re.search(r"\b(\w+) \1\b", text), (history, turn, text)
        assert not re.search(r"\b(?:the|a|an) (?:the|a|an|my|our|your)\b", text), (history, turn, text)
        assert ", regarding" not in text, (history, turn, text)
        assert text.rstrip().endswith(("?", ".", "!")) or "?" in turn + " ".join(history), (history, turn, text)


@pytest.mark.parametrize("question, clause", [
    ("How is the accession treaty ratified?", "ratifying the accession treaty"),
    ("How are disputes between member states settled?", "settling disputes between member states"),
    ("How was the treaty signed?", "signing the treaty"),
    ("Where is the Commission based?", ""),  # an adjective, not a passive: no clause
    ("Why is Kyrgyzstan interested?", ""),
])
def test_only_a_how_passive_becomes_a_gerund_clause_with_the_verb_spelt_right(terms, question, clause):
    assert gerund_clause(question, terms) == clause


@pytest.mark.parametrize("verb", ["says", "think", "thinks", "claims"])
def test_that_after_a_verb_of_saying_is_no_demonstrative(condenser, verb):
    # the one list of verbs of saying and thinking (entities.SAYING_VERBS): 'thinks' reads like 'think'
    references = condenser._references(f"And Kyrgyzstan {verb} that treaty protects workers?")
    assert "demonstrative" not in {kind for _, kind in references}


def test_a_singular_it_for_a_plural_subject_is_the_previous_question_as_a_clause(condenser):
    result = condenser.condense("And who approves it?", ["How are the EAEU's bodies funded?"])
    assert result.standalone == "Who approves funding the EAEU's bodies?" and _natural(result.standalone)
    # a singular subject stays what 'it' stands for
    assert condenser.condense("And who approves it?", ["How is the EAEU budget drawn up?"]).standalone == \
        "Who approves the EAEU budget?"


def test_a_turn_that_is_only_a_condition_asks_the_previous_question_under_it(terms):
    earlier = "According to the analysis, what happens if the EAEU Court backs Kyrgyzstan?"
    assert replace_condition("And if it goes the other way?", earlier, terms) == \
        "According to the analysis, what happens if the EAEU Court goes the other way?"
    assert replace_condition("and when the Commission decides?", "What happens if Russia refuses?", terms) == \
        "What happens when the Commission decides?"
    assert replace_condition("and if so?", earlier, terms) == ""  # no clause of its own
    assert replace_condition("And if they lose?", earlier, terms) == ""  # 'they' for a singular subject
    assert replace_condition("And who pays?", earlier, terms) == ""  # no condition
    assert replace_condition("And if it goes the other way?", "Who pays for it?", terms) == ""  # none to replace


def test_a_prepositional_wh_phrase_is_asked_with_the_previous_question():
    earlier = "Which EAEU body appoints the judges of the Union's court?"
    assert joined_wh("On whose proposal?", earlier) == \
        "Which EAEU body appoints the judges of the Union's court, and on whose proposal?"
    assert joined_wh("and for what term?", earlier).endswith("court, and for what term?")
    assert joined_wh("On whose proposal?", "Tell me about the judges.") == ""  # no question to join
    assert joined_wh("whose proposal?", earlier) == joined_wh("On whose proposal, and why?", earlier) == ""


def test_a_hyphenated_modifier_is_no_verb_and_coordinated_modifiers_stay(terms):
    phrase = "the top decision-making body of the Eurasian Economic Union"
    assert head_phrase(phrase, terms) == phrase
    assert plural_antecedent("Did the accession treaty deal with sanitary and plant-health checks on the border?",
                             "the accession treaty", terms) == "sanitary and plant-health checks"


def test_a_verb_before_its_objects_determiner_is_cut_a_modifier_before_its_noun_is_not(terms):
    """Only the word right after a content word decides whether it modifies: a stopword ('the') never makes the
    verb before it a modifier, so a parsed subject that ran into its verb and object is cut at the verb."""
    assert head_phrase("the Supreme Council adopted the budget", terms) == "the Supreme Council"
    assert head_phrase("the Eurasian Economic Commission made the decision", terms) == \
        "the Eurasian Economic Commission"
    assert head_phrase("Kyrgyz migrant workers", terms) == "Kyrgyz migrant workers"


def test_an_opening_phrase_may_hold_a_preposition_of_its_own(condenser):
    assert bare_phrase("my diploma as a school teacher, will they accept it?") == "my diploma as a school teacher"
    history = ["im from kyrgyzstan, do i need a work permit to work in russia?"]
    turn = "ok and my diploma as a school teacher, will they accept it automaticaly?"
    assert "As for" not in condenser.condense(turn, history).standalone  # 'it' is the diploma


REFUSED_JUDGES = [HistoryTurn("Which body appoints the judges of the EAEU Court?",
                              answer="The documents do not answer this question. The closest passage is: Article "
                                     "12(2) of the EAEU Treaty provides that “upon suggestion of member States appoint "
                                     "the judges of the Court of the EAEU” [1].")]


def test_a_topic_that_keeps_its_verb_reads_as_a_noun_phrase(condenser):
    result = condenser.condense("who proposes the candidates?", REFUSED_JUDGES)
    assert result.standalone == \
        "As for the body that appoints the judges of the EAEU Court, who proposes the candidates?"
    assert _natural(result.standalone)
    # an answer's statement as a topic is cut before its verb ('... reflects a calculation')
    history = [HistoryTurn("Why did Kyrgyzstan sue Russia?", answer="Kyrgyzstan’s move to litigation reflects a "
                           "calculation that informal channels have reached their limits [1].")]
    assert condenser.condense("And what does Russia say?", history).standalone == \
        "What does Russia say about the move to litigation?"


def test_a_new_object_asks_a_question_for_a_thing_again_even_when_it_was_refused(condenser):
    assert condenser.condense("And what about the Commission's chairman?", REFUSED_JUDGES).standalone == \
        "Which body appoints the Commission's chairman?"


def test_topic_and_reask_rewrites_through_the_service(settings, index_handle, tmp_path):
    """Real model and index: the re-asked question retrieves the provision that answers it."""
    import dataclasses

    from eaeu_qa.service import QAService

    service = QAService(dataclasses.replace(settings, data_dir=tmp_path / "data"))
    history = ["Which body appoints the judges of the EAEU Court?"]  # answered again first, as in a live chat
    turn = service.ask("And what about the Commission's chairman?", history=history)
    assert turn.standalone_question == "Which body appoints the Commission's chairman?"
    assert any("Chairman of the Collegium" in p.chunk.text for p in turn.retrieved[:4])
    turn = service.ask("who proposes the candidates?", history=history)
    assert turn.standalone_question.startswith("As for the body that appoints the judges of the EAEU Court, ")
    assert any("upon suggestion of member States" in p.chunk.text.replace("\n", " ") for p in turn.retrieved[:4])


def test_context_is_no_clause_and_no_second_for(terms):
    """The audit's N5: 'What about pensions for those workers for the Kyrgyzstan loses?': a clause is no topic to put
    after 'for', and a phrase with its own 'for' takes no second one."""
    assert context("the Kyrgyzstan loses", "pensions", terms) == ""
    assert context("Kyrgyzstan", "pensions for those workers?", terms) == ""
    assert context("Kyrgyzstan", "for pensions?", terms) == "for Kyrgyzstan"  # a leading 'for' is the turn's own
    assert context("my wife", "pensions", terms) == "for my wife"


def test_context_is_left_out_after_its_own_preposition(terms):
    """'... chips in' takes no 'in the EAEU' (t17-fu02 was 'Who decides how much each country chips in in EAEU?')."""
    assert context("the EAEU", "who decides how much each country chips in?", terms) == ""
    assert context("the EAEU", "what about pensions?", terms) == "in the EAEU"


@pytest.mark.parametrize("phrase, expected", [
    ("who decides how much each country chips in", ""),  # a particle ends it: no 'chips in in the EAEU'
    ("where does the money come from", ""),  # a stranded preposition: no 'come from for the EAEU'
    ("which body approves the budget", "for the Supreme Council"),
    ("the budget, where does the money come from", "for the Supreme Council"),  # after the opening phrase
])
def test_no_context_after_a_stranded_preposition_of_the_part_it_would_follow(terms, phrase, expected):
    assert context("the Supreme Council", phrase, terms) == expected


def test_a_questions_own_when_is_no_condition(condenser, terms):
    """'When did ... say ...?' asks for a time: no condition clause to point at (t21-fu09 was "was did the accession
    treaty say Kyrgyzstan had to start using the union'ing common customs tariff for good?")."""
    from eaeu_qa.condensing.clause import condition_gerund

    question = "When did the accession treaty say Kyrgyzstan had to start using the union's common customs tariff?"
    assert condition_gerund(question, terms) == ""
    assert condition_gerund("When the court rules in Kyrgyzstan's favour, who pays?", terms) == \
        "the court ruling in Kyrgyzstan's favour"  # a condition that opens the question
    result = condenser.condense("and what share of the pooled import duties did it get, was that for good?",
                                [question]).standalone
    assert "was did" not in result and "union'ing" not in result, result
