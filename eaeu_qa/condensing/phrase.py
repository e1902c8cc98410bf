"""Phrases of an earlier turn a follow-up can stand for: a subject cut at its verb, a plural antecedent, a topic run."""

from __future__ import annotations

import re

from .ordinal import ORDINALS
from ..entities import (AUXILIARIES, DETERMINERS, SAYING_VERBS, SPEAKER_POSSESSIVES, STOPWORDS, STRANDED_PREPOSITIONS,
                        WH_WORDS, CorpusTerms, content_words, names, tokens)
from .subjects import modifiers_start, subject_phrase
from .verbs import s_form, verb_positions
from .phrasing import is_possessive, plural, possessive, without_possessive

# Pronouns and possessives that point back at an earlier phrase.
POINTING = frozenset({"it", "its", "they", "them", "their", "he", "him", "his", "she", "her"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})


def plural_antecedent(question: str, subject: str, terms: CorpusTerms | None = None) -> str:
    """What a plural pronoun stands for when the earlier subject is singular: the last plural noun phrase of the
    earlier question ('them' after 'my son works in Moscow. can his kids go to school there?' -> "my son's
    kids"; its 'his' becomes the subject's possessive); '' when it has none."""
    words = tokens(question)
    verbs = verb_positions(words, terms)
    for end in reversed(range(len(words))):
        if end in verbs or not words[end].islower() or words[end] in STOPWORDS or not plural(words[end]) \
                or is_possessive(words[end]):  # "workers' children": a possessive opens a phrase, never ends one
            continue
        start = modifiers_start(words, end, verbs)
        if of_object(words, start, terms):
            continue  # 'workers' in 'family members of workers': the phrase's head is the plural before 'of'
        if start > 1 and words[start - 1].lower() in {"and", "or"} and words[start - 2].islower() \
                and words[start - 2] not in STOPWORDS and start - 2 not in verbs \
                and (start < 3 or words[start - 3].lower() in STOPWORDS):
            start -= 2  # coordinated modifiers: 'sanitary and plant-health checks'
        before = words[start - 1].lower() if start else ""
        phrase = words[start:of_phrase_end(words, end + 1, verbs)]  # with its of-phrase: 'the members of the Collegium'
        if before in {"his", "her", "its", "their"} and subject:
            return " ".join([*subject.split()[:-1], possessive(subject.split()[-1]), *phrase])
        return " ".join([words[start - 1], *phrase] if before in DETERMINERS - POINTING else phrase)
    return ""


def of_object(words: list[str], start: int, terms: CorpusTerms | None = None) -> bool:
    """The noun phrase at words[start] is the object of 'of' after a plural noun ('members of (the) workers'), so it
    is no phrase of its own: the plural before 'of' heads the phrase; unless only the object names people ('the rights
    of member State workers': 'they' are the workers)."""
    from .antecedent import group_noun

    def people(word: str) -> bool:
        return group_noun(word) or bool(terms) and person_noun(word, terms)

    at = start - 1 if start and words[start - 1].lower() in DETERMINERS else start
    if not (at >= 2 and words[at - 1].lower() == "of" and words[at - 2].isalpha()
            and words[at - 2].lower() not in STOPWORDS and plural(words[at - 2])):
        return False
    end = next((j for j in range(start, len(words)) if not words[j].isalpha() or words[j].lower() in STOPWORDS),
               len(words))
    return people(words[at - 2]) or not people(words[end - 1])


def coordinated(subject: str, question: str) -> str:
    """'Kyrgyzstan and Russia' for 'Kyrgyzstan' in 'What do Kyrgyzstan and Russia each say ...?': the names the question
    joins to the subject name with 'and' (in either order), a plural phrase a 'they' or 'them' can stand for; '' when
    the subject is no name or the question joins none to it."""
    if not any(w[:1].isupper() for w in subject.split()):
        return ""
    name = r"(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*"
    found = re.search(rf"(?<![\w-])(?:{name},\s+)*(?:{name},?\s+and\s+)?{re.escape(subject)}(?:(?:,\s+{name})*,?"
                      rf"\s+and\s+{name})?(?![\w-])", question)
    return found.group() if found and found.group() != subject else ""


