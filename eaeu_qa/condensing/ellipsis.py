"""A follow-up that leaves its verb out ('and what if it does?', 'why would they do that?'): the previous question's."""

from __future__ import annotations

import re

from ..entities import AUXILIARIES, DETERMINERS, DO_FORMS, MODALS, STOPWORDS, WH_WORDS, CorpusTerms, tokens
from .clause import clause_end, verb_phrase
from .phrasing import detokenise
from .verbs import main_verb, sure_verb

# '... if it does?', 'and they can't?': a subject pronoun and an auxiliary that end the turn, the verb left out.
_ELLIPSIS = re.compile(r"\b(?P<pronoun>it|they|he|she)\s+(?P<aux>(?:does|do|did|could|would)(?:n['’]t)?|can|will|"
                       r"can['’]t|won['’]t|(?:can|will|would|does|do|did)\s+not)(?=\s*[?.!]*\s*$)", re.I)
_INVERTED_ELLIPSIS = re.compile(r"\b(?P<aux>(?:does|do|did|could|would)n['’]t|can['’]t|won['’]t)\s+"
                                r"(?P<pronoun>it|they|he|she)(?=\s*[?.!]*\s*$)", re.I)  # 'why doesn't it?'


def resolve_ellipsis(text: str, previous_question: str, terms: CorpusTerms | None = None) -> str:
    """'and what if it does?' after 'Can Russia refuse to follow a ruling of the Court?' -> 'and what if Russia
    does refuse to follow a ruling of the Court?': the verb phrase a turn leaves out, from the previous yes/no or
    wh- question with do or a modal; else ''."""
    match = _ELLIPSIS.search(text) or _INVERTED_ELLIPSIS.search(text)
    words = tokens(previous_question.strip())
    lowered = [w.lower() for w in words]
    aux = next((i for i, w in enumerate(lowered[:3]) if w in AUXILIARIES), None)
    if not match or aux is None or lowered[aux] not in MODALS | DO_FORMS:
        return ""
    verb = main_verb(words, terms)
    end = clause_end(words, max(verb, 0))
    if verb <= aux + 1 or not sure_verb(words, verb, terms):
        return ""
    subject, predicate = words[aux + 1:verb], words[verb:end]
    inverted = match.re is _INVERTED_ELLIPSIS
    phrase = detokenise([match.group("aux"), *subject, *predicate] if inverted else
                        [*subject, match.group("aux"), *predicate])
    return text[:match.start()] + phrase + text[match.end():]


# 'why would they do that?', 'did it do so?': 'do' as a main verb with a pro-form object stands for a verb phrase.
_PRO_VERB = re.compile(r"\b(?P<do>do|does|did|doing|done)\s+(?P<pro>that|this|it|so)\b(?=\s*(?:[?.!,;]|$|(?P<next>"
                       r"[A-Za-z]+)))", re.I)
_DO_TAG = {"do": "VB", "does": "VBZ", "did": "VBD", "doing": "VBG", "done": "VBN"}


def _main_do(match: re.Match, text: str) -> bool:
    """The 'do' of a _PRO_VERB match is a main verb: after a subject or 'to', not after a wh-word or an auxiliary
    ('why does it?', 'did it do ...'), and its pro-form is no determiner or subject ('do that job', 'does that
    include ...', 'do it a favour')."""
    before = tokens(text[:match.start()])
    nxt = (match.group("next") or "").lower()
    return bool(before) and before[-1].lower() not in WH_WORDS | AUXILIARIES and before[-1][:1].isalpha() \
        and not (nxt and (nxt not in STOPWORDS or nxt in DETERMINERS or nxt in AUXILIARIES))


def resolve_pro_verb(text: str, previous_question: str, terms: CorpusTerms | None = None) -> str:
    """'why would they do that?' after 'Why does Russia refuse to insure the families of migrants?' -> 'why would they
    refuse to insure the families of migrants?': 'do that' ('do this', 'do it', 'do so') as a main verb (after its
    subject, an auxiliary's subject or 'to'; not 'what does that mean?', nor 'does it?') stands for the previous
    question's verb phrase, in the form of 'do' ('did that' -> 'sued Russia'); '' when there is none."""
    from lemminflect import getInflection

    match = next((m for m in _PRO_VERB.finditer(text) if _main_do(m, text)), None)
    if not match:
        return ""
    base = verb_phrase(previous_question, terms)[1]
    if not base:
        return ""
    verb, rest = base.split(" ", 1)
    doer = {w.lower() for w in tokens(text[:match.start()]) if w[:1].isupper()}  # the names before 'do that'
    if doer & {w.lower() for w in tokens(rest) if w[:1].isupper()}:
        return ""  # 'could the court make Russia do that?' after 'Why did Kyrgyzstan sue Russia?': the doer would be
        # its own object ('make Russia sue Russia'), so 'that' is not the earlier verb phrase
    form = _DO_TAG[match.group("do").lower()]
    inflected = verb if form == "VB" else (getInflection(verb, tag=form) or (verb,))[0]
    return text[:match.start()] + f"{inflected} {rest}" + text[match.end():]
