"""Rendering: treaty quotes name their article, analysis sentences carry markers, citations are verbatim."""

from eaeu_qa.answering.render import make_citation, paragraph_pieces, plain_text, render
from eaeu_qa.answering.units import chunk_units


def test_treaty_unit_is_quoted_with_its_article_and_cited_verbatim(make_chunk):
    chunk = make_chunk("3. The social welfare \u201cinsurance\u201d is provided on the same terms and conditions.")
    sentences, citations = render(chunk_units(chunk))
    assert sentences == ["Article 98(3) of the EAEU Treaty provides that \u201cThe social welfare \u2018insurance\u2019 "
                         "is provided on the same terms and conditions\u201d [1]."]
    assert citations[0].quote == chunk.text[3:] and citations[0].start == chunk.start + 3


def test_analysis_sentence_keeps_its_wording_with_the_marker_inside(make_chunk):
    chunk = make_chunk("The case is a stress test of the bloc.", source_id="article", article="", paragraph="")
    sentences, _ = render(chunk_units(chunk))
    assert sentences == ["The case is a stress test of the bloc [1]."]
    assert make_citation(chunk_units(chunk)[0], 2).n == 2


def test_plain_text_strips_markup():
    assert plain_text("<b>What</b> does **Article 98(3)** say? <script>alert(1)</script>") == \
        "What does Article 98(3) say? alert(1)"


def test_a_list_item_is_quoted_after_its_lead_in_with_an_ellipsis(make_chunk):
    from dataclasses import replace

    lead = "The Supreme Council shall have the following responsibilities:"
    chunk = replace(make_chunk("4) upon suggestion of member States appoint the judges of the Court of\n  the EAEU;",
                               article="12", paragraph="2", start=2000), leads=((1900, 1900 + len(lead), lead),))
    sentences, citations = render(chunk_units(chunk))
    assert sentences == ["Article 12(2) of the EAEU Treaty provides that \u201cThe Supreme Council shall have the "
                         "following responsibilities: \u2026 upon suggestion of member States appoint the judges of the "
                         "Court of the EAEU\u201d [1]."]
    assert citations[0].quote == chunk.text[3:]  # the citation is the item's own verbatim span


def test_a_lead_in_quoted_with_its_list_is_not_shown_again_before_a_later_entry(make_chunk):
    """s24: a quote of the list's first chunk (its lead-in and first entries) and an entry from the paragraph's next
    chunk showed "The Supreme Council shall have the following responsibilities:" twice in one sentence."""
    from dataclasses import replace

    lead = "The Supreme Council shall have the following responsibilities:"
    first_text = f"2. {lead}\n\n1) elaborate the strategy of the EAEU;\n\n2) approve the composition of the Collegium;"
    first = replace(make_chunk(first_text, article="12", paragraph="2", start=2000),
                    leads=((2003, 2003 + len(lead), lead),))
    second = replace(make_chunk("12) approve the budget of the EAEU;", article="12", paragraph="2",
                                start=2000 + len(first_text) + 2), leads=first.leads)
    opening = [u for u in chunk_units(first) if u.text.startswith(lead)]
    (entry,) = chunk_units(second)
    assert opening and entry.leads  # the entry alone would be shown after its lead-in
    (group,) = paragraph_pieces([*opening, entry])
    sentences, citations = render(group)
    assert sentences[0].count(lead) == 1, sentences[0]
    assert sentences[0].endswith("approve the composition of the Collegium \u2026 approve the budget of the EAEU\u201d "
                                 "[1][2].")
    for citation, chunk in zip(citations, (first, second)):  # each shown piece still its chunk's verbatim text
        assert citation.quote in chunk.text
    assert render([entry])[0][0].count(lead) == 1  # alone, the entry keeps its lead-in


def test_a_quote_ends_before_a_separator_rule_and_the_captions_after_it(make_chunk):
    text = ("The original text of this Treaty shall be deposited at the Eurasian Economic Commission.\n"
            "  -----------------------For the Republic\nof Belarus")
    chunk = make_chunk(text, article="", paragraph="", start=500)
    (unit,) = chunk_units(chunk)
    assert "-----" in unit.text  # the splitter leaves the rule and a caption glued to the sentence
    sentences, citations = render([unit])
    assert "---" not in sentences[0] and "Belarus" not in sentences[0]
    assert sentences[0].endswith("Eurasian Economic Commission\u201d [1].")
    quote = citations[0].quote
    assert quote == text[:text.index("\n")] and citations[0].start == unit.start
    assert chunk.text[citations[0].start - chunk.start:citations[0].end - chunk.start] == quote  # still verbatim


