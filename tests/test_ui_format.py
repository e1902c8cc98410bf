"""Rendering helpers: escaped, highlighted passages, the surrounding article, and the Markdown export."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from eaeu_qa.conversations import Conversation, ConversationSummary, Turn
from eaeu_qa.records import Citation
from eaeu_qa.ui import wording
from eaeu_qa.ui_format import (POPOVER_QUOTE_CHARS, MarkerTarget, answer_html, attribution_line, badges_html, citation_passage_html,
                               context_chunks, context_html, context_label, conversation_label,
                               conversation_markdown, escape_markdown, highlighted_html, marker_html, quote_span,
                               refusal_heading, source_line, text_html, understood_as, FROM_YOUR_DOCUMENT,
                               WORD_JOINER)


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


@pytest.mark.parametrize("hostile", ["![x](http://127.0.0.1:9/pixel.png)", "[click](http://evil.example/)",
                                     "<img src=http://127.0.0.1:9/a.png>", "<http://evil.example>",
                                     "see www.evil.example or http://evil.example", "![x][ref]\n\n[ref]: http://e/"])
def test_escape_markdown_neutralises_images_links_and_html(hostile):
    import markdown_it

    rendered = markdown_it.MarkdownIt("commonmark").render(escape_markdown(hostile))
    assert "<img" not in rendered and "<a " not in rendered and "href" not in rendered
    plain = re.sub(r"<[^>]+>", "", rendered).replace(WORD_JOINER, "")
    assert html.unescape(plain).split() == hostile.split()  # shown exactly as typed (joiners are invisible)
    assert not re.search(r"https?://|www\.", escape_markdown(hostile).replace("\\", ""))  # no GFM autolink


def test_text_html_keeps_everything_literal():
    out = text_html("a <b>x</b> ![i](http://e/i.png)\n\nnext")
    assert out == '<div class="eaeu-text">a &lt;b&gt;x&lt;/b&gt; ![i](http://e/i.png)<br>next</div>'


def test_answer_markers_become_popovers_with_quote_locator_and_links(index_handle):
    chunk = next(c for c in index_handle.chunks if c.source_id == "eaeu_treaty" and c.article == "98")
    citation = _citation_from_chunk(chunk)
    targets = {1: MarkerTarget("src-0-1", "documents?doc=eaeu_treaty&loc=98.1&hl=1-2", editorial=True)}
    out = answer_html("It says so [1]. Not a citation [7]. <b>x</b> ![i](http://e/i.png)", [citation], targets)
    assert out.count('class="eaeu-cite"') == 1 and 'href="#src-0-1"' in out
    assert "documents?doc=eaeu_treaty&amp;loc=98.1&amp;hl=1-2" in out and "editorial number" in out
    assert html.escape(citation.label) in out and "[7]" in out and "&lt;b&gt;" in out and "<img" not in out
    assert "\n" not in out


def test_article_cards_do_not_repeat_the_licence_and_uploads_say_whose_they_are(index_handle):
    article = _citation_from_chunk(next(c for c in index_handle.chunks if c.source_id == "article"))
    treaty = _citation_from_chunk(next(c for c in index_handle.chunks if c.source_id == "eaeu_treaty"))
    assert source_line(article) == article.title
    assert "CC BY-NC 4.0" in source_line(treaty) and "ToTA" in source_line(treaty)
    upload = Citation(**{**article.__dict__, "source_id": "upload-0123456789ab", "title": "notes.txt"})
    assert "from your document" in source_line(upload)


def test_badges_mark_editorial_numbers_and_uploads_the_same_in_markers_and_cards(index_handle):
    citation = _citation_from_chunk(next(c for c in index_handle.chunks if c.source_id == "eaeu_treaty"))
    upload = Citation(**{**citation.__dict__, "source_id": "upload-0123456789ab"})
    assert badges_html(citation, False, "note") == ""
    editorial = badges_html(citation, True, 'number "5" <added>')
    assert editorial == (' <span class="eaeu-editorial" title="number &quot;5&quot; &lt;added&gt;">'
                         'editorial number</span>')
    assert badges_html(upload, False, "") == ' <span class="eaeu-from-upload">from your document</span>'
    marker = marker_html(upload, MarkerTarget("src-0-1", "", editorial=True), 'number "5" <added>')
    assert editorial in marker and "from your document" in marker and "Read it in the document" not in marker


def test_conversation_labels_tell_apart_same_first_questions():
    first = ConversationSummary("a" * 16, "Why did Kyrgyzstan sue?", "2026-11-25T10:05:00+00:00", 1,
                                created_at="2026-11-25T10:00:00+00:00", first_question="Why did Kyrgyzstan sue?",
                                first_answer="Because of insurance [1].", first_answerable=True)
    second = ConversationSummary("b" * 16, "Why did Kyrgyzstan sue?", "2026-11-25T11:35:00+00:00", 2,
                                 created_at="2026-11-25T11:30:00+00:00", first_question="Why did Kyrgyzstan sue?",
                                 first_answer="Not answered.", first_answerable=False)
    (title_a, a, _), (title_b, b, detail) = conversation_label(first), conversation_label(second)
    assert title_a == title_b == "Why did Kyrgyzstan sue?"
    assert a != b and "25 Nov 10:00" in a and "Because of insurance" in a and "[1]" not in a
    assert "Not in the documents" in b and "Why did Kyrgyzstan sue?" in detail and "2 question(s)" in detail
    assert "started 25 Nov 11:30, last 25 Nov 11:35 (UTC)" in detail  # readable times, not ISO stamps


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
    assert text.count("do not answer this question") == 1


def test_export_says_a_refusal_once_and_links_every_source(index_handle):
    chunk = next(c for c in index_handle.chunks if c.source_id == "eaeu_treaty")
    citation = _citation_from_chunk(chunk)
    refusal = "The documents do not say who won."
    conversation = Conversation()
    conversation.add(Turn(question="Who won?", answer=refusal, answerable=False, note=refusal, citations=[citation]))
    text = conversation_markdown(conversation, reader_link=lambda c: f"http://app/documents?doc={c.source_id}")
    assert text.count(refusal) == 1 and text.count("Not in the documents") == 1
    assert "(http://app/documents?doc=eaeu_treaty)" in text and f"({citation.url})" in text


def test_a_markers_popover_carries_the_attribution_wherever_treaty_text_shows(index_handle):
    treaty = _citation_from_chunk(next(c for c in index_handle.chunks if c.source_id == "eaeu_treaty"))
    article = _citation_from_chunk(next(c for c in index_handle.chunks if c.source_id == "article"))
    popover = marker_html(treaty, MarkerTarget("src-0-1"))
    assert 'class="eaeu-pop-source"' in popover and "ToTA" in popover and "CC BY-NC 4.0" in popover
    assert html.escape(attribution_line(treaty)) in popover and attribution_line(treaty) in source_line(treaty)
    assert attribution_line(article) == "" and "eaeu-pop-source" not in marker_html(article, MarkerTarget("a"))


def test_a_unit_without_a_heading_is_named_by_its_locator(index_handle):
    untitled = [c for c in index_handle.chunks if not c.article and not c.section]
    assert untitled, "the corpus has a unit with neither article nor section (a signature block)"
    for chunk in untitled:
        label = context_label(_citation_from_chunk(chunk), index_handle.chunks)
        assert "\u201c\u201d" not in label and chunk.locator in label


def test_a_question_in_another_language_is_labelled_english_only_not_a_refusal_of_content():
    from eaeu_qa.answering.wording import NOT_ENGLISH

    assert re.search("[а-яА-Я]", NOT_ENGLISH) and "English" in NOT_ENGLISH  # said in Russian too
    conversation = Conversation()
    conversation.add(Turn(question="Почему Кыргызстан подал в суд?", answer=NOT_ENGLISH, answerable=False,
                          note=NOT_ENGLISH, refusal="not_english"))
    text = conversation_markdown(conversation)
    assert "**English only.**" in text and "Not in the documents" not in text
    summary = ConversationSummary("c" * 16, "Почему?", "2026-11-25T10:05:00+00:00", 1,
                                  created_at="2026-11-25T10:00:00+00:00", first_question="Почему?",
                                  first_answer=NOT_ENGLISH, first_answerable=False, first_refusal="not_english")
    assert "English only" in conversation_label(summary)[1]
    assert refusal_heading("weak_evidence") == refusal_heading("") == "Not in the documents"


def test_export_says_what_the_chat_shows_the_rewrite_and_that_a_quote_is_from_the_users_document(
        settings, tmp_path, index_handle):
    """Audit A15: the export left out "Understood as ..." (the rewrite the answer rests on) and labelled an upload's
    quote only "— memo.txt". Both come from the helpers the chat draws with (understood_as, source_line)."""
    import dataclasses

    from eaeu_qa.uploads import UserLibrary
    from eaeu_qa.workspaces import new_workspace_id

    library = UserLibrary(dataclasses.replace(settings, data_dir=tmp_path / "data"), new_workspace_id())
    library.add("memo.txt", b"The free consultation day for migrant families is on Tuesday at the embassy.\n")
    upload = _citation_from_chunk(library.handle().chunks[0])
    treaty = _citation_from_chunk(next(c for c in index_handle.chunks if c.source_id == "eaeu_treaty"), n=2)
    conversation = Conversation()
    conversation.add(Turn(question="When is the consultation day?", answer="On Tuesday [1].", answerable=True,
                          citations=[upload], standalone_question="When is the consultation day?"))
    conversation.add(Turn(question="and what does the treaty say?", answer="It says [2].", answerable=True,
                          citations=[treaty],
                          standalone_question="What does the treaty say about the consultation day?"))
    text = conversation_markdown(conversation)
    assert text.count("Understood as:") == 1  # only where the question was rewritten, as in the chat
    assert "_Understood as: What does the treaty say about the consultation day?_" in text
    assert understood_as(conversation.turns[1]) in text and understood_as(conversation.turns[0]) == ""
    line = next(row for row in text.splitlines() if row.startswith("[1] "))
    assert line.endswith(f"— memo.txt — {FROM_YOUR_DOCUMENT}") and wording.UPLOAD_BADGE in line
    treaty_line = next(row for row in text.splitlines() if row.startswith("[2] "))
    assert FROM_YOUR_DOCUMENT not in treaty_line and treaty.title in treaty_line


def test_understood_as_shows_only_a_rewrite_whose_words_differ():
    """Audit s18: "Understood as: How long we can stay?" showed for "how long we can stay?", telling nothing."""
    def shown(question: str, rewrite: str) -> str:
        return understood_as(Turn(question=question, answer="", answerable=True, standalone_question=rewrite))

    assert shown("how long we can stay?", "How long we can stay?") == ""  # capitals
    assert shown("how long  we can stay", "How long we can stay?") == ""  # punctuation and spacing
    assert shown("what about its judges?", "What about its judges?") == ""
    assert shown("what about the workers’ kids", "What about the workers' kids?") == ""  # the apostrophe's form
    assert shown("how long we can stay?", "") == ""
    assert shown("and pensions?", "What does Article 98 say about pensions?") == (
        wording.UNDERSTOOD_AS.format(question="What does Article 98 say about pensions?"))
    assert shown("how long we can stay?", "How long can we stay?") != ""  # other words, or the same in another order


def test_the_export_gives_the_rewrite_with_its_question_and_no_address_of_this_machine(index_handle):
    """Audit s18: the export's "read it in context" links pointed to http://localhost:PORT/, useless once the file
    leaves the machine, and "Understood as" came after the answer. Without a public address (reader_link None) a
    source is its locator, its document, the source file's pinned URL and, for treaty text, the attribution."""
    chunk = next(c for c in index_handle.chunks if c.source_id == "eaeu_treaty")
    citation = _citation_from_chunk(chunk)
    conversation = Conversation()
    conversation.add(Turn(question="and pensions?", answer="It says so [1].", answerable=True, citations=[citation],
                          standalone_question="What does the treaty say about pensions?"))
    text = conversation_markdown(conversation)
    rewrite = understood_as(conversation.turns[0])
    assert text.index("## Q1. and pensions?") < text.index(rewrite) < text.index("It says so [1].")
    line = next(row for row in text.splitlines() if row.startswith("[1] "))
    assert line == f"[1] **{citation.label}** — {citation.title} ([source file]({citation.url}))"
    assert citation.locator in citation.label and attribution_line(citation) in text and wording.EXPORT_CHECK in text
    assert "documents?doc=" not in text and "localhost" not in text and "127.0.0.1" not in text


