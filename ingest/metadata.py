"""What a document's text says about it, found by plain regular expressions over plain text in Latvian, English,
Russian, Ukrainian, Lithuanian and Estonian; here, what the finders share.

Every finder takes a whole document's text and returns distinct values in canonical form, in order of first
appearance (years: ascending; unique below). The finders, by what they find:

- ingest/project_numbers.py: project numbers (Erasmus+ and others after "Nr.", "№", ...)
- ingest/programmes.py: funding programmes
- ingest/dates.py: written-out dates, years, the years a project ran
- ingest/organisations.py: organisations and partners
- ingest/gazetteer.py: countries and places, from gazetteer.json
- ingest/place_roles.py: where a project happened, apart from the countries and places only mentioned
"""

from __future__ import annotations

from collections.abc import Iterable

# Capital letters of the Latin (with diacritics) and Cyrillic alphabets.
UPPER = "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper())


def unique(items: Iterable, key=None) -> list:
    """Distinct items in order of first appearance (compared by key(item) when given)."""
    seen, result = set(), []
    for item in items:
        marker = key(item) if key else item
        if marker not in seen:
            seen.add(marker)
            result.append(item)
    return result
