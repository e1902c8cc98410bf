"""Where the conversation's topic goes in a rewrite: for 'that', after a verb of saying, or first ('As for X')."""

from __future__ import annotations

import re

from ..answering.wording import DEFAULT_TREATY, TOPIC_LEAD
from .switch import ABOUT_VERBS
from ..entities import AUXILIARIES, STOPWORDS, SUBORDINATORS, WH_WORDS, CorpusTerms, document_of, tokens
from .phrasing import detokenise
from ..references import mentioned_sources, names_provision

_GOVERNING = frozenset({"about", "for", "from", "on", "to", "with", "into", "against", "of", "by", "after"})


def place_topic(rewritten: str, topic: str, pointers: list[tuple[int, str]], clause: bool = False) -> str:
    """'Who pays for that?' + 'the EAEU budget' -> 'Who pays for the EAEU budget?': the one word still pointing
    back at a statement ('that', 'this', 'it'), as an object or when the topic is a statement itself, gives way
    to a topic of one phrase; a question ending in a verb of
    saying takes it with 'about'; otherwise the topic leads the question ('As for <topic>, ...': join_context)."""
    words = tokens(rewritten)
    single = " and " not in topic and "," not in topic  # a list of phrases reads badly as a subject or object
    at = pointers[0][0] if len(pointers) == 1 else 0
    governed = at > 0 and words[at - 1].lower() in _GOVERNING  # 'pays for that', not 'is that also true'
    after = words[at + 1].lower() if at + 1 < len(words) else "?"
    done = at > 0 and words[at - 1].lower() in {"do", "does", "did", "doing", "done"} and (
        not after.isalpha() or after in STOPWORDS)  # 'why would they do that?' (not 'how long does that take?'): no
    # clause reads after a main verb 'do' ('do refusing to ...'; ellipsis.resolve_pro_verb puts the verb phrase if it can)
    if single and (clause or governed) and not done and len(pointers) == 1 and pointers[0][1] in {"proposition", "pronoun"} \
            and words[at].lower() in {"that", "this", "it"}:
        phrase = topic.split()
        if clause and (verb := next((i for i, w in enumerate(phrase) if w.endswith("ing")), 0)) \
                and re.search(rf"\b{re.escape(' '.join(phrase[:verb]))}\b", rewritten, re.I):
            phrase = phrase[verb:]  # 'Does a country still owe money after that?': 'after leaving the EAEU', not
            # 'after a country leaving the EAEU' (the clause's subject is the question's own)
        return detokenise(words[:at] + phrase + words[at + 1:])
    last = [w.lower() for w in words if w[0].isalnum()][-1:]
    if not pointers and last and last[0] in ABOUT_VERBS:
        return f"{rewritten.rstrip(' ?.!')} about {topic}?"  # 'What does Russia say about ...?'
    return join_context(rewritten, topic)


# Where the question starts after a leading topic: its first word is one that opens a question or a clause.
_QUESTION_START = re.compile(r", (?=(?:%s)\b)" % "|".join(sorted(WH_WORDS | AUXILIARIES | SUBORDINATORS)))


def join_context(question: str, topic: str) -> str:
    """'Who proposes the candidates?' + 'the Apparatus of the Court' -> 'As for the Apparatus of the Court, who
    proposes the candidates?' (the question's first word lower-cased unless it is a name or 'I')."""
    body = question.strip().rstrip(" ?.!")
    first = tokens(body)[:1]
    if first and (first[0].lower() in STOPWORDS | AUXILIARIES or first[0].lower() == "if"):
        body = body[:1].lower() + body[1:] if first[0] != "I" else body
    return f"{TOPIC_LEAD} {topic}, {body}?"


def own_question(standalone: str, topic: str = "") -> str:
    """A rewrite without the topic join_context put before it ('As for X, who pays?' -> 'who pays?'). Given the
    `topic` that was joined, exactly the question after it; without (a rewrite stored before the own question was),
    the text after the first ', ' that opens a question or a clause, or the whole rewrite when there is none."""
    if not standalone.startswith(f"{TOPIC_LEAD} "):
        return standalone
    if topic:
        joined = f"{TOPIC_LEAD} {topic}, "
        return standalone[len(joined):] if standalone.startswith(joined) else standalone
    parts = _QUESTION_START.split(standalone, maxsplit=1)
    return parts[1] if len(parts) == 2 else standalone


_DOCUMENT_PREPOSITIONS = frozenset({"in", "under", "from", "by"})  # 'of' only when the turn names another source


def document_spans(text: str, terms: CorpusTerms, prepositions: frozenset[str] = _DOCUMENT_PREPOSITIONS
                   ) -> list[tuple[int, int, str]]:
    """(start, end, source id) of each phrase after one of `prepositions` in `text`'s tokens that names one of the
    sources ('under the EAEU Treaty', 'in the accession treaty', 'in the article'; condensing.focus.is_document), longest
    first."""
    from .focus import is_document  # condensing.focus -> ... -> condensing.switch; this module is imported later

    words = tokens(text)
    spans = []
    for i, word in enumerate(words):
        if word.lower() not in prepositions:
            continue
        for j in range(min(len(words), i + 6), i + 1, -1):
            phrase = " ".join(words[i + 1:j])
            if words[j - 1].lower() in terms.title_heads and is_document(phrase, terms):
                spans.append((i, j, document_of(phrase, terms) or phrase.lower()))
                break
    return spans


def without_other_document(topic: str, text: str, terms: CorpusTerms) -> str:
    """The topic without its phrase naming a source when the turn names another source ('is that in the accession
    treaty too?' after 'Do family members of workers get medical care under the EAEU Treaty?': the topic's 'under the
    EAEU Treaty' goes, and so does an 'of <source>' after a noun ('the rules of the EAEU Treaty'), so the rewrite does
    not ask about both treaties); a provision keeps its treaty ('Article 8 of the EAEU Treaty': the accession treaty's Article 8 is
    another article); a bare provision (the EAEU Treaty's: 'Article 98') goes when the turn names another source
    other than as where to look ('and when was the accession treaty signed?', 'and what does the article say ...?';
    not 'is that in the accession treaty too?', which compares with it); the topic unchanged otherwise."""
    placed = {source for _, _, source in document_spans(text, terms)}
    if mentioned_sources(text) - {DEFAULT_TREATY} - placed:
        kept = [part for part in topic.split(" and ") if not (names_provision(part) and " of " not in part)]
        topic = " and ".join(kept)
    own = placed
    if not own or not topic:
        return topic
    words = tokens(topic)
    for start, end, source in document_spans(topic, terms, _DOCUMENT_PREPOSITIONS | {"of"}):
        if words[start].lower() == "of" and start and (words[start - 1][:1].isdigit() or words[start - 1] == ")"):
            continue  # 'Article 8 of the EAEU Treaty': the number is that treaty's (the accession treaty has its own)
        if source not in own:
            topic = topic.replace(" " + " ".join(words[start:end]), "", 1)
    return topic
