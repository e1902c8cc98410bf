"""The verifier, pinned exactly: scripted outputs from the OpenAI-compatible test double on 127.0.0.1.

The real-model path (llama.cpp server with SmolLM2) is in test_llm_server.py; this file fixes what the
verifier does with known good, hallucinated, wrongly numbered, malformed and truncated outputs.
"""

from __future__ import annotations

import dataclasses

import pytest

from eaeu_qa.answering import AnswerRequest, ExtractiveAnswerer
from eaeu_qa.llm import prompts as P
from eaeu_qa.llm.answerer import LLM_PASSAGES, LLMAnswerer
from eaeu_qa.llm.verify import LEXICAL_MIN, content_stems, split_claims, verify
from eaeu_qa.textrepair import fold_whitespace, split_sentences
from llm_double import Script

QUESTION = "How are disputes between EAEU member States settled and where does the Court sit?"


@pytest.fixture(scope="module")
def request_(retriever) -> AnswerRequest:
    passages = retriever.search(QUESTION, k=8)
    return AnswerRequest(question=QUESTION, standalone=QUESTION, passages=passages)


@pytest.fixture(scope="module")
def given(request_):
    """The passages the model is shown, numbered 1..LLM_PASSAGES."""
    return request_.passages[:LLM_PASSAGES]


@pytest.fixture
def answerer(settings, retriever, llm_double):
    llm_settings = dataclasses.replace(settings, answerer="llm", llm_base_url=llm_double.base_url,
                                       llm_model="double", llm_timeout_s=10.0)
    return LLMAnswerer(llm_settings, retriever.chunks)


def claim_from(passage) -> str:
    """The longest sentence of the passage, verbatim, without its final full stop."""
    text = passage.chunk.text
    spans = [(s, e) for s, e in split_sentences(text) if len(text[s:e].split()) >= 6] or [(0, len(text))]
    s, e = max(spans, key=lambda span: span[1] - span[0])
    return fold_whitespace(text[s:e]).rstrip(" .;:,")


def run(answerer, llm_double, request_, text: str, **script):
    llm_double.script = Script(text=text, **script)
    items = list(answerer.stream(request_))
    *pieces, composed = items
    return "".join(pieces), composed


def test_good_output_is_kept_with_renumbered_citations_that_quote_the_supporting_sentence(
        answerer, llm_double, request_, given):
    first, third = claim_from(given[0]), claim_from(given[2])
    streamed, composed = run(answerer, llm_double, request_, f"{first} [1]. {third} [3].")
    assert streamed == f"{first} [1]. {third} [3]."  # the tokens arrive as the model sends them
    assert composed.answerer == "llm" and composed.answerable and composed.note == ""
    assert composed.text == f"{first} [1]. {third} [2]."
    assert [c.chunk_id for c in composed.citations] == [given[0].chunk.chunk_id, given[2].chunk.chunk_id]
    assert fold_whitespace(composed.citations[0].quote).rstrip(" .;:,") == first
    v = composed.verification
    assert [s.verdict for s in v.sentences] == ["supported", "supported"]
    assert (v.checked, v.supported, v.fallback) == (2, 2, "")
    assert all(s.lexical == 1.0 and s.similarity > 0.95 for s in v.sentences)


def test_the_prompt_numbers_the_passages_and_states_the_refusal_sentence(answerer, llm_double, request_, given):
    run(answerer, llm_double, request_, f"{claim_from(given[0])} [1].")
    body = llm_double.requests[-1]
    assert body["stream"] is True and body["model"] == "double" and body["temperature"] == 0
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    assert P.REFUSAL_SENTENCE in system
    for n, passage in enumerate(given, start=1):
        assert f"[{n}] {passage.chunk.label}:" in user
    assert f"[{len(given) + 1}]" not in user
    assert QUESTION in user


def test_a_hallucinated_sentence_is_removed_and_the_note_says_so(answerer, llm_double, request_, given):
    first = claim_from(given[0])
    invented = "The Court ordered Russia to pay 750 million roubles to every migrant family in 2031"
    _, composed = run(answerer, llm_double, request_, f"{first} [1]. {invented} [1].")
    assert composed.text == f"{first} [1]."
    assert composed.note == P.NOTE_REMOVED.format(removed=1, total=2)
    check = composed.verification.sentences[1]
    assert check.verdict == "unsupported" and check.supported == [] and check.cited == [1]
    assert check.lexical < LEXICAL_MIN


def test_only_hallucination_falls_back_to_the_extractive_answer(answerer, llm_double, request_, settings, retriever):
    text = "Bananas ripen faster on the moon during the winter months [1]. Penguins vote in every election [2]."
    _, composed = run(answerer, llm_double, request_, text)
    extractive = ExtractiveAnswerer(settings, retriever.chunks).answer(request_)
    assert composed.answerer == "extractive"
    assert composed.text == extractive.text
    assert composed.note.startswith(P.NOTE_UNSUPPORTED)
    assert composed.verification.fallback == P.NOTE_UNSUPPORTED
    assert [s.verdict for s in composed.verification.sentences] == ["unsupported", "unsupported"]


