"""Follow-ups resolved against the conversation state: pronouns, 'that article', ellipsis, topic shifts."""

import pytest

from eaeu_qa.condensing.condenser import condense, is_follow_up
from eaeu_qa.entities import content_words
from eaeu_qa.condensing.subjects import topic_chunks
from eaeu_qa.records import CitedLocator, HistoryTurn
from eaeu_qa.references import Reference, parse_references


def _reads_as_a_question(text: str) -> bool:
    return text[:1].isupper() and text.endswith("?") and "(Context" not in text and text.count("?") == 1


def test_pronoun_takes_the_entity_the_previous_answer_named(condenser):
    history = [HistoryTurn("Which court has Kyrgyzstan taken its insurance dispute with Russia to?",
                           answer="Kyrgyzstan filed the case with the Court of the Eurasian Economic Union [1].")]
    result = condenser.condense("Where is its seat?", history)
    assert result.is_follow_up and result.mode == "reference"
    assert result.standalone == "Where is the seat of the Court of the Eurasian Economic Union?"


def test_they_for_a_plural_subject_or_a_named_body_is_replaced_with_the_verb_agreeing(condenser):
    result = condenser.condense("and how do they take decisions?", ["What do the member States' courts do?"])
    assert result.standalone == "How do the member States' courts take decisions?"
    result = condenser.condense("and how do they take decisions?", ["What does the Eurasian Economic Commission do?"])
    assert result.standalone == "How does the Eurasian Economic Commission take decisions?"
    # 'they' for a singular common noun is not replaced: the previous topic is added instead
    result = condenser.condense("Who signed them?", ["What does the accession treaty say about customs duties?"])
    assert "they" not in result.standalone.split() and "customs duties" in result.standalone


def test_that_article_is_the_provision_the_previous_answer_cited(condenser):
    history = [HistoryTurn("How are disputes about the accession treaty settled?",
                           answer="Disputes are settled as set out in the EAEU Treaty [1].",
                           citations=(CitedLocator("Art. 112", "eaeu_treaty"),))]
    result = condenser.condense("And what does that article require first?", history)
    assert "Article 112 of the EAEU Treaty" in result.standalone
    assert "that article" not in result.standalone and _reads_as_a_question(result.standalone)


def test_topic_shift_keeps_the_new_party_and_drops_the_old_wording(condenser):
    history = [HistoryTurn("Why did Kyrgyzstan sue Russia?",
                           answer="Bishkek objects that Russia excludes the non-working family members of migrant "
                                  "workers from compulsory medical insurance [1].")]
    result = condenser.condense("And what does Russia say?", history)
    assert result.is_follow_up and _reads_as_a_question(result.standalone)
    assert "Russia" in result.standalone
    assert "Kyrgyzstan" not in result.standalone and "sue" not in result.standalone.split()
    assert {"insurance", "family", "members"} & set(result.standalone.lower().replace("?", "").split())


@pytest.mark.parametrize("history, question, topic_word", [
    (["What social insurance does the EAEU Treaty guarantee to the families of migrant workers?"],
     "Does that cover the families too?", "insurance"),
    (["Who counts as a family member under the EAEU labour migration provisions?"],
     "Does that include a worker's parents?", "family"),
    (["Where was the accession treaty signed?", "When?"], "And who keeps the original?", "accession"),
])
def test_elliptical_follow_up_gains_the_previous_topic_and_keeps_its_own_words(condenser, history, question,
                                                                               topic_word):
    result = condenser.condense(question, history)
    assert result.is_follow_up and result.mode in {"topic", "switch"}  # 'the original' is a topic of its own
    assert topic_word in result.standalone.lower()
    assert set(content_words(question)) <= set(content_words(result.standalone))
    assert _reads_as_a_question(result.standalone)


@pytest.mark.parametrize("question", [
    "What does Article 98(3) of the EAEU Treaty say about social insurance?",
    "Why does the author think labour mobility without family security is unstable?",
    "Which Kyrgyz officials raised the CHI issue with Russian counterparts?",
    "Where is the EAEU Court and what does it do?",  # 'it' has its antecedent in the question
])
def test_self_contained_question_stays_unchanged_even_with_history(condenser, question):
    result = condenser.condense(question, ["Where is the EAEU Court based?"])
    assert not result.is_follow_up
    assert result.standalone == question