def test_a_form_blank_inside_a_line_is_no_separator_rule(make_chunk):
    """An uploaded form's blanks ("No. ______", "signed: _____ (name)") stay in the quote; only a run that opens a
    line ends it."""
    text = ("The employer shall register the worker under contract No. ______ of ____ 2024 within 30 days "
            "and give him a copy signed by both parties.\n"
            "______________\nSignature of the employer")
    chunk = make_chunk(text, source_id="upload:form", article="", paragraph="", start=0, context="form.txt")
    unit = chunk_units(chunk)[0]
    sentences, citations = render([unit])
    assert "No. ______ of ____ 2024 within 30 days" in sentences[0]
    assert citations[0].quote.endswith("signed by both parties.") and "Signature" not in sentences[0]


def test_two_quotes_of_one_paragraph_are_one_citation_in_text_order(make_chunk):
    """The pensions answer cited 98(3) twice, "Retirement ..." as [1] and "(except for pensions) ..." as [2]: the
    quotes of one paragraph are one sentence and one citation, where the first of them stood, in the treaty's order."""
    chunk = make_chunk("3. The social welfare (except for pensions) is provided on the same terms. Retirement is "
                       "regulated by the legislation of the State of permanent domicile.")
    other = make_chunk("4. The right to medical care is regulated by Annex 30 to this Treaty.", paragraph="4",
                       start=2000)
    welfare, retirement = chunk_units(chunk)
    sentences, citations = render([retirement, chunk_units(other)[0], welfare])
    assert sentences[0] == ("Article 98(3) of the EAEU Treaty provides that \u201cThe social welfare (except for "
                            "pensions) is provided on the same terms. Retirement is regulated by the legislation of the "
                            "State of permanent domicile\u201d [1].")
    assert [c.locator for c in citations] == ["Art. 98(3)", "Art. 98(4)"] and sentences[1].endswith("[2].")
    first = citations[0]
    assert (first.start, first.end) == (welfare.start, retirement.end)
    assert chunk.text[first.start - chunk.start:first.end - chunk.start] == first.quote  # verbatim


def test_quotes_of_one_paragraph_that_do_not_touch_share_one_quote_with_an_ellipsis(make_chunk):
    chunk = make_chunk("3. Social welfare is provided on the same terms. Employment experience is counted in the "
                       "total. Retirement is regulated by the State of permanent domicile.")
    first, _, last = chunk_units(chunk)
    sentences, citations = render([first, last])
    assert sentences == ["Article 98(3) of the EAEU Treaty provides that \u201cSocial welfare is provided on the "
                         "same terms \u2026 Retirement is regulated by the State of permanent domicile\u201d [1]."]
    assert len(citations) == 1 and citations[0].quote == chunk.text[3:]  # the span from the first to the last


def test_analysis_sentences_of_one_paragraph_are_one_claim_with_one_marker(make_chunk):
    chunk = make_chunk("Moscow disagrees with this reading. The dispute is an old one. It allows Bishkek to anchor "
                       "future talks.",
                       source_id="article", article="", paragraph="")
    first, _, last = chunk_units(chunk)
    sentences, citations = render([last, first])
    # the two do not follow each other: the reader sees the gap (as in a treaty quote), one claim, one marker
    assert sentences == ["Moscow disagrees with this reading \u2026 It allows Bishkek to anchor future talks [1]."]
    assert len(citations) == 1
    sentences, _ = render([chunk_units(chunk)[1], first])  # sentences that follow each other: joined by a space
    assert sentences == ["Moscow disagrees with this reading. The dispute is an old one [1]."]


def test_quotes_of_one_paragraph_in_two_chunks_are_one_sentence_with_a_citation_per_chunk(documents):
    """Art. 9(4) is cut into two chunks by the real chunker: its last sentence of the first chunk and the first of
    the second, 4 characters apart in the treaty, came out as two sentences each citing "Art. 9(4)". They touch: one
    sentence, one quote joined by a space."""
    from eaeu_qa.chunking import chunk_documents

    chunks = [c for c in chunk_documents(list(documents.values()))
              if c.source_id == "eaeu_treaty" and c.locator == "Art. 9(4)"]
    assert len(chunks) >= 2
    last, first = chunk_units(chunks[0])[-1], chunk_units(chunks[1])[0]
    other = chunk_units(chunks[1])[-1]
    sentences, citations = render([first, last])
    assert len(sentences) == 1 and sentences[0].count("Article 9(4)") == 1 and sentences[0].endswith("\u201d [1][2].")
    text = documents["eaeu_treaty"].text
    assert " ".join(text[last.start:first.end].split()).rstrip(" ;:,.") in " ".join(sentences[0].split())
    # a citation is one verbatim slice of one chunk: one per chunk, each highlighting its part
    assert [(c.n, c.chunk_id) for c in citations] == [(1, chunks[0].chunk_id), (2, chunks[1].chunk_id)]
    for c, unit in zip(citations, (last, first)):
        assert c.passage == unit.chunk.text and (c.start, c.end) == (unit.start, unit.end)
        assert text[c.start:c.end] == c.quote
    if other.start > first.end:  # not touching: the gap is marked
        sentences, citations = render([last, other])
        assert len(sentences) == 1 and "\u2026" in sentences[0] and len(citations) == 2
