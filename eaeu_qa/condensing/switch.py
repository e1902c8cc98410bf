"""Follow-ups that change the subject: the turn's own topic words lead, the earlier subject is only context."""

from __future__ import annotations

import re

from ..answering.wording import SWITCH_LEAD
from .focus import is_document, other_source
from .phrase import PERSON_NOUNS, POINTING, person_noun
from ..entities import (AUXILIARIES, CONNECTIVES, DETERMINERS, FILLERS, SAYING_VERBS, SPEAKER_POSSESSIVES, STOPWORDS,
                        STRANDED_PREPOSITIONS, SUBJECT_PRONOUNS, WH_WORDS, CorpusTerms, content_words, names,
                        provisions, tokens)
from .verbs import verb_positions
from .wordclass import can_be_noun, classes
from .phrasing import detokenise, existential, plural, same_word
from ..settings import Settings

# A question ending in a verb of saying or thinking takes its context with 'about' ('What does X say about Y?'),
# and so does one ending in a verb of knowing or perceiving ('What does the Court know about Y?').
ABOUT_VERBS = SAYING_VERBS | {"know", "see", "sees", "feel"}
# Words that place the speaker in the turn ('my salary', 'can I join'): the turn is already anchored.
_SPEAKER = frozenset({"i", "me", "my", "mine", "we", "us", "our"})
_OPENER = re.compile(r"^\s*(?:(?:%s)\b[\s,]*)*(?:what about|how about|what of|as for)?\s*" % "|".join(
    CONNECTIVES + FILLERS), re.I)
_LEADING_PREPOSITION = re.compile(r"^(?:for|about|on|regarding|in)\s+", re.I)


def known_form(word: str, terms: CorpusTerms) -> str:
    """The word as the corpus has it ('pension' -> 'pensions'), or ''."""
    lowered = word.lower().strip("'’")
    for form in (lowered, lowered + "s", lowered[:-1] if lowered.endswith("s") else "", lowered + "es",
                 lowered[:-2] if lowered.endswith("es") else ""):
        if form and form in terms.idf:
            return form
    return ""


def own_topic(text: str, earlier: str, terms: CorpusTerms, min_idf: float = Settings.own_topic_min_idf) -> list[str]:
    """The turn's informative words that the corpus knows and the earlier question did not have: 'pensions' in
    'and what about pensions?' after a question about medical insurance. Names are parties, not topics. A word is
    a topic when the corpus knows it (in some form) and it is at least `min_idf` informative (IDF; fitted by
    scripts/followups.py --fit-switch, Settings.own_topic_min_idf)."""
    named = {w.lower() for e in names(text, terms) for w in e.text.split()}
    before = {w.lower() for w in content_words(earlier)}
    found = []
    for word in content_words(text):
        lowered = word.lower()
        if lowered in named or lowered in _SPEAKER or any(same_word(lowered, b) for b in before):
            continue
        form = known_form(word, terms)
        if form and terms.weight(form) >= min_idf:
            found.append(word)
    return found


def opener_body(text: str) -> tuple[str, bool]:
    """The turn without its openers, and whether it opened by continuing ('And ...', 'What about ...')."""
    match = _OPENER.match(text)
    body = text[match.end():] if match else text
    return body.strip(), bool(match and match.group().strip())


# Prepositions inside a noun phrase ('the rights of workers', 'my diploma as a teacher', 'trade with China').
_PHRASE_PREPOSITIONS = frozenset({"of", "on", "for", "to", "in", "as", "with", "from", "at", "between"})


def bare_phrase(body: str) -> str:
    """'pensions' for 'for pensions?', 'the budget' for 'the budget, where does the money come from?': the noun
    phrase a turn opens with, when no verb comes before its first comma; else ''."""
    head = body.split(",")[0].strip(" ?.!")
    head = _LEADING_PREPOSITION.sub("", head)
    while tokens(head) and tokens(head)[-1].lower() in STOPWORDS - DETERMINERS:
        head = head[:head.rfind(tokens(head)[-1])].strip()  # 'pensions then', 'the budget too'
    words = tokens(head)
    if not words or verb_positions(words) or any(
            w.lower() in SUBJECT_PRONOUNS or (w.lower() in STOPWORDS and w.lower() not in DETERMINERS
                                             and w.lower() not in _PHRASE_PREPOSITIONS) for w in words):
        return ""
    return head


def phrase_alone(text: str, terms: CorpusTerms) -> bool:
    """The turn is a noun phrase alone, a preposition before it or not ('the judges?', 'for Kazakhstan?'; not 'the
    budget, where does the money come from?' nor 'pensions too?'), or a person's phrase and a thing's phrase
    (paired_phrase: 'the older son, university?'): a phrase that is asked 'What about X?'."""
    phrase = bare_phrase(text)
    return bool(phrase) and (_LEADING_PREPOSITION.sub("", text.strip(" ?.!")) == phrase
                             or bool(paired_phrase(text, terms)))


