"""The chat: earlier turns, queued questions, the answer being composed (status, streamed text) and feedback."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Callable

import streamlit as st

from ..chain import InvalidQuestion
from ..conversations import Conversation, Turn
from ..corpus import CorpusError
from ..feedback import FeedbackEntry
from ..index import IndexUnavailable
from ..llm.prompts import is_fallback_note
from ..records import Answer, Chunk, Citation
from ..service import QAService
from ..ui_format import answer_html, answer_markdown, escape_markdown, note_repeats_answer, text_html, understood_as
from . import changes, citations, session, wording

log = logging.getLogger("eaeu_qa.app")
INPUT_KEY = "question_input"
WAIT_POLL_S = 0.25  # how often a question waiting for its workspace's documents lets Stop (a rerun) end its run
# A notice about the last answer (a Stop click that came too late), shown at that answer's end, above the chat input,
# where the reader clicked (the page's top is out of view after a long answer); once, in the next run that draws it.
ANSWER_NOTICE_KEY = "answer_notice"


# --- sending -----------------------------------------------------------------------------------------

def on_submit(service: QAService) -> None:
    """chat_input callback, run before the script: queue the question, or keep an over-long one for editing."""
    _send(service, st.session_state.get(INPUT_KEY) or "")


def send_edited(service: QAService) -> None:
    _send(service, st.session_state.get("too_long_text") or "")


def ask_example(question: str) -> None:
    st.session_state.pop("failures", None)
    session.queue().append(question)


def _send(service: QAService, text: str) -> None:
    limit = service.settings.max_question_chars
    if len(text.strip()) > limit:
        st.session_state.too_long = text
        st.session_state.too_long_text = text
        return
    st.session_state.pop("too_long", None)
    st.session_state.pop("failures", None)
    session.queue().append(text)


def chat_input(service: QAService) -> None:
    # No max_chars: the browser would cut a pasted question silently; on_submit checks it and keeps the text.
    st.chat_input(wording.CHAT_PLACEHOLDER, key=INPUT_KEY, on_submit=on_submit, args=(service,))


def render_too_long(service: QAService) -> None:
    """A question over the limit is not sent: the text stays editable here, with the limit said plainly."""
    text = st.session_state.get("too_long")
    if text is None:
        return
    limit = service.settings.max_question_chars
    st.warning(wording.TOO_LONG.format(length=len(text.strip()), limit=limit), icon=":material/edit_note:")
    st.text_area(wording.QUESTION_BOX, key="too_long_text", height=160)
    st.button(wording.SEND_EDITED, on_click=send_edited, args=(service,), key="send-edited")


# --- earlier turns -----------------------------------------------------------------------------------

def render_examples(show: bool) -> None:
    """The example questions (`show`: the conversation is empty, nothing queued or failed). Drawn as one element
    that a run without them replaces by an empty one: Streamlit keeps a previous run's elements below the last one
    drawn until the run ends, and two example buttons stayed under the first answer while it was composed."""
    slot = st.empty()
    if not show:
        return
    with slot.container():
        st.markdown(wording.EXAMPLES_INTRO)
        for number, question in enumerate(wording.EXAMPLE_QUESTIONS):
            st.button(question, key=f"example-{number}", on_click=ask_example, args=(question,),
                      icon=":material/chat:")


def render_turn(service: QAService, turn: Turn, index: int, conversation: Conversation, chunks: list[Chunk]) -> None:
    with st.chat_message("user"):
        st.markdown(text_html(turn.question), unsafe_allow_html=True)
        if rewrite := understood_as(turn):  # with the question it rewrites, read before the answer that rests on it
            st.caption(text_html(rewrite), unsafe_allow_html=True)
    with st.chat_message("assistant"):
        turn_key = f"{index}"
        targets = citations.marker_targets(service, turn.citations, turn_key, turn.answer or "")
        if not turn.answerable:
            citations.render_answer_text(turn.answer or wording.NO_ANSWER_TEXT, turn.citations, targets,
                                         refusal=True, reason=turn.refusal)
        elif turn.answer:
            citations.render_answer_text(turn.answer, turn.citations, targets)
        else:
            st.markdown(wording.NO_ANSWER_SHOWN)
        if turn.note and not note_repeats_answer(turn):
            if is_fallback_note(turn.note):  # the language model failed or wrote nothing supported
                st.warning(escape_markdown(turn.note), icon=":material/swap_horiz:")
            else:
                st.caption(text_html(turn.note), unsafe_allow_html=True)
        if turn.citations:
            citations.render_cards(turn.citations, targets, chunks, turn.answer or "")
        with st.container(horizontal=True, vertical_alignment="center"):
            render_feedback(service, turn, index, conversation)
            st.download_button(wording.DOWNLOAD_ANSWER, _answer_export(service, conversation, index),
                               file_name=f"eaeu-qa-{conversation.id}-q{index + 1}.md", mime="text/markdown",
                               icon=":material/download:", key=f"download-{conversation.id}-{index}",
                               help=wording.DOWNLOAD_ANSWER_HELP, type="tertiary")
        if index == len(conversation.turns) - 1 and not st.session_state.get("failures"):
            render_answer_notice()  # at the last answer's end, just above the chat input, where Stop was clicked


def _answer_export(service: QAService, conversation: Conversation, index: int) -> str:
    """Answer `index` as Markdown, built once per session (an answered turn does not change; its feedback is not
    exported), as the sidebar's export keeps the conversation's."""
    cache = st.session_state.setdefault("answer_exports", {})
    key = (conversation.id, index, conversation.turns[index].turn_id)
    if key not in cache:
        cache[key] = answer_markdown(conversation, index, public_reader_links(service))
    return cache[key]


def render_feedback(service: QAService, turn: Turn, index: int, conversation: Conversation) -> None:
    if turn.feedback is not None:
        verdict = "helpful" if turn.feedback.get("helpful") else "not helpful"
        st.caption(wording.FEEDBACK_THANKS.format(verdict=verdict))
        return
    with st.popover(wording.FEEDBACK, icon=":material/rate_review:"):
        with st.form(key=f"feedback-{conversation.id}-{index}", clear_on_submit=True, border=False):
            verdict = st.radio(wording.FEEDBACK_QUESTION, wording.FEEDBACK_CHOICES, index=None, horizontal=True,
                               key=f"verdict-{conversation.id}-{index}")
            comment = st.text_area(wording.FEEDBACK_COMMENT, max_chars=2000, key=f"comment-{conversation.id}-{index}")
            if st.form_submit_button(wording.FEEDBACK_SEND):
                if verdict is None:
                    st.warning(wording.FEEDBACK_PICK)
                    return
                entry = FeedbackEntry(conversation_id=conversation.id, turn=index, question=turn.question,
                                      answer=turn.answer, helpful=verdict == wording.FEEDBACK_CHOICES[0],
                                      comment=comment, cited_chunks=[c.chunk_id for c in turn.citations],
                                      answerable=turn.answerable, workspace=session.workspace())
                try:
                    service.record_feedback(entry)
                    turn.feedback = {"helpful": entry.helpful, "comment": entry.comment}
                    service.conversations(session.workspace()).save(conversation)
                    st.rerun()
                except OSError as exc:
                    log.exception("Recording feedback failed")
                    st.error(wording.FEEDBACK_NOT_SAVED.format(problem=exc))


# --- answering the queue -----------------------------------------------------------------------------

def render_failures() -> None:
    """Questions that got no answer (invalid, documents unavailable, an error) with the reason, until the next one;
    the notice about the last answer with the last of them (or, with no turn to show it, after the chat)."""
    failures = st.session_state.get("failures", [])
    for number, (question, level, message) in enumerate(failures):
        with st.chat_message("user"):
            st.markdown(text_html(question.strip() or wording.EMPTY_QUESTION), unsafe_allow_html=True)
        with st.chat_message("assistant"):
            if level == "warning":
                st.warning(message, icon=":material/edit_note:")
            elif level == "info":
                st.info(message, icon=":material/stop_circle:")
            else:
                st.error(message, icon=":material/error:")
            if number == len(failures) - 1:
                render_answer_notice()
    render_answer_notice()


def answer_notice(message: str, level: str = "info") -> None:
    """A notice about the last answer ("info": a late Stop; "warning": the answer was not saved)."""
    st.session_state[ANSWER_NOTICE_KEY] = (level, message)


def render_answer_notice() -> None:
    if notice := st.session_state.pop(ANSWER_NOTICE_KEY, None):
        level, message = notice
        if level == "warning":
            st.warning(escape_markdown(message), icon=":material/save:")
        else:
            st.info(message, icon=":material/stop_circle:")


def render_queue(service: QAService, conversation: Conversation, workspace: str) -> None:
    """Answer the oldest queued question (status at once, text as it streams); later ones wait visibly."""
    pending, counter = session.queue(), session.taken()
    if not pending:
        return
    question = pending[0]
    with st.chat_message("user"):
        st.markdown(text_html(question.strip() or wording.EMPTY_QUESTION), unsafe_allow_html=True)
    box = st.chat_message("assistant")
    for waiting in pending[1:]:  # sent during this answer: shown in order, answered next
        with st.chat_message("user"):
            st.markdown(text_html(waiting.strip() or wording.EMPTY_QUESTION), unsafe_allow_html=True)
            st.caption(wording.WAITING)
    with box:
        answer, failure = _answer(service, question, conversation, workspace, counter["count"])
    if answer is None:
        failures = st.session_state.setdefault("failures", [])
        failures.append((session.take_first(pending, counter), *failure))
        st.rerun()
    conversation.add(Turn.from_answer(answer.question, answer))
    session.take_first(pending, counter)  # no Streamlit call between add and take: a rerun cannot separate them
    try:
        service.conversations(workspace).save(conversation)
        st.query_params["c"] = conversation.id
    except OSError as exc:
        log.exception("Saving the conversation failed")
        answer_notice(wording.NOT_SAVED.format(problem=exc), "warning")  # under this answer, not at the page's top
    st.session_state.scroll_to_answer = uuid.uuid4().hex
    st.rerun()


def _answer(service: QAService, question: str, conversation: Conversation, workspace: str, number: int
            ) -> tuple[Answer | None, tuple[str, str]]:
    """The Answer to the queue's question `number`, or None and (level, message) saying why there is none."""
    started = time.perf_counter()
    # Collapsed: nothing is drawn inside it (the draft and Stop are under it), and open it showed an empty box.
    status = st.status(wording.STATUS_SEARCHING, expanded=False)
    # The draft and the Stop button sit under the status (not in it: a status can collapse while it runs).
    slot, stop = st.empty(), st.empty()
    try:
        with status:
            question = service.validate(question)
            # Clicking Stop reruns the script: Streamlit interrupts this loop at its next call, the stream is
            # closed (and with it the model's HTTP stream), and _stop discards the unfinished answer. The button
            # carries the question's number (and its key differs per question): a click that reaches the server
            # after this answer was done can never stop a later question.
            stop.button(wording.STOP, key=f"stop-answer-{number}", icon=":material/stop_circle:", on_click=_stop,
                        args=(number,))
            _wait_for_documents(status, workspace)
            text, final = "", None
            generating = service.settings.answerer == "llm"
            for piece in service.stream(question, history=conversation.history(), workspace=workspace):
                if isinstance(piece, Answer):
                    final = piece
                    continue
                if not text:
                    status.update(label=wording.STATUS_WRITING if generating else wording.STATUS_COMPOSING)
                text += piece
                slot.markdown(answer_html(text, [], {}, css="eaeu-answer eaeu-draft"), unsafe_allow_html=True)
            stop.empty()
            slot.empty()
            if final is None:
                raise RuntimeError("the answer stream ended without a final Answer")
        # Still running: the run that draws the answer is yet to come (render_queue's rerun).
        done = wording.STATUS_DONE if final.answerable else wording.STATUS_REFUSED  # a refusal has no sources
        status.update(label=done.format(seconds=time.perf_counter() - started), state="running", expanded=False)
        return final, ("", "")
    except InvalidQuestion as exc:
        return None, ("warning", str(exc))
    except (CorpusError, IndexUnavailable) as exc:
        log.exception("Corpus or index problem")
        return None, ("error", wording.NOT_SEARCHABLE.format(problem=exc))
    except Exception as exc:  # noqa: BLE001 - a short message in the page, the traceback in the log
        log.exception("Answering %r failed", question)
        return None, ("error", wording.ANSWER_FAILED.format(kind=type(exc).__name__))


