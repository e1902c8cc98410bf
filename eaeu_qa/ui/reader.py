"""The Documents page: one document at a time, a table of contents, search, and highlighted deep links."""

from __future__ import annotations

import html

import streamlit as st

from ..reader import MAX_SEARCH_HITS, Paragraph, chapter, contents, find, parse_highlights, search
from ..service import QAService
from ..ui_format import counted, escape_markdown, paragraph_html
from . import wording


def _go(doc: str, loc: str) -> None:
    st.query_params.from_dict({"doc": doc, "loc": loc})
    st.session_state.pop("reader_search", None)


def choose_document(service: QAService) -> str:
    specs = {s.spec.id: s.spec for s in service.sources()}
    requested = st.query_params.get("doc")
    doc = requested if requested in specs else next(iter(specs))
    chosen = st.segmented_control(wording.READER_DOCUMENT, list(specs), default=doc, format_func=lambda i: specs[i].short_title,
                                  key=f"reader-doc-{doc}", label_visibility="collapsed")
    if chosen and chosen != doc:
        _go(chosen, "")
        st.rerun()
    return doc


def render_contents(doc: str, paragraphs: list[Paragraph], current: Paragraph | None) -> None:
    """Sections, each listing its articles (treaties) or its paragraphs' section (the article)."""
    with st.sidebar:
        st.subheader(wording.READER_CONTENTS)
        for section, firsts in contents(paragraphs):
            here = current is not None and current.section == section
            with st.expander(escape_markdown(section), expanded=here):
                for first in firsts:
                    title = f"{first.group} {first.article_name}".strip() if first.article else first.label
                    st.button(escape_markdown(title), key=f"toc-{doc}-{first.loc}", type="tertiary",
                              on_click=_go, args=(doc, first.loc))


def render_search(doc: str, paragraphs: list[Paragraph]) -> None:
    query = st.text_input(wording.READER_SEARCH, key="reader_search", placeholder=wording.READER_SEARCH_EXAMPLE)
    if not query.strip():
        return
    hits = search(paragraphs, query)
    if not hits:
        st.caption(wording.READER_NO_HITS)
        return
    st.caption(wording.READER_HITS_CUT.format(count=len(hits)) if len(hits) >= MAX_SEARCH_HITS
               else wording.READER_HITS.format(paragraphs=counted(len(hits), wording.PARAGRAPHS)))
    for hit in hits:
        snippet = " ".join(hit.text.split())[:140]
        st.button(escape_markdown(f"{hit.label}: {snippet}…"), key=f"hit-{doc}-{hit.loc}", type="tertiary",
                  on_click=_go, args=(doc, hit.loc))


def render_provenance(service: QAService, doc: str) -> None:
    spec = service.documents()[doc].source
    if spec.kind == "treaty":
        st.caption(f'<div class="eaeu-source">{html.escape(spec.attribution)} · <a href="{html.escape(spec.url)}" '
                   f'target="_blank">{wording.SOURCE_FILE}</a></div>', unsafe_allow_html=True)
    else:
        st.caption(escape_markdown(spec.attribution))


def render_chapter(paragraphs: list[Paragraph], loc: str, highlight: list[tuple[int, int]]) -> None:
    """The article (or, for the analysis article, everything) around `loc`, its paragraphs anchored."""
    shown = chapter(paragraphs, loc)
    target = find(paragraphs, loc)
    parts, heading = [], None
    for p in shown:
        group = f"{p.group} {p.article_name}".strip() if p.article else p.section
        if group != heading:
            heading = group
            parts.append(f'<div class="eaeu-article-heading">{html.escape(group)}</div>')
        note = wording.EDITORIAL_NUMBER.format(locator=p.label) if p.inferred else ""
        # Under its heading a paragraph is named by what the heading does not say: the article's paragraphs each
        # repeated their section's title ("Why Bishkek Chose Escalation Over Quiet Diplomacy, para. 1"). Treaty
        # labels ("Art. 98(3)") do not start with their heading and stay whole.
        label = p.label.removeprefix(f"{heading}, ")
        parts.append(paragraph_html(p.loc, label, p.text, start=p.start, highlight=highlight,
                                    target=target is not None and p.loc == target.loc, editorial_note=note))
    st.markdown(f'<div class="eaeu-reader">{"".join(parts)}</div>', unsafe_allow_html=True)
    if target is not None:
        st.html(f"""<script>/* {target.loc} {highlight} */
          setTimeout(() => {{
            const el = document.getElementById({_js(f"p-{target.loc}")});
            if (el) el.scrollIntoView({{block: "center"}});
          }}, 200);</script>""", unsafe_allow_javascript=True)


def _js(value: str) -> str:
    import json

    return json.dumps(value)


def render_neighbours(doc: str, paragraphs: list[Paragraph], loc: str) -> None:
    shown = chapter(paragraphs, loc)
    if not shown:
        return
    first, last = paragraphs.index(shown[0]), paragraphs.index(shown[-1])
    left, right = st.columns(2)
    if first > 0:
        before = paragraphs[first - 1]
        left.button(escape_markdown(f"← {before.group}"), key="reader-prev", on_click=_go, args=(doc, before.loc))
    if last + 1 < len(paragraphs):
        after = paragraphs[last + 1]
        right.button(escape_markdown(f"{after.group} →"), key="reader-next", on_click=_go, args=(doc, after.loc))


def render(service: QAService) -> None:
    st.title(wording.READER_TITLE)
    st.caption(wording.READER_INTRO)
    doc = choose_document(service)
    paragraphs = service.paragraphs(doc)
    loc = st.query_params.get("loc") or ""
    current = find(paragraphs, loc)
    if loc and current is None:
        st.info(escape_markdown(wording.READER_UNKNOWN_PLACE.format(loc=loc)))
    if current is None and paragraphs:
        current, loc = paragraphs[0], paragraphs[0].loc
    render_provenance(service, doc)
    render_search(doc, paragraphs)
    render_contents(doc, paragraphs, current)
    highlight = parse_highlights(st.query_params.get("hl"))
    render_chapter(paragraphs, loc, highlight)
    render_neighbours(doc, paragraphs, loc)
