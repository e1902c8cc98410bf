"""The sidebar: conversations (open, export, delete with undo), your documents, the answerer, corpus and index."""

from __future__ import annotations

import html
import logging

import streamlit as st

from ..answering import ANSWERERS
from ..conversations import Conversation, ConversationNotFound, ConversationSummary
from ..corpus import CorpusError
from ..index import IndexUnavailable
from ..index_info import index_problem
from ..service import QAService
from ..uploads import ALLOWED_TYPES, UploadError
from ..ui_format import conversation_label, conversation_markdown, counted, escape_markdown
from . import changes, rebuilds, session, wording

log = logging.getLogger("eaeu_qa.app")
MAX_LISTED = 30
# Messages about a sidebar action are drawn beside its control, not at the page's top (out of view in a long chat):
# the button callbacks only record what to do; the work and its spinner run in the sidebar's own drawing.
LIST_MESSAGE_KEY = "conversation_list_message"
PENDING_UPLOAD_KEY = "pending_upload"
PENDING_REMOVE_KEY = "pending_remove"
# The outcome of adding or removing a document, ("success" | "error", message), shown (once) by the next drawing of
# the list. A list fetched before the work and appended to without a Streamlit call: a question sent meanwhile stops
# the upload's run at its next Streamlit call, after the work (which nothing interrupts), and the message still shows.
UPLOAD_MESSAGES_KEY = "upload_messages"
# The rebuild this session watches (started here or seen under way), and its outcome, ("success" | "error", message),
# shown beside the button until dismissed, this session starts a rebuild, or a later watched one's outcome replaces
# it (a question's rerun no longer takes it away; a rebuild started elsewhere meanwhile does not hide it).
REBUILD_WATCH_KEY = "rebuild_watch"
REBUILD_MESSAGE_KEY = "rebuild_message"
REBUILD_CONFIRM_KEY = "rebuild_confirm"  # a click found the index up to date: "Rebuild anyway?" is shown


def render(service: QAService, reader_link=None) -> None:
    """The sidebar."""
    with st.sidebar:
        st.subheader(wording.CONVERSATIONS)
        # Each part in its own container: the expander below keeps its place in the sidebar however many
        # conversations and messages are listed, so it stays open across a question (a new place redrew it closed).
        with st.container():
            conversations(service, reader_link)
        st.subheader(wording.YOUR_DOCUMENTS)
        with st.container():
            uploads(service)
        st.subheader(wording.SETTINGS)
        choices = answerer_choices(service)
        st.selectbox(wording.ANSWERER, choices, key="answerer", disabled=len(choices) < 2,
                     format_func=lambda name: answerer_label(service, name),
                     help=wording.ANSWERER_HELP if len(choices) > 1 else wording.ANSWERER_NO_LLM)
        with st.expander(wording.CORPUS_AND_INDEX, icon=":material/database:"):
            corpus(service)


def answerer_choices(service: QAService) -> list[str]:
    """The extractive answerer, and the LLM answerer whenever a model is configured (env or settings)."""
    from ..llm.client import llm_configured

    known = ["extractive", *(["llm"] if llm_configured(service.settings) else [])]
    known += [name for name in ANSWERERS if name not in known and name != "llm"]
    return known if service.settings.answerer in known else [service.settings.answerer, *known]


def answerer_label(service: QAService, name: str) -> str:
    if name == "extractive":
        return wording.ANSWERER_EXTRACTIVE
    if name == "llm":
        from ..llm.client import endpoint_label

        return wording.ANSWERER_LLM.format(endpoint=endpoint_label(service.settings))
    return name


# --- conversations -----------------------------------------------------------------------------------

def _open(service: QAService, conversation_id: str) -> None:
    try:
        st.session_state.conversation = service.conversations(session.workspace()).load(conversation_id)
        session.clear_queue()
        st.query_params["c"] = conversation_id
    except ConversationNotFound as exc:
        st.session_state[LIST_MESSAGE_KEY] = str(exc)  # shown by the conversation list, where it was clicked


def _delete(service: QAService, conversation: ConversationSummary) -> None:
    service.conversations(session.workspace()).delete(conversation.id)  # hidden, restorable
    was_open = st.session_state.conversation.id == conversation.id
    st.session_state.deleted = (conversation.id, conversation.title, was_open)
    if was_open:
        session.start_new_conversation()


def _undo(service: QAService) -> None:
    """Restore the deleted conversation, and open it again if it was the open one (as it was before)."""
    deleted = st.session_state.pop("deleted", None)
    if deleted is None:
        return
    conversation_id, _title, was_open = deleted
    if service.conversations(session.workspace()).restore(conversation_id) and was_open:
        _open(service, conversation_id)


