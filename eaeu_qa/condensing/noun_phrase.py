"""Whether a topic reads as noun phrases, and whether a turn asks a complete question of its own (no topic then).

A topic put before a follow-up ('As for X, ...') must be a noun phrase a person would write, never a clause cut from
the earlier question ('the happen', 'kids going to doctor free')."""

from __future__ import annotations

from typing import Iterable

from ..entities import (AUXILIARIES, DETERMINERS, SPEAKER_POSSESSIVES, STOPWORDS, STRANDED_PREPOSITIONS, WH_WORDS,
                        CorpusTerms, content_words, tokens)
from ..keyword_index import stem_word
from .focus import is_document
from .phrasing import is_possessive, plural
from .verbs import PREPOSITIONS
from .wordclass import can_be_noun, classes, name_only, verb_only
from ..settings import Settings

_RELATIVES = frozenset({"that", "who", "which", "whose", "where"})
_JOINS = frozenset({"and", "or", ","})
_PREPOSITIONS = STRANDED_PREPOSITIONS | PREPOSITIONS | {"into", "between", "after", "before", "upon", "than"}
_DETERMINERS = DETERMINERS | SPEAKER_POSSESSIVES | {"one", "another", "each", "every", "any", "all", "both"}
# Words that point back at the conversation whatever else a turn says ('who pays for the doctor then?', 'is it the
# same there?'): a turn with one is no question of its own.
BACK_POINTERS = frozenset({"then", "there", "too", "also", "either", "else", "instead", "same", "again", "such", "one",
                           "ones"})  # ('which one is most likely?')


def _parts(phrase: str) -> list[list[str]]:
    """A topic's words split at 'and', 'or' and commas, not inside a relative clause ('the document that sets out how
    ... and what it can do' is one part)."""
    parts, current = [], []
    for word in tokens(phrase):
        modifiers = bool(current) and all(classes(w) and not can_be_noun(w) for w in current)  # 'sanitary and
        # plant-health checks': adjectives joined before one noun
        if word.lower() in _JOINS and not modifiers and not (_RELATIVES & {w.lower() for w in current[1:]}):
            parts.append(current)
            current = []
        else:
            current.append(word)
    parts.append(current)
    return parts


def reads_as_noun_phrases(phrase: str, terms: CorpusTerms) -> bool:
    """Each part of a topic ('A, B and C in the D') is a noun phrase: a head that can be a noun, modifiers, of- and
    other prepositional phrases, a relative clause ('the body that appoints ...'), or a gerund clause whose subject
    has a determiner or is a name ('the EAEU Treaty coming into force'); no word that can only be a verb ('the
    happen', 'the husband lose job', 'the affirms interpretation') or only an adverb ('the go to court instead'), no
    clause with a bare subject ('kids going to doctor free'), no adjective as its head ('the russia legal') and no
    'the' before a word known only as a name ('the kazan')."""
    return bool(tokens(phrase)) and all(_noun_phrase(part, terms) for part in _parts(phrase))


def noun_phrase_topic(phrase: str, terms: CorpusTerms) -> str:
    """`phrase` when it reads as noun phrases (reads_as_noun_phrases); else, when every part that does not is a verb
    cut from a clause before a noun phrase of its own ('the excludes the non-working family members of migrant
    workers': the phrase after the verb), the parts so mended; else ''."""
    if reads_as_noun_phrases(phrase, terms):
        return phrase
    mended = []
    for part in _parts(phrase):
        if not _noun_phrase(part, terms):
            lowered = [w.lower() for w in part]
            at = next((i for i, w in enumerate(lowered[:-1]) if verb_only(w) and lowered[i + 1] in DETERMINERS), None)
            part = part[at + 1:] if at is not None else []
            if not part or not _noun_phrase(part, terms) or len(content_words(" ".join(part))) < 2:
                return ""
        mended.append(" ".join(part))
    return ", ".join(mended[:-1]) + " and " + mended[-1] if len(mended) > 1 else mended[0]


