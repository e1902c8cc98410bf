"""Outcome questions quote the scenario of the outcome they ask about, not the other one nor another condition's."""

from dataclasses import replace

from eaeu_qa.answering.outcome import agreement, question_side, scenario_sides, side

WIN = "A ruling that clearly supports Kyrgyzstan’s position would raise the legal cost of non-compliance."
LOSE = "If the court adopts a narrow reading of the treaty, it would signal that the guarantees are aspirational."
SUBMIT = "If no agreement has been reached within 3 months, the dispute may be submitted to the Court."


def test_the_side_a_condition_gives_follows_the_party_and_the_word_of_the_outcome():
    assert side("Kyrgyzstan wins the case") == 1
    assert side("Bishkek loses") == -1
    assert side("Russia loses") == 1  # the other party prevails
    assert side("the court agrees with Bishkek") == 1
    assert side("the court sides with Russia") == -1
    assert side("a judgment in Kyrgyzstan's favour") == 1
    assert side("our side wins") == 0  # no party named
    assert side("I lose my migration card in Moscow") == 0  # the party is no subject of "lose"
    assert side("that credibility erodes") == 0
    assert question_side("What happens if the court rules against Kyrgyzstan?") == -1
    assert question_side("Who won the case?") == 0  # no condition


def test_scenario_paragraphs_take_their_side_from_their_condition_or_the_paragraph_before(make_chunk):
    def para(text, n, start):
        chunk = make_chunk(text, source_id="article", article="", paragraph="", start=start)
        return replace(chunk, locator=f"What the Ruling Could Mean, para. {n}", chunk_id=f"ruling-{n}")

    opening = "The EAEU Court is not an enforcement agency. "
    chunks = [para(opening + WIN, 1, 0), para("Such a decision would also set a precedent.", 2, 200),
              para("The opposite outcome would be equally revealing. " + LOSE, 3, 300),
              para("A third, and perhaps most likely, scenario lies between these extremes.", 4, 500),
              make_chunk(SUBMIT, article="112", paragraph="2", start=900)]
    sides = scenario_sides(chunks)
    assert sides == {"ruling-1": (1, len(opening)), "ruling-2": (1, 200), "ruling-3": (-1, 300)}

    def stands(text, chunk, asked):
        return agreement(text, chunk.start + chunk.text.index(text), chunk.chunk_id, asked, sides)

    assert stands(WIN, chunks[0], 1) == 1 and stands(WIN, chunks[0], -1) == -1
    assert stands(opening.strip(), chunks[0], -1) == 0  # before the paragraph states its outcome
    assert stands(LOSE, chunks[2], 1) == -1 and stands(LOSE, chunks[2], -1) == 1
    assert stands(chunks[3].text, chunks[3], 1) == 0  # the middle scenario takes no side
    assert stands(SUBMIT, chunks[4], 1) == -1  # a consequence of another condition
    assert stands(SUBMIT, chunks[4], 0) == 0  # no outcome asked about: nothing is judged


def test_real_outcome_answers_lead_with_the_asked_outcome_and_leave_the_other_out(qa_chain):
    ruling = "What the Ruling Could Mean for the EAEU’s Future"
    for question, asked, other in (("What happens if Kyrgyzstan wins the case?", "supports Kyrgyzstan",
                                    "narrow reading"),
                                   ("what happens if the court agrees with Bishkek?", "supports Kyrgyzstan",
                                    "narrow reading"),
                                   ("What happens if Kyrgyzstan loses the case?", "narrow reading",
                                    "supports Kyrgyzstan")):
        answer = qa_chain.ask(question)
        assert answer.citations, question
        lead = answer.citations[0]
        assert lead.locator.startswith(ruling) and asked in lead.quote, (question, lead.quote)
        assert not any(other in c.quote for c in answer.citations), question
        assert not any(c.locator.startswith("Art. 112") for c in answer.citations), question