def test_without_history_nothing_is_rewritten():
    assert condense("And what about pensions?", []).standalone == "And what about pensions?"
    assert condense("  Where is its seat? ", None).standalone == "Where is its seat?"


def test_third_turn_inherits_the_conversation_subject(condenser):
    history = ["What does the accession treaty say about customs duties?", "And the percentages?"]
    result = condenser.condense("Who decided them?", history)
    # 'them' stands for the plural the conversation moved to in turn 2
    assert "percentages" in result.standalone and "them" not in result.standalone.split()
    history = ["What does the accession treaty say about customs duties?", "When?"]
    assert "customs duties" in condenser.condense("Who decided them?", history).standalone


def test_follow_up_detection_signals():
    assert is_follow_up("What about pensions?")
    assert is_follow_up("Why does that matter?")
    assert is_follow_up("On what date?")
    assert not is_follow_up("How does the EAEU Treaty define a worker of a member State?")


# --- the previous answer's subject ------------------------------------------------------------------------

def test_pronoun_after_a_which_question_stands_for_the_name_the_answer_introduced(condenser):
    history = [HistoryTurn("Which EAEU body is made up of the heads of government?",
                           answer="Article 14, paragraph 1 of the EAEU Treaty provides that “Intergovernmental "
                                  "Council shall be the body of the EAEU that consists of the Heads of Governments "
                                  "of the member States” [1].",
                           citations=(CitedLocator("Art. 14, para. 1", "eaeu_treaty"),))]
    result = condenser.condense("How often does it have to meet?", history)
    assert result.standalone == "How often does the Intergovernmental Council have to meet?"
    assert result.cited == (CitedLocator("Art. 14, para. 1", "eaeu_treaty"),)


def test_its_takes_only_the_noun_that_follows_and_the_subject_stops_before_its_verb(condenser):
    result = condenser.condense("where's it based?", ["What is the Eurasian Economic Commission made up of?"])
    assert result.standalone == "Where's the Eurasian Economic Commission based?"
    result = condenser.condense("How is its budget paid for?", ["What is the Eurasian Economic Commission made up of?"])
    assert result.standalone == "How is the budget of the Eurasian Economic Commission paid for?"


def test_a_turn_naming_another_party_is_marked_as_a_shift(condenser):
    result = condenser.condense("And what does Russia say?", ["Why did Kyrgyzstan sue Russia?"])
    assert result.shift and result.own == "What does Russia say?"
    assert not condenser.condense("Where is its seat?", ["Where is the EAEU Court?"]).shift


def test_a_turn_that_is_only_a_new_name_asks_the_previous_question_about_it(condenser):
    result = condenser.condense("And the Commission?", ["Where does the EAEU Court sit?"])
    assert result.standalone == "Where does the Commission sit?" and result.mode == "replace" and result.shift
    result = condenser.condense("What about Russia?", ["What is Kyrgyzstan arguing in the case?"])
    assert result.standalone == "What is Russia arguing in the case?"
    # a question of its own with a new name is not a bare name: it keeps its wording
    assert condenser.condense("And what does Russia say?", ["Why did Kyrgyzstan sue Russia?"]).mode != "replace"


def test_that_before_a_function_word_points_at_the_previous_statement(condenser):
    history = ["What could happen if the court rules in Kyrgyzstan's favour?"]
    result = condenser.condense("would workers from the other member countries benefit from that too?", history)
    assert result.is_follow_up and result.mode == "topic" and _reads_as_a_question(result.standalone)
    assert "favour" in result.standalone
    assert condenser.condense("Who is its chairman right now?", ["Where does the EAEU Court sit?"]).standalone \
        == "Who is the chairman of the EAEU Court right now?"


def test_the_next_paragraph_of_the_cited_article_is_named_by_its_number():
    from eaeu_qa.condensing.condenser import condense as resolve

    turn = resolve("and what does the next paragraph of that article say?",
                   ["What does Article 98(3) of the EAEU Treaty say about pensions?"])
    assert "paragraph 4 of Article 98" in turn.standalone and "98(3)" not in turn.standalone


