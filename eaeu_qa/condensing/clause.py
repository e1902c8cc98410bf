"""A question's clause reused by a follow-up: its condition, its verb phrase, the clause as a noun phrase."""

from __future__ import annotations

import re

from .switch import opener_body
from ..entities import (AUXILIARIES, DO_FORMS, MODALS, SPEAKER_POSSESSIVES, STOPWORDS, SUBJECT_JOINERS,
                        STRANDED_PREPOSITIONS, SUBORDINATORS, CorpusTerms, content_words, tokens)
from .subjects import modifiers_start, statement_subject
from .verbs import main_verb, sure_verb, verb_positions
from .phrasing import definite, detokenise, plural, possessive
from .wordclass import classes
from ..multipart import answer_parts

_PLACE_WORDS = frozenset({"in", "from", "at", "of"})

# 'if that happens', 'when this occurs': a condition that points back at the previous question's condition. A
# pronoun subject ('if it wins') is no such pointer: its verb is a condition of its own (replace_condition).
_CONDITION_REFERENCE = re.compile(r"\b(?P<conj>if|when|once|unless)\s+(?:that|this)\s+[a-z]+(?=\s*[?.!,]|\s*$)",
                                  re.I)
# 'if it happens in his first month': a pointing condition with a verb of occurrence, whatever follows it.
_OCCURRENCE = re.compile(r"\b(?P<conj>if|when|once|unless)\s+(?:that|this|it)\s+(?:happens|happened|happen|occurs|"
                         r"occurred|occur)\b", re.I)
_CONDITION = re.compile(r"\b(?:if|when|once|unless)\s+(?P<clause>[^?,;.!]+)", re.I)
_IF = re.compile(r"\bif\s+(?P<clause>[^?,;.!]+)", re.I)
# A 'then' that ends a question ('who pays for the doctor then?'), not 'and then', 'since then', 'by then', 'until then'.
_THEN = re.compile(r"(?<!\band)(?<!\bsince)(?<!\bby)(?<!\buntil)(?<!\bfrom)\s+then(?=\s*[?.!]|\s*$)", re.I)
_WHOSE = re.compile(r"\bwhose\s+(?P<clause>[^?,;.!]+)", re.I)


_CLAUSE_END = frozenset({"?", "!", ".", ";"})


def clause_end(words: list[str], start: int) -> int:
    """The position of the first token from `start` that ends a clause ('?', '!', '.', ';'), else len(words)."""
    return next((i for i in range(start, len(words)) if words[i] in _CLAUSE_END), len(words))


def first_part_end(question: str, words: list[str]) -> int:
    """The position in `words` (the tokens of `question`) where the question's first part ends
    (multipart.answer_parts: 'Where does the Court sit and what does Bishkek argue?' ends before 'and'), else
    len(words): a later turn's 'do that' or 'it' takes a clause of one part, never two parts run together."""
    parts = answer_parts(question)
    return len(tokens(parts[0])) if parts and question.strip().startswith(parts[0]) else len(words)


def resolve_condition(text: str, previous_question: str) -> str:
    """'who pays if that happens?' after 'What happens if migration becomes more ad hoc?' -> 'who pays if
    migration becomes more ad hoc?': a pointing condition takes the earlier question's condition, or the event its
    'whose' clause tells ('what if it happens in his first month?' after 'What happens to a worker whose contract
    is ended early?' -> 'what if the worker's contract is ended early in his first month?'); else ''."""
    then = _THEN.search(text)
    if then and (earlier := _IF.search(previous_question)) and not _CONDITION.search(text):
        return text[:then.start()] + f" if {earlier.group('clause').strip()}" + text[then.end():]  # 'who pays for the
        # doctor then?' after 'What if my husband loses his job?': the earlier condition
    reference = _CONDITION_REFERENCE.search(text) or _OCCURRENCE.search(text)
    condition = _CONDITION.search(previous_question)
    clause = condition.group("clause").strip() if condition else relative_event(previous_question)
    if not reference or not clause:
        return ""
    return text[:reference.start()] + f"{reference.group('conj')} {clause}" + text[reference.end():]


