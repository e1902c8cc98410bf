"""Run-ons: a quote continues into the next units of its paragraph (a short sentence, a relevant next unit, a list)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .outcome import parties_named
from .paragraphs import MAX_RUN_ON_CHARS, opens_back, overlaps
from .units import Unit

if TYPE_CHECKING:
    from .compose import Scored


def run_on(chosen: list[Unit], scored: list[Scored], floor: float, parties: frozenset = frozenset()) -> list[Unit]:
    """Each chosen unit takes in its chunk's next unit (one verbatim span) if its relevance reaches the floor, then each
    next one naming a party asked about (`parties`) and, once the quote names one, each next one that continues the
    sentence before it (paragraphs.opens_back: "From this standpoint, ... is framed as a domestic policy choice" after
    "Russia's position ... leans on ..."), unless quoted, beyond MAX_RUN_ON_CHARS or across list_boundary."""
    out: list[Unit] = []
    for unit in chosen:
        named = bool(parties & parties_named(unit.text))  # the quote names a party asked about
        for n, following in enumerate(_after(unit, scored)):
            names = bool(parties & parties_named(following.unit.text))
            if (not (n == 0 and following.relevance >= floor or names or named and opens_back(following.unit.text))
                    or list_boundary(unit, following.unit) or following.unit.end - unit.start > MAX_RUN_ON_CHARS
                    or overlaps(following.unit, chosen)):
                break
            unit, named = Unit(unit.chunk, unit.start, following.unit.end, unit.kind), named or names
        out.append(unit)
    return out


_LIST_END = re.compile(r"\.\W*$")  # an entry ending a sentence ("85.32 percent.;") closes the list
_LIST_CLOSED = re.compile(r"\.\W*;$")  # ... and, ending in ";" too, is no sentence of prose


def with_list(chosen: list[Unit], scored: list[Scored], reaching_only: bool = False) -> list[Unit]:
    """A chosen lead-in (ending in ':') whose list entries are units of their own (entries without "1)" numbers,
    one a line: "Kyrgyz Republic - 1.9 percent;") runs on through them, up to the entry that ends a sentence, while
    the span stays within MAX_RUN_ON_CHARS: the lead-in alone says nothing. When it reaches an entry quoted on its own,
    it runs on through it, which it then holds (the list stands where the first quote it holds stood): "Bodies of the
    EAEU shall include: … Eurasian Intergovernmental Council" (the lead-in and the second entry) read as if four bodies
    were one (audit s17 N2); else it stops short of a quoted entry. `reaching_only`: a lead-in that reaches no quoted
    entry stays as it is (the named-article path, arrange.by_article, which ran on no lead-in before)."""
    def holds(outer: Unit, inner: Unit) -> bool:
        return (outer.chunk.chunk_id == inner.chunk.chunk_id and outer.start <= inner.start and inner.end <= outer.end
                and (outer.start, outer.end) != (inner.start, inner.end))

    def run(unit: Unit) -> Unit:
        following = [s.unit for s in _after(unit, scored)]
        whole = through_list(unit, following, chosen, through_quoted=True)
        if any(holds(whole, c) for c in chosen if c != unit):
            return whole
        return unit if reaching_only else through_list(unit, following, chosen)

    out = [run(u) for u in chosen]
    # each run-on stands where the first quote it holds stood (an entry that led still leads, now with its list)
    placed = [(min([i] + [j for j, c in enumerate(chosen) if holds(u, c)]), u) for i, u in enumerate(out)
              if not any(holds(o, u) for o in out)]
    return [u for _, u in sorted(placed, key=lambda p: p[0])]


def through_list(unit: Unit, following: list[Unit], chosen: list[Unit], limit: int = MAX_RUN_ON_CHARS,
                 through_quoted: bool = False) -> Unit:
    """A lead-in (ending in ':') run on through the entries that follow it (`following`, the units after it in its
    chunk, in text order) up to the entry that ends a sentence, within `limit` characters and short of a quoted unit
    (`chosen`) unless `through_quoted`; any other unit as it is."""
    if not unit.text.rstrip().endswith(":"):
        return unit
    end = unit.end
    for entry in following:
        if entry.end - unit.start > limit or overlaps(entry, chosen) and not through_quoted:
            break
        end = entry.end
        if not entry.text.rstrip().endswith(";") or _LIST_END.search(entry.text.rstrip()):
            break
    return Unit(unit.chunk, unit.start, end, unit.kind)


def list_boundary(unit: Unit, following: Unit) -> bool:
    """A quote does not run on across a list's edge: a list item ("4) appoint the judges ...;") ends where it ends and
    nothing runs on into one (the next item says something else); a quote ending a list (an entry closing a sentence,
    "85.32 percent.;") or a lead-in (":") stops there; and nothing runs on into a lead-in, which without its list
    would end the quote mid-sentence ("... Chairman of the Council shall:"). A definition still runs on into the next
    one (the treaty's definitions often define each other's terms)."""
    return ("item" in (unit.kind, following.kind) or unit.text.rstrip().endswith(":")
            or bool(_LIST_CLOSED.search(unit.text.rstrip())) or following.text.rstrip().endswith(":"))


def extend_short(chosen: list[Unit], scored: list[Scored], min_words: int) -> list[Unit]:
    """A chosen sentence shorter than min_words runs on into the next sentence of its chunk (one verbatim
    span), unless that sentence is already quoted or is a lead-in (list_boundary)."""
    if not min_words:
        return chosen
    out: list[Unit] = []
    for unit in chosen:
        if unit.kind == "sentence" and len(unit.text.split()) < min_words:
            following = next((s.unit for s in _after(unit, scored) if s.unit.kind == "sentence"), None)
            if following is not None and following not in chosen and not following.text.rstrip().endswith(":"):
                unit = Unit(unit.chunk, unit.start, following.end, unit.kind)
        out.append(unit)
    return out


def _after(unit: Unit, scored: list[Scored]) -> list[Scored]:
    """The candidates from the unit's chunk that start after it, in text order: what a quote can run on into."""
    return sorted((s for s in scored if s.unit.chunk.chunk_id == unit.chunk.chunk_id and s.unit.start >= unit.end),
                  key=lambda s: s.unit.start)