def test_a_new_party_keeps_a_one_word_topic_of_the_earlier_question(condenser):
    history = [HistoryTurn("What is Kyrgyzstan arguing in its case at the EAEU Court?",
                           answer="A ruling that clearly supports Kyrgyzstan’s position would raise the reputational "
                                  "cost of continued non-compliance [1].")]
    assert condenser.condense("And what does Russia say?", history).standalone == "What does Russia say about the case?"


def test_a_turn_keeps_its_own_question_next_to_its_rewrite(condenser):
    """Condensed.own_question is the rewrite without the topic put before it, even when the question starts with a
    name; a stored turn gives it to the next turn's state (its topic text), and a turn stored without it (an older
    history) still loads, reading it off the rewrite as before."""
    earlier = HistoryTurn("What does the article say about pensions?", answer="Pensions are regulated nationally [1].")
    turn = condenser.condense("Russia does that too?", [earlier])
    assert turn.standalone == "As for the pensions in the article, Russia does that too?"
    assert turn.own_question == "Russia does that too?"
    stored = HistoryTurn(turn.question, answer="Yes [1].", standalone=turn.standalone, own_question=turn.own_question)
    assert condenser.states([earlier, stored])[-1].topic_text == "Russia does that too?"
    assert condenser.states([earlier, HistoryTurn(turn.question, answer="Yes [1].")])[-1].topic_text == \
        "Russia does that too?"  # replayed: condensed again, with its own question
    old = HistoryTurn(turn.question, answer="Yes [1].", standalone=turn.standalone)
    assert condenser.states([earlier, old])[-1].topic_text == turn.standalone  # the old reading of the rewrite
    assert condenser.condense("Where is the Court based?", [earlier]).own_question == "Where is the Court based?"


def test_a_turn_asking_for_another_thing_takes_the_earlier_questions_topic_not_the_answer(condenser):
    history = [HistoryTurn("Who approves the EAEU's budget?",
                           answer="Article 20(2) of the EAEU Treaty provides that “Budget of the EAEU shall be approved "
                                  "by the Supreme Council” [1].")]
    result = condenser.condense("and who checks how the money is spent?", history)
    assert result.standalone == "As for the EAEU's budget, who checks how the money is spent?"
    # a pronoun still stands for the thing the answer named
    assert "Supreme Council" in condenser.condense("and how often does it meet?", history).standalone


def test_a_condition_alone_and_a_wh_phrase_alone_are_asked_with_the_previous_question(condenser):
    history = ["According to the analysis, what happens if the EAEU Court backs Kyrgyzstan?"]
    assert condenser.condense("And if it goes the other way?", history).standalone == \
        "According to the analysis, what happens if the EAEU Court goes the other way?"
    assert condenser.condense("On whose proposal?", ["Which EAEU body appoints the judges?"]).standalone == \
        "Which EAEU body appoints the judges, and on whose proposal?"


def test_a_pronoun_after_a_pointing_phrase_of_its_number_in_the_same_turn_keeps_it_as_antecedent(condenser):
    """'that <noun> ... it' in one turn: 'it' stands for the noun the turn itself points at, not for the previous
    turn's subject; a plural pronoun needs 'these/those <noun>'."""
    history = [HistoryTurn(question="Does a Kazakh nurse in Belarus have to get her diploma recognised?",
                           answer="Article 97(3) of the EAEU Treaty provides that the educational documents issued "
                                  "in the member States are recognised without any procedure.",
                           citations=(CitedLocator("Art. 97(3)", "eaeu_treaty"),))]
    both = condenser.condense("how long does that recognition take and what does it cost?", history)
    assert both.standalone.endswith("what does it cost?") and "nurse cost" not in both.standalone
    alone = condenser.condense("what does it cost?", history)
    assert alone.standalone != "What does it cost?"  # without a pointing phrase 'it' is resolved from the history
    plural = condenser._references("are those rules new and do they apply to nurses?", frozenset())
    assert [kind for _, kind in plural] == ["demonstrative"]
    singular = condenser._references("is that rule new and do they apply to nurses?", frozenset())
    assert [kind for _, kind in singular] == ["demonstrative", "pronoun"]  # 'they' does not agree with 'that rule'
    own_clause = condenser._references("how does that body vote on it?", frozenset())
    assert [kind for _, kind in own_clause] == ["demonstrative", "pronoun"]  # not its own clause's subject