def _export(conversation: Conversation, reader_link) -> str:
    """The conversation as Markdown, built again only when it changed (kept in the session between reruns).

    Not a callable for download_button's deferred data: Streamlit gives the button a new id on every rerun and
    drops a session's old ids when another session ends, so a click during a rerun downloaded nothing."""
    key = (conversation.id, len(conversation.turns))
    cached = st.session_state.get("export_markdown")
    if cached is None or cached[0] != key:
        cached = (key, conversation_markdown(conversation, reader_link))
        st.session_state.export_markdown = cached
    return cached[1]


def conversations(service: QAService, reader_link=None) -> None:
    conversation: Conversation = st.session_state.conversation
    st.button(wording.NEW_CONVERSATION, icon=":material/add_comment:", on_click=session.start_new_conversation,
              width="stretch", key="new-conversation")
    if conversation.turns:
        st.download_button(wording.EXPORT, _export(conversation, reader_link),
                           file_name=f"eaeu-qa-{conversation.id}.md", mime="text/markdown",
                           icon=":material/download:", width="stretch", key="export")
    deleted = st.session_state.get("deleted")
    if deleted is not None:
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.caption(escape_markdown(wording.DELETED.format(title=deleted[1])))
        right.button(wording.UNDO, key="undo-delete", on_click=_undo, args=(service,), type="tertiary")
    if message := st.session_state.pop(LIST_MESSAGE_KEY, None):
        st.warning(escape_markdown(message), icon=":material/history:")
    saved = service.conversations(session.workspace()).list()[:MAX_LISTED]
    if saved:
        st.caption(wording.SAVED_HERE, help=wording.WORKSPACE_NOTE)
    for item in saved:
        title, when, detail = conversation_label(item)
        left, right = st.columns([5, 1], vertical_alignment="top")
        left.button(escape_markdown(title), key=f"open-{item.id}", on_click=_open, args=(service, item.id),
                    type="primary" if item.id == conversation.id else "tertiary", help=escape_markdown(detail))
        left.markdown(f'<div class="eaeu-conversation-detail">{html.escape(when)}</div>', unsafe_allow_html=True)
        right.button(escape_markdown(wording.DELETE_NAMED.format(title=title)), key=f"delete-{item.id}",
                     icon=":material/delete:", on_click=_delete,
                     args=(service, item), help=wording.DELETE_CONVERSATION, type="tertiary")


# --- uploads -------------------------------------------------------------------------------------------

def _on_upload() -> None:
    """The uploader's callback: keep the file for uploads() to add (a callback's spinner would show at the page's
    top) and give the uploader a fresh key, which empties it, so the same file is not added again."""
    uploaded = st.session_state.get(st.session_state.uploader_key)
    if uploaded is None:
        return
    st.session_state[PENDING_UPLOAD_KEY] = (uploaded.name, uploaded.getvalue())
    st.session_state.uploader_number = st.session_state.get("uploader_number", 0) + 1


def _add_upload(service: QAService, name: str, data: bytes, outbox: list[tuple[str, str]]) -> None:
    """Add the file to this workspace's documents; ("success" | "error", message) goes to `outbox`. Questions of this
    workspace wait meanwhile (changes.under_way)."""
    workspace = session.workspace()
    try:
        # The search over the documents is prepared here too (a large collection's graph): the first question
        # after an upload does not wait for it; the spinner (under the uploader) says what happens meanwhile.
        with st.spinner(escape_markdown(wording.UPLOAD_PREPARING.format(name=name))):
            with changes.under_way(workspace, wording.DOCUMENT_BEING_ADDED.format(name=name)):
                document = service.add_upload(workspace, name, data)
                outbox.append(("success", wording.UPLOAD_ADDED.format(
                    title=document.spec.title, passages=counted(document.chunk_count, wording.PASSAGES))))
    except UploadError as exc:
        outbox.append(("error", str(exc)))
    except Exception as exc:  # noqa: BLE001 - a message, never a traceback
        log.exception("Adding upload %s failed", name)
        outbox.append(("error", wording.UPLOAD_FAILED.format(name=name, kind=type(exc).__name__)))


def _remove(service: QAService, source_id: str, title: str, outbox: list[tuple[str, str]]) -> None:
    workspace = session.workspace()
    try:
        with st.spinner(escape_markdown(wording.UPLOAD_REMOVING.format(title=title))):
            with changes.under_way(workspace, wording.DOCUMENT_BEING_REMOVED.format(name=title)):
                service.remove_upload(workspace, source_id)
                outbox.append(("success", wording.UPLOAD_REMOVED.format(title=title)))
    except Exception as exc:  # noqa: BLE001 - a message, never a traceback
        log.exception("Removing upload %s failed", source_id)
        outbox.append(("error", wording.UPLOAD_NOT_REMOVED.format(title=title, kind=type(exc).__name__)))


