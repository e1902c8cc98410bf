"""An item of the previous answer named by its position: 'the second one', 'the last of those', 'the latter'."""

from __future__ import annotations

import re
from typing import Callable, Collection, Sequence

from .reference import GENERAL_NOUNS
from ..entities import (AUXILIARIES, CONNECTIVES, DETERMINERS, FILLERS, STOPWORDS, SUBORDINATORS, WH_WORDS,
                        CorpusTerms, content_words, names, provisions, tokens)
from .wordclass import classes
from .phrasing import PLURAL_AUX, capitalise, plural, possessive, same_word, unmarked
from ..settings import Settings

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "5th": 5, "former": 1, "last": -1, "latter": -1}
# Words of position that modify a noun as an ordinal does but point at no list ('its next meeting').
POSITION_WORDS = frozenset(ORDINALS) | {"next", "previous", "current"}
# 'the third one is ...' -> 'the incremental regulatory adjustments are ...': the verb next to the item (after it, or
# before it in a question: 'why was the third one ...') agrees with a plural item.
_VERB_AFTER = re.compile(r"^\s+(%s)\b" % "|".join(PLURAL_AUX), re.I)
_VERB_BEFORE = re.compile(r"\b(%s)\s+$" % "|".join(PLURAL_AUX), re.I)
# Counts a question can ask for ('what two parts ...'): the list of that length is the one the answer gave.
COUNTS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}
# 'the second one', 'the last of those', 'the latter', 'the second body': an ordinal that stands for a list item.
# 'that last one you gave' points at the list as 'the last one' does; 'the first of those two' names the list's length.
_ORDINAL = re.compile(r"\b(?:the|that)\s+(?P<ord>%s)\b(?:\s+(?P<of>of\s+(?:(?:those|these)(?:\s+(?P<count>%s))?|them|"
                      r"the\s+two|both|the\s+three))\b|\s+(?P<noun>[a-z]+)\b)?" % ("|".join(ORDINALS), "|".join(COUNTS)),
                      re.I)
# Words after the ordinal phrase that say where the list was: 'on that list', 'you listed', 'that you mentioned'.
_QUALIFIER = re.compile(r"\s+(?:(?:on|in|from|of)\s+(?:that|the|this|your)\s+list|(?:that\s+|which\s+)?(?:you|they|it)"
                        r"\s+(?:just\s+)?(?:listed|mentioned|named|gave|said|described|quoted|cited))\b", re.I)
# The item said first, then the question about it with a pronoun: 'the last one - where is it based?'.
_DISLOCATED = re.compile(r"^\s*[,:–—-]\s*(?P<question>.*?\b(?P<pronoun>it|its|they|them|their)\b.*)$", re.I | re.S)
_OPENERS = frozenset(CONNECTIVES + FILLERS)
# Words after an ordinal that leave it alone: a verb or a conjunction ('the latter is ...', 'the second and ...').
_AFTER_ALONE = AUXILIARIES | {"and", "or"}
# An enumeration: its items after 'such as' / 'including' / 'namely' / a colon, up to the end of the clause: a full
# stop, semicolon, colon or dash, or a hyphen glued to the word that opens the next clause ('adjustments-while'; the
# analysis writes dashes as hyphens without spaces): a conjunction ('and', 'but', 'as', ...), a subordinator or a
# wh-word, any of them, while a compound ('non-working', 'well-known', 'so-called') stays one word.
_CLAUSE_OPENERS = sorted({"and", "but", "or", "nor", "yet", "as"} | SUBORDINATORS | WH_WORDS)
_ENUMERATION = re.compile(r"(?:such\s+as|including|namely|:)\s+(?P<items>[^.;:–—]+?)(?=-(?:%s)\b|\s*[.;:–—]|$)"
                          % "|".join(_CLAUSE_OPENERS), re.I)
# A colon, then items parted by semicolons or numbered ('1) ...; 2) ...'), to the segment's end (no colon after).
_COLON_LIST = re.compile(r":\s+(?P<items>(?:\d{1,2}\)\s+)?[^:]*(?:;|\s\d{1,2}\)\s)[^:]*)$")
_SEMICOLON_SPLIT = re.compile(r"\s*;\s*(?:and\s+|or\s+)?|\s+(?=\d{1,2}\)\s)")
_NUMBER = re.compile(r"^\s*\d{1,2}\)\s*")
_ITEM_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.I)
# What may stand between two items of one list: commas, semicolons, 'and', 'or', 'as well as', an article.
_BETWEEN_ITEMS = re.compile(r"^[\s,;:]*(?:(?:and|or|as\s+well\s+as|and\s+also)\s+)?(?:the\s+)?$", re.I)


def past_ordinal(words: Sequence[str], at: int, follows: Callable[[str], bool] = lambda word: True,
                 ordinals: Collection[str] = ORDINALS) -> int:
    """The position of the noun after a demonstrative or possessive at `at`: 'that first case' -> 'case' (an ordinal
    before a noun modifies it, no list position) when the word after the ordinal passes `follows`; else at + 1 (maybe
    past the end)."""
    if at + 2 < len(words) and words[at + 1].lower() in ordinals and follows(words[at + 2]):
        return at + 2
    return at + 1


