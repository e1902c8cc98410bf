"""Pure rendering helpers for the app: highlighted passages, the surrounding article, Markdown export."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from .conversations import Conversation, ConversationSummary
from .records import Chunk, Citation
from .ui import wording
from .ui.quotes import Span, quoted_spans, quoted_text

# A refusal that is about the question's language, not about what the documents hold (Answer.refusal).
LANGUAGE_REFUSAL = "not_english"
ARTICLE_SOURCE = "article"
UPLOAD_PREFIX = "upload-"
FROM_YOUR_DOCUMENT = "from your document (uploaded in this browser; not part of the project's corpus)"
# Every character that can start Markdown markup, including links and images ([x](...), ![x](...)),
# autolinks (<http://...>, http://..., user@host) and HTML ('<', '&').
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#|$~!:@&+=-])")
# GFM turns bare "http://...", "www...." and "user@host" into links after escapes are resolved, so an
# invisible word joiner (U+2060) goes where those patterns need two characters side by side.
_AUTOLINK = re.compile(r"(?i)(\bhttps?|\bftp|\bwww|\bmailto)(?=\\?[:.])|(?<=@)")
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """Text shown through st.markdown exactly as written, never as an image, a link or HTML.

    Treaty text has '*', '$' and '<' in places; a question, an upload's name or an uploaded document may
    hold '![x](http://...)', '[x](...)', '<img ...>' or a bare URL: all of it stays literal text."""
    return _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, _MARKDOWN_SPECIALS.sub(r"\\\1", text))


def counted(count: int, forms: tuple[str, str]) -> str:
    """"1 passage", "0 passages", "3 passages": `forms` is (singular, plural), each with a {count} field."""
    return forms[0 if count == 1 else 1].format(count=f"{count:,}")


def text_html(text: str, css: str = "eaeu-text") -> str:
    """Text as one escaped HTML block: Markdown, autolinks and HTML in it all stay literal."""
    return f'<div class="{css}">{_html_lines(text)}</div>'


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
    return marked_html(text, [(begin, end)])


def marked_html(text: str, spans: list[Span], offset: int = 0) -> str:
    """text with each span (offsets of text, or of its document when `offset` is where text starts there) inside
    <mark>, clamped to the text, in order; everything HTML-escaped."""
    parts, position = [], 0
    for start, stop in spans:
        begin = min(len(text), max(position, start - offset))
        end = min(len(text), max(begin, stop - offset))
        parts += [_html_lines(text[position:begin]), "<mark>", _html_lines(text[begin:end]), "</mark>"]
        position = end
    return "".join(parts) + _html_lines(text[position:])


def citation_passage_html(citation: Citation, spans: list[Span] | None = None) -> str:
    """The cited passage with the quoted words marked: `spans` (document offsets, quoted_spans: the pieces of an
    "A … B" quote) or the citation's whole span."""
    if spans is None:
        begin, end = quote_span(citation)
        spans, offset = [(begin, end)], 0
    else:
        offset = citation.passage_start
    return f'<div class="eaeu-passage">{marked_html(citation.passage, spans, offset)}</div>'


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
    if cited.section:
        return f"the whole section \u201c{cited.section}\u201d"
    return f"all of {citation.short_title}, {cited.locator}"  # a unit without a heading (a signature block)


def context_html(citation: Citation, chunks: list[Chunk], spans: list[Span] | None = None) -> str:
    """The surrounding article/section as HTML, the quoted words (`spans`, else the citation's span) marked inside
    their paragraph."""
    parts = []
    for chunk in context_chunks(citation, chunks):
        if chunk.chunk_id == citation.chunk_id:
            body = marked_html(chunk.text, spans or [(citation.start, citation.end)], chunk.start)
            parts.append(f'<div class="eaeu-context cited"><b>{html.escape(chunk.locator)}</b><br>{body}</div>')
        else:
            parts.append(f'<div class="eaeu-context"><b>{html.escape(chunk.locator)}</b><br>'
                         f'{_html_lines(chunk.text)}</div>')
    return "".join(parts)


