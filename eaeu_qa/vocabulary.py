"""Lay-to-treaty vocabulary: how users ask ("dependants", "take effect") mapped to how the treaties say it."""

from __future__ import annotations

import re

# Each pattern is a way people phrase a concept; its value is the treaty's own wording for it.
# Added to the keyword query (never shown to the user), so "When does it take effect?" also matches
# "shall enter into force". Curated from the EAEU Treaty's Section XXVI vocabulary and general treaty
# drafting terms, not from particular questions.
LAY_TO_TREATY: dict[str, str] = {
    r"take[sn]? effect|come[s]? into (?:force|effect)|become[s]? effective": "enter into force",
    r"\bseat\b|headquarter(?:s|ed)?|\bbased\b|\blocated\b|\bsits?\b": "residence city",
    r"\bsue[sd]?\b|lawsuit|litigat\w*|legal action|take \w+ to court": "dispute court",
    r"dependa?nts?|relatives|spouses?|\bwi(?:fe|ves)\b|husbands?|famil(?:y|ies)\b": "family members",
    r"health (?:insurance|cover(?:age)?)|medical (?:insurance|cover(?:age)?)|\bCHI\b": "compulsory medical insurance",
    r"\bpensions?\b|retire(?:ment|d)?": "pensions retirement",
    r"\bmigrants?\b|guest workers?|foreign workers?": "member State worker",
    r"host (?:country|state)|country (?:where|in which) \w+ works?": "State of employment",
    r"home (?:country|state)|country of origin|country of citizenship": "State of permanent domicile",
    r"work permits?|permission to work": "permit for conduction of the work activities",
    r"\bbenefits?\b|welfare|social security|social protection": "social welfare social insurance",
    r"\bwages?\b|salar(?:y|ies)|earnings|\bincome\b": "revenues work activity",
    r"language versions?|translations?|which text": "text language divergence interpretation",
    r"kindergarten|nursery|\bschool(?:s|ing)?\b": "preschool education",
    r"deadline|\bby when\b|time limit": "not later than",
    r"health ?care|doctor|hospital|treatment": "medical care",
    r"qualifications?|diplomas?|degrees?": "education documents",
}
_COMPILED = [(re.compile(pattern, re.I), terms) for pattern, terms in LAY_TO_TREATY.items()]


def treaty_terms(question: str) -> list[str]:
    """The treaty wording for every lay concept the question uses, without duplicates."""
    found: list[str] = []
    for pattern, terms in _COMPILED:
        if pattern.search(question) and terms not in found:
            found.append(terms)
    return found


def expand_query(question: str) -> str:
    terms = treaty_terms(question)
    return f"{question} {' '.join(terms)}" if terms else question
