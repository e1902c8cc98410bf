"""Instruments a question names (a document-type noun and its nearest modifier) and whether the corpus names such."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..entities import STOPWORDS
from ..settings import Settings
from ..textrepair import american_spelling
from .units import stem

# Nouns that name a legal instrument, as written (a general grammatical class, nothing from a particular question).
DOCUMENT_NOUNS = frozenset((
    "law laws legislation code codes agreement agreements convention conventions decree decrees regulation "
    "regulations act acts protocol protocols resolution resolutions constitution constitutions statute statutes "
    "charter charters treaty treaties directive directives").split())
COMPLEMENTS = ("on", "of")  # "the law on ...", "the Code of ...": the instrument's subject follows
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’]s)?|[^\sA-Za-z0-9]")
_WORD = re.compile(r"[A-Za-z0-9]+")
_POSSESSIVE = re.compile(r"['’]s$")
# Grammatical classes for reading a document noun that English also uses as a verb ("Can the employer act
# unilaterally?"): words a verb's base form follows, words that open a noun phrase, and the openers of a yes/no
# question whose main verb follows the subject (closed word classes, nothing from a particular question).
MODALS = frozenset("can could may might must shall should will would".split())
VERB_LEAD = MODALS | frozenset("to do does did not i you we they he she it".split())
NOUN_LEAD = frozenset("the a an this that these those its their his her our my your any every each no some which "
                      "whose what another such".split())
OBJECT_PRONOUNS = frozenset("it them him me us".split())
# Prepositions a verb takes ("act on", "act as", "act within"); "of" belongs to nouns ("the act of the Commission").
PREPOSITIONS = frozenset("on in at as for with within without against upon under by from into about".split())


# Nouns of a state's own instruments (a general grammatical class): the corpus holds treaties and an analysis of them,
# never a state's law, so "the Russian Family Code" or "Kazakhstan's own health insurance law" is an outside one.
DOMESTIC_NOUNS = frozenset("law laws legislation code codes decree decrees act acts constitution constitutions".split())
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


class Mention(NamedTuple):
    """A document noun in a question: the noun as written (lower case), the words that say which instrument it is,
    whether it stands where English puts a verb (verb_slot; absent_instrument then reads it as a verb when the
    corpus uses the word as one), the years its phrase dates it by ("the 2014 founding treaty": 2014) and, for a
    noun of a state's own instruments (DOMESTIC_NOUNS), the capitalised words of its phrase (its owner)."""

    noun: str
    modifiers: tuple[str, ...]
    verb_slot: bool
    years: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()  # capitalised words of a state's-own noun's phrase ("Russian" Family Code; _owners)


def _word(token: str) -> bool:
    return bool(_WORD.match(token))


def _verb_slot(tokens: list[str], k: int) -> bool:
    """Whether the document noun at `k` stands where English puts a verb: written in lower case, not right after a
    word that opens a noun phrase (an article, a possessive, a number), and either right after "to", a modal, "do" or
    a subject pronoun ("to act", "Russia must act"), or followed by an adverb in -ly or an object pronoun ("act
    unilaterally"), or, in a yes/no question opened by a modal or "do" (whose main verb follows the subject),
    followed by a preposition or the end ("Can the employer act on its own?", against "Does the labour act
    cover migrants?"); never before an "on"/"of" complement that opens with a content word ("the federal act on
    migration")."""
    token = tokens[k]
    if token != token.lower():
        return False
    before = tokens[k - 1].lower() if k else ""
    if before in VERB_LEAD:
        return True
    if not before or before in NOUN_LEAD or _POSSESSIVE.search(before) or before.isdigit():
        return False
    after = tokens[k + 1].lower() if k + 1 < len(tokens) else ""
    if _word(after) and ((after.endswith("ly") and len(after) > 4) or after in OBJECT_PRONOUNS):
        return True
    yes_no = tokens[0].lower() in MODALS | {"do", "does", "did"}
    if after in COMPLEMENTS and k + 2 < len(tokens) and _word(tokens[k + 2]) \
            and tokens[k + 2].lower() not in STOPWORDS | NOUN_LEAD | OBJECT_PRONOUNS:
        return False  # an instrument's "on"/"of" complement: "Does the federal act on migration apply?" (against
        # a verb's object after its preposition: "Must the employer act on the judgment?", "act on its own")
    return yes_no and (not _word(after) or after in PREPOSITIONS)