def _overlap(claim: str, passage) -> float:
    stems = content_stems(claim)
    return len(stems & content_stems(passage.chunk.text)) / len(stems)


def test_wrong_numbers_are_checked_against_the_passage_they_name(answerer, llm_double, request_, given):
    first = claim_from(given[0])
    # The other passage's sentence that passage 1 covers least: citing [1] for it is the wrong number.
    j = min(range(1, len(given)), key=lambda i: _overlap(claim_from(given[i]), given[0]))
    other, third = claim_from(given[j]), claim_from(given[1 if j != 1 else 2])
    assert _overlap(other, given[0]) < LEXICAL_MIN
    _, composed = run(answerer, llm_double, request_, f"{first} [1]. {other} [1][{j + 1}]. {third} [9].")
    checks = composed.verification.sentences
    assert [c.verdict for c in checks] == ["supported", "supported", "uncited"]
    assert checks[1].cited == [1, j + 1] and checks[1].supported == [j + 1]
    assert checks[2].dropped == [9] and checks[2].supported == []
    assert composed.text == f"{first} [1]. {other} [2]."
    assert [c.chunk_id for c in composed.citations] == [given[0].chunk.chunk_id, given[j].chunk.chunk_id]
    assert composed.note == P.NOTE_REMOVED.format(removed=1, total=3)


@pytest.mark.parametrize("template", [
    "{first}.",  # no marker at all
    "{first} (1).",  # parentheses instead of brackets
    "{first} [source one].",  # a marker without a number
    '{{"answer": "{first}", "source": 1}}',  # JSON instead of prose
])
def test_malformed_citations_support_nothing_and_fall_back(answerer, llm_double, request_, given, template):
    _, composed = run(answerer, llm_double, request_, template.format(first=claim_from(given[0])))
    assert composed.answerer == "extractive"
    assert composed.verification.fallback == P.NOTE_UNSUPPORTED
    assert all(s.verdict == "uncited" for s in composed.verification.sentences)


def test_marker_variants_the_model_may_write_are_understood(answerer, llm_double, request_, given):
    first, second = claim_from(given[0]), claim_from(given[1])
    _, composed = run(answerer, llm_double, request_, f"{first}. [1] {second} [ 2 ].")
    assert [s.supported for s in composed.verification.sentences] == [[1], [2]]
    assert composed.text == f"{first} [1]. {second} [2]."


def test_truncated_output_keeps_the_complete_supported_sentences(answerer, llm_double, request_, given):
    first, second = claim_from(given[0]), claim_from(given[1])
    cut = second[: len(second) // 2]
    _, composed = run(answerer, llm_double, request_, f"{first} [1]. {cut}", finish_reason="length")
    assert composed.text == f"{first} [1]."
    assert [s.verdict for s in composed.verification.sentences] == ["supported", "uncited"]


def test_a_connection_cut_mid_answer_is_verified_like_a_truncated_output(answerer, llm_double, request_, given):
    first, second = claim_from(given[0]), claim_from(given[1])
    text = f"{first} [1]. {second} and so on, for a while longer than the first sentence was [2]. " + "x" * len(first)
    streamed, composed = run(answerer, llm_double, request_, text, mode="cut")
    assert len(streamed) < len(text)  # the server died half-way
    assert composed.answerer == "llm" and composed.text == f"{first} [1]."


def test_the_fixed_refusal_sentence_is_a_refusal(answerer, llm_double, request_):
    _, composed = run(answerer, llm_double, request_, P.REFUSAL_SENTENCE)
    assert not composed.answerable and composed.answerer == "llm"
    assert composed.text == P.REFUSAL_SENTENCE and composed.citations == []
    assert composed.verification.refused and composed.verification.checked == 0


def test_a_changed_number_fails_even_with_the_passage_words(given, settings):
    """Lexical overlap and embedding similarity stay high; the number check catches the wrong figure."""
    passage = next((p for p in given if any(ch.isdigit() for ch in claim_from(p))), None)
    assert passage is not None, "the question's passages should state a number"
    claim = claim_from(passage)
    digits = [w for w in claim.split() if any(ch.isdigit() for ch in w)] or ["1"]
    wrong = claim.replace(digits[0], "987654", 1) if digits[0] in claim else claim + " in 987654"
    result = verify(f"{wrong} [1].", [passage], settings.embedding)
    assert result.sentences[0].verdict == "unsupported"
    assert verify(f"{claim} [1].", [passage], settings.embedding).sentences[0].verdict == "supported"


def test_split_claims_reads_marker_groups():
    claims = split_claims("One claim here [1][2]. Another one [3, 4]. Third. [5] Last words")
    assert [c.cited for c in claims] == [(1, 2), (3, 4), (5,), ()]
    assert [c.text for c in claims] == ["One claim here.", "Another one.", "Third.", "Last words"]
