"""What a turn talks about: named phrases, provision locators and noun chunks, judged with corpus statistics."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from .abbreviations import definitions
from .keyword_index import stem_word
from .references import LOCATOR as _LOCATOR  # provision mentions (why two patterns: references.py)
from .settings import Settings
from .textrepair import repair_ocr

_TOKEN = re.compile(r"[A-Za-z0-9][\w'’-]*|[?,;:.!()]")
# Function words and question scaffolding: never part of a noun chunk on their own.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing done down during each either else ever every few for from
further had has have having he her here hers him himself his how i if in into is it its itself just let me
more most my myself no nor not now of off on once only or other our ours out over own same say says said
shall she should so some such than that the their theirs them themselves then there these they this those
through to too under until up upon very was we were what when where which while who whom whose why will
with would you your yours actually exactly really please tell explain anything something much many
there's what's where's who's it's that's how's isn't doesn't don't didn't can't won't might must may
according
""".split())
# Prepositions a clause can end with, their object before them ('What is the dispute about?', 'What would that look
# like?', 'how much each country chips in'): no noun follows them.
STRANDED_PREPOSITIONS = frozenset({"about", "for", "on", "of", "to", "in", "from", "with", "over", "against", "by",
                                   "at", "under", "like"})
SUBJECT_JOINERS = frozenset({"of", "the", "on", "to", "for", "a", "an"})
WH_WORDS = frozenset("what which who whom whose where when why how".split())
AUXILIARIES = frozenset("is are was were be been do does did can could will would shall should may might must "
                         "has have had".split())
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
                         "such", "any", "each", "every", "our", "my", "your", "no"})
# The speaker's own possessives: 'my wife' is a subject the user wrote, kept as written (not a reference).
SPEAKER_POSSESSIVES = frozenset({"my", "our", "your"})
MODALS = frozenset("can could will would shall should may might must".split())
# Auxiliaries that take a bare verb ('would that look like', 'can he file'): the modals and 'do'.
DO_MODALS = MODALS | {"do", "does", "did"}
DO_FORMS = frozenset({"do", "does", "did"})
# Verbs of saying and thinking: what follows them is a statement or the thing said, not a noun phrase. Uses:
# - main_verb: 'What does Russia say about X?' asks for a statement, not about an action: no main verb (only the
#   list's stopwords, 'say'/'says'/'said', can end the subject there; the others are read into it);
# - condensing.condenser.Condenser._references: 'says that workers ...' is 'that' as a conjunction, not 'that <noun>';
# - condensing.switch: a turn ending in one takes its context with 'about' ('What does Russia say about X?'), as do
#   the verbs of knowing and perceiving added there ('know', 'see', 'feel'), whose 'that' is as often a
#   demonstrative ('see that article').
SAYING_VERBS = frozenset({"say", "says", "said", "think", "thinks", "argue", "argues", "claim", "claims", "mean",
                          "means"})
# Subject pronouns: the next word is the verb ('can she get', 'if they lose').
SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "we", "they"})
SUBORDINATORS = frozenset({"if", "when", "once", "unless", "because", "after", "before", "while"})
# Words a follow-up opens with: connectives that continue the previous turn ('And ...', 'But ...'; they make a turn a
# follow-up, condensing.reask.CONTINUATION) and fillers that only open it ('ok', 'well'); all are left out of its body
# (condensing.switch.opener_body).
CONNECTIVES = ("and", "but", "so", "also", "then", "or", "plus")
FILLERS = ("ok", "okay", "well")
_NAME = re.compile(r"(?:[A-Z][\w'’-]*|[A-Z]{2,})(?:(?:\s+(?:of the|of|on the|for the|for))?\s+"
                   r"(?:[A-Z][\w'’-]*|\([A-Z]{2,}\)))*")
PARAGRAPH_NOUNS = frozenset({"paragraph", "paragraphs", "para"})
LOCATOR_WORDS = frozenset({"article", "articles", "art", "annex", "annexes", *PARAGRAPH_NOUNS})


@dataclass(frozen=True)
class Entity:
    """A phrase a later turn may refer to: a name ('Court of the EAEU'), a provision ('Article 112')."""

    text: str
    kind: str  # "name" | "provision"
    head: str  # the word a demonstrative names it by: 'court', 'article', 'annex'


