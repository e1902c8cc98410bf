"""What a follow-up asks: the party or documents its own turn names, their restatement of the lead, the notes it gets."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from ..condensing.topic import own_question
from ..references import asked_sources, mentioned_sources
from ..textrepair import split_sentences
from .paragraphs import MAX_RUN_ON_CHARS, attributes, overlaps, paragraph_count, states_view, within
from .units import Unit, content_stems
from .outcome import parties_named
from .wording import CASE_PARTIES, CORPUS_SOURCES, DOCUMENT_ABSENT, DOCUMENTS_JOINER, QUOTES_ONLY, TREATY_SOURCES

if TYPE_CHECKING:
    from .compose import Scored
    from .features import QuestionFeatures

# A turn asking what a party holds or says, the party its subject or owner: "and what is Russia's view on that?", "what
# does Kyrgyzstan say in reply?", "and what do the Russians say back?", "how does the Kyrgyz side answer?", "the
# position of Moscow"; not "does the accession treaty say anything different for Kyrgyzstan?" (the treaty says), "what
# does it say about Kyrgyz workers?". The party is a name of wording.CASE_PARTIES right before the verb or "'s", alone,
# as "the ... side" or another of its organs (_PARTY_ORGANS), or with capitalised words ("the Kyrgyz Republic"): any
# other lower-case noun after it makes the name an adjective of whoever speaks ("what do Kyrgyz migrants think?",
# "Russian employers say", "Russian law say"; review s17 B4), and after "of" a lower-case plural does (as
# outcome._names_party reads "a win for Kyrgyz migrants"). Parties coordinated with it speak too ("Russia and Kyrgyzstan
# each argue", "Russia's and Kyrgyzstan's positions", "the positions of Russia and the Kyrgyz Republic"; _AND).
_STANCE_NOUNS = r"position|view|perspective|standpoint|stance|argument|reply|response"
_STANCE_VERBS = r"argu\w*|say|says|said|reply|replies|respond\w*|claim\w*|think|thinks|maintain\w*|contend\w*|insist\w*"
# a party's organs speak for it ("what does the Kyrgyz government argue?", "the Russian authorities say"; review s18 B4):
# the user's nouns for who speaks for a State, a small closed class written out: the documents write one of them once
# ("Kyrgyz officials have indicated"), too rarely for a corpus count to find the class
_PARTY_ORGANS = r"side|government|authorities|officials|leadership|delegation"
# a coordination of parties: "Russia and Kyrgyzstan", "Russia, Kyrgyzstan", "Russia's or the Kyrgyz Republic's"
_AND = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?:the\s+)?"


def _party() -> str:
    names = "|".join(alias for aliases in CASE_PARTIES for alias in aliases)
    return rf"(?:{names})\w*(?:\s+(?:{_PARTY_ORGANS})|(?:\s+(?-i:[A-Z])\w*)+)?"


def _asks_stance() -> re.Pattern:
    party = _party()
    return re.compile(rf"\b(?:(?:{party}(?:['’]s)?{_AND})*{party}(?:['’]s\s+(?:{_STANCE_NOUNS})s?"
                      rf"|\s+(?:(?:each|both|also)\s+)?(?:{_STANCE_VERBS}))\b|"
                      rf"(?:{_STANCE_NOUNS})s?\s+of\s+(?:the\s+)?{party}(?:{_AND}{party})*\b"
                      rf"(?!\s+(?-i:[a-z]{{2,}}(?<!s)s)\b))", re.I)


_ASKS_STANCE = _asks_stance()
# a party's stance named by an elided noun in a turn asking a stance: "Compare Russia's position with Kyrgyzstan's.",
# "... with that of Bishkek"
_ELIDED_STANCE = re.compile(rf"\b(?:{_party()}['’]s(?!\s*\w)|(?:that|those)\s+of\s+(?:the\s+)?{_party()}\b"
                            rf"(?!\s+(?-i:[a-z]{{2,}}(?<!s)s)\b))", re.I)


def asked_party(question: QuestionFeatures) -> frozenset[int]:
    """The parties of the case (indices of wording.CASE_PARTIES) a follow-up's own turn names when its rewrite names
    another only in the earlier turn's topic put before it (condensing.topic.own_question: "As for X, ..."): "and
    what does Kyrgyzstan say in reply?" after Russia's position, rewritten "As for Russia's position in the article,
    what does Kyrgyzstan say in reply?", asks what Kyrgyzstan says, whatever the earlier topic was. Empty otherwise: a
    standalone question, a turn naming no party, a rewrite naming no other, or one naming it in the question itself
    ("and what does it get out of a ruling even if Russia drags its feet on it?" -> "What does Kyrgyzstan get out of a
    ruling even if Russia ...?": "it" stood for Kyrgyzstan, the party asked about)."""
    own = parties_named(question.asked) if question.is_follow_up else frozenset()
    other = parties_named(question.matching) - own
    return own if own and other and not parties_named(own_question(question.matching)) & other else frozenset()


def stance_party(question: QuestionFeatures) -> int | None:
    """The one party of the case (index of wording.CASE_PARTIES) whose view a follow-up's own turn asks for
    (_ASKS_STANCE with that party named: "and what is Russia's view on that?" after Art. 98(4)); None otherwise."""
    own = parties_named(question.asked) if question.is_follow_up else frozenset()
    return next(iter(own)) if len(own) == 1 and _ASKS_STANCE.search(question.asked) else None


def view_asked(question: QuestionFeatures) -> frozenset[int]:
    """The parties of the case whose view the user's own turn asks for, first question or follow-up: those its stance
    phrases name (_ASKS_STANCE, with the parties coordinated there, and an elided one, _ELIDED_STANCE) when it has one
    ("what does the article say Russia thinks about it?", "What is Russia's argument, in short?"; "Compare Russia's
    position with Kyrgyzstan's.", "Why does Russia say ..., and what does Bishkek reply?", "What do Russia and
    Kyrgyzstan each argue?" ask both, review s18 B3); not a party the turn names otherwise: "What is Russia's argument
    about Kyrgyz workers?", "What does Moscow argue about workers from Kyrgyzstan?" ask Russia's alone (review s19 B1:
    counted as two parties, they kept the other paragraphs, 1 quote -> 3 and 4); empty when the turn asks no view."""
    asked = question.asked
    phrases = [m.group() for m in _ASKS_STANCE.finditer(asked)]
    if phrases:
        phrases += [m.group() for m in _ELIDED_STANCE.finditer(asked)]
    return frozenset(party for phrase in phrases for party in parties_named(phrase))


def with_stated_view(chosen: list[Unit], scored: list[Scored], parties: frozenset[int]) -> list[Unit]:
    """A quote of an analysis paragraph that holds a sentence stating the view of a party asked about (`parties`:
    view_asked; paragraphs.states_view: "Moscow, by contrast, maintains that ...") takes that sentence in, whatever
    else of the paragraph was quoted and whatever the ranking: one span from the quote through the sentence (or from
    the sentence through the quote), holding the paragraph's quotes in between, within MAX_RUN_ON_CHARS; as it was
    when the sentence is quoted already, lies beyond that or the span would cut another quote. A quote that states
    the view itself runs on through the rest of it (stated_view, as a stance follow-up's lead does). After an Art. 98
    question, "what does the article say Russia thinks about it?" quoted Intro para 2 for its first sentence alone when
    Russia's position ranked first (the run-on takes a next unit by its rank: runon.run_on)."""
    if not parties:
        return chosen
    out = list(chosen)
    for unit in chosen:
        if unit not in out or unit.chunk.source_id in TREATY_SOURCES:
            continue
        party = next((p for p in parties if states_view(unit.text, p)), None)
        if party is not None:  # the quote states the view: it runs on through the rest of it (stated_view)
            at = out.index(unit)
            unit = out[at] = stated_view(unit, scored, out[:at] + out[at + 1:], party)
        stated = [s.unit for s in scored if s.unit.chunk.chunk_id == unit.chunk.chunk_id and s.unit.kind == "sentence"
                  and any(states_view(s.unit.text, p) for p in parties)]
        for sentence in sorted(stated, key=lambda u: abs(u.start - unit.start)):
            current = out[out.index(unit)]
            if overlaps(sentence, out):
                continue
            span = Unit(current.chunk, min(current.start, sentence.start), max(current.end, sentence.end), current.kind)
            inside = [u for u in out if u is not current and overlaps(u, [span])]
            if span.end - span.start > MAX_RUN_ON_CHARS or any(
                    u.chunk.chunk_id != span.chunk.chunk_id or u.start < span.start or u.end > span.end for u in inside):
                continue
            out = [span if u is current else u for u in out if u is current or u not in inside]
            unit = span
    return out


def states_view_of(text: str, parties: frozenset[int]) -> bool:
    """A sentence of the text (a paragraph) states the view of one of `parties` (paragraphs.states_view)."""
    return any(states_view(text[start:end], p) for start, end in split_sentences(text) for p in parties)


def without_unstated_views(chosen: list[Unit], parties: frozenset[int]) -> list[Unit]:
    """For a question asking a party's view (`parties`: view_asked), the quotes after the first from analysis
    paragraphs in which no sentence states that party's view (states_view_of) add nothing to what it asks and are left
    out, when a quote from a paragraph that states it remains: "What is Russia's argument, in short?" went on from
    Intro para 2 ("Moscow, by contrast, maintains ...") to Intro para 1 ("... may appear ... a narrow administrative
    disagreement"), the EAEU's credibility and the migrants' choice. Treaty quotes stay (a question giving a party's
    claim as background asks what the treaty says: "Russia says dependants need to meet residency criteria. What does
    the treaty say ...?"); so does the leading quote. On the tuning sets' 14 questions asking a party's view, the quotes
    it leaves out hold no gold passage and no key fact (docs/sessions/session-18.md). A turn asking two parties' views
    ("Compare Russia's position with Kyrgyzstan's.") keeps its quotes: the rule was fitted on one party's (review s18
    B3: it left one side's paragraph alone)."""
    if len(parties) != 1 or len(chosen) < 2:
        return chosen
    kept = [u for i, u in enumerate(chosen) if i == 0 or u.chunk.source_id in TREATY_SOURCES
            or states_view_of(u.chunk.text, parties)]
    return kept if any(states_view_of(u.chunk.text, parties) for u in kept) else chosen


def without_names_only(chosen: list[Unit], question: QuestionFeatures, parties: frozenset[int]) -> list[Unit]:
    """For a question asking a party's view (`parties`: view_asked), a treaty quote after the first that shares with
    the question (the quote with its heading) only the names it mentions (QuestionFeatures.names: the party's name,
    nothing of what is asked; compose.names_only, whose fallback for a question of names alone, "What does Moscow
    say?", does not apply: the view is what it asks) is left out: a treaty states no party's view, and a quote sharing
    only its name says where something is ("What is Moscow's position?" quoted Art. 18(4), "Residence of the
    Commission shall be the city of Moscow", for the party's capital). A treaty quote sharing more stays ("Russia says
    dependants need to meet residency criteria. What does the treaty say ...?"). On the tuning sets no further quote of
    a question asking a party's view shares only names (docs/sessions/session-19.md). Not for a question of several
    parts (QuestionFeatures.parts): the other part may ask what the treaty says."""
    if not parties or len(chosen) < 2 or question.parts:  # a part may ask what a treaty states ("Where does the
        return chosen                                       # Court sit and what does Bishkek argue?")
    from .evidence import with_heading  # evidence imports compose, which imports this module

    named = content_stems(" ".join(question.names))
    asked = question.stems - named

    def names_only(unit: Unit) -> bool:
        held = content_stems(with_heading(unit))
        return bool(held & named) and not held & asked

    return [u for i, u in enumerate(chosen) if i == 0 or u.chunk.source_id not in TREATY_SOURCES or not names_only(u)]


def lead_with_stance(chosen: list[Unit], scored: list[Scored], question: QuestionFeatures, limit: int) -> list[Unit]:
    """For a follow-up asking a party's view (stance_party), when the leading quote is not a sentence attributing a
    view to that party (paragraphs.attributes), the most relevant candidate that is leads ("Russia's position, as
    reflected in public reporting, leans on ...", "From Bishkek's perspective, ..."): after a treaty answer the
    rewrite carries the provision, whose paragraphs outrank the analysis's (audit s16 W3, K9), and the author's
    conclusion naming the party outranked its stated reply (K10). The leading sentence brings the rest of its paragraph
    (stated_view), and the treaties' paragraphs are left out: a party's view is the analysis's to state (after Art. 98,
    "and what does the article say Russia's position is?" went on with 98(4) and 98(7)). The last quotes give way beyond `limit` paragraphs or as many as `chosen` quotes; no such candidate
    retrieved: `chosen` as it is."""
    party = stance_party(question)
    if party is None or not chosen:
        return chosen

    def states(unit: Unit) -> bool:
        return (unit.kind == "sentence" and unit.chunk.source_id not in TREATY_SOURCES and attributes(unit.text)
                and party in parties_named(unit.text))

    lead = chosen[0] if states(chosen[0]) else next((s.unit for s in scored if states(s.unit)), None)
    if lead is None:
        return chosen
    # a party's view is the analysis's to state: the treaties' paragraphs the rewrite's provision brought add nothing
    rest = [u for u in chosen if not overlaps(u, [lead]) and u.chunk.source_id not in TREATY_SOURCES]
    lead = stated_view(lead, scored, rest, party)
    return within([lead, *(u for u in rest if not overlaps(u, [lead]))], max(limit, paragraph_count(chosen)))


def stated_view(unit: Unit, scored: list[Scored], chosen: list[Unit], party: int) -> Unit:
    """A sentence attributing `party`'s view runs on through the next sentences of its paragraph, which go on stating
    that view, up to one naming another party and not this one ("Moscow, by contrast, maintains ..." after "Bishkek
    argues ..."), a quoted one (`chosen`) or MAX_RUN_ON_CHARS: "Russia's
    position, as reflected in public reporting, leans on ..." through "... framed as a domestic policy choice rather
    than a treaty obligation" (after Art. 98, "and what does the article say Russia's position is?" quoted only its
    first sentence: the next ones name no party and fell below the run-on's relevance floor)."""
    end = unit.end
    for following in sorted((s.unit for s in scored if s.unit.chunk.chunk_id == unit.chunk.chunk_id
                             and s.unit.start >= unit.end), key=lambda u: u.start):
        named = parties_named(following.text)
        if (following.kind != "sentence" or following.end - unit.start > MAX_RUN_ON_CHARS or overlaps(following, chosen)
                or named and party not in named):
            break
        end = following.end
    return Unit(unit.chunk, unit.start, end, unit.kind)


def about_other_party(text: str, asked: frozenset[int]) -> bool:
    """The text (a unit's paragraph) names a party of the case and none of the `asked` ones (asked_party)."""
    named = parties_named(text)
    return bool(asked) and bool(named) and not named & asked


def asked_documents(question: QuestionFeatures) -> set[str]:
    """The corpus documents a question names where it asks (references.asked_sources), read off the user's own turn
    when it names any ("is that in the accession treaty too?" was rewritten "As for Article 98(3) of the EAEU Treaty, is
    that in the accession treaty too?", which names both), else off its rewrite."""
    return (asked_sources(question.asked) or asked_sources(question.matching)) & set(CORPUS_SOURCES)


def restated_documents(question: QuestionFeatures) -> set[str]:
    """The documents whose restatement of the lead a follow-up asks for (restatement): its asked_documents, unless its
    own turn names a party of the case (wording.CASE_PARTIES: "and what does the article say Russia's position is?"
    after Art. 98, "and what is Moscow's view ..., according to the article?" after Art. 97): that asks what the party
    holds, its own thing, which no restatement of a treaty provision is (the unit most like 98(4) was Kyrgyzstan's
    argument); then the quotes stay as they are and absent_documents says the asked document's passages found do not
    answer ("is that in the Kyrgyz accession treaty too?" names no party: outcome.parties_named). A standalone
    question: none (its rewrite carries no previous turn's provision)."""
    if not question.is_follow_up or parties_named(question.asked):
        return set()
    return asked_documents(question)


def restatement(units: list[Unit], asked: set[str], pool: list[Unit], vectors: Callable[[list[Unit]], np.ndarray],
                least: float, limit: int, lead: Unit | None = None) -> list[Unit]:
    """For a follow-up asking documents (`asked`: asked_documents; `pool`: all their units) while its leading quote is
    of another ("and how does the article describe the same rule?" after Art. 98(3): the rewrite carries the previous
    turn's provision, which leads again), the asked documents' unit most
    like the leading quote (cosine of their stored vectors, `vectors`) comes first when the cosine reaches `least`
    (Settings.restated_similarity): the analysis's "Kyrgyzstan's argument rests on EAEU treaty provisions ... 'on the
    same conditions and in the same manner'" (0.67 to 98(3)). Below it (the accession treaty's closest unit to 98(3):
    0.37) `units` as they are, and absent_documents says none of its passages found answers. The last quotes give way
    beyond `limit` paragraphs or as many as `units` quote (an antecedent or condition added beyond the limit stays, as
    in outcome.scenarios_answer). `lead`: the stored unit the leading quote (possibly run on) starts with."""
    if not units or not asked or not pool or units[0].chunk.source_id in asked:
        return units
    similarity = vectors(pool) @ vectors([lead or units[0]])[0]
    best = pool[int(np.argmax(similarity))]
    if float(np.max(similarity)) < least:
        return units
    return within([best, *(u for u in units if not overlaps(u, [best]))], max(limit, paragraph_count(units)))


def quotes_only(restated: bool) -> str:
    """QUOTES_ONLY for a turn that condensing.restate rewrote as a request to the assistant (`restated`:
    Condensed.restated, 'explain it more simply' -> 'explain Article 98(3) more simply'; restate.requested and
    restate.object_pronoun decide, the one copy: review s24 R7): the extractive answerer quotes the documents again and
    cannot rephrase them (browser audit s23 A8); '' otherwise."""
    return QUOTES_ONLY if restated else ""


def absent_documents(question: QuestionFeatures, units: list[Unit], titles: dict[str, str]) -> str:
    """DOCUMENT_ABSENT when the question names documents of the corpus where it asks (asked_documents: "is that in the
    accession treaty too?") and none of the quoted units is from one of them while others are quoted: the quotes of
    another document are not that document's answer. `titles`: each source's short title. '' otherwise."""
    quoted = {u.chunk.source_id: u.chunk.short_title for u in units}
    named = asked_documents(question)
    if not quoted or not named or named & set(quoted):
        return ""
    return DOCUMENT_ABSENT.format(absent=DOCUMENTS_JOINER.join(titles.get(s, s) for s in CORPUS_SOURCES if s in named),
                                  quoted=DOCUMENTS_JOINER.join(quoted.values()))


# The generic noun for either treaty ("the treaty", "the union's treaties"): a question that names the analysis and
# "the treaty" asks about both families of documents. Not references._DOCUMENT_MENTIONS, which names one document each.
_TREATY_NOUN = re.compile(r"\btreat(?:y|ies)\b", re.I)


def named_families(question: QuestionFeatures) -> list[frozenset[str]]:
    """The documents a question names (references.mentioned_sources of its condensed form), each as the set of sources
    that answer for it: a document by name is itself, a provision named is its treaty's, and "the treaty" with no
    treaty named is either treaty (TREATY_SOURCES). "How do the entry-into-force clauses of the EAEU Treaty and of the
    Kyrgyz accession treaty differ?" -> [{eaeu_treaty}, {accession_treaty}]; "The analysis says X. What does the
    treaty say?" -> [{article}, {eaeu_treaty, accession_treaty}]. A document named only in a scene sentence counts
    (unlike asked_documents): the student comparing the analysis with a treaty asks about both. A follow-up's are those
    of its own turn: its rewrite carries the earlier turn's document ("is that in the accession treaty too?" after
    Article 8 of the EAEU Treaty asks the accession treaty alone; restatement and absent_documents answer it)."""
    text = question.asked if question.is_follow_up else question.matching
    named = mentioned_sources(text) & set(CORPUS_SOURCES)
    if not question.is_follow_up:  # a bare "Article N": the EAEU Treaty's
        named |= {r.source_id or TREATY_SOURCES[0] for r in question.references}
    families = [frozenset({s}) for s in CORPUS_SOURCES if s in named]
    if not named & set(TREATY_SOURCES) and _TREATY_NOUN.search(text):
        families.append(frozenset(TREATY_SOURCES))
    return families
