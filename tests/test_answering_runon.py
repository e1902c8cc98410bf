"""Run-ons without the model: a short sentence, a relevant next unit, a lead-in's list; one verbatim span each."""

import numpy as np

from eaeu_qa.answering.compose import Scored
from eaeu_qa.answering.units import chunk_units
from eaeu_qa.records import RetrievedPassage


def test_a_short_sentence_runs_on_into_the_next_one_of_its_paragraph(make_chunk):
    from eaeu_qa.answering.runon import extend_short

    chunk = make_chunk("From Bishkek's perspective, the logic is straightforward. Equal access cannot stop with "
                       "the wage earner if the family is legally residing in the host state.", article="",
                       source_id="article", start=50)
    first, second = chunk_units(chunk)
    passage = RetrievedPassage(rank=1, chunk=chunk, score=0.0)
    scored = [Scored(u, passage, 0.5, np.zeros(9), 0.5) for u in (first, second)]
    (extended,) = extend_short([first], scored, min_words=12)
    assert extended.text == chunk.text and extended.start == first.start and extended.end == second.end
    assert extend_short([first], scored, min_words=0) == [first]
    assert extend_short([first, second], scored, min_words=12) == [first, second]  # already quoted


def test_a_quoted_unit_runs_on_into_a_relevant_next_unit_of_its_paragraph(make_chunk):
    from eaeu_qa.answering.runon import run_on

    chunk = make_chunk("The social welfare of workers is provided on the same terms as for nationals. Retirement of "
                       "workers is regulated by the legislation of the State of permanent domicile. Annex 30 "
                       "regulates medical care in detail.", start=50)
    first, second, third = chunk_units(chunk)
    passage = RetrievedPassage(rank=1, chunk=chunk, score=0.0)
    scored = [Scored(u, passage, r, np.zeros(9), r) for u, r in ((first, 0.8), (second, 0.3), (third, 0.1))]
    (joined,) = run_on([first], scored, floor=0.2)
    assert joined.start == first.start and joined.end == second.end and "permanent domicile" in joined.text
    assert run_on([first], scored, floor=0.5) == [first]  # the next unit is not relevant enough
    assert run_on([second], scored, floor=0.2) == [second]  # the third is below the floor
    assert run_on([first, second], scored, floor=0.2)[0] == first  # already quoted on its own


def test_a_quoted_lead_in_takes_in_its_list_entries_up_to_the_one_that_ends_the_list(make_chunk):
    from eaeu_qa.answering.runon import with_list

    entries = ["Point 12 worded as follows:", "Shares of the duties are as follows:", "Republic of Armenia - 1.11 percent;",
               "Kyrgyz Republic - 1.9 percent;", "Russian Federation - 85.32 percent.;",
               "The point 40 after the words add the words Bishkek city;"]
    chunk = make_chunk("\n  \n".join(entries), article="8", start=70)  # one entry a line, as in the accession treaty
    units = chunk_units(chunk)
    lead_in = next(u for u in units if u.text.startswith("Shares"))
    passage = RetrievedPassage(rank=1, chunk=chunk, score=0.0)
    scored = [Scored(u, passage, 0.5, np.zeros(10), 0.5) for u in units]
    (quoted,) = with_list([lead_in], scored)
    assert quoted.start == lead_in.start and quoted.text.endswith("85.32 percent.;") and "1.9 percent" in quoted.text
    assert quoted.text == chunk.text[quoted.start - chunk.start:quoted.end - chunk.start]  # one verbatim span
    sentence = next(u for u in units if u.text.startswith("Republic of Armenia"))
    assert with_list([sentence], scored) == [sentence]  # not a lead-in