@dataclass
class CorpusTerms:
    """Word statistics of the indexed text: IDF, how noun-like a word is, how often it is capitalised."""

    idf: dict[str, float] = field(default_factory=dict)
    noun_share: dict[str, float] = field(default_factory=dict)
    capitalised_share: dict[str, float] = field(default_factory=dict)
    source_titles: dict[str, str] = field(default_factory=dict)  # source id -> short title
    source_names: dict[str, str] = field(default_factory=dict)  # source id -> short and full title
    # a one-word name (lower-cased; capitalised in most occurrences) -> the other such names as written, each with the
    # number of chunks that hold both
    together: dict[str, Counter] = field(default_factory=dict)
    # a content word (lower-cased) -> the content words at most Settings.near_words after it in the same sentence, with
    # counts
    near: dict[str, Counter] = field(default_factory=dict)
    # a passive participle (lower-cased) -> the words of the agents the corpus writes after it with 'by' ('approved
    # by the Supreme Council': 'supreme', 'council'), with counts
    agents: dict[str, Counter] = field(default_factory=dict)
    # the documents' own abbreviations, short form -> long form ('EAEU' -> 'Eurasian Economic Union';
    # abbreviations.definitions)
    abbreviations: dict[str, str] = field(default_factory=dict)
    # The caller's Settings.noun_least_share (is_noun, rarely_noun) and name_capitalised_share (is_common_word,
    # is_name_word, `together`): the chain and the answerer build them from the settings they hold (corpus_terms).
    noun_least_share: float = Settings.noun_least_share
    name_capitalised_share: float = Settings.name_capitalised_share

    @classmethod
    def from_chunks(cls, chunks: Iterable, near_words: int = Settings.near_words,
                    noun_least_share: float = Settings.noun_least_share,
                    name_capitalised_share: float = Settings.name_capitalised_share) -> "CorpusTerms":
        document_frequency: Counter = Counter()
        occurrences: Counter = Counter()
        noun_contexts: Counter = Counter()
        capitalised: Counter = Counter()
        titles: dict[str, str] = {}
        full_names: dict[str, str] = {}
        capitals: list[set[str]] = []  # each chunk's capitalised words
        near: dict[str, Counter] = {}
        agents: dict[str, Counter] = {}
        count = 0
        texts: list[str] = []
        for chunk in chunks:
            count += 1
            texts.append(chunk.text)
            titles.setdefault(chunk.source_id, chunk.short_title)
            full_names.setdefault(chunk.source_id, f"{chunk.short_title} {chunk.title}")
            tokens = _TOKEN.findall(repair_ocr(chunk.text))
            lowered = [t.lower() for t in tokens]
            document_frequency.update(set(lowered))
            capitals.append({w for w in (re.sub(r"['’]s?$", "", t) for t in tokens) if w[:1].isupper() and w.isalpha()})
            for i, word in enumerate(lowered):
                if not word[0].isalpha():
                    continue
                occurrences[word] += 1
                capitalised[word] += tokens[i][0].isupper() and i > 0 and lowered[i - 1] not in ".?!"
                before = lowered[i - 1] if i else ""
                after = lowered[i + 1] if i + 1 < len(lowered) else ""
                noun_contexts[word] += (before in DETERMINERS or before.endswith(("'s", "’s")) or after == "of")
                if word.endswith("ed") and after == "by":
                    agents.setdefault(word, Counter()).update(_agent_words(lowered[i + 2:i + 7]))
                if word not in STOPWORDS:
                    following = [w for w in _sentence_rest(lowered, i, near_words) if w not in STOPWORDS]
                    if following:
                        near.setdefault(bare_word(word), Counter()).update(bare_word(w) for w in following)
        idf = {w: math.log((count + 1) / (df + 0.5)) for w, df in document_frequency.items()}
        shares = {w: capitalised[w] / n for w, n in occurrences.items()}
        together: dict[str, Counter] = {}
        for found in capitals:
            found = {w for w in found if shares.get(w.lower(), 0.0) >= name_capitalised_share}
            for word in found:
                together.setdefault(word.lower(), Counter()).update(found - {word})
        return cls(idf=idf, noun_share={w: noun_contexts[w] / n for w, n in occurrences.items()},
                   capitalised_share=shares, source_titles=titles, source_names=full_names, together=together,
                   near=near, agents=agents, abbreviations=definitions(texts), noun_least_share=noun_least_share,
                   name_capitalised_share=name_capitalised_share)

    def is_agent(self, participle: str, phrase: str) -> bool:
        """The corpus writes the head of `phrase` (its last word before an of-phrase) as the agent of the passive
        `participle` ('approved by the Supreme Council': 'the Supreme Council' is no thing that is approved)."""
        head = re.split(r"\s+of\s+", phrase.strip())[0].split()[-1:] if phrase.strip() else []
        return bool(head) and self.agents.get(participle.lower(), Counter())[bare_word(head[0].lower())] > 0

    def written_near(self, first: str, second: str) -> int:
        """How often the corpus writes `second` at most near_words words after `first` in a sentence (`second` and
        the words counted compared by keyword search's stem, keyword_index.stem_word, so 'position ... rests' counts
        for ('position', 'rest')): how a predicate or a possessed noun is judged against a phrase's head
        (condensing.pronoun_clause.holder)."""
        counts = self.near.get(bare_word(first.lower()), Counter())
        stem = stem_word(bare_word(second.lower()))
        return sum(n for w, n in counts.items() if stem_word(w) == stem)

    @cached_property
    def title_words(self) -> frozenset[str]:
        """The words of the sources' short titles, lower-cased ('eaeu', 'treaty', 'kyrgyz', 'accession', ...)."""
        return frozenset(w.lower() for title in self.source_titles.values() for w in title.split())

    @cached_property
    def title_heads(self) -> frozenset[str]:
        """The last word of each source's short title, lower-cased ('treaty', 'article')."""
        return frozenset(title.split()[-1].lower() for title in self.source_titles.values())

    def weight(self, word: str) -> float:
        """IDF of a word; unseen words weigh as much as the rarest seen ones."""
        return self.idf.get(word.lower(), max(self.idf.values(), default=1.0))

    def is_noun(self, word: str) -> bool:
        """At least noun_least_share of its corpus occurrences follow a determiner or possessive or precede
        'of'; an unseen word counts as a noun."""
        share = self.noun_share.get(word.lower())
        return share is None or share >= self.noun_least_share

    def rarely_noun(self, word: str) -> bool:
        """Under noun_least_share of its corpus occurrences are a noun's (is_noun); an unseen word too: the
        rules that find a verb ('does that matter?', 'my husband works legally') read it so."""
        return self.noun_share.get(word.lower(), 0.0) < self.noun_least_share

    def is_common_word(self, word: str) -> bool:
        """Written lower-case in most of its corpus occurrences (so a capital is only sentence-initial)."""
        share = self.capitalised_share.get(word.lower())
        return share is not None and share < self.name_capitalised_share

    def is_name_word(self, word: str) -> bool:
        """Written capitalised in most of its corpus occurrences ('Russia', 'Commission'); an unseen word is not."""
        return self.capitalised_share.get(word.lower(), 0.0) >= self.name_capitalised_share

    def takes_the(self, word: str, the_noun_share: float = Settings.the_noun_share) -> bool:
        """At least `the_noun_share` of its corpus occurrences follow a determiner or a possessive or precede 'of': a
        name written with 'the' ('the EAEU', 'the Commission'; not 'Russia', 'Kyrgyzstan'); an unseen word does not."""
        return self.noun_share.get(word.lower(), 0.0) >= the_noun_share


