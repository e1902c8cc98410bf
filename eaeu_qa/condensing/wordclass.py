"""Word classes from a general English lexicon (lemminflect's): whether a word can be a noun, a verb, an adjective.

The corpus's own statistics (entities.CorpusTerms) say how the documents use a word; a follow-up's topic is cut from
the user's words, which the documents often never use ('happen', 'lose', 'kids'). The lexicon lists every class a
word form can have ('work': noun and verb; 'lose': verb only; 'instead': adverb only), so a phrase with a word that
can be no noun, adjective or name is no noun phrase (condensing.noun_phrase).
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..derived_cache import PackageTable
from ..entities import AUXILIARIES, DO_MODALS, STRANDED_PREPOSITIONS

_PREPOSITIONS = STRANDED_PREPOSITIONS | {"than", "as", "during", "after", "before"}  # 'a package like that cost'

# lemminflect's classes, folded: n noun, v verb or auxiliary, a adjective, r adverb; p a name (a form the lexicon
# knows only capitalised: 'Kazan', 'Russia')
_FOLD = {"NOUN": "n", "PROPN": "p", "VERB": "v", "AUX": "v", "ADJ": "a", "ADV": "r"}


def _folded_lexicon() -> dict[str, str]:
    from lemminflect import Lemmatizer

    folded: dict[str, set[str]] = {}
    # lemminflect's public API looks up one word at a time (getAllLemmas); the whole form -> {class: lemmas}
    # table, which this folds once into word classes, is only reachable through its private _getLemmaDict
    # (pinned: lemminflect==0.2.3 in requirements.txt; tests/test_condensing_wordclass.py reads it)
    for form, found in Lemmatizer()._getLemmaDict().items():
        if form.isalpha():
            letters = {_FOLD[c] for c in found if c in _FOLD}
            folded.setdefault(form.lower(), set()).update({"p"} if form[0].isupper() and letters else letters)
    return {form: "".join(sorted(letters)) for form, letters in folded.items() if letters}


_TABLES = PackageTable("word-classes", "lemminflect", __file__, _folded_lexicon)  # the table per folder it is kept in
_KEPT_IN = threading.local()  # the folder keep_in gave, per thread (each caller's own Settings.derived_dir)


def keep_in(folder: Path | None) -> None:
    """Keep the table in `folder` (the caller's Settings.derived_dir; the chain's condenser passes it before each
    turn, its warm() before the first) for this thread's later lookups."""
    _KEPT_IN.folder = Path(folder) if folder is not None else None


def lexicon(folder: Path | None = None) -> dict[str, str]:
    """Each lower-case word form the lexicon knows -> the letters of its classes ('work' -> 'nv'). Reading the lexicon
    takes 0.8 s: kept on disk (derived_cache.PackageTable) per package version and code in `folder`, else the folder
    keep_in gave this thread."""
    return _TABLES.get(Path(folder) if folder is not None else getattr(_KEPT_IN, "folder", None))


def read_inflections() -> None:
    """Read lemminflect's lemma and inflection tables now (clause.py's getLemma and getInflection load them at their
    first call: 0.2 s on a quiet machine, 1.4 s under load), so that no follow-up is the first to pay it
    (Condenser.warm)."""
    from lemminflect import getInflection, getLemma

    getLemma("starts", upos="VERB")
    getInflection("start", tag="VBZ")


def classes(word: str) -> str:
    """The letters of the classes `word` can have (n, v, a, r, p); '' for a word the lexicon does not know."""
    return lexicon().get(word.lower().replace("’", "'"), "")


def known(word: str) -> bool:
    return bool(classes(word))


def can_be_noun(word: str) -> bool:
    """A noun or name reading, or an unknown word (a name the lexicon lacks: 'Kyrgyzstan')."""
    found = classes(word)
    return not found or bool({"n", "p"} & set(found))


def name_only(word: str) -> bool:
    """Known only as a name ('kazan', 'russia'): no 'the' before it."""
    return classes(word) == "p"


def verb_only(word: str) -> bool:
    """Only a verb ('happen', 'lose', 'affirms', 'pays'): no noun, adjective or adverb reading."""
    return classes(word) == "v"


def nominal(word: str) -> bool:
    """A noun, adjective or name reading (a word that can stand inside a noun phrase), or an unknown word."""
    found = classes(word)
    return not found or bool({"n", "a", "p"} & set(found))


def clause_verb_after(lowered: list[str], i: int) -> bool:
    """'that' at lowered[i] is a pronoun because the word after it is its clause's verb: an inverted modal or 'do'
    came before it with no verb since ('how much would a limited package like that cost per family?'), a preposition
    governs it, the word after 'that' can be a verb and the word after that cannot ('does that body vote ...?': 'body'
    is a noun; 'does the treaty say that court is ...?': 'say' governs it)."""
    aux = next((j for j in range(i - 1, -1, -1) if lowered[j] in DO_MODALS), None)
    if aux is None or i + 1 >= len(lowered) or "v" not in classes(lowered[i + 1]):
        return False
    between = lowered[aux + 1:i]
    after = lowered[i + 2] if i + 2 < len(lowered) else "?"
    followers = [*between[1:], "that"]
    verbal = any(verb_only(w) or w in AUXILIARIES or "v" in classes(w) and nxt in _OBJECT_STARTS
                 for w, nxt in zip(between, followers))  # 'will Russia pay me ... during that time?'
    return bool(between) and between[-1] in _PREPOSITIONS and not verbal \
        and not ("v" in classes(after) or after in AUXILIARIES)


# Words that open a verb's object: after a word that can be a verb they make it one ('pay me', 'get the').
_OBJECT_STARTS = frozenset({"me", "us", "him", "her", "them", "you", "it", "the", "a", "an", "my", "our", "his",
                            "their", "its"})
