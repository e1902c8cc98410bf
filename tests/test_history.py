"""Chat history input: strings or {question, answer?, citations?}, checked against the settings' limits."""

import json
from dataclasses import replace

import pytest

from eaeu_qa.history import InvalidHistory, parse_history, read_history_file
from eaeu_qa.records import Citation, CitedLocator, HistoryTurn
from eaeu_qa.settings import Settings

SETTINGS = Settings()


def test_strings_become_turns_without_answers():
    turns = parse_history(["  Where is the Court based? ", "", "And who sits on it?"], SETTINGS)
    assert turns == [HistoryTurn("Where is the Court based?"), HistoryTurn("And who sits on it?")]
    assert all(t.answer is None for t in turns)


def test_objects_carry_answers_and_cited_locators():
    citation = Citation(n=1, chunk_id="c", source_id="eaeu_treaty", title="T", short_title="EAEU Treaty",
                        locator="Art. 19(3)", quote="q", start=0, end=1, passage="q", passage_start=0)
    turns = parse_history([
        {"question": "Which court?", "answer": "The Court of the EAEU [1].",
         "citations": [{"locator": "Art. 19(3)", "source_id": "eaeu_treaty", "quote": "..."}, "Art. 112"]},
        HistoryTurn("Where?", answer="Minsk."),
        type("SavedTurn", (), {"question": "Since when?", "answer": "", "citations": [citation],
                               "standalone_question": "Since when is the Court in Minsk?"})(),
    ], SETTINGS)
    assert turns[0].answer == "The Court of the EAEU [1]."
    assert turns[0].citations == (CitedLocator("Art. 19(3)", "eaeu_treaty"), CitedLocator("Art. 112"))
    assert turns[1].answer == "Minsk."
    assert turns[2].citations == (CitedLocator("Art. 19(3)", "eaeu_treaty"),)
    assert turns[2].standalone == "Since when is the Court in Minsk?"


@pytest.mark.parametrize("entries, message", [
    ("just a string", "JSON list"),
    ({"question": "q"}, "JSON list"),
    ([1, 2], "Entry 1"),
    ([{"answer": "no question"}], "needs a \"question\""),
    ([{"question": "q", "answer": 3}], "\"answer\" must be a string"),
    ([{"question": "q", "citations": "Art. 1"}], "must be a list"),
    ([{"question": "q", "citations": [{"quote": "no locator"}]}], "locator"),
])
def test_wrong_shapes_get_a_clear_message(entries, message):
    with pytest.raises(InvalidHistory, match=message):
        parse_history(entries, SETTINGS)


def test_limits_on_turns_question_length_and_total_size():
    small = replace(SETTINGS, max_history_turns=2, max_history_chars=100, max_question_chars=30)
    assert len(parse_history(["q1?", "q2?"], small)) == 2
    with pytest.raises(InvalidHistory, match="3 earlier turns; at most 2"):
        parse_history(["q1?", "q2?", "q3?"], small)
    with pytest.raises(InvalidHistory, match="Earlier question 1 is 40 characters"):
        parse_history(["x" * 40], small)
    with pytest.raises(InvalidHistory, match="at most 100 are accepted"):
        parse_history([{"question": "q?", "answer": "a" * 120}], small)


def test_history_file_accepts_both_formats(tmp_path):
    path = tmp_path / "h.json"
    path.write_text(json.dumps(["Where is the Court based?", {"question": "Who?", "answer": "Judges."}]))
    turns = read_history_file(path, SETTINGS)
    assert [t.question for t in turns] == ["Where is the Court based?", "Who?"] and turns[1].answer == "Judges."


@pytest.mark.parametrize("content, message", [
    (b"not json", "not valid JSON"), (b'{"a": 1}', "expected a JSON list"), (b"\xff\xfe", "not UTF-8"),
    (b'[1]', "Entry 1")])
def test_bad_history_files_name_the_file(tmp_path, content, message):
    path = tmp_path / "h.json"
    path.write_bytes(content)
    with pytest.raises(InvalidHistory, match=message) as raised:
        read_history_file(path, SETTINGS)
    assert str(path) in str(raised.value)


def test_oversized_history_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(["x" * 10_000]))
    with pytest.raises(InvalidHistory, match="larger than"):
        read_history_file(path, replace(SETTINGS, max_history_chars=100))
    with pytest.raises(InvalidHistory, match="cannot read"):
        read_history_file(tmp_path / "missing.json", SETTINGS)


def test_a_live_chat_keeps_its_most_recent_turns_within_the_limits():
    small = replace(SETTINGS, max_history_turns=2, max_history_chars=50)
    turns = parse_history(["q1?", "q2?", "q3?"], small, keep_recent=True)
    assert [t.question for t in turns] == ["q2?", "q3?"]
    turns = parse_history([{"question": "q1?", "answer": "a" * 40}, {"question": "q2?", "answer": "b" * 40}],
                          small, keep_recent=True)
    assert [t.question for t in turns] == ["q2?"]
    with pytest.raises(InvalidHistory, match="Earlier question 1"):  # an over-long question is still an error
        parse_history(["x" * 3000], small, keep_recent=True)


def test_a_turn_keeps_its_own_question_and_older_histories_load_without_it():
    turns = parse_history([
        {"question": "Russia does that too?", "answer": "Yes [1].",
         "standalone_question": "As for pensions, Russia does that too?", "own_question": "Russia does that too?"},
        {"question": "And Kazakhstan?", "answer": "No.", "standalone_question": "Does Kazakhstan do that too?"},
    ], SETTINGS)
    assert turns[0].own_question == "Russia does that too?"
    assert turns[1].own_question == "" and turns[1].standalone == "Does Kazakhstan do that too?"


def test_a_refusal_of_either_answerer_is_recognised_as_one():
    """The LLM answerer's refusal sentence and the app's text for a turn without answer are the extractive answerer's
    refusal (answering/wording.WEAK_EVIDENCE), so history.refused recognises an earlier refused turn from either."""
    from eaeu_qa.history import refused
    from eaeu_qa.llm import prompts
    from eaeu_qa.ui import wording as ui_wording

    assert refused(prompts.REFUSAL_SENTENCE) and refused(ui_wording.NO_ANSWER_TEXT)
    assert refused(f"{prompts.REFUSAL_SENTENCE} The closest passage is: ...")
    assert not refused("Article 98(3) of the EAEU Treaty provides that ...")