_SENTENCE_END = frozenset(".?!;")


def _agent_words(words: list[str]) -> list[str]:
    """The words of an agent phrase after 'by' ('the Supreme Council of ...' -> 'supreme', 'council'): past
    determiners, up to the first other function word or punctuation."""
    found = []
    for word in words:
        if word in DETERMINERS and not found:
            continue
        if not word[0].isalpha() or word in STOPWORDS:
            break
        found.append(bare_word(word))
    return found


def _sentence_rest(lowered: list[str], i: int, near_words: int) -> list[str]:
    """The alphabetic words at most `near_words` after lowered[i], up to the end of its sentence."""
    rest = []
    for word in lowered[i + 1:i + 1 + near_words]:
        if word in _SENTENCE_END:
            break
        if word[0].isalpha():
            rest.append(word)
    return rest


def bare_word(word: str) -> str:
    """A word without a possessive ending ('russia’s' -> 'russia', "States'" -> 'States')."""
    return re.sub(r"['’]s?$", "", word)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def content_words(text: str) -> list[str]:
    """Words of a question that carry its topic, in order."""
    return [t for t in _TOKEN.findall(text) if t[0].isalnum() and t.lower().strip("'’") not in STOPWORDS]


def names(text: str, terms: CorpusTerms) -> list[Entity]:
    """Capitalised phrases that are names, not sentence-initial common words ('Court of the EAEU', 'Russia')."""
    found = []
    for match in _NAME.finditer(text):
        words = match.group().split()
        had_the = text[:match.start()].lower().endswith("the ")
        while words and (words[0].lower() in STOPWORDS or terms.is_common_word(words[0])
                         or _LOCATOR.fullmatch(" ".join(words[:2]))):
            had_the = words[0].lower() == "the"
            words = words[1:]
        while words and words[-1].lower() in {"of", "the", "for", "on"}:
            words = words[:-1]
        if words:
            words[-1] = re.sub(r"['’]s?$", "", words[-1])  # "Kyrgyzstan's" -> "Kyrgyzstan"
        if not words or _LOCATOR.match(" ".join(words)) or words[0].lower().rstrip(".") in LOCATOR_WORDS:
            continue
        phrase = " ".join(words)
        plain = [w for w in words if w.lower() not in {"of", "the", "on", "for"} and not w.startswith("(")]
        head = plain[-1] if len(words) > 1 and words[1].lower() not in {"of", "on", "for"} else plain[0]
        if had_the and len(words) > 1:
            phrase = "the " + phrase  # 'the Court of the EAEU', but 'Russia'
        found.append(Entity(text=phrase, kind="name", head=head.lower()))
    return found