def test_a_quoted_consequence_takes_the_sentence_stating_its_condition(make_chunk):
    import numpy as np

    from eaeu_qa.answering.compose import UNIT_FEATURES, Scored
    from eaeu_qa.answering.features import question_features
    from eaeu_qa.answering.outcome import condition_start, conditions, with_condition
    from eaeu_qa.answering.units import chunk_units
    from eaeu_qa.records import RetrievedPassage

    text = "The opposite outcome would be equally revealing. " + LOSE + " Labor mobility would remain real."
    chunk = replace(make_chunk(text, source_id="article", article="", paragraph="", start=0),
                    locator="What the Ruling Could Mean, para. 3", chunk_id="ruling-3")
    sides = {"ruling-3": (-1, 0)}
    stated = conditions([chunk], sides)
    opening, condition, consequence = chunk_units(chunk)
    assert stated == {"ruling-3": (condition.start,)}  # "If the court adopts ...", not "The opposite outcome ..."
    assert condition_start(consequence.start, "ruling-3", stated) == condition.start
    assert condition_start(condition.start, "ruling-3", stated) == -1  # the condition itself follows from none
    scored = [Scored(u, RetrievedPassage(rank=1, chunk=chunk, score=0.0), 0.5, np.zeros(len(UNIT_FEATURES)), 0.5,
                     condition_at=condition_start(u.start, "ruling-3", stated)) for u in (opening, condition,
                                                                                          consequence)]
    assert with_condition([consequence], scored) == [condition, consequence]
    assert with_condition([condition, consequence], scored) == [condition, consequence]  # quoted already
    assert with_condition([opening], scored) == [opening]


def test_no_side_without_the_party_as_the_outcome_words_subject_or_object_or_under_negation():
    # people of a party are not the party in the case
    assert question_side("If a Kyrgyz worker loses his job in Russia, can his family keep medical insurance?") == 0
    assert question_side("What happens if a Russian employer fails to pay my wages?") == 0
    assert question_side("If my Kyrgyz diploma is rejected in Russia, what can I do?") == 0
    assert question_side("What happens if Kyrgyzstan does not win?") == 0  # negated
    assert question_side("What if the court never sides with Bishkek?") == 0
    assert question_side("Should a Kyrgyz worker lose his job, what happens?") == 0  # "should" is no "if"
    # the party next to its word (auxiliaries, a possessive's noun between), or anywhere in a clause naming the case
    assert question_side("What happens if Kyrgyzstan has won?") == 1
    assert question_side("What if Kyrgyzstan's claim fails?") == -1
    assert question_side("What if Kyrgyzstan fails to win the case?") == -1
    assert question_side("What if the EAEU Court sides with Moscow?") == -1


def test_real_migrant_questions_with_an_if_do_not_lead_with_a_scenario_of_the_case(qa_chain):
    ruling = "What the Ruling Could Mean for the EAEU’s Future"
    answer = qa_chain.ask("If a Kyrgyz worker loses his job in Russia, can his family keep medical insurance?")
    assert answer.citations and answer.citations[0].locator.startswith("Art. 98"), answer.citations[0].locator
    assert not any(c.locator.startswith(ruling) for c in answer.citations)
    for question in ("What happens if a Russian employer fails to pay my wages?",
                     "If my Kyrgyz diploma is rejected in Russia, what can I do?"):
        answer = qa_chain.ask(question)
        assert answer.citations and not answer.citations[0].locator.startswith(ruling), question
    answer = qa_chain.ask("What happens if Kyrgyzstan does not win?")
    assert answer.citations and "supports Kyrgyzstan" not in answer.citations[0].quote


def test_a_condition_naming_a_party_or_the_court_is_not_taken_for_another_condition(make_chunk):
    affirms = "If the court affirms Kyrgyzstan’s interpretation, the ruling would apply across the EAEU."
    chunk = make_chunk(affirms, source_id="article", article="", paragraph="", start=0)
    assert agreement(affirms, 0, chunk.chunk_id, 1, {}) == 0  # "affirms" is no outcome word, yet not dropped
    assert agreement(SUBMIT, 0, chunk.chunk_id, 1, {}) == -1  # names neither: another condition


