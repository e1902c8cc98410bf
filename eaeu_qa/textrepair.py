"""Text normalisation: OCR repair for matching, whitespace folding, sentence splitting, word tokens."""

from __future__ import annotations

import re
from functools import lru_cache

# Cyrillic letters that look like Latin ones; in this English corpus any of them is OCR damage.
_HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "І": "I",
})
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff]")
_WORD_DIGIT_GLUE = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[A-Z][a-z])")
_CAMEL_GLUE = re.compile(r"(?<=\b[a-z]{2})(?=[A-Z][a-z]{3,})|(?<=\b[a-z]{3})(?=[A-Z][a-z]{3,})")
_SPACE_IN_BRACKETS = re.compile(r"\(\s+|\s+\)")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;:.!?])")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def fold_whitespace(text: str) -> str:
    return _WS.sub(" ", text).strip()


@lru_cache(maxsize=16384)
def repair_ocr(text: str) -> str:
    """A cleaned copy of `text` for embedding and keyword search; quotes keep the original text.

    Cached: keyword search, the answerer's word statistics and the condenser's corpus terms each repair
    every chunk once per process (0.3 s of a cold start before the cache)."""
    text = _INVISIBLE.sub("", text.replace("\xa0", " ")).translate(_HOMOGLYPHS)
    text = _WORD_DIGIT_GLUE.sub(" ", text)
    text = _CAMEL_GLUE.sub(" ", text)
    text = _SPACE_IN_BRACKETS.sub(lambda m: "(" if "(" in m.group() else ")", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return fold_whitespace(text)


# British spellings users type, mapped to the American spellings of the treaty translation, so that
# keyword search matches "labour market" to "labor market". Word stems; suffixes are kept.
_BRITISH_TO_AMERICAN = re.compile(
    r"\b(labour|favour|behaviour|honour|neighbour|organis|recognis|harmonis|authoris|summaris|"
    r"prioritis|minimis|maximis|utilis|centre|defence|licence|programme|judgement)", re.I)
_SPELLING_MAP = {"labour": "labor", "favour": "favor", "behaviour": "behavior", "honour": "honor",
                 "neighbour": "neighbor", "centre": "center", "defence": "defense", "licence": "license",
                 "programme": "program", "judgement": "judgment"}


def american_spelling(text: str) -> str:
    def replace(match: re.Match) -> str:
        word = match.group(1).lower()
        return _SPELLING_MAP.get(word, word[:-1] + "z" if word.endswith("is") else word)

    return _BRITISH_TO_AMERICAN.sub(replace, text)


def words(text: str) -> list[str]:
    """Case-folded word tokens of the repaired text: the unit for snippet matching and overlap."""
    return _WORD.findall(repair_ocr(text).casefold())


def contains_words(haystack: str, needle: str) -> bool:
    """True when needle's word sequence occurs contiguously in haystack's (case, quotes, spacing ignored)."""
    hay, ndl = words(haystack), words(needle)
    if not ndl:
        return False
    return f" {' '.join(ndl)} " in f" {' '.join(hay)} "


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "from"}
_ACRONYMS = {"eaeu": "EAEU", "ii": "II", "iii": "III", "iv": "IV", "vi": "VI", "wto": "WTO"}


def tidy_title(title: str) -> str:
    """'Court Of The Eaeu' -> 'Court of the EAEU' (ToTA names are in naive Title Case)."""
    out = []
    for i, word in enumerate(title.strip().rstrip(".").split()):
        low = word.lower()
        if low in _ACRONYMS:
            out.append(_ACRONYMS[low])
        elif i > 0 and low in _SMALL_WORDS:
            out.append(low)
        else:
            out.append(word)
    return " ".join(out)


# Sentence boundaries: end punctuation (with any closing quote) followed by space and an upper-case
# letter, digit or opening quote; not after common abbreviations ("Art.", "No.") or single initials.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])")
_ABBREVIATION_AT_END = re.compile(r"(?:^|[\s(])(?:arts?|no|paras?|e\.g|i\.e|cf|st|mr|dr|vs|[a-z])\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in text, trimmed of surrounding whitespace."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATION_AT_END.search(text[start:match.end()].lower()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [trim_span(text, s, e) for s, e in spans if text[s:e].strip()]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) moved inwards past surrounding whitespace, so text[start:end] is stripped."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
