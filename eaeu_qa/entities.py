"""What a turn talks about: named phrases, provision locators and noun chunks, judged with corpus statistics."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

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
SUBJECT_JOINERS = frozenset({"of", "the", "on", "to", "for", "a", "an"})
_NOUN_PHRASE_JOINERS = frozenset({"of", "the", "on", "a", "an"})  # inside a subject before its verb
_BE = frozenset({"is", "are", "was", "were"})
# Words before an adjective ('most likely', 'how important'): such a word is no topic of its own.
_DEGREE = frozenset({"most", "more", "very", "how", "so", "too", "less", "least"})
WH_WORDS = frozenset("what which who whom whose where when why how".split())
AUXILIARIES = frozenset("is are was were be been do does did can could will would shall should may might must "
                         "has have had".split())
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
                         "such", "any", "each", "every", "our", "my", "your", "no"})
# The speaker's own possessives: 'my wife' is a subject the user wrote, kept as written (not a reference).
SPEAKER_POSSESSIVES = frozenset({"my", "our", "your"})
MODALS = frozenset("can could will would shall should may might must".split())
DO_FORMS = frozenset({"do", "does", "did"})
# Verbs of saying and thinking: what follows them is a statement or the thing said, not a noun phrase. Uses:
# - main_verb: 'What does Russia say about X?' asks for a statement, not about an action: no main verb (only the
#   list's stopwords, 'say'/'says'/'said', can end the subject there; the others are read into it);
# - condense.Condenser._references: 'says that workers ...' is 'that' as a conjunction, not 'that <noun>';
# - condense_switch: a turn ending in one takes its context with 'about' ('What does Russia say about X?'), as do
#   the verbs of knowing and perceiving added there ('know', 'see', 'feel'), whose 'that' is as often a
#   demonstrative ('see that article').
SAYING_VERBS = frozenset({"say", "says", "said", "think", "thinks", "argue", "argues", "claim", "claims", "mean",
                          "means"})
# Subject pronouns: the next word is the verb ('can she get', 'if they lose').
SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "we", "they"})
# '... have to meet', 'need to register': the word after 'to' is a verb.
_TO_VERB = frozenset({"have", "has", "had", "need", "needs", "want", "wants", "able", "going", "allowed"})
SUBORDINATORS = frozenset({"if", "when", "once", "unless", "because", "after", "before", "while"})
# Prepositions that STOPWORDS (shared with the answerer) leaves out: they end a topic phrase ('Russia without').
_PREPOSITIONS = frozenset("without within among across against despite except including via per toward towards "
                          "around inside outside beyond near since along".split())
# A word counts as a noun when at least this share of its corpus occurrences follow a determiner or
# possessive, follow an adjective-like word inside a chunk, or precede "of" (unseen words count as nouns).
NOUN_SHARE = 0.2
_LOCATOR = re.compile(
    r"\b(?P<kind>articles?|arts?\.?|annex(?:es)?|paragraphs?|paras?\.?)\s*(?:no\.?\s*)?(?P<num>\d{1,3})"
    r"(?:\s*\((?P<para>\d{1,2})\))?", re.I)
_NAME = re.compile(r"(?:[A-Z][\w'’-]*|[A-Z]{2,})(?:(?:\s+(?:of the|of|on the|for the|for))?\s+"
                   r"(?:[A-Z][\w'’-]*|\([A-Z]{2,}\)))*")
LOCATOR_WORDS = frozenset({"article", "articles", "art", "annex", "annexes", "paragraph", "paragraphs", "para"})


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

    @classmethod
    def from_chunks(cls, chunks: Iterable) -> "CorpusTerms":
        document_frequency: Counter = Counter()
        occurrences: Counter = Counter()
        noun_contexts: Counter = Counter()
        capitalised: Counter = Counter()
        titles: dict[str, str] = {}
        full_names: dict[str, str] = {}
        count = 0
        for chunk in chunks:
            count += 1
            titles.setdefault(chunk.source_id, chunk.short_title)
            full_names.setdefault(chunk.source_id, f"{chunk.short_title} {chunk.title}")
            tokens = _TOKEN.findall(repair_ocr(chunk.text))
            lowered = [t.lower() for t in tokens]
            document_frequency.update(set(lowered))
            for i, word in enumerate(lowered):
                if not word[0].isalpha():
                    continue
                occurrences[word] += 1
                capitalised[word] += tokens[i][0].isupper() and i > 0 and lowered[i - 1] not in ".?!"
                before = lowered[i - 1] if i else ""
                after = lowered[i + 1] if i + 1 < len(lowered) else ""
                noun_contexts[word] += (before in DETERMINERS or before.endswith(("'s", "’s")) or after == "of")
        idf = {w: math.log((count + 1) / (df + 0.5)) for w, df in document_frequency.items()}
        return cls(idf=idf, noun_share={w: noun_contexts[w] / n for w, n in occurrences.items()},
                   capitalised_share={w: capitalised[w] / n for w, n in occurrences.items()},
                   source_titles=titles, source_names=full_names)

    def weight(self, word: str) -> float:
        """IDF of a word; unseen words weigh as much as the rarest seen ones."""
        return self.idf.get(word.lower(), max(self.idf.values(), default=1.0))

    def is_noun(self, word: str) -> bool:
        share = self.noun_share.get(word.lower())
        return share is None or share >= NOUN_SHARE

    def is_common_word(self, word: str) -> bool:
        """Written lower-case in most of its corpus occurrences (so a capital is only sentence-initial)."""
        share = self.capitalised_share.get(word.lower())
        return share is not None and share < 0.5


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
        para = f"({match.group('para')})" if match.group("para") else ""
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


# --- question grammar: what a question asks for, its subject, its topic phrases ----------------------

def asked_for(question: str) -> set[str]:
    """The noun a 'which/what <noun>' question asks for: 'court' in 'Which court hears ...' (the first two
    words after 'which'/'what' are candidates: 'What social insurance ...' asks for insurance)."""
    words = re.findall(r"[\w'’-]+", question.lower())
    start = next((i for i, w in enumerate(words[:3]) if w in {"which", "what"}), None)
    if start is None:
        return set()
    candidates = set()
    for word in words[start + 1:start + 3]:
        if word in STOPWORDS or word in AUXILIARIES:
            break
        candidates.add(word)
    after = words[start + 2] if start + 2 < len(words) else ""
    if words[start + 1:start + 2] and _plural_form(words[start + 1]) and after not in AUXILIARIES and after in \
            STOPWORDS | SUBORDINATORS:
        return set()  # 'What happens if ...', 'Who pays for ...': the wh-word is the subject of a verb
    return candidates


def topic_chunks(text: str, terms: CorpusTerms | None = None) -> list[str]:
    """Runs of content words (joined over 'of', 'on', 'to', 'for', 'the' and possessives), split at the
    main verb of a 'Wh- AUX subject VERB ...' question: the candidate phrases of a topic."""
    words = tokens(text)
    verbs = verb_positions(words, terms)
    if len(words) > 1 and words[0].lower() == "who" and words[1].lower() not in AUXILIARIES:
        verbs.add(1)  # 'Who counts as ...'
    chunks, current, pending = [], [], []
    for i, word in enumerate(words):
        lower = word.lower()
        if i not in verbs and word[0].isalnum() and lower.strip("'’") not in STOPWORDS | _PREPOSITIONS and not (
                not current and i and words[i - 1].lower() in _DEGREE):
            if not current and i and words[i - 1].lower() == "the":
                current = ["the"]
            current += pending + [word]
            pending = []
        elif current and lower in SUBJECT_JOINERS - {"a", "an"} and i not in verbs:
            pending.append(word)
        else:
            if current:
                chunks.append(" ".join(current))
            current, pending = [], []
    if current:
        chunks.append(" ".join(current))
    return chunks


def main_verb(words: list[str], terms: CorpusTerms | None = None) -> int:
    """Position of the main verb after the subject in 'Wh- AUX subject VERB ...', else -1."""
    lowered = [w.lower() for w in words]
    aux = next((i for i, w in enumerate(lowered[:4]) if w in AUXILIARIES), None)
    if aux is None or (aux and lowered[0] not in WH_WORDS):
        return -1
    if lowered[aux] in _BE:  # 'Where was the treaty ... signed?': the participle before the question mark
        last = max((i for i, w in enumerate(words) if w[0].isalnum()), default=-1)
        return last if last > aux + 1 and lowered[last].endswith(("ed", "en")) else -1
    end = aux + 1
    while end < len(words) and words[end][0].isalnum() and (
            lowered[end] not in STOPWORDS or lowered[end] in _NOUN_PHRASE_JOINERS
            or (end == aux + 1 and lowered[end] in SPEAKER_POSSESSIVES)):
        end += 1
    stop = lowered[end] if end < len(words) else "?"
    if end - aux <= 2 or stop in AUXILIARIES | SAYING_VERBS:
        return -1
    if lowered[aux] in DO_FORMS | MODALS:
        # after 'do'/'can' the verb is in its base form: a lower-case word after the subject's first noun that
        # is no plural; the first that is surely a verb ('Why did Kyrgyzstan sue Russia', 'Can my family get
        # medical care'), else the last ('Can a kyrgyz guy work in ...'); 'Can Kyrgyz workers in ...' has none
        first = aux + 2 + (lowered[aux + 1] in DETERMINERS | {"one", "another"})
        candidates = [j for j in range(first, end) if words[j].islower() and lowered[j] not in _NOUN_PHRASE_JOINERS
                      and not _plural_form(lowered[j])]
        return next((j for j in candidates if sure_verb(words, j, terms)), candidates[-1] if candidates else -1)
    return end - 1


def sure_verb(words: list[str], at: int, terms: CorpusTerms | None) -> bool:
    """The word is a verb beyond doubt: the corpus has it but never after a determiner ('take', 'get'), or the
    corpus lacks it and it follows a name or a plural ('Kyrgyzstan sue', 'employers hire'); not 'worker stay'."""
    word, before = words[at].lower(), words[at - 1]
    if terms is not None and word in terms.noun_share:
        return terms.noun_share[word] == 0.0
    return before[:1].isupper() or _plural_form(before.lower())


def _plural_form(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def verb_positions(words: list[str], terms: CorpusTerms | None = None) -> set[int]:
    """Words in a verb slot by English grammar: the main verb of 'Wh- AUX subject VERB', a word after a subject
    pronoun ('can she get', 'if they lose'), after 'have to' / 'need to', after a modal that follows a
    wh-word or a noun ('What could happen if ...', 'migration will become ...'), and with the corpus's
    statistics an -s form after a noun that the corpus never uses as a noun ('the court affirms')."""
    lowered = [w.lower() for w in words]
    found = {i for i in (main_verb(words, terms),) if i >= 0}
    aux = next((i for i, w in enumerate(lowered[:4]) if w in DO_FORMS | MODALS), None)
    if aux is not None and lowered[0] in WH_WORDS:  # 'What does the article think ...': a verb of saying after
        found |= set(next(([j] for j in range(aux + 2, len(words))  # the subject (main_verb leaves it out)
                           if lowered[j] in SAYING_VERBS and words[j].islower()), []))
    for i in range(1, len(words)):
        word, before = lowered[i], lowered[i - 1]
        if not words[i][0].isalpha() or word in STOPWORDS or not words[i].islower():
            continue
        if before in SUBJECT_PRONOUNS or (before == "to" and i > 1 and lowered[i - 2] in _TO_VERB) \
                or (before == "it" and i > 1 and lowered[i - 2] in AUXILIARIES):  # 'did it enter
            found.add(i)
        elif word.endswith("ing") and i > 1 and lowered[i - 2] in _BE and words[i - 1][:1].isupper():
            found.add(i)  # 'What is Kyrgyzstan arguing ...': a progressive form after a name
        elif _plural_form(word) and before in WH_WORDS and (i + 1 >= len(words) or lowered[i + 1] not in AUXILIARIES):
            found.add(i)  # 'What happens if ...', 'Who pays for ...' (but 'What rights do ...')
        elif terms is not None and _plural_form(word) and terms.noun_share.get(word) == 0.0 and i > 1 \
                and lowered[i - 2] in DETERMINERS and before not in STOPWORDS and not _plural_form(before):
            found.add(i)  # 'the court affirms ...': after 'the' + a singular noun, an -s form the corpus never
            # puts after a determiner (but 'Russian employers', 'the treaty provisions' stay nouns)
        elif terms is not None and _plural_form(word) and not terms.noun_share.get(word) and _after_name(words, i):
            found.add(i)  # 'the EAEU Court backs ...': after a name, an -s form the corpus never has as a noun
        elif before in MODALS and i > 1 and (lowered[i - 2] in WH_WORDS or lowered[i - 2] not in STOPWORDS) \
                and (i + 1 >= len(words) or not words[i + 1][0].isalnum() or lowered[i + 1] in SUBORDINATORS):
            found.add(i)
    return found


def _after_name(words: list[str], i: int) -> bool:
    """words[i] follows a name of capitalised words that opens its phrase ('the EAEU Court', 'Russia')."""
    start = i
    while start and words[start - 1][:1].isupper():
        start -= 1
    return start < i and (words[start - 1].lower() in DETERMINERS | SUBORDINATORS if start
                          else words[0].lower() not in STOPWORDS)


def grammatical_subject(question: str, terms: CorpusTerms | None = None) -> str:
    """The subject of 'Wh- AUX <subject> VERB ...?': 'the Eurasian Economic Commission' in 'What does the
    Eurasian Economic Commission do?', 'the treaty on ... accession' in 'Where was the treaty on ... signed?'."""
    words = tokens(question)
    lowered = [w.lower() for w in words]
    aux = next((i for i, w in enumerate(lowered[:4]) if w in AUXILIARIES), None)
    if aux is None or (aux and lowered[0] not in WH_WORDS):
        return ""
    verbs = verb_positions(words, terms)
    span, end = [], aux + 1
    while end < len(words) and end not in verbs and words[end][0].isalnum() and (
            lowered[end] not in STOPWORDS or lowered[end] in SUBJECT_JOINERS
            or (end == aux + 1 and lowered[end] in SPEAKER_POSSESSIVES)):
        if end == aux + 3 and lowered[aux + 1] in SPEAKER_POSSESSIVES and words[end].islower() \
                and lowered[end] not in SUBJECT_JOINERS:
            break  # 'Can my husband work ...': the user's 'my X' is one noun, then the verb
        span.append(words[end])
        end += 1
    while span and span[-1].lower() in SUBJECT_JOINERS:
        span = span[:-1]
    return " ".join(span) if content_words(" ".join(span)) else ""


