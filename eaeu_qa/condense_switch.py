"""Follow-ups that change the subject: the turn's own topic words lead, the earlier subject is only context."""

from __future__ import annotations

import re

from .answering.wording import SWITCH_LEAD
from .entities import (AUXILIARIES, DETERMINERS, DO_FORMS, MODALS, SAYING_VERBS, SPEAKER_POSSESSIVES, STOPWORDS,
                       SUBJECT_PRONOUNS, WH_WORDS, CorpusTerms, content_words, main_verb, names,
                       provisions, statement_subject, sure_verb, tokens, verb_positions)
from .condense_focus import is_document
from .phrasing import detokenise, plural, possessive, same_word
from .settings import Settings

# A question ending in a verb of saying or thinking takes its context with 'about' ('What does X say about Y?'),
# and so does one ending in a verb of knowing or perceiving ('What does the Court know about Y?').
ABOUT_VERBS = SAYING_VERBS | {"know", "see", "sees", "feel"}
# Words that place the speaker in the turn ('my salary', 'can I join'): the turn is already anchored.
_SPEAKER = frozenset({"i", "me", "my", "mine", "we", "us", "our"})
_OPENER = re.compile(r"^\s*(?:(?:and|but|so|also|then|or|plus|ok(?:ay)?|well)\b[\s,]*)*"
                     r"(?:what about|how about|what of|as for)?\s*", re.I)
_LEADING_PREPOSITION = re.compile(r"^(?:for|about|on|regarding|in)\s+", re.I)
# 'if that happens', 'when this occurs': a condition that points back at the previous question's condition.
_CONDITION_REFERENCE = re.compile(r"\b(?P<conj>if|when|once|unless)\s+(?:that|this|it)\s+[a-z]+(?=\s*[?.!,]|\s*$)",
                                  re.I)
_CONDITION = re.compile(r"\b(?:if|when|once|unless)\s+(?P<clause>[^?,;.!]+)", re.I)


def known_form(word: str, terms: CorpusTerms) -> str:
    """The word as the corpus has it ('pension' -> 'pensions'), or ''."""
    lowered = word.lower().strip("'’")
    for form in (lowered, lowered + "s", lowered[:-1] if lowered.endswith("s") else "", lowered + "es",
                 lowered[:-2] if lowered.endswith("es") else ""):
        if form and form in terms.idf:
            return form
    return ""


def own_topic(text: str, earlier: str, terms: CorpusTerms, min_idf: float = Settings.own_topic_min_idf) -> list[str]:
    """The turn's informative words that the corpus knows and the earlier question did not have: 'pensions' in
    'and what about pensions?' after a question about medical insurance. Names are parties, not topics. A word is
    a topic when the corpus knows it (in some form) and it is at least `min_idf` informative (IDF; fitted by
    scripts/followups.py --fit-switch, Settings.own_topic_min_idf)."""
    named = {w.lower() for e in names(text, terms) for w in e.text.split()}
    before = {w.lower() for w in content_words(earlier)}
    found = []
    for word in content_words(text):
        lowered = word.lower()
        if lowered in named or lowered in _SPEAKER or any(same_word(lowered, b) for b in before):
            continue
        form = known_form(word, terms)
        if form and terms.weight(form) >= min_idf:
            found.append(word)
    return found


def opener_body(text: str) -> tuple[str, bool]:
    """The turn without its openers, and whether it opened by continuing ('And ...', 'What about ...')."""
    match = _OPENER.match(text)
    body = text[match.end():] if match else text
    return body.strip(), bool(match and match.group().strip())


# Prepositions inside a noun phrase ('the rights of workers', 'my diploma as a teacher', 'trade with China').
_PHRASE_PREPOSITIONS = frozenset({"of", "on", "for", "to", "in", "as", "with", "from", "at", "between"})