def instrument_mentions(text: str, phrase_words: int = Settings.instrument_phrase_words) -> tuple[Mention, ...]:
    """The document nouns of a question with the words that say which instrument is meant: the word right before the
    noun (its nearest modifier: "federal" in "Russia's federal law", "CIS" in "the 1994 CIS agreement") and the first
    word of an "on"/"of" complement ("pension" in "the Agreement on Pension Provision"); function words and
    punctuation end the phrase. Lower case, in order. `phrase_words`: the caller's Settings.instrument_phrase_words
    (_years, _owners)."""
    # One spelling on both sides (as keyword search does): "labour law" and "labor legislation" name alike.
    tokens = _TOKEN.findall(american_spelling(text))
    found: list[Mention] = []
    for k, token in enumerate(tokens):
        if token.lower() not in DOCUMENT_NOUNS:
            continue
        words: list[str] = []
        before = _POSSESSIVE.sub("", tokens[k - 1]).lower() if k else ""
        if before and _word(before) and before not in STOPWORDS:
            words.append(before)
        if k + 2 < len(tokens) and tokens[k + 1].lower() in COMPLEMENTS:
            after = _POSSESSIVE.sub("", tokens[k + 2]).lower()
            if _word(after) and after not in STOPWORDS:
                words.append(after)
        owners = _owners(tokens, k, phrase_words) if token.lower() in DOMESTIC_NOUNS else ()
        found.append(Mention(token.lower(), tuple(words), _verb_slot(tokens, k), _years(tokens, k, phrase_words),
                             owners))
    return tuple(found)


def _years(tokens: list[str], k: int, phrase_words: int) -> tuple[str, ...]:
    """The years in the noun phrase before the document noun at `k` (at most `phrase_words` words
    back, up to a function word or punctuation): "the 2014 founding treaty" -> ("2014",), "the 1994 CIS agreement"
    -> ("1994",)."""
    years: list[str] = []
    for token in reversed(tokens[max(0, k - phrase_words):k]):
        if not _word(token) or token.lower() in STOPWORDS:
            break
        if _YEAR.fullmatch(token):
            years.append(token)
    return tuple(years)


def _owners(tokens: list[str], k: int, phrase_words: int) -> tuple[str, ...]:
    """The capitalised words (possessive dropped) in the noun phrase before the document noun at `k`, read as _years
    reads it: "the Russian Family Code" -> ("Russian", "Family"), "Kazakhstan's own health insurance law" ->
    ("Kazakhstan",)."""
    owners: list[str] = []
    for token in reversed(tokens[max(0, k - phrase_words):k]):
        word = _POSSESSIVE.sub("", token)
        if not _word(word) or word.lower() in STOPWORDS:
            break
        if word[:1].isupper():
            owners.append(word)
    return tuple(reversed(owners))


def object_words(first_articles, title_words: frozenset[str]) -> frozenset[str]:
    """Index side: what the corpus's instruments say they do: the content words (lower case) of the names of their
    first articles whose stems are not their titles' words (`title_words`, title_attributes): EAEU Treaty Art. 1
    "Establishment of the Eurasian Economic Union" -> establishment."""
    return frozenset(w for name in first_articles for w in (t.lower() for t in _WORD.findall(name))
                     if w not in STOPWORDS and not w.isdigit() and stem(w) not in title_words)


