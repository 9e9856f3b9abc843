"""Project numbers a document's text names: Erasmus+ and European Solidarity Corps numbers anywhere (OCR's misread
digits read back), other programmes' numbers only after a label ("Nr.", "No.", "№"); and the parts of a number a
query names (project_number_parts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.metadata import UPPER, unique

# 2023-1-LV01-KA122-ADU-000141852; PDF extraction may leave spaces around hyphens;
# older numbers have no sector part (2016-3-LV02-KA105-001234); the European Solidarity Corps numbers its
# projects alike (2022-2-LV02-ESC11-000034567, 2023-1-LV02-ESC30-SOL-000123456).
_ERASMUS_NUMBER = re.compile(  # a scan's OCR reads a 0 as O and a 1 as I or l in its codes: "LVO1", "KAl04", and may
    # put a space inside its sector ("KA152-Y OU-000171717")
    r"(?<![\w-])((?:19|20)\d\d)\s*-\s*(\d)\s*-\s*([A-Z]{2}[\dO][\dOIl])\s*-\s*(KA[\dOIl]{3}|ESC[\dOIl]{2})"
    r"(?:\s*-\s*([A-Z](?: ?[A-Z]){1,3}))?\s*-\s*([\dO]{6,9})(?![\dO])",
    re.IGNORECASE,
)
_DIGITS_MISREAD = str.maketrans("OoIiLl", "001111")
_NUMBER_PART = re.compile(r"(?<!\w)(?:(?:19|20)\d\d|[A-Z]{2}0\d|KA\d{3}|ESC\d{2})(?!\w)", re.IGNORECASE)
# Other programmes' numbers, only after a label: "Nr. 1.1.1.1/16/A/123", "№ SIF 2019.LV/ĪUMP/01".
_LABELLED_NUMBER = re.compile(
    r"(?:(?<!\w)(?i:nr\.?|no\.|number)|№):?\s*"
    rf"((?:[{UPPER}]{{2,6}} )?[^\W_]+(?:(?:[./]|-\s?)[^\W_]+)*)"
)
_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})")
_PHONE_LABEL = re.compile(r"(?i)(?:tel|tālr|phone|mob|тел)\w*\.?\s*$")
# A number a court case, a law or a regulation is known by: "lietā Nr. 2010-56-03", "MK noteikumi Nr. 1.2-3/45"
_NOT_A_PROJECT = re.compile(r"(?i)(?:liet|spriedum|likum|noteikum|rīkojum|tiesas|case|дел|закон)\w*\s*$")


def find_project_numbers(text: str) -> list[str]:
    """Erasmus+ numbers anywhere, and other numbers written after "Nr.", "No.", "№", ..."""
    found: list[tuple[int, str]] = []
    erasmus_spans = []
    for match in _ERASMUS_NUMBER.finditer(text):
        erasmus_spans.append(match.span())
        year, call, agency, action, field, serial = match.groups()
        letters = len(action.rstrip("0123456789OoIil"))  # "KA", "ESC"
        field = field and field.replace(" ", "")
        parts = (year, call, _as_digits(agency, 2), _as_digits(action, letters), field, _as_digits(serial))
        found.append((match.start(), "-".join(part.upper() for part in parts if part)))
    for match in _LABELLED_NUMBER.finditer(text):
        start, end = match.span(1)
        if any(start < e and s < end for s, e in erasmus_spans):
            continue  # already found as an Erasmus+ number
        if _PHONE_LABEL.search(text, max(0, match.start() - 12), match.start()):
            continue
        if _NOT_A_PROJECT.search(text, max(0, match.start() - 20), match.start()):
            continue
        number = re.sub(r"-\s+", "-", match.group(1))
        if _looks_like_identifier(number):
            found.append((start, number))
    return unique(number for _, number in sorted(found))


def project_number_parts(query: str) -> tuple[str, ...]:
    """The parts of an Erasmus+ number a query names without the whole number ("2022-1-LV01", "KA122 2022", "2023 2
    LV02 KA152 YOU"): its years, national agencies' codes and key actions, in capitals; none unless it names an agency
    or a key action (a year alone is any document's) or names a whole number."""
    if find_project_numbers(query):
        return ()
    parts = tuple(unique(part.upper() for part in _NUMBER_PART.findall(query)))
    return parts if any(not part.isdigit() for part in parts) else ()


def numbers_hold_parts(numbers: Iterable[str], parts: tuple[str, ...]) -> bool:
    """Whether one of the project numbers holds every one of the parts: "2022-1-LV01-KA122-ADU-000087654" those of
    "KA122 2022"."""
    return any(set(parts) <= set(number.split("-")) for number in numbers)


def _as_digits(code: str, letters: int = 0) -> str:
    """A number code with OCR's letters for digits read back as digits after its first `letters` ("LVO1" -> "LV01")."""
    return code[:letters] + code[letters:].translate(_DIGITS_MISREAD)


def _looks_like_identifier(number: str) -> bool:
    """Has three digits or more (not "31-bit" after "number") and a separator, is not too short, and is not a date."""
    return (
        sum(c.isdigit() for c in number) >= 3
        and any(c in "-/." for c in number)
        and sum(c.isalnum() for c in number) >= 5
        and not _DATE.fullmatch(number)
    )