def test_an_ordinal_after_a_demonstrative_modifies_its_noun(condenser):
    """'in that first case': no list position, the noun is 'case' (the ordinal stays out of the rewrite)."""
    history = ["What would it mean if the EAEU Court sides with Bishkek?"]
    result = condenser.condense("in that first case, what happens to the migrants' families?", history)
    assert result.is_follow_up and "first of" not in result.standalone
    assert "case" in result.standalone.split(",")[0]


def test_their_never_stands_for_a_provision(condenser):
    history = [HistoryTurn("What does Article 98 say?",
                           answer="Article 98(1) of the EAEU Treaty provides that “[a] member State worker has the right "
                                  "to conduct professional activities” [1].")]
    result = condenser.condense("and what does it say about medical care for their families?", history)
    assert result.standalone == "What does Article 98 say about medical care for their families?"
    # a plural subject still gives 'their' its antecedent
    history = [HistoryTurn("Can migrant workers join trade unions in the host country?",
                           answer="Article 98(5) of the EAEU Treaty provides that “[a] member State worker shall have the "
                                  "right to join trade unions on par with the citizens of the State of employment” [1].")]
    assert "migrant workers" in condenser.condense("and can their families get medical care?", history).standalone


@pytest.mark.parametrize("history, follow_up, expected", [
    (["What are the bodies of the Union?"], "and how often does that one meet?",
     "How often do the bodies of the Union meet?"),  # a plural phrase for a singular subject
    (["What are the bodies of the Union?"], "are they paid by the members?",
     "Are the bodies of the Union paid by the members?"),  # the same number: unchanged
    (["What does the Eurasian Economic Commission do?"], "and how often do those people have to meet?",
     "How often does the Eurasian Economic Commission have to meet?"),  # a singular name for 'those people'
    (["What does the Eurasian Economic Commission do?"], "ok and they have to report to whom?",
     "The Eurasian Economic Commission has to report to whom?"),  # no auxiliary before: the one after
])
def test_the_auxiliary_agrees_with_the_phrase_put_in_for_a_subject(condenser, history, follow_up, expected):
    assert condenser.condense(follow_up, history).standalone == expected


def test_a_statements_verb_is_no_part_of_the_topic(condenser):
    """'my son works in Russia and the kids go to school': the topic names the son and the kids, not 'the son works'."""
    question = "my son works in Russia and the kids go to school there, do they need CHI?"
    topic = condenser.states([question])[0].topic
    assert "works" not in topic.split() and "go" not in topic.split() and "kids" in topic
    # a participle after its noun stays in the phrase
    assert any("giving" in c for c in topic_chunks("Is there a treaty rule giving EAEU families social insurance?",
                                                  condenser.terms))
    topic = condenser.states(["my son is 10, can he go to school in russia while i am working there?"])[0].topic
    assert "working" not in topic.split()


def test_a_name_written_in_lower_case_takes_no_article(condenser):
    state = condenser.states(["can kyrgyzstan take russia to the eaeu court straight away?"])[0]
    assert not state.subject.lower().startswith("the ") and "the russia" not in state.topic


@pytest.mark.parametrize("question, expected", [
    ("and if it wins?", "What happens if Kyrgyzstan wins?"),
    ("what if it wins?", "What happens if Kyrgyzstan wins?"),
    ("and when it wins?", "What happens when Kyrgyzstan wins?"),
    ("and if that happens?", "What happens if Kyrgyzstan loses the case?"),  # a pointer takes the old condition
])
def test_a_bare_condition_keeps_its_own_condition_in_the_previous_question(condenser, question, expected):
    """The audit's N2: 'and if it wins?' after a question about losing asks about winning, its 'it' resolved and the
    earlier question's frame reused; only a pointing 'if that happens' takes the earlier condition."""
    history = ["What happens if Kyrgyzstan loses the case?"]
    assert condenser.condense(question, history).standalone == expected


def test_a_condition_put_into_the_previous_question_leaves_its_other_words_alone(condenser):
    """The previous question's own 'it' ('What would it mean if ...') is no pronoun of the turn: only the turn's
    condition is resolved (was 'What would the EAEU Court mean if the EAEU Court goes Russia's way instead?')."""
    history = ["What would it mean if the EAEU Court sides with Bishkek?"]
    assert condenser.condense("and if it goes Russia's way instead?", history).standalone == \
        "What would it mean if the EAEU Court goes Russia's way instead?"


