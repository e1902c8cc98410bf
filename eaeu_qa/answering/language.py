"""Language check: the share of a question's Latin-script words that are English (a word list and the corpus's)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..derived_cache import PackageTable
from ..entities import STOPWORDS
from ..records import Chunk
from ..settings import Settings

# A word of the corpus's: letters only, lower-cased (chunk texts and questions are read alike).
_LETTERS = re.compile(r"[^\W\d_]+")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _stems(words) -> frozenset[str]:
    """Snowball English stems of `words` (a stemmer per call: PyStemmer's is not thread-safe)."""
    import Stemmer

    return frozenset(Stemmer.Stemmer("english").stemWords(list(words)))


def _english_list_stems() -> frozenset[str]:
    from english_words import get_english_words_set

    return _stems(get_english_words_set(["web2"], lower=True, alpha=True))


# english_stems' set per folder it is kept in (None: nowhere)
_ENGLISH_STEMS = PackageTable("english-stems", "english-words", __file__, _english_list_stems)


def english_stems(folder: Path | None = None) -> frozenset[str]:
    """The stems of a general English word list, the english-words package's web2 list (lower case, letters only), so
    that an inflected form ("chairs", "reported"), which the list lacks, is read as its word. Stemming the list takes
    0.6 s: kept on disk (derived_cache.PackageTable) per package version and code in `folder`, the caller's
    Settings.derived_dir (ExtractiveAnswerer.warm passes it before any question)."""
    return _ENGLISH_STEMS.get(Path(folder) if folder is not None else None)


@dataclass(frozen=True)
class CorpusWords:
    """The corpus's words (letters only, lower-cased) and their Snowball stems: what the language check reads as
    English besides the general list."""

    words: frozenset[str] = frozenset()
    stems: frozenset[str] = frozenset()


def corpus_words(chunks: Sequence[Chunk]) -> CorpusWords:
    """The corpus's words and their stems (0.03 s for the corpus, more for uploads): ExtractiveAnswerer.warm reads
    them once and keeps them on the answerer; other callers read them once and pass them on."""
    words = frozenset(w for c in chunks for w in _LETTERS.findall(c.text.lower()))
    return CorpusWords(words, _stems(words))


def _words_of(corpus: Sequence[Chunk] | CorpusWords) -> CorpusWords:
    """`corpus` as CorpusWords: read from the chunks when given chunks."""
    return corpus if isinstance(corpus, CorpusWords) else corpus_words(corpus)


def _one_edit(word: str) -> set[str]:
    """The words one deletion, transposition, replacement or insertion of a letter a-z away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deleted = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaced = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    return deleted | swapped | replaced | {a + c + b for a, b in splits for c in _ALPHABET}


def latin_words(text: str) -> list[str]:
    """The runs of two or more Latin letters in `text`, lower-cased ("l'article" -> ["article"]), without the
    capitalised ones that do not start a sentence: names ("Japarov", "Tokayev") and short forms ("OMS") say nothing
    about the language the question is written in, so they count neither way."""
    kept = "".join(c if c.isalpha() and "LATIN" in unicodedata.name(c, "") else " " for c in text)
    words = []
    for match in re.finditer(r"\S+", kept):
        before = text[:match.start()].rstrip(" \t\n\"'«“‘(¿¡-")
        starts = not before or before[-1] in ".?!"
        if len(match.group(0)) > 1 and (starts or not match.group(0)[0].isupper()):
            words.append(match.group(0).lower())
    return words


# Function words of the Latin-script languages a user of this assistant may write in (French, German, Spanish,
# Italian, Turkish, Uzbek, and Russian and Kyrgyz in Latin letters), none of them an English word, a piece of an
# English contraction ("I've" -> "ve"), chat shorthand ("mi", "se", "para", "mon") or a word of a set phrase English
# borrows ("de facto", "de jure", "en route": "de", "en" are left out). Written by hand: no stopword package is
# installed (nltk's lists are data downloaded at run time, and neither nltk nor stop-words has Uzbek or transliterated
# Russian/Kyrgyz).
FOREIGN_FUNCTION_WORDS = frozenset("""
le la les des du un une est et que qui quoi pour dans sur avec pas ce cette ces il ils elle elles nous vous au aux
mes leur leurs sont pourquoi quel quelle quels quelles où très mais donc être ont peut
der das und ist mit den dem ein eine einen einem einer warum wie wer wo nicht für auf von zu vor sind ich mein meine
sie über auch oder aber bei nach wird werden kann können muss müssen haben
el los las del qué por es una uno su mis como cómo cuál cuándo dónde porque porqué pero también
muy está están sobre tiene puede
di della dei delle degli che è perché sono mio mia miei sul sulla nel nella alla alle anche quando quale hanno
questo questa
bir bu ne mı mu mü için ile nasıl neden nedir hangi ama çok olan gibi kadar yok benim
va nima qanday uchun bilan mening nega qachon qayerda emas
chto kak pochemu po dlya eto moy moya moi ob ili kto gde kogda zachem mne menya li nuzhno mozhno naschet tozhe esli
uzhe tolko
emne kanday kandai menin jana bul kaysy kachan kayda barby jok
""".split())


def function_words(text: str) -> tuple[str, ...]:
    """The words of `text` (latin_words) that are another language's function words (FOREIGN_FUNCTION_WORDS): the
    language check flags a question only with one, so names, loan words and chat shorthand ("pls", "thx", "kidz")
    never make English read as another language."""
    return tuple(w for w in latin_words(text) if w in FOREIGN_FUNCTION_WORDS)


def foreign_words(text: str, chunks: Sequence[Chunk] | CorpusWords = (),
                  typo_least: int = Settings.typo_least_letters) -> tuple[str, ...]:
    """The Latin-script words of `text` (latin_words) that are not English: another language's function word
    (FOREIGN_FUNCTION_WORDS, though the general list holds "und", "les"), or a word whose stem is neither a listed word's
    nor a corpus word's and, when at least `typo_least` letters long, not one edit from a corpus word ("medecal")."""
    import Stemmer

    words = latin_words(text)
    read, english = _words_of(chunks), english_stems()
    corpus, corpus_stems = read.words, read.stems
    stems = Stemmer.Stemmer("english").stemWords(words)
    return tuple(w for w, s in zip(words, stems) if w in FOREIGN_FUNCTION_WORDS or (
        s not in english and s not in corpus_stems
        and not (len(w) >= typo_least and any(v in corpus for v in _one_edit(w)))))


def listed_only(words: Sequence[str], chunks: Sequence[Chunk] | CorpusWords = (),
                least: int = Settings.list_least_letters) -> tuple[str, ...]:
    """The words of `words` under `least` letters that are English only by the general word list: neither a corpus word
    nor an English function word (entities.STOPWORDS). The list holds many short words of other languages ("und",
    "ist", "den", "les", "die", "del"), so such a word says nothing about the language: counted neither way."""
    corpus = _words_of(chunks).words
    return tuple(w for w in words if len(w) < least and w not in corpus and w not in STOPWORDS)


def english_share(text: str, chunks: Sequence[Chunk] | CorpusWords = (), typo_least: int = Settings.typo_least_letters,
                  foreign: Sequence[str] | None = None, list_least: int = Settings.list_least_letters) -> float:
    """Share of the Latin-script words of `text` that are English or the corpus's (1.0 when there are none), the short
    words English only by the word list left out (listed_only). `foreign`: foreign_words(text, chunks, typo_least) when
    the caller has it already (question_features). `chunks`: the corpus, or its words (CorpusWords) read once."""
    words = latin_words(text)
    chunks = _words_of(chunks)  # read once for both calls
    if foreign is None:
        foreign = foreign_words(text, chunks, typo_least)
    unknown = set(foreign)
    counted = len(words) - len(listed_only([w for w in words if w not in unknown], chunks, list_least))
    if not counted:
        return 1.0
    return 1.0 - len(foreign) / counted
