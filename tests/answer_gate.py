"""`streamlit run app.py` with gates on the answers that a browser test controls.

`streamlit run app.py` with gates on the answers that a browser test controls: `python answer_gate.py GATE
END_GATE run app.py ...`. While the file GATE exists, an answer that has streamed its first piece waits before the
rest; while END_GATE exists, the script run that shows a just-finished answer waits once the page is drawn. Both
waits stay interruptible (a question sent or a button clicked meanwhile reruns the script, as any Streamlit call
would let it). While the file UPLOAD_GATE exists beside GATE, adding an upload (QAService.add_upload) waits before
it starts; not interruptibly, as the real work (no Streamlit call in it) is not. While the file REBUILD_GATE exists
beside GATE, a rebuild of the index (QAService.rebuild, in its own thread) waits before it starts. While the file
SAVE_GATE exists beside GATE, saving a conversation (ConversationStore.save) waits: a finished answer is then held
between its status and the run that draws it.

So a test can send a second question or click Stop while an answer is certainly still streaming, or let a click
arrive right after an answer was done, whatever the machine's load: without the gate an extractive answer takes a
fraction of a second, and a loaded test process could look for its status, or send the second question, only
once it was over.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A gate holds for as long as its file exists and the test process that started this server lives (a gate left
# behind by a killed test opens at once). No time limit: a limit opened the rebuild gate early on a loaded machine,
# whose test waits up to 2 x 180 s while it is held (the review's T5), and a held answer or rebuild is then over.
STARTED_BY = os.getppid()
UPLOAD_GATE = "hold-uploads"  # the upload gate's file name, in GATE's folder
REBUILD_GATE = "hold-rebuilds"  # the rebuild gate's file name, in GATE's folder
SAVE_GATE = "hold-saves"  # the conversation-save gate's file name, in GATE's folder
POLL_S = 0.05


def _closed(gate: Path) -> bool:
    """The gate holds: its file exists and the test process that started this server is still its parent."""
    return gate.exists() and os.getppid() == STARTED_BY


def install(gate: Path, end_gate: Path) -> None:
    """Make QAService.stream wait at `gate` after its first piece, and the run that shows a new answer wait at
    `end_gate` once it has drawn the page (before chat.keep_answer_start_in_view, which ends every Ask page run)."""
    import streamlit as st

    from eaeu_qa.conversations import ConversationStore
    from eaeu_qa.service import QAService
    from eaeu_qa.ui import chat

    stream, keep_in_view, add_upload = QAService.stream, chat.keep_answer_start_in_view, QAService.add_upload
    rebuild, save = QAService.rebuild, ConversationStore.save
    upload_gate, rebuild_gate = gate.with_name(UPLOAD_GATE), gate.with_name(REBUILD_GATE)
    save_gate = gate.with_name(SAVE_GATE)

    def hold(gate: Path) -> None:
        while _closed(gate):
            # Reading the session state is one of Streamlit's interruption points: a rerun requested meanwhile
            # (a question sent) stops this run here, just as it would at the next streamed piece's markdown.
            "answer-gate" in st.session_state  # noqa: B015
            time.sleep(POLL_S)

    def gated_stream(self, question, *args, **kwargs):
        for number, piece in enumerate(stream(self, question, *args, **kwargs)):
            if number == 1:  # the first piece is on the page: the answer is streaming
                hold(gate)
            yield piece

    def gated_keep_in_view() -> None:
        if "scroll_to_answer" in st.session_state:  # this run shows an answer that has just been added
            hold(end_gate)
        keep_in_view()

    def wait_while(gate: Path) -> None:  # no Streamlit call: the real work it stands before has none either
        while _closed(gate):
            time.sleep(POLL_S)

    def gated_add_upload(self, *args, **kwargs):
        wait_while(upload_gate)
        return add_upload(self, *args, **kwargs)

    def gated_rebuild(self, *args, **kwargs):
        wait_while(rebuild_gate)
        return rebuild(self, *args, **kwargs)

    def gated_save(self, *args, **kwargs):
        wait_while(save_gate)
        return save(self, *args, **kwargs)

    QAService.stream = gated_stream
    ConversationStore.save = gated_save
    QAService.add_upload = gated_add_upload
    QAService.rebuild = gated_rebuild
    chat.keep_answer_start_in_view = gated_keep_in_view


def main() -> None:
    gate, end_gate, sys.argv = Path(sys.argv[1]), Path(sys.argv[2]), [sys.argv[0], *sys.argv[3:]]
    sys.path.insert(0, str(PROJECT_ROOT))
    install(gate, end_gate)
    from streamlit.web.cli import main as streamlit_main

    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
