"""Every user-facing sentence of the app, in one place."""

from __future__ import annotations

from ..answering.wording import WEAK_EVIDENCE

APP_TITLE = "Kyrgyzstan v. Russia at the EAEU Court"
PAGE_TITLE = "EAEU Court: Kyrgyzstan v. Russia — Q&A"
APP_INTRO = ("Answers come only from the analysis article, the EAEU Treaty and Kyrgyzstan's accession treaty "
             "(plus documents you add). Check every claim against the quoted passage: point at or tap a [n] "
             "marker to see its source.")
EXAMPLES_INTRO = ("Ask about Kyrgyzstan's case against Russia at the EAEU Court over medical insurance for "
                  "migrant workers' families. Every answer quotes the passages it rests on. Try:")
EXAMPLE_QUESTIONS = [
    "What does Article 98 of the EAEU Treaty say about medical care for workers' family members?",
    "Why did Kyrgyzstan take Russia to the EAEU Court?",
    "Does a Kyrgyz worker in Russia need a work permit?",
]
CHAT_PLACEHOLDER = "Ask a question about the case or the treaties"
STATUS_SEARCHING = "Searching the documents…"
STATUS_COMPOSING = "Composing the answer…"
# The answer is ready and the page is being drawn with it (a new script run: a few seconds on a loaded machine,
# when "Answered in 0.8 s" with a tick and nothing under it looked finished and empty).
STATUS_DONE = "Answered in {seconds:.1f} s; showing it with its sources…"
# The same for a refusal, which has no sources to show (review s20 R9).
STATUS_REFUSED = "Answered in {seconds:.1f} s; showing the reply…"
# The label over a refusal (ui_format.refusal_heading); the second when the question's language was the reason
REFUSAL_HEADING = "Not in the documents"
LANGUAGE_HEADING = "English only"
STATUS_WRITING = "The language model is writing; its sentences are checked against the passages when it is done…"
STOP = "Stop"
STOPPED = ("You stopped the answer. The unfinished text was discarded: an answer is shown only after each of its "
           "sentences has been checked against its passage.")
STOP_TOO_LATE = "The answer had already ended when your Stop click arrived, so nothing was stopped."
WAITING = "Waiting: this question is answered as soon as the one above is done."
# A question that cannot be asked (chain.validate_question raises InvalidQuestion with these; the service and the
# command line show them).
QUESTION_EMPTY = "Please type a question."
QUESTION_CONTROL_ONLY = "The question holds only control characters, no text; please type a question."
QUESTION_NO_WORDS = "The question holds no words, only punctuation or symbols; please type a question."
QUESTION_TOO_LONG = "The question is {length:,} characters long; please keep it under {limit:,}."
TOO_LONG = ("Your question is {length:,} characters long; the limit is {limit:,}. Shorten it below and send "
            "it again; nothing was sent.")
SEND_EDITED = "Send the shortened question"
NOT_SEARCHABLE = "The documents cannot be searched right now: {problem}"
ANSWER_FAILED = ("Something went wrong while answering ({kind}). Your conversation is kept; please try again "
                 "or rephrase.")
NOT_SAVED = "The answer is shown but the conversation could not be saved: {problem}"
CONVERSATION_GONE = "That conversation is no longer saved; here is a new one."
UNDERSTOOD_AS = "Understood as: {question}"
# The exported Markdown (ui_format): how to find each quote without the app
EXPORT_CHECK = ("Every quote is verbatim; find it in its document by its locator (article and paragraph, "
                "or section).")
SOURCES_HEADING = "Sources"  # over the source cards, bold, then SOURCES_NOTE
SOURCES_NOTE = "the highlighted words are quoted verbatim:"
NO_ANSWER_TEXT = WEAK_EVIDENCE  # a turn without answer text reads as the answerers' refusal
EDITORIAL_NUMBER = ("paragraph number added by the editors: the source lost it in digitisation, so "
                    "“{locator}” is reconstructed, not original")
READ_IN_READER = "Read it in the document"
SOURCE_FILE = "source file (raw XML, provenance)"
GO_TO_CARD = "Go to the source card"
EDITORIAL_BADGE = "editorial number"
UPLOAD_BADGE = "from your document"
FEEDBACK_QUESTION = "Was this answer helpful?"
FEEDBACK_CHOICES = ["Helpful", "Not helpful"]
FEEDBACK_PICK = "Please choose Helpful or Not helpful."
FEEDBACK_THANKS = "Thank you: you marked this answer {verdict}."
# A count and its noun, singular for 1 ("1 passage"): ui_format.counted(count, FORMS)
PASSAGES = ("{count} passage", "{count} passages")
PARAGRAPHS = ("{count} paragraph", "{count} paragraphs")
VALID_ITEMS = ("{count} valid item", "{count} valid items")
# Sidebar
CONVERSATIONS = "Conversations"
NEW_CONVERSATION = "New conversation"
EXPORT = "Export this conversation (Markdown)"
DOWNLOAD_ANSWER = "Download this answer"  # beside each answer's Feedback: the question, answer and sources
DOWNLOAD_ANSWER_HELP = "This question and its answer with the quoted sources, their links and attribution (Markdown)"
SAVED_HERE = "Saved in this browser's private workspace"
WORKSPACE_NOTE = ("Your conversations and documents are private to this browser. The address (with `w=`) is "
                  "the key to them: share it only with people who may see them.")