def provisions(text: str, default_source: str = "") -> list[Entity]:
    """'Article 112', 'Article 98(4)', 'Annex 30' mentioned in a text, with the document when named after it."""
    found = []
    for match in _LOCATOR.finditer(text):
        kind = match.group("kind").lower().rstrip(".")
        noun = "annex" if kind.startswith("annex") else "paragraph" if kind.startswith("para") else "article"
        number = match.group("para") or match.group("own") or match.group("lead")  # N(M), N's paragraph M, M of N
        para = f"({number})" if number else ""
        label = f"{noun.capitalize()} {match.group('num')}{para}"
        tail = re.match(r"\s+(?:of|to)\s+(?:the\s+)?((?:[A-Z][\w-]*\s*){1,4})", text[match.end():])
        if tail and "treaty" in tail.group(1).lower():
            label += f" of the {tail.group(1).strip()}"
        elif default_source:
            label += f" of the {default_source}"
        found.append(Entity(text=label, kind="provision", head=noun))
    return found


def document_of(phrase: str, terms: CorpusTerms) -> str:
    """The source id whose titles best match a document phrase ('EAEU Treaty', 'Kyrgyz Accession Treaty')."""
    wanted = {w.lower() for w in re.findall(r"\w+", phrase)} - {"the", "on", "of", "to", "treaty"}
    best, best_score = "", 0.0
    for source_id, titles in terms.source_names.items():
        title_words = {w.lower() for w in re.findall(r"\w+", titles)} - {"the", "on", "of", "to", "treaty"}
        shared = len(wanted & title_words)
        score = shared - 0.01 * len(title_words)
        if shared and score > best_score:
            best, best_score = source_id, score
    return best


def cited_provisions(citations, terms: CorpusTerms) -> list[Entity]:
    """Entities for the locators an answer cited ('Art. 19(2)' in the EAEU Treaty -> 'Article 19(2) of the ...')."""
    found = []
    for cited in citations:
        title = terms.source_titles.get(cited.source_id, "")
        if not _LOCATOR.match(cited.locator) or "treaty" not in title.lower():
            continue
        found += provisions(cited.locator.replace("Art.", "Article"), default_source=title)
    return found


def chunk_weight(chunk: str, terms: CorpusTerms) -> float:
    return sum(terms.weight(w) for w in content_words(chunk))


def corpus_terms(chunks, settings: Settings) -> CorpusTerms:
    """The corpus's word statistics (the condenser's, and the off-topic gate's place names: answering/names_apart.py):
    computed once per corpus, code and the settings they read (near_words, noun_least_share, name_capitalised_share),
    then read from disk."""
    from . import abbreviations, textrepair
    from .derived_cache import cached

    near, noun, capitalised = settings.near_words, settings.noun_least_share, settings.name_capitalised_share
    return cached(f"corpus-terms-near{near}-noun{noun}-cap{capitalised}", chunks,
                  [__file__, textrepair.__file__, abbreviations.__file__],
                  lambda: CorpusTerms.from_chunks(chunks, near, noun, capitalised), settings.derived_dir)
