"""The Streamlit app, run by Streamlit's AppTest against the real service (index, model, chain)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from eaeu_qa.conversations import Conversation
from eaeu_qa.service import QAService
from eaeu_qa.settings import Settings
from eaeu_qa.ui_format import citation_passage_html, escape_markdown, text_html
from pdf_factory import make_pdf  # tests/ is on sys.path (rootdir conftest, no package)

TIMEOUT = 240
UPLOAD = ("The Zorblat Commission met in Osh on 3 March 2031 to review unpaid insurance claims of returning "
          "migrant families.\n\nIt recorded 412 unpaid claims.\n")


@pytest.fixture
def app(start_app, app_env) -> AppTest:
    return start_app(app_env)


def _service(app_env) -> QAService:
    return QAService(Settings.from_env(environ=app_env))


def _workspace(at: AppTest) -> str:
    value = at.query_params["w"]
    return value[0] if isinstance(value, list) else value


def _saved(at: AppTest, app_env) -> list[Conversation]:
    """The conversations saved in the workspace of the browser session `at` (its ?w= id)."""
    store = _service(app_env).conversations(_workspace(at))
    return [store.load(s.id) for s in store.list()]


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_example_question_is_answered_with_clickable_markers_and_checkable_cards(app, app_env):
    assert len(app.chat_message) == 0
    assert re.fullmatch(r"[0-9a-f]{32}", _workspace(app))  # a private workspace from the first visit
    examples = [b for b in app.button if b.key and b.key.startswith("example-")]
    assert len(examples) >= 3
    examples[0].click().run()
    assert not app.exception
    [conversation] = _saved(app, app_env)
    turn = conversation.turns[0]
    assert turn.question == examples[0].label and turn.answerable and turn.citations
    assert app.query_params["c"] == conversation.id
    shown = "\n".join(_markdown(app))
    captions = [c.value for c in app.caption]
    for citation in turn.citations:
        assert f'data-n="{citation.n}"' in shown and f'href="#src-0-{citation.n}"' in shown  # the marker
        assert f'id="src-0-{citation.n}"' in shown  # the card it jumps to
        rendered = citation_passage_html(citation)
        assert rendered in shown
        marked = re.search(r"<mark>(.*?)</mark>", rendered).group(1)
        assert html.unescape(marked.replace("<br>", " ")).split() == citation.quote.split()
        if citation.source_id != "article":
            assert any(citation.licence in c and "ToTA" in c and "documents?doc=" in c for c in captions)
        else:
            assert not any("Supplied by the user" in c for c in captions)
    assert any(e.label.startswith("Read all of") for e in app.expander) or all(
        c.source_id == "article" for c in turn.citations)
    assert [b for b in app.download_button if b.key == "export"]
    assert len(app.chat_message) == 2
    assert not [s for s in app.slider]  # the k slider that did nothing is gone


def test_follow_up_is_understood_from_history(app, app_env):
    _ask(app, "What does Article 98 of the EAEU Treaty say about medical care for family members?")
    _ask(app, "And what about pensions?")
    [conversation] = _saved(app, app_env)
    follow_up = conversation.turns[1]
    assert follow_up.standalone_question != follow_up.question
    assert "98" in follow_up.standalone_question
    assert any("Understood as:" in c.value for c in app.caption)
    assert len(app.chat_message) == 4
    # with the question it rewrites, before the answer that rests on it (it sat under the answer: audit s18)
    assert any("Understood as:" in c.value for c in app.chat_message[2].caption)
    assert not any("Understood as:" in c.value for c in app.chat_message[3].caption)


def test_the_answers_export_links_the_reader_only_at_a_configured_public_address(start_app, app_env):
    """Audit s18: the export's reader links pointed at the address the browser used (http://localhost:PORT/), useless
    once the file leaves the machine. Without EAEU_QA_PUBLIC_URL it names each source by locator and document."""
    for public in ("", "https://qa.example.org/eaeu/"):
        at = start_app({**app_env, "EAEU_QA_PUBLIC_URL": public})
        at.button(key="example-0").click().run()
        assert not at.exception, at.exception
        [conversation] = _saved(at, app_env)
        [export] = at.session_state["answer_exports"].values()  # what "Download this answer" hands the browser
        treaty = [c for c in conversation.turns[0].citations if c.source_id != "article"]
        assert treaty and all(f"[{c.n}] **{c.label}** — {c.title}" in export for c in treaty)
        assert "ToTA" in export and "CC BY-NC 4.0" in export
        links = re.findall(r"\]\((\S+?)\)", export)
        assert all(link.startswith("https://") for link in links), links  # no relative and no local address
        readers = [link for link in links if "documents?doc=" in link]
        if public:
            assert len(readers) == len(conversation.turns[0].citations), links
            assert all(link.startswith("https://qa.example.org/eaeu/documents?doc=") for link in readers), readers
        else:
            assert readers == [], readers


def test_questions_sent_while_one_is_answered_are_queued_not_lost(app, app_env):
    first, second = "Why did Kyrgyzstan take Russia to the EAEU Court?", "What does Article 97 say about employment?"
    app.session_state["queue"] = [first, second]  # what two quick sends leave behind
    app.run()
    assert not app.exception
    [conversation] = _saved(app, app_env)
    assert [t.question for t in conversation.turns] == [first, second]
    assert len(app.chat_message) == 4 and app.session_state["queue"] == []


def test_unanswerable_question_is_refused_plainly(app, app_env):
    _ask(app, "Who won the 2018 FIFA World Cup?")
    [conversation] = _saved(app, app_env)
    assert conversation.turns[0].answerable is False
    assert any("eaeu-refusal" in m and "Not in the documents" in m for m in _markdown(app))
    assert not any("<mark>" in m for m in _markdown(app) if "eaeu-refusal" in m)


def test_empty_question_gets_a_message(app, app_env):
    _ask(app, "   ")
    assert any("Please type a question" in w.value for w in app.warning)
    assert _saved(app, app_env) == []


def test_too_long_question_is_stopped_before_sending_and_kept_for_editing(app, app_env):
    long_question = "Why did Kyrgyzstan take Russia to the EAEU Court? " + "word " * 1000
    _ask(app, long_question)
    assert any("characters long" in w.value and "nothing was sent" in w.value for w in app.warning)
    assert len(app.chat_message) == 0 and _saved(app, app_env) == []  # no giant bubble, nothing saved
    box = app.text_area(key="too_long_text")
    assert box.value == long_question
    box.set_value("Why did Kyrgyzstan take Russia to the EAEU Court?")
    app.button(key="send-edited").click().run()
    assert not app.exception
    assert [t.question for t in _saved(app, app_env)[0].turns] == ["Why did Kyrgyzstan take Russia to the EAEU Court?"]


@pytest.mark.parametrize("name, data, message", [
    ("junk.txt", bytes(range(256)) * 40, "binary"),
    ("broken.pdf", b"%PDF-1.7\n%garbage that is not a pdf", "could not be read"),
    ("empty.md", b"", "empty"),
])
def test_bad_upload_shows_an_error_and_breaks_nothing(app, app_env, name, data, message):
    app.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not app.exception
    assert any(message in e.value for e in app.error)
    assert _service(app_env).library(_workspace(app)).documents() == []
    _ask(app, "Why did Kyrgyzstan take Russia to the EAEU Court?")
    assert _saved(app, app_env)[0].turns[0].citations


def test_upload_size_text_matches_the_limit(app, app_env):
    limit_mb = Settings.from_env(environ=app_env).max_upload_bytes // 1_048_576
    [uploader] = app.file_uploader
    assert f"Up to {limit_mb} MB" in uploader.help and "10" not in uploader.label


def test_uploaded_document_is_private_cited_as_yours_and_removed_after_confirmation(app, app_env, monkeypatch):
    app.file_uploader[0].set_value(("osh-notes.pdf", make_pdf(UPLOAD.replace("\n\n", "\n").splitlines()),
                                    "application/pdf")).run()
    assert not app.exception
    assert any(escape_markdown("Added osh-notes.pdf") in s.value for s in app.success)
    _ask(app, "When did the Zorblat Commission meet in Osh?")
    turn = _saved(app, app_env)[0].turns[0]
    assert any(c.source_id.startswith("upload-") and c.title == "osh-notes.pdf" for c in turn.citations)
    assert "from your document" in "\n".join(_markdown(app))

    other = AppTest.from_file("../app.py", default_timeout=TIMEOUT)  # another browser: another workspace
    other.run()
    assert _workspace(other) != _workspace(app)
    assert not [b for b in other.button if b.key and b.key.startswith("remove-upload-")]
    _ask(other, "When did the Zorblat Commission meet in Osh?")
    assert not any(c.source_id.startswith("upload-") for c in _saved(other, app_env)[0].turns[0].citations)

    [remove] = [b for b in app.button if b.key and b.key.startswith("remove-upload-")]
    remove.click().run()
    assert any(escape_markdown("Remove “osh-notes.pdf”") in w.value for w in app.warning)  # asks first
    assert _service(app_env).library(_workspace(app)).documents()
    [confirm] = [b for b in app.button if b.key and b.key.startswith("confirm-remove-")]
    confirm.click().run()
    assert not [b for b in app.button if b.key and b.key.startswith("remove-upload-")]
    _ask(app, "When did the Zorblat Commission meet in Osh?")
    assert not any(c.source_id.startswith("upload-") for c in _saved(app, app_env)[0].turns[1].citations)


def test_conversation_reopens_from_the_url_and_a_deletion_can_be_undone(app, app_env):
    question = "What does Article 97 of the EAEU Treaty say about employment of workers?"
    _ask(app, question)
    [conversation] = _saved(app, app_env)

    reopened = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    reopened.query_params["w"] = _workspace(app)
    reopened.query_params["c"] = conversation.id
    reopened.run()
    assert not reopened.exception
    assert text_html(question) in _markdown(reopened)
    assert len(reopened.chat_message) == 2
    [label] = [b.label for b in reopened.button if b.key == f"open-{conversation.id}"]
    assert "Article 97" in label
    assert any("“" in m and re.search(r"\d\d \w{3} \d\d:\d\d", m) for m in _markdown(reopened))  # date, answer words

    reopened.button(key=f"delete-{conversation.id}").click().run()
    assert _saved(reopened, app_env) == []
    assert len(reopened.chat_message) == 0 and "c" not in reopened.query_params
    reopened.button(key="undo-delete").click().run()
    assert [c.id for c in _saved(reopened, app_env)] == [conversation.id]
    assert len(reopened.chat_message) == 2 and reopened.query_params["c"] in (conversation.id, [conversation.id])

    stranger = AppTest.from_file("../app.py", default_timeout=TIMEOUT)  # the link without the workspace
    stranger.query_params["c"] = conversation.id
    stranger.run()
    assert any("no longer saved" in i.value for i in stranger.info)
    assert len(stranger.chat_message) == 0


def test_a_rerun_loads_no_saved_conversation_hashes_no_source_and_builds_no_export(app, app_env, monkeypatch):
    from eaeu_qa import corpus
    from eaeu_qa.conversations import ConversationStore
    from eaeu_qa.ui import chat, sidebar
    from eaeu_qa.uploads import UserLibrary

    _ask(app, "Why did Kyrgyzstan take Russia to the EAEU Court?")
    app.button(key="new-conversation").click().run()
    _ask(app, "What does Article 97 of the EAEU Treaty say about employment of workers?")
    app.file_uploader[0].set_value(("notes.txt", UPLOAD.encode(), "text/plain")).run()
    assert not app.exception
    app.run()  # the upload's chunks are read once for its document set
    work = []
    monkeypatch.setattr(ConversationStore, "load", lambda *a: work.append("load"))
    monkeypatch.setattr(corpus, "sha256_of", lambda path: work.append("hash"))
    monkeypatch.setattr(sidebar, "conversation_markdown", lambda *a: work.append("export") or "")
    monkeypatch.setattr(chat, "answer_markdown", lambda *a: work.append("answer export") or "")
    monkeypatch.setattr(UserLibrary, "chunks", lambda self: work.append("upload chunks") or [])
    app.run()
    assert not app.exception and work == []
    labels = [b.label for b in app.button if b.key and b.key.startswith("open-")]
    assert len(labels) == 2 and any("Article 97" in label for label in labels) and any(
        "Kyrgyzstan" in label for label in labels)
    assert [b for b in app.download_button if b.key == "export"] and len(app.chat_message) == 2
    assert len([b for b in app.download_button if b.key.startswith("download-")]) == 1  # the answer's own


def test_feedback_has_no_preselected_verdict_and_is_recorded(app, app_env):
    _ask(app, "Why did Kyrgyzstan take Russia to the EAEU Court?")
    [conversation] = _saved(app, app_env)
    verdict = app.radio(key=f"verdict-{conversation.id}-0")
    assert verdict.value is None
    [send] = [b for b in app.button if b.label == "Send feedback"]
    send.click().run()
    assert any("choose Helpful or Not helpful" in w.value for w in app.warning)
    assert _service(app_env).feedback() == []
    app.radio(key=f"verdict-{conversation.id}-0").set_value("Not helpful")
    app.text_area(key=f"comment-{conversation.id}-0").input("Needs the court's ruling date.")
    [send] = [b for b in app.button if b.label == "Send feedback"]
    send.click().run()
    assert not app.exception
    [entry] = _service(app_env).feedback()
    assert entry.workspace == _workspace(app)
    assert entry.helpful is False and entry.comment == "Needs the court's ruling date."
    assert entry.conversation_id == conversation.id and entry.cited_chunks
    assert any("not helpful" in c.value for c in app.caption)
    assert _saved(app, app_env)[0].turns[0].feedback == {"helpful": False, "comment": "Needs the court's ruling date."}


def test_hostile_markup_in_a_question_stays_text(app, app_env):
    question = "What does Article 98 say? ![x](http://127.0.0.1:9/x.png) [click](http://evil.example) <img src=x>"
    _ask(app, question)
    shown = "\n".join(_markdown(app))
    assert text_html(question) in shown  # one escaped HTML block: no Markdown, no autolink, no tag
    assert "<img" not in shown and "<a href=\"http://evil" not in shown
    assert _saved(app, app_env)[0].turns[0].question == question


def test_missing_sources_give_a_message_not_a_traceback(monkeypatch, tmp_path):
    """No index and no treaty files to build one from: the page explains, the question is not lost."""
    empty = tmp_path / "empty-mirror"
    empty.mkdir()
    for name, value in {"HF_HUB_OFFLINE": "1", "EAEU_QA_INDEX_DIR": str(tmp_path / "index"),
                        "EAEU_QA_CACHE_DIR": str(tmp_path / "cache"), "EAEU_QA_DATA_DIR": str(tmp_path / "data"),
                        "EAEU_QA_SOURCES": str(empty)}.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    _ask(at, "Why did Kyrgyzstan take Russia to the EAEU Court?")
    assert any("cannot be searched right now" in e.value and "corpus fetch" in e.value for e in at.error)
    assert text_html("Why did Kyrgyzstan take Russia to the EAEU Court?") in _markdown(at)
    assert not any("Traceback" in e.value for e in at.error)


def test_reader_opens_at_the_cited_paragraph_with_the_quote_highlighted(monkeypatch, app_env, documents):
    from eaeu_qa.reader import find, paragraphs

    for name, value in app_env.items():
        monkeypatch.setenv(name, value)
    paragraph = find(paragraphs(documents["eaeu_treaty"]), "98.5")
    start = paragraph.start + paragraph.text.index("member")
    at = AppTest.from_file("../app_pages/documents.py", default_timeout=TIMEOUT)
    at.query_params.update({"doc": "eaeu_treaty", "loc": "98.5", "hl": f"{start}-{start + 30}"})
    at.run()
    assert not at.exception
    shown = "\n".join(_markdown(at))
    target = re.search(r'<div class="eaeu-para target" id="p-98\.5".*?</div>', shown).group()
    assert "<mark>" in target and "editorial number" in target  # Art. 98(5) is a reconstructed number
    assert 'id="p-98.1"' in shown and 'id="p-97.1"' not in shown  # the whole article, only it
    assert any("CC BY-NC 4.0" in c.value and "pta_440.xml" in c.value for c in at.caption)
    at.text_input(key="reader_search").input("medical care").run()
    assert any(b.key and b.key.startswith("hit-eaeu_treaty-98") for b in at.button)
    at.text_input(key="reader_search").input("member states").run()
    assert any("The first 30 matching paragraphs" in c.value for c in at.caption)  # says the list is cut

    article = AppTest.from_file("../app_pages/documents.py", default_timeout=TIMEOUT)
    article.query_params.update({"doc": "article", "loc": "s1.1"})
    article.run()
    assert not article.exception
    spec = documents["article"].source
    assert escape_markdown(spec.attribution) in [c.value for c in article.caption]  # said once, not twice
    assert not any(spec.licence in c.value for c in article.caption)
    # under its section's heading a paragraph is "para. N", not the section's title again
    first = find(paragraphs(documents["article"]), "s1.1")
    opened = "\n".join(_markdown(article))
    labels = re.findall(r'<span class="eaeu-loc">(.*?)</span>', opened)
    assert labels and all(label.startswith("para. ") for label in labels), labels[:3]
    assert html.escape(first.section) in opened and first.label.startswith(first.section)


def test_a_question_in_russian_is_labelled_english_only_and_answered_in_russian_too(app, app_env):
    _ask(app, "Почему Кыргызстан подал в суд на Россию в Суд ЕАЭС?")
    [conversation] = _saved(app, app_env)
    turn = conversation.turns[0]
    assert turn.answerable is False and turn.refusal == "not_english"
    [shown] = [m for m in _markdown(app) if m.startswith('<div class="eaeu-answer eaeu-refusal')]
    assert "English only" in shown and "Not in the documents" not in shown and "eaeu-language" in shown
    assert "Please ask in English" in shown and "на английском" in shown
    assert any("English only" in m for m in _markdown(app) if "eaeu-conversation-detail" in m)  # the sidebar


def test_a_treaty_markers_popover_shows_the_tota_attribution(app, app_env):
    app.button(key="example-0").click().run()
    [conversation] = _saved(app, app_env)
    treaty = [c for c in conversation.turns[0].citations if c.source_id != "article"]
    assert treaty  # the Article 98 example is answered from the treaty
    answer = next(m for m in _markdown(app) if 'class="eaeu-cite"' in m)
    pops = re.findall(r'<span class="eaeu-pop".*?</span></span></span>', answer)
    for citation in treaty:
        pop = next(p for p in pops if f"[{citation.n}] " in p)
        assert 'class="eaeu-pop-source"' in pop and "ToTA" in pop and citation.licence in pop