def source_line(citation: Citation) -> str:
    """Title, then attribution and licence where they must show: ToTA treaty text and uploads.

    The analysis article's licence line is shown once, in the corpus panel and the reader, not on every card."""
    parts = [citation.title]
    if citation.source_id == ARTICLE_SOURCE:
        return citation.title
    if citation.source_id.startswith(UPLOAD_PREFIX):
        return f"{citation.title} — {FROM_YOUR_DOCUMENT}"
    if citation.attribution:
        parts.append(citation.attribution)
    if citation.licence and citation.licence not in citation.attribution:
        parts.append(f"Licence: {citation.licence}")
    return " — ".join(parts)


def attribution_line(citation: Citation) -> str:
    """The attribution and licence that must show beside treaty text ("" for the article and uploads)."""
    if citation.source_id == ARTICLE_SOURCE or citation.source_id.startswith(UPLOAD_PREFIX):
        return ""
    if not (citation.attribution or citation.licence):
        return ""
    return source_line(citation).removeprefix(citation.title + " — ")


def refusal_heading(refusal: str) -> str:
    """The label over a refusal: "Not in the documents", or "English only" when the question's language was
    the reason (Answer.refusal)."""
    return wording.LANGUAGE_HEADING if refusal == LANGUAGE_REFUSAL else wording.REFUSAL_HEADING


_WORDS = re.compile(r"\w+")


def understood_as(turn) -> str:
    """"Understood as: <the rewrite>" with a question that was rewritten (a follow-up resolved against the
    conversation), for the chat and the export alike; "" when the question was taken as it was, or when the rewrite
    has the same words (only capitals, punctuation or spacing differ: "How long we can stay?" for "how long we can
    stay?" told the reader nothing)."""
    rewrite = (turn.standalone_question or "").strip()
    if not rewrite or _WORDS.findall(rewrite.casefold()) == _WORDS.findall(turn.question.casefold()):
        return ""
    return wording.UNDERSTOOD_AS.format(question=rewrite)


def export_title(citation: Citation) -> str:
    """A citation's document in the export: the title, and for an upload that it is the user's own document (the
    chat's "from your document" badge and source line)."""
    return source_line(citation) if citation.source_id.startswith(UPLOAD_PREFIX) else citation.title


def note_repeats_answer(turn) -> bool:
    """The turn's note says nothing the answer text does not already say (whitespace aside)."""
    return bool(turn.note) and " ".join(turn.note.split()) in " ".join(turn.answer.split())


def conversation_markdown(conversation: Conversation, reader_link: Callable[[Citation], str] | None = None) -> str:
    """The conversation with every citation's quote, locator, title, attribution and links, as Markdown.

    `reader_link` gives a citation's address in the app's reader (its paragraph, quote highlighted) at the app's
    public address ("" or None: no such link, Settings.public_url); treaty citations also link to the source file
    they were read from."""
    lines = [f"# {conversation.title}", "", f"Exported from eaeu-qa. Conversation {conversation.id}, "
             f"started {conversation.created_at}. {wording.EXPORT_CHECK}", ""]
    for number, turn in enumerate(conversation.turns, 1):
        lines += turn_markdown_lines(turn, number, reader_link)
    return "\n".join(lines).rstrip() + "\n"


def answer_markdown(conversation: Conversation, index: int,
                    reader_link: Callable[[Citation], str] | None = None) -> str:
    """One question with its answer and sources, as the conversation's export has it (the chat's per-answer
    download: copying an answer took the whole conversation's export, or its text without its sources)."""
    lines = turn_markdown_lines(conversation.turns[index], index + 1, reader_link)
    lines += [f"_Exported from eaeu-qa: question {index + 1} of conversation {conversation.id}. "
              f"{wording.EXPORT_CHECK}_"]
    return "\n".join(lines).rstrip() + "\n"


