"""Rendering helpers: escaped, highlighted passages, the surrounding article, and the Markdown export."""

from __future__ import annotations

from eaeu_qa.conversations import Conversation, Turn
from eaeu_qa.records import Citation
from eaeu_qa.ui_format import (citation_passage_html, context_chunks, context_html, conversation_markdown,
                               escape_markdown, highlighted_html, quote_span)


def _citation_from_chunk(chunk, n=1) -> Citation:
    """Cite the second half of a real chunk, the way the answerer does: offsets into the document."""
    begin = len(chunk.text) // 2
    return Citation(n=n, chunk_id=chunk.chunk_id, source_id=chunk.source_id, title=chunk.title,
                    short_title=chunk.short_title, locator=chunk.locator, quote=chunk.text[begin:],
                    start=chunk.start + begin, end=chunk.end, passage=chunk.text, passage_start=chunk.start,
                    url=chunk.url, licence=chunk.licence, attribution=chunk.attribution)


def test_highlight_escapes_html_and_marks_exactly_the_quote():
    text = "Before <script>x</script>\n\nthe quote & more after"
    begin = text.index("the quote")
    out = highlighted_html(text, begin, begin + len("the quote"))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<mark>the quote</mark>" in out
    assert "Before &lt;script&gt;x&lt;/script&gt;<br>" in out
    assert highlighted_html("wrapped\n   line", 0, 0) == "<mark></mark>wrapped line"
    assert "\n" not in out  # one line: a blank line would end the HTML block inside st.markdown


def test_citation_passage_marks_the_quote_inside_a_real_chunk(index_handle, documents):
    chunk = next(c for c in index_handle.chunks if c.source_id == "eaeu_treaty" and c.article == "98")
    citation = _citation_from_chunk(chunk)
    assert documents["eaeu_treaty"].text[citation.start:citation.end] == citation.quote
    begin, end = quote_span(citation)
    assert citation.passage[begin:end] == citation.quote
    assert "<mark>" in citation_passage_html(citation)


def test_context_is_the_whole_treaty_article_in_order(index_handle):
    article_98 = [c for c in index_handle.chunks if c.source_id == "eaeu_treaty" and c.article == "98"]
    citation = _citation_from_chunk(article_98[-1])
    around = context_chunks(citation, index_handle.chunks)
    assert [c.chunk_id for c in around] == [c.chunk_id for c in sorted(article_98, key=lambda c: c.ordinal)]
    rendered = context_html(citation, index_handle.chunks)
    assert rendered.count("<mark>") == 1 and rendered.count('class="eaeu-context') == len(article_98)


def test_context_of_an_article_paragraph_is_its_section(index_handle):
    chunk = next(c for c in index_handle.chunks if c.source_id == "article")
    around = context_chunks(_citation_from_chunk(chunk), index_handle.chunks)
    assert chunk in around and all(c.section == chunk.section and c.source_id == "article" for c in around)


def test_context_is_empty_for_a_chunk_no_longer_indexed(index_handle):
    chunk = index_handle.chunks[0]
    citation = _citation_from_chunk(chunk)
    gone = Citation(**{**citation.__dict__, "chunk_id": "eaeu_treaty:removed"})
    assert context_chunks(gone, index_handle.chunks) == []


def test_escape_markdown_keeps_text_literal():
    assert escape_markdown("costs $5 * 2 <b>") == r"costs \$5 \* 2 \<b\>"


def test_export_has_every_citation_with_quote_and_licence(index_handle):
    chunks = [c for c in index_handle.chunks if c.source_id == "eaeu_treaty"][:2]
    citations = [_citation_from_chunk(c, n) for n, c in enumerate(chunks, 1)]
    conversation = Conversation()
    conversation.add(Turn(question="Q one?", answer="A [1] [2].", answerable=True, citations=citations))
    conversation.add(Turn(question="Q two?", answer="The documents do not answer this question.",
                          answerable=False))
    text = conversation_markdown(conversation)
    assert "## Q1. Q one?" in text and "## Q2. Q two?" in text and "**Not in the documents.**" in text
    for c in citations:
        assert f"[{c.n}] **{c.label}**" in text
        assert "> " + " ".join(c.quote.split()) in text
    assert "CC BY-NC 4.0" in text
