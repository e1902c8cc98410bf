"""The LLM answerer against a real llama-cpp-python server (SmolLM2-135M-Instruct GGUF) on 127.0.0.1.

A 135M model writes poor answers; what is tested is that verification catches them: every citation
that survives points to a passage that supports its sentence, judged by an independent lexical test.
"""

from __future__ import annotations

import dataclasses

import pytest

from eaeu_qa.chain import QAChain
from eaeu_qa.evaluation import supported_sentences, supports
from eaeu_qa.llm.answerer import LLM_PASSAGES
from eaeu_qa.llm.local import MODEL_ALIAS

QUESTIONS = 2  # answerable dev questions from different groups (the 135M model is slow on a busy machine)


@pytest.fixture(scope="module")
def llm_chain(settings, retriever, llama_server) -> QAChain:
    llm_settings = dataclasses.replace(settings, answerer="llm", llm_base_url=llama_server, llm_model=MODEL_ALIAS,
                                       llm_timeout_s=240.0, llm_max_tokens=96)
    return QAChain(llm_settings, retriever)


@pytest.fixture(scope="module")
def questions(dev_items) -> list[dict]:
    chosen, groups = [], set()
    for item in dev_items:
        group = "".join(ch for ch in item["id"] if ch.isalpha())
        if item["answerable"] and not item["history"] and group not in groups:
            chosen.append(item)
            groups.add(group)
    return chosen[:QUESTIONS]


def test_every_surviving_citation_supports_its_sentence(llm_chain, questions):
    generated = supported = 0
    for item in questions:
        answer = llm_chain.ask(item["question"])
        v = answer.verification
        assert v is not None, item["id"]
        if v.fallback and not v.sentences:
            pytest.fail(f"{item['id']}: the local server failed: {v.fallback}")
        generated += v.checked
        supported += v.supported
        given = [p.chunk.chunk_id for p in answer.retrieved[:LLM_PASSAGES]]
        if answer.answerer == "extractive":  # nothing survived: the fallback says so
            assert answer.note.startswith("None of the language model's sentences"), item["id"]
            continue
        assert answer.answerer == "llm"
        if v.refused:  # the fixed refusal sentence: nothing cited, nothing to check
            assert not answer.citations and not answer.answerable, item["id"]
            continue
        for citation in answer.citations:
            assert citation.chunk_id in given, (item["id"], citation.chunk_id)
        shown = answer.answer
        for check in v.sentences:
            if check.verdict != "supported":
                assert check.text.rstrip(".") not in shown, (item["id"], check.text)
                continue
            for n in check.supported:
                passage = answer.retrieved[n - 1].chunk
                assert supports(check.text, f"{passage.label} {passage.context} {passage.text}"), \
                    (item["id"], check.text, passage.locator)
        assert supported_sentences(answer.to_dict()) == v.supported_share
    assert generated > 0  # the model did write sentences for the verifier to judge
