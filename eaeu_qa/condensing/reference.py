"""Noun phrases that point back ('those meetings', 'that body', 'the other side') resolved against the previous turn."""

from __future__ import annotations

import re
from collections import Counter

from .focus import is_document
from ..entities import (AUXILIARIES, SAYING_VERBS, STOPWORDS, WH_WORDS, CorpusTerms, Entity, content_words, names,
                        tokens)
from .subjects import asked_for
from .verbs import FINITE_BE, SINGULAR_BE, verb_positions
from .phrasing import bare_words, detokenise, is_possessive, possessive, same_word, unmarked, without_possessive
from ..settings import Settings

# General nouns (Halliday & Hasan's class: 'person', 'thing', 'one', and 'body' for an institution): with a
# demonstrative they work like a pronoun, so 'that body' is the thing the previous answer named itself.
GENERAL_NOUNS = frozenset({"one", "ones", "person", "people", "thing", "things", "body", "bodies", "institution",
                           "organ", "guy", "man", "woman"})
# 'the other side', 'the other party': the party of the conversation that the previous turn was not about.
PARTY_NOUNS = frozenset({"side", "party"})
# The general nouns for an institution: 'that body' is no person ('the Chairman of X'), it is the institution X.
INSTITUTION_NOUNS = frozenset({"body", "bodies", "institution", "organ"})
_OTHER = re.compile(r"\bthe\s+other\s+(?P<noun>[a-z]+)\b", re.I)


# Nouns for what a party holds or argues: "Russia's position" files nothing and has no lawyers; Russia does.
CLAIM_NOUNS = frozenset({"argument", "arguments", "case", "claim", "claims", "complaint", "interpretation", "line",
                         "objection", "objections", "opinion", "perspective", "position", "positions", "reading",
                         "reasoning", "stance", "view", "views"})


def claim_of(subject: str) -> tuple[str, str]:
    """("Russia", "position") for "Russia's position (on X)": a name's possessive before a claim noun (CLAIM_NOUNS);
    ("", "") for anything else ("the worker's CHI policy", "the member States' courts")."""
    parts = subject.split()
    owner = next((at for at, w in enumerate(parts[:-1]) if is_possessive(w)), None)
    if owner is None or not parts[owner][:1].isupper():
        return "", ""
    head = next((w for w, nxt in zip(parts[owner + 1:], [*parts[owner + 2:], ""]) if nxt.lower() in STOPWORDS
                 or not nxt), "")  # the noun before the phrase's first function word: "position" in "... on X"
    if head.lower() not in CLAIM_NOUNS:
        return "", ""
    return " ".join([*parts[:owner], without_possessive(parts[owner])]), head


def name_holder(subject: str, word: str, terms: CorpusTerms) -> str:
    """The name that holds a claim ("Russia's position", claim_of) when `word` (a noun it would own, or a verb it
    would be the subject of) is not the claim's noun and the corpus never writes it within a few words after that noun
    ('position ... lawyers', 'position ... file'): 'Russia'; else ''."""
    name, head = claim_of(subject)
    if not name or not word.isalpha() or word.lower() in STOPWORDS or same_word(word, head) \
            or terms.written_near(head, word):
        return ""
    return name


# Bringing a case: the verbs (every form, as a pronoun's verb is written) and the nouns for it. Who files, sues or
# challenges is the party the documents or the conversation write before such a word ("Kyrgyzstan's lawsuit",
# "Kyrgyzstan's decision to challenge Russia", "Why is Kyrgyzstan suing Russia?"), not the last party named.
LITIGATION_VERBS = frozenset({"sue", "sues", "sued", "suing", "file", "files", "filed", "filing", "lodge", "lodges",
                              "lodged", "lodging", "challenge", "challenges", "challenged", "challenging"})
LITIGATION_NOUNS = frozenset({"lawsuit", "lawsuits", "suit", "complaint"})
# What a question can name the case with (case_phrase). Written out: the documents write these nouns for other things
# too (the treaty's disputes between any States, "in case of"), so no corpus count tells the ones that name this case.
CASE_NOUNS = LITIGATION_NOUNS | {"case", "dispute"}
_LITIGATION_STEMS = ("sue", "sued", "suing", "file", "lodge", "challenge", "lawsuit", "suit", "complaint")  # one a stem
_LITIGATION = re.compile(r"^\s*(?:['’]s\s+)?(?:[a-z]+\s+){0,2}?(?:"
                         + "|".join(sorted(LITIGATION_VERBS | LITIGATION_NOUNS)) + r")\b")