def test_a_popover_shows_the_quoted_words_as_they_are_and_a_cut_quote_ends_in_an_ellipsis(index_handle):
    """Audit s18: a definition quoted from its own opening mark showed "““Migration card ..." in the popover; leaving
    the added marks off only there (s19) showed a cut definition with an opening mark and no end. The popover now adds
    no marks to any quote (its block is the quote's extent, style.CSS); a cut quote ends in "…"."""
    chunk = next(c for c in index_handle.chunks if c.source_id == "eaeu_treaty" and "\u201c" in c.text
                 and len(c.text) - c.text.index("\u201c") > POPOVER_QUOTE_CHARS + 40)
    begin = chunk.text.index("\u201c")
    defined = dataclasses.replace(_citation_from_chunk(chunk), quote=chunk.text[begin:],
                                  start=chunk.start + begin, end=chunk.end)
    plain = _citation_from_chunk(next(c for c in index_handle.chunks if c.source_id == "article"
                                      and len(c.text) // 2 < POPOVER_QUOTE_CHARS))
    quote_of = lambda c: html.unescape(
        re.search(r'class="eaeu-pop-quote">(.*?)</span>', marker_html(c, MarkerTarget("a"))).group(1))
    cut = quote_of(defined)
    assert cut.startswith("\u201c") and not cut.startswith("\u201c\u201c"), cut  # its own mark, not doubled
    assert cut.endswith("\u2026") and " ".join(defined.quote.split()).startswith(cut[:-1]), cut  # cut: says so
    assert quote_of(plain) == " ".join(plain.quote.split())  # whole: verbatim, nothing added