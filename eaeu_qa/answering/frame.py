"""A treaty's frame (preamble, signature block, final provisions): quoted only where the question asks about it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..loaders import SIGNATURE_BLOCK
from ..records import Chunk
from ..references import mentioned_sources
from ..settings import Settings
from .units import Unit, content_stems
from .evidence import with_heading
from .wording import ANALYSIS_SOURCE, CORPUS_SOURCES, TREATY_SOURCES

if TYPE_CHECKING:
    from .features import QuestionFeatures


def final_sections(chunks: Iterable[Chunk]) -> frozenset[tuple[str, str]]:
    """(source, section) of each treaty's last section of articles (the EAEU Treaty's "Final Provisions"): the clauses
    on entry into force, languages, amendment, withdrawal that close a treaty. A treaty without sections has none."""
    last: dict[str, Chunk] = {}
    for chunk in chunks:
        if chunk.source_id != ANALYSIS_SOURCE and chunk.article and chunk.section:
            if chunk.source_id not in last or chunk.start > last[chunk.source_id].start:
                last[chunk.source_id] = chunk
    return frozenset((c.source_id, c.section) for c in last.values())


def is_frame(chunk: Chunk, finals: frozenset[tuple[str, str]]) -> bool:
    """The chunk is part of a treaty's frame: a part outside its articles (the preamble and the signature block, which
    the loader names by position) or an article of its final section (final_sections). Only the corpus treaties have
    a frame: the analysis and an uploaded document (no articles either) have none."""
    if chunk.source_id not in TREATY_SOURCES:
        return False
    return not chunk.article or (chunk.source_id, chunk.section) in finals


def title_stems(chunk: Chunk) -> frozenset[str]:
    """The stems of the names of the chunk's document ("Treaty on the Eurasian Economic Union", "Kyrgyz Accession
    Treaty"): every one of its passages is about them, so they are no sign that a passage answers."""
    return content_stems(f"{chunk.title.split('(')[0]} {chunk.short_title}")


def frame_supported(unit: Unit, topic: frozenset[str]) -> bool:
    """A frame unit holds (with its heading, which says what a preamble or signature block contains: "where and when
    the treaty was done and signed, in which language, and by whom") a stem of what the question asks about (`topic`:
    compose.question_topic, its names and its document's name left out): signing, languages, parties, withdrawal."""
    return bool(content_stems(with_heading(unit)) & (topic - title_stems(unit.chunk)))


# A party in a signature block: the capitalised words after "for (the)" ("for the Republic of Belarus", "For the
# Kyrgyz Republic").
_SIGNED_FOR = re.compile(r"\b[Ff]or\s+(?:the\s+)?(?P<name>[A-Z]\w+(?:\s+(?:of\s+(?:the\s+)?)?(?!For\b)[A-Z]\w+)*)")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}")


def _prefix(word: str, letters: int) -> str:
    """A name's first `letters` (the caller's Settings.name_prefix), lower-cased: how a question's name and a
    signature block's word are compared ("Kyrgyzstan" and "Kyrgyz Republic")."""
    return word[:letters].lower()


def treaty_parties(chunks: Iterable[Chunk], prefix: int = Settings.name_prefix) -> dict[str, frozenset[str]]:
    """Per treaty, the names of the States it is signed for, as name prefixes: the capitalised words after "for (the)"
    in its signature block (its parts outside the articles after its first article: "for the Republic of Belarus for
    the Republic of Kazakhstan for Russian Federation"); `prefix`: the caller's Settings.name_prefix)."""
    chunks = list(chunks)
    first_article = {}
    for chunk in chunks:
        if chunk.source_id in TREATY_SOURCES and chunk.article:
            first_article[chunk.source_id] = min(first_article.get(chunk.source_id, chunk.start), chunk.start)
    out: dict[str, set[str]] = {}
    for chunk in chunks:
        if chunk.source_id in first_article and not chunk.article and chunk.start > first_article[chunk.source_id]:
            words = out.setdefault(chunk.source_id, set())
            for match in _SIGNED_FOR.finditer(chunk.text):
                words.update(_prefix(w, prefix) for w in _CAPITALISED.findall(match.group("name")))
    return {source: frozenset(words) for source, words in out.items()}


