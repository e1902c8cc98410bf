"""`eaeu-qa ask`: the real CLI as a subprocess over the session index."""

import json
import subprocess
import sys

import pytest

CITATION_KEYS = {"n", "chunk_id", "source_id", "title", "locator", "quote", "start", "end", "url", "licence"}
RETRIEVED_KEYS = {"rank", "chunk_id", "locator", "text", "score"}


def run_cli(env, *args):
    return subprocess.run([sys.executable, "-m", "eaeu_qa.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def json_answer(cli_env):
    result = run_cli(cli_env, "ask", "Why did Kyrgyzstan go to the EAEU Court instead of negotiating?", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # the whole of stdout is one JSON object


def test_json_schema(json_answer, documents):
    assert {"question", "standalone_question", "own_question", "answer", "answerable", "citations", "retrieved",
            "timings_ms"} <= set(json_answer)
    assert json_answer["answerable"] is True
    assert json_answer["citations"]
    for c in json_answer["citations"]:
        assert CITATION_KEYS <= set(c)
        assert documents[c["source_id"]].text[c["start"]:c["end"]] == c["quote"]
        assert f"[{c['n']}]" in json_answer["answer"]
    assert len(json_answer["retrieved"]) >= 8
    assert all(RETRIEVED_KEYS <= set(r) for r in json_answer["retrieved"])
    assert set(json_answer["timings_ms"]) == {"condense", "retrieve", "answer", "total"}


def test_history_file_rewrites_the_follow_up(cli_env, tmp_path):
    history = tmp_path / "history.json"
    history.write_text(json.dumps(["What social insurance does the EAEU Treaty give migrants' families?"]))
    result = run_cli(cli_env, "ask", "And what about pensions?", "--json", "--history", str(history))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["question"] == "And what about pensions?"
    # a topic of its own: the turn's word leads, the earlier subject (the treaty) is context, the earlier topic
    # ('social insurance') is not carried over
    assert data["standalone_question"] == "What about pensions in the EAEU Treaty?"
    assert any("pension" in c["quote"].lower() for c in data["citations"])


def test_plain_output_lists_numbered_sources_with_quotes(cli_env):
    result = run_cli(cli_env, "ask", "Where is the Court of the EAEU based?")
    assert result.returncode == 0, result.stderr
    assert "Minsk" in result.stdout
    assert "Sources:" in result.stdout
    source_lines = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert source_lines[0].startswith("[1] Art. 19(")
    assert any("Art. 19(3)" in line for line in source_lines)
    assert "\u201cResidence of the Court of the EAEU shall be the city of Minsk" in result.stdout


def test_history_file_of_turns_with_answers_and_citations(cli_env, tmp_path):
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"question": "How are disputes about the accession treaty settled?",
                                    "answer": "They are settled by consultations and negotiations [1].",
                                    "citations": [{"locator": "Art. 112", "source_id": "eaeu_treaty"}]}]))
    result = run_cli(cli_env, "ask", "And what does that article say about the three months?", "--json",
                     "--history", str(history))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "Article 112 of the EAEU Treaty" in data["standalone_question"]
    assert any(c["locator"].startswith("Art. 112") for c in data["citations"])


@pytest.mark.parametrize("history_text", ["not json", '{"a": 1}', "[1, 2]", '[{"answer": "no question"}]'])
def test_bad_history_file_is_a_clear_error(cli_env, tmp_path, history_text):
    history = tmp_path / "history.json"
    history.write_text(history_text)
    result = run_cli(cli_env, "ask", "Where is its seat?", "--history", str(history))
    assert result.returncode == 2
    assert "--history" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_an_unknown_answerer_is_a_clear_error(cli_env):
    """`--answerer` names no answerer: the registry's message (answering.registry.known_answerer), no traceback."""
    result = run_cli(cli_env, "ask", "Where does the Court of the EAEU sit?", "--answerer", "oracle")
    assert result.returncode == 2 and result.stdout == ""
    assert "Unknown answerer 'oracle'; available: extractive, llm" in result.stderr and "Traceback" not in result.stderr


def test_empty_question_is_a_clear_error(cli_env):
    result = run_cli(cli_env, "ask", "  ", "--json")
    assert result.returncode == 2
    assert "Please type a question" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_json_is_the_only_output_on_stdout_even_when_the_index_is_rebuilt(small_env, small_settings, tmp_path):
    """A corrupt index is rebuilt on the way; its progress goes to stderr, stdout holds one JSON object."""
    import shutil

    from eaeu_qa.generations import generation_dir
    from eaeu_qa.index import read_info

    copy = tmp_path / "index"
    shutil.copytree(small_settings.index_dir, copy, ignore=shutil.ignore_patterns(".*"))
    (generation_dir(copy, read_info(copy).generation) / "chroma" / "chroma.sqlite3").write_bytes(b"not a db" * 100)
    result = run_cli(dict(small_env, EAEU_QA_INDEX_DIR=str(copy)), "ask",
                     "Why did Kyrgyzstan take Russia to the EAEU Court?", "--json")
    assert result.returncode == 0, result.stderr
    assert "Rebuilding the index" in result.stderr and "corrupt" in result.stderr
    assert "Index built" in result.stderr
    data, end = json.JSONDecoder().raw_decode(result.stdout)
    assert result.stdout[end:].strip() == ""  # nothing after the one object
    assert data["answerable"] is True and data["citations"]


@pytest.mark.parametrize("question", ["\x01", "\x07\x1b \x7f"])  # argv cannot carry NUL; test_chain covers it
def test_a_question_of_control_characters_is_refused(small_env, question):
    result = run_cli(small_env, "ask", question, "--json")
    assert result.returncode == 2
    assert "only control characters" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


# Runs the CLI as its child and reports the child's peak RSS (KiB) and wall time, as one JSON line.
_MEASURED = ("import json, resource, subprocess, sys, time\n"
             "started = time.perf_counter()\n"
             "result = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "print(json.dumps({'code': result.returncode, 'stdout': result.stdout, 'stderr': result.stderr,\n"
             "                  'seconds': time.perf_counter() - started,\n"
             "                  'peak_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n")


def test_a_50_mb_history_entry_is_refused_quickly_and_in_little_memory(small_env, tmp_path):
    """Issue 11 measured 122 s and 3.7 GB for this; the file is refused before it is read whole."""
    history = tmp_path / "history.json"
    history.write_text(json.dumps(["Why did Kyrgyzstan sue? " + "x" * 50_000_000]), encoding="utf-8")
    probe = subprocess.run([sys.executable, "-c", _MEASURED, sys.executable, "-m", "eaeu_qa.cli", "ask",
                            "And what about pensions?", "--json", "--history", str(history)],
                           env=small_env, capture_output=True, text=True, timeout=600)
    report = json.loads(probe.stdout)
    print(f"50 MB history: exit {report['code']} after {report['seconds']:.1f} s, peak RSS "
          f"{report['peak_kib'] / 1024:.0f} MB")
    assert report["code"] == 2 and report["stdout"] == ""
    assert "--history" in report["stderr"] and "larger than" in report["stderr"]
    assert "Traceback" not in report["stderr"]
    assert report["peak_kib"] < 200 * 1024  # the 50 MB were never loaded (nor the model)

