"""ui/quotes.py: a passage quoted in pieces has only those pieces marked (audit B12).

ui/quotes.py: an answer that quotes a passage in pieces ("A … B") has only those pieces marked on its source card,
in the surrounding article, in its marker's popover and in the export, never the words it left out (audit B12)."""

from __future__ import annotations

import html
import re

from eaeu_qa.conversations import Conversation, Turn
from eaeu_qa.records import Citation
from eaeu_qa.ui.quotes import quoted_pieces, quoted_spans, quoted_text
from eaeu_qa.ui_format import (POPOVER_QUOTE_CHARS, MarkerTarget, answer_html, citation_passage_html, context_html,
                               conversation_markdown, marker_html)

SENTENCE = re.compile(r"[^.]*\w[^.]*\.")


def _three_sentences(index_handle, source_id: str):
    """A real chunk of three or more sentences: (chunk, [its sentences' (start, end) in the chunk])."""
    for chunk in index_handle.chunks:
        spans = [m.span() for m in SENTENCE.finditer(chunk.text)]
        if chunk.source_id == source_id and len(spans) >= 3 and all(e - s > 40 for s, e in spans[:3]):
            return chunk, spans
    raise AssertionError(f"no chunk of three sentences in {source_id}")


def _cite(chunk, start: int, end: int, n: int = 1) -> Citation:
    return Citation(n=n, chunk_id=chunk.chunk_id, source_id=chunk.source_id, title=chunk.title,
                    short_title=chunk.short_title, locator=chunk.locator, quote=chunk.text[start:end],
                    start=chunk.start + start, end=chunk.start + end, passage=chunk.text, passage_start=chunk.start,
                    url=chunk.url, licence=chunk.licence, attribution=chunk.attribution)


def _fold(text: str) -> str:
    return " ".join(text.split())


def _answer_quoting(chunk, spans, treaty: bool) -> tuple[str, Citation, str, str, str]:
    """An answer quoting the first and the third sentence of `chunk`, the second left out, as compose writes it."""
    (s1, e1), (s2, e2), (s3, e3) = spans[:3]
    first, left_out, third = (_fold(chunk.text[s:e]).strip() for s, e in ((s1, e1), (s2, e2), (s3, e3)))
    joined = f"{first.rstrip('.')} \u2026 {third.rstrip('.')}"
    answer = (f"Earlier sentence [2]. Article 1 of the Treaty provides that \u201c{joined}\u201d [1]." if treaty
              else f"Earlier sentence [2]. {joined} [1].")
    return answer, _cite(chunk, s1 + len(chunk.text[s1:e1]) - len(chunk.text[s1:e1].lstrip()), e3), first, left_out, third


def test_only_the_quoted_pieces_are_marked_shown_and_exported(index_handle):
    for source_id, treaty in (("article", False), ("eaeu_treaty", True)):
        chunk, spans = _three_sentences(index_handle, source_id)
        answer, citation, first, left_out, third = _answer_quoting(chunk, spans, treaty)
        assert len(quoted_pieces(answer, 1)) == 2 and quoted_pieces(answer, 2) == []
        marked = quoted_spans(answer, citation)
        assert len(marked) == 2 and marked[0][0] == citation.start and marked[1][1] == citation.end
        shown = [_fold(chunk.text[s - chunk.start:e - chunk.start]) for s, e in marked]
        assert shown == [first.rstrip("."), third] or shown == [first, third]
        card = citation_passage_html(citation, marked)
        assert card.count("<mark>") == 2
        assert _fold(left_out) not in " ".join(re.findall(r"<mark>(.*?)</mark>", card))  # the gap is not marked ...
        assert _fold(left_out)[:30] in card  # ... but still there to read
        context = context_html(citation, index_handle.chunks, marked)
        assert context.count("<mark>") == 2
        quote = quoted_text(citation, marked)
        assert "\u2026" in quote and _fold(left_out)[:30] not in quote
        popover = answer_html(answer, [citation], {1: MarkerTarget("src-0-1")})
        assert _fold(left_out)[:30] not in popover and "\u2026" in popover
        conversation = Conversation()
        conversation.add(Turn(question="Q?", answer=answer, answerable=True, citations=[citation]))
        export = conversation_markdown(conversation)
        assert f"> {quote}" in export and _fold(left_out)[:30] not in export.split("Sources:")[1]


def test_a_quote_taken_whole_or_pieces_not_in_the_span_keep_the_whole_span(index_handle):
    chunk, spans = _three_sentences(index_handle, "article")
    (s1, _), _, (_, e3) = spans[:3]
    citation = _cite(chunk, s1, e3)
    whole = [(citation.start, citation.end)]
    assert quoted_spans(f"{_fold(citation.quote)} [1].", citation) == whole  # no ellipsis: quoted whole
    assert quoted_spans("Words found nowhere \u2026 in this passage at all [1].", citation) == whole
    assert quoted_spans("No marker for it \u2026 here [3].", citation) == whole
    assert quoted_text(citation, whole) == _fold(citation.quote)
    assert citation_passage_html(citation).count("<mark>") == 1  # as before when no spans are given


def test_the_popover_cuts_a_long_quote_after_a_whole_word(index_handle):
    chunk = max(index_handle.chunks, key=lambda c: len(c.text))
    citation = _cite(chunk, 0, len(chunk.text))
    popover = marker_html(citation, MarkerTarget("src-0-1"))
    shown = html.unescape(re.search(r'class="eaeu-pop-quote">(.*?)</span>', popover).group(1))
    assert shown.endswith("\u2026") and len(shown) <= POPOVER_QUOTE_CHARS + 1
    words = _fold(chunk.text).split()
    assert shown[:-1].rstrip(" ,;:").split()[-1] in words  # the last word shown is a whole word of the text


def test_the_reader_link_and_the_reader_mark_the_pieces_too(index_handle, settings):
    from eaeu_qa.reader import parse_highlights
    from eaeu_qa.service import QAService
    from eaeu_qa.ui.citations import marker_targets
    from eaeu_qa.ui_format import paragraph_html
    from urllib.parse import parse_qs, urlsplit

    chunk, spans = _three_sentences(index_handle, "article")
    answer, citation, first, left_out, third = _answer_quoting(chunk, spans, treaty=False)
    href = marker_targets(QAService(settings), [citation], "0", answer)[1].reader_href
    ranges = parse_highlights(parse_qs(urlsplit(href).query)["hl"][0])
    assert ranges == quoted_spans(answer, citation) and len(ranges) == 2
    shown = paragraph_html("s1.1", "para. 1", chunk.text, start=chunk.start, highlight=ranges, target=True)
    assert shown.count("<mark>") == 2 and _fold(left_out)[:30] not in "".join(re.findall(r"<mark>(.*?)</mark>", shown))