def turn_markdown_lines(turn, number: int, reader_link: Callable[[Citation], str] | None = None) -> list[str]:
    """The Markdown lines of question `number` and its answer: the refusal's heading, the note, what the question
    was understood as, and each source with its quote, locator, title, attribution and links."""
    lines = [f"## Q{number}. {turn.question.strip()}", ""]
    if rewrite := understood_as(turn):  # what the answer rests on, with the question, as the chat shows it
        lines += [f"_{rewrite}_", ""]
    answer = turn.answer.strip()
    if not turn.answerable:
        heading = refusal_heading(turn.refusal)
        body = answer if not answer.startswith(heading) else answer[len(heading):].lstrip(". ")
        lines += [f"**{heading}.** {body}".rstrip(), ""]
    elif answer:
        lines += [answer, ""]
    if turn.note and not note_repeats_answer(turn):
        lines += [f"_{turn.note.strip()}_", ""]
    if turn.citations:
        lines += ["Sources:", ""]
    for c in turn.citations:
        quote = quoted_text(c, quoted_spans(turn.answer, c))  # the words the answer quotes, as the chat shows
        links = []
        if reader_link and (href := reader_link(c)):
            links.append(f"[read it in context]({href})")
        if c.url:
            links.append(f"[source file]({c.url})")
        lines += [f"[{c.n}] **{c.label}** — {export_title(c)}" + (f" ({', '.join(links)})" if links else ""), "",
                  f"> {quote}", ""]
        if attribution := attribution_line(c):
            lines += [f"   {attribution}", ""]
    return lines


# --- [n] markers with popovers, and the reader's paragraphs -------------------------------------------

_MARKER = re.compile(r"\[(\d{1,3})\]")
POPOVER_QUOTE_CHARS = 320


@dataclass(frozen=True)
class MarkerTarget:
    """Where a marker's popover points: the source card's anchor and the reader's deep link."""

    card_anchor: str
    reader_href: str = ""
    editorial: bool = False  # the locator's paragraph number was reconstructed


def _short_quote(quote: str) -> str:
    """The quote as the popover shows it: white space folded, cut at a word's end (it cut "expe…", audit B12)."""
    folded = " ".join(quote.split())
    if len(folded) <= POPOVER_QUOTE_CHARS:
        return folded
    cut = folded[:POPOVER_QUOTE_CHARS]
    if folded[POPOVER_QUOTE_CHARS].isalnum() and " " in cut:  # mid-word: back to the last whole word
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def _editorial_badge(note: str) -> str:
    return f'<span class="eaeu-editorial" title="{html.escape(note)}">{wording.EDITORIAL_BADGE}</span>'


def badges_html(citation: Citation, editorial: bool, editorial_note: str) -> str:
    """The marks after a citation's locator: an editorial (reconstructed) paragraph number, an uploaded source."""
    marks = [_editorial_badge(editorial_note)] if editorial else []
    if citation.source_id.startswith(UPLOAD_PREFIX):
        marks.append(f'<span class="eaeu-from-upload">{wording.UPLOAD_BADGE}</span>')
    return "".join(f" {mark}" for mark in marks)