def test_a_possessive_pronoun_keeps_its_noun_with_the_earlier_owner(condenser):
    """The audit's N5: 'their position' after "Russia's position" is Russia's position (not 'the position of
    Russia's position'), and 'is that backed ...' leaves no participle as a noun ('the backed of ...')."""
    history = ["What is Russia's position in the dispute?"]
    assert condenser.condense("Is their position backed by the treaty?", history).standalone == \
        "Is Russia's position backed by the treaty?"
    assert condenser.condense("Who are their lawyers?", history).standalone == "Who are Russia's lawyers?"
    assert "the backed" not in condenser.condense("Is that backed by the treaty?", history).standalone


def test_a_follow_up_naming_its_own_provision_does_not_take_the_previous_one(condenser):
    # The earlier turn was about Article 98 and was answered; the new turn names Article 97: the rewrite is about
    # Article 97 alone, never "... say in Article 98?".
    history = [HistoryTurn("How does Article 98 apply after Kyrgyzstan's accession?",
                           answer="Article 98(1) of the EAEU Treaty provides that a member State worker has the right to "
                                  "conduct professional activities [1].",
                           citations=(CitedLocator("Art. 98(1)", "eaeu_treaty"),))]
    for turn, expected in [("and what does Article 97 say?", "What does Article 97 say?"),
                           ("and what does Article 97 say about family members?",
                            "What does Article 97 say about family members?")]:
        result = condenser.condense(turn, history)
        assert result.standalone == expected, result.standalone
        assert "Article 98" not in result.standalone


def test_a_pronoun_for_a_names_claim_stands_for_the_name_where_the_claim_cannot_act(condenser):
    """After "What is Russia's position?", a position files no case and has no lawyers: a pronoun before a verb (or a
    noun) the corpus never writes after 'position' stands for its holder, Russia (was "When did Russia's position file
    the case?", "What about the lawyers of Russia's position?"); a verb a claim takes ('hold', 'rest') and 'be' keep
    the phrase."""
    history = ["What is Russia's position?"]
    for turn, expected in [("When did it file the case?", "When did Russia file the case?"),
                           ("what about its lawyers?", "What about Russia's lawyers?"),
                           ("is that lawyer good?", "Is Russia's lawyer good?"),
                           ("does it hold up?", "Does Russia's position hold up?"),
                           ("Is it backed by the treaty?", "Is Russia's position backed by the treaty?"),
                           # review s13 bug 4: no evidence for the name, the phrase stays (were "Where did Russia ...")
                           ("Where did it come from?", "Where did Russia's position come from?"),
                           ("How does it compare with Kyrgyzstan's?",
                            "How does Russia's position compare with Kyrgyzstan's?")]:
        assert condenser.condense(turn, history).standalone == expected, turn


def test_the_party_that_files_is_the_one_written_as_bringing_the_case(condenser):
    """Audit R2: after "Why is Kyrgyzstan suing Russia ...?" and "What is Russia's position?", 'they' filing is the
    party the turns and the corpus write before a litigation word ("Kyrgyzstan suing", "Kyrgyzstan's lawsuit"), not
    the last party named, and 'it' filed is the case, not "Russia's position" (was "When did Russia file Russia's
    position?"); with one party only, that party still files."""
    history = ["Why is Kyrgyzstan suing Russia at the EAEU Court?", "What is Russia's position?"]
    assert condenser.condense("when did they file it?", history).standalone == "When did Kyrgyzstan file the lawsuit?"
    assert condenser.condense("When did it file the case?", history).standalone == "When did Kyrgyzstan file the case?"
    assert condenser.condense("who filed it?", history).standalone == "Who filed the lawsuit?"
    assert condenser.condense("When did it file the case?", history[1:]).standalone == \
        "When did Russia file the case?"
    assert condenser.condense("when did they answer it?", history).standalone != "When did Kyrgyzstan answer it?"