def test_a_real_win_question_still_quotes_the_scenario_in_words_the_outcome_table_lacks(qa_chain):
    answer = qa_chain.ask("What would the ruling mean for other member states' workers if Kyrgyzstan wins?")
    assert any("affirms Kyrgyzstan" in c.quote for c in answer.citations), [c.quote[:60] for c in answer.citations]


def test_an_outcome_named_as_a_noun_phrase_gives_its_side():
    # audit2 B2: "a win for Kyrgyzstan" is an outcome with a side, with no "if" in the question
    assert question_side("what would a win for Kyrgyzstan change?") == 1
    assert question_side("What would a ruling against Moscow mean for migrants?") == 1
    assert question_side("What would a decision in favour of Russia mean?") == -1
    assert question_side("Would a defeat for Bishkek end the dispute?") == -1
    assert question_side("What if there is no win for Kyrgyzstan?") == 0  # negated
    assert question_side("What is the financial loss for Kyrgyz families?") == 0  # a loss of money is no outcome
    assert question_side("What would a ruling for the workers change?") == 0  # no party after the noun
    assert question_side("What did the court decide?") == 0


def test_a_nationality_adjective_or_both_outcomes_named_give_no_side():
    # review B4: the party must end the phrase ("Russian employers" are who the ruling is for), and both sides named
    # give none
    assert question_side("What would a ruling for Russian employers mean for their costs?") == 0
    assert question_side("What would a decision for Kyrgyz migrants change?") == 0
    assert question_side("What is the difference between a win for Kyrgyzstan and a win for Russia?") == 0
    assert question_side("What would a ruling in favour of the Kyrgyz Republic mean for families?") == 1
    assert question_side("Would a victory for Bishkek help families?") == 1  # a verb after the name
    assert question_side("what would a win for kyrgyzstan change?") == 1  # lower case as typed
    assert question_side("What is the difference between a win for Kyrgyzstan and a ruling against Russia?") == 1
    assert question_side("What happens if Kyrgyzstan wins, and what happens if Russia wins?") == 0
    assert question_side("What happens if Kyrgyzstan wins, and what if Russia loses?") == 1  # one side twice


def test_a_real_question_about_a_ruling_for_a_partys_people_takes_no_side(qa_chain):
    # review B4: "a ruling for Russian employers" was read as Russia winning: the narrow-reading scenario was quoted
    answer = qa_chain.ask("What would a ruling for Russian employers mean for their costs?")
    assert answer.citations and not any("narrow reading" in c.quote for c in answer.citations), \
        [c.quote[:60] for c in answer.citations]
    won = qa_chain.ask("What would a ruling for Russia mean for employers' costs?")  # the party itself: its side
    assert won.citations and not any("supports Kyrgyzstan" in c.quote for c in won.citations)


