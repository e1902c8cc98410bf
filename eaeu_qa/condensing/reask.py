"""Turns that ask the previous question again: with another wh-word, a wh-phrase, party or object."""

from __future__ import annotations

import re

from .focus import is_document, parties
from .phrase import POINTING
from .switch import bare_phrase, opener_body
from ..entities import (AUXILIARIES, CONNECTIVES, DO_FORMS, MODALS, STOPWORDS, STRANDED_PREPOSITIONS, WH_WORDS,
                        CorpusTerms, tokens)
from .verbs import verb_positions
from .wordclass import classes
from .phrasing import detokenise, plural, without_possessive
from ..references import names_provision

# Openers that continue the previous turn: "And ...", "What about ...".
CONTINUATION = re.compile(r"^\s*(?:%s|what about|how about|what of)\b[\s,]*" % "|".join(CONNECTIVES), re.I)
_WH_PHRASE = WH_WORDS | {"since", "until", "till", "long", "often", "much", "many", "exactly"}


def asked_with(text: str, previous_question: str, terms: CorpusTerms | None = None) -> str:
    """'And where?' after 'When was the accession treaty signed?' -> 'Where was the accession treaty signed?': a
    turn that is only a wh-word asks the previous question again with it (in place of an adjunct wh-word; in place of
    an object one, about what the answer stated: _asked_of_statement); else ''."""
    body = opener_body(text)[0].strip(" ?.!")
    asked, words = [w.lower() for w in tokens(body)], tokens(previous_question)
    if not words or not asked or len(asked) > 3 or not set(asked) & WH_WORDS or set(asked) - _WH_PHRASE:
        return ""
    if words[0].lower() in AUXILIARIES and set(asked) & {"when", "where", "why", "how"}:
        # 'Since when?' after 'Is Kyrgyzstan a member ...?' (its first question)
        first = re.split(r"(?<=[?.!])\s+", previous_question.strip())[0]
        return f"{body[:1].upper()}{body[1:]} {words[0].lower()}{first[len(words[0]):]}"
    if len(asked) != 1 or words[0].lower() not in WH_WORDS or words[0].lower() == asked[0] or \
            asked[0] in {"what", "which", "whom", "whose"}:
        return ""
    if words[0].lower() in _ARGUMENT_WH:
        return _asked_of_statement(body, previous_question, terms)
    if words[0].lower() == "how" and len(words) > 1 and words[1].lower() in _DEGREE_WORDS:
        return ""  # 'How many judges ...?' + 'why?': the wh-phrase is more than its wh-word ('Why many judges ...')
    return body.capitalize() + previous_question[len(words[0]):]


# Wh-words that stand for one of the clause's arguments (its subject or object), not an adjunct: the clause has a gap
# where the word was, so another wh-word cannot simply take its place ('What does X say?' + 'why?' is no 'Why does X
# say?'). 'how' + a degree word is a wh-phrase of two words or more ('how many judges', 'how long').
_ARGUMENT_WH = frozenset({"what", "who", "whom", "which"})
_DEGREE_WORDS = frozenset({"many", "much", "long", "often", "far", "soon", "old"})


def _asked_of_statement(asked: str, question: str, terms: CorpusTerms | None) -> str:
    """'why?' after 'What does Article 98(4) say?' -> 'Why does Article 98(4) say that?': the previous question's
    object gap filled with 'that' (what its answer stated) right after its main verb, when the question has do-support
    or a modal ('What did Russia argue in the case?'); '' when the wh-word is its subject ('Who appoints the
    judges?'), the object of a stranded preposition ('Who does the Court report to?'), or no verb is found."""
    question = question.strip()
    words = tokens(question)
    lowered = [w.lower() for w in words]
    if len(words) < 4 or lowered[1] not in DO_FORMS | MODALS:
        return ""
    end = next((i for i, w in enumerate(words) if w in {"?", ".", "!"}), len(words))
    if lowered[end - 1] in STRANDED_PREPOSITIONS:
        return ""
    verb = min((v for v in verb_positions(words, terms) if 2 < v < end), default=-1)
    if verb < 0:
        return ""
    at = len(words[0])  # the verb's place in the question as written (tokens lose its spacing: 'Article 98(4)')
    for word in words[1:verb + 1]:
        at = question.index(word, at) + len(word)
    tail = re.split(r"[?.!]", question[at:])[0].strip()
    return f"{asked[:1].upper()}{asked[1:].lower()}{question[len(words[0]):at]} that{' ' + tail if tail else ''}?"


