"""Property-based tests (hypothesis): loaders, chunker and citation offsets hold for any text, not just ours."""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings as hyp_settings, strategies as st

from eaeu_qa.chain import InvalidQuestion
from eaeu_qa.chunking import chunk_document
from eaeu_qa.loaders import _is_heading, load_plain_text, load_treaty
from eaeu_qa.records import SourceSpec
from eaeu_qa.textrepair import split_sentences
from eaeu_qa.uploads import decode_text, reflow

SPEC = SourceSpec(id="upload-test", title="Test text", short_title="Test", kind="upload", file="t.txt",
                  sha256="0" * 64, shipped=False, licence="test")
TREATY = SourceSpec(id="treaty-test", title="Test treaty", short_title="Treaty", kind="treaty", file="t.xml",
                    sha256="0" * 64, shipped=False, licence="test")

# Any text at all (no lone surrogates, which cannot be written), and text shaped like documents:
# lines of words and punctuation, blank lines, headings, numbered paragraphs, very long sentences.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=3000)
WORD = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x4FF), min_size=1, max_size=12)
SENTENCE = st.builds(lambda words, end: " ".join(words) + end, st.lists(WORD, min_size=1, max_size=60),
                     st.sampled_from([".", "!", "?", ";", ":", "", " etc.", " Art."]))
LINE = st.one_of(SENTENCE, st.builds(lambda n, s: f"{n}. {s}", st.integers(1, 30), SENTENCE),
                 st.builds(lambda s: "# " + s, SENTENCE), st.just(""), st.just("   "))
DOC_TEXT = st.builds("\n".join, st.lists(st.builds(" ".join, st.lists(LINE, min_size=1, max_size=25)),
                                          max_size=40))
TEXTS = st.one_of(ANY_TEXT, DOC_TEXT)
PROPERTY = hyp_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _kept_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line the loader must keep: not blank, not a heading, not page furniture."""
    spans, offset = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        start = offset + len(line) - len(line.lstrip())
        offset += len(line)
        if stripped and not _is_heading(stripped) and not re.match(r"^(Photo:.*|Share on social media)$", stripped):
            spans.append((start, start + len(stripped)))
    return spans


def _covered(spans: list[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _check_chunks(document) -> None:
    chunks = chunk_document(document, max_chars=300)
    text = document.text
    for chunk in chunks:
        assert text[chunk.start:chunk.end] == chunk.text  # offsets point at the chunk's own text
        assert chunk.text.strip() == chunk.text and chunk.text
    for before, after in zip(chunks, chunks[1:]):
        assert before.end <= after.start  # in order, never overlapping
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    # No loss: every non-space character of every segment is inside a chunk.
    covered = _covered([(c.start, c.end) for c in chunks])
    for segment in document.segments:
        missing = [i for i in range(segment.start, segment.end) if not text[i].isspace() and i not in covered]
        assert missing == [], (segment, missing[:5])


@PROPERTY
@given(TEXTS)
def test_plain_text_loader_keeps_every_paragraph_at_its_offsets(text):
    document = load_plain_text(SPEC, text)
    assert document.text == text
    for segment in document.segments:
        assert text[segment.start:segment.end] == segment.text
    assert [(s.start, s.end) for s in document.segments] == _kept_lines(text)


@PROPERTY
@given(TEXTS)
def test_chunks_cover_plain_text_without_loss(text):
    _check_chunks(load_plain_text(SPEC, text))


@PROPERTY
@given(TEXTS)
def test_uploaded_text_keeps_every_word(text):
    """reflow joins wrapped lines: each word of the upload survives, in order."""
    flowed = reflow(text)
    assert flowed.split() == text.replace("\r", "\n").split() or _only_whitespace_differs(text, flowed)
    _check_chunks(load_plain_text(SPEC, flowed, first_section="Text"))


def _only_whitespace_differs(a: str, b: str) -> bool:
    # str.split() and reflow's line splitting disagree only on exotic separators (\x1c, \u2028, ...).
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


@PROPERTY
@given(TEXTS)
def test_sentence_spans_lose_no_characters(text):
    spans = split_sentences(text)
    covered = _covered(spans)
    assert all(text[s:e].strip() == text[s:e] for s, e in spans)
    assert [i for i, ch in enumerate(text) if not ch.isspace() and i not in covered] == []


@PROPERTY
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=400),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_text_decodes_to_itself(text, encoding):
    assert decode_text(text.encode(encoding)) == text


@PROPERTY
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc"), max_codepoint=0xFF), min_size=1, max_size=400),
       st.sampled_from(["utf-16-le", "utf-16-be"]))  # Latin-1 bytes can also be valid UTF-8 (b"\xc2\xa0")
def test_western_text_without_a_byte_order_mark_decodes_to_itself(text, encoding):
    """Without a BOM, UTF-16 is told apart by its zero bytes, which Latin-script text has in every other byte."""
    data = text.encode(encoding)
    # Latin-1 bytes that also form valid UTF-8 ('\xc2\xa0' is both 'Â\xa0' and a no-break space) are
    # ambiguous by nature; UTF-8 wins there, so the property only holds for the rest.
    if encoding == "latin-1":
        try:
            data.decode("utf-8")
            assume(False)
        except UnicodeDecodeError:
            pass
    assert decode_text(data) == text


ARTICLE_TEXT = st.builds("\n\n".join, st.lists(st.one_of(SENTENCE, st.builds(lambda n, s: f"{n}. {s}",
                                                                              st.integers(1, 9), SENTENCE)),
                                               min_size=1, max_size=8))


@hyp_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(st.just(""), st.integers(1, 200).map(str)), ARTICLE_TEXT), min_size=1,
                max_size=6))
def test_treaty_loader_and_chunker_keep_every_article_paragraph(articles):
    root = ET.Element("treaty")
    chapter = ET.SubElement(ET.SubElement(root, "body"), "chapter", number="Section I", name="General")
    for number, text in articles:
        ET.SubElement(chapter, "article", number=f"Article {number}" if number else "", name="Name").text = text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.xml"
        ET.ElementTree(root).write(path, encoding="utf-8")
        document = load_treaty(TREATY, path)
    for segment in document.segments:
        assert document.text[segment.start:segment.end] == segment.text
    kept = "".join(s.text for s in document.segments)
    assert re.sub(r"\s+", "", kept) == re.sub(r"\s+", "", "".join(text for _n, text in articles))
    _check_chunks(document)


QUESTION_WORDS = ["court", "Kyrgyzstan", "Russia", "medical", "insurance", "care", "Article", "98", "97", "workers",
                  "family", "members", "pensions", "treaty", "Minsk", "accession", "customs", "judges", "what", "why",
                  "does", "say", "about", "the", "of", "annex", "social", "security", "EAEU", "migrants", "?"]


@hyp_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(QUESTION_WORDS), min_size=1, max_size=14).map(" ".join))
def test_every_quote_is_found_at_its_offsets(qa_chain, documents, question):
    """Whatever is asked, each citation's quote and passage are the source text at their offsets (a question of
    only '?' has no words: it gets a message instead)."""
    if not any(ch.isalnum() for ch in question):
        with pytest.raises(InvalidQuestion, match="no words"):
            qa_chain.ask(question)
        return
    answer = qa_chain.ask(question)
    for citation in answer.citations:
        text = documents[citation.source_id].text
        assert text[citation.start:citation.end] == citation.quote
        assert text[citation.passage_start:citation.passage_start + len(citation.passage)] == citation.passage
        assert f"[{citation.n}]" in answer.answer
