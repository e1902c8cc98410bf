"""Pure rendering helpers for the app: highlighted passages, the surrounding article, Markdown export."""

from __future__ import annotations

import html
import re

from .conversations import Conversation
from .records import Chunk, Citation

REFUSAL_HEADING = "Not in the documents"
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}<>#|$~])")


def escape_markdown(text: str) -> str:
    """Text shown through st.markdown exactly as written (treaty text has '*', '$' and '<' in places)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _html_lines(text: str) -> str:
    """Escaped text as one line of HTML: the treaties' hard line wraps become spaces, blank lines <br>.

    One line because a blank line inside st.markdown would end the HTML block and start Markdown."""
    blocks = _BLANK_LINE.split(html.escape(text))
    return "<br>".join(_LINE_BREAK.sub(" ", block) for block in blocks)


def quote_span(citation: Citation) -> tuple[int, int]:
    """Where the quote sits inside citation.passage, clamped to the passage."""
    begin = max(0, citation.start - citation.passage_start)
    end = min(len(citation.passage), citation.end - citation.passage_start)
    return begin, max(begin, end)


def highlighted_html(text: str, begin: int, end: int) -> str:
    """text with text[begin:end] inside <mark>, everything HTML-escaped."""
    return (_html_lines(text[:begin]) + "<mark>" + _html_lines(text[begin:end]) + "</mark>"
            + _html_lines(text[end:]))


def citation_passage_html(citation: Citation) -> str:
    begin, end = quote_span(citation)
    return f'<div class="eaeu-passage">{highlighted_html(citation.passage, begin, end)}</div>'


def context_chunks(citation: Citation, chunks: list[Chunk]) -> list[Chunk]:
    """The whole unit around the cited chunk: every chunk of the same treaty article, or of the same
    section of the article/upload, in document order. Empty when the chunk is no longer indexed."""
    cited = next((c for c in chunks if c.chunk_id == citation.chunk_id), None)
    if cited is None:
        return []
    if cited.article:
        same = [c for c in chunks if c.source_id == cited.source_id and c.article == cited.article]
    else:
        same = [c for c in chunks if c.source_id == cited.source_id and c.section == cited.section
                and not c.article]
    return sorted(same, key=lambda c: c.ordinal)


def context_label(citation: Citation, chunks: list[Chunk]) -> str:
    cited = next((c for c in chunks if c.chunk_id == citation.chunk_id), None)
    if cited is None:
        return ""
    if cited.article:
        return f"all of {citation.short_title}, Article {cited.article}"
    return f"the whole section \u201c{cited.section}\u201d"


def context_html(citation: Citation, chunks: list[Chunk]) -> str:
    """The surrounding article/section as HTML, the cited sentence marked inside its paragraph."""
    parts = []
    for chunk in context_chunks(citation, chunks):
        if chunk.chunk_id == citation.chunk_id:
            begin = max(0, citation.start - chunk.start)
            end = min(len(chunk.text), citation.end - chunk.start)
            body = highlighted_html(chunk.text, begin, max(begin, end))
            parts.append(f'<div class="eaeu-context cited"><b>{html.escape(chunk.locator)}</b><br>{body}</div>')
        else:
            parts.append(f'<div class="eaeu-context"><b>{html.escape(chunk.locator)}</b><br>'
                         f'{_html_lines(chunk.text)}</div>')
    return "".join(parts)


def source_line(citation: Citation) -> str:
    """Title, then attribution and licence: required wherever ToTA treaty text is shown."""
    parts = [citation.title]
    if citation.attribution:
        parts.append(citation.attribution)
    if citation.licence and citation.licence not in citation.attribution:
        parts.append(f"Licence: {citation.licence}")
    return " — ".join(parts)


def conversation_markdown(conversation: Conversation) -> str:
    """The conversation with every citation's quote, locator, title and attribution, as Markdown."""
    lines = [f"# {conversation.title}", "", f"Exported from eaeu-qa. Conversation {conversation.id}, "
             f"started {conversation.created_at}.", ""]
    for number, turn in enumerate(conversation.turns, 1):
        lines += [f"## Q{number}. {turn.question.strip()}", ""]
        if not turn.answerable:
            lines += [f"**{REFUSAL_HEADING}.**", ""]
        if turn.answer:
            lines += [turn.answer.strip(), ""]
        if turn.note:
            lines += [f"_{turn.note.strip()}_", ""]
        if turn.citations:
            lines += ["Sources:", ""]
        for c in turn.citations:
            quote = " ".join(c.quote.split())
            lines += [f"[{c.n}] **{c.label}** — {c.title}", "", f"> {quote}", ""]
            if c.attribution or c.licence:
                lines += [f"   {source_line(c).removeprefix(c.title + ' — ')}", ""]
    return "\n".join(lines).rstrip() + "\n"