def of_phrase_end(words: list[str], at: int, verbs: frozenset[int] | set[int] = frozenset()) -> int:
    """The end of an 'of' phrase at words[at] ('of the Commission's Collegium': determiners and content words up to a
    function word, a verb or punctuation); `at` when there is none."""
    j = at + 1
    if at >= len(words) or words[at].lower() != "of":
        return at
    while j < len(words) and words[j][0].isalnum() and j not in verbs and (
            words[j].lower() not in STOPWORDS or words[j].lower() in {"the", "a", "an"}):
        j += 1
    return j if j > at + 1 and words[j - 1].lower() not in {"the", "a", "an"} else at


# Nouns for people (Halliday & Hasan's general nouns for persons, kinship, the roles a question about migrant workers
# names): what 'he', 'his', 'she', 'her' can stand for. Agent nouns of a corpus verb count too ('worker', 'employee').
PERSON_NOUNS = frozenset({"person", "persons", "people", "guy", "guys", "man", "men", "woman", "women", "husband",
                          "wife", "son", "daughter", "mother", "father", "brother", "sister", "child", "children",
                          "kid", "kids", "citizen", "citizens", "migrant", "migrants", "judge", "judges",
                          "national", "nationals", "official", "officials", "chairman", "chairperson", "lawyer",
                          "lawyers", "representative", "representatives", "minister", "ministers", "president",
                          "agent", "agents", "boss", "bosses", "colleague", "colleagues",
                          # the rest of the kinship terms a migrant writes about (a closed class of English the
                          # documents never use, so no corpus statistic can find them: session 20, mends)
                          "cousin", "cousins", "uncle", "uncles", "aunt", "aunts", "nephew", "nephews", "niece",
                          "nieces", "grandmother", "grandfather", "grandson", "granddaughter", "parent", "parents",
                          "baby", "spouse"})


# The prefixes that make a kinship noun of another ('stepdaughter', 'grandma', 'half-brother'; a closed class of
# English word formation, like the kinship nouns themselves), and the familiar words for a parent a compound ends in.
KIN_PREFIXES = ("great-", "step", "grand", "half-")
PARENT_WORDS = frozenset({"ma", "pa", "mum", "mom", "dad"})


def kin_noun(word: str) -> str:
    """The kinship noun a compound is built on, which makes it a person's and gives its sex: 'mother-in-law' ->
    'mother', 'stepdaughter' -> 'daughter', 'great-grandson' -> 'son', 'grandma' -> 'ma'; else the word itself (lower
    case, without a possessive)."""
    lowered = without_possessive(word.lower())
    base = re.sub(r"-in-laws?$", "", lowered)
    while prefix := next((p for p in KIN_PREFIXES if base.startswith(p) and len(base) > len(p) + 1), ""):
        base = base[len(prefix):]
    kin = base in PERSON_NOUNS | PARENT_WORDS or base.removesuffix("s") in PERSON_NOUNS
    return base if base != lowered and kin else lowered


def person_noun(word: str, terms: CorpusTerms) -> bool:
    """'worker', 'employee', 'wife', 'judges': a noun for a person (PERSON_NOUNS, a kinship compound of one: kin_noun,
    or an agent noun in -er/-ee of a verb the corpus has: 'work' -> 'worker', 'employ' -> 'employee')."""
    lowered = kin_noun(word)
    if lowered in PARENT_WORDS and lowered != without_possessive(word.lower()):
        return True  # 'grandma' (not a bare 'ma')
    lowered = lowered if lowered in PERSON_NOUNS else lowered.removesuffix("s")
    if lowered in PERSON_NOUNS:
        return True
    for suffix in ("er", "ee"):
        stem = lowered.removesuffix(suffix)
        if stem != lowered and len(stem) > 2 and (stem in terms.idf or stem + "e" in terms.idf):
            return True
    return False


def person_phrase(question: str, terms: CorpusTerms) -> str:
    """The first noun phrase of a question that names a person: 'the Kyrgyz worker' in 'What happens to a Kyrgyz
    worker in Russia ...?', 'my husband' as the user wrote it; '' without one."""
    return next(person_phrases(question, terms), "")