def bare_phrase(body: str) -> str:
    """'pensions' for 'for pensions?', 'the budget' for 'the budget, where does the money come from?': the noun
    phrase a turn opens with, when no verb comes before its first comma; else ''."""
    head = body.split(",")[0].strip(" ?.!")
    head = _LEADING_PREPOSITION.sub("", head)
    while tokens(head) and tokens(head)[-1].lower() in STOPWORDS - DETERMINERS:
        head = head[:head.rfind(tokens(head)[-1])].strip()  # 'pensions then', 'the budget too'
    words = tokens(head)
    if not words or verb_positions(words) or any(
            w.lower() in SUBJECT_PRONOUNS or (w.lower() in STOPWORDS and w.lower() not in DETERMINERS
                                             and w.lower() not in _PHRASE_PREPOSITIONS) for w in words):
        return ""
    return head


_POINTING = frozenset({"it", "its", "they", "them", "their", "he", "him", "his", "she", "her"})


def introduces(body: str) -> bool:
    """'the court case, when was it filed?': the turn opens with a phrase of its own (no pronoun in it) that a
    pronoun after the comma points at, so the pronoun needs no earlier antecedent."""
    phrase = bare_phrase(body)
    rest = tokens(body.split(",", 1)[1]) if phrase and "," in body else []
    return bool(phrase) and not {w.lower() for w in tokens(phrase)} & _POINTING and \
        any(w.lower() in _POINTING for w in rest)


def speaks_for_self(text: str) -> bool:
    return any(w.lower() in _SPEAKER for w in tokens(text))


def context(subject: str, phrase: str, terms: CorpusTerms) -> str:
    """The earlier subject as context for the new topic: 'for my wife', 'in Article 98 of the EAEU Treaty' (a
    provision or a source, condense_focus.is_document), 'about Kyrgyzstan' after a verb of saying; '' when the
    phrase already has it."""
    if not subject or {w.lower() for w in content_words(subject)} <= {w.lower() for w in content_words(phrase)}:
        return ""
    document = bool(provisions(subject)) or is_document(subject, terms)
    last = tokens(phrase.strip(" ?.!"))[-1:]
    preposition = "in" if document else "about" if last and last[0].lower() in ABOUT_VERBS else "for"
    return f"{preposition} {subject}"


def switch_rewrite(body: str, subject: str, terms: CorpusTerms) -> str:
    """'for pensions' + 'my wife' -> 'What about pensions for my wife?'; 'the budget, where does the money come
    from' + 'the Supreme Council' -> 'What about the budget for the Supreme Council, where does the money come
    from?'; a turn that speaks for the user ('my salary', 'can I join') takes no context."""
    phrase = bare_phrase(body)
    rest = body.split(",", 1)[1].strip(" ?.!") if phrase and "," in body else ""
    named = bool(phrase) and bool([w for w in tokens(phrase)[1:] if w[:1].isupper()] or phrase[:1].isupper())
    extra = "" if speaks_for_self(body) or named else context(subject, body, terms)  # a name needs no context
    if phrase:
        lead = " ".join(w for w in (f"{SWITCH_LEAD} {phrase}", extra) if w)
        return f"{lead}, {rest}?" if rest else f"{lead}?"
    core = body.strip(" ?.!")
    return f"{core} {extra}?" if extra else f"{core}?"


def resolve_condition(text: str, previous_question: str) -> str:
    """'who pays if that happens?' after 'What happens if migration becomes more ad hoc?' -> 'who pays if
    migration becomes more ad hoc?': a pointing condition takes the earlier question's condition; else ''."""
    reference = _CONDITION_REFERENCE.search(text)
    condition = _CONDITION.search(previous_question)
    if not reference or not condition:
        return ""
    clause = condition.group("clause").strip()
    return text[:reference.start()] + f"{reference.group('conj')} {clause}" + text[reference.end():]


_CONDITION_ONLY = re.compile(r"^(?P<conj>if|when|once|unless)\s+(?P<clause>[^?,;.!]+?)\s*[?.!]*$", re.I)