def relative_event(question: str) -> str:
    """The event a 'whose' clause tells, with its owner: 'What happens to a Kyrgyz worker in Russia whose contract is
    ended early?' -> "the Kyrgyz worker's contract is ended early" (a place after the owner left out); else ''."""
    match = _WHOSE.search(question)
    words = tokens(question[:match.start()]) if match else []
    end = at = len(words)
    while at and (words[at - 1][:1].isupper() or at < end and words[at - 1].lower() == "the"):
        at -= 1  # a name after the owner ('the Kyrgyz Republic')
    if at < end and at and words[at - 1].lower() in _PLACE_WORDS:
        end = at - 1  # 'a worker in Russia whose ...': the place is no owner
    verbs = verb_positions(words)
    start = modifiers_start(words, end, verbs)
    if start == end:
        return ""
    speaker = start and words[start - 1].lower() in SPEAKER_POSSESSIVES  # 'my husband' as the user wrote it
    owner = (detokenise([words[start - 1].lower(), *words[start:end]]) if speaker
             else definite(detokenise(words[start:end])))
    return f"{' '.join(owner.split()[:-1] + [possessive(owner.split()[-1])])} {match.group('clause').strip()}"


_CONDITION_ONLY = re.compile(r"^(?:what\s+)?(?P<conj>if|when|once|unless)\s+(?P<clause>[^?,;.!]+?)\s*[?.!]*$", re.I)


def replace_condition(text: str, previous_question: str, terms: CorpusTerms | None = None) -> str:
    """'And if it goes the other way?' (or 'what if it ...?') after 'What happens if the court backs Kyrgyzstan?' ->
    'What happens if the court goes the other way?': a turn that is only a condition asks the previous question
    again under it (its own condition, not the earlier one), its leading pronoun standing for the earlier
    condition's subject; else ''."""
    match = _CONDITION_ONLY.match(opener_body(text)[0])
    old = _CONDITION.search(previous_question)
    if not match or not old:
        return ""
    clause = match.group("clause").strip()
    first = tokens(clause)[:1]
    if not content_words(clause):
        return ""  # 'and if so?', 'and if not?'
    if first and first[0].lower() in AUXILIARIES:
        return ""  # 'When was it admitted?': an auxiliary before its subject asks a question, no condition's clause
    if first and first[0].lower() in {"it", "they"}:
        subject = statement_subject(old.group("clause").strip(), terms)
        if not subject or plural(subject) != (first[0].lower() == "they"):  # 'they' for a plural subject only
            return ""
        clause = subject + clause[len(first[0]):]
    return f"{previous_question[:old.start()]}{match.group('conj').lower()} {clause}{previous_question[old.end():]}"


# Adverbs at a clause's end that point back at the conversation ('can she count too?'), left out of the clause as a
# noun phrase: the words of noun_phrase.BACK_POINTERS the lexicon knows as adverbs (wordclass class r), but 'there',
# a place the clause keeps ('going to school there'), and 'else', which qualifies the word before it ('anywhere
# else'). Written out because the lexicon is read at warm, not at import; tests/test_condensing_clauses.py checks it
# is that subset.
_POINTING_ADVERBS = frozenset({"too", "also", "either", "then", "again", "instead"})
# Wh-words that ask about a whole clause ('Why did X do Y?'), not about one of its parts ('What did X say?').
_CLAUSE_WH = frozenset({"why", "how", "when", "where", "often", "long", "soon"})


def clause_auxiliary(lowered: list[str]) -> int | None:
    """Where the auxiliary that opens a question's clause stands (lowered: its tokens in lower case): among its first
    three words, after wh-words that ask about the whole clause only (_CLAUSE_WH: 'Why does ...', 'Can ...'; not 'What
    did ...'); None otherwise."""
    aux = next((i for i, w in enumerate(lowered[:3]) if w in AUXILIARIES), None)
    return None if aux is None or any(w not in _CLAUSE_WH for w in lowered[:aux]) else aux


def ing_form(verb: str) -> str:
    """'hire' -> 'hiring', 'sue' -> 'suing', 'get' -> 'getting', 'see' -> 'seeing', 'join' -> 'joining'."""
    v = verb.lower()
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith("e") and not v.endswith(("ee", "ye", "oe")) and len(v) > 2:
        return v[:-1] + "ing"
    if len(v) == 3 and v[0] not in "aeiou" and v[1] in "aeiou" and v[2] not in "aeiouwxy":
        return v + v[-1] + "ing"
    return v + "ing"