def test_a_lead_in_takes_in_its_list_through_an_entry_quoted_on_its_own(make_chunk):
    # audit s17 N2: the lead-in stopped before a quoted entry, so "Bodies of the EAEU shall include: … Eurasian
    # Intergovernmental Council" read as one body of four; the lead-in now runs on through it, holding it
    from eaeu_qa.answering.runon import with_list

    entries = ["Shares of the duties are as follows:", "Republic of Armenia - 1.11 percent;",
               "Kyrgyz Republic - 1.9 percent;", "Russian Federation - 85.32 percent.;"]
    chunk = make_chunk("\n  \n".join(entries), article="8", start=70)
    units = chunk_units(chunk)
    lead_in, kyrgyz = (next(u for u in units if u.text.startswith(p)) for p in ("Shares", "Kyrgyz"))
    passage = RetrievedPassage(rank=1, chunk=chunk, score=0.0)
    scored = [Scored(u, passage, 0.5, np.zeros(10), 0.5) for u in units]
    (quoted,) = with_list([lead_in, kyrgyz], scored)
    assert quoted.start == lead_in.start and quoted.text.endswith("85.32 percent.;") and "1.9 percent" in quoted.text
    other = make_chunk("Workers of the Member States shall have the right to social security.", article="9", start=500)
    (sentence,) = chunk_units(other)
    # the list stands where the first quote it holds stood: a leading entry still leads
    assert with_list([kyrgyz, sentence, lead_in], scored) == [quoted, sentence]
    assert with_list([sentence, lead_in, kyrgyz], scored) == [sentence, quoted]


def test_a_lead_in_stops_before_the_entry_that_would_pass_the_run_on_cap(make_chunk):
    from eaeu_qa.answering.runon import MAX_RUN_ON_CHARS, with_list

    entry = "Member State number {} shall receive a share of the duties as set out in the annex " + "x" * 200 + ";"
    entries = ["Shares are as follows:", *(entry.format(i) for i in range(6)), "Last entry of the list."]
    chunk = make_chunk("\n  \n".join(entries), article="8", start=0)
    units = chunk_units(chunk)
    passage = RetrievedPassage(rank=1, chunk=chunk, score=0.0)
    scored = [Scored(u, passage, 0.5, np.zeros(10), 0.5) for u in units]
    lead_in = next(u for u in units if u.text.startswith("Shares"))
    (quoted,) = with_list([lead_in], scored)
    assert quoted.end > lead_in.end and quoted.end - quoted.start <= MAX_RUN_ON_CHARS
    following = [u for u in units if u.start >= quoted.end]
    assert following and following[0].end - quoted.start > MAX_RUN_ON_CHARS  # the next entry would pass the cap


def test_opens_back_reads_a_sentence_that_continues_the_one_before():
    from eaeu_qa.answering.paragraphs import opens_back

    assert opens_back("From this standpoint, extending full coverage to dependents is framed as a domestic choice.")
    assert opens_back("In that context, access to medical insurance is not a marginal issue.")
    assert not opens_back("It allows Bishkek to anchor future negotiations.")  # points back, but opens no phrase
    assert not opens_back("The treaty framework also references access to medical care as part of these guarantees.")
    assert not opens_back("In Russia, migration and social spending are politically charged topics.")
    assert not opens_back("This Treaty shall enter into force.")  # "This" before a name points at the name
    assert not opens_back("Bishkek argues that this practice violates treaty commitments on equal protection, and more.")
    assert opens_back("And for these reasons, the claim matters.")  # a coordinator and a preposition lead
    # a condition, a concession or "that" after a verb is no continuation of the sentence before (review s16 B1)
    assert not opens_back("If that credibility erodes, migration will not stop, but it will become less regulated.")
    assert not opens_back("Although this approach is cautious, it is lawful.")
    assert not opens_back("Given that workers pay taxes, their families should be covered.")
    assert not opens_back("Note that the court, unlike the Commission, decides.")


def test_a_quote_naming_the_asked_party_runs_on_through_the_sentences_continuing_it(make_chunk):
    from eaeu_qa.answering.runon import run_on

    chunk = make_chunk("Russia's position leans on the structure of its domestic system. Insurance status is tied to "
                       "employment. From this standpoint, extending coverage to dependents is a domestic policy "
                       "choice. Courts elsewhere read the treaty otherwise.", article="", source_id="article", start=50)
    position, status, standpoint, both = chunk_units(chunk)
    passage = RetrievedPassage(rank=1, chunk=chunk, score=0.0)
    scored = [Scored(u, passage, r, np.zeros(9), r)
              for u, r in ((position, 0.3), (status, 0.15), (standpoint, 0.1), (both, 0.01))]
    russia = frozenset({1})  # wording.CASE_PARTIES: Kyrgyzstan 0, Russia 1
    (quote,) = run_on([position], scored, floor=0.12, parties=russia)
    assert quote.end == standpoint.end  # through "From this standpoint, ..." (it continues), not "Courts ..."
    assert run_on([position], scored, floor=0.12)[0].end == status.end  # no party asked: the floor's one unit only
    # the quote names no party asked about (Kyrgyzstan): a sentence continuing it is not the asked party's
    assert run_on([position], scored, floor=0.12, parties=frozenset({0}))[0].end == status.end