def claimant(verb: str, texts: list[str], parties: list[str], terms: CorpusTerms) -> str:
    """The party that brings the case when a pronoun is the subject of a litigation verb (LITIGATION_VERBS): of the
    conversation's one-word `parties`, the one written most often right before a litigation word (at most two
    lower-case words between), in the corpus (CorpusTerms.written_near) and in the earlier turns' `texts`; '' for
    another verb, without evidence, or on a tie."""
    if verb.lower() not in LITIGATION_VERBS:
        return ""
    counts = Counter({party: sum(terms.written_near(party, w) for w in _LITIGATION_STEMS)
                      + sum(bool(_LITIGATION.match(text[m.end():])) for text in texts
                            for m in re.finditer(rf"\b{re.escape(party)}\b", text))
                      for party in dict.fromkeys(parties)})
    ranked = counts.most_common(2)
    if not ranked or not ranked[0][1] or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return ""
    return ranked[0][0]


def case_filed(verb: str, antecedent: str, parties: list[str], terms: CorpusTerms) -> str:
    """What 'it' after a litigation verb stands for when its antecedent is a party or a party's claim, which nobody
    files ('when did they file it?' after "What is Russia's position?"): case_noun; '' for another verb."""
    return case_noun(antecedent, parties, terms) if verb.lower() in LITIGATION_VERBS else ""


def case_noun(antecedent: str, parties: list[str], terms: CorpusTerms) -> str:
    """The case, by the noun the corpus writes after the parties most often ("Kyrgyzstan's lawsuit": 'the lawsuit'),
    when the antecedent is a party or a party's claim; '' otherwise."""
    if not (claim_of(antecedent)[0] or antecedent in parties):
        return ""
    counts = Counter({noun: sum(terms.written_near(party, noun) for party in dict.fromkeys(parties))
                      for noun in sorted(LITIGATION_NOUNS)})
    noun, count = counts.most_common(1)[0]
    return f"the {noun}" if count else ""


def case_predicate(words: list[str], index: int) -> bool:
    """The pronoun at words[index] is the subject of what only a case does: 'be about' ('Which article is it about?')
    or 'go <someone>'s way', 'go the other way' ('if it goes Kyrgyzstan's way'); a party does neither."""
    lowered = [w.lower() for w in words]
    rest = lowered[index + 1:index + 6]
    after_be = rest if index and lowered[index - 1] in SINGULAR_BE else (
        rest[1:] if rest[:1] in (["is"], ["was"]) else [])
    predicate = [w for w in after_be[:2] if w not in {"really", "actually", "mainly", "all", "just"}][:1]
    return predicate == ["about"] or rest[:1] in (["go"], ["goes"], ["went"]) and "way" in rest[1:5]


def case_phrase(question: str) -> str:
    """The noun phrase a question names the case with ('Which country is the defendant in Kyrgyzstan's insurance
    case?' -> "Kyrgyzstan's insurance case"), a litigation noun and the modifiers before it; '' without one."""
    words = tokens(question)
    at = next((i for i, w in enumerate(words) if w.lower() in CASE_NOUNS), None)
    if at is None:
        return ""
    start = at
    while start and words[start - 1][:1].isalnum() and words[start - 1].lower() not in STOPWORDS:
        start -= 1
    phrase = " ".join(words[start:at + 1])
    return phrase if is_possessive(words[start]) else f"the {phrase}"


def litigating(question: str) -> bool:
    """The question is about bringing the case: it has a litigation verb or noun ('Why is Kyrgyzstan suing Russia?')."""
    return any(w.lower() in LITIGATION_VERBS | LITIGATION_NOUNS for w in tokens(question))


def passive_verb(words: list[str], index: int) -> str:
    """The participle of a passive whose subject is the pronoun words[index] ('When was it filed?', 'Has it been
    lodged?', 'Will it be challenged?'): the '-ed' word after it (past 'be', 'been', 'being'), when a form of 'be' is
    right before the pronoun or between it and the participle; '' otherwise. The passive's subject is the verb's
    object, so case_filed reads it as the object of 'file it'."""
    at = index + 1
    while at < len(words) and words[at].lower() in {"be", "been", "being"}:
        at += 1
    if at >= len(words) or not words[at].lower().endswith("ed"):
        return ""
    if at == index + 1 and not (index and words[index - 1].lower() in FINITE_BE):
        return ""
    return words[at]


def refers_to(entity: Entity, noun: str) -> bool:
    """'that article' -> an article, 'that paragraph' -> a provision cited with its paragraph ('Article 98(3)')."""
    return same_word(entity.head, noun) or (
        same_word(noun, "paragraph") and entity.kind == "provision" and "(" in entity.text)


