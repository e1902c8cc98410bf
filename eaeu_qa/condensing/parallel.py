"""An elliptical turn naming a thing of the kind the previous question named: that question asked about it instead."""

from __future__ import annotations

import re

from ..entities import AUXILIARIES, DETERMINERS, STOPWORDS, WH_WORDS, CorpusTerms, tokens
from .phrase import POINTING, person_noun
from .phrasing import capitalise, plural, same_word, without_possessive
from .reference import GENERAL_NOUNS
from .switch import bare_phrase, opener_body
from .wordclass import classes

_PREPOSITION = re.compile(r"^(?:for|in|on|with|to|from|about|under|at)\s+", re.I)
_POINTERS = POINTING | {"this", "that", "these", "those", "same", "other"}


def parallel_question(text: str, previous_question: str, terms: CorpusTerms, continued: bool) -> str:
    """'and the Court's decisions?' after 'How many days before adoption do draft EAEU decisions have to go online?'
    -> 'How many days before adoption do the Court's decisions have to go online?': a continuing turn (`continued`:
    it opened with 'and ...', 'what about ...'; `text` may have lost that opener) that is only a noun phrase asks the
    previous question again with that phrase in place of the phrase there with the same head noun (another owner or
    modifier: 'the Court's decisions' for 'draft EAEU decisions', 'the intergovernmental council' for 'Supreme
    Council' in 'an emergency Supreme Council meeting'), else, for a plural person noun ('and the prime ministers?'),
    in place of the question's plural subject ('the heads of state'). '' when the turn is no such phrase, points back
    ('and its judges?'), is a general noun ('and the other one?') or the previous question has no such phrase."""
    body = opener_body(text)[0]
    phrase = body.strip(" ?.!")
    bare = bare_phrase(phrase)
    words = tokens(bare)
    if not continued or not bare or _PREPOSITION.sub("", phrase) != bare or "," in phrase \
            or {w.lower() for w in words} & _POINTERS:
        return ""
    head = without_possessive(bare.split(" of ")[0].split()[-1]).lower()
    if head in GENERAL_NOUNS or not head.isalpha():
        return ""
    question = previous_question.strip()
    spans = _spans(question)
    if not spans:
        return ""
    found = _same_head(spans, head, terms) or (
        _plural_subject(spans, terms) if plural(head) and person_noun(head, terms) else None)
    if not found:
        return ""
    start, end = found
    before = [w for w, _, stop in spans if stop <= spans[start][1]][-1:]
    own_determiner = words[0].lower() in DETERMINERS
    if spans[start][0].lower() in DETERMINERS and own_determiner:
        pass  # 'the heads of state' -> 'the prime ministers': the turn's determiner replaces the question's
    elif own_determiner and before and before[0].lower() not in STOPWORDS | AUXILIARIES:
        bare = bare.split(None, 1)[1]  # inside a compound ('an emergency Supreme Council meeting'): no article
    elif own_determiner and before and before[0].lower() in DETERMINERS:
        bare = bare.split(None, 1)[1]  # 'an emergency' + 'the council': one article
    return capitalise(question[:spans[start][1]] + bare + question[spans[end - 1][2]:])


def _spans(question: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of each token of `question` as written."""
    spans, at = [], 0
    for word in tokens(question):
        start = question.find(word, at)
        if start < 0:
            return []
        spans.append((word, start, start + len(word)))
        at = start + len(word)
    return spans


def _modifier(word: str) -> bool:
    """A word that can stand before a noun in a noun phrase: no function word, no word the lexicon knows only as a
    verb or an adverb."""
    found = classes(without_possessive(word))
    return word[:1].isalpha() and word.lower() not in STOPWORDS | AUXILIARIES | WH_WORDS and (
        not found or bool({"n", "a", "p"} & set(found)))


def _same_head(spans: list[tuple[str, int, int]], head: str, terms: CorpusTerms) -> tuple[int, int] | None:
    """(first, end) token indices of the noun phrase whose head is `head`: the modifiers before it (capitalised ones
    only before a capitalised head: a name inside a compound), a determiner before them, an of-phrase after it."""
    for j, (word, _, _) in enumerate(spans):
        if not same_word(without_possessive(word).lower(), head):
            continue
        name = word[:1].isupper()
        start = j
        while start and _modifier(spans[start - 1][0]) and (not name or spans[start - 1][0][:1].isupper()):
            start -= 1
        if start and spans[start - 1][0].lower() in DETERMINERS and not name:
            start -= 1
        return start, _of_phrase_end(spans, j + 1, terms)
    return None


def _plural_subject(spans: list[tuple[str, int, int]], terms: CorpusTerms) -> tuple[int, int] | None:
    """The subject noun phrase after the auxiliary of a wh-question ('How often do the heads of state have to
    meet ...?'), when its head is plural and no name."""
    words = [w.lower() for w, _, _ in spans]
    if len(words) < 4 or words[0] not in WH_WORDS:
        return None
    aux = next((i for i in range(1, 4) if words[i] in AUXILIARIES), None)
    if aux is None:
        return None
    start = end = aux + 1
    end += words[end] in DETERMINERS
    while end < len(words) and _modifier(spans[end][0]):
        end += 1
    if end == start or end == start + 1 and words[start] in DETERMINERS or not plural(words[end - 1]) \
            or spans[end - 1][0][:1].isupper():
        return None
    return start, _of_phrase_end(spans, end, terms)


def _verb(word: str, terms: CorpusTerms) -> bool:
    """A word that can be a verb and that the corpus rarely writes as a noun ('meet', 'decide')."""
    return "v" in classes(word.lower()) and terms.rarely_noun(word)


def _of_phrase_end(spans: list[tuple[str, int, int]], at: int, terms: CorpusTerms) -> int:
    """The end of an of-phrase starting at `at` ('of state', 'of the Commission'), else `at`."""
    if at < len(spans) and spans[at][0].lower() == "of":
        end = at + 1 + (at + 1 < len(spans) and spans[at + 1][0].lower() in DETERMINERS)
        stop = end
        while stop < len(spans) and _modifier(spans[stop][0]) and not (stop > end and _verb(spans[stop][0], terms)):
            stop += 1  # 'of state', 'of the member states'; not the verb after it ('of government meet')
        return stop if stop > end else at
    return at