def statement_subject(clause: str, terms: CorpusTerms | None = None) -> str:
    """The subject of a statement or subordinate clause, before its verb: 'my wife' in 'my wife is not working',
    'the court' in 'if the court rules in ...', 'migration' in 'if migration in the EAEU becomes ...'."""
    words = tokens(clause)
    lowered = [w.lower() for w in words]
    start = 1 if lowered[:1] and lowered[0] in SUBORDINATORS else 0
    if start >= len(words) or lowered[start] in WH_WORDS | AUXILIARIES | SUBJECT_PRONOUNS | {"it"}:
        return ""
    verbs = verb_positions(words, terms)
    span = []
    for i in range(start, len(words)):
        word = lowered[i]
        if i in verbs or word in AUXILIARIES or not words[i][0].isalnum():
            break
        if word in STOPWORDS and not (i == start and word in DETERMINERS - {"this", "that", "these", "those"}):
            break
        span.append(words[i])
    nxt = lowered[start + len(span)] if start + len(span) < len(words) else "?"
    if len(span) > 2 - (lowered[start] not in DETERMINERS) and nxt in STOPWORDS - AUXILIARIES:
        span = span[:-1]  # 'the court rules [in]': before a preposition, the run's last word is its verb
    return " ".join(span) if content_words(" ".join(span)) else ""


def subject_phrase(text: str, terms: CorpusTerms | None = None) -> str:
    """What a question is about, as a noun phrase: the subject of its first clause that has one which is no bare
    pronoun ('my wife' in 'my wife is not working, can she get ...?'); when the question's wh-word is its own
    subject ('What could happen if the court rules ...?'), the subject of the clause that follows."""
    clauses = re.split(r"\s*[,;:]\s*|\s+(?=(?:if|when|once|unless|because)\s)", text.strip(" ?.!"))
    for clause in clauses:
        subject = grammatical_subject(clause + "?", terms) or statement_subject(clause, terms)
        if subject and subject.lower() not in SUBJECT_PRONOUNS | {"it", "them"}:
            return subject
    return ""