def test_a_lead_set_against_earlier_scenarios_brings_them_first(make_chunk):
    from eaeu_qa.answering.outcome import conditions, scenarios_first, scenarios_set_against
    from eaeu_qa.answering.units import chunk_units

    def para(text, n, start):
        chunk = make_chunk(text, source_id="article", article="", paragraph="", start=start)
        return replace(chunk, locator=f"What the Ruling Could Mean, para. {n}", chunk_id=f"ruling-{n}",
                       section="What the Ruling Could Mean")

    chunks = [para("The EAEU Court is not an enforcement agency. " + WIN, 1, 0),
              para("Such a decision would also set a precedent.", 2, 200),
              para("The opposite outcome would be equally revealing. " + LOSE, 3, 300),
              para("A third, and perhaps most likely, scenario lies between these extremes. Russia could offer "
                   "partial solutions.", 4, 500),
              para("Beyond the legal outcome, the case highlights a deeper issue.", 5, 700)]
    sides = scenario_sides(chunks)
    stated = conditions(chunks, sides)
    units = {c.chunk_id: chunk_units(c) for c in chunks}
    third, tail = units["ruling-4"][0], units["ruling-5"][0]
    earlier = scenarios_set_against(third, True, chunks, sides, stated)
    # of each side the first paragraph, at the sentence stating its condition, in the article's order
    assert [(c.chunk_id, c.text[at - c.start:at - c.start + 12]) for c, at in earlier] == [
        ("ruling-1", WIN[:12]), ("ruling-3", LOSE[:12])]
    referents = [u for c, at in earlier for u in units[c.chunk_id] if u.start <= at < u.end]
    assert [u.text for u in referents] == [WIN, LOSE]
    quoted_lose = units["ruling-3"][1]
    assert scenarios_first([third, tail, quoted_lose], referents, 4) == [referents[0], quoted_lose, third, tail]
    assert scenarios_first([third, tail], referents, 3) == [referents[0], referents[1], third]  # the cap
    # "The opposite outcome ..." is set against the winning scenario only
    opposite = units["ruling-3"][0]
    assert [c.chunk_id for c, _ in scenarios_set_against(opposite, True, chunks, sides, stated)] == ["ruling-1"]
    # a lead that does not open its paragraph, or does not point back, brings nothing
    assert scenarios_set_against(units["ruling-4"][1], False, chunks, sides, stated) == []
    assert scenarios_set_against(tail, True, chunks, sides, stated) == []


def test_real_outcome_overview_quotes_the_scenarios_in_the_articles_order(qa_chain):
    ruling = "What the Ruling Could Mean for the EAEU’s Future, para. "
    answer = qa_chain.ask("What are the possible outcomes of the case?")
    paras = [c.locator[len(ruling):] for c in answer.citations if c.locator.startswith(ruling)]
    assert paras[:3] == ["1", "3", "4"], [c.locator for c in answer.citations]
    assert "supports Kyrgyzstan" in answer.citations[0].quote
    # a win named as a noun phrase: its scenario, not the opposite one
    answer = qa_chain.ask("what would a win for Kyrgyzstan change?")
    assert answer.citations and answer.citations[0].locator.startswith(ruling)
    assert not any("opposite outcome" in c.quote or "narrow reading" in c.quote for c in answer.citations)
    # a question that names one scenario itself is not reordered
    answer = qa_chain.ask("What happens if Kyrgyzstan loses the case?")
    assert "narrow reading" in answer.citations[0].quote
    # nor one asking for one scenario (tune3 jou06): the third scenario, which answers it, leads
    answer = qa_chain.ask("What's the middle-ground outcome the analysis sees as most likely?")
    assert answer.citations[0].locator == ruling + "4", [c.locator for c in answer.citations]


def test_a_question_asks_for_several_scenarios_by_a_plural_of_their_word():
    from eaeu_qa.answering.outcome import asks_several

    texts = ["The opposite outcome would be equally revealing.", "A third scenario lies between these extremes."]
    assert asks_several(("possible", "outcomes", "case"), texts)
    assert asks_several(("scenarios", "analysis"), texts)
    assert not asks_several(("middle-ground", "outcome", "likely"), texts)  # one asked for
    assert not asks_several(("governments", "won"), texts)  # a plural the paragraphs do not use
    assert not asks_several(("access",), ["access to care"])  # "-ss" is no plural


def test_a_condition_about_the_courts_ruling_without_a_side_leaves_other_conditions_out(qa_chain):
    from eaeu_qa.answering.outcome import judged_condition, other_condition

    assert judged_condition("What happens if the court adopts a narrow reading of the treaty?")
    assert not judged_condition("If a Kyrgyz worker loses his job in Russia, can his family keep insurance?")
    assert not judged_condition("What does the court do?")  # no condition
    assert other_condition(SUBMIT) and not other_condition(LOSE) and not other_condition(WIN)
    # audit2 N7: the narrow-reading answer added Art. 112(2) ("If no agreement has been reached within 3 months ...")
    answer = qa_chain.ask("What happens if the court adopts a narrow reading of the treaty?")
    assert answer.citations and "narrow reading" in answer.citations[0].quote
    assert not any(c.locator.startswith("Art. 112") for c in answer.citations), [c.locator for c in answer.citations]


