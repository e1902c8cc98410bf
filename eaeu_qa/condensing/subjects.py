"""A question's subject, the thing it asks for and its topic phrases (cut at the verbs verbs.py finds)."""

from __future__ import annotations

import re

from ..entities import (AUXILIARIES, DETERMINERS, SPEAKER_POSSESSIVES, STOPWORDS, SUBJECT_JOINERS,
                        SUBJECT_PRONOUNS, SUBORDINATORS, WH_WORDS, CorpusTerms, content_words, tokens)
from .verbs import PREPOSITIONS, bare_verb_slots, inverted_aux, s_form, statement_verbs, verb_positions
from ..multipart import opening_aside, part_spans

# Words before an adjective ('most likely', 'how important'): such a word is no topic of its own.
_DEGREE = frozenset({"most", "more", "very", "how", "so", "too", "less", "least"})


def asked_for(question: str) -> set[str]:
    """The noun a 'which/what <noun>' question asks for: 'court' in 'Which court hears ...' (the first two
    words after 'which'/'what' are candidates: 'What social insurance ...' asks for insurance; 'which of the bodies'
    asks for a body)."""
    words = re.findall(r"[\w'’-]+", question.lower())
    start = next((i for i, w in enumerate(words[:3]) if w in {"which", "what"}), None)
    if start is None:
        return set()
    candidates = set()
    partitive = words[start + 1:start + 2] == ["of"] and words[start + 2:start + 3] in (["the"], ["its"], ["their"])
    if partitive:
        start += 2  # 'Which of the bodies of the EAEU sits in Minsk?' asks for one of the bodies
    for word in words[start + 1:start + 3]:
        if word in STOPWORDS or word in AUXILIARIES:
            break
        candidates.add(word)
    after = words[start + 2] if start + 2 < len(words) else ""
    if not partitive and words[start + 1:start + 2] and s_form(words[start + 1]) and after not in AUXILIARIES and after in \
            STOPWORDS | SUBORDINATORS:
        return set()  # 'What happens if ...', 'Who pays for ...': the wh-word is the subject of a verb
    return candidates


# Negated auxiliaries the stopword list lacks (a general class of English): a verb form, no topic word ('the EAEU Court
# cannot do' is the phrase 'the EAEU Court').
_NEGATED_AUXILIARIES = frozenset({"cannot", "couldn't", "shouldn't", "wouldn't", "mustn't", "needn't", "mightn't",
                                  "shan't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't"})


def topic_chunks(text: str, terms: CorpusTerms | None = None) -> list[str]:
    """Runs of content words (joined over 'of', 'on', 'to', 'for', 'the' and possessives), split at the
    main verb of a 'Wh- AUX subject VERB ...' question: the candidate phrases of a topic. A provision's paragraph
    stays with its article ('Article 98(3)', not 'Article 98' and 'the 3')."""
    words = _paragraphs_joined(tokens(text))
    verbs = verb_positions(words, terms)
    for start in _later_parts(text):  # each part of a question of two has its own main verb ('What does Kyrgyzstan
        verbs |= {start + v for v in verb_positions(words[start:], terms)}  # want and how does Russia answer?')
    if len(words) > 1 and words[0].lower() == "who" and words[1].lower() not in AUXILIARIES:
        verbs.add(1)  # 'Who counts as ...'
    verbs |= statement_verbs(words, terms) | bare_verb_slots(words, terms)  # a verb is no topic ('the decide')
    chunks, current, pending = [], [], []
    for i, word in enumerate(words):
        lower = word.lower()
        if i not in verbs and word[0].isalnum() and lower.strip("'’") not in STOPWORDS | PREPOSITIONS \
                and lower.replace("’", "'") not in _NEGATED_AUXILIARIES and not (
               not current and i and words[i - 1].lower() in _DEGREE):
            if not current and i and words[i - 1].lower() == "the":
                current = ["the"]
            current += pending + [word]
            pending = []
        elif current and lower in SUBJECT_JOINERS - {"a", "an"} and i not in verbs:
            pending.append(word)
        else:
            if i in verbs and (i + 1 >= len(words) or not words[i + 1][0].isalnum()) and any(
                    w == "the" and current[k - 1].lower() not in STOPWORDS for k, w in enumerate(current[1:], 1)):
                current.append(word)  # a contact clause with its object gap: 'the scenarios the article describes'
            if current:
                chunks.append(" ".join(current))
            current, pending = [], []
    if current:
        chunks.append(" ".join(current))
    return chunks


def _later_parts(text: str) -> list[int]:
    """The token index (of _paragraphs_joined(tokens(text))) where each later part of a question of several starts
    (multipart.part_spans, the parts composition answers), and where the question proper starts after a short
    opening piece ("ok, and how does the court decide?": multipart.opening_aside), whose verb is the clause's own."""
    aside = opening_aside(text)
    starts = ([aside] if aside else []) + [aside + start for start, _ in part_spans(text[aside:])[1:]]
    # a part after '?' or ';' may open with "and": its clause, and so its verb, starts after it ('? and how does ...')
    return [len(_paragraphs_joined(tokens(text[:start]))) + bool(_CLAUSE_JOINER.match(text[start:])) for start in starts]


