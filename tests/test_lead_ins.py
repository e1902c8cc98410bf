"""List lead-ins: found from a paragraph's segments, kept by the chunks that need them, chosen for an item."""

from eaeu_qa.chunking import chunk_document
from eaeu_qa.lead_ins import chunk_leads, is_marked, leads_before, paragraph_leads
from eaeu_qa.records import Segment


def _segments(*texts, start=100):
    segments, offset = [], start
    for text in texts:
        segments.append(Segment("eaeu_treaty", offset, offset + len(text), text, article="12", paragraph="2"))
        offset += len(text) + 4  # a blank line between blocks
    return segments


def test_a_block_ending_in_a_colon_is_the_lead_in_of_the_blocks_after_it():
    segments = _segments("2. The Supreme Council shall have the following responsibilities:",
                         "1) elaborate the strategy;", "4) upon suggestion of member States appoint the judges;")
    [(start, end, text)] = paragraph_leads(segments)
    assert text == "The Supreme Council shall have the following responsibilities:"  # no paragraph number
    assert (start, end) == (segments[0].start + 3, segments[0].end)


def test_a_final_colon_or_a_paragraph_without_one_has_no_lead_in():
    assert paragraph_leads(_segments("1. The Court of the EAEU shall be a judicial body.", "It sits in Minsk.")) == []
    assert paragraph_leads(_segments("It sits in Minsk.", "The following:")) == []


def test_a_chunk_keeps_the_lead_ins_that_begin_before_it_ends():
    leads = [(100, 150, "a:"), (400, 450, "b:")]
    assert chunk_leads(leads, 300) == ((100, 150, "a:"),)
    assert chunk_leads(leads, 900) == tuple(leads)


def test_an_item_gets_the_paragraph_lead_in_and_a_nested_list_its_own():
    top, nested = (100, 150, "The Commission shall have the following authorities:"), (300, 360, "3) adoption, including:")
    leads = (top, nested)
    assert leads_before(leads, 50, marked=False) == ()
    assert leads_before(leads, 200, marked=True) == (top,)
    assert leads_before(leads, 400, marked=False) == (top, nested)  # an unmarked entry of the nested list
    assert leads_before(leads, 400, marked=True) == (top,)  # "4) ..." after the nested list
    assert is_marked("  3) adoption") and is_marked("- maintain") and not is_marked("making decisions")


def test_real_treaty_list_items_carry_their_verbatim_lead_in(documents):
    document = documents["eaeu_treaty"]
    chunks = [c for c in chunk_document(document) if c.locator == "Art. 12(2)"]
    assert len(chunks) > 1  # the list runs over several chunks; the later ones do not hold the lead-in
    for chunk in chunks:
        [(start, end, text)] = chunk.leads
        assert document.text[start:end] == text == "The Supreme Council shall have the following responsibilities:"
        assert chunk.article_name == "Authorities of the Supreme Council"
    for chunk in chunk_document(document):
        assert all(document.text[s:e] == t and t.endswith(":") for s, e, t in chunk.leads)