def test_a_real_answer_asking_a_list_of_a_named_article_quotes_the_list_whole(qa_chain):
    # audit s17 N2: "Bodies of the EAEU shall include … Eurasian Intergovernmental Council": four bodies read as one
    answer = qa_chain.ask("Which bodies of the Union does Article 8 list?")
    assert "include …" not in answer.answer and "include ..." not in answer.answer, answer.answer[:400]
    for body in ("Supreme Eurasian Economic Council", "Eurasian Intergovernmental Council",
                 "Eurasian Economic Commission", "Court of the Eurasian Economic Union"):
        assert body in answer.answer, (body, answer.answer[:400])


def test_a_real_answer_on_a_partys_position_keeps_the_sentence_that_states_it(qa_chain):
    # audit s15 N13: Competing para 3 was cut before "... framed as a domestic policy choice rather than a treaty
    # obligation", the sentence that says what Russia holds
    answer = qa_chain.ask("What does the article say Russia's position is?")
    assert answer.citations and answer.citations[0].quote.startswith("Russia’s position"), answer.answer[:300]
    assert "domestic policy choice rather than a treaty obligation" in answer.citations[0].quote


def test_a_quote_from_a_paragraph_attributing_a_view_keeps_the_attributing_sentence(make_chunk):
    from eaeu_qa.answering.paragraphs import attributes, with_attribution

    chunk = make_chunk("Russia's position leans on the structure of its domestic system. Insurance status is tied to "
                       "employment. Courts elsewhere read the treaty otherwise.", article="", source_id="article",
                       start=50)
    position, status, courts = chunk_units(chunk)
    passage = RetrievedPassage(rank=1, chunk=chunk, score=0.0)
    scored = [Scored(u, passage, 0.2, np.zeros(9), 0.2) for u in (position, status, courts)]
    (quote,) = with_attribution([status], scored)
    assert quote.start == position.start and quote.end == status.end  # whose view it is, in one span
    assert with_attribution([position, status], scored) == [position, status]  # quoted already
    # the quote is not right after it: the attributing sentence comes as a unit of its own before it
    assert with_attribution([courts], scored) == [position, courts]
    # negatives: an opening sentence naming no party, or a party without a word of stance, attributes nothing
    assert not attributes("Insurance status is tied to employment.")
    assert not attributes("In Russia, migration and social spending are politically charged topics.")
    assert attributes("Bishkek argues that this practice violates treaty commitments.")
    plain = make_chunk("In Russia, migration is a charged topic. Insurance status is tied to employment.",
                       article="", source_id="article", start=50)
    charged, tied = chunk_units(plain)
    plain_scored = [Scored(u, RetrievedPassage(rank=1, chunk=plain, score=0.0), 0.2, np.zeros(9), 0.2)
                    for u in (charged, tied)]
    assert with_attribution([tied], plain_scored) == [tied]
    # a treaty paragraph is left to with_rule
    treaty = make_chunk("Russia's position is stated here. Insurance status is tied to employment.", start=50)
    first, second = chunk_units(treaty)
    treaty_scored = [Scored(u, RetrievedPassage(rank=1, chunk=treaty, score=0.0), 0.2, np.zeros(9), 0.2)
                     for u in (first, second)]
    assert with_attribution([second], treaty_scored) == [second]


def test_a_real_lay_answer_quoting_a_partys_argument_says_whose_it_is(qa_chain):
    # audit s16 K11: "wife no work, ..." opened with Competing para 3 from "Insurance status is closely tied to
    # employment ...", without "Russia's position, as reflected in public reporting, leans on ...": Russia's argument
    # read as fact
    for question in ("wife no work, she get medical insurance if i work in russia?",
                     "who pays for doctor if no insurance?"):
        answer = qa_chain.ask(question)
        quotes = [c.quote for c in answer.citations]
        status = [q for q in quotes if "Insurance status is closely tied to employment" in q]
        assert status and all(q.startswith("Russia’s position") for q in status), (question, quotes)
