"""Citations in the chat: the answer with clickable [n] markers, and one source card per citation."""

from __future__ import annotations

import html

import streamlit as st

from ..reader import paragraph_at, reader_href
from ..records import Chunk, Citation
from ..service import QAService
from ..ui_format import (MarkerTarget, answer_html, badges_html, citation_passage_html, context_html, context_label,
                         escape_markdown, refusal_heading, source_line, LANGUAGE_REFUSAL, UPLOAD_PREFIX)
from . import wording
from .quotes import Span, quoted_spans


def card_anchor(turn_key: str, n: int) -> str:
    return f"src-{turn_key}-{n}"


def marker_targets(service: QAService, citations: list[Citation], turn_key: str,
                   answer: str = "") -> dict[int, MarkerTarget]:
    """For each citation: its card's anchor, its reader deep link (the pieces `answer` quotes highlighted) and whether
    its number is editorial."""
    targets = {}
    for citation in citations:
        href, editorial = "", False
        if not citation.source_id.startswith(UPLOAD_PREFIX):
            try:
                paragraph = paragraph_at(service.paragraphs(citation.source_id), citation.start)
            except Exception:  # noqa: BLE001 - a missing source file costs the link, never the answer
                paragraph = None
            if paragraph is not None:
                href = reader_href(citation.source_id, paragraph.loc, citation.start, citation.end,
                                   quoted_spans(answer, citation))
                editorial = paragraph.inferred
        targets[citation.n] = MarkerTarget(card_anchor(turn_key, citation.n), href, editorial)
    return targets


def render_answer_text(text: str, citations: list[Citation], targets: dict[int, MarkerTarget],
                       refusal: bool = False, reason: str = "") -> None:
    """The answer with clickable markers; a refusal in its own distinct box, headed "Not in the documents", or
    "English only" when the question's language was the reason (`reason`, Answer.refusal)."""
    note = wording.EDITORIAL_NUMBER.format(locator="this number")
    if refusal:
        lead = f'<span class="eaeu-refusal-heading">{html.escape(refusal_heading(reason))}.</span> '
        css = "eaeu-answer eaeu-refusal" + (" eaeu-language" if reason == LANGUAGE_REFUSAL else "")
        st.markdown(answer_html(text, citations, targets, note, css=css, lead_html=lead), unsafe_allow_html=True)
    else:
        st.markdown(answer_html(text, citations, targets, note), unsafe_allow_html=True)


def render_cards(citations: list[Citation], targets: dict[int, MarkerTarget], chunks: list[Chunk],
                 answer: str = "") -> None:
    # Its own class: it sat flush under the answer's last line and read as part of the answer (style.CSS).
    st.markdown(f'<div class="eaeu-sources-heading"><b>{html.escape(wording.SOURCES_HEADING)}</b> — '
                f'{html.escape(wording.SOURCES_NOTE)}</div>', unsafe_allow_html=True)
    for citation in citations:
        render_card(citation, targets[citation.n], chunks, quoted_spans(answer, citation))


def render_card(citation: Citation, target: MarkerTarget, chunks: list[Chunk], spans: list[Span] | None = None) -> None:
    """A source card: the passage with the quoted words marked (`spans`: the pieces the answer quotes)."""
    with st.container(border=True):
        badges = badges_html(citation, target.editorial, wording.EDITORIAL_NUMBER.format(locator=citation.locator))
        st.markdown(f'<div id="{target.card_anchor}" class="eaeu-card-title"><b>[{citation.n}] '
                    f'{html.escape(citation.label)}</b>{badges}</div>', unsafe_allow_html=True)
        st.markdown(citation_passage_html(citation, spans), unsafe_allow_html=True)
        links = []
        if target.reader_href:
            links.append(f'<a href="{html.escape(target.reader_href)}" target="_blank">{wording.READ_IN_READER}</a>')
        if citation.url:
            links.append(f'<a href="{html.escape(citation.url)}" target="_blank">{wording.SOURCE_FILE}</a>')
        line = html.escape(source_line(citation)) + "".join(f" · {link}" for link in links)
        st.caption(f'<div class="eaeu-source">{line}</div>', unsafe_allow_html=True)
        label = context_label(citation, chunks)
        if label:
            with st.expander(f"Read {escape_markdown(label)}", icon=":material/menu_book:"):
                st.markdown(context_html(citation, chunks, spans), unsafe_allow_html=True)