def _confirm_remove(source_id: str, title: str) -> None:
    st.session_state.pop("confirm_remove", None)
    st.session_state[PENDING_REMOVE_KEY] = (source_id, title)


def uploads(service: QAService) -> None:
    st.session_state.uploader_key = f"uploader-{st.session_state.get('uploader_number', 0)}"
    megabytes = max(1, service.settings.max_upload_bytes // 1_048_576)
    st.file_uploader(wording.UPLOAD_LABEL, type=sorted(t.lstrip(".") for t in ALLOWED_TYPES),
                     key=st.session_state.uploader_key, on_change=_on_upload,
                     max_upload_size=megabytes, help=wording.UPLOAD_HELP.format(mb=megabytes))
    outbox = st.session_state.setdefault(UPLOAD_MESSAGES_KEY, [])
    # Taken off the session before the work: a rerun that interrupts this run does not add or remove it twice.
    if pending := st.session_state.pop(PENDING_UPLOAD_KEY, None):
        _add_upload(service, *pending, outbox)
    if pending := st.session_state.pop(PENDING_REMOVE_KEY, None):
        _remove(service, *pending, outbox)
    messages = outbox[:]
    del outbox[:len(messages)]
    for kind, message in messages:
        if kind == "error":
            st.error(escape_markdown(message), icon=":material/block:")
        else:
            st.success(escape_markdown(message))
    confirm = st.session_state.get("confirm_remove")
    for document in service.library(session.workspace()).documents():
        source_id, title = document.spec.id, document.spec.title
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.caption(escape_markdown(wording.UPLOAD_LINE.format(
            title=title, passages=counted(document.chunk_count, wording.PASSAGES))))
        right.button(escape_markdown(wording.REMOVE_NAMED.format(title=title)), key=f"remove-{source_id}",
                     icon=":material/delete:", help=wording.REMOVE_DOCUMENT,
                     type="tertiary", on_click=lambda s=source_id: st.session_state.update(confirm_remove=s))
        if confirm == source_id:
            st.warning(escape_markdown(wording.CONFIRM_REMOVE.format(title=title)))
            yes, no = st.columns(2)
            yes.button(wording.REMOVE, key=f"confirm-remove-{source_id}", type="primary", on_click=_confirm_remove,
                       args=(source_id, title))
            no.button(wording.KEEP, key=f"cancel-remove-{source_id}",
                      on_click=lambda: st.session_state.pop("confirm_remove", None))


# --- corpus and index ----------------------------------------------------------------------------------

def _rebuild_work(service: QAService):
    def work(progress: rebuilds.Progress) -> tuple[str, str]:
        try:
            info = service.rebuild(progress=progress)
        except (CorpusError, IndexUnavailable) as exc:
            return "error", wording.NOT_REBUILT.format(problem=exc)
        return "success", wording.REBUILT.format(passages=counted(info.chunk_count, wording.PASSAGES),
                                                 seconds=info.build_seconds)
    return work


def _not_rebuilt(exc: BaseException) -> str:
    return wording.NOT_REBUILT_KIND.format(kind=type(exc).__name__)


def _index_current(service: QAService) -> bool:
    """Whether the index matches the sources, chunker and model (an index that cannot be read is not current)."""
    try:
        return index_problem(service.settings) is None
    except Exception:  # noqa: BLE001 - e.g. a Chroma server that does not answer: the rebuild says what is wrong
        log.exception("Checking the index failed")
        return False


def _start_rebuild(service: QAService, confirmed: bool = False) -> None:
    """The button's callback: start a rebuild (none if one is running: a second click that arrived before the page
    showed the button disabled) and watch it, so this session shows its outcome. An index that is up to date is
    rebuilt only once confirmed (REBUILD_CONFIRM_KEY): a second click just after a rebuild ended started another."""
    st.session_state.pop(REBUILD_CONFIRM_KEY, None)
    latest = rebuilds.latest()
    if not confirmed and not (latest is not None and latest.running) and _index_current(service):
        st.session_state[REBUILD_CONFIRM_KEY] = True
        return
    st.session_state.pop(REBUILD_MESSAGE_KEY, None)
    number = rebuilds.start(_rebuild_work(service), _not_rebuilt)
    if number is None and (latest := rebuilds.latest()) is not None:
        number = latest.number  # the one a second click found running
    if number is not None:  # watched even if already over (a thread that could not start): its outcome shows
        st.session_state[REBUILD_WATCH_KEY] = number


def _draw_progress(slot, rebuild: rebuilds.Rebuild) -> None:
    text = (wording.REBUILD_EMBEDDING.format(done=rebuild.done, total=rebuild.total) if rebuild.total
            else wording.REBUILD_READING)
    slot.progress(rebuild.done / max(rebuild.total, 1), text=text)


def _rebuild_state() -> rebuilds.Rebuild | None:
    """The running rebuild (watched by this session from now on), else None. A watched rebuild that has ended leaves
    its outcome as this session's message, shown until dismissed: also when a later rebuild began before this
    session's next run (the watch then moves to that one only after the outcome was taken)."""
    latest = rebuilds.latest()
    running = latest if latest is not None and latest.running else None
    watched = st.session_state.get(REBUILD_WATCH_KEY)
    if watched is not None and (running is None or running.number != watched):
        del st.session_state[REBUILD_WATCH_KEY]
        if outcome := rebuilds.outcome(watched):
            st.session_state[REBUILD_MESSAGE_KEY] = outcome
    if running is not None:
        st.session_state[REBUILD_WATCH_KEY] = running.number
    return running


def corpus(service: QAService) -> None:
    """Sources, index and Rebuild index, with a running rebuild's progress."""
    try:
        sources = service.sources()
    except CorpusError as exc:
        st.error(str(exc))
        sources = []
    for source in sources:
        mark = ":material/check_circle:" if source.checksum == "ok" else ":material/warning:"
        st.markdown(wording.SOURCE_STATE.format(title=escape_markdown(source.spec.short_title), passages=counted(source.passages, wording.PASSAGES),
                                                mark=mark, state=source.checksum,
                                                licence=escape_markdown(source.spec.licence)))
    running = _rebuild_state()
    info = service.index_info()
    if info is not None:
        st.caption(wording.INDEX_LINE.format(fingerprint=info.fingerprint, built_at=info.built_at,
                                             seconds=info.build_seconds, passages=counted(info.chunk_count, wording.PASSAGES), model=info.model))
    else:
        st.caption(wording.INDEX_MISSING)
    st.button(wording.REBUILD_RUNNING if running else wording.REBUILD, icon=":material/refresh:", key="rebuild",
              disabled=running is not None, on_click=_start_rebuild, args=(service,),
              help=wording.REBUILD_BUSY if running else None)
    if running is not None:
        st.session_state.pop(REBUILD_CONFIRM_KEY, None)
        settings = service.settings
        interval = rebuilds.poll_interval(rebuilds.age(running), settings.rebuild_poll_s, settings.rebuild_poll_max_s)
        st.fragment(_follow_rebuild, run_every=interval)(settings, interval)
    elif st.session_state.get(REBUILD_CONFIRM_KEY) and info is not None:
        st.warning(escape_markdown(wording.REBUILD_CURRENT.format(built_at=info.built_at, seconds=info.build_seconds)))
        anyway, cancel = st.columns(2)
        anyway.button(wording.REBUILD_ANYWAY, key="rebuild-anyway", type="primary", on_click=_start_rebuild,
                      args=(service, True))
        cancel.button(wording.REBUILD_CANCEL, key="rebuild-cancel",
                      on_click=lambda: st.session_state.pop(REBUILD_CONFIRM_KEY, None))
    # Also while a later rebuild runs: the outcome of one this session saw under way (it may have failed) is kept.
    if message := st.session_state.get(REBUILD_MESSAGE_KEY):
        kind, text = message
        if kind == "success":
            st.success(escape_markdown(text))
        else:
            st.error(escape_markdown(text), icon=":material/block:")
        st.button(wording.REBUILD_DISMISS, key="rebuild-dismiss", type="tertiary", icon=":material/close:",
                  on_click=lambda: st.session_state.pop(REBUILD_MESSAGE_KEY, None))


def _follow_rebuild(settings, interval: float) -> None:
    """A running rebuild's progress, a fragment that Streamlit's public timer (st.fragment's run_every) draws again
    every `interval` s while the rest of the page stays as it is. Once the rebuild is over, or old enough for a slower
    timer (rebuilds.poll_interval: 4 redraws a second per watching session for the whole rebuild before), one rerun of
    the whole app draws it anew: with the outcome, or with the slower timer (a fragment's timer is set when the app
    draws it). The script itself never waits: a question sent meanwhile runs at once, and the timer's fragment runs
    wait for it (they never stop a run). This replaced a wait at the end of the run that needed a Streamlit internal
    as its interruption point."""
    rebuild = rebuilds.latest()
    if rebuild is None or not rebuild.running:
        st.rerun(scope="app")
    if rebuilds.poll_interval(rebuilds.age(rebuild), settings.rebuild_poll_s, settings.rebuild_poll_max_s) > interval:
        st.rerun(scope="app")
    _draw_progress(st, rebuild)
    # The note is drawn with the progress, inside the fragment: drawn after it in the script, it was lost for seconds
    # at a time under load when an app run and the fragment's timer runs interleaved (tests/test_browser_ui.py's
    # rebuild test, fifteenth session).
    st.caption(wording.REBUILD_UNDER_WAY)