def replace_condition(text: str, previous_question: str, terms: CorpusTerms | None = None) -> str:
    """'And if it goes the other way?' after 'What happens if the court backs Kyrgyzstan?' -> 'What happens if the
    court goes the other way?': a turn that is only a condition asks the previous question again under it, its
    leading pronoun standing for the earlier condition's subject; else ''."""
    match = _CONDITION_ONLY.match(opener_body(text)[0])
    old = _CONDITION.search(previous_question)
    if not match or not old:
        return ""
    clause = match.group("clause").strip()
    first = tokens(clause)[:1]
    if not content_words(clause):
        return ""  # 'and if so?', 'and if not?'
    if first and first[0].lower() in {"it", "they"}:
        subject = statement_subject(old.group("clause").strip(), terms)
        if not subject or plural(subject) != (first[0].lower() == "they"):  # 'they' for a plural subject only
            return ""
        clause = subject + clause[len(first[0]):]
    return f"{previous_question[:old.start()]}{match.group('conj').lower()} {clause}{previous_question[old.end():]}"


def speaker_subject(subject: str) -> bool:
    """'my wife', 'our children': a subject the user wrote about their own people, kept as written."""
    return bool(subject) and subject.split()[0].lower() in SPEAKER_POSSESSIVES


def as_written(subject: str) -> str:
    """'My wife' (sentence-initial) -> 'my wife', for use inside a question."""
    return subject[:1].lower() + subject[1:] if speaker_subject(subject) else subject


# Wh-words that ask about a whole clause ('Why did X do Y?'), not about one of its parts ('What did X say?').
_CLAUSE_WH = frozenset({"why", "how", "when", "where", "often", "long", "soon"})


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
    the clause ('What did X say?') or has no verb."""
    words = tokens(question.strip())
    lowered = [w.lower() for w in words]
    aux = next((i for i, w in enumerate(lowered[:3]) if w in AUXILIARIES), None)
    if aux is None or any(w not in _CLAUSE_WH for w in lowered[:aux]):
        return ""
    end = next((i for i in range(aux, len(words)) if words[i] in {"?", "!", ".", ";"}), len(words))
    if lowered[0] == "how" and lowered[aux] in {"is", "are", "was", "were"} and end > aux + 2 \
            and lowered[end - 1].endswith("ed") and lowered[end - 1] not in STOPWORDS and words[aux + 1:end - 1]:
        # a passive: 'How are disputes between member states settled?' -> 'settling disputes between member
        # states'. Only after 'how': 'Where is it based?' / 'Why is X interested?' end in adjectives.
        return detokenise([ing_form(_base_form(lowered[end - 1], terms)), *words[aux + 1:end - 1]])
    if lowered[aux] not in MODALS | DO_FORMS:
        return ""
    verb = main_verb(words, terms)
    if verb <= aux + 1 or not sure_verb(words, verb, terms):
        return ""
    end = next((i for i in range(verb, len(words)) if words[i] in {"?", "!", ".", ";"}), len(words))
    subject = words[aux + 1:verb]
    if [w.lower() for w in subject] in (["i"], ["you"], ["we"]) or end <= verb + 1:
        return ""  # the user's own action, or a verb without object ('the Court sitting') is no topic
    return detokenise([*subject, ing_form(words[verb]), *words[verb + 1:end]])


def condition_gerund(question: str, terms: CorpusTerms | None = None) -> str:
    """The condition of a question as a noun phrase: 'What happens if the court rules in Kyrgyzstan's favour?' ->
    'the court ruling in Kyrgyzstan's favour' (what a later 'that' points at); '' without one."""
    condition = _CONDITION.search(question)
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
    if not subject or at >= len(words) - 1 or not words[at].islower() or words[at].lower() in STOPWORDS:
        return ""
    verb = words[at].lower()
    base = verb[:-2] if verb.endswith(("oes", "shes", "ches", "sses", "xes")) else verb[:-1] if verb.endswith("s") \
        else verb
    return detokenise([*words[:at], ing_form(base), *words[at + 1:]])


_WH_PHRASE = WH_WORDS | {"since", "until", "till", "long", "often", "much", "many", "exactly"}


