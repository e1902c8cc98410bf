"""Corpus-specific strings in one place: source ids, document names, refusal and notice wording."""

from __future__ import annotations

# Source ids of the corpus (corpus/sources.toml).
ANALYSIS_SOURCE = "article"
TREATY_SOURCES = ("eaeu_treaty", "accession_treaty")
CORPUS_SOURCES = (ANALYSIS_SOURCE, *TREATY_SOURCES)  # any other source is a user's upload
DEFAULT_TREATY = "eaeu_treaty"  # a bare "Article 10" means the EAEU Treaty
ANNEXED_TREATY_TITLE = "EAEU Treaty"  # the treaty whose annexes are referred to but not in the corpus

# User-facing wording of refusals and notices.
# In English and in Russian, which most readers of a question in another language here can read.
NOT_ENGLISH = ("Please ask in English: the documents (an analysis article and the English translations of "
               "two treaties) are in English, and questions in other languages cannot be matched to them. "
               "Пожалуйста, задайте вопрос на английском языке: документы (аналитическая статья и английские "
               "переводы двух договоров) написаны на английском, и вопросы на других языках с ними сопоставить "
               "нельзя.")
MISSING_REFERENCE = "The documents contain no {missing}."
MISSING_SEPARATOR = " or "  # between several missing provisions in one MISSING_REFERENCE
MISSING_ARTICLE = "Article {article} in the {title}"
MISSING_PARAGRAPH = "paragraph {paragraph} of Article {article} in the {title}"
ANNEX_MISSING = "{annex} of the " + ANNEXED_TREATY_TITLE + " is not in the documents, so they cannot say what it contains."
ANNEX_REFERRED = "What the documents do say is where it is referred to: {sentence}"
# An answer to a question that names a document none of whose passages is quoted ("is that in the accession treaty
# too?" answered from the EAEU Treaty alone; extractive.absent_documents): {absent} the named documents' short titles,
# {quoted} the quoted ones', each joined by DOCUMENTS_JOINER.
DOCUMENT_ABSENT = "None of the passages found in the {absent} answers this; the quotes are from the {quoted}."
DOCUMENTS_JOINER = " or the "
WEAK_EVIDENCE = "The documents do not answer this question."
# A question outside the documents' subject altogether (answerability.off_topic): no closest passage is shown.
OFF_TOPIC = ("The documents are about Kyrgyzstan's case against Russia at the EAEU Court over compulsory medical "
             "insurance for migrant workers' family members, and the EAEU Treaty and Kyrgyzstan's Accession Treaty it "
             "turns on; they do not cover this.")
# What a turn that asks nothing ("thanks!", "ok") gets where the off-topic gate refuses it: a short neutral reply, not
# the refusal of a question (answerability.asks_nothing).
ACKNOWLEDGED = ("Ask me anything else about Kyrgyzstan's case against Russia at the EAEU Court or the treaties it "
                "turns on.")
# Every refusal's opening (the answerer's Verdict kinds: weak_evidence, off_topic, not_english, missing_reference,
# annex_content): history.refused recognises an earlier refused turn by it; a {field} stands for any text.
REFUSALS = (WEAK_EVIDENCE, OFF_TOPIC, NOT_ENGLISH, MISSING_REFERENCE, ANNEX_MISSING, ACKNOWLEDGED)
CLOSEST_PASSAGE = "The closest passage is: {sentence}"
ANNEX_POINTER = "The closest passage refers to {annex} of the " + ANNEXED_TREATY_TITLE + \
    ", which is not in the documents: {sentence}"

# After the quotes that answer a follow-up asking for the previous answer in other words ("explain it more simply",
# "summarise that": condensing.restate, Condensed.restated): the extractive answerer quotes and cannot paraphrase (browser audit s23 A8).
QUOTES_ONLY = "This assistant quotes the documents and does not rephrase them: the passages above are their own words."

# After an article's overview that leaves paragraphs out (answering/overview.py).
# {shown}: "the first 6" ("5 of the first 6" when a paragraph has no sentence); {treaty}: "" for the EAEU Treaty (a
# bare "Article N" means it), else " of the Kyrgyz Accession Treaty".
OVERVIEW_CUT = ("{article} has {count} paragraphs; above are the opening sentences of {shown}. To read another, ask "
                "for it by its number, e.g. \u201cWhat does Article {number}({next}){treaty} say?\u201d")

# How a treaty quote is introduced in an answer sentence.
TREATY_VERB_ARTICLE = "provides that"
TREATY_VERB_OTHER = "states"
# The OCR of the treaty text lost some paragraphs' opening "N. In" or "N. A" (97(9) reads "case of preschedule
# abrogation ...", 98(1) "member State worker ..."). "[a]" guessed the word and was wrong for "In" (13 of the 19
# damaged paragraphs); the bracketed ellipsis says that words are missing without guessing which.
EDITORIAL_OPENING = "[\u2026] "
QUOTE_ELLIPSIS = " \u2026 "  # between a list item's lead-in and the item, in place of the words left out

# How a follow-up is rewritten (the rewrite is shown as "Understood as: ..."). The words that put a conversation's
# topic before a question that cannot take it inside ('As for the Supreme Council, who pays for the meetings?':
# English topicalisation, which also gives a pronoun its antecedent; condensing.topic.join_context), and the opening of
# an elliptical turn that switches the topic ('What about pensions for my wife?'; condensing.switch.switch_rewrite).
TOPIC_LEAD = "As for"
SWITCH_LEAD = "What about"

# The two parties of the case the analysis is about ("Kyrgyzstan v. Russia"), each by the starts of the words that
# name it (the country, its adjective, its capital: "Bishkek argues", "Moscow maintains"): outcome.py reads which of
# them prevails in an "if ..." of a question and in the analysis's scenarios.
CASE_PARTIES = (("kyrgyz", "bishkek"), ("russia", "moscow"))