def _wait_for_documents(status, workspace: str) -> None:
    """A question sent while this workspace's documents are being added or removed (in an upload's run, which goes on
    beside this one) waits until that is done, and its status says what it waits for (audit A11)."""
    if not (under_way := changes.pending(workspace)):
        return
    status.update(label=wording.STATUS_WAITING_FOR_DOCUMENTS.format(work="; ".join(under_way)))
    while changes.wait(workspace, WAIT_POLL_S):
        INPUT_KEY in st.session_state  # noqa: B015 - an interruption point: Stop (a rerun) ends this run here
    status.update(label=wording.STATUS_SEARCHING)


def _stop(number: int) -> None:
    """The Stop button's callback, run before the rerun its click causes (which interrupted the answering run):
    the question `number` leaves the queue with a "stopped" message if it is still the one being answered;
    otherwise its answer had ended (answered or failed) before the click arrived, and nothing is stopped. A second
    click on a question already stopped (a double click, or one before the stop's rerun drew the page) adds nothing."""
    pending, counter = session.queue(), session.taken()
    failures = st.session_state.setdefault("failures", [])
    if pending and counter["count"] == number:
        failures.append((session.take_first(pending, counter), "info", wording.STOPPED))
        st.session_state.stopped_number = number
    elif st.session_state.get("stopped_number") != number:
        answer_notice(wording.STOP_TOO_LATE)


