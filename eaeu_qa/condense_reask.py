"""Turns that ask the previous question again: with another wh-word, a wh-phrase, party or object."""

from __future__ import annotations

import re

from .condense_phrase import POINTING
from .condense_switch import bare_phrase, opener_body
from .entities import AUXILIARIES, STOPWORDS, WH_WORDS, tokens
from .phrasing import detokenise, plural

_WH_PHRASE = WH_WORDS | {"since", "until", "till", "long", "often", "much", "many", "exactly"}


def asked_with(text: str, previous_question: str) -> str:
    """'And where?' after 'When was the accession treaty signed?' -> 'Where was the accession treaty signed?': a
    turn that is only a wh-word asks the previous question again with it; else ''."""
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
    return body.capitalize() + previous_question[len(words[0]):]


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
