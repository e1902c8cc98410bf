"""A thing pronoun whose antecedent is a noun phrase of an earlier sentence or clause of its own turn."""

from __future__ import annotations

import re
from typing import Callable

from ..entities import DETERMINERS, STOPWORDS, CorpusTerms, tokens
from .phrase import person_noun
from .phrasing import is_possessive, plural, without_possessive
from .wordclass import classes

# The pronouns this reads, singular (True) or plural (False); person pronouns ('he', 'her') are read elsewhere
# (pointers.antecedent_before: any person noun before them).
_NUMBER = {**dict.fromkeys(("it", "its", "itself"), False), **dict.fromkeys(("they", "them", "their"), True)}
# Where a sentence or clause ends inside a turn: its punctuation, and a dash set off by spaces ('the treaty's main
# objectives - do living standards come into it?'), which the tokens do not keep.
_BREAK_TOKENS = frozenset({"?", "!", ".", ";", ":", ","})
_DASH = re.compile(r"\s[-–—]+\s|\s[–—]|[–—]\s")
_OPENERS = DETERMINERS - {"this", "that", "these", "those", "such", "no"}  # a pointer is no antecedent of its own


def _breaks(question: str) -> set[int]:
    """Token positions that open a new sentence or clause: after a break token, or after a spaced dash."""
    words = tokens(question)
    found = {i + 1 for i, w in enumerate(words) if w in _BREAK_TOKENS}
    at = 0
    for i, word in enumerate(words):
        start = question.find(word, at)
        if i and _DASH.search(question[at:start]):
            found.add(i)
        at = start + len(word)
    return found


def _noun_like(word: str, terms: CorpusTerms, after_noun: bool) -> bool:
    """A word that can be in a noun phrase before its head: a noun, adjective or name reading, or unknown; after a
    noun, an -s form that can be a verb and that the corpus rarely has as a noun is the verb ('a member state stops
    paying'; not 'the member states')."""
    found = classes(without_possessive(word))
    if after_noun and "v" in found and word.lower().endswith("s") and terms.rarely_noun(word):
        return False
    return not found or bool({"n", "a", "p"} & set(found))


def noun_phrases(words: list[str], terms: CorpusTerms) -> list[tuple[str, bool]]:
    """(head, plural) of the noun phrases a determiner or a possessive opens in `words`, and of plural nouns with no
    determiner (_bare_plural): 'a country wants' -> country;
    "the treaty's own main objectives" -> treaty (its owner) and objectives; the head is the run's last word with a
    noun reading, the run ending at a function word or a word with no noun or adjective reading ('actually',
    'wants')."""
    found = []
    i = 0
    while i < len(words):
        lowered = words[i].lower()
        if lowered in _OPENERS or is_possessive(words[i]) and words[i][:1].isalpha():
            start = i + 1 if lowered in _OPENERS else i
            end = start
            while end < len(words) and words[end][:1].isalpha() and words[end].lower() not in STOPWORDS \
                    and _noun_like(words[end], terms, end > start):
                end += 1
                if is_possessive(words[end - 1]):
                    break  # the owner ends its own phrase ('the treaty's')
            run = [without_possessive(w) for w in words[start:end]]
            heads = [w for w in run if not classes(w) or {"n", "p"} & set(classes(w))]
            if heads:
                head = [w for w in run if w in heads][-1]
                found.append((head, plural(head)))
            i = max(end, i + 1)
            continue
        if _bare_plural(words, i):
            found.append((lowered, True))  # 'you mentioned people who ... what happens to them?', 'my 2 kids'
        i += 1
    return found


# Quantifiers before a plural noun ('many workers', 'both kids'): a closed class of English the lexicon does not mark as
# such; after one, an -s word is a noun, never a verb.
_QUANTIFIERS = frozenset({"two", "three", "four", "five", "many", "several", "some", "all", "both", "other", "few",
                          "more", "most"})


def _bare_plural(words: list[str], i: int) -> bool:
    """words[i] is a plural noun with no determiner ('people', 'kids', 'seasonal workers'): a plural form with a noun
    reading; one that can be a verb too ('works', 'helps', 'kids') only after a number, a quantifier or a word with no
    noun reading that is no function word ('2 kids', 'mentioned people'; not 'that helps', 'the court rules')."""
    lowered = words[i].lower()
    found = classes(lowered)
    if not words[i].isalpha() or lowered in STOPWORDS or not plural(lowered) or "n" not in found:
        return False
    if "v" not in found:
        return True
    before = words[i - 1].lower() if i else ""
    return before[:1].isdigit() or before in _QUANTIFIERS or (
        before.isalpha() and before not in STOPWORDS and bool(classes(before)) and "n" not in classes(before))


def own_antecedents(question: str, terms: CorpusTerms) -> Callable[[int], bool]:
    """own_antecedent for each pronoun of one turn: the turn's tokens and clause breaks are read once, and the noun
    phrases before each break once (pointers.references asks about every pronoun of the turn)."""
    words = tokens(question)
    breaks: list[set[int]] = []
    before: dict[int, list[tuple[str, bool]]] = {}

    def has(index: int) -> bool:
        pronoun = words[index].lower() if index < len(words) else ""
        if pronoun not in _NUMBER:
            return False
        if not breaks:
            breaks.append(_breaks(question))
        start = max((b for b in breaks[0] if b <= index), default=0)
        if start not in before:
            before[start] = noun_phrases(words[:start], terms)
        many = _NUMBER[pronoun]
        return any(is_plural == many and (many or not person_noun(head, terms)) for head, is_plural in before[start])
    return has


def own_antecedent(question: str, index: int, terms: CorpusTerms) -> bool:
    """The thing pronoun at token `index` has an antecedent of its number in an earlier sentence or clause of the
    same turn: a noun phrase opened by a determiner or a possessive ('when a country wants candidate status, who does
    it write to?', 'has the court ruled yet? what did it decide?', 'who organises the practical side of its meetings,
    and who pays for them?'); an 'it' never stands for a person ('my wife is not working, does it cover her?'). A
    pronoun with an antecedent in its own turn points at nothing earlier (pointers.references)."""
    return own_antecedents(question, terms)(index)