_PREPOSED_WH = re.compile(r"^(?:on|by|for|from|to|with|under|in)\s+(?:whose|which|what)\s+[a-z]+$", re.I)


def joined_wh(text: str, previous_question: str) -> str:
    """'On whose proposal?' after 'Which body appoints the judges?' -> 'Which body appoints the judges, and on whose
    proposal?': a turn that is only a prepositional wh-phrase is asked together with the previous question; else ''."""
    body = opener_body(text)[0].strip(" ?.!")
    question = previous_question.strip()
    if not _PREPOSED_WH.match(body) or not question.endswith("?") or "?" in question[:-1]:
        return ""
    return f"{question.rstrip('?').rstrip()}, and {body[:1].lower()}{body[1:]}?"


_PARTY_PREPOSITION = re.compile(r"^(?P<p>for|in|to|on|with|from|against)\s+(?P<np>.+)$", re.I)


def replace_party(text: str, previous_question: str) -> str:
    """'And for Russia itself?' after 'What could the ruling mean for other member states?' -> 'What could the
    ruling mean for Russia itself?': a bare phrase naming a party, after the preposition the previous question
    used last, takes the place of that preposition's object; else ''."""
    body = opener_body(text)[0].strip(" ?.!")
    match = _PARTY_PREPOSITION.match(body)
    if not match or not bare_phrase(match.group("np")) or not any(w[:1].isupper() for w in tokens(match.group("np"))):
        return ""
    question = previous_question.strip().rstrip("?.! ")
    at = question.lower().rfind(f" {match.group('p').lower()} ")
    return f"{question[:at]} {body}?" if at > 0 else ""


_BARE_PARAGRAPH = re.compile(r"^(?:paragraph|para\.?|point)\s+(?P<n>\d+)$", re.I)
_ARTICLE = re.compile(r"\b(?P<article>Article\s+\d+)(?:\s*\((?P<n>\d+)\))?", re.I)


def asked_of_paragraph(text: str, previous_question: str) -> str:
    """'And paragraph 6?' after 'What does Article 97(5) provide?' -> 'What does Article 97(6) provide?': a turn that
    is only a paragraph number asks the previous question again about that paragraph of the one article it named
    (after 'What does Article 98 say ...?': 'Article 98(2)'); else ''."""
    match = _BARE_PARAGRAPH.match(opener_body(text)[0].strip(" ?.!"))
    articles = list(_ARTICLE.finditer(previous_question))
    if not match or len({a.group("article").lower() for a in articles}) != 1:
        return ""
    first = articles[0]
    return (previous_question[:first.start()] + f"{first.group('article')}({match.group('n')})"
            + previous_question[first.end():])


_ONES = re.compile(r"^(?:which|what)\s+ones?\b(?P<rest>[^?.!]*)$", re.I)


def ones_again(text: str, previous_question: str) -> str:
    """'which ones exactly?' after 'Which member states could the ruling affect?': 'one(s)' stands for the noun the
    previous which/what-question asked for, so a turn that is only 'which/what one(s)' and adverbs asks that question
    again (not a topic with a clause cut from it); else ''."""
    match = _ONES.match(opener_body(text)[0].strip(" ?.!"))
    words = tokens(previous_question)
    if not match or not words or words[0].lower() not in {"which", "what"} or len(words) < 3 \
            or words[1].lower() in STOPWORDS | AUXILIARIES or any(
            w[:1].isalnum() and w.lower() not in STOPWORDS and classes(w) != "r" for w in tokens(match.group("rest"))):
        return ""
    return previous_question.strip()


