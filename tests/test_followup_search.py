"""Follow-up retrieval: rankings fused by reciprocal rank (model-free).

Follow-up retrieval: rankings fused by reciprocal rank, the previous answer's neighbourhood, demotion on a
shift of party (model-free: rankings are built by hand)."""

import pytest

from eaeu_qa.followup_search import FollowUpWeights, cited_keys, fuse, place
from eaeu_qa.records import CitedLocator, RetrievedPassage


def _ranking(chunks, referenced=()):
    return [RetrievedPassage(rank=i, chunk=c, score=1.0 / i, referenced=c.chunk_id in referenced)
            for i, c in enumerate(chunks, start=1)]


def _chunks(make_chunk):
    return {name: make_chunk(f"text {name}", article=article, paragraph=paragraph, start=start)
            for name, article, paragraph, start in [("a1", "18", "1", 1), ("a4", "18", "4", 2), ("b", "19", "3", 3),
                                                    ("c", "8", "1", 4), ("d", "12", "2", 5)]}


def _by_key(chunks):
    return {(c.source_id, c.locator): [c] for c in chunks.values()}


def _order(passages):
    return [p.chunk.locator for p in passages]


def test_own_words_ranking_lifts_what_the_turn_newly_asks_for(make_chunk):
    c = _chunks(make_chunk)
    main = _ranking([c["c"], c["d"], c["b"], c["a1"]])
    own = _ranking([c["b"], c["a4"]])
    plain = fuse(main, [], set(), {}, False, 4, 60, FollowUpWeights(own=0, local=0, repeat=1, switch_local=0))
    fused = fuse(main, own, set(), {}, False, 4, 60, FollowUpWeights(own=1, local=0, repeat=1, switch_local=0))
    assert _order(plain) == ["Art. 8(1)", "Art. 12(2)", "Art. 19(3)", "Art. 18(1)"]
    assert _order(fused)[0] == "Art. 19(3)"
    assert [p.rank for p in fused] == [1, 2, 3, 4]


def test_passages_next_to_the_previous_citation_are_lifted(make_chunk):
    c = _chunks(make_chunk)
    main = _ranking([c["c"], c["d"], c["b"], c["a4"]])
    cited = cited_keys([CitedLocator("Art. 18(1)", "eaeu_treaty")])
    fused = fuse(main, [], cited, _by_key(c), False, 4, 60, FollowUpWeights(own=0, local=2, repeat=1, switch_local=0))
    assert _order(fused)[0] == "Art. 18(4)"  # same article as the cited 18(1)
    assert place(c["a4"]) == place(c["a1"]) != place(c["b"])


def test_a_shift_of_party_demotes_what_was_already_cited(make_chunk):
    c = _chunks(make_chunk)
    main = _ranking([c["b"], c["a4"], c["c"]])
    cited = cited_keys([CitedLocator("Art. 19(3)", "eaeu_treaty")])
    weights = FollowUpWeights(own=0, local=0, repeat=0.5, switch_local=0)
    same = fuse(main, [], cited, _by_key(c), False, 3, 60, weights)
    shifted = fuse(main, [], cited, _by_key(c), True, 3, 60, weights)
    assert _order(same)[0] == "Art. 19(3)"
    assert _order(shifted)[0] == "Art. 18(4)" and "Art. 19(3)" in _order(shifted)


def test_passages_named_by_reference_stay_first(make_chunk):
    c = _chunks(make_chunk)
    main = _ranking([c["d"], c["c"]], referenced={c["d"].chunk_id})
    own = _ranking([c["b"], c["c"]])
    fused = fuse(main, own, set(), {}, False, 3, 60, FollowUpWeights(own=5, local=0, repeat=1, switch_local=0))
    assert _order(fused)[0] == "Art. 12(2)" and fused[0].referenced
    assert fused[0].score > fused[1].score


@pytest.mark.parametrize("weight, ranking", [
    ("history", "history"),  # the fourth ranking: the previous question with the turn (what a wrong rewrite lost)
    ("answer", "answered"),  # the fifth: the turn with the previous answer's words (where the conversation is)
])
def test_a_joined_ranking_weighs_nothing_at_zero_and_lifts_its_passages_when_weighed(make_chunk, weight, ranking):
    c = _chunks(make_chunk)
    main = _ranking([c["c"], c["d"], c["b"]])
    joined = {ranking: _ranking([c["b"], c["a4"]])}
    off = FollowUpWeights(own=0, local=0, repeat=1, switch_local=0)
    on = FollowUpWeights(own=0, local=0, repeat=1, switch_local=0, **{weight: 1})
    assert _order(fuse(main, [], set(), {}, False, 5, 60, off, **joined)) == _order(
        fuse(main, [], set(), {}, False, 5, 60, off)) == ["Art. 8(1)", "Art. 12(2)", "Art. 19(3)"]
    lifted = fuse(main, [], set(), {}, False, 4, 60, on, **joined)
    assert _order(lifted)[:2] == ["Art. 19(3)", "Art. 8(1)"] and "Art. 18(4)" in _order(lifted)  # 19(3) is in both


