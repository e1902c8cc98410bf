"""The thing an answer named (what 'it' stands for after 'Which body ...?', 'Who ...?'); what a source document is."""

from __future__ import annotations

import re
from typing import Sequence

from ..entities import (AUXILIARIES, DETERMINERS, SAYING_VERBS, STOPWORDS, STRANDED_PREPOSITIONS, WH_WORDS, CorpusTerms,
                        Entity, bare_word, content_words, document_of, names, provisions, tokens)
from ..answering.instruments import DOCUMENT_NOUNS
from .subjects import asked_for, grammatical_subject, topic_chunks
from .phrasing import bare_words, same_word, unmarked
from .verbs import FINITE_BE
from ..settings import Settings

_COPULAS = FINITE_BE | {"be"}  # a copula before a complement (verbs.FINITE_BE; review s22 nit)
_FINITE = re.compile(r"\b(?:shall|is|are|was|were|has|have|may|must)\b")


def is_document(chunk: str, terms: CorpusTerms) -> bool:
    """'the EAEU Treaty', 'the Kyrgyz accession treaty', 'the article': a name of one of the sources (its words
    are the sources' short titles' words, ending in a title's last word, or one such word)."""
    words = [w.lower() for w in content_words(chunk)]
    return bool(words) and (words[-1] in terms.title_heads or len(words) == 1) and set(words) <= terms.title_words


def named_sources(text: str, terms: CorpusTerms) -> set[str]:
    """The sources a text names with 'the' ('the article', 'the accession treaty'; not 'that article', 'Article 98'),
    as source ids; '' for one that names no source alone ('the treaty')."""
    return {document_of(c, terms) for c in topic_chunks(text, terms)
            if c.lower().startswith("the ") and is_document(c, terms)}


def holds_provisions(source: str, terms: CorpusTerms) -> bool:
    """The source has numbered articles (a treaty; the analysis article has none), as entities.cited_provisions
    reads it; an unknown source ('') may."""
    return not source or "treaty" in terms.source_titles.get(source, "treaty").lower()


def other_source(subject: str, text: str, terms: CorpusTerms) -> bool:
    """The turn `text` names a source (named_sources) that the earlier subject, a provision or a source, is not of:
    'what does the article say Russia's position is?' after 'What does Article 98 say?' (the analysis article has no
    Article 98: "the article" without a number is the analysis article, as the corpus calls it), or 'the accession
    treaty' after a turn about the EAEU Treaty. A turn that names a document chooses that document."""
    own = named_sources(text, terms) - {""}
    if not own:
        return False
    if provisions(subject):
        source = document_of(subject.split(" of ", 1)[1], terms) if " of " in subject else ""
        return source not in own if source else not all(holds_provisions(s, terms) for s in own)
    return is_document(subject, terms) and bool(document_of(subject, terms)) and document_of(subject, terms) not in own


def asks_about_source(question: str, terms: CorpusTerms) -> bool:
    """'who wrote the article?', 'Who signed the accession treaty?': a question whose wh-word is its subject and whose
    only phrases name one of the sources, with 'the', asks about that source itself and is complete on its own (it
    takes no earlier topic); not 'What does the treaty say?' or 'what is in the article?' (the wh-word is no subject
    of a verb of its own: the conversation's topic is what is asked about), nor 'Which article?'. 'Who is the author?'
    asks about the source's writer (AUTHOR_NOUNS) and is complete on its own too."""
    words = [w.lower() for w in tokens(question) if w[0].isalnum()]
    if len(words) < 3 or words[0] not in {"who", "what", "which"} or words[1] in WH_WORDS or SAYING_VERBS & set(words):
        return False
    chunks = [c for c in topic_chunks(question, terms) if c.lower().startswith("the ")]
    authors = [c for c in chunks if _bare_head(c) in AUTHOR_NOUNS]
    if words[1] in AUXILIARIES and not (authors and words[1] in {"is", "are", "was", "were"}):
        return False  # 'who is the author?' asks about the source's writer; 'what is in the article?' about the topic
    return bool(chunks) and len(chunks) == len(topic_chunks(question, terms)) and all(
        c in authors or is_document(c, terms) for c in chunks)


# Nouns for who wrote a text (a general class of English): with 'the' in a question they name the writer of the
# source that has one, the analysis article ('who is the author?' is complete on its own).
AUTHOR_NOUNS = frozenset({"author", "authors", "writer", "writers"})


def _bare_head(chunk: str) -> str:
    """A phrase's head word before an of-phrase, lower-cased ('the author of the article' -> 'author')."""
    return re.split(r"\s+of\s+", chunk.strip())[0].split()[-1].lower() if chunk.strip() else ""


def parties(text: str, terms: CorpusTerms) -> list[Entity]:
    """Names that are not the corpus's documents ('Russia', not 'EAEU Treaty')."""
    return [e for e in names(text, terms) if e.head not in terms.title_words]


