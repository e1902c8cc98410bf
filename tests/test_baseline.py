"""The baseline peer: tutorial splitter offsets, verbatim citations, one Chroma build reused by fingerprint."""

from __future__ import annotations

import dataclasses
import json

import pytest

from eaeu_qa import baseline
from eaeu_qa.chain import InvalidQuestion
from eaeu_qa.index import load_documents


def test_splits_are_verbatim_slices_of_at_most_chunk_size(settings, documents):
    chunks = baseline.split_documents(list(documents.values()))
    assert {c.source_id for c in chunks} == set(documents)
    for chunk in chunks:
        text = documents[chunk.source_id].text
        assert text[chunk.start:chunk.end] == chunk.text and 0 < len(chunk.text) <= baseline.CHUNK_SIZE
        assert chunk.locator == f"chars {chunk.start}-{chunk.end}"


def test_answer_is_the_top_chunk_cited_verbatim_at_its_offsets(baseline_answerer, documents):
    answer = baseline_answerer.ask("Do workers of member States need a work permit?")
    assert answer.answerable and len(answer.citations) == 1 and answer.answer.endswith("[1]")
    citation, top = answer.citations[0], answer.retrieved[0].chunk
    assert citation.n == 1 and citation.chunk_id == top.chunk_id
    assert documents[citation.source_id].text[citation.start:citation.end] == citation.quote
    assert citation.passage[citation.start - citation.passage_start:][:len(citation.quote)] == citation.quote
    assert citation.locator.startswith("chars ")
    assert [p.rank for p in answer.retrieved] == list(range(1, len(answer.retrieved) + 1))
    similarities = [p.dense_similarity for p in answer.retrieved]
    assert similarities == sorted(similarities, reverse=True)
    assert set(answer.timings_ms) == {"condense", "retrieve", "answer", "total"}


def test_retrieves_k_and_ignores_history(baseline_answerer):
    plain = baseline_answerer.ask("Where is the seat of the Court?", k=3)
    with_history = baseline_answerer.ask("Where is the seat of the Court?", history=["Something else?"], k=3)
    assert len(plain.retrieved) == 3
    assert [p.chunk.chunk_id for p in plain.retrieved] == [p.chunk.chunk_id for p in with_history.retrieved]


def test_treaty_citations_carry_licence_and_attribution(baseline_answerer):
    answer = baseline_answerer.ask("Article 98 social security of workers and their family members")
    treaty = [p.chunk for p in answer.retrieved if p.chunk.source_id != "article"]
    assert treaty and all(c.licence and c.attribution for c in treaty)


def test_invalid_question_is_refused_with_a_message(baseline_answerer):
    with pytest.raises(InvalidQuestion, match="type a question"):
        baseline_answerer.ask("   ")


def test_store_is_reused_while_fingerprint_matches_and_rebuilt_when_not(settings, baseline_answerer, tmp_path):
    info = baseline.baseline_dir(settings) / baseline.INFO_FILE
    built = info.stat().st_mtime_ns
    baseline.open_baseline(settings)
    assert info.stat().st_mtime_ns == built  # reused, not rebuilt

    other = dataclasses.replace(settings, index_dir=tmp_path / "index")
    folder = baseline.baseline_dir(other)
    folder.mkdir()
    (folder / baseline.INFO_FILE).write_text(json.dumps({"fingerprint": "stale"}))
    reopened = baseline.open_baseline(other)
    documents = load_documents(other)
    assert json.loads((folder / baseline.INFO_FILE).read_text())["fingerprint"] == reopened.fingerprint
    assert reopened.fingerprint == baseline.baseline_fingerprint(documents, other)
    assert reopened.store._collection.count() == len(baseline.split_documents(documents))