DELETED = "Deleted “{title}”."
UNDO = "Undo"
YOUR_DOCUMENTS = "Your documents"
UPLOAD_LABEL = "Add your own document (.txt, .md, .pdf)"
UPLOAD_HELP = "Up to {mb} MB per file. Only you (this browser's workspace) can search it."
UPLOAD_ADDED = "Added {title} ({passages}). It is cited like the other documents, marked “from your document”."
UPLOAD_FAILED = "{name} could not be added ({kind})."
UPLOAD_PREPARING = "Adding {name}: reading it and preparing it for questions…"
# A question sent while the workspace's documents change waits; its status says for what (ui/changes.py)
DOCUMENT_BEING_ADDED = "{name} is being added to your documents"
DOCUMENT_BEING_REMOVED = "{name} is being removed from your documents"
STATUS_WAITING_FOR_DOCUMENTS = "Waiting: {work}. Your question is searched as soon as that is done…"
UPLOAD_REMOVING = "Removing {title}…"
UPLOAD_REMOVED = "Removed {title}."
UPLOAD_NOT_REMOVED = "{title} could not be removed ({kind})."
CONFIRM_REMOVE = "Remove “{title}” from your documents?"
ANSWERER = "Answerer"
ANSWERER_EXTRACTIVE = "Extractive (quotes the passages)"
ANSWERER_LLM = "Language model: {endpoint}"
ANSWERER_HELP = ("Extractive quotes the passages verbatim. The language model writes its own sentences; each "
                 "is checked against the passage it cites, and unsupported ones are removed.")
ANSWERER_NO_LLM = ("Only the extractive answerer is available. Set EAEU_QA_LLM_BASE_URL and EAEU_QA_LLM_MODEL "
                   "(an OpenAI-compatible server) or EAEU_QA_OLLAMA_MODEL to add a language model.")
CORPUS_AND_INDEX = "Corpus and index"
INDEX_LINE = "Index {fingerprint}, built {built_at} in {seconds:.1f} s; {passages}, model {model}."
INDEX_MISSING = "No index has been built yet; it is built with the first question (or with Rebuild index)."
REBUILD = "Rebuild index"
REBUILT = "Index rebuilt: {passages} in {seconds:.1f} s."
NOT_REBUILT = "The index was not rebuilt: {problem}"
NOT_REBUILT_KIND = "The index was not rebuilt ({kind}); the previous one is still in use."
REBUILD_UNDER_WAY = ("The index is being rebuilt. Questions are answered from the current index until the new one is "
                     "ready.")
REBUILD_BUSY = "A rebuild is under way; the button works again when it is done."
REBUILD_RUNNING = "Rebuilding the index…"  # the button's label while a rebuild runs (disabled)
# A click on Rebuild index when the index already matches the sources, chunker and model (e.g. a second click just
# after a rebuild finished, which started another: s15 audit) asks first, and says what a rebuild would do.
REBUILD_CURRENT = ("The index is up to date: built {built_at} from the current sources and model. A rebuild embeds "
                   "everything again (about {seconds:.0f} s last time); questions are answered from the current index "
                   "meanwhile. Rebuild it anyway?")