def ordinal_reference(text: str, previous_question: str = "") -> tuple[int, int, int] | None:
    """(start, end, position) of the ordinal phrase of a turn that points at an item of a list: 'the second one',
    'the last of those', 'the latter', 'the second part' after a question about parts (the noun one of the previous
    question's), 'the second' alone (position -1 for the last); None when there is none ('the first meeting')."""
    earlier = [w for w in tokens(previous_question.lower()) if len(w) > 2]
    for match in _ORDINAL.finditer(text):
        noun = (match.group("noun") or "").lower()
        position = ORDINALS[match.group("ord").lower()]
        if match.group("of") or noun in GENERAL_NOUNS or noun and (any(same_word(noun, w) for w in earlier)
                                                                   or _QUALIFIER.match(text, match.end())):
            # any noun when the turn says the list was the answer's ('the last kind you listed')
            return match.start(), match.end(), position
        if not noun or noun in _AFTER_ALONE:  # 'the second?', 'the latter is ...', 'the last and ...'
            return match.start(), match.end("ord"), position
    return None


def answer_lists(answer: str, terms: CorpusTerms, item_words: int = Settings.list_item_words, asked: str = ""
                 ) -> list[list[str]]:
    """The lists the answer gives, in order: runs of two or more names in one quote (or sentence) with only commas,
    semicolons, 'and' / 'or' between them, continued by the next quotes that hold one name only (a list quoted item
    by item), phrases enumerated after 'such as', 'including' or a colon (each at most `item_words` words: the
    caller's Settings.list_item_words), and the items a colon opens that semicolons or numbers ('1)') part
    (colon_items; of any length when the words before the colon name what the previous question `asked` for);
    parentheses left out."""
    text = unmarked(answer)
    segments = re.findall(r"“([^”]+)”", text) or re.split(r"(?<=[.!?])\s+", text)
    lists: list[list[str]] = []
    for segment in (re.sub(r"\s*\([^)]*\)", "", s) for s in segments):
        colon = colon_items(segment, terms, item_words, asked)  # its items hold the phrases a comma parts
        found = _name_runs(segment, terms) + colon + [e for e in _enumerations(segment, item_words)
                                                      if not colon or e[0] < colon[0][0]]
        if len(found) == 1 and len(found[0][1]) == 1 and found[0][1][0] == segment.strip(" .;,") and lists:
            lists[-1].append(found[0][1][0])  # a quote that is one name only: the next item of the list before
            continue
        lists += [items for _, items in sorted(found) if len(items) > 1]
    return lists


def _name_runs(segment: str, terms: CorpusTerms) -> list[tuple[int, list[str]]]:
    """(offset, names) of each run of names with only list punctuation and 'and' / 'or' between them."""
    runs: list[tuple[int, list[str]]] = []
    at = end = 0
    for entity in names(segment, terms):
        start = segment.find(entity.text, at)
        if start < 0:
            continue
        if not runs or not _BETWEEN_ITEMS.match(segment[end:start]):
            runs.append((start, []))
        runs[-1][1].append(entity.text)
        at = end = start + len(entity.text)
    return runs


def colon_items(segment: str, terms: CorpusTerms, item_words: int, asked: str = "") -> list[tuple[int, list[str]]]:
    """(offset, items) of a list a colon opens whose items semicolons or numbers part: 'in the following forms: 1)
    coordination of ...; 2) exchange of ...; 3) information exchange' (the treaty's way of listing); each item at most
    `item_words` words unless the noun right before the colon is one the question `asked` wrote ('In what forms
    ...?' and 'in the following forms:': the list is what was asked for, however long its items)."""
    match = _COLON_LIST.search(segment)
    if not match:
        return []
    items = [_NUMBER.sub("", i).strip(" ,.") for i in _SEMICOLON_SPLIT.split(match.group("items").strip(" .;"))]
    items = [i for i in items if i]
    intro = content_words(segment[:match.start()])[-1:]  # the list's own noun ('the following forms:')
    named = any(same_word(w.lower(), a.lower()) and terms.is_noun(w) for a in content_words(asked) for w in intro)
    if len(items) > 1 and (named or all(len(i.split()) <= item_words for i in items)):
        return [(match.start("items"), items)]
    return []


def _enumerations(segment: str, item_words: int) -> list[tuple[int, list[str]]]:
    """(offset, phrases) enumerated after 'such as' / 'including' / a colon: 'special insurance schemes, limited
    coverage packages, or incremental regulatory adjustments' (phrases of at most `item_words` words, up to the clause's
    end)."""
    found = []
    for match in _ENUMERATION.finditer(segment):
        items = [i.strip() for i in _ITEM_SPLIT.split(match.group("items")) if i and i.strip()]
        if len(items) > 1 and all(0 < len(i.split()) <= item_words for i in items):
            found.append((match.start("items"), items))
    return found