def marker_html(citation: Citation, target: MarkerTarget, editorial_note: str = "", quote: str | None = None) -> str:
    """A focusable [n]: hovering or clicking it shows the quote (`quote`: the words the answer quotes, else the
    citation's) and locator, with links to the card and reader."""
    label = html.escape(f"[{citation.n}] {citation.label}")
    # The quoted words exactly as the document has them, set off as a block (style.CSS: the source cards' gold rule)
    # with no quotation marks added: added marks doubled a quote's own ("““Migration card", audit s18), and leaving
    # them off only there showed a cut definition with an opening mark and no end (s19). The block is the quote's
    # extent; a cut quote ends in "…".
    shown = _short_quote(citation.quote if quote is None else quote)
    links = [f'<a href="#{target.card_anchor}" target="_self">{wording.GO_TO_CARD}</a>']
    if target.reader_href:
        links.append(f'<a href="{html.escape(target.reader_href)}" target="_blank">{wording.READ_IN_READER}</a>')
    attribution = attribution_line(citation)  # treaty text never shows without it
    source = f'<span class="eaeu-pop-source">{html.escape(attribution)}</span>' if attribution else ""
    return (f'<span class="eaeu-cite" tabindex="0" role="button" data-n="{citation.n}" '
            f'aria-label="Source {citation.n}: {html.escape(citation.label)}">'
            f'<span class="eaeu-marker">[{citation.n}]</span>'
            f'<span class="eaeu-pop" role="tooltip"><span class="eaeu-pop-label">{label}'
            f'{badges_html(citation, target.editorial, editorial_note)}</span>'
            f'<span class="eaeu-pop-quote">{html.escape(shown)}</span>'
            f'{source}'
            f'<span class="eaeu-pop-links">{" · ".join(links)}</span></span></span>')


def answer_html(text: str, citations: list[Citation], targets: dict[int, MarkerTarget],
                editorial_note: str = "", css: str = "eaeu-answer", lead_html: str = "") -> str:
    """The answer as one HTML block: text escaped, every [n] with a citation turned into a marker."""
    by_n = {c.n: c for c in citations}
    parts, position = [], 0
    for match in _MARKER.finditer(text):
        citation, target = by_n.get(int(match.group(1))), targets.get(int(match.group(1)))
        parts.append(_html_lines(text[position:match.start()]))
        quote = quoted_text(citation, quoted_spans(text, citation)) if citation else None
        parts.append(marker_html(citation, target, editorial_note, quote) if citation and target
                     else html.escape(match.group()))
        position = match.end()
    parts.append(_html_lines(text[position:]))
    return f'<div class="{css}">{lead_html}{"".join(parts)}</div>'


def paragraph_html(loc: str, label: str, text: str, *, start: int, highlight: list[Span] | tuple[int, int] | None,
                   target: bool, editorial_note: str = "") -> str:
    """One reader paragraph with a stable anchor (id "p-<loc>"); document offsets in `highlight` (one range, or the
    pieces of a quote given in pieces) are marked."""
    ranges = [highlight] if isinstance(highlight, tuple) else list(highlight or [])
    inside = [(a, b) for a, b in ranges if a < start + len(text) and b > start]
    body = marked_html(text, inside, start) if inside else _html_lines(text)
    editorial = _editorial_badge(editorial_note) if editorial_note else ""
    classes = "eaeu-para target" if target else "eaeu-para"
    return (f'<div class="{classes}" id="p-{html.escape(loc)}" data-loc="{html.escape(loc)}">'
            f'<span class="eaeu-loc">{html.escape(label)}</span>{editorial} {body}</div>')


def _clip(text: str, limit: int) -> str:
    folded = " ".join(_MARKER.sub("", text).split())
    return folded if len(folded) <= limit else folded[:limit - 1].rstrip(" ,;:") + "…"


def _when(timestamp: str) -> str:
    try:
        return datetime.fromisoformat(timestamp).strftime("%d %b %H:%M")
    except (TypeError, ValueError):
        return ""


def conversation_label(summary: ConversationSummary, question_chars: int = 60, answer_chars: int = 40
                       ) -> tuple[str, str, str]:
    """(title, when-and-answer line, detail) for the conversation list, so equal first questions differ."""
    answer = summary.first_answer if summary.first_answerable else refusal_heading(summary.first_refusal)
    when = f"{_when(summary.created_at)} · “{_clip(answer, answer_chars)}”"
    detail = (f"{' '.join(summary.first_question.split())}\n\n{summary.turns} question(s); started "
              f"{_when(summary.created_at)}, last {_when(summary.updated_at)} (UTC)")
    return _clip(summary.first_question, question_chars), when, detail