def person_phrases(question: str, terms: CorpusTerms):
    """Every noun phrase of a question that names a person, in order (person_phrase)."""
    words = tokens(question)
    verbs = verb_positions(words, terms)
    for at, word in enumerate(words):
        if at in verbs or not word[:1].isalpha() or word.lower() in STOPWORDS or not person_noun(word, terms):
            continue
        end = at
        while end + 1 < len(words) and end + 1 not in verbs and person_noun(words[end + 1], terms):
            end += 1  # 'a migrant worker'
        while words[end][:1].isupper() and (after := of_phrase_end(words, end + 1, verbs)) > end + 1:
            end = after - 1  # an office written as a title keeps its of-phrases: 'the Chairman of the Collegium of the
            # Commission', never 'the Chairman' alone, which is also the Supreme Council's
        start = modifiers_start(words, at, verbs)
        if start and words[start - 1].lower() in SPEAKER_POSSESSIVES:
            yield " ".join([words[start - 1].lower(), *words[start:end + 1]])
            continue
        phrase = without_possessive(" ".join(words[start:end + 1]))
        yield phrase if phrase[:1].isupper() and not phrase[-1:].islower() else f"the {phrase}"


def asked_phrase(question: str, terms: CorpusTerms) -> str:
    """'the paper' for 'what paper about my job can I ask ...?': the noun a 'what/which <noun>' question asks for, with
    its modifiers up to the first function word or verb ('which court hears ...' -> 'the court'); '' for other
    questions."""
    words = tokens(question)
    at = next((i for i, w in enumerate(words[:3]) if w.lower() in {"what", "which"}), None)
    if at is None:
        return ""
    verbs = verb_positions(words, terms)

    def verbal(i: int) -> bool:  # a verb slot, or after the noun an -s form the corpus never has as a noun ('hears')
        word = words[i].lower()
        return i in verbs or (i > at + 1 and s_form(word) and not terms.noun_share.get(word))

    end = at + 1
    while end < len(words) and words[end][0].isalnum() and words[end].lower() not in STOPWORDS and not verbal(end):
        end += 1
    return f"the {' '.join(words[at + 1:end])}" if end > at + 1 else ""


def head_phrase(subject: str, terms: CorpusTerms) -> str:
    """A parsed subject cut before its first verb-like word (one the corpus never puts after a determiner:
    'the Eurasian Economic Commission made' -> 'the Eurasian Economic Commission'); a content word before a noun of
    the phrase (one the corpus has after a determiner) right after it modifies it ('Kyrgyz migrant workers': the head
    is 'workers'), a verb before its object's determiner does not ('the Supreme Council adopted the budget')."""
    words = subject.split()
    for i, word in enumerate(words):
        after = words[i + 1].lower() if i + 1 < len(words) else ""
        if "-" in word and after or word.lower() not in STOPWORDS and after and after not in STOPWORDS and \
                terms.noun_share.get(after, 1.0):
            continue  # a modifier right before a noun ('the top decision-making body', 'migrant workers')
        if i and word.islower() and terms.noun_share.get(word.lower(), 1.0) == 0.0:
            return " ".join(words[:i]) if content_words(" ".join(words[:i])) else subject  # never a bare 'the'
    return subject


def reported_subject(question: str, subject: str, terms: CorpusTerms) -> str:
    """The subject of the clause a document is said to say ('What does the article say the EAEU Court cannot do?' ->
    'the EAEU Court', "what does the article say is Russia's position ...?" -> "Russia's position"): a question
    whose subject is one of the corpus's documents (condensing.focus.is_document) or its writer ('the author')
    reports what the document says, and
    a pronoun in the next turn stands for the reported clause's subject, not for the document; '' otherwise ('What
    does the treaty say about pensions?', whose topic a later turn takes)."""
    from .focus import AUTHOR_NOUNS, is_document  # condensing.focus -> condensing.reference -> ... -> this module

    words = tokens(question)
    lowered = [w.lower() for w in words]
    at = len(subject.split())
    start = next((i for i in range(len(words) - at) if " ".join(words[i:i + at]) == subject), None)
    if not subject or start is None or not (is_document(subject, terms) or subject.split()[-1].lower() in AUTHOR_NOUNS):
        return ""  # a source, or its writer ('What does the writer say ... is about?')
    verb = start + at
    if verb >= len(words) or lowered[verb] not in SAYING_VERBS:
        return ""
    rest = words[verb + 1 + (verb + 1 < len(words) and lowered[verb + 1] == "that"):]
    if not rest or not rest[0][0].isalnum() or rest[0].lower() in STOPWORDS - {"is", "are", "was", "were"} \
            - DETERMINERS:
        return ""  # 'say about pensions', 'say so'
    clause = " ".join(rest)
    found = head_phrase(subject_phrase(clause if rest[0].lower() not in {"is", "are", "was", "were"}
                                       else f"what {clause}", terms), terms)
    return "" if not found or is_document(found, terms) else found