def _base_form(participle: str, terms: CorpusTerms | None) -> str:
    """'settled' -> 'settle', 'signed' -> 'sign', 'ratified' -> 'ratify': the candidate the corpus knows, else
    the one English spelling makes likeliest."""
    stem = participle[:-2]
    candidates = ([stem[:-1] + "y"] if participle.endswith("ied") else []) + [stem + "e", stem]
    if terms is not None:
        for candidate in candidates:
            if candidate in terms.idf:
                return candidate
    return candidates[0] if participle.endswith("ied") else stem


def gerund_clause(question: str, terms: CorpusTerms | None = None) -> str:
    """A yes/no or why/how question as the clause it asks about: 'Can Russian employers hire workers without
    permits?' -> 'Russian employers hiring workers without permits', 'How are disputes settled?' -> 'settling
    disputes' (a topic that keeps its verb and reads as a noun phrase); '' when the question asks for a part of
    the clause ('What did X say?') or has no verb; of a question's first part only (first_part_end)."""
    words = tokens(question.strip())
    lowered = [w.lower() for w in words]
    if (aux := clause_auxiliary(lowered)) is None:
        return ""
    end = min(clause_end(words, aux), first_part_end(question, words))
    end = next((i for i in range(aux + 2, end) if lowered[i] in SUBORDINATORS), end)  # the main clause only ('How
    # was the money split ... after Kyrgyzstan joined?' is no 'joining the money ...')
    if lowered[0] == "how" and lowered[aux] in {"is", "are", "was", "were"} and end > aux + 2 \
            and lowered[end - 1].endswith("ed") and lowered[end - 1] not in STOPWORDS and words[aux + 1:end - 1]:
        # a passive: 'How are disputes between member states settled?' -> 'settling disputes between member
        # states'. Only after 'how': 'Where is it based?' / 'Why is X interested?' end in adjectives.
        return detokenise([ing_form(_base_form(lowered[end - 1], terms)), *words[aux + 1:end - 1]])
    if lowered[aux] not in MODALS | DO_FORMS:
        return ""
    verb = main_verb(words, terms)
    if verb <= aux + 1 or not (sure_verb(words, verb, terms) or "v" in classes(lowered[verb]) or verb + 1 < len(words)
                               and lowered[verb + 1] in {"the", "a", "an"} and terms is not None
                               and lowered[verb] not in terms.noun_share):
        return ""  # (a word the corpus lacks before its object's article is the verb: 'can a country leave the EAEU')
    end = min(clause_end(words, verb), first_part_end(question, words))
    while end > verb + 2 and words[end - 1].lower() in _POINTING_ADVERBS:
        end -= 1  # 'can they go to school there too?': '... going to school there' (what points back goes; a verb
        # keeps one word after it: 'my wife's mother counting too')
    subject = words[aux + 1:verb]
    if [w.lower() for w in subject] in (["i"], ["you"], ["we"]) or end <= verb + 1:
        return ""  # the user's own action, or a verb without object ('the Court sitting') is no topic
    return detokenise([*subject, ing_form(words[verb]), *words[verb + 1:end]])


# Words inside the noun phrase of a 'Which <noun phrase> <verb> ...' question besides content words.
_NOUN_PHRASE_WORDS = SUBJECT_JOINERS | {"in", "between"}


def relative_clause(question: str, terms: CorpusTerms | None = None) -> str:
    """A question whose wh-word opens its subject as the noun phrase it asks about: 'Which body appoints the judges
    of the EAEU Court?' -> 'the body that appoints the judges of the EAEU Court' (a topic that keeps its verb and
    reads as a noun phrase); '' for other questions or a verb without complement."""
    words = tokens(question.strip())
    lowered = [w.lower() for w in words]
    if len(words) < 4 or lowered[0] not in {"which", "what"}:
        return ""
    verbs = verb_positions(words, terms)
    verb = min((v for v in verbs if v > 1), default=-1)
    if verb < 0 or 1 in verbs or any(not w[0].isalnum() or w in STOPWORDS and w not in _NOUN_PHRASE_WORDS
                                      for w in lowered[1:verb]):
        return ""  # the wh-word and a noun phrase, then the verb ('What happens if ...' has none)
    end = clause_end(words, verb)
    if end <= verb + 1:
        return ""
    return detokenise(["the", *words[1:verb], "that", *words[verb:end]])