def paired_phrase(body: str, terms: CorpusTerms) -> str:
    """'the older son, university?' -> 'university': the noun phrase alone after a turn's opening phrase and a comma
    (no verb, its last word can be a noun, nothing after it), which a person asks about for the opening phrase ('What
    about university for the older son?'); else ''. The opening phrase names a person (its head a person noun, or
    the speaker's 'my X') and the second no name or provision: 'Armenia, Belarus?', 'Article 97, Article 96?' and
    'pensions, benefits?' are lists of two things, no thing for a person."""
    if "," not in body:
        return ""
    first, rest = (part.strip(" ?.!") for part in body.split(",", 1))
    if not bare_phrase(first) or _LEADING_PREPOSITION.sub("", first) != bare_phrase(first):
        return ""
    words, opening = tokens(rest), tokens(first)
    if not words or "," in rest or bare_phrase(rest) != rest or not can_be_noun(words[-1].lower()):
        return ""
    if not (person_noun(opening[-1], terms) or opening[0].lower() in SPEAKER_POSSESSIVES) \
            or names(rest, terms) or provisions(rest):
        return ""
    return rest


def introduces(body: str, terms: CorpusTerms | None = None) -> bool:
    """'the court case, when was it filed?': the turn opens with a phrase of its own (no pronoun in it) that a
    pronoun or 'that one' after the comma points at, so the pointer needs no earlier antecedent; a person pronoun
    ('he', 'her') points at a phrase with a person noun only ('and at the border, does she ...?' opens with a place)."""
    phrase = bare_phrase(body)
    rest = [w.lower() for w in tokens(body.split(",", 1)[1])] if phrase and "," in body else []
    person = _has_person(phrase, terms) if terms else True
    return bool(phrase) and not {w.lower() for w in tokens(phrase)} & POINTING and (
        any(w in POINTING and (person or w not in _PERSON_POINTING) for w in rest)
        or bool(dislocated(body, terms))  # 'the Court, where is that?'
        or any(w in {"that", "this"} and nxt == "one" for w, nxt in zip(rest, rest[1:])))


_PERSON_POINTING = frozenset({"he", "him", "his", "she", "her"})


def _has_person(phrase: str, terms: CorpusTerms | None) -> bool:
    """A noun for a person in `phrase` (phrase.person_noun; without `terms`, phrase.PERSON_NOUNS only): what 'he' or
    'she' can point at ('my son, can he ...?'; not 'at the border, does she ...?')."""
    return any(person_noun(w, terms) if terms else w.lower() in PERSON_NOUNS for w in tokens(phrase) if w[:1].isalpha())


def speaks_for_self(text: str) -> bool:
    return any(w.lower() in _SPEAKER for w in tokens(text))


def context(subject: str, phrase: str, terms: CorpusTerms) -> str:
    """The earlier subject as context for the new topic: 'for my wife', 'in Article 98 of the EAEU Treaty' (a
    provision or a source, condensing.focus.is_document), 'about Kyrgyzstan' after a verb of saying; '' when the
    phrase already has it."""
    if not subject or {w.lower() for w in content_words(subject)} <= {w.lower() for w in content_words(phrase)}:
        return ""
    if verb_positions(tokens(subject), terms):
        return ""  # a clause ('the Kyrgyzstan loses') is no topic to put after 'for'
    document = bool(provisions(subject)) or is_document(subject, terms)
    if document and other_source(subject, phrase, terms):
        return ""  # 'what does the article say Russia's position is?': not '... in Article 98?'
    words = tokens(phrase.strip(" ?.!"))
    last = words[-1:]
    preposition = "in" if document else "about" if last and last[0].lower() in ABOUT_VERBS else "for"
    if preposition == "for" and any(w.lower() == "for" for w in words[1:]):
        return ""  # 'pensions for those workers' has its 'for' already: no 'pensions for those workers for X'
    attached = tokens(phrase.split(",", 1)[0]) if bare_phrase(phrase) else words  # what the context follows
    if attached[-1:] and attached[-1].lower() in STRANDED_PREPOSITIONS:
        return ""  # 'how much each country chips in': a stranded preposition or particle ends it (no 'in in the EAEU')
    return f"{preposition} {subject}"