def _noun_phrase(words: list[str], terms: CorpusTerms) -> bool:
    lowered = [w.lower() for w in words]
    if not any(w[:1].isalpha() for w in words):
        return False
    if lowered[0] in WH_WORDS | {"whether"} and len(words) > 2 or lowered[0].endswith("ing") and "v" in classes(
            lowered[0]):
        return True  # a clause as a noun phrase: 'what the article says Kyrgyzstan argues', 'settling disputes
        # between member states'
    head = None  # the position of the last word of the phrase before its first preposition or clause
    subject_start = 0  # where the current noun phrase starts (a gerund's subject)
    clause = False  # inside a gerund or relative clause: its own words (verbs, adverbs) are its own
    for i, word in enumerate(lowered):
        nxt = lowered[i + 1] if i + 1 < len(lowered) else ""
        if not word[:1].isalpha() or word in {"and", "or"}:
            continue  # a provision's number, a bracket; 'and' between modifiers (_parts)
        if clause:
            continue  # 'the EAEU Treaty coming into force', 'the offer to avoid losing outright'

        if word in _RELATIVES and i and head is not None:
            break  # 'the body that appoints the judges': the clause is the phrase's own
        after = lowered[i + 2] if i + 2 < len(lowered) else ""
        if word == "to" and head is not None and "v" in classes(nxt) and not nxt.endswith("s") and (
                verb_only(nxt) or after in _DETERMINERS | _PREPOSITIONS or after.endswith("ing")):
            clause = True  # 'the offer to avoid losing outright', 'the right to go to school'
            continue
        if word in _PREPOSITIONS or classes(word) in {"r", "ar"} and nxt == "of":  # 'instead of', 'because of'
            if head is None or not nxt:
                return False  # 'the instead of losing outright', 'the Court in'
            if word != "of" and _bare_name(words, head) and not (
                    word == "in" and is_document(" ".join(words[i + 1:]), terms)):
                return False  # 'Russia to the EAEU Court', 'russia on civil contract' (but 'Kyrgyzstan in the
                # article': the document the topic was read in)
            subject_start = i + 1
            continue
        if word in {"one", "ones"} and head is not None and head == i - 1:
            head = i  # 'the new one'
            continue
        if word in _DETERMINERS or is_possessive(word):
            if head is not None and head == i - 1 and word in DETERMINERS:
                alpha = [w for w in lowered[i + 1:] if w[:1].isalpha()]
                if alpha and len(alpha) > 1 and alpha[-1].endswith(("s", "ed")) and "v" in classes(alpha[-1]):
                    break  # a contact clause: 'the three scenarios the article describes'
                return False  # 'the possible ways the court case', 'the member country leave the union'
            if nxt in _DETERMINERS:
                return False  # 'the another'
            if name_only(nxt) and (i + 2 >= len(lowered) or lowered[i + 2] in _PREPOSITIONS | _JOINS):
                return False  # 'the kazan': a name written without its capital takes no 'the'
            continue
        if word.endswith("ing") and "v" in classes(word) and i and lowered[i - 1] in _PREPOSITIONS:
            clause = True  # a gerund after a preposition: "Russia's position on insuring migrants' relatives"
            continue
        if word.endswith("ing") and "v" in classes(word) and head is not None and head == i - 1:
            first = lowered[subject_start]
            if not (first in _DETERMINERS or words[subject_start][:1].isupper() or is_possessive(first)
                    or terms.is_name_word(first)):
                return False  # 'kids going to doctor free': a clause cut from the user's question
            clause = True
            continue
        if verb_only(word) and not (word.endswith(("ed", "en")) and can_be_noun(nxt)):
            return False  # 'the happen', 'the husband lose job' ('the pooled duties' is a noun phrase)
        if classes(word) == "r":
            return False  # 'the go to court instead'
        if word in STOPWORDS and word not in _DETERMINERS:
            return False  # a pronoun or an auxiliary inside a topic
        if head is not None and head == i - 1 and _verb_after_plural(lowered[head], word):
            return False  # 'the two EAEU countries fall', 'the talks fail', 'the import duties split'
        head = i
    if head is None:
        return False
    last = lowered[head]
    before = lowered[head - 1] if head else ""
    if "a" in classes(last) and ("n" not in classes(last) or "r" in classes(last)) and "n" in classes(before) \
            and "a" not in classes(before) and not clause:
        return False  # an adjective after its noun: 'the doctor free'
    return can_be_noun(last) or last in {"one", "ones"} or clause or not last.isalpha()  # 'the russia legal': an
    # adjective is no head


