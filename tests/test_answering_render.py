"""Rendering: treaty quotes name their article, analysis sentences carry markers, citations are verbatim."""

from eaeu_qa.answering.render import make_citation, plain_text, render
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