def dislocated(body: str, terms: CorpusTerms | None = None) -> str:
    """'Article 14 of the treaty, what does that one add?' -> 'what does Article 14 of the treaty add?': a turn that
    opens with a noun phrase (bare_phrase) and points back at it after the comma, asked with the phrase in the place
    of its first pointer of the phrase's number ('it', 'he', 'she', 'that one', 'this one'; 'they', 'those',
    'these' as a subject), possessives left alone ("my diploma, will they accept it?" -> 'will they accept my
    diploma?'); '' for any other turn."""
    phrase = bare_phrase(body)
    if not phrase or "," not in body or body.split(",", 1)[0].strip(" ?.!") != phrase:
        return ""
    words = tokens(body.split(",", 1)[1])
    lowered = [w.lower() for w in words]
    many = plural(phrase)
    for i, word in enumerate(lowered):
        nxt = lowered[i + 1] if i + 1 < len(lowered) else "?"
        subject_like = not nxt.isalpha() or nxt in AUXILIARIES or i and lowered[i - 1] in AUXILIARIES
        if not many and word in {"that", "this"} and nxt == "one":
            length = 2
        elif not many and word in {"that", "this"} and not nxt.isalpha() and i and lowered[i - 1] in AUXILIARIES:
            length = 1  # 'the Court, where is that?': a closing 'that' after its verb is the phrase
        elif not many and word in {"it", "he", "she"} and not existential(lowered, i) \
                and (word == "it" or _has_person(phrase, terms)) \
                or many and (word == "they" or word in {"those", "these"} and subject_like):
            length = 1
        else:
            continue
        moved = phrase.split()  # inside the question an opening 'The' is lower case ('what is the EAEU?')
        moved[0] = moved[0].lower() if moved[0] in {"The", "A", "An"} else moved[0]
        return detokenise(words[:i] + moved + words[i + length:])
    return ""


def switch_rewrite(body: str, subject: str, terms: CorpusTerms) -> str:
    """'for pensions' + 'my wife' -> 'What about pensions for my wife?'; 'the budget, where does the money come
    from' + 'the Supreme Council' -> 'What about the budget for the Supreme Council, where does the money come
    from?'; a turn that speaks for the user ('my salary', 'can I join') takes no context."""
    phrase = bare_phrase(body)
    rest = body.split(",", 1)[1].strip(" ?.!") if phrase and "," in body else ""
    named = bool(phrase) and bool([w for w in tokens(phrase)[1:] if w[:1].isupper()] or phrase[:1].isupper()
                                  or is_document(phrase, terms))  # 'the accession treaty, what language ...?'
    extra = "" if speaks_for_self(body) or named else context(subject, body, terms)  # a name needs no context
    moved = "" if extra else dislocated(body, terms)  # 'Article 14, what does that one add?' -> 'what does Article 14 add?'
    # (with a context the phrase leads: 'What about the court case in the article, when was it filed?')
    if phrase and (paired := paired_phrase(body, terms)):
        return f"{SWITCH_LEAD} {paired} for {phrase}?"  # 'the older son, university?': 'What about university for
        # the older son?', not 'What about the older son, university?'
    if phrase and not moved:
        lead = " ".join(w for w in (f"{SWITCH_LEAD} {phrase}", extra) if w)
        return f"{lead}, {rest}?" if rest else f"{lead}?"
    core = (moved or body).strip(" ?.!")
    if extra.startswith("for ") and asks_clause(core):
        from .topic import join_context  # (condensing.topic imports this module)

        return join_context(core, extra[len("for "):])  # 'which ministry checks the translation, and how long does it
        # take?' + 'the working language': 'As for the working language, which ministry ...?', not '... take for the
        # working language?' (a 'for' phrase after a whole clause reads as that clause's own)
    return f"{core} {extra}?" if extra else f"{core}?"


def asks_clause(text: str) -> bool:
    """`text` is a question's whole clause: it opens with a wh-word or an auxiliary and has three words or more."""
    words = [w.lower() for w in tokens(text) if w[:1].isalnum()]
    return len(words) >= 3 and words[0] in WH_WORDS | AUXILIARIES


def speaker_subject(subject: str) -> bool:
    """'my wife', 'our children': a subject the user wrote about their own people, kept as written."""
    return bool(subject) and subject.split()[0].lower() in SPEAKER_POSSESSIVES


def speaker_person(subject: str, terms: CorpusTerms) -> str:
    """'my son works on a farm' -> 'my son': the user's person (a speaker's possessive and a person noun) cut before
    its verb; any other subject unchanged."""
    parts = subject.split()
    if len(parts) > 2 and speaker_subject(subject) and person_noun(parts[1], terms) and "v" in classes(parts[2].lower()):
        return " ".join(parts[:2])
    return subject


def as_written(subject: str) -> str:
    """'My wife' (sentence-initial) -> 'my wife', for use inside a question."""
    return subject[:1].lower() + subject[1:] if speaker_subject(subject) else subject