def trim_chunk(chunk: str, terms: CorpusTerms) -> str:
    """A word run without verb or adverb forms at its edges ('potentially benefiting the families' -> 'the
    families', 'Kyrgyzstan arguing' -> 'Kyrgyzstan'): -ing/-ed/-ly words that are no noun in the corpus; '' for a
    run without content words or with ordinals only."""
    words = chunk.split()

    def verbal(word: str) -> bool:
        noun = word.lower() in terms.noun_share and terms.is_noun(word)  # a noun the corpus has
        return word.islower() and word.endswith(("ing", "ed", "ly")) and not noun

    while words and (verbal(words[-1]) or words[-1].lower() in {"the", "of", "on", "to", "for"}):
        words.pop()
    while words and (verbal(words[0]) or (words[0].lower() in {"of", "on", "to", "for"})):
        words.pop(0)
    if words and words[0].lower() == "the" and len(words) > 1 and verbal(words[1]):
        words = ["the", *words[2:]] if len(words) > 2 else []
    if {w.lower() for w in content_words(" ".join(words))} <= set(ORDINALS):
        return ""  # 'first' in 'try talking first': an ordinal alone is an adverb or a pointer, no topic
    return " ".join(words)


def extraposed(lowered: list[str], i: int) -> bool:
    """'it' in 'Why does it matter that ...', 'is it clear whether ...': a placeholder for the clause that
    follows, not a reference."""
    return lowered[i] == "it" and any(w in {"that", "whether"} for w in lowered[i + 2:i + 4])


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z])")  # not inside 'Art. 98'
_QUESTION_OPENERS = WH_WORDS | AUXILIARIES


def says_corpus_words(text: str, terms: CorpusTerms) -> bool:
    """`text` names something or has a content word the corpus has: context for the question after it, not a remark
    (asked_part; remarks.without_remarks)."""
    return bool(names(text, terms)) or any(w.lower() in terms.idf for w in content_words(text))


def asked_part(text: str, terms: CorpusTerms) -> str:
    """The question a turn asks without the remarks before it ('hi, im writing an essay. what is the EAEU?' -> 'what
    is the EAEU?'; 'hello! quick question, what is ...?' -> 'what is ...?'): its last sentence when that is a question
    and the sentences before it are not and have no word the corpus has, and then the part after a comma that opens
    with a wh-word or an auxiliary when the words before the comma name nothing and have no preposition; unless the
    question points back at them with a pronoun or a demonstrative ('My wife doesn't work. Can she ...?', 'what about
    their kids, can they ...?'), then the whole text. Remarks and greetings are no antecedent for the next turn."""
    sentences = _SENTENCE_BREAK.split(text.strip())
    asked, before = sentences[-1], " ".join(sentences[:-1])
    if before and (not asked.rstrip().endswith("?") or "?" in before or says_corpus_words(before, terms)):
        return text  # the sentences before the question hold a word of the documents ('i work in russia on civil
        # contract.'): they are its context, not remarks
    head, comma, rest = asked.partition(", ")
    first = rest.split()[0].lower() if rest.split() else ""
    lead = [w.lower() for w in tokens(head)]
    if comma and first in _QUESTION_OPENERS and not names(head, terms) \
            and all(w.isalpha() and w not in STRANDED_PREPOSITIONS | SPEAKER_POSSESSIVES for w in lead):
        asked = rest  # 'quick question, what ...', not 'As for pensions, what ...' nor 'my wife, can ...'

    if asked == text or {w.lower() for w in tokens(asked)} & (POINTING | _DEMONSTRATIVES):
        return text
    return asked
