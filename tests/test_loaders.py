"""Loaders: segment offsets, the treaties' articles and paragraphs, the analysis's sections, plain text."""

from eaeu_qa.loaders import load_plain_text
from eaeu_qa.records import SourceSpec


def _paragraphs(document, article):
    return {}.fromkeys(s.paragraph for s in document.segments if s.article == article)


def test_segment_offsets_point_at_their_text(documents):
    for document in documents.values():
        assert document.segments
        for segment in document.segments:
            assert document.text[segment.start:segment.end] == segment.text


def test_article_98_has_ten_paragraphs_with_lost_numbers_reconstructed(documents):
    treaty = documents["eaeu_treaty"]
    segments = [s for s in treaty.segments if s.article == "98"]
    assert list(_paragraphs(treaty, "98")) == [str(n) for n in range(1, 11)]
    inferred = sorted({int(s.paragraph) for s in segments if s.paragraph_inferred})
    assert inferred == [1, 2, 5, 6]
    third = [s for s in segments if s.paragraph == "3"]
    assert third[0].text.startswith("3. The social welfare (social insurance) (except for pensions)")
    assert any(s.text.startswith("Retirement of member States workers") for s in third)
    assert segments[0].article_name == "Rights and Obligations of a Member State Worker"
    assert segments[0].section == "Section XXVI Labor Migration"


def test_article_96_definitions_stay_in_paragraph_5(documents):
    treaty = documents["eaeu_treaty"]
    definitions = [s for s in treaty.segments if s.article == "96" and s.paragraph == "5"]
    assert any(s.text.startswith("\u201cFamily member\u201d") for s in definitions)
    assert any(s.text.startswith("\u201cSocial welfare (social insurance)\u201d") for s in definitions)
    sub_items = [s for s in treaty.segments if s.article == "96" and s.text.startswith("1) coordination")]
    assert sub_items[0].paragraph == "3"


def test_unnumbered_articles_use_positional_paragraphs(documents):
    dispute = [s for s in documents["eaeu_treaty"].segments if s.article == "112"]
    assert [(s.paragraph, s.paragraph_style) for s in dispute] == [("1", "positional"), ("2", "positional")]


def test_accession_treaty_articles_preamble_and_signatures(documents):
    accession = documents["accession_treaty"]
    numbers = list(dict.fromkeys(s.article for s in accession.segments if s.article))
    assert numbers == [str(n) for n in range(1, 12)]
    preamble = [s for s in accession.segments if s.part == "Preamble"]
    assert preamble[0].text.startswith("TREATY")
    assert "Sultanova" not in accession.text
    assert any("Kyrgyz Republic on the other side" in s.text for s in preamble)
    signatures = [s for s in accession.segments if s.part == "Signature block"]
    assert signatures[0].text.startswith("Done in the city of Moscow")
    article6 = [s for s in accession.segments if s.article == "6"]
    assert {s.paragraph for s in article6} == {"1", "2"}, "list items after a colon belong to paragraph 2"


def test_analysis_article_sections_without_page_furniture(documents):
    article = documents["article"]
    sections = list(dict.fromkeys(s.section for s in article.segments))
    assert sections == ["Introduction", "Why Bishkek Chose Escalation Over Quiet Diplomacy",
                        "Competing Readings of the Treaty and the Limits of Social Integration",
                        "What the Ruling Could Mean for the EAEU\u2019s Future"]
    texts = [s.text for s in article.segments]
    assert not any(t.startswith("Photo:") or t == "Share on social media" for t in texts)
    assert len(texts) == 21


def test_plain_text_headings_and_markdown():
    spec = SourceSpec(id="u", title="Notes", short_title="Notes", kind="upload", file="notes.md", sha256="")
    doc = load_plain_text(spec, "# Background\nFirst paragraph here.\n\nSecond one, with more.\nNext Part\nThird.")
    assert [(s.section, s.paragraph) for s in doc.segments] == [("Background", "1"), ("Background", "2"),
                                                                  ("Next Part", "1")]