def condition_gerund(question: str, terms: CorpusTerms | None = None) -> str:
    """The condition of a question as a noun phrase: 'What happens if the court rules in Kyrgyzstan's favour?' ->
    'the court ruling in Kyrgyzstan's favour' (what a later 'that' points at); '' without one. A question's own
    'When' before an auxiliary ('When did the treaty say ...?') asks for a time, no condition."""
    condition = next((m for m in _CONDITION.finditer(question) if question[:m.start()].strip(" ?.!,")
                      or tokens(m.group("clause"))[:1] and tokens(m.group("clause"))[0].lower() not in AUXILIARIES),
                     None)
    if not condition:
        return ""
    clause = condition.group("clause").strip()
    subject = statement_subject(clause, terms)
    words = tokens(clause)
    at = len(tokens(subject))
    if at < len(words) and words[at].lower() in STOPWORDS:  # 'migration in the EAEU becomes': past the phrase
        at = next((i for i in range(at, len(words)) if words[i].islower() and words[i] not in STOPWORDS
                   and words[i].endswith("s") and (terms is None or terms.noun_share.get(words[i], 0.0) == 0.0)),
                  len(words))
        subject = detokenise(words[:at])
    if not subject or at >= len(words) - 1 or not words[at].isalpha() or not words[at].islower() \
            or words[at].lower() in STOPWORDS:
        return ""  # (not a possessive: "the union's")
    verb = words[at].lower()
    base = verb[:-2] if verb.endswith(("oes", "shes", "ches", "sses", "xes")) else verb[:-1] if verb.endswith("s") \
        else verb
    return detokenise([*words[:at], ing_form(base), *words[at + 1:]])


def _third_person(verb: str) -> str:
    """'say' -> 'says', 'argue' -> 'argues', 'apply' -> 'applies', 'do' -> 'does' (after 'does' in a question)."""
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2:-1] not in set("aeiou"):
        return verb[:-1] + "ies"
    return verb + "s"


def asked_clause(question: str, terms: CorpusTerms | None = None) -> str:
    """What a 'What ...?' question asks about as the thing its answer states, for a follow-up's 'that' ('how does Moscow
    respond to that?'): 'What does the article say Kyrgyzstan argues?' -> 'what the article says Kyrgyzstan argues'
    (the indirect question), 'What is the main argument Kyrgyzstan makes?' -> 'the main argument Kyrgyzstan makes' (its
    subject); '' for other questions (a past 'did' keeps its verb's form unknown)."""
    words = tokens(question.strip())
    lowered = [w.lower() for w in words]
    if len(words) < 4 or lowered[0] != "what" or lowered[1] not in {"is", "are", "does", "do"}:
        return ""
    end = clause_end(words, 2)
    if lowered[1] in {"is", "are"}:
        subject = words[2:end]
        return detokenise(subject) if content_words(" ".join(subject)) and lowered[2] in {"the", "a", "an"} else ""
    verb = min((v for v in verb_positions(words, terms) if v > 2), default=-1)  # a verb of saying too
    if verb < 0 or not words[verb].isalpha() or not words[verb].islower():
        return ""
    form = _third_person(words[verb]) if lowered[1] == "does" else words[verb]
    return detokenise(["what", *words[2:verb], form, *words[verb + 1:end]])


_OBJECT_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "he", "him", "his", "she", "her", "that", "this",
                              "these", "those"})


def verb_phrase(question: str, terms: CorpusTerms | None = None) -> tuple[str, str]:
    """The subject and the verb phrase (verb in its base form) of a question that asks about a whole clause: 'Why
    does Russia refuse to insure X?' -> ('Russia', 'refuse to insure X'), 'Why is Kyrgyzstan suing Russia?' ->
    ('Kyrgyzstan', 'sue Russia'), of its first part only (first_part_end); ('', '') for a question asking for one of its
    parts ('What did X say?'), a passive,
    a verb without an object, or a verb phrase with a pronoun of its own (which would point elsewhere in a rewrite)."""
    from lemminflect import getLemma

    words = tokens(question.strip())
    lowered = [w.lower() for w in words]
    if (aux := clause_auxiliary(lowered)) is None:
        return "", ""
    if lowered[aux] in {"is", "are", "was", "were"}:  # a progressive: 'Why is Kyrgyzstan suing Russia?'
        verb = next((i for i in range(aux + 2, clause_end(words, aux)) if lowered[i].endswith("ing")
                     and words[i].islower() and "v" in classes(lowered[i])), -1)
    elif lowered[aux] in MODALS | DO_FORMS:
        verb = main_verb(words, terms)
        if verb > aux + 1 and not (sure_verb(words, verb, terms) or "v" in classes(lowered[verb])):
            verb = -1
    else:
        return "", ""
    end = min(clause_end(words, max(verb, 0)), first_part_end(question, words))
    subject, predicate = words[aux + 1:verb], words[verb + 1:end]
    if verb <= aux + 1 or not predicate or {w.lower() for w in [*subject, *predicate]} & _OBJECT_PRONOUNS:
        return "", ""
    base = lowered[verb] if lowered[aux] in MODALS | DO_FORMS else (getLemma(lowered[verb], upos="VERB") or ("",))[0]
    return (detokenise(subject), detokenise([base, *predicate])) if base else ("", "")