def test_a_follow_up_naming_one_party_asks_about_that_party_not_the_earlier_topics():
    from eaeu_qa.answering.asked import about_other_party, asked_party
    from eaeu_qa.answering.features import question_features

    reply = question_features("and what does Kyrgyzstan say in reply?",
                              "As for Russia's position in the article, what does Kyrgyzstan say in reply?", True)
    assert asked_party(reply) == frozenset({0})  # wording.CASE_PARTIES: Kyrgyzstan 0, Russia 1
    assert about_other_party("Russia’s position leans on its domestic CHI system.", asked_party(reply))
    assert not about_other_party("Bishkek argues that this practice violates EAEU commitments.", asked_party(reply))
    assert not about_other_party("Moscow maintains its rules; Bishkek disagrees.", asked_party(reply))  # both named
    assert not about_other_party("The treaty framework references medical care.", asked_party(reply))  # none named
    # no other party in the rewrite, a standalone question, or an outcome question: nothing is set aside
    alone = "What does the article say Kyrgyzstan's position is?"
    assert not asked_party(question_features("and Kyrgyzstan?", alone, True))
    assert not asked_party(question_features(alone, alone, False))
    lose = "What happens to Russia's position if Kyrgyzstan loses?"
    assert not asked_party(question_features(lose, lose, False))
    # the other party named in the question itself, not in the topic put before it: "it" stood for Kyrgyzstan
    assert not asked_party(question_features("and what does it get out of a ruling even if Russia drags its feet?",
                                             "What does Kyrgyzstan get out of a ruling even if Russia drags its feet?",
                                             True))


def test_a_real_follow_up_asking_the_other_partys_reply_quotes_that_party(qa_chain):
    # audit s15 N12: after Russia's position, "and what does Kyrgyzstan say in reply?" (rewritten "As for Russia's
    # position in the article, ...") quoted Russia's position (Competing para 3) again and not Bishkek's argument
    first = qa_chain.ask("What does the article say Russia's position is?")
    answer = qa_chain.ask("and what does Kyrgyzstan say in reply?", history=[first])
    quotes = " ".join(c.quote for c in answer.citations)
    assert "Russia’s position, as reflected" not in quotes, answer.answer[:300]
    assert "Bishkek argues" in quotes or "Kyrgyzstan’s argument rests" in quotes, answer.answer[:300]