def test_it_as_the_subject_of_a_passive_litigation_verb_is_the_case(condenser):
    """The subject of a passive is the verb's object: 'When was it filed?' after "Why is Kyrgyzstan suing Russia?" is
    the case filed, as 'file it' is (was "When was Kyrgyzstan filed?"); a passive of another verb keeps its party."""
    history = ["Why is Kyrgyzstan suing Russia?"]
    assert condenser.condense("When was it filed?", history).standalone == "When was the lawsuit filed?"
    assert condenser.condense("Has it been filed yet?", history).standalone == "Has the lawsuit been filed yet?"
    assert condenser.condense("Is it bound by the ruling?", history).standalone == "Is Kyrgyzstan bound by the ruling?"


def test_a_pronoun_for_a_person_or_a_body_keeps_its_antecedent_before_a_litigation_verb(condenser):
    """Review s13 bug 1: the party that files is picked only when the pronoun stands for a party or a party's claim;
    'he' for the user's husband, 'she' for a wife, 'they' for workers and 'it' for the Commission stay theirs (were
    "Can Kyrgyzstan file a complaint?" etc. once Kyrgyzstan was named earlier)."""
    for turn, history, expected in [
            ("Can he file a complaint?", ["Why did Kyrgyzstan go to court?",
                                          "My husband works in Russia. Is he insured?"], "Can my husband file"),
            ("Where can she file a complaint?", ["What is Kyrgyzstan's case about?",
                                                 "My wife was refused treatment in Moscow. What can she do?"],
             "Where can my wife file"),
            ("Can they sue their employer?", ["Why did Kyrgyzstan go to court?",
                                              "Can migrant workers get medical insurance in Russia?"],
             "Can the migrant workers sue"),
            ("Can it challenge the decision?", ["Why did Kyrgyzstan go to court?", "What does the Commission do?"],
             "Can the Commission challenge")]:
        result = condenser.condense(turn, history).standalone
        assert result.startswith(expected) and "Kyrgyzstan" not in result, (turn, result)


def test_that_noun_after_a_names_claim_is_the_names_only_for_a_claim_or_person_noun(condenser):
    """Review s13 bug 3: after "What is Russia's position?", a court or a treaty is not Russia's (were "What did
    Russia's court decide?", "What does Russia's treaty say?"), and 'Is that true?' asks about the position (was "Is
    Russia's true?"); a lawyer and a stance still are Russia's."""
    history = ["What is Russia's position?"]
    for turn, expected in [("What did that court decide?", "As for Russia's position, what did that court decide?"),
                           ("What does that treaty say?", "As for Russia's position, what does that treaty say?"),
                           ("Is that true?", "Is Russia's position true?"),
                           ("Is this relevant?", "Is Russia's position relevant?"),
                           ("Is that position backed by the treaty?", "Is Russia's position backed by the treaty?"),
                           ("what about that stance?", "What about Russia's stance?"),
                           ("Who is that lawyer?", "Who is Russia's lawyer?")]:
        assert condenser.condense(turn, history).standalone == expected, turn


def test_that_for_a_names_claim_before_a_participle_takes_the_claims_place(condenser):
    """'Is that backed by the treaty?' after "What is Russia's position?" asks whether the position is (was "As for
    Russia's position, is that backed by the treaty?"); 'that' before a noun or after a common subject is unchanged."""
    history = ["What is Russia's position?"]
    assert condenser.condense("Is that backed by the treaty?", history).standalone == \
        "Is Russia's position backed by the treaty?"
    assert condenser.condense("is this consistent with the treaty?", history).standalone == \
        "Is Russia's position consistent with the treaty?"
    assert condenser.condense("is that the main argument?", history).standalone != \
        "Is Russia's position the main argument?"


def test_a_common_nouns_possessive_keeps_its_phrase_for_a_pronoun(condenser):
    """Only a name's claim hands a pronoun to its holder: "the worker's CHI policy" is still what 'it' covers."""
    history = ["Is the worker's CHI policy valid in all regions?"]
    assert "the worker's CHI policy" in condenser.condense("what does it cover?", history).standalone


def test_that_and_a_verb_after_do_or_a_modal_is_a_subject_not_that_noun(condenser):
    """'What would that look like in practice?' after "What is Russia's position?" was "What would Russia's look like in
    practice?" ('that look' as a noun phrase); 'does that matter?' was 'Does the matter of Article 98?'. A word the
    corpus does not use as a noun before a function word, or any word before the end, is the verb of 'that'."""
    assert "look like" in condenser.condense("What would that look like in practice?",
                                             ["What is Russia's position?"]).standalone
    assert "Russia's look" not in condenser.condense("What would that look like in practice?",
                                                     ["What is Russia's position?"]).standalone
    assert "the matter of" not in condenser.condense("does that matter?", ["What does Article 98 say?"]).standalone
    assert condenser.condense("does that article apply to pensions?", ["What does Article 98 say?"]).standalone \
        .startswith("Does Article 98")  # 'that article' before a verb is still a noun phrase


