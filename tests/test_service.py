"""The service facade over the real index, model and chain: what the app, the CLI and the evaluation call."""

from __future__ import annotations

import subprocess
import sys

import pytest

from eaeu_qa.chain import InvalidQuestion
from eaeu_qa.conversations import Conversation, Turn
from eaeu_qa.records import Answer, HistoryTurn
from eaeu_qa.service import QAService, is_workspace_id, new_workspace_id
from eaeu_qa.settings import PROJECT_ROOT

UPLOAD = ("The Zorblat Commission met in Osh on 3 March 2031 to review unpaid insurance claims of returning "
          "migrant families.\n\nIt recorded 412 unpaid claims.\n")


@pytest.fixture
def service(settings, index_handle, tmp_path):
    import dataclasses

    return QAService(dataclasses.replace(settings, data_dir=tmp_path / "data"))


def test_the_service_uses_the_one_cached_chain_and_its_index(service):
    from eaeu_qa.chain import get_chain

    assert service.chain() is get_chain(service.settings)
    assert service.index() is get_chain(service.settings).retriever.handles[0]
    assert service.index_info().chunk_count == len(service.index().chunks)


def test_stream_yields_text_pieces_then_the_answer_that_ask_gives(service):
    question = "What does Article 98 of the EAEU Treaty say about medical care for family members?"
    items = list(service.stream(question))
    pieces, final = items[:-1], items[-1]
    assert isinstance(final, Answer) and final.citations
    assert pieces and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces).strip() == final.answer.strip()
    assert service.ask(question).answer == final.answer


def test_invalid_questions_are_refused_with_a_message(service):
    with pytest.raises(InvalidQuestion, match="type a question"):
        service.validate("   ")
    with pytest.raises(InvalidQuestion, match="characters long"):
        service.validate("x" * (service.settings.max_question_chars + 1))


def test_workspaces_keep_conversations_and_uploads_apart(service):
    mine, theirs = new_workspace_id(), new_workspace_id()
    assert mine != theirs and is_workspace_id(mine) and not is_workspace_id("../etc")
    conversation = Conversation()
    conversation.add(Turn(question="Q?", answer="A.", answerable=True))
    service.conversations(mine).save(conversation)
    assert [s.id for s in service.conversations(mine).list()] == [conversation.id]
    assert service.conversations(theirs).list() == []
    service.library(mine).add("zorblat.txt", UPLOAD.encode())
    question = "When did the Zorblat Commission meet in Osh?"
    cited = service.ask(question, workspace=mine).citations
    assert any(c.source_id.startswith("upload-") for c in cited)
    assert not any(c.source_id.startswith("upload-") for c in service.ask(question, workspace=theirs).citations)
    with pytest.raises(ValueError):
        service.conversations("../../etc")


def test_sources_and_reader_paragraphs(service):
    states = {s.spec.id: s for s in service.sources()}
    assert set(states) == {"article", "eaeu_treaty", "accession_treaty"}
    assert all(s.checksum == "ok" and s.passages > 0 for s in states.values())
    paras = service.paragraphs("eaeu_treaty")
    assert any(p.loc == "98.3" for p in paras)
    assert service.paragraphs("eaeu_treaty") is paras  # cached


def test_evaluation_runs_are_recorded_in_the_history(service):
    from eaeu_qa import evaluation
    from eaeu_qa.settings import PROJECT_ROOT

    dataset = evaluation.read_dataset(PROJECT_ROOT / "eval" / "smoke.jsonl")
    seen = []
    runs = service.evaluate(dataset, ["extractive"], progress=lambda name, done, total: seen.append((name, done)))
    assert runs["extractive"].rows and seen[-1] == ("extractive", len(dataset.items))
    history = [h for h in service.run_history() if h["dataset"].endswith("smoke.jsonl")]
    assert history and history[-1]["total"]["hit@4"] == runs["extractive"].report["total"]["hit@4"]


def test_a_first_question_leaves_the_follow_ups_tables_and_the_apps_warm_reads_them(small_env):
    """A chain's start (QAChain.warm, every cold `eaeu-qa ask`) and a first question leave lemminflect's tables unread
    (they were a third of a cold ask's CPU); the app's background warm (QAService.warm) reads them, so the first
    follow-up in the app does not wait for them. A fresh interpreter: the tables are read once per process. The
    first process over a new index may also fold the lemma table into the word classes kept on disk (wordclass.lexicon,
    under Settings.derived_dir), so the figures are read from a second process."""
    code = ("import lemminflect; from eaeu_qa.service import get_service; "
            "loaded = lambda: print(int('lemma_dict' in vars(lemminflect.Lemmatizer())), "
            "int('infl_dict' in vars(lemminflect.Inflections()))); "
            "service = get_service(); service.ask('When was the accession treaty signed?'); loaded(); "
            "service.warm(); loaded()")
    for _ in range(2):  # the first may build the word classes on disk (a new index's cache)
        done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=small_env, capture_output=True,
                              text=True, check=True)
    assert done.stdout.split()[-4:] == ["0", "0", "1", "1"]


def test_a_follow_up_asking_to_restate_the_answer_says_the_quotes_are_no_rephrasing(service):
    # browser audit s23 A8: 'explain that more simply' was answered with quotes and no word that the app cannot
    # paraphrase; an ordinary follow-up of the same chat gets no such note
    from eaeu_qa.answering.wording import QUOTES_ONLY

    first = service.ask("What does Article 98(3) of the EAEU Treaty say about social insurance for workers' families?")
    history = [HistoryTurn.from_answer(first)]  # as the app passes an answered turn
    simpler = service.ask("can you explain that more simply please?", history=history)
    assert simpler.answerable and simpler.citations
    assert "98(3)" in simpler.standalone_question  # restated: the provision the previous answer was about
    assert simpler.note.count(QUOTES_ONLY) == 1
    ordinary = service.ask("and does it cover their children too?", history=history)
    assert ordinary.answerable and QUOTES_ONLY not in ordinary.note