def test_a_follow_up_asking_a_partys_view_leads_with_a_sentence_attributing_it(make_chunk):
    import numpy as np

    from eaeu_qa.answering.asked import lead_with_stance, stance_party
    from eaeu_qa.answering.compose import UNIT_FEATURES, Scored
    from eaeu_qa.answering.features import question_features
    from eaeu_qa.answering.paragraphs import attributes
    from eaeu_qa.answering.units import Unit, chunk_units
    from eaeu_qa.records import RetrievedPassage

    assert attributes("Russia’s position, as reflected in public reporting, leans on its domestic system.")
    assert attributes("From Bishkek’s perspective, the logic is straightforward.")
    assert not attributes("A ruling that clearly supports Kyrgyzstan’s position would raise the legal stakes.")
    assert not attributes("In Russia, migration and social spending are politically charged topics.")
    view = question_features("and what is Russia's view on that?", "What is Russia's view on what Article 98(4) says?",
                             True)
    assert stance_party(view) == 1  # wording.CASE_PARTIES: Kyrgyzstan 0, Russia 1
    assert stance_party(question_features("What is Russia's view?", "What is Russia's view?", False)) is None
    assert stance_party(question_features("and who pays for that?", "Who pays for medical care?", True)) is None
    assert stance_party(question_features("and what does Russia or Kyrgyzstan say?",
                                          "What does Russia or Kyrgyzstan say?", True)) is None
    # review s17 B4: the party is a name right before the verb, not an adjective of whoever speaks
    for turn in ("and what do Kyrgyz migrants think about it?", "and what do Russian employers say?",
                 "and what does Russian law say?", "and what is the view of Russian employers?"):
        assert stance_party(question_features(turn, "What does Article 98(3) say? " + turn, True)) is None, turn
    for turn, party in (("and what does the Kyrgyz side say?", 0), ("and what do the Russians say back?", 1),
                        ("and what does the Kyrgyz Republic argue?", 0), ("and the position of Moscow?", 1),
                        # review s18 B4: a party's organs speak for it
                        ("and what does the Kyrgyz government argue?", 0),
                        ("and what do the Russian authorities say?", 1),
                        ("and what is the position of the Russian government?", 1)):
        assert stance_party(question_features(turn, turn, True)) == party, turn
    treaty = make_chunk("The right of workers to receive medical care is regulated by Annex 30.", start=100)
    article = make_chunk("Russia’s position leans on the structure of its domestic system. Insurance status is tied "
                         "to employment.", article="", source_id="article", start=900)
    (rule,) = chunk_units(treaty)
    position, status = chunk_units(article)

    def scored(unit, chunk, relevance):
        return Scored(unit, RetrievedPassage(rank=1, chunk=chunk, score=0.0), relevance,
                      np.zeros(len(UNIT_FEATURES)), relevance)

    candidates = [scored(rule, treaty, 0.6), scored(status, article, 0.3), scored(position, article, 0.2)]
    # the attributing sentence leads, with the rest of its paragraph (stated_view); the treaty's paragraph goes: a
    # party's view is the analysis's to state
    stated = Unit(article, position.start, status.end)
    assert lead_with_stance([rule], candidates, view, 4) == [stated]
    assert lead_with_stance([position, rule], candidates, view, 4) == [stated]  # it leads already
    assert lead_with_stance([position, status, rule], candidates, view, 4) == [position, status]  # quoted already
    who = question_features("and who pays for that?", "Who pays for medical care?", True)
    assert lead_with_stance([rule], candidates, who, 4) == [rule]  # no party's view asked
    kyrgyz = question_features("and what does Kyrgyzstan say?", "What does Kyrgyzstan say about Annex 30?", True)
    assert lead_with_stance([rule], candidates, kyrgyz, 4) == [rule]  # no candidate attributes Kyrgyzstan's view


def test_a_real_follow_up_asking_a_partys_view_after_a_treaty_answer_quotes_the_article(qa_chain):
    # audit s16 W3/K9/K10: after a treaty answer, the party's view got treaty paragraphs and the false note "None of
    # the passages found in the Analysis article answers this"; "and what does Kyrgyzstan say in reply?" led with the
    # author's conclusion (ruling para 7)
    for first, follow in (("What does Article 98 say about trade unions?",
                           "and what does the article say Kyrgyzstan argues?"),
                          ("What does Article 97 say about work permits?",
                           "and what is Moscow's view of this dispute, according to the article?"),
                          ("What does Article 98(4) say?", "and what is Russia's view on that?"),
                          ("What does the article say Russia's position is?", "and what does Kyrgyzstan say in reply?")):
        earlier = qa_chain.ask(first)
        answer = qa_chain.ask(follow, history=[earlier])
        assert "None of the passages" not in answer.note, (follow, answer.note)
        assert answer.citations and answer.citations[0].source_id == "article", (follow, answer.answer[:300])
        # s17: no treaty paragraph follows the party's view (98(4) and 98(7) came after Russia's position)
        assert all(c.source_id == "article" for c in answer.citations), (follow, answer.answer[:300])
        assert "Ultimately" not in answer.citations[0].quote, (follow, answer.answer[:300])