def names_another_party(unit: Unit, names: Sequence[str], parties: dict[str, frozenset[str]],
                        prefix: int = Settings.name_prefix, least_letters: int = Settings.name_least_letters) -> bool:
    """The unit is of a treaty's preamble or signature block, and the question names (`names`: QuestionFeatures.names)
    a State that another treaty is signed for and this one is not (`parties`: treaty_parties): this treaty's frame is
    not about it. "What did Kyrgyzstan sign to join?" is not answered by the EAEU Treaty's "Done in Astana on 29 May
    2014 ..." (signed for Belarus, Kazakhstan and Russia) but by the accession treaty's. `prefix`, `least_letters`:
    the caller's Settings.name_prefix (as treaty_parties was given) and name_least_letters (shorter names are none)."""
    own = parties.get(unit.chunk.source_id)
    if own is None or unit.chunk.article:
        return False
    others = frozenset().union(*(words for source, words in parties.items() if source != unit.chunk.source_id))
    return any(_prefix(name, prefix) in others - own for name in names if len(name) >= least_letters)


def qualifies_document(text: str, name: str) -> bool:
    """Every mention of `name` in `text` stands in a clause about a document named before it ("the founding treaty
    Kyrgyzstan acceded to", "the treaty Kyrgyzstan joined", "the EAEU Treaty, which Kyrgyzstan later joined"): the
    State is not the one the question asks about but says which treaty is meant. "What did Kyrgyzstan sign to join?"
    names it as the one signing."""
    mentions = [m.start() for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
    return bool(mentions) and all(_AFTER_DOCUMENT.search(text[:at]) for at in mentions)


# A clause right after a document noun, its relative pronoun optional ("the treaty Kyrgyzstan joined", "the Treaty,
# which Kyrgyzstan later joined").
_AFTER_DOCUMENT = re.compile(r"\b(?i:treaty|agreement|convention|protocol)\s*,?\s*(?:(?i:which|that)\s+)?$")


def frame_asked(unit: Unit, topic: frozenset[str], question: QuestionFeatures, parties: dict[str, frozenset[str]],
                prefix: int = Settings.name_prefix, least_letters: int = Settings.name_least_letters) -> bool:
    """A frame unit the question asks about: it holds a stem of what the question asks (frame_supported; a word of
    signing only outside the clauses setting the question's scene, asked_signing with relatives=False), and its
    treaty's frame is not about another treaty's State (names_another_party: a State the question names, unless only
    to say which treaty it means, qualifies_document) unless the question names its treaty, or
    two or more instruments ("the 2014 founding treaty and Kyrgyzstan's accession treaty": each one's frame may be
    asked about). `prefix`, `least_letters`: the caller's Settings.name_prefix, name_least_letters."""
    if not topic.isdisjoint(_SIGNING) and not asked_signing(question.matching, relatives=False):
        topic = topic - _SIGNING  # a signing only in the scene ("Since the treaty was signed in 2014, ...") asks none
    named = mentioned_sources(question.matching) if len(question.instruments) < 2 else set(CORPUS_SOURCES)
    names = [n for n in question.names if not qualifies_document(question.matching, n)]
    return frame_supported(unit, topic) and (unit.chunk.source_id in named
                                             or not names_another_party(unit, names, parties, prefix, least_letters))


# The stems of a question asking about a signing ("When was ... signed?", "Where was it concluded?").
_SIGNING = content_stems("sign signed signing signature concluded")
# Clauses that only set the scene of the question asked (English subordinators, a closed class): from one to its
# clause's end ("If a member signed a trade deal ..., does ...?", "... apply if it was signed in 2014?").
_SUBORDINATOR = re.compile(r"\b(?:if|unless|once|because|although|though|whereas|since|after|before|while|"
                           r"(?<!\band\s)(?<!\bor\s)when|as\s+long\s+as|given\s+that|provided\s+that)\b", re.I)
# The question's own "When ...?" / "Where ...?" before an auxiliary asks a time or place: no subordinate clause.
_WH_AUXILIARY = re.compile(r"\s*(?:and\s+|but\s+|so\s+)?(?:when|where)(?:\s+(?:and|or)\s+(?:when|where))?\s+"
                           r"(?:is|was|were|are|did|do|does|has|have|had|will|would|can|could|should|must|shall|may)\b",
                           re.I)
# A relative clause opens after a noun (a determiner phrase), not after a verb of saying ("say that it was signed").
_RELATIVE = re.compile(r"\b(?:that|which|who|whom)\b", re.I)
_SAYING = re.compile(r"\b(?:say|says|said|state|states|stated|provide|provides|mean|means|claim|claims|argue|argues|"
                     r"think|thinks|confirm|confirms|show|shows)\s*$", re.I)
_SIGNING_VERB = re.compile(r"^(?:sign|signs|signed|concluded?)$", re.I)


def asked_signing(text: str, relatives: bool = True) -> bool:
    """The question asks about a signing in the clause it asks, not in one that only sets its scene: a word of signing
    (_SIGNING) outside its subordinate clauses (a clause opening with a subordinator, or the rest of its clause from a
    subordinator within it; "When ...?" before an auxiliary is the question's own word) and outside a relative clause
    about another thing (from "that/which/who" after a noun to the main verb, condensing.verbs.main_verb, or the
    clause's end; a verb of signing in the subject before another main verb: "the deal Kyrgyzstan signed in Moscow").
    "When was the accession treaty signed?", "When was the treaty that made Kyrgyzstan a member signed?" ask it; "If
    Kyrgyzstan signed the accession treaty before joining, from when did the Union's law apply?" and "When did the
    treaty that Kyrgyzstan signed enter into force?" do not (the held-out loss of the eighteenth session). `relatives`
    False: a relative clause counts as asked (frame_asked: "Was Kyrgyzstan one of the countries that signed the
    original union treaty in Astana ...?" asks who signed; reading it as another's lost the block's "Done in Astana")."""
    from ..condensing.verbs import main_verb
    from ..entities import tokens

    for clause in re.split(r"[,;:?!.]+", text):
        opener = next((m for m in _SUBORDINATOR.finditer(clause) if not _WH_AUXILIARY.match(clause[m.start():])), None)
        if opener:  # the scene from the subordinator on (all of a clause opening with it)
            clause = clause[:opener.start()]
        if not relatives:
            if content_stems(clause) & _SIGNING:
                return True
            continue
        words = tokens(clause)
        verb = main_verb(words)
        relative = next((len(tokens(clause[:m.start()])) for m in _RELATIVE.finditer(clause)
                         if clause[:m.start()].strip() and not _SAYING.search(clause[:m.start()])), None)
        inside = range(relative, verb if verb > relative else len(words)) if relative is not None else range(0)
        subject = verb >= 0 and not _SIGNING_VERB.match(words[verb])  # a verb of signing before another main verb
        kept = [w for i, w in enumerate(words) if i not in inside and not (subject and i < verb
                                                                           and _SIGNING_VERB.match(w))]
        if content_stems(" ".join(kept)) & _SIGNING:
            return True
    return False


def signing_block(unit: Unit, question: QuestionFeatures, parties: dict[str, frozenset[str]],
                  prefix: int = Settings.name_prefix, least_letters: int = Settings.name_least_letters) -> bool:
    """The unit is of the signature block of a treaty the question names (references.mentioned_sources) and the
    question asks when or where it was signed (a date or place asked, a word of signing in it), no State named but the
    ones the treaty is signed for (`parties`: treaty_parties; a name that is a word of the treaty's title does not
    count, nor one only saying which treaty is meant, qualifies_document): the block's "Done in the city of Moscow
    “23” December2014 ..." answers "When was the Treaty on the Accession of the Kyrgyz Republic signed?", whose
    preamble's dates are of other instruments ("signed on 10 October 2014 of the Treaty on the Accession by Republic
    of Armenia"); "When did Armenia sign its accession treaty?" asks about a signing this treaty does not record.
    `prefix`, `least_letters`: the caller's Settings.name_prefix (as treaty_parties was given), name_least_letters."""
    chunk = unit.chunk
    if (question.answer_type not in ("date", "place") or chunk.locator != SIGNATURE_BLOCK
            or chunk.source_id not in TREATY_SOURCES or not asked_signing(question.matching)
            or chunk.source_id not in mentioned_sources(question.matching)):
        return False
    title, own = title_stems(chunk), parties.get(chunk.source_id, frozenset())
    states = [n for n in question.names if len(n) >= least_letters and not content_stems(n) <= title
              and not qualifies_document(question.matching, n)]
    return all(_prefix(name, prefix) in own for name in states)