def asked_with(text: str, previous_question: str) -> str:
    """'And where?' after 'When was the accession treaty signed?' -> 'Where was the accession treaty signed?': a
    turn that is only a wh-word asks the previous question again with it; else ''."""
    body = opener_body(text)[0].strip(" ?.!")
    asked, words = [w.lower() for w in tokens(body)], tokens(previous_question)
    if not words or not asked or len(asked) > 3 or not set(asked) & WH_WORDS or set(asked) - _WH_PHRASE:
        return ""
    if words[0].lower() in AUXILIARIES and set(asked) & {"when", "where", "why", "how"}:
        # 'Since when?' after 'Is Kyrgyzstan a member ...?' (its first question)
        first = re.split(r"(?<=[?.!])\s+", previous_question.strip())[0]
        return f"{body[:1].upper()}{body[1:]} {words[0].lower()}{first[len(words[0]):]}"
    if len(asked) != 1 or words[0].lower() not in WH_WORDS or words[0].lower() == asked[0] or \
            asked[0] in {"what", "which", "whom", "whose"}:
        return ""
    return body.capitalize() + previous_question[len(words[0]):]


_PREPOSED_WH = re.compile(r"^(?:on|by|for|from|to|with|under|in)\s+(?:whose|which|what)\s+[a-z]+$", re.I)


def joined_wh(text: str, previous_question: str) -> str:
    """'On whose proposal?' after 'Which body appoints the judges?' -> 'Which body appoints the judges, and on whose
    proposal?': a turn that is only a prepositional wh-phrase is asked together with the previous question; else ''."""
    body = opener_body(text)[0].strip(" ?.!")
    question = previous_question.strip()
    if not _PREPOSED_WH.match(body) or not question.endswith("?") or "?" in question[:-1]:
        return ""
    return f"{question.rstrip('?').rstrip()}, and {body[:1].lower()}{body[1:]}?"


_PARTY_PREPOSITION = re.compile(r"^(?P<p>for|in|to|on|with|from|against)\s+(?P<np>.+)$", re.I)


def replace_party(text: str, previous_question: str) -> str:
    """'And for Russia itself?' after 'What could the ruling mean for other member states?' -> 'What could the
    ruling mean for Russia itself?': a bare phrase naming a party, after the preposition the previous question
    used last, takes the place of that preposition's object; else ''."""
    body = opener_body(text)[0].strip(" ?.!")
    match = _PARTY_PREPOSITION.match(body)
    if not match or not bare_phrase(match.group("np")) or not any(w[:1].isupper() for w in tokens(match.group("np"))):
        return ""
    question = previous_question.strip().rstrip("?.! ")
    at = question.lower().rfind(f" {match.group('p').lower()} ")
    return f"{question[:at]} {body}?" if at > 0 else ""


def plural_antecedent(question: str, subject: str, terms: CorpusTerms | None = None) -> str:
    """What a plural pronoun stands for when the earlier subject is singular: the last plural noun phrase of the
    earlier question ('them' after 'my son works in Moscow. can his kids go to school there?' -> "my son's
    kids"; its 'his' becomes the subject's possessive); '' when it has none."""
    words = tokens(question)
    verbs = verb_positions(words, terms)
    for end in reversed(range(len(words))):
        if end in verbs or not words[end].islower() or words[end] in STOPWORDS or not plural(words[end]):
            continue
        start = end
        while start > 0 and words[start - 1][0].isalnum() and words[start - 1].lower() not in STOPWORDS \
                and start - 1 not in verbs:
            start -= 1
        if start > 1 and words[start - 1].lower() in {"and", "or"} and words[start - 2].islower() \
                and words[start - 2] not in STOPWORDS and start - 2 not in verbs \
                and (start < 3 or words[start - 3].lower() in STOPWORDS):
            start -= 2  # coordinated modifiers: 'sanitary and plant-health checks'
        before = words[start - 1].lower() if start else ""
        phrase = words[start:end + 1]
        if before in {"his", "her", "its", "their"} and subject:
            return " ".join([*subject.split()[:-1], possessive(subject.split()[-1]), *phrase])
        return " ".join([words[start - 1], *phrase] if before in DETERMINERS - _POINTING else phrase)
    return ""


def head_phrase(subject: str, terms: CorpusTerms) -> str:
    """A parsed subject cut before its first verb-like word (one the corpus never puts after a determiner:
    'the Eurasian Economic Commission made' -> 'the Eurasian Economic Commission')."""
    words = subject.split()
    for i, word in enumerate(words):
        if "-" in word and i + 1 < len(words):
            continue  # a compound modifier before its noun ('the top decision-making body')
        if i and word.islower() and terms.noun_share.get(word.lower(), 1.0) == 0.0:
            return " ".join(words[:i]) if content_words(" ".join(words[:i])) else subject  # never a bare 'the'
    return subject


