"""The reader's model over the real documents: anchors, contents, search, deep links."""

from __future__ import annotations

from eaeu_qa.reader import (chapter, contents, find, paragraph_at, paragraphs, parse_highlight, parse_highlights,
                            reader_href,
                            search)


def test_treaty_paragraphs_have_stable_unique_anchors(documents):
    paras = paragraphs(documents["eaeu_treaty"])
    locs = [p.loc for p in paras]
    assert len(locs) == len(set(locs))
    art98 = find(paras, "98.3")
    assert art98 is not None and art98.label == "Art. 98(3)" and art98.article == "98"
    text = documents["eaeu_treaty"].text
    assert all(text[p.start:p.end] == p.text for p in paras)
    assert paragraphs(documents["eaeu_treaty"]) == paras  # same document, same anchors


def test_reconstructed_numbers_are_marked(documents):
    paras = paragraphs(documents["eaeu_treaty"])
    inferred = [p for p in paras if p.inferred]
    assert inferred and all(p.article and p.loc.startswith(p.article + ".") for p in inferred)
    assert find(paras, "98.5").inferred  # the example: "Art. 98(5)" is a reconstructed number


def test_every_chunk_offset_lands_in_the_paragraph_of_its_locator(index_handle, documents):
    for source_id in ("eaeu_treaty", "accession_treaty", "article"):
        paras = paragraphs(documents[source_id])
        for chunk in [c for c in index_handle.chunks if c.source_id == source_id]:
            paragraph = paragraph_at(paras, chunk.start)
            assert paragraph.start <= chunk.start and chunk.end <= paragraph.end, chunk.chunk_id
            assert paragraph.label == chunk.locator, chunk.chunk_id


def test_contents_list_sections_then_articles_in_order(documents):
    paras = paragraphs(documents["eaeu_treaty"])
    toc = contents(paras)
    articles = [first.article for _, firsts in toc for first in firsts if first.article]
    assert "98" in articles and articles.index("96") < articles.index("98")
    labour = next(firsts for section, firsts in toc if any(f.article == "98" for f in firsts))
    assert {f.article for f in labour} >= {"96", "97", "98"}


def test_chapter_is_the_whole_article(documents):
    paras = paragraphs(documents["eaeu_treaty"])
    shown = chapter(paras, "98.3")
    assert shown[0].article == "98" and all(p.article == "98" for p in shown) and len(shown) >= 5


def test_search_finds_paragraphs_with_all_words(documents):
    paras = paragraphs(documents["eaeu_treaty"])
    hits = search(paras, "medical care family members")
    assert hits and all({"medical", "care", "family"} <= set(p.text.lower().replace(",", " ").split())
                        or "medical" in p.text.lower() for p in hits)
    assert search(paras, "   ") == []
    assert search(paras, "zzzyqx") == []


def test_deep_link_round_trip():
    href = reader_href("eaeu_treaty", "98.3", 120, 180)
    assert href == "documents?doc=eaeu_treaty&loc=98.3&hl=120-180"
    assert parse_highlight("120-180") == (120, 180)
    assert parse_highlight("180-120") is None and parse_highlight("x") is None and parse_highlight(None) is None


def test_a_quote_given_in_pieces_links_its_pieces():
    href = reader_href("article", "s3.1", 100, 400, spans=[(100, 180), (260, 400)])
    assert href == "documents?doc=article&loc=s3.1&hl=100-180%2C260-400"
    assert parse_highlights("100-180,260-400") == [(100, 180), (260, 400)]
    assert reader_href("article", "s3.1", 100, 400, spans=[(100, 400)]).endswith("hl=100-400")  # one piece: as before
    assert parse_highlights("120-180") == [(120, 180)] and parse_highlights(None) == []
    assert parse_highlights("260-400,100-180") == [] and parse_highlights("1-2,x") == []  # out of order, malformed
    assert parse_highlights(",".join(f"{n}-{n + 1}" for n in range(0, 40, 2))) == []  # more than MAX_HIGHLIGHTS
