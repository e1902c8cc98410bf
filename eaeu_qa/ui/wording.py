"""Every user-facing sentence of the app, in one place."""

from __future__ import annotations

APP_TITLE = "Kyrgyzstan v. Russia at the EAEU Court"
PAGE_TITLE = "EAEU Court: Kyrgyzstan v. Russia — Q&A"
APP_INTRO = ("Answers come only from the analysis article, the EAEU Treaty and Kyrgyzstan's accession treaty "
             "(plus documents you add). Check every claim against the quoted passage: point at a [n] marker "
             "to see its source.")
EXAMPLES_INTRO = ("Ask about Kyrgyzstan's case against Russia at the EAEU Court over medical insurance for "
                  "migrant workers' families. Every answer quotes the passages it rests on. Try:")
EXAMPLE_QUESTIONS = [
    "What does Article 98 of the EAEU Treaty say about medical care for workers' family members?",
    "Why did Kyrgyzstan take Russia to the EAEU Court?",
    "What does the Statute of the Court in Annex 2 say about who can bring a case?",
]
CHAT_PLACEHOLDER = "Ask a question about the case or the treaties"
STATUS_SEARCHING = "Searching the documents…"
STATUS_COMPOSING = "Composing the answer…"
STATUS_DONE = "Answered in {seconds:.1f} s"
STATUS_WRITING = "The language model is writing; its sentences are checked against the passages when it is done…"
STATUS_VERIFYING = "Checking each sentence against the passage it cites…"
STOP = "Stop"
STOPPED = ("You stopped the answer. The unfinished text was discarded: an answer is shown only after each of its "
           "sentences has been checked against its passage.")
WAITING = "Waiting: this question is answered as soon as the one above is done."
TOO_LONG = ("Your question is {length:,} characters long; the limit is {limit:,}. Shorten it below and send "
            "it again; nothing was sent.")
SEND_EDITED = "Send the shortened question"
NOT_SEARCHABLE = "The documents cannot be searched right now: {problem}"
ANSWER_FAILED = ("Something went wrong while answering ({kind}). Your conversation is kept; please try again "
                 "or rephrase.")
NOT_SAVED = "The answer is shown but the conversation could not be saved: {problem}"
CONVERSATION_GONE = "That conversation is no longer saved; here is a new one."
UNDERSTOOD_AS = "Understood as: {question}"
SOURCES_HEADING = "**Sources** — the highlighted words are quoted verbatim:"
NO_ANSWER_TEXT = "The documents do not answer this question."
EDITORIAL_NUMBER = ("paragraph number added by the editors: the source lost it in digitisation, so "
                    "“{locator}” is reconstructed, not original")
READ_IN_READER = "Read it in the document"
SOURCE_FILE = "source file (raw XML, provenance)"
GO_TO_CARD = "Go to the source card"
FEEDBACK_QUESTION = "Was this answer helpful?"
FEEDBACK_CHOICES = ["Helpful", "Not helpful"]
FEEDBACK_PICK = "Please choose Helpful or Not helpful."
FEEDBACK_THANKS = "Thank you: you marked this answer {verdict}."
# Sidebar
CONVERSATIONS = "Conversations"
NEW_CONVERSATION = "New conversation"
EXPORT = "Export this conversation (Markdown)"
SAVED_HERE = "Saved in this browser's private workspace"
WORKSPACE_NOTE = ("Your conversations and documents are private to this browser. The address (with `w=`) is "
                  "the key to them: share it only with people who may see them.")
DELETED = "Deleted “{title}”."
UNDO = "Undo"
YOUR_DOCUMENTS = "Your documents"
UPLOAD_LABEL = "Add your own document (.txt, .md, .pdf)"
UPLOAD_HELP = "Up to {mb} MB per file. Only you (this browser's workspace) can search it."
UPLOAD_ADDED = "Added {title} ({count} passages). It is cited like the other documents, marked “from your document”."
UPLOAD_FAILED = "{name} could not be added ({kind})."
UPLOAD_REMOVED = "Removed {title}."
CONFIRM_REMOVE = "Remove “{title}” from your documents?"
ANSWERER = "Answerer"
ANSWERER_EXTRACTIVE = "Extractive (quotes the passages)"
ANSWERER_LLM = "Language model: {endpoint}"
ANSWERER_HELP = ("Extractive quotes the passages verbatim. The language model writes its own sentences; each "
                 "is checked against the passage it cites, and unsupported ones are removed.")
ANSWERER_NO_LLM = ("Only the extractive answerer is available. Set EAEU_QA_LLM_BASE_URL and EAEU_QA_LLM_MODEL "
                   "(an OpenAI-compatible server) or EAEU_QA_OLLAMA_MODEL to add a language model.")
CORPUS_AND_INDEX = "Corpus and index"
INDEX_LINE = "Index {fingerprint}, built {built_at} in {seconds:.1f} s; {count} passages, model {model}."
INDEX_MISSING = "No index has been built yet; it is built with the first question (or with Rebuild index)."
REBUILD = "Rebuild index"
REBUILT = "Index rebuilt: {count} passages in {seconds:.1f} s."
NOT_REBUILT = "The index was not rebuilt: {problem}"
NOT_REBUILT_KIND = "The index was not rebuilt ({kind}); the previous one is still in use."
SETTING_INVALID = "A setting is invalid: {problem}"
# Reader
READER_TITLE = "Documents"
READER_INTRO = ("Read the analysis article and both treaties. Citations link here, to their exact paragraph, "
                "with the quoted words highlighted.")
READER_SEARCH = "Search this document"
READER_NO_HITS = "No paragraph contains all of these words."
READER_CONTENTS = "Contents"
READER_UNKNOWN_PLACE = "There is no paragraph “{loc}” in this document; showing its beginning."
ARTICLE_LICENCE = "Analysis article supplied by the project's user ({licence})."
