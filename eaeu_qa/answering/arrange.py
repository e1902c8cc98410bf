"""What an answer may quote and in what order: frame and upload rules, named provisions and parts, definitions after."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..records import Chunk
from ..references import Reference, matches_article
from .paragraphs import overlaps, paragraph_of
from .units import Unit, content_words, cut_off
from .wording import CORPUS_SOURCES

if TYPE_CHECKING:
    from .compose import Scored
    from .features import QuestionFeatures


def quotable(scored: list[Scored], frame_share: float = 0.0) -> list[Scored]:
    """The candidates without the frame units the question does not ask about (Scored.asked: frame.py) unless the
    question names them or, for a frame article (final provisions), they rank with the best: relevance at least
    `frame_share` of the best candidate's (Settings.frame_share; a question in other words than the treaty's, "walk
    out of the union", is answered by its withdrawal clause); a preamble or signature block only where asked or
    named. All of them when nothing else is left, or when `frame_share` is 0 (no rule: an unfitted unit
    model's relevance is a raw score, possibly below 0, of which a share means nothing)."""
    if frame_share <= 0:
        return scored
    top = max((s.relevance for s in scored), default=0.0)
    # a preamble or signature block (no article) only where asked or named, not by relevance: the accession treaty's
    # 1,700-character preamble led "what did it have to accept when it joined?" for its relevance alone
    kept = [s for s in scored if s.asked or s.passage.referenced
            or (s.unit.chunk.article and s.relevance >= frame_share * top)]
    return kept or scored


def reference_matches(chunk: Chunk, ref: Reference) -> bool:
    """The chunk is (in) the provision a reference names: its treaty and article, and its paragraph when named."""
    return matches_article(chunk, ref) and (not ref.paragraph or chunk.paragraph == ref.paragraph)


def _own(picked: list[Scored], limit: int) -> Unit:
    first = min(s.passage.rank for s in picked)
    own = sorted((s.unit for s in picked if s.passage.rank == first), key=lambda u: u.start)[:limit]
    return Unit(own[0].chunk, own[0].start, own[-1].end, own[0].kind)


def provisions_own(named: list[Scored], references: Sequence[Reference], limit: int) -> list[Unit]:
    """For each named provision (in the question's order) the units of its best-ranked passage, as one span in text
    order; the best-ranked named passage alone when no reference picks out a passage of its own."""
    out: list[Unit] = []
    for ref in references:
        picked = [s for s in named if reference_matches(s.unit.chunk, ref)]
        if picked and not overlaps(unit := _own(picked, limit), out):
            out.append(unit)
    return out or [_own(named, limit)]


def cover_named(chosen: list[Unit], named: list[Scored], references: Sequence[Reference]) -> list[Unit]:
    """A question naming two or more paragraphs ("How do Article 98(3) and Article 98(4) apply to ...?") quotes each:
    a named paragraph none of whose units is quoted gets its most relevant unit (`named`: most relevant first), after
    the others."""
    if sum(bool(r.paragraph) for r in references) < 2:
        return chosen
    chosen = list(chosen)
    for ref in (r for r in references if r.paragraph):
        if not any(reference_matches(u.chunk, ref) for u in chosen):
            best = next((s.unit for s in named if reference_matches(s.unit.chunk, ref)), None)
            if best is not None:
                chosen.append(best)
    return chosen


def by_article(named: list[Scored], references: Sequence[Reference], limit: int,
               pick: Callable[[list[Scored], int], list[Unit]]) -> list[Unit] | None:
    """For a question naming two or more articles and a topic ("Compare Article 97 and Article 98 on what families
    get"): each article's units ranked by the topic on their own (`pick`: the named-article composition, best first,
    up to n paragraphs), the `limit` paragraphs shared out among the articles (the first ones get the remainder), and
    the quotes grouped by article in the question's order, each group in the treaty's order. None when the question
    names fewer than two articles with candidates."""
    groups = []
    for ref in dict.fromkeys(Reference(r.article, "", r.source_id) for r in references):
        group = [s for s in named if reference_matches(s.unit.chunk, ref)]
        if group:
            groups.append(group)
    if len(groups) < 2:
        return None
    share, extra = divmod(max(limit, len(groups)), len(groups))
    out: list[Unit] = []
    for i, group in enumerate(groups):
        chosen = [u for u in pick(group, share + (i < extra)) if not overlaps(u, out)]
        out.extend(sorted(chosen, key=lambda u: u.start))
    return out


def definitions_follow(chosen: list[Unit], question: QuestionFeatures) -> list[Unit]:
    """A definition (of a treaty's definition list: units.py's "definition" kind) leads only an answer to a question
    that asks what a term means or what counts as it (QuestionFeatures.asks_meaning). Otherwise, when one leads, the
    first chosen quote that is no definition leads instead: "can my wife get insurance like me?" is answered by Art.
    98(3), the definitions it uses follow it. The others keep their order."""
    if question.asks_meaning or not chosen or chosen[0].kind != "definition":
        return chosen
    lead = next((i for i, u in enumerate(chosen[1:], 1) if u.kind != "definition"), None)
    return chosen if lead is None else [chosen[lead], *chosen[:lead], *chosen[lead + 1:]]


def named_definition(chosen: list[Unit], scored: list[Scored], question: QuestionFeatures) -> list[Unit]:
    """For a question that asks what a term means (QuestionFeatures.asks_meaning) and names terms a definition list
    defines (names_term: "How does the EAEU Treaty define 'State of employment'?", "the difference between an employer
    and a customer of works"), those definitions lead, in the list's order, and nothing else of their paragraph is
    quoted: its other definitions answer nothing asked (the whole of Art. 96(5), 1,500 characters, answered that
    question, its "State of employment" at a tenth of the relevance of "Work activity"). Other quotes stay, in their
    order. The words after a quoted term in its clause qualify it and name no term asked about ("What does the treaty
    mean by 'social security' for family members in the State of employment?": without_qualifiers; "the difference
    between an employer and a 'customer of works'" names both). `chosen` as it is when it names no defined term, or asks
    what the treaty calls a thing ("who is my 'employer' ..., how the treaty call him?": the name it asks for may be
    another term's, "customer of works")."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", question.asked)}
    thing = asked_thing(question.matching)
    named = sorted({s.unit.key: s.unit for s in scored if thing and defines(s.unit, thing)}.values(),
                   key=lambda u: u.start)
    if not named and (not question.asks_meaning or words & _CALL):
        return chosen
    named = named or sorted({s.unit.key: s.unit for s in scored
                             if names_term(s.unit, without_qualifiers(question.matching))}.values(),
                            key=lambda u: u.start)
    if not named:
        return chosen
    paragraphs = {paragraph_of(u.chunk) for u in named}  # a long list is cut into several chunks (Art. 96(5))
    return [*named, *(u for u in chosen if paragraph_of(u.chunk) not in paragraphs)]


_CALL = frozenset({"call", "calls", "called"})
# A term in quotation marks (double or curly quotes, or single ones not inside a word: "workers' families" is none)
# and the rest of its clause up to another quotation mark or a coordinating word ("'decision' and 'disposal'",
# "'employer' or customer of works": the next term is asked about too).
_QUOTED_CLAUSE = re.compile(r"(?P<term>[\"“][^\"“”]+[\"”]|(?<!\w)['‘][^'‘’]+?['’](?!\w))"
                            r"(?:(?!\b(?:and|or|versus)\b)[^,.;:?!\"“'‘])*")
# A question that is only "what is X?" ("What is the State of employment?", "What's "Social welfare (social
# insurance)"?", "and what is the Commission?"): X is the thing asked about, whole. A pattern of the question's form,
# kept: the bare copular question is how English asks for a definition, whatever X is (X is any text, matched against
# the corpus's own definition layout in `defines`), so it holds no word of a particular question. The condenser's
# parse of "Wh- AUX <subject>" (condensing.subjects.grammatical_subject) is no substitute: it reads no "what's", no
# quoted term and no opening "and" ("What's "Social welfare (social insurance)"?", "and what is the Commission?": '').
_WHAT_IS = re.compile(r"^\W*(?:(?:and|so|but|then)\s+)?(?:what|who)(?:\s+(?:is|are)|['’]s)\s+(?:(?:the|a|an)\s+)?"
                      r"(?P<thing>[^?]{2,80}?)[\s?.!]*$", re.I)
# A body's own definition: a sentence whose subject, at its start, "shall be" a body or organisation ("The Commission
# shall be an institutional body of the EAEU", "Court of the EAEU shall be an institutional judicial body ...", not
# "Residence of the Commission shall be the city of Moscow": its subject is the residence).
_BODY_DEFINITION = re.compile(r"^\W*(?:\d+\.\s*)?(?:the\s+)?(?P<subject>[^.;:,]{2,60}?)\s+shall\s+be\s+(?:a|an|the)\s+"
                              r"(?:[\w-]+\s+){0,4}?(?:body|organi[sz]ation|institution)\b", re.I)
# A preposition in the thing asked about that its subject lacks makes it another thing ("the role of the Commission").
_PREPOSITION = re.compile(r"\b(?:of|for|in|on|to|from|by|with)\b", re.I)


def asked_thing(question: str) -> str:
    """X in a question that is only "what is X?" (_WHAT_IS), else ''."""
    match = _WHAT_IS.match(question.strip())
    return match.group("thing") if match else ""


def defines(unit: Unit, thing: str) -> bool:
    """The unit defines the thing asked about (`thing`: asked_thing), as the corpus lays definitions out: a definition
    (units.py's kind) whose term, without its bracketed part, has only words of the thing and whose whole term holds
    all of them ("Social welfare (social insurance)"; not "Employer" for "the role of the employer"), or a body's
    sentence (_BODY_DEFINITION) whose subject has only words of the thing and holds its last word (the head noun); the
    thing's other words come before it ("Eurasian Economic Commission" for "The Commission shall be ..."; not "the
    role of the Commission", "the Commission's powers"). Words match as written or with a plural ending (_forms)."""
    def within(words: Sequence[str], pool: set[str]) -> bool:
        return all(_forms(w) & pool for w in words)

    asked = [w.lower() for w in content_words(thing)]
    if not asked:
        return False
    if unit.kind == "definition" and unit.term:
        head = [w.lower() for w in content_words(unit.term.split("(")[0])]
        whole = {w.lower() for w in content_words(unit.term)}
        return bool(head) and within(head, set(asked)) and within(asked, whole)
    match = _BODY_DEFINITION.match(unit.text) if unit.kind == "sentence" else None
    if match is None:
        return False
    subject = [w.lower() for w in content_words(match.group("subject"))]
    return (bool(subject) and within(subject, set(asked)) and within(asked[-1:], set(subject))
            and not (_PREPOSITION.search(thing) and not _PREPOSITION.search(match.group("subject"))))


def without_qualifiers(text: str) -> str:
    """The question without what follows a quoted term in its clause (_QUOTED_CLAUSE): "What does the treaty mean by
    'social security' for family members in the State of employment?" -> "What does the treaty mean by 'social
    security'?"."""
    return _QUOTED_CLAUSE.sub(lambda m: m.group("term"), text)


def names_term(unit: Unit, question: str) -> bool:
    """The unit is a definition whose term (without a bracketed part: "Customer of works (services )") has content
    words, each of them a word of the question as written, with a plural or possessive ending or without a plural one
    (_forms: "family members", "employer's", "employee" for "employees"; not "employed" for "Employer")."""
    term = content_words(unit.term.split("(")[0]) if unit.kind == "definition" else []
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", question)}
    return bool(term) and all(_forms(t.lower()) & words for t in term)


def _forms(word: str) -> set[str]:
    """A lower-case noun of a definition's term or of a question, as written, with a plural ending and without one:
    the forms under which defines and names_term take the same noun. Not units.stem, which the corpus statistics use
    and which is not closed under a plural ending here: 'state' -> 'state' but 'states' -> 'stat', 'insurance' ->
    'insurance' but 'insurances' -> 'insuranc' (and terms are "State of employment", "member States")."""
    return {word, word + "s", word + "es", word.removesuffix("s")}


def about_upload(scored: list[Scored], answering: float, lead: Scored | None = None) -> list[Scored]:
    """For a question whose best evidence is in a user's upload (the most relevant candidate, `lead`, default the first
    of `scored`, is of no corpus document), the candidates without the corpus units that do not answer on their own:
    a corpus unit stays when its relevance reaches `answering` (Settings.answering_relevance, the unit model's
    probability that it holds the answer) or the question names its provision. A question about the upload otherwise
    drew corpus quotes that share a word or two with it ("insurance", "migrant families") and answer nothing of it.
    `scored` as it is for any other question."""
    lead = lead if lead is not None else (scored[0] if scored else None)
    if lead is None or lead.unit.chunk.source_id in CORPUS_SOURCES:
        return scored
    return [s for s in scored if s.unit.chunk.source_id not in CORPUS_SOURCES or s.passage.referenced
            or s.relevance >= answering]


def cover_part_rankings(chosen: list[Unit], parts: list[list[Scored]]) -> list[Unit]:
    """Each part of a multi-part question is answered: a part whose best unit (scored against the part alone) is in
    no quoted paragraph gets that unit, after the others (so one more paragraph per part at most)."""
    chosen = list(chosen)
    for ranking in parts:
        best = next((s.unit for s in ranking if not cut_off(s.unit)), None)
        if best is not None and not any(u.chunk.chunk_id == best.chunk.chunk_id for u in chosen):
            chosen.append(best)
    return chosen


def cover_documents(chosen: list[Unit], scored: list[Scored], families: Sequence[frozenset[str]],
                    share: float) -> list[Unit]:
    """A question naming two or more documents (`families`: asked.named_families, each the sources that answer for one
    named document) is answered from each: a named document none of whose units is quoted gets its most relevant
    candidate (`scored`: most relevant first; no fragment) when that reaches `share` of the best candidate's relevance
    (Settings.document_cover_share; negative = never), after the others (one more paragraph per document at most). "Does
    the Accession Treaty say anything about X, or is that only in the EAEU Treaty?" was answered from one treaty; the
    student comparing the analysis and a treaty got one side."""
    if share < 0 or len(families) < 2 or not scored or not chosen:
        return chosen
    least = share * max(s.relevance for s in scored)
    chosen = list(chosen)
    for family in families:
        if any(u.chunk.source_id in family for u in chosen):
            continue
        best = next((s for s in scored if s.unit.chunk.source_id in family and not cut_off(s.unit)), None)
        if best is not None and best.relevance >= least and not overlaps(best.unit, chosen):
            chosen.append(best.unit)
    return chosen