def reask_object(phrase: str, previous_question: str) -> str:
    """'And what about the Commission's chairman?' after 'Which body appoints the judges of the EAEU Court?' ->
    'Which body appoints the Commission's chairman?': a question that asked for a thing ('Which X <verb>s ...',
    'Who <verb>s ...') asked again with the new phrase as its object; else ''."""
    words = tokens(previous_question.strip())
    if not phrase or len(words) < 3 or words[0].lower() not in {"which", "what", "who"} \
            or {w.lower() for w in tokens(phrase)} & POINTING:  # 'And its seat?' points at the answer
        return ""
    verb = next((i for i in range(1, min(4, len(words) - 1)) if words[i].islower() and words[i] not in STOPWORDS
                 and (plural(words[i]) or words[i].endswith("ed")) and words[i + 1].lower() not in AUXILIARIES), -1)
    end = next((i for i in range(len(words)) if words[i] in {"?", "."}), len(words))
    if verb < 0 or end <= verb + 1 or (verb > 1 and words[0].lower() == "who"):
        return ""
    return detokenise([*words[:verb + 1], *tokens(phrase), *words[end:]]) + ("" if end < len(words) else "?")


def asked_again(text: str, subject: str, previous_question: str, terms: CorpusTerms) -> str:
    """'And the Commission?' after 'Where does the EAEU Court sit?': a turn that is only a new name asks the
    previous question again about it ('Where does the Commission sit?'); the new name replaces the old (the previous
    `subject`, or its party's name); else ''."""
    body = CONTINUATION.sub("", text).strip(" ?.!")
    bare = without_possessive(body)  # "And Kyrgyzstan's?"
    possessive_turn, body = bare != body, bare
    new = parties(body, terms)
    old = subject
    # the old party's name, else the old subject; for "X's?", the party the previous question has as "Y's"
    named = [e.text for e in parties(old, terms)] or [
        e.text for e in parties(previous_question, terms) if possessive_turn
        and re.search(re.escape(e.text) + r"['’]s\b", previous_question)][:1]
    extra = {w.lower() for w in tokens(body)} - {w.lower() for w in tokens(new[0].text)} if new else {""}
    if len(new) != 1 or extra - {"the", "a", "an"} or not (named or any(w[:1].isupper() for w in old.split())):
        return ""
    if not named and (names_provision(old) or is_document(old, terms)):
        return ""  # 'and Armenia?' after 'What does Article 96(4) say?': a party does not take a provision's or a
        # document's place ('What does Armenia(4) say?'); it is asked about in the earlier topic instead
    own = [e.text for e in parties(previous_question, terms)]
    if named and not any(n.lower() in previous_question.lower() for n in named) and len(own) == 1 \
            and own[0].lower() != new[0].text.lower() and len(own[0].split()) == len(new[0].text.split()) == 1:
        named = own  # 'And Russia?' after 'What share ... does Kyrgyzstan get?' answered about 'the Kyrgyz Republic':
        # the question's one party is the one the new party replaces (the answer named it otherwise); one-word names
        # only (a country for a country), not a body for a body ('the Collegium' for 'the Eurasian Economic Commission')
    for phrase in (*named, old, old[4:] if old.lower().startswith("the ") else ""):
        at = previous_question.lower().find(phrase.lower()) if phrase else -1
        after = previous_question[at + len(phrase):at + len(phrase) + 1] if at >= 0 else ""
        if after.isalnum() or after == "(":
            continue  # only a whole phrase is replaced: not 'Article 98' inside 'Article 98(3)'
        if at >= 0:
            before = previous_question[:at]
            if before.lower().endswith("the ") and body.lower().startswith("the "):
                before = before[:-4]  # 'owe the Union' + 'the Commission': one article
            return before + body + previous_question[at + len(phrase):]
    return ""