# Nouns for what is said or thought rather than for a thing with a name (a general class of English): a question that
# asks for one ('What basic question ...?', 'What argument ...?') is answered by a statement, which names no antecedent.
PROPOSITION_NOUNS = frozenset({
    "argument", "arguments", "claim", "claims", "view", "views", "position", "positions", "stance", "reasoning",
    "question", "questions", "issue", "issues", "problem", "problems", "reason", "reasons", "point", "points",
    "purpose", "purposes", "aim", "aims", "goal", "goals", "concern", "concerns", "interpretation", "opinion"})


def seeks_entity(question: str, terms: CorpusTerms) -> bool:
    """'Which body ...?', 'Who ...?', 'What is the highest body of the EAEU?': the answer names the thing asked
    for, and a pronoun in the next turn most plausibly stands for it; not when what it asks for is a proposition
    (PROPOSITION_NOUNS: 'What basic question does the article say the lawsuit forces the EAEU to confront?')."""
    words = [w.lower() for w in tokens(question) if w[0].isalnum()]
    if not words or words[0] not in {"which", "what", "who"}:
        return False
    if words[0] != "who" and (asked := asked_for(question)) and asked & PROPOSITION_NOUNS:
        return False
    if words[0] == "who" or asked_for(question):
        return True
    if len(words) < 2 or words[1] not in {"is", "are", "was", "were"}:
        return False  # 'What does X say ...' asks about X, not for a new thing
    if words[-1] in STRANDED_PREPOSITIONS:
        return False  # 'What is the dispute about?', 'What is the fund for?': the wh-word is the object of a
        # preposition the question ends with; it asks what its subject is about, for, based on, not for a thing
    subject = grammatical_subject(question, terms)
    if provisions(subject):
        return False
    found = names(subject, terms)
    if len(found) == 1 and found[0].text == re.sub(r"^(?:the|a|an)\s+", "", subject, flags=re.I):
        return False  # 'What is the EAEU?': a name alone asks what it is, not for a thing its answer names
    return bool(subject) and not [e for e in found if not is_document(e.text, terms)]


def seeks_place(question: str, terms: CorpusTerms) -> bool:
    """'Where can Kyrgyzstan bring its dispute?', 'Where can I complain?': a where-question whose subject is a party (a
    one-word name, no source) or the speaker asks where that party goes; the answer names the place or body, which a
    pronoun in the next turn most plausibly stands for ('who sits on it?'). Not 'Where does the EAEU Court sit?' (the
    subject is what the next turn's 'it' stands for)."""
    words = [w.lower() for w in tokens(question) if w[0].isalnum()]
    if not words or words[0] != "where":
        return False
    subject = grammatical_subject(question, terms)
    if not subject:
        return bool({"i", "we"} & set(words[1:4]))
    found = names(subject, terms)
    return len(subject.split()) == 1 and len(found) == 1 and not is_document(subject, terms)


_COORDINATED = re.compile(r"^(?:\s*,?\s*(?:and|or)?\s*[A-Z][\w-]*)*\s*,?\s*(?:and|or)?\s+(?P<word>[a-z][a-z-]*)\b")


def modifies_noun(rest: str, terms: CorpusTerms) -> bool:
    """The text after a name opens with a lower-case noun, past names coordinated with it (', Kazakh, and Belarusian
    workers'): the name modifies that noun. A verb is no noun: a function word, an '-ed' form, an -s form the corpus
    never writes as a noun ('argues')."""
    from .verbs import s_form  # condensing.verbs -> condensing.subjects -> ... imports this module

    match = _COORDINATED.match(rest)
    word = match.group("word") if match else ""
    return bool(word) and word not in STOPWORDS and not word.endswith("ed") \
        and not (s_form(word) and not terms.noun_share.get(word))


def off_lead(found: str, own: Sequence[Entity], answer: str, question: str) -> bool:
    """A question that asks for no noun ('Who sits on the Intergovernmental Council?'; not 'Which body ...?', whose
    answer names another thing) answered with a first sentence that names a thing the question named itself (`own`:
    'Intergovernmental Council shall be the body ... of the Heads of Governments') but not the name `found` that focus
    took from a later sentence ('the Eurasian Economic Commission'): the answer is about the question's own thing,
    and what focus found is no answer to it."""
    if asked_for(question):
        return False
    lead = re.split(r"(?<=[.!?])\s+", unmarked(answer))[0].lower()
    named = [" ".join(content_words(e.text)[-2:]).lower() for e in own]
    return found.lower().removeprefix("the ") not in lead and any(n and n in lead for n in named)