# Verbs whose subject is an event, never a party or a body ('when does it start?', 'how long will it last?'); 'take'
# only after 'how long' ('how long does it take?'). A small closed class of English verbs of time and occurrence,
# written out: the documents rarely write them, and with a party as subject too ('member States shall conclude'), so no
# corpus count tells that a verb's subject is an event.
EVENT_VERBS = frozenset({"start", "begin", "end", "finish", "last", "happen", "occur", "conclude"})


def event_verb(words: list[str], index: int) -> bool:
    """The subject at words[index] is that of an event verb (EVENT_VERBS, in any form; 'take' after 'how long')."""
    from lemminflect import getLemma

    lowered = [w.lower() for w in words]
    if index and (lowered[index - 1] in STRANDED_PREPOSITIONS or "v" in classes(lowered[index - 1])
                  and lowered[index - 1].endswith("ing")):
        return False  # an object is no subject: 'how long does withdrawing from it take?' (the withdrawing takes)
    nxt = next((w for w in lowered[index + 1:] if w not in MODALS | DO_FORMS | {"not", "usually", "actually"}), "")
    lemma = (getLemma(nxt, upos="VERB") or ("",))[0] if nxt.isalpha() else ""
    return lemma in EVENT_VERBS or lemma == "take" and lowered[:2] == ["how", "long"]


def event_phrase(question: str, terms: CorpusTerms | None, holds_people) -> str:
    """The event a question asks about, as a noun phrase a later 'it' can stand for ('when does it start?'): its
    object when that is a determiner's noun phrase that holds no people ('When did Kyrgyzstan file the lawsuit against
    Russia?' -> 'the lawsuit against Russia'), else the clause as a gerund ('Can a member state leave the EAEU?' -> 'a
    member state leaving the EAEU'); '' for a question about one of its parts."""
    subject, phrase = verb_phrase(question, terms)
    object_ = phrase.split(" ", 1)[1] if " " in phrase else ""
    head = re.split(r"\s+(?:of|for|in|on|against|to|with|from|by)\s+", object_)[0].split()  # the object's own words
    if head[:1] and head[0].lower() in {"the", "a", "an"} and all(w.islower() for w in head) \
            and not holds_people(" ".join(head)):
        return object_  # (not 'the EAEU', a name)
    return gerund_clause(question, terms) if subject else ""


def repeated_verb_object(words: list[str], index: int, question: str, terms: CorpusTerms | None = None) -> str:
    """What 'it' (words[index]) stands for as the object of the previous question's own verb said again as a gerund
    ('how long does leaving it take?' after 'Can a State leave the EAEU?'): that question's object ('the EAEU'; past
    a preposition the verb takes: 'withdrawing from it', 'withdraw from the EAEU Treaty'); '' otherwise."""
    from lemminflect import getLemma

    _, phrase = verb_phrase(question, terms)
    verb, _, object_ = phrase.partition(" ")
    lowered = [w.lower() for w in words]
    at = index - 1
    if at >= 0 and lowered[at] in STRANDED_PREPOSITIONS and object_.lower().startswith(lowered[at] + " "):
        object_, at = object_.split(" ", 1)[1], at - 1  # 'withdrawing from it': 'from' is the verb's own
    if at < 0 or not object_ or not lowered[at].endswith("ing") or object_.split()[0].lower() in STRANDED_PREPOSITIONS:
        return ""
    lemma = (getLemma(lowered[at], upos="VERB") or ("",))[0]
    return object_ if lemma == verb.lower() else ""
