"""Outcome conditions: which party of the case prevails in a question's "if ..." and in a passage's scenario."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from typing import TYPE_CHECKING

from ..records import Chunk
from ..settings import Settings
from ..textrepair import split_sentences
from .paragraphs import overlaps, paragraph_count, points_back, within
from .units import Unit
from .wording import CASE_PARTIES

if TYPE_CHECKING:
    from .compose import Scored

# Verbs and nouns of an outcome, each with the side it gives the party it is about and where that party stands:
# "Kyrgyzstan wins" (the party before the word), "the court agrees with Bishkek", "a ruling that supports
# Kyrgyzstan's position", "a win for Bishkek" (the party after it).
_BEFORE = {1: r"wins?|won|winning|prevails?|prevailed|succeeds?|succeeded|favou?r(?!s|ed|ing)",
           -1: r"lose[sd]?|losing|lost|fails?|failed"}
_AFTER = {1: r"(?:agrees?|agreed|sides?|sided)\s+with|supports?|supported|supporting|upholds?|upheld|backs?|backed|"
             r"(?:rules?|ruled|finds?|found|decides?|decided)\s+(?:for|in\s+favou?r\s+of)|"
             r"(?:win|victory|ruling|decision)\s+(?:for|in\s+favou?r\s+of)|favou?rs?|favou?red",
          -1: r"(?:rules?|ruled|finds?|found|decides?|decided|sides?|sided)\s+against|rejects?|rejected|"
              r"dismiss(?:es|ed)?|(?:defeat|loss)\s+for|(?:ruling|decision)\s+against"}
_WORDS = [(re.compile(rf"\b(?:{pattern})\b", re.I), side, before)
          for table, before in ((_BEFORE, True), (_AFTER, False)) for side, pattern in table.items()]
# An outcome named as a noun phrase stands for a condition anywhere in a question ("what would a win for Kyrgyzstan
# change?", "what does a ruling against Russia mean?"): the party after the noun. "loss" is left out here (a "loss for
# Kyrgyz families" is money); in an "if ..." clause the verbs and nouns above are read as before.
_NOUN_OUTCOMES = [(re.compile(rf"\b(?:{pattern})\b", re.I), sign) for sign, pattern in (
    (1, r"(?:win|victory|ruling|decision|judge?ment|verdict)\s+(?:for|in\s+favou?r\s+of)"),
    (-1, r"defeat\s+for|(?:ruling|decision|judge?ment|verdict)\s+against"))]
# The clause of a question that states a condition ("What happens if Kyrgyzstan loses the case?").
_CONDITION = re.compile(r"\b(?:if|once|in\s+case)\b(?P<clause>[^,;?]*)", re.I)
# A side is read off an outcome word only where the party is its own subject or object: next to it (auxiliaries and a
# possessive's noun between: "Kyrgyzstan has won", "Kyrgyzstan's claim fails", "sides with the Russian side"), or
# anywhere in a clause that names the case itself (its court, ruling, judgment, case, dispute: "if the court's ruling
# in the end goes to Kyrgyzstan's favour"). "If a Kyrgyz worker loses his job" and "if a Russian employer fails to pay"
# are about people of a party, not the party in the case. English auxiliaries and the case's own nouns are closed
# classes, hence lists (docs/answering.md, "Outcome conditions").
_AUXILIARY = r"(?:has|have|had|is|are|was|were|does|do|did|will|would|should|could|can|may|might|must|be|been|to|" \
             r"ever|also|finally|eventually|actually|really)"
_ADJACENT_BEFORE = re.compile(rf"^(?:['’]s(?:\s+\w+){{1,2}})?(?:\s+{_AUXILIARY})*\s+$", re.I)
_ADJACENT_AFTER = re.compile(r"^\s+(?:the\s+)?$", re.I)
_COURT = r"court|ruling|judge?ment|verdict"  # the court and what it gives (about_case: _JUDGE)
_CASE = re.compile(rf"\b(?:{_COURT}|case|dispute|lawsuit|litigation|tribunal)s?\b", re.I)
_JUDGE = re.compile(rf"\b(?:{_COURT})s?\b", re.I)
# A negated outcome word gives no side ("if Kyrgyzstan does not win", "if the court never sides with Bishkek").
_NEGATION = re.compile(r"\b(?:not|never|no|neither|nor|cannot|fail(?:s|ed)?\s+to)\b|n['’]t\b", re.I)
# A passage's sentence that opens with a condition ("If the court adopts a narrow reading ..., it would ...") and its
# clause; without one, what comes before a hypothetical modal is its condition ("A ruling that clearly supports
# Kyrgyzstan's position would raise ...").
_OPENS_CONDITION = re.compile(r"^\W*(?:if|when|should|once|unless)\b(?P<clause>[^,;]*)", re.I)
_MODAL = re.compile(r"\b(?:would|could|might|will)\b", re.I)
# A paragraph opening by turning to the other outcome ("The opposite outcome would be ...") takes the opposite side
# of the paragraph before it; one opening by pointing back to it ("Such a decision would also ...") takes its side.
_OPPOSITE = re.compile(r"^\W*(?i:the\s+opposite|conversely|by\s+contrast|in\s+contrast|on\s+the\s+other\s+hand)\b")
_SAME = re.compile(r"^\W*(?i:such|this|that|these|those)\b")
# The parties of the case as written (wording.CASE_PARTIES), compiled once: a mention of each (with its endings:
# "Kyrgyzstan's", "Russian"), one named as such and not as a document's modifier ("the Kyrgyz accession treaty"), any.
_MENTIONS = [re.compile(rf"\b(?:{'|'.join(aliases)})\w*", re.I) for aliases in CASE_PARTIES]
_NAMED = [re.compile(rf"\b(?:{'|'.join(aliases)})\w*\b(?!\s+(?:[\w-]+\s+)?(?:accession|treaty)\b)", re.I)
          for aliases in CASE_PARTIES]
_ANY_PARTY = re.compile(rf"\b(?:{'|'.join(alias for aliases in CASE_PARTIES for alias in aliases)})", re.I)


def _party(text: str, at: int, end: int, before: bool, anywhere: bool) -> int:
    """+1 / -1 for the first / second party of CASE_PARTIES mentioned nearest the word at text[at:end] on its side
    (`before`: the party is the word's subject or owner, "Kyrgyzstan wins", "in Kyrgyzstan's favour"; else its object,
    "sides with Russia"), next to it unless `anywhere` (the clause names the case: _CASE); 0 when none is
    ("if I lose my card in Moscow", "if a Kyrgyz worker loses his job")."""
    mentions = [(m.start(), m.end(), i) for i, pattern in enumerate(_MENTIONS) for m in pattern.finditer(text)]
    if before:
        found = sorted((m for m in mentions if m[1] <= at), reverse=True)  # nearest first
        near = bool(found) and bool(_ADJACENT_BEFORE.match(text[found[0][1]:at]))
    else:
        found = sorted(m for m in mentions if m[0] >= end)
        near = bool(found) and bool(_ADJACENT_AFTER.match(text[end:found[0][0]]))
    if not found or not (near or anywhere):
        return 0
    return 1 if found[0][2] == 0 else -1


def side(clause: str) -> int:
    """Which party prevails in a condition: +1 the first of CASE_PARTIES, -1 the second, 0 unsaid (no outcome word,
    no party it is about: "if our side wins", "if the credibility erodes", "if a Kyrgyz worker loses his job"; or
    negated: "if Kyrgyzstan does not win")."""
    anywhere = bool(_CASE.search(clause))
    for pattern, sign, before in _WORDS:
        for match in pattern.finditer(clause):
            if _NEGATION.search(clause[:match.start()]):
                continue
            party = _party(clause, match.start(), match.end(), before, anywhere)
            if party:
                return sign * party
    return 0


def question_side(question: str) -> int:
    """The side a question's condition gives ("What happens if Kyrgyzstan loses the case?": -1), or else an outcome it
    names as a noun phrase ("what would a win for Kyrgyzstan change?": +1, _NOUN_OUTCOMES); 0 without either, and 0
    when its conditions or noun phrases give both sides ("if Kyrgyzstan wins, and if it loses?")."""
    found = {s for m in _CONDITION.finditer(question) if (s := side(m.group("clause")))}
    if not found:
        return noun_side(question)
    return found.pop() if len(found) == 1 else 0


def noun_side(question: str) -> int:
    """The side of an outcome a question names as a noun with its party right after it, the party ending the phrase
    ("a win for Kyrgyzstan", "a ruling against Moscow", "in favour of the Kyrgyz Republic"; not "a ruling for Russian
    employers", whose party is the employers: _names_party), not negated in its clause ("if there is no win for
    Bishkek"); 0 when it names none, or outcomes of both sides ("the difference between a win for Kyrgyzstan and a win
    for Russia")."""
    found = set()
    for clause in re.split(r"[,;?]", question):
        for pattern, sign in _NOUN_OUTCOMES:
            for match in pattern.finditer(clause):
                if not _NEGATION.search(clause[:match.start()]) and _names_party(clause[match.end():]):
                    if party := _party(clause, match.start(), match.end(), False, False):
                        found.add(sign * party)
    return found.pop() if len(found) == 1 else 0


def _names_party(rest: str) -> bool:
    """The words after an outcome noun's "for"/"against" (`rest`) are a party's name that ends the noun phrase: no
    lower-case plural follows the name ("Kyrgyz migrants", "Russian employers": the name is their adjective; the
    people are who the outcome is for). A verb may follow ("would a victory for Bishkek help families?")."""
    name = re.match(r"\s+(?:the\s+)?\w[\w’']*\s*(?:[A-Z][\w’']*\s*)*", rest)
    if not name:
        return False
    following = re.match(r"(?P<noun>[a-z]+)\b", rest[name.end():])
    return not (following and _PLURAL.fullmatch(following.group("noun")))


# A plural noun: an -s word that no verb after a modal or "does" is ("migrants", "employers", "members", "families").
_PLURAL = re.compile(r"[a-z]{2,}(?<!s)s")


def sentence_condition(sentence: str) -> tuple[str, bool]:
    """A sentence's condition and whether the sentence opens with it ("If ..., ..."): its opening clause, else what
    comes before a hypothetical modal (would, could, might, will), else ''."""
    opening = _OPENS_CONDITION.match(sentence)
    if opening:
        return opening.group("clause"), True
    modal = _MODAL.search(sentence)
    return (sentence[:modal.start()] if modal else ""), False


def scenario_sides(chunks: Iterable[Chunk]) -> dict[str, tuple[int, int]]:
    """For each chunk whose paragraph describes an outcome of the case: (side, offset), the side that prevails in it
    (side) and the document offset from which its sentences are about that outcome (the sentence stating it, or the
    paragraph's start when it takes the side of the paragraph before it: _OPPOSITE, _SAME). Chunks in document order
    per source; a paragraph cut into several chunks carries its side into the next."""
    out: dict[str, tuple[int, int]] = {}
    previous: dict[str, tuple[int, str]] = {}  # source -> (side of its last chunk, its paragraph's locator)
    for chunk in sorted(chunks, key=lambda c: (c.source_id, c.start)):
        found = 0, chunk.start
        for start, end in split_sentences(chunk.text):
            sentence = chunk.text[start:end]
            clause, _ = sentence_condition(sentence)
            if clause and (s := side(clause)):
                found = s, chunk.start + start
                break
        before, locator = previous.get(chunk.source_id, (0, ""))
        if not found[0] and before:
            if _OPPOSITE.match(chunk.text):
                found = -before, chunk.start
            elif _SAME.match(chunk.text) or chunk.locator == locator:
                found = before, chunk.start
        previous[chunk.source_id] = (found[0], chunk.locator)
        if found[0]:
            out[chunk.chunk_id] = found
    return out


def agreement(unit_text: str, unit_start: int, chunk_id: str, asked: int, sides: dict[str, tuple[int, int]],
              judged: bool = False) -> int:
    """How a unit stands to a question whose condition gives side `asked` (question_side): +1 when it is about that
    outcome (its paragraph's side from its offset on, scenario_sides), -1 when it is about the other outcome or states
    a consequence of another condition (it opens with "If ...," and its condition gives no side and names neither a
    party nor the case: "If no agreement has been reached within 3 months ..., the dispute may be submitted to the
    Court"), else 0. When `asked` is 0: -1 for another condition's consequence where the question's "if ..." is about
    the court's ruling (`judged`: judged_condition), else 0."""
    if not asked:
        return -1 if judged and other_condition(unit_text) else 0
    found, start = sides.get(chunk_id, (0, 0))
    if found and unit_start >= start:
        return 1 if found == asked else -1
    return -1 if other_condition(unit_text) else 0


@lru_cache(maxsize=256)
def judged_condition(question: str) -> bool:
    """The question's "if ..." clause names the court, a ruling, judgment or verdict (_JUDGE) though it gives no side
    ("What happens if the court adopts a narrow reading of the treaty?"): it asks about an outcome of the case, so a
    unit that states a consequence of another condition (other_condition) does not answer it."""
    return any(_JUDGE.search(m.group("clause")) for m in _CONDITION.finditer(question))


def other_condition(unit_text: str) -> bool:
    """The unit opens with a condition that gives no side and names neither a party nor the court or its ruling ("If
    no agreement has been reached within 3 months ..., the dispute may be submitted to the Court"): a consequence of
    another condition than the case's outcome."""
    clause, opens = sentence_condition(unit_text)
    return opens and not side(clause) and not about_case(clause)


def parties_named(text: str) -> frozenset[int]:
    """The parties of the case (indices of wording.CASE_PARTIES) the text names as such, not as a document's modifier
    ("the Kyrgyz accession treaty")."""
    return frozenset(i for i, pattern in enumerate(_NAMED) if pattern.search(text))


def about_case(clause: str) -> bool:
    """The clause names a party of the case or its court or ruling (_JUDGE; not "dispute" or "case", which the
    treaties' procedures name too: Art. 112's "If no agreement ... one party of dispute ..."): "If the court affirms
    Kyrgyzstan's interpretation" may state the asked outcome in words the outcome table lacks, so it is not taken for
    another condition."""
    return bool(_JUDGE.search(clause) or _ANY_PARTY.search(clause))


def conditions(chunks: Iterable[Chunk], sides: dict[str, tuple[int, int]]) -> dict[str, tuple[int, ...]]:
    """For each chunk of a scenario paragraph (scenario_sides), the document offsets of its sentences that state a
    condition: one opening with it ("If the court adopts a narrow reading ..., it would ...") or one whose condition
    gives a side ("A ruling that clearly supports Kyrgyzstan's position would ...")."""
    out: dict[str, tuple[int, ...]] = {}
    for chunk in chunks:
        if chunk.chunk_id in sides:
            out[chunk.chunk_id] = tuple(chunk.start + start for start, end in split_sentences(chunk.text)
                                        if _states_condition(chunk.text[start:end]))
    return out


def _states_condition(sentence: str) -> bool:
    clause, opens = sentence_condition(sentence)
    return opens or bool(clause and side(clause))


def condition_start(unit_start: int, chunk_id: str, stated: dict[str, tuple[int, ...]]) -> int:
    """Where the condition the unit follows from is stated in its scenario paragraph (`stated`: conditions): the last
    condition sentence before the unit ("If the court adopts a narrow reading ..." before "Labor mobility would remain
    real, but ..."); -1 when there is none."""
    return max((start for start in stated.get(chunk_id, ()) if start < unit_start), default=-1)


def with_condition(chosen: list[Unit], scored: list[Scored]) -> list[Unit]:
    """A quoted consequence in a scenario paragraph takes the sentence stating its condition with it
    (Scored.condition_at), just before it, unless quoted already: "Labor mobility would remain real" alone reads as
    the article's forecast, not as what follows a narrow ruling. Rendering joins the two (one paragraph, one
    citation)."""
    at = {s.unit.key: s.condition_at for s in scored}
    out: list[Unit] = []
    for unit in chosen:
        start = at.get(unit.key, -1)
        condition = next((s.unit for s in scored if s.unit.chunk.chunk_id == unit.chunk.chunk_id
                          and s.unit.start == start), None) if start >= 0 else None
        if condition is not None and not overlaps(condition, chosen + out):
            out.append(condition)
        out.append(unit)
    return out


def scenarios_set_against(lead: Unit, opening: bool, section: list[Chunk], sides: dict[str, tuple[int, int]],
                          stated: dict[str, tuple[int, ...]]) -> list[tuple[Chunk, int]]:
    """For a leading quote that opens its paragraph (`opening`) by setting it against the scenarios before it ("The
    opposite outcome would be equally revealing.", "A third, and perhaps most likely, scenario lies between these
    extremes.": paragraphs.points_back), the scenario paragraphs it points back to: of each side other than its own
    paragraph's, the first paragraph of its section (`section`: the chunks of that section, in document order) before
    it with that side (scenario_sides), with the offset of the sentence stating its condition (`stated`: conditions;
    else where its side starts), in document order. [] for any other lead."""
    chunk = lead.chunk
    if not opening or not points_back(lead.text):
        return []
    own = sides.get(chunk.chunk_id, (0, 0))[0]
    found: dict[int, tuple[Chunk, int]] = {}
    for earlier in section:
        if earlier.start >= chunk.start:
            break
        sign, at = sides.get(earlier.chunk_id, (0, 0))
        if sign and sign != own and sign not in found:
            found[sign] = earlier, min(stated.get(earlier.chunk_id, ()), default=at)
    return sorted(found.values(), key=lambda pair: pair[0].start)


def asks_several(terms: Iterable[str], texts: Iterable[str],
                 least_letters: int = Settings.plural_least_letters) -> bool:
    """The question asks for several of what the scenario paragraphs (`texts`) name once: one of its words (`terms`) is
    the plural of a word they use ("the possible outcomes" and "The opposite outcome ...", "which scenarios" and "A
    third ... scenario"). "What is the middle-ground outcome ...?" asks for one scenario, which leads as it is. A plural
    has at least `least_letters` letters (the caller's Settings.plural_least_letters)."""
    words = {w.lower() for text in texts for w in re.findall(r"[A-Za-z]+", text)}
    for term in terms:
        term = term.lower()
        if len(term) >= least_letters and term.endswith("s") and not term.endswith("ss"):
            if term[:-1] in words or (term.endswith("es") and term[:-2] in words):
                return True
    return False


def scenarios_first(chosen: list[Unit], referents: list[Unit], cap: int) -> list[Unit]:
    """The quotes with the scenarios their lead is set against (`referents`: one unit each, scenarios_set_against)
    before it, in document order; a referent whose paragraph is quoted already brings that quote forward instead. The
    last quotes give way while more than `cap` paragraphs are quoted."""
    if not referents:
        return chosen
    front: list[Unit] = []
    for unit in referents:
        quoted = [u for u in chosen if u.chunk.chunk_id == unit.chunk.chunk_id]
        front.extend(quoted or [unit])
    return within(front + [u for u in chosen if u not in front], cap)


def scenarios_answer(units: list[Unit], terms: Iterable[str], units_of: Callable[[Chunk], list[Unit]],
                     section: list[Chunk], sides: dict[str, tuple[int, int]], stated: dict[str, tuple[int, ...]],
                     limit: int, plural_least_letters: int = Settings.plural_least_letters) -> list[Unit]:
    """For a question that asks about no outcome in particular but for several (asks_several: "What are the possible
    outcomes ...?", its words `terms`) and whose answer (`units`) opens with a scenario set against the ones before it
    at its paragraph's start ("A third ... scenario lies between these extremes"), those scenarios come first, in the
    article's order (scenarios_set_against, scenarios_first; `units_of`: a chunk's units; `section`: the chunks of
    the lead's section in document order); the last quotes give way beyond `limit` paragraphs (or as many as were quoted).
    `plural_least_letters`: the caller's Settings.plural_least_letters (asks_several)."""
    if not units:
        return units
    lead = units[0]
    own = units_of(lead.chunk)
    earlier = scenarios_set_against(lead, bool(own) and own[0].start == lead.start, section, sides, stated)
    if not earlier or not asks_several(terms, [lead.chunk.text, *(chunk.text for chunk, _ in earlier)],
                                              plural_least_letters):
        return units  # one scenario asked about ("the middle-ground outcome"): it leads as it is
    referents = [u for chunk, at in earlier for u in units_of(chunk) if u.start <= at < u.end]
    return scenarios_first(units, referents, max(limit, paragraph_count(units)))


def scenario_sections(chunks: Iterable[Chunk], sides: dict[str, tuple[int, int]]) -> dict[tuple[str, str], list[Chunk]]:
    """The chunks of each section (source, section) that holds a scenario paragraph (`sides`: scenario_sides), in
    document order: where scenarios_set_against looks for the scenarios a paragraph is set against."""
    chunks = list(chunks)
    held = {(c.source_id, c.section) for c in chunks if c.chunk_id in sides}
    out: dict[tuple[str, str], list[Chunk]] = {}
    for chunk in sorted(chunks, key=lambda c: c.start):
        if (chunk.source_id, chunk.section) in held:
            out.setdefault((chunk.source_id, chunk.section), []).append(chunk)
    return out