def phrase_with_noun(noun: str, texts: list[str], terms: CorpusTerms) -> str:
    """'the meetings of the Supreme Council' for 'those meetings' when an earlier text has '<noun> of <name>', "the
    EAEU's credibility" for 'that credibility' when it has "<name>'s <noun>"."""
    for text in texts:
        for match in re.finditer(rf"\b({re.escape(noun.rstrip('s'))}s?)\s+of\s+", text, re.I):
            following = names(text[match.end():match.end() + 80], terms)
            rest = text[match.end():].lstrip()
            if following and (rest.startswith(following[0].text) or rest.lower().startswith("the ")
                              and rest[4:].startswith(following[0].text.removeprefix("the "))):
                name = following[0].text
                name = name if name.lower().startswith("the ") or not rest.lower().startswith("the ") else f"the {name}"
                return f"the {noun.lower()} of {name}"
        for match in re.finditer(rf"\b(?:(?P<the>the)\s+)?(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)['’]s\s+"
                                 rf"{re.escape(noun.rstrip('s'))}s?\b", text, re.I):
            named = names(match.group("name"), terms)  # "The EAEU’s credibility": the EAEU's
            if named and match.group("name").endswith(named[-1].text.removeprefix("the ")):
                name = named[-1].text.removeprefix("the ")
                the = "the " if match.group("the") or terms.takes_the(name.split()[-1]) else ""
                return f"{the}{name}'s {noun.lower()}"
    return ""


def demonstrative(noun: str, subject: str, answer: str, question: str, terms: CorpusTerms,
                  speaker: bool = False) -> str:
    """What 'that <noun>' stands for when no earlier entity has that noun as its head: the previous subject for a
    general noun ('that body'; for a person subject 'the Chairman of X', X); the earlier '<noun> of <name>' ('those meetings' -> 'the meetings of the Supreme
    Council'); a name's claim ("Russia's position") owns only a claim or person noun ('that stance' -> "Russia's
    stance", 'that lawyer' -> "Russia's lawyer"); else the noun of a named subject ('that post' -> 'the post of the
    Chairman ...'); '' when nothing fits (the topic is added instead)."""
    if not subject or speaker:
        return ""
    from .phrase import person_noun  # condensing.phrase imports this module (through condensing.ordinal)
    if noun.lower() in GENERAL_NOUNS:
        head, _, owner = subject.partition(" of ")
        if noun.lower() in INSTITUTION_NOUNS and owner and person_noun(head.split()[-1], terms) \
                and not person_noun(re.split(r"\s+of\s+", owner)[0].split()[-1], terms):
            return owner  # 'what two parts is that body made of?' after 'the Chairman of the Intergovernmental
            # Council' was named: the Intergovernmental Council
        return subject
    found = phrase_with_noun(noun, [unmarked(answer), question], terms)
    if found:
        return found
    asked = re.search(rf"\b(?:the|a|an)\s+((?:[a-z-]+\s+){{0,2}}){re.escape(noun.lower())}\b", question)
    if asked and not set(asked.group(1).split()) & STOPWORDS:
        return f"the {asked.group(1)}{noun.lower()}"  # 'that equipment' after 'which airports had to get the new
        # equipment?': the phrase the question asked about ('the new equipment'), no owner put to it
    name, head = claim_of(subject)
    if name:  # after "Russia's position": 'that lawyer' -> "Russia's lawyer", 'that stance' -> "Russia's stance",
        # 'that position' -> the phrase; a noun that is no claim or person ('that court', 'that treaty') is not
        # Russia's: nothing fits (the topic is added instead)
        if same_word(noun, head):
            return subject
        named = name_holder(subject, noun, terms) if noun.lower() in CLAIM_NOUNS or person_noun(noun, terms) else ""
        return f"{possessive(named)} {noun.lower()}" if named else ""
    words = subject.split()
    if not any(w[:1].isupper() for w in words):
        return ""  # a common noun subject ('the one member state'): no possessor to name
    if len(words) == 1:
        return f"{possessive(subject)} {noun.lower()}"
    return f"the {noun.lower()} of {subject}"


def possessor(noun: str, subject: str, answered: bool, question: str, terms: CorpusTerms) -> str:
    """Whose '<noun>' 'that <noun>' is: the previous subject, unless that is the thing the previous question asked for
    as another kind ('Which body appoints the Chairman of the Collegium?' answered 'the Supreme Council': 'that job'
    is no body, so it is the Chairman's, the last name of the question that is neither the answer nor a document)."""
    kinds = asked_for(question)
    if not answered or not kinds or noun in GENERAL_NOUNS or any(same_word(noun, k) for k in kinds):
        return subject
    others = [e.text for e in names(question, terms) if not is_document(e.text, terms)
              and not set(bare_words(e.text)) <= set(bare_words(subject)) and len(e.text.split()) > 1]
    return others[-1] if others else subject