REBUILD_ANYWAY, REBUILD_CANCEL = "Rebuild anyway", "Cancel"
REBUILD_DISMISS = "Dismiss"
SETTING_INVALID = "A setting is invalid: {problem}"
LOADING = "Loading the model and the index…"
NAV_ASK, NAV_DOCUMENTS, NAV_EVALUATION = "Ask", "Documents", "Evaluation"
QUESTION_BOX = "Your question"
NO_ANSWER_SHOWN = "_(no answer text)_"
EMPTY_QUESTION = "(empty)"
FEEDBACK = "Feedback"
FEEDBACK_COMMENT = "Comment (optional)"
FEEDBACK_SEND = "Send feedback"
FEEDBACK_NOT_SAVED = "Your feedback could not be saved: {problem}"
SETTINGS = "Settings"
DELETE_CONVERSATION = "Delete this conversation (you can undo)"
# The icon buttons' names for a screen reader (their text is hidden on screen: style.CSS): a screen reader read each
# conversation's and each document's delete button as "delete icon", with no word of what it deletes.
DELETE_NAMED = "Delete the conversation “{title}”"
REMOVE_NAMED = "Remove the document “{title}”"
UPLOAD_LINE = "{title} — {passages}"
REMOVE_DOCUMENT = "Remove this document"
REMOVE, KEEP = "Remove", "Keep"
REBUILD_READING = "Reading and chunking the sources…"
# What a build embeds: each passage, each of its sentences and each distinct word of the corpus (index.embedded_texts).
# "Embedding passages: 3700 of 3700" and then "Index rebuilt: 535 passages" did not agree (audit s14).
REBUILD_EMBEDDING = "Embedding the passages, their sentences and the corpus's words: {done} of {total} texts"
SOURCE_STATE = "**{title}** — {passages}  \n{mark} checksum {state} · {licence}"
# Reader
READER_TITLE = "Documents"
READER_INTRO = ("Read the analysis article and both treaties. Citations link here, to their exact paragraph, "
                "with the quoted words highlighted.")
READER_SEARCH = "Search this document"
READER_NO_HITS = "No paragraph contains all of these words."
READER_CONTENTS = "Contents"
READER_UNKNOWN_PLACE = "There is no paragraph “{loc}” in this document; showing its beginning."
READER_DOCUMENT = "Document"
READER_SEARCH_EXAMPLE = "e.g. medical care"
READER_HITS = "{paragraphs}"
READER_HITS_CUT = "The first {count} matching paragraphs; add a word to narrow the search."
# Evaluation
EVAL_PAGE_TITLE = "Evaluation — EAEU Court Q&A"
EVAL_TITLE = "Evaluation"
EVAL_INTRO = ("Runs every question through the same chain as the chat and scores retrieval, citations, key facts "
              "and refusals. The metric definitions, the question format and each session's log are below the "
              "results, before the history of runs (links below).")
EVAL_UNREADABLE = "The question set could not be read: {problem}"
EVAL_WITH_PEER = "Compare with the baseline (LangChain tutorial pipeline)"
EVAL_SKIPPED = "Skipped {problem}"
EVAL_VALID_ITEMS = "{items}."
EVAL_RUN = "Run evaluation"
EVAL_FAILED = "The evaluation could not run: {kind}: {problem}"
EVAL_QUESTION_SET = "Question set"
EVAL_UPLOAD = "Upload a JSONL file"
EVAL_UPLOAD_LABEL = "JSON Lines file, one item a line (format: eval/README.md)"
EVAL_PROGRESS = "{name}: {done} of {total} questions"
EVAL_METRICS = "Metrics"
EVAL_BY_GROUP = "By question group"
EVAL_ITEMS = "Items"
EVAL_ONLY_FAILURES = "Only items with a problem"
EVAL_ITEMS_SHOWN = "{shown} of {total} items. Click a column header to sort, a row to open the item. Groups: {groups}."
EVAL_ITEM_SHOWN = "Item shown below"
EVAL_ITEM = "Item {id}"
EVAL_GOLD = "#### Question and gold"
EVAL_EARLIER = "Earlier questions: {questions}"
EVAL_UNANSWERABLE = "Unanswerable: the right answer is a refusal."
EVAL_KEY_FACTS = "**Key facts** (any phrasing counts)"
EVAL_ITEM_FAILED = "This item failed: {error}"
EVAL_REFUSED, EVAL_ANSWERED = "Refused", "Answered"
EVAL_EMPTY_ANSWER = "(empty answer)"
EVAL_HISTORY = "History of runs"
EVAL_DOCS = "Documentation"
# Under the intro: the keyboard's way past the results' tables (each column of a table is a Tab stop; audit N9).
EVAL_SKIP_LINKS = "Go to: [the documentation](#documentation) · [the history of runs](#history-of-runs)"
EVAL_HISTORY_SHOWN = "The newest {shown} of {total} runs; the chart shows them all."
EVAL_NO_HISTORY = "No run recorded yet: runs of this page and of `eaeu-qa eval` are listed here."
EVAL_UNREADABLE_DOC = "{path} cannot be read: {problem}"
EVAL_DOC_PICK = "Choose one of its {count} sections to read it here"
EVAL_DOC_FILE = "File: the metrics, the question set, or a session's log (newest first)"
EVAL_DOC_SECTION = "Section of {name}"
EVAL_DOC_METRICS = "Metric definitions and how to read them"  # docs/evaluation.md's label in the file picker
EVAL_DOC_QUESTION_SET = "The question set's format and groups"  # eval/README.md's
EVAL_DOC_SESSION_LOG = "{title}"
EVAL_DOC_IMAGE = "{text} (image: `{path}`)"
EVAL_DOC_START = "Introduction"