def _bare_name(words: list[str], head: int) -> bool:
    """The phrase up to `head` is a name alone, without a determiner ('Russia', 'russia'; not 'the Court')."""
    before = [w.lower() for w in words[:head]]
    name = words[head][:1].isupper() or name_only(words[head])
    return name and not (set(before) & (_DETERMINERS | {"of"})) and not any(is_possessive(w) for w in before)


def _verb_after_plural(noun: str, word: str) -> bool:
    """A base form that can be a verb right after a plural noun: the plural's verb, no modifier of it."""
    return plural(noun) and len(noun) > 3 and "v" in classes(word) \
        and not word.endswith(("s", "ing")) and classes(noun) != "a"


def complete_question(question: str, continued: bool, earlier: Iterable[str]) -> bool:
    """A turn that asks its own complete question: it opens with a wh-word, not with a word that continues ('And
    ...', 'What about ...': `continued`), has a verb after the wh-word, no word that
    points back (BACK_POINTERS), and a word that can be a noun or an adjective that none of the `earlier` texts (the
    earlier turns' questions and the last answer) has, in any form, and that is no bare 'the <noun>' (which
    presupposes a thing the conversation set up: 'who proposes the candidates?' after 'Which body appoints the
    judges ...?'): 'how long we can stay?' after turns about a doctor for the kids; 'when is the consultation day?'
    after a question about Article 98. Such a turn stands alone: no topic is put before it."""
    words = tokens(question)
    lowered = [w.lower() for w in words]
    if continued or len(words) < 3 or lowered[0] not in WH_WORDS:
        return False
    if BACK_POINTERS & set(lowered):
        return False
    if not any(w in AUXILIARIES or "v" in classes(w) for w in lowered[1:]):
        return False
    supplied = {stem_word(w.lower()) for text in earlier for w in content_words(text)}
    bare = {i + 1 for i, w in enumerate(lowered[:-1]) if w == "the" and (
        i + 2 >= len(lowered) or not lowered[i + 2][:1].isalpha() or not can_be_noun(lowered[i + 2])
        or lowered[i + 2] in STOPWORDS)}
    return any(stem_word(word) not in supplied and classes(word) != "v" and word not in WH_WORDS and i not in bare
               for i, word in enumerate(lowered) if word in {w.lower() for w in content_words(word)})


def written_span(topic: str, question: str, terms: CorpusTerms,
                 most_words: int = Settings.topic_span_words) -> str:
    """A topic of phrases joined by 'and' ("Russia's argument, the medical insurance dispute and Kyrgyzstan") as the
    question wrote them, with the words that relate them ("Russia's argument in the medical insurance dispute with
    Kyrgyzstan"): the question's text from the first phrase to the last, when every phrase is in it in order and that
    text reads as one noun phrase of at most `most_words` words; '' otherwise."""
    parts = [p.strip() for p in topic.replace(" and ", ", ").split(", ") if p.strip()]
    if len(parts) < 2:
        return ""
    lowered, at, spans = question.lower(), 0, []
    for part in parts:
        bare = part[4:] if part.lower().startswith("the ") else part
        found = lowered.find(bare.lower(), at)
        if found < 0:
            return ""
        spans.append((found, found + len(bare)))
        at = found + len(bare)
    span = question[spans[0][0]:spans[-1][1]]
    span = f"the {span}" if parts[0].lower().startswith("the ") else span
    if len(tokens(span)) > most_words or any(c in span for c in ",;?") or not reads_as_noun_phrases(span, terms) \
            or any(w.lower() in AUXILIARIES for w in tokens(span)):
        return ""
    return span
