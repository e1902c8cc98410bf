"""The development set: well-formed, unique ids, enough items, and every gold snippet really in the corpus."""

from __future__ import annotations

from eaeu_qa.evaluation import parse_dataset
from eaeu_qa.settings import PROJECT_ROOT
from eaeu_qa.textrepair import contains_words

FIELDS = {"id", "question", "history", "answerable", "gold_passages", "key_facts"}


def test_every_line_has_exactly_the_documented_fields_with_their_types(dev_items):
    for item in dev_items:
        assert set(item) == FIELDS, item.get("id")
        assert isinstance(item["id"], str) and isinstance(item["question"], str) and item["question"].strip()
        assert isinstance(item["answerable"], bool)
        assert all(isinstance(q, str) and q.strip() for q in item["history"]), item["id"]
        assert all(isinstance(s, str) and s.strip() for s in item["gold_passages"]), item["id"]
        assert all(isinstance(f, list) and f and all(isinstance(p, str) and p for p in f)
                   for f in item["key_facts"]), item["id"]


def test_the_evaluation_parser_accepts_every_line():
    dataset = parse_dataset((PROJECT_ROOT / "eval" / "dev.jsonl").read_bytes())
    assert dataset.problems == []


def test_ids_unique_and_size(dev_items):
    ids = [item["id"] for item in dev_items]
    assert len(ids) == len(set(ids))
    assert len(dev_items) >= 60
    assert sum(not item["answerable"] for item in dev_items) >= 10


def test_answerable_items_have_gold_and_facts_unanswerable_have_neither(dev_items):
    for item in dev_items:
        if item["answerable"]:
            assert item["gold_passages"] and item["key_facts"], item["id"]
        else:
            assert not item["gold_passages"] and not item["key_facts"], item["id"]


def test_every_gold_snippet_is_in_the_corpus(dev_items, documents):
    missing = [(item["id"], snippet) for item in dev_items for snippet in item["gold_passages"]
               if not any(contains_words(doc.text, snippet) for doc in documents.values())]
    assert missing == []


def test_cross_document_items_have_gold_in_two_documents(dev_items, documents):
    for item in dev_items:
        if not item["id"].startswith("x"):
            continue
        sources = {source for snippet in item["gold_passages"] for source, doc in documents.items()
                   if contains_words(doc.text, snippet)}
        assert len(sources) >= 2, item["id"]