def test_that_and_a_noun_before_an_auxiliary_stays_a_noun_phrase(condenser):
    """Review s13 bug 2: 'ban' and 'exclusion' before 'be'/'have' are the nouns of 'that <noun>', not verbs of 'that'
    (were "Could Russia banning imports ban be lifted?" and its like)."""
    for turn, history, expected in [("Could that ban be lifted?", ["Did Russia ban imports?"],
                                     "Could Russia's ban be lifted?"),
                                    ("Does that exclusion have a legal basis?", ["Did Russia exclude the families?"],
                                     "Does Russia's exclusion have a legal basis?")]:
        assert condenser.condense(turn, history).standalone == expected, turn


def test_a_possessive_after_a_pointing_phrase_in_its_own_clause_keeps_it_as_antecedent(condenser):
    """'must those guests get their invitation?': 'their' is the guests' (was 'the invitation of the heads')."""
    result = condenser.condense("how many days in advance must those guests get their invitation?",
                                ["Who can the Supreme Council invite to its meetings?"])
    assert "their invitation" in result.standalone and "invitation of" not in result.standalone


def test_those_positions_after_two_parties_claims_are_both_parties(condenser):
    """'both of those positions' after Kyrgyzstan's and then Russia's argument (was "both of the positions of Russia's
    main argument")."""
    history = ["What is Kyrgyzstan's main argument in the case?", "And Russia's?"]
    assert condenser.condense("Why do both of those positions go down well at home?", history).standalone == \
        "Why do both of Kyrgyzstan's and Russia's positions go down well at home?"


def test_a_turn_opening_with_its_own_phrase_asks_with_the_phrase_in_the_pointers_place(condenser):
    """'Article 14 ..., what does that one add?' points at its own opening phrase, not the previous turn's article (was
    'Article 14 of the Kyrgyz accession treaty, what does the Article 10 of the Kyrgyz accession treaty add?')."""
    history = ["What does Article 10 of the Kyrgyz accession treaty say about disputes?"]
    assert condenser.condense("ok, and Article 14 of the Kyrgyz accession treaty, what does that one add?",
                              history).standalone == "What does Article 14 of the Kyrgyz accession treaty add?"


def test_dislocated_takes_the_first_pointer_of_the_phrases_number():
    from eaeu_qa.condensing.switch import dislocated

    assert dislocated("my diploma as a school teacher, will they accept it automatically?") == \
        "will they accept my diploma as a school teacher automatically?"
    assert dislocated("the judges, how long do they serve?") == "how long do the judges serve?"
    assert dislocated("the judges, is it true that they serve six years?") == \
        "is it true that the judges serve six years?"  # 'it' of 'is it true' points at nothing
    assert dislocated("when was it filed?") == ""  # no opening phrase
    assert dislocated("The EAEU, what is it?") == "what is the EAEU?"  # review s13: was 'what is The EAEU?'


def test_a_demonstrative_before_a_numbered_provision_is_no_reference(condenser):
    """'that annex 33 list' names its annex (was 'Which agreements exactly are on Annex 33 33 list?')."""
    history = ["When did the EAEU Treaty come into force?"]
    rewrite = condenser.condense("which agreements exactly are on that annex 33 list?", history).standalone
    assert "33 33" not in rewrite and "annex 33 list" in rewrite.lower()


def test_that_paragraph_with_a_number_is_that_paragraph_of_the_article_named_before(condenser):
    """Review s13 bug 5: 'that paragraph 3' after "What does Article 98 say?" is paragraph 3 of Article 98, which
    references read as 98(3) (the turn was left as typed and answered from analysis paragraphs); 'that article 97'
    still names its own provision."""
    history = ["What does Article 98 say?"]
    rewrite = condenser.condense("what does that paragraph 3 say?", history).standalone
    assert rewrite == "What does paragraph 3 of Article 98 say?"
    assert parse_references(rewrite) == [Reference("98", "3")]
    assert condenser.condense("what does that article 97 say?", history).standalone == "what does that article 97 say?"