def title_attributes(titles) -> tuple[frozenset[str], frozenset[str]]:
    """Index side: what the corpus's own instruments are described by in their titles (the sources' titles and short
    titles that hold a document noun: "Treaty on the Accession of the Kyrgyz Republic ... (Moscow, 23 December 2014)",
    "EAEU Treaty"): the stems of their words, and the years they carry (the year of signature)."""
    words: set[str] = set()
    years: set[str] = set()
    for title in titles:
        tokens = [w.lower() for w in _WORD.findall(american_spelling(title))]
        if not DOCUMENT_NOUNS & set(tokens):
            continue
        words.update(stem(w) for w in tokens if w not in STOPWORDS)
        years.update(w for w in tokens if _YEAR.fullmatch(w))
    return frozenset(words), frozenset(years)


def corpus_verbs(texts) -> frozenset[str]:
    """Index side: the stems of every corpus word right after a modal ("shall act", "may not apply"): the words the
    corpus itself uses as verbs."""
    verbs: set[str] = set()
    for text in texts:
        words = [w.lower() for w in _WORD.findall(text)]
        for i in range(1, len(words)):
            lead = words[i - 1] if words[i - 1] != "not" or i < 2 else words[i - 2]
            if lead in MODALS and words[i] != "not":
                verbs.add(stem(words[i]))
    return frozenset(verbs)


def instrument_words(texts, window: int = Settings.instrument_window) -> frozenset[str]:
    """Index side: the stems of every corpus word within `window` words of a document noun (what the corpus says
    instruments are named by; Settings.instrument_window: "Treaty on the Accession" at 4)."""
    near: set[str] = set()
    for text in texts:
        words = [w.lower() for w in _WORD.findall(american_spelling(text))]
        stems = [stem(w) for w in words]
        for i, word in enumerate(words):
            if word in DOCUMENT_NOUNS:
                near.update(stems[max(0, i - window):i + window + 1])
    return frozenset(near)


def absent_instrument(mentions: tuple[Mention, ...], known: frozenset[str], verbs: frozenset[str] = frozenset(),
                      years: frozenset[str] | None = None, describes_own=None,
                      titles: frozenset[str] | None = None) -> bool:
    """The question names an instrument the corpus does not: one of its mentions' modifiers never stands near a
    document noun in the corpus nor in the title of one of its instruments (`known`: instrument_words and
    title_attributes; "Russian federal law", "Kyrgyz law on external labour migration"), while "Kyrgyzstan's accession
    treaty" or "international treaties" are the corpus's own. With `years` (the years the corpus's instruments' titles
    carry, title_attributes), a mention dated by its phrase is the corpus's own instrument when its years are among
    them ("the 2014 founding treaty") and an outside one when not ("the 1994 CIS agreement"). A mention in a verb slot
    whose noun the corpus uses as a verb (`verbs`, corpus_verbs) is a verb, not an instrument ("Can the employer act
    unilaterally?"). `describes_own(word)` (evidence.CorpusStats.describes_own) says whether a modifier outside `known`
    says what one of the corpus's instruments does ("the founding treaty": the EAEU Treaty establishes the Union). With
    `titles` (the stems of the corpus's instruments' titles, title_attributes), a state's own instrument (a mention's
    owners) is an outside one unless its owner is a word of those titles ("the Russian Family Code", "Kazakhstan's
    national law"; not "Union law")."""
    for mention in mentions:
        if mention.verb_slot and stem(_base(mention.noun)) in verbs:
            continue
        if titles is not None and any(stem(owner) not in titles for owner in mention.owners):
            return True
        if years is not None and mention.years:
            if not set(mention.years) <= years:
                return True
            continue
        if any(stem(m) not in known and not (describes_own and describes_own(m)) for m in mention.modifiers):
            return True
    return False


def _base(noun: str) -> str:
    """A document noun's base form ("acts" -> "act"), as the corpus's verbs are written after a modal."""
    return noun[:-1] if noun.endswith("s") and noun[:-1] in DOCUMENT_NOUNS else noun