def reask_object(phrase: str, previous_question: str) -> str:
    """'And what about the Commission's chairman?' after 'Which body appoints the judges of the EAEU Court?' ->
    'Which body appoints the Commission's chairman?': a question that asked for a thing ('Which X <verb>s ...',
    'Who <verb>s ...') asked again with the new phrase as its object; else ''."""
    words = tokens(previous_question.strip())
    if not phrase or len(words) < 3 or words[0].lower() not in {"which", "what", "who"} \
            or {w.lower() for w in tokens(phrase)} & _POINTING:  # 'And its seat?' points at the answer
        return ""
    verb = next((i for i in range(1, min(4, len(words) - 1)) if words[i].islower() and words[i] not in STOPWORDS
                 and (plural(words[i]) or words[i].endswith("ed")) and words[i + 1].lower() not in AUXILIARIES), -1)
    end = next((i for i in range(len(words)) if words[i] in {"?", "."}), len(words))
    if verb < 0 or end <= verb + 1 or (verb > 1 and words[0].lower() == "who"):
        return ""
    return detokenise([*words[:verb + 1], *tokens(phrase), *words[end:]]) + ("" if end < len(words) else "?")


def trim_chunk(chunk: str, terms: CorpusTerms) -> str:
    """A word run without verb or adverb forms at its edges ('potentially benefiting the families' -> 'the
    families', 'Kyrgyzstan arguing' -> 'Kyrgyzstan'): -ing/-ed/-ly words that are no noun in the corpus."""
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
    return " ".join(words) if content_words(" ".join(words)) else ""


# '... if it does?', 'and they can't?': a subject pronoun and an auxiliary that end the turn, the verb left out.
_ELLIPSIS = re.compile(r"\b(?P<pronoun>it|they|he|she)\s+(?P<aux>(?:does|do|did|could|would)(?:n['’]t)?|can|will|"
                       r"can['’]t|won['’]t|(?:can|will|would|does|do|did)\s+not)(?=\s*[?.!]*\s*$)", re.I)
_INVERTED_ELLIPSIS = re.compile(r"\b(?P<aux>(?:does|do|did|could|would)n['’]t|can['’]t|won['’]t)\s+"
                                r"(?P<pronoun>it|they|he|she)(?=\s*[?.!]*\s*$)", re.I)  # 'why doesn't it?'


def resolve_ellipsis(text: str, previous_question: str, terms: CorpusTerms | None = None) -> str:
    """'and what if it does?' after 'Can Russia refuse to follow a ruling of the Court?' -> 'and what if Russia
    does refuse to follow a ruling of the Court?': the verb phrase a turn leaves out, from the previous yes/no or
    wh- question with do or a modal; else ''."""
    match = _ELLIPSIS.search(text) or _INVERTED_ELLIPSIS.search(text)
    words = tokens(previous_question.strip())
    lowered = [w.lower() for w in words]
    aux = next((i for i, w in enumerate(lowered[:3]) if w in AUXILIARIES), None)
    if not match or aux is None or lowered[aux] not in MODALS | DO_FORMS:
        return ""
    verb = main_verb(words, terms)
    end = next((i for i in range(max(verb, 0), len(words)) if words[i] in {"?", "!", "."}), len(words))
    if verb <= aux + 1 or not sure_verb(words, verb, terms):
        return ""
    subject, predicate = words[aux + 1:verb], words[verb:end]
    inverted = match.re is _INVERTED_ELLIPSIS
    phrase = detokenise([match.group("aux"), *subject, *predicate] if inverted else
                        [*subject, match.group("aux"), *predicate])
    return text[:match.start()] + phrase + text[match.end():]


def extraposed(lowered: list[str], i: int) -> bool:
    """'it' in 'Why does it matter that ...', 'is it clear whether ...': a placeholder for the clause that
    follows, not a reference."""
    return lowered[i] == "it" and any(w in {"that", "whether"} for w in lowered[i + 2:i + 4])