def test_a_one_word_name_takes_the_as_the_corpus_writes_it(condenser):
    """'the EAEU', 'the Commission' (the corpus writes them after a determiner); 'Russia', 'CHI' and a name in lower
    case as written (t19-fu08 was '... does EAEU get the same social insurance as locals?')."""
    assert [condenser._definite(p) for p in ("EAEU", "Commission", "Russia", "CHI", "kyrgyzstan")] == \
        ["the EAEU", "the Commission", "Russia", "CHI", "kyrgyzstan"]


def test_a_plural_subjects_head_is_its_noun_not_the_word_before_it(condenser):
    """'they' after 'Can Kyrgyz migrant workers ...?' is the workers: a word the corpus never writes after a
    determiner ('migrant') cuts the subject only when no noun follows it in the phrase (was "Can Kyrgyz sue ...")."""
    result = condenser.condense("Can they sue their employer?",
                                ["Can Kyrgyz migrant workers get free medical care in Russia?"]).standalone
    assert result.startswith("Can the Kyrgyz migrant workers sue"), result


def test_what_is_x_about_keeps_x_as_the_subject_not_a_name_of_the_answer(condenser):
    """'What is the dispute about?' asks about the dispute, not for a thing its answer names: 'it' next is the
    dispute (was "When was Kyrgyzstan filed?", the answer's first name)."""
    history = [HistoryTurn("What is the dispute about?",
                           answer="By taking the matter to the EAEU Court, Kyrgyzstan is framing the dispute not as a "
                                  "bilateral grievance but as a question of treaty compliance [1].")]
    assert condenser.condense("When was it filed?", history).standalone == "When was the dispute filed?"


def test_a_pronoun_after_what_a_document_says_stands_for_the_reported_subject_not_the_document(condenser):
    """'What does the article say X ...?' is about X: 'it' next is X, not the article (was "spoken out against the
    article", "the interpretation of the article")."""
    for history, turn, expected in [
            ("what does the article say is Russia's position in the dispute?",
             "which russian politicians have spoken out against it, by name?", "against Russia's position"),
            ("What does the article say the EAEU Court cannot do?", "so why does its interpretation still matter?",
             "interpretation of the EAEU Court")]:
        result = condenser.condense(turn, [history]).standalone
        assert expected in result and "the article" not in result, result


def test_a_pronoun_is_not_its_own_clauses_subject_and_a_possessive_is_the_subjects(condenser):
    """Binding within a clause: 'it' in 'how does that body vote on it?' is not the body (was "How does the Supreme
    Council vote on the Supreme Council?"), and the earlier question's topic is put in; 'its' after the clause's own
    subject is that subject's ('has the court already given its answer ...?' keeps 'its', was "the answer of X")."""
    history = [HistoryTurn("Who decides whether a new country can become a candidate to join the EAEU?",
                           answer="The Supreme Council decides on granting a State the status of a candidate [1].")]
    result = condenser.condense("and how does that body vote on it?", history).standalone
    assert "Supreme Council vote on it" in result and "candidate" in result, result
    result = condenser.condense("has the court already given its answer to it?",
                                ["What is the dispute between Kyrgyzstan and Russia about?"]).standalone
    assert result.startswith("Has the court already given its answer to"), result
    result = condenser.condense("And who is currently its president?", ["Which court hears the case?"]).standalone
    assert "its" not in result.split() and "president of" in result, result  # 'currently' is no subject to own it


def test_a_part_of_a_whole_needs_a_plural_and_a_speakers_contraction_is_no_subject(condenser):
    """'which of them' after a singular subject ("Russia's argument") takes the topic, not "which of Russia's
    argument"; "I'm ..." is the speaker, no antecedent for 'they' (was "Can I'm stay ...?")."""
    result = condenser.condense("so has the court already said which of them is right?",
                                ["What is Russia's argument in the medical insurance dispute with Kyrgyzstan?"])
    assert "which of them is right" in result.standalone and result.mode == "topic", result
    result = condenser.condense("and can they stay as long as I'm there?",
                                ["I'm a Kyrgyz worker in Russia, can my kids go to school there?"]).standalone
    assert result.startswith("Can my kids stay"), result