def keep_answer_start_in_view() -> None:
    """After a new answer, scroll to its question, not to the last source card."""
    token = st.session_state.pop("scroll_to_answer", None)
    if not token:
        return
    # Streamlit's scroll container sticks to the bottom while content arrives: it scrolls back down whenever it
    # is "stuck" and not at the bottom, and a programmatic scroll unsticks it only when the page's size did not
    # change since its previous scroll event. So keep the question in view for at least MIN_MS and then until the
    # page has settled: the script run is over, nothing changed for SETTLE_MS, AND the question stayed in view for
    # SETTLE_MS (while the container still pulls down, it does not). At most LIMIT_MS on a slow machine; the
    # reader scrolling, clicking or typing ends it at once.
    st.html(f"""<script>/* {token} */
      (() => {{
        const MIN_MS = 5000, SETTLE_MS = 1000, LIMIT_MS = 30000, QUIET_MS = 150;
        let stop = false;
        let changed = Date.now(), pulled = Date.now(), moved = 0;
        const scrolled = () => {{ moved = Date.now(); }};
        document.addEventListener("scroll", scrolled, {{capture: true, passive: true}});
        const halt = () => {{ stop = true; }};
        ["wheel", "touchstart", "keydown", "mousedown"].forEach(e => window.addEventListener(e, halt, {{once: true}}));
        const watcher = new MutationObserver(() => {{ changed = Date.now(); }});
        watcher.observe(document.body, {{childList: true, subtree: true, characterData: true}});
        const started = Date.now();
        const timer = setInterval(() => {{
          const now = Date.now();
          const running = document.querySelector('[data-testid="stStatusWidget"]') !== null;
          const settled = now - started > MIN_MS && !running && now - changed > SETTLE_MS
                          && now - pulled > SETTLE_MS;
          if (stop || now - started > LIMIT_MS || settled) {{
            clearInterval(timer);
            watcher.disconnect();
            document.removeEventListener("scroll", scrolled, {{capture: true}});
            return;
          }}
          const messages = document.querySelectorAll('[data-testid="stChatMessage"]');
          const question = messages[messages.length - 2];
          if (!question) return;
          const top = question.getBoundingClientRect().top;
          if (top < 0 || top > window.innerHeight * 0.5) {{
            pulled = now;
            // Streamlit handles scroll events at most every 100 ms and re-sticks 34 ms after the page leaves the
            // bottom: a scroll made while its own scrolling is still settling is undone. Scroll only once the page
            // has been still for QUIET_MS, so Streamlit reads it as the reader's and stops following the bottom.
            if (now - moved > QUIET_MS) question.scrollIntoView({{block: "start"}});
          }}
        }}, 100);
      }})();
    </script>""", unsafe_allow_javascript=True)


def public_reader_links(service: QAService) -> Callable[[Citation], str] | None:
    """The citations' reader deep links at the app's public address (Settings.public_url), for the Markdown export;
    None when none is configured: the address the browser used (http://localhost:8501/...) is useless once the file
    leaves the machine, and the export gives each quote's locator and document instead."""
    base = service.settings.public_url.rstrip("/")
    if not base:
        return None

    def link(citation: Citation) -> str:
        href = citations.marker_targets(service, [citation], "export")[citation.n].reader_href
        return f"{base}/{href}" if href else ""

    return link
