"""eaeu-qa: the Streamlit chat over the analysis article and the EAEU treaties, with checkable citations."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import streamlit as st

from eaeu_qa.answering import ANSWERERS
from eaeu_qa.chain import InvalidQuestion, QAChain, get_chain, validate_question
from eaeu_qa.conversations import Conversation, ConversationNotFound, ConversationStore, Turn
from eaeu_qa.corpus import CorpusError, load_manifest, source_status
from eaeu_qa.feedback import FeedbackEntry, feedback_path, record_feedback
from eaeu_qa.index import IndexHandle, IndexUnavailable, build_index
from eaeu_qa.live_index import current_handle
from eaeu_qa.records import Answer, Citation
from eaeu_qa.retrieval import HybridRetriever
from eaeu_qa.settings import Settings
from eaeu_qa.ui_format import (REFUSAL_HEADING, citation_passage_html, context_html, context_label,
                               conversation_markdown, escape_markdown, source_line)
from eaeu_qa.uploads import ALLOWED_TYPES, UploadError, UserLibrary
from eaeu_qa.workspaces import is_valid_workspace, new_workspace_id

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
log = logging.getLogger("eaeu_qa.app")

EXAMPLE_QUESTIONS = [
    "What does Article 98 of the EAEU Treaty say about medical care for workers' family members?",
    "Why did Kyrgyzstan take Russia to the EAEU Court?",
    "What does the Statute of the Court in Annex 2 say about who can bring a case?",
]
CSS = """
<style>
.eaeu-passage, .eaeu-context { font-size: 0.92rem; line-height: 1.5; padding: 0.5rem 0.75rem;
  border-left: 3px solid #c9a227; background: rgba(127,127,127,0.06); margin: 0.25rem 0 0.5rem 0; }
.eaeu-context { border-left-color: #bbb; }
.eaeu-context.cited { border-left-color: #c9a227; }
mark { background: #ffe17a; color: inherit; padding: 0 0.1em; border-radius: 2px; }
</style>
"""


# --- settings, index and chains -------------------------------------------------------------------

def app_settings() -> Settings:
    """EAEU_QA_* settings, with the answerer chosen in the sidebar."""
    base = Settings.from_env()
    answerer = st.session_state.get("answerer")
    return Settings.from_env(answerer=answerer) if answerer and answerer != base.answerer else base


def answerer_choices(settings: Settings) -> list[str]:
    known = list(ANSWERERS)
    return known if settings.answerer in known else [settings.answerer, *known]


def main_index(index_dir: str, _settings: Settings) -> IndexHandle:
    """The current index generation (switches by itself after a rebuild in this or another process)."""
    return current_handle(_settings)


@st.cache_resource(show_spinner="Opening your documents…", max_entries=32)
def chain_with_uploads(index_dir: str, generation: str, workspace: str, library_version: str, answerer: str,
                       _settings: Settings) -> QAChain:
    """A chain whose retriever searches the main index and the workspace's collection together."""
    handles = [main_index(index_dir, _settings)]
    user = UserLibrary(_settings, workspace).handle()
    if user is not None:
        handles.append(user)
    return QAChain(_settings, HybridRetriever(handles=handles, settings=_settings))


def session_chain(settings: Settings) -> QAChain:
    version = UserLibrary(settings, current_workspace()).version()
    if not version:
        return get_chain(settings)
    generation = main_index(str(settings.index_dir), settings).generation
    return chain_with_uploads(str(settings.index_dir), generation, current_workspace(), version, settings.answerer,
                              settings)


def all_chunks(settings: Settings):
    chunks = list(main_index(str(settings.index_dir), settings).chunks)
    return chunks + UserLibrary(settings, current_workspace()).chunks()


# --- conversation state ---------------------------------------------------------------------------

def current_workspace() -> str:
    """This browser's private workspace: ?w=<id> in the URL, a new random id on the first visit."""
    if "workspace" not in st.session_state:
        requested = st.query_params.get("w", "")
        st.session_state.workspace = requested if is_valid_workspace(requested) else new_workspace_id()
    if st.query_params.get("w") != st.session_state.workspace:
        st.query_params["w"] = st.session_state.workspace
    return st.session_state.workspace


def store(settings: Settings) -> ConversationStore:
    return ConversationStore.for_workspace(settings, current_workspace())


def init_state(settings: Settings) -> None:
    """One conversation per browser session; ?c=<id> in the URL reopens a saved one after a reload."""
    if "conversation" in st.session_state:
        return
    requested = st.query_params.get("c")
    st.session_state.conversation = Conversation()
    if requested:
        try:
            st.session_state.conversation = store(settings).load(requested)
        except ConversationNotFound:
            st.session_state.notice = "That conversation is no longer saved; here is a new one."
            del st.query_params["c"]


def start_new_conversation() -> None:
    st.session_state.conversation = Conversation()
    if "c" in st.query_params:
        del st.query_params["c"]


def open_conversation(conversation_id: str) -> None:
    try:
        st.session_state.conversation = store(app_settings()).load(conversation_id)
        st.query_params["c"] = conversation_id
    except ConversationNotFound as exc:
        st.session_state.notice = str(exc)


def delete_conversation(conversation_id: str) -> None:
    store(app_settings()).delete(conversation_id)
    if st.session_state.conversation.id == conversation_id:
        start_new_conversation()


def ask_example(question: str) -> None:
    st.session_state.pending_question = question


# --- answering ------------------------------------------------------------------------------------

def _text_pieces(stream, final: list[Answer]) -> Iterator[str]:
    """The str pieces of chain.stream for st.write_stream; the closing Answer is kept in `final`."""
    for item in stream:
        if isinstance(item, Answer):
            final.append(item)
        elif item:
            yield item


def stream_answer(qa: QAChain, question: str, history: list[str], k: int) -> Answer:
    if not hasattr(qa, "stream"):
        return qa.ask(question, history=history, k=k)
    final: list[Answer] = []
    slot = st.empty()
    with slot.container():
        st.write_stream(_text_pieces(qa.stream(question, history=history, k=k), final))
    slot.empty()
    if not final:
        raise RuntimeError("the answer stream ended without a final Answer")
    return final[-1]


def handle_question(question: str, settings: Settings) -> None:
    conversation: Conversation = st.session_state.conversation
    with st.chat_message("user"):
        st.markdown(escape_markdown(question.strip()) or "_(empty)_")
    with st.chat_message("assistant"):
        try:
            question = validate_question(question, settings)
            with st.spinner("Searching the documents…"):
                qa = session_chain(settings)
            answer = stream_answer(qa, question, conversation.history(), st.session_state.get("k", settings.k))
        except InvalidQuestion as exc:
            st.warning(str(exc), icon=":material/edit_note:")
            return
        except (CorpusError, IndexUnavailable) as exc:
            log.exception("Corpus or index problem")
            st.error(f"The documents cannot be searched right now: {exc}", icon=":material/error:")
            return
        except Exception as exc:  # any other failure: a short message in the page, the traceback in the log
            log.exception("Answering %r failed", question)
            st.error(f"Something went wrong while answering ({type(exc).__name__}). Your conversation is "
                     "kept; please try again or rephrase.", icon=":material/error:")
            return
    conversation.add(Turn.from_answer(question, answer))
    try:
        store(settings).save(conversation)
        st.query_params["c"] = conversation.id
    except OSError as exc:
        log.exception("Saving the conversation failed")
        st.session_state.notice = f"The answer is shown but the conversation could not be saved: {exc}"
    st.rerun()


# --- rendering ------------------------------------------------------------------------------------

def render_citation(citation: Citation, chunks, key: str) -> None:
    with st.container(border=True):
        st.markdown(f"**[{citation.n}] {escape_markdown(citation.label)}**")
        st.markdown(citation_passage_html(citation), unsafe_allow_html=True)
        st.caption(escape_markdown(source_line(citation))
                   + (f" · [source file]({citation.url})" if citation.url else ""))
        label = context_label(citation, chunks)
        if label:
            with st.expander(f"Read {label}", icon=":material/menu_book:"):
                st.markdown(context_html(citation, chunks), unsafe_allow_html=True)


def render_feedback(turn: Turn, index: int, conversation: Conversation, settings: Settings) -> None:
    if turn.feedback is not None:
        verdict = "helpful" if turn.feedback.get("helpful") else "not helpful"
        st.caption(f"Thank you: you marked this answer {verdict}.")
        return
    with st.popover("Feedback", icon=":material/rate_review:"):
        with st.form(key=f"feedback-{conversation.id}-{index}", clear_on_submit=True, border=False):
            verdict = st.radio("Was this answer helpful?", ["Helpful", "Not helpful"], horizontal=True,
                               key=f"verdict-{conversation.id}-{index}")
            comment = st.text_area("Comment (optional)", max_chars=2000, key=f"comment-{conversation.id}-{index}")
            if st.form_submit_button("Send feedback"):
                entry = FeedbackEntry(conversation_id=conversation.id, turn=index, question=turn.question,
                                      answer=turn.answer, helpful=verdict == "Helpful", comment=comment,
                                      cited_chunks=[c.chunk_id for c in turn.citations],
                                      answerable=turn.answerable, workspace=current_workspace())
                try:
                    record_feedback(feedback_path(settings.data_dir), entry)
                    turn.feedback = {"helpful": entry.helpful, "comment": entry.comment}
                    store(settings).save(conversation)
                    st.rerun()
                except OSError as exc:
                    log.exception("Recording feedback failed")
                    st.error(f"Your feedback could not be saved: {exc}")


def render_turn(turn: Turn, index: int, conversation: Conversation, settings: Settings, chunks) -> None:
    with st.chat_message("user"):
        st.markdown(escape_markdown(turn.question))
    with st.chat_message("assistant"):
        if not turn.answerable:
            body = escape_markdown(turn.answer or "The documents do not answer this question.")
            st.warning(f"**{REFUSAL_HEADING}.** {body}", icon=":material/search_off:")
        else:
            st.markdown(escape_markdown(turn.answer) if turn.answer else "_(no answer text)_")
        if turn.note and turn.note.strip() not in turn.answer:
            st.caption(escape_markdown(turn.note))
        if turn.standalone_question and turn.standalone_question.strip() != turn.question.strip():
            st.caption(f"Understood as: {escape_markdown(turn.standalone_question)}")
        if turn.citations:
            st.markdown("**Sources** — the highlighted words are quoted verbatim:")
            for citation in turn.citations:
                render_citation(citation, chunks, key=f"{index}-{citation.n}")
        render_feedback(turn, index, conversation, settings)


def render_examples() -> None:
    st.markdown("Ask about Kyrgyzstan's case against Russia at the EAEU Court over medical insurance for "
                "migrant workers' families. Every answer quotes the passages it rests on. Try:")
    for number, question in enumerate(EXAMPLE_QUESTIONS):
        st.button(question, key=f"example-{number}", on_click=ask_example, args=(question,),
                  icon=":material/chat:")


# --- sidebar --------------------------------------------------------------------------------------

def sidebar_conversations(settings: Settings) -> None:
    conversation: Conversation = st.session_state.conversation
    st.button("New conversation", icon=":material/add_comment:", on_click=start_new_conversation,
              use_container_width=True, key="new-conversation")
    if conversation.turns:
        st.download_button("Export this conversation (Markdown)", conversation_markdown(conversation),
                           file_name=f"eaeu-qa-{conversation.id}.md", mime="text/markdown",
                           icon=":material/download:", use_container_width=True, key="export")
    saved = store(settings).list()
    if saved:
        st.caption("Saved on this computer")
    for summary in saved[:30]:
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.button(summary.title, key=f"open-{summary.id}", on_click=open_conversation, args=(summary.id,),
                    type="primary" if summary.id == conversation.id else "tertiary",
                    help=f"{summary.turns} question(s), last {summary.updated_at}")
        right.button("", key=f"delete-{summary.id}", icon=":material/delete:", on_click=delete_conversation,
                     args=(summary.id,), help="Delete this conversation", type="tertiary")


def on_upload(settings: Settings) -> None:
    uploaded = st.session_state.get(st.session_state.uploader_key)
    if uploaded is None:
        return
    try:
        document = UserLibrary(settings, current_workspace()).add(uploaded.name, uploaded.getvalue())
        st.session_state.upload_message = ("success", f"Added {document.spec.title} "
                                                      f"({document.chunk_count} passages). It is cited like the "
                                                      "other documents.")
    except UploadError as exc:
        st.session_state.upload_message = ("error", str(exc))
    except Exception as exc:
        log.exception("Adding upload %s failed", uploaded.name)
        st.session_state.upload_message = ("error", f"{uploaded.name} could not be added ({type(exc).__name__}).")
    # A fresh key empties the uploader, so the same file is not processed again on the next rerun.
    st.session_state.uploader_number = st.session_state.get("uploader_number", 0) + 1


def remove_upload(settings: Settings, source_id: str) -> None:
    UserLibrary(settings, current_workspace()).remove(source_id)
    st.session_state.upload_message = ("success", "Document removed.")


def sidebar_uploads(settings: Settings) -> None:
    st.session_state.uploader_key = f"uploader-{st.session_state.get('uploader_number', 0)}"
    st.file_uploader(f"Add your own document (.txt, .md, .pdf; up to {settings.max_upload_bytes // 1_048_576} MB)",
                     type=sorted(t.lstrip(".") for t in ALLOWED_TYPES), key=st.session_state.uploader_key,
                     on_change=on_upload, args=(settings,))
    kind, message = st.session_state.pop("upload_message", (None, None))
    if kind == "error":
        st.error(message, icon=":material/block:")
    elif kind == "success":
        st.success(message)
    for document in UserLibrary(settings, current_workspace()).documents():
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.caption(f"{document.spec.title} — {document.chunk_count} passages")
        right.button("", key=f"remove-{document.spec.id}", icon=":material/delete:", on_click=remove_upload,
                     args=(settings, document.spec.id), help="Remove this document", type="tertiary")


def rebuild_index(settings: Settings) -> None:
    bar = st.progress(0.0, text="Reading and chunking the sources…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Embedding passages: {done} of {total}")

    try:
        info = build_index(settings, progress=progress, log=log.info)
    except (CorpusError, IndexUnavailable) as exc:
        st.error(f"The index was not rebuilt: {exc}")
        return
    except Exception as exc:
        log.exception("Rebuilding the index failed")
        st.error(f"The index was not rebuilt ({type(exc).__name__}); the previous one is still in use.")
        return
    st.cache_resource.clear()
    # Rerun so the sidebar shows the new index description; the message survives in session state.
    st.session_state.rebuild_message = f"Index rebuilt: {info.chunk_count} passages in {info.build_seconds:.1f} s."
    st.rerun()


def sidebar_corpus(settings: Settings) -> None:
    try:
        info = main_index(str(settings.index_dir), settings).info
        per_source = info.chunks_per_source
    except Exception as exc:
        log.exception("Opening the index failed")
        st.error(f"The index cannot be opened: {exc}")
        info, per_source = None, {}
    try:
        specs = load_manifest(settings)
    except CorpusError as exc:
        st.error(str(exc))
        specs = []
    for spec in specs:
        state = source_status(spec, settings).state
        mark = ":material/check_circle:" if state == "ok" else ":material/warning:"
        st.markdown(f"**{escape_markdown(spec.short_title)}** — {per_source.get(spec.id, 0)} passages  \n"
                    f"{mark} checksum {state} · {escape_markdown(spec.licence)}")
    if info is not None:
        st.caption(f"Index {info.fingerprint}, built {info.built_at} in {info.build_seconds:.1f} s; "
                   f"{info.chunk_count} passages, model {info.model}.")
    if st.button("Rebuild index", icon=":material/refresh:", key="rebuild"):
        rebuild_index(settings)
    if message := st.session_state.pop("rebuild_message", None):
        st.success(message)


def render_sidebar(settings: Settings) -> None:
    with st.sidebar:
        st.subheader("Conversations")
        sidebar_conversations(settings)
        st.subheader("Your documents")
        sidebar_uploads(settings)
        st.subheader("Settings")
        st.slider("Passages to consider (k)", 1, 10, value=settings.k, key="k")
        choices = answerer_choices(Settings.from_env())
        st.selectbox("Answerer", choices, key="answerer", disabled=len(choices) < 2)
        with st.expander("Corpus and index", icon=":material/database:"):
            sidebar_corpus(settings)


# --- page -----------------------------------------------------------------------------------------

def main() -> None:
    st.set_page_config(page_title="EAEU Court: Kyrgyzstan v. Russia — Q&A", page_icon="⚖️", layout="centered")
    st.markdown(CSS, unsafe_allow_html=True)
    try:
        settings = app_settings()
    except ValueError as exc:
        st.error(f"A setting is invalid: {exc}")
        return
    init_state(settings)
    render_sidebar(settings)
    st.title("Kyrgyzstan v. Russia at the EAEU Court")
    st.caption("Answers come only from the analysis article, the EAEU Treaty and Kyrgyzstan's accession "
               "treaty (plus documents you add). Check every claim against the quoted passage.")
    if notice := st.session_state.pop("notice", None):
        st.info(notice)
    conversation: Conversation = st.session_state.conversation
    try:
        chunks = all_chunks(settings)
    except Exception:
        log.exception("Reading the index chunks failed")
        chunks = []
    for index, turn in enumerate(conversation.turns):
        render_turn(turn, index, conversation, settings, chunks)
    if not conversation.turns:
        render_examples()
    typed = st.chat_input("Ask a question about the case or the treaties")
    question = st.session_state.pop("pending_question", None) or typed
    if question is not None:
        handle_question(question, settings)


# st.navigation rather than the bare pages/ folder, so the sidebar names this page "Ask", not "app".
st.navigation([
    st.Page(main, title="Ask", icon=":material/forum:", default=True),
    st.Page("pages/1_Evaluation.py", title="Evaluation", icon=":material/monitoring:"),
]).run()