def other_party(text: str, subject: str, answer: str, question: str, terms: CorpusTerms,
                min_idf: float = Settings.focus_min_idf) -> str:
    """'the other side' -> the party the previous answer names most often besides the previous question's own
    names (a rare single-word name, no source document), else the one the corpus's chunks name most often with those
    names: 'What does the other side say?' after Kyrgyzstan's case -> 'What does Russia say?'; the text unchanged
    when it has no such phrase or no such party."""
    match = _OTHER.search(text)
    if not match or match.group("noun").lower() not in PARTY_NOUNS:
        return text
    asked = bare_words(f"{question} {subject}")
    counts: Counter = Counter()
    for entity in names(unmarked(answer), terms):
        words = content_words(entity.text)
        if len(words) != 1 or words[0].lower() in asked or is_document(entity.text, terms) \
                or terms.weight(words[0]) < min_idf:
            continue
        counts[entity.text] += 1
    if not counts:  # an answer that names no other party: the one the documents name most often with these
        for entity in names(f"{question} {subject}", terms):
            for name, n in terms.together.get(entity.text.lower(), {}).items():
                if name.lower() not in asked and not is_document(name, terms) and terms.weight(name) >= min_idf:
                    counts[name] += n
    if not counts:
        return text
    party = counts.most_common(1)[0][0]  # ties: the first named
    return text[:match.start()] + party + text[match.end():]


_PLACE_PREPOSITIONS = frozenset({"in", "on", "at", "inside", "within"})
_THERE_EXISTENTIAL = frozenset({"is", "are", "was", "were", "be", "been", "will", "would", "'s", "seems", "seem"})


def place_of(question: str) -> str:
    """The place a question names last: 'on the Kyrgyz-Kazakh border', 'in Russia' (a preposition of place and a
    phrase that holds a name); '' without one."""
    words = tokens(question)
    for i in range(len(words) - 2, -1, -1):
        if words[i].lower() not in _PLACE_PREPOSITIONS:
            continue
        span = [words[i]]
        for word in words[i + 1:]:
            if not word[0].isalnum() or (word.lower() in STOPWORDS and word.lower() not in {"the", "a", "an"}):
                break
            span.append(word)
        if any(w[:1].isupper() for w in span[1:]) and content_words(" ".join(span[1:])):
            return " ".join(span)
    return ""


def resolve_there(text: str, previous_question: str) -> str:
    """'whose rules applied there?' after 'Did the treaty deal with checks on the Kyrgyz-Kazakh border?' -> 'whose
    rules applied on the Kyrgyz-Kazakh border?': a 'there' of place (not 'there is') takes the previous question's
    place; the text unchanged without one."""
    words = tokens(text)
    lowered = [w.lower() for w in words]
    place = place_of(previous_question)
    for i, word in enumerate(lowered):
        nxt, before = (lowered[i + 1] if i + 1 < len(words) else "?"), (lowered[i - 1] if i else "")
        if word == "there" and place and nxt not in _THERE_EXISTENTIAL and before not in _THERE_EXISTENTIAL:
            return detokenise([*words[:i], *place.split(), *words[i + 1:]])
    return text


def head_word(phrase: str) -> str:
    """A phrase's head word, lower-cased: its last word before an of-phrase, without a possessive."""
    head = re.split(r"\s+of\s+", phrase.strip())[0].split()[-1:]
    return without_possessive(head[0]).lower() if head else ""


def possessed_noun(words: list[str], index: int) -> str:
    """The noun a pronoun owns: 'its judges' -> 'judges', 'how many judges does it have?' -> 'judges'; '' else."""
    word = words[index].lower()
    if word == "its" and index + 1 < len(words) and words[index + 1][:1].isalpha() \
            and words[index + 1].lower() not in STOPWORDS:
        return words[index + 1].lower()
    if word == "it" and index + 1 < len(words) and words[index + 1].lower() in {"have", "has"}:
        return next((w.lower() for w in reversed(words[:index]) if w[:1].isalpha()
                     and w.lower() not in STOPWORDS | AUXILIARIES | WH_WORDS), "")
    return ""


def speaker(subject: str, asked_question: str, words: list[str], index: int, terms: CorpusTerms) -> bool:
    """'it' after an active verb ('which body interprets it?') where the antecedent is a one-word name that the
    previous question `asked_question` made the speaker of a verb of saying ('What does Russia argue against ...?'): a
    speaker is not the thing a later verb acts on; the previous question's other phrase is (patient_phrase)."""
    if not index or not words[index - 1].isalpha() or not words[index - 1].islower() \
            or words[index - 1].lower() in STOPWORDS or not (index - 1 in verb_positions(words, terms)
                                                          or terms.rarely_noun(words[index - 1])):
        return False
    asked = tokens(asked_question)
    return len(subject.split()) == 1 and any(w == subject and nxt.lower() in SAYING_VERBS
                                             for w, nxt in zip(asked, asked[1:]))
