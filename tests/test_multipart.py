"""Multi-part questions: parts split generally, per-part rankings fused (eaeu_qa/multipart.py)."""

from eaeu_qa.multipart import answer_parts, fuse, opening_aside, split_parts
from eaeu_qa.records import RetrievedPassage


def test_parts_split_at_question_marks_and_coordinated_questions():
    assert split_parts("Can a country just walk out of the union? how long does leaving take?") == \
        ["Can a country just walk out of the union", "how long does leaving take?"]
    assert split_parts("Which outcome is most probable, and what might Russia offer?") == \
        ["Which outcome is most probable", "what might Russia offer?"]
    assert split_parts("do i need work permit? i am from kyrgyzstan") == \
        ["do i need work permit", "i am from kyrgyzstan"]
    assert split_parts("What do workers and their families get?") == []
    assert split_parts("Really? Yes.") == []  # pieces under three words are not parts


def test_composition_covers_each_question_joined_by_and_without_a_comma():
    # s19: retrieval searches these whole (split_parts), composition covers each question on its own
    assert split_parts("Who heads the Commission and where does the Court sit?") == []
    assert answer_parts("Who heads the Commission and where does the Court sit?") == \
        ["Who heads the Commission", "where does the Court sit?"]
    assert answer_parts("What does Article 98 guarantee and when did the Treaty enter into force?") == \
        ["What does Article 98 guarantee", "when did the Treaty enter into force?"]
    assert answer_parts("Which outcome is most probable, and what might Russia offer?") == \
        split_parts("Which outcome is most probable, and what might Russia offer?")  # as retrieval splits it
    assert answer_parts("Where and when was the accession treaty signed?") == []  # one question
    assert answer_parts("What do workers and their families get?") == []


def _ranking(make_chunk, ids, referenced=()):
    return [RetrievedPassage(rank=r, chunk=make_chunk(f"Text {i}.", paragraph=str(i), start=100 * i), score=0.0,
                             referenced=i in referenced) for r, i in enumerate(ids, 1)]


def test_fusion_brings_each_part_s_best_passage_up_and_keeps_named_provisions_first(make_chunk):
    whole = _ranking(make_chunk, [1, 2, 3, 4, 5], referenced={5})
    part_a = _ranking(make_chunk, [6, 1])
    part_b = _ranking(make_chunk, [7, 2])
    fused = fuse(whole, [part_a, part_b], 1.0, 4, rrf_k=60)
    assert [p.chunk.paragraph for p in fused] == ["5", "1", "2", "6"]
    assert [p.rank for p in fused] == [1, 2, 3, 4]
    assert [p.chunk.paragraph for p in fuse(whole, [part_a, part_b], 0.0, 3, rrf_k=60)] == ["5", "1", "2"]


def test_a_short_opening_piece_is_no_part_but_marks_where_the_question_starts():
    # review s21 R1: "ok," / "right," before ", and <wh-word>" is under MIN_PART_WORDS words: no part to answer on
    # its own, and the question proper starts after the joining word
    for question in ("ok, and how does the court decide?", "right, but who pays for my wife's treatment?"):
        assert answer_parts(question) == []
        rest = question[opening_aside(question):]
        assert rest.split()[0] in {"how", "who"}, rest
    assert opening_aside("Who pays the medical insurance, and can the employer refuse it?") == 0  # both sides parts
    assert opening_aside("What does Article 98 say about family members?") == 0