# The coordinators multipart.PART_BREAK joins parts with (a closed class of English, not a corpus signal).
_CLAUSE_JOINER = re.compile(r"(?:and|but|or)\s", re.I)


def _paragraphs_joined(words: list[str]) -> list[str]:
    """Tokens with a number's parenthesised paragraph joined to it: '98', '(', '3', ')' -> '98(3)'."""
    joined: list[str] = []
    for word in words:
        if word == ")" and len(joined) >= 3 and joined[-2] == "(" and joined[-1].isdigit() and joined[-3].isdigit():
            joined[-3:] = [f"{joined[-3]}({joined[-1]})"]
        else:
            joined.append(word)
    return joined


def modifiers_start(words: list[str], end: int, verbs: set[int]) -> int:
    """The first index of the run of content words just before words[end] (no function word, punctuation or verb
    slot in it; `end` when there is none): the modifiers of a noun ('a Kyrgyz worker' from 'worker' -> 'Kyrgyz')."""
    start = end
    while start and words[start - 1][0].isalnum() and words[start - 1].lower() not in STOPWORDS \
            and start - 1 not in verbs:
        start -= 1
    return start


def grammatical_subject(question: str, terms: CorpusTerms | None = None) -> str:
    """The subject of 'Wh- AUX <subject> VERB ...?': 'the Eurasian Economic Commission' in 'What does the
    Eurasian Economic Commission do?', 'the treaty on ... accession' in 'Where was the treaty on ... signed?'."""
    words = tokens(question)
    lowered = [w.lower() for w in words]
    aux = inverted_aux(lowered, words, terms)
    if aux is None:
        return ""
    verbs = verb_positions(words, terms)
    span, end = [], aux + 1
    while end < len(words) and end not in verbs and words[end][0].isalnum() and (
            lowered[end] not in STOPWORDS or lowered[end] in SUBJECT_JOINERS
            or (end == aux + 1 and lowered[end] in SPEAKER_POSSESSIVES)):
        if end == aux + 3 and lowered[aux + 1] in SPEAKER_POSSESSIVES and words[end].islower() \
                and lowered[end] not in SUBJECT_JOINERS:
            break  # 'Can my husband work ...': the user's 'my X' is one noun, then the verb
        span.append(words[end])
        end += 1
    while span and span[-1].lower() in SUBJECT_JOINERS:
        span = span[:-1]
    return " ".join(span) if content_words(" ".join(span)) else ""


def statement_subject(clause: str, terms: CorpusTerms | None = None) -> str:
    """The subject of a statement or subordinate clause, before its verb: 'my wife' in 'my wife is not working',
    'the court' in 'if the court rules in ...', 'migration' in 'if migration in the EAEU becomes ...'."""
    words = tokens(clause)
    lowered = [w.lower() for w in words]
    start = 1 if lowered[:1] and lowered[0] in SUBORDINATORS else 0
    if start >= len(words) or lowered[start] in WH_WORDS | AUXILIARIES | SUBJECT_PRONOUNS | {"it"}:
        return ""
    verbs = verb_positions(words, terms)
    span = []
    for i in range(start, len(words)):
        word = lowered[i]
        if i in verbs or word in AUXILIARIES or not words[i][0].isalnum():
            break
        if word in STOPWORDS and not (i == start and word in DETERMINERS - {"this", "that", "these", "those"}):
            break
        if len(span) == 2 and lowered[start] in SPEAKER_POSSESSIVES and s_form(word) and terms is not None \
                and terms.rarely_noun(word):
            break  # 'my husband works legally': the user's 'my X' and a verb the corpus hardly has as a noun
        span.append(words[i])
    nxt = lowered[start + len(span)] if start + len(span) < len(words) else "?"
    if len(span) > 2 - (lowered[start] not in DETERMINERS) and nxt in STOPWORDS - AUXILIARIES:
        span = span[:-1]  # 'the court rules [in]': before a preposition, the run's last word is its verb
    return " ".join(span) if content_words(" ".join(span)) else ""


def subject_phrase(text: str, terms: CorpusTerms | None = None) -> str:
    """What a question is about, as a noun phrase: the subject of its first clause that has one which is no bare
    pronoun ('my wife' in 'my wife is not working, can she get ...?'); when the question's wh-word is its own
    subject ('What could happen if the court rules ...?'), the subject of the clause that follows."""
    clauses = re.split(r"\s*[,;:]\s*|\s+(?=(?:if|when|once|unless|because)\s)", text.strip(" ?.!"))
    for clause in clauses:
        subject = grammatical_subject(clause + "?", terms) or statement_subject(clause, terms)
        if subject and re.sub(r"['’](?:m|re|s|ve|ll|d)$", "", subject.lower()) not in SUBJECT_PRONOUNS | {"it", "them"}:
            return subject
    return ""