def test_the_previous_answers_cited_passages_are_a_sixth_ranking_that_weighs_nothing_at_zero(make_chunk):
    c = _chunks(make_chunk)
    main = _ranking([c["c"], c["d"], c["b"], c["a4"]])
    cited = cited_keys([CitedLocator("Art. 12(2)", "eaeu_treaty"), CitedLocator("Art. 18(1)", "eaeu_treaty")])
    off = FollowUpWeights(own=0, local=0, repeat=1, switch_local=0)
    on = FollowUpWeights(own=0, local=0, repeat=1, switch_local=0, cited=1)
    assert _order(fuse(main, [], cited, _by_key(c), False, 5, 60, off)) == [
        "Art. 8(1)", "Art. 12(2)", "Art. 19(3)", "Art. 18(4)"]
    lifted = fuse(main, [], cited, _by_key(c), False, 5, 60, on)
    # the cited 12(2) first (found second by the search, first among the cited: 1/62 + 1/61); the cited 18(1) that no
    # ranking found joins second in the cited ranking (1/62), above 19(3) (1/63); the others keep their order
    assert _order(lifted) == ["Art. 12(2)", "Art. 8(1)", "Art. 18(1)", "Art. 19(3)", "Art. 18(4)"]


def test_the_previous_answers_words_are_searched_without_its_provision_references(make_chunk):
    """Ranking 5 searched "Article 12(2) of the EAEU Treaty provides ...": the retriever's promotion pinned the
    passage the answer had cited at the top of the fifth ranking (review s16 B3)."""
    from eaeu_qa.references import parse_references, without_references

    chunks = [make_chunk("Article 12 text", start=0)]
    answer = ("Article 12(2) of the EAEU Treaty provides that ... Under paragraph 3 of Article 98, Articles 97 to 99 "
              "and Annex 30, Art. 8 (1) and Article 98's paragraph 4, the Court hears disputes.")
    assert parse_references(answer, chunks)
    stripped = without_references(answer)
    assert parse_references(stripped, chunks) == []
    assert "of the EAEU Treaty provides that" in stripped and stripped.endswith("the Court hears disputes.")
    assert without_references("When did Kyrgyzstan join the Union?") == "When did Kyrgyzstan join the Union?"


# --- real components: the model, a Chroma index in a temp folder, the service's chain ------------------

def test_a_follow_up_through_the_service_moves_to_the_subject_the_previous_answer_named(settings, index_handle,
                                                                                        tmp_path):
    import dataclasses

    from eaeu_qa.service import QAService

    service = QAService(dataclasses.replace(settings, data_dir=tmp_path / "data"))
    opening = "Which EAEU body is made up of the heads of government?"
    first = service.ask(opening)
    assert "Art. 14, para. 1" in {c.locator for c in first.citations}  # '... Intergovernmental Council ...'
    follow_up = service.ask("How often does it have to meet?", history=[opening])
    assert follow_up.standalone_question == "How often does the Intergovernmental Council have to meet?"
    cited = {c.locator for c in follow_up.citations}
    assert "Art. 15(1)" in cited  # 'Meetings of the Intergovernmental Council shall be held ... two times a year'
    assert "Art. 14, para. 1" not in cited
    assert any("two times a year" in c.quote for c in follow_up.citations)


def test_the_chain_searches_the_turn_with_the_previous_answer_only_when_its_weight_is_set(chain_with):
    from eaeu_qa.condensing.phrasing import unmarked
    from eaeu_qa.references import without_references

    opening = "Which EAEU body is made up of the heads of government?"
    turn = "How often does it have to meet?"
    searched = {}
    for weight in (0.0, 1.0):
        chain = chain_with(followup_answer=weight)
        first = chain.ask(opening)
        queries: list[str] = []
        search = chain.retriever._search
        object.__setattr__(chain.retriever, "_search", lambda query, k: queries.append(query) or search(query, k))
        answer = chain.ask(turn, history=[opening])  # the opening is answered again (replayed): first.answer
        searched[weight] = queries
        assert answer.retrieved
    evidence = f"{turn} {without_references(unmarked(first.answer))}"
    assert evidence not in searched[0.0]
    assert evidence in searched[1.0] and "[1]" not in evidence and "Intergovernmental Council" in evidence


def test_the_chain_lifts_the_previous_answers_cited_passage_by_its_weight(chain_with):
    """Ranking 6 through the real chain: with a weight, the passage the opening answer cited moves up the follow-up's
    retrieved list; at zero the follow-up retrieves as without it."""
    opening = "Which EAEU body is made up of the heads of government?"
    turn = "How often does it have to meet?"
    ranks = {}
    for weight in (0.0, 4.0):
        chain = chain_with(followup_cited=weight)
        first = chain.ask(opening)
        assert "Art. 14, para. 1" in {c.locator for c in first.citations}
        follow_up = chain.ask(turn, history=[opening])
        ranks[weight] = next((p.rank for p in follow_up.retrieved if p.chunk.locator == "Art. 14, para. 1"), 99)
    assert ranks[4.0] == 1 < ranks[0.0]