def test_a_real_follow_up_naming_a_partys_people_is_no_stance_follow_up(qa_chain):
    # review s17 B4: "Kyrgyz migrants think" read as Kyrgyzstan's view: the answer led with "Kyrgyzstan's argument
    # rests on ..." and left out every treaty paragraph
    earlier = qa_chain.ask("What does Article 98(3) say?")
    answer = qa_chain.ask("and what do Kyrgyz migrants think about it?", history=[earlier])
    assert answer.citations, answer.answer[:300]
    assert not answer.citations[0].quote.startswith("Kyrgyzstan’s argument"), answer.answer[:300]
    assert any(c.source_id != "article" for c in answer.citations), answer.answer[:300]


def test_a_sentence_attributing_a_view_runs_on_through_its_paragraph_up_to_another_partys(make_chunk):
    import numpy as np

    from eaeu_qa.answering.asked import stated_view
    from eaeu_qa.answering.compose import UNIT_FEATURES, Scored
    from eaeu_qa.answering.units import Unit, chunk_units
    from eaeu_qa.records import RetrievedPassage

    article = make_chunk("Russia’s position leans on its domestic system. Insurance status is tied to employment. "
                         "From this standpoint, coverage is a policy choice. Bishkek argues that this is unequal.",
                         article="", source_id="article", start=900)
    position, status, standpoint, bishkek = units = chunk_units(article)
    candidates = [Scored(u, RetrievedPassage(rank=1, chunk=article, score=0.0), 0.1, np.zeros(len(UNIT_FEATURES)), 0.1)
                  for u in units]
    # through the sentences stating Russia's view, not into the one naming Kyrgyzstan's capital only (party 0)
    assert stated_view(position, candidates, [], 1) == Unit(article, position.start, standpoint.end)
    assert stated_view(bishkek, candidates, [], 0) == bishkek  # nothing after it
    assert stated_view(position, candidates, [standpoint], 1) == Unit(article, position.start, status.end)  # quoted
    # nor into a sentence naming only the other party without attributing by the pattern ("by contrast" between)
    intro = make_chunk("Bishkek argues that this practice is unequal. Moscow, by contrast, maintains that its rules "
                       "apply.", article="", source_id="article", start=2000)
    argues, maintains = chunk_units(intro)
    both = [Scored(u, RetrievedPassage(rank=1, chunk=intro, score=0.0), 0.1, np.zeros(len(UNIT_FEATURES)), 0.1)
            for u in (argues, maintains)]
    assert stated_view(argues, both, [], 0) == argues
    assert stated_view(argues, both, [], 1) == Unit(intro, argues.start, maintains.end)  # names the asked party


def test_a_real_follow_up_asking_the_articles_view_of_a_party_quotes_its_whole_statement(qa_chain):
    # s17: after Art. 98 the answer quoted only "Russia's position, as reflected in public reporting, leans on the
    # structure of its domestic CHI system.", not "... framed as a domestic policy choice rather than a treaty obligation"
    earlier = qa_chain.ask("What does Article 98 say?")
    answer = qa_chain.ask("and what does the article say Russia's position is?", history=[earlier])
    assert answer.citations and answer.citations[0].quote.startswith("Russia’s position"), answer.answer[:300]
    assert "rather than a treaty obligation" in answer.citations[0].quote


def test_a_real_follow_up_asking_kyrgyzstans_argument_does_not_run_on_into_moscows(qa_chain):
    # s17: after Art. 98, "and what does Bishkek argue?" quoted "Bishkek argues that ... Moscow, by contrast,
    # maintains that its domestic insurance rules do not automatically extend CHI ..." as Bishkek's argument
    earlier = qa_chain.ask("What does Article 98 say?")
    answer = qa_chain.ask("and what does Bishkek argue?", history=[earlier])
    assert answer.citations and "Bishkek" in answer.citations[0].quote, answer.answer[:300]
    assert "Moscow, by contrast" not in answer.citations[0].quote