def answer_provisions(answer: str) -> list[str]:
    """The articles and annexes the answer names, in order, each once ('Article 6', 'Article 2'): the list a question
    for articles was answered with."""
    return list(dict.fromkeys(e.text for e in provisions(unmarked(answer)) if e.head in {"article", "annex"}))


def verb_phrase(item: str) -> bool:
    """A list item that opens with a verb ('prepare the draft budget', 'keep the register'; review s24 R5): a word
    the lexicon knows as a verb and not as a noun, or as both before a determiner ('respect the differences'); no
    participle or adjective ('limited coverage packages', 'functioning of the Customs union' are noun phrases)."""
    words = item.split()
    first = words[0].lower() if words else ""
    found = classes(first)
    return "v" in found and "a" not in found and not first.endswith(("ed", "ing")) and (
        "n" not in found or len(words) > 1 and words[1].lower() in DETERMINERS)


def named_ordinal(ordinal: str, answer: str) -> str:
    """'the third scenario' for 'third' when the answer says 'A third, and perhaps most likely, scenario ...': the
    answer's own phrase with that ordinal and a noun (an aside between commas skipped); '' without one."""
    if ordinal.lower() in {"former", "latter"}:
        return ""
    pattern = rf"\b(?:a|the)\s+{re.escape(ordinal)}\b(?:\s*,[^,.]*,)?\s+(?P<noun>[a-z]+)\b"
    for match in re.finditer(pattern, unmarked(answer), re.I):
        noun = match.group("noun")
        if noun.lower() not in STOPWORDS | set(ORDINALS) | {"one"} and not noun.endswith("ly"):
            return f"the {ordinal.lower()} {noun}"
    return ""


def resolve_ordinal(text: str, answer: str, previous_question: str, terms: CorpusTerms,
                    the_noun_share: float = Settings.the_noun_share,
                    item_words: int = Settings.list_item_words) -> str:
    """'How does the second one vote?' after an answer listing 'the Council of the Commission and the Collegium of
    the Commission' -> 'How does the Collegium of the Commission vote?': the item at that position of the answer's
    list (the list as long as the count the previous question asked for, else the answer's first), or the answer's
    own phrase with that ordinal (named_ordinal); '' when the turn has no such ordinal or the answer no such list."""
    reference = ordinal_reference(text, previous_question)
    if not reference:
        return ""
    start, end, position = reference
    named = named_ordinal(text[start:end].split()[1], answer)
    if named:  # 'A third, and perhaps most likely, scenario ...': the answer's own third thing
        return text[:start] + named + text[end:]
    lists = answer_lists(answer, terms, item_words, previous_question)
    if {"articles", "annexes"} & {w.lower() for w in tokens(previous_question)}:
        lists = [answer_provisions(answer), *lists]  # 'Which articles ...?': the provisions the answer named, in order
    lists = [items for items in lists if len(items) > 1]
    if not lists:
        return ""
    counts = {COUNTS[w.lower()] for w in tokens(previous_question) if w.lower() in COUNTS}
    count = (ordinal_match := _ORDINAL.match(text, start)) and ordinal_match.group("count")
    counts = {COUNTS[count.lower()]} if count else counts  # 'the first of those two': the list of two
    chosen = next((items for items in lists if len(items) in counts), lists[0])
    if position > len(chosen):
        return ""
    item = chosen[position - 1] if position > 0 else chosen[-1]
    if verb_phrase(item):
        item = f"“{item}”"  # an item that is a verb phrase ('approve the budget') is quoted, never 'the approve ...'
    elif not item.lower().startswith("the ") and not provisions(item) and (len(item.split()) > 1
                                                                             or terms.takes_the(item, the_noun_share)):
        item = f"the {item}"  # 'the Collegium of the Commission', 'the Collegium', but 'Russia'
    qualifier = _QUALIFIER.match(text, end)  # 'on that list', 'you listed'
    rest = text[qualifier.end() if qualifier else end:]
    dislocated = _DISLOCATED.match(rest)
    if dislocated and not {w.lower() for w in content_words(text[:start])} - _OPENERS:  # 'the last one - where is it based?'
        question, pronoun = dislocated.group("question"), dislocated.group("pronoun")
        named = possessive(item) if pronoun.lower() in {"its", "their"} else item
        at = dislocated.start("pronoun") - dislocated.start("question")
        return capitalise(question[:at] + named + question[at + len(pronoun):])
    before = text[:start]
    if plural(item):
        before = _VERB_BEFORE.sub(lambda m: PLURAL_AUX[m.group(1).lower()] + m.group()[len(m.group(1)):], before)
        rest = _VERB_AFTER.sub(lambda m: m.group()[:-len(m.group(1))] + PLURAL_AUX[m.group(1).lower()], rest, count=1)
    return before + item + rest