def focus(question: str, answer: str, terms: CorpusTerms, min_idf: float = Settings.focus_min_idf,
          subject_min_idf: float = Settings.focus_subject_min_idf,
          the_noun_share: float = Settings.the_noun_share) -> Entity | None:
    """The name the answer introduced: named in its first sentences (earlier ones weigh more), not in the
    question, not a document's title nor an instrument's; a single word only when it is no common word of the
    corpus."""
    asked = bare_words(question)  # "Council's" too, and the long form of a short form it writes ('EAEU')
    asked |= {w for short, long_form in terms.abbreviations.items() if short.lower() in asked
              for w in bare_words(long_form)}
    # a name the question writes itself, if shorter: 'the Eurasian Economic Union' (or 'the EAEU') is 'the Union' of
    # 'Who approves the budget of the Union?', not what its answer introduced; the noun it asks for is no such phrase
    # ('Which council ...?' takes 'the Supreme Council'), nor a copula's complement ('which one is the court?'), nor is
    # one with another modifier ('the Supreme Council' is no 'the Intergovernmental Council')
    typed = [bare_word(w.lower()) for w in tokens(question)]
    sought = {w for a in asked_for(question) for w in (a, a.removesuffix("s"))}

    def own_phrase(entity: Entity) -> bool:
        long_form = terms.abbreviations.get(entity.text.removeprefix("the "), "")
        words = bare_words(entity.text) | bare_words(long_form)
        heads = {entity.head.lower(), *(w.lower() for w in re.split(r"\s+of\s+", long_form)[0].split()[-1:])}
        for at, word in enumerate(typed):
            if word not in heads or word in sought:
                continue
            start = at
            while start and typed[start - 1] not in STOPWORDS and typed[start - 1].isalpha():
                start -= 1
            before = start - 1 if start and typed[start - 1] in DETERMINERS else start
            if before and typed[before - 1] in _COPULAS:
                continue  # the complement of a copula is what is asked: 'which one is the court?' (the Court of ...)
            if set(typed[start:at]) <= words:
                return True
        return False

    scores: dict[str, float] = {}
    found: dict[str, Entity] = {}
    for i, sentence in enumerate(re.split(r"(?<=[.!?])\s+", unmarked(answer))[:4]):
        text = " ".join(re.findall(r"“([^”]+)”", sentence)) or sentence
        # The quoted sentence's subject (before its verb) names what it is about: 'Residence of the
        # Commission shall be ...'; later in the sentence only rare single words count ('Moscow').
        verb = _FINITE.search(text)
        head, tail = (text[:verb.start()], text[verb.end():]) if verb else (text, "")
        for part, strict in ((head, False), (tail, True)):
            for entity in names(part, terms):
                words = [w.lower() for w in content_words(entity.text)]
                if not words or set(words) <= asked or is_document(entity.text, terms) \
                        or entity.head in DOCUMENT_NOUNS or own_phrase(entity):
                    continue  # an instrument ('the Statute of the Court') is no body a question asks for ('Which
                    # treaty ...?': answered_document)
                preceding = [w.lower() for w in tokens(part[:max(part.find(entity.text), 0)])]
                before = preceding[-1:]
                if before and before[0].islower() and before[0] not in STOPWORDS:
                    continue  # 'member States': a capitalised noun after a modifier is no name
                if not entity.text.isupper() and modifies_noun(
                        part[max(part.find(entity.text), 0) + len(entity.text):], terms):
                    continue  # 'Armenian, Kazakh, and Belarusian workers': a capitalised modifier is no name (an
                    # acronym before a noun still is one: 'CHI policies')
                # the agent of a passive ('shall be drawn by the Commission') is the doer, as a subject is
                agent = strict and [w for w in preceding[-2:] if w != "the"][-1:] == ["by"]
                takes_the = len(words) > 1 or terms.takes_the(words[-1], the_noun_share)
                if takes_the and not entity.text.lower().startswith("the "):
                    entity = Entity(f"the {entity.text}", entity.kind, entity.head)  # 'the Supreme Council'
                if len(words) == 1 and terms.weight(words[0]) < (min_idf if strict and not agent
                                                                  else subject_min_idf):
                    continue
                found.setdefault(entity.text.lower(), entity)
                weight = 1.0 / (i + 1) * (1.0 if strict and not agent else 2.0)
                scores[entity.text.lower()] = scores.get(entity.text.lower(), 0.0) + weight
    best = max(scores, key=scores.get, default=None)
    return found[best] if best else None


def answered_document(asked: set[str], entities: list[Entity], terms: CorpusTerms) -> Entity | None:
    """'Which treaty made Kyrgyzstan a member?': when the question asks for a source document, the document of
    the first provision the answer cited ('Article 7 of the Kyrgyz Accession Treaty' -> 'the Kyrgyz Accession
    Treaty'); else None."""
    if not any(is_document(a, terms) for a in asked):
        return None
    for entity in entities:
        document = entity.text.split(" of the ", 1)[1] if " of the " in entity.text else ""
        if entity.kind == "provision" and document and any(same_word(document.split()[-1], a) for a in asked):
            return Entity(f"the {document}", "name", document.split()[-1].lower())
    return None


def written_as_name(words: list[str], i: int, terms: CorpusTerms, the_noun_share: float = Settings.the_noun_share
                    ) -> bool:
    """words[i] is a word the corpus writes as a one-word name, capitalised and without 'the' ('russia', 'kyrgyzstan';
    not 'court' nor 'eaeu', which mostly follow 'the'), as Condenser._definite reads one, and the question has no
    determiner before it ('the council')."""
    lower = words[i].lower()
    return (words[i].isalpha() and lower not in STOPWORDS and terms.is_name_word(lower)
            and not terms.takes_the(lower, the_noun_share) and not (i and words[i - 1].lower() in DETERMINERS))
