"""Funding programmes a document's text names (Erasmus+, Europe for Citizens, the European Solidarity Corps, ...),
and their names in Latvian and Russian.
"""

from __future__ import annotations

import re

PROGRAMMES = {  # name shown -> how documents write it (Latvian, English, Russian)
    "Erasmus+": r"erasmus\s*\+|erasmus plus|эразмус\s*\+|эразмус плюс|\bKA1\d\d\b|\bKA2\d\d\b",
    "Europe for Citizens": r"eiropa pilsoņiem|europe for citizens|европ\w* для граждан",
    "European Solidarity Corps": r"eiropas solidaritātes korpus\w*|european solidarity corps|европейск\w* корпус\w* солидарности"
    r"|\bESC\d\d\b",
    "Nordplus": r"nordplus|нордплюс\w*",
    "Interreg": r"interreg|интеррег\w*",
    "LEADER": r"(?-i:\bLEADER\b|\bЛИДЕР\b)",  # in capitals: not "Team leader", "лидер группы"
    "Active Citizens Fund": r"aktīvo iedzīvotāju fond\w*|active citizens fund|фонд\w* активных граждан",
    "AMIF": r"patvēruma, migrācijas un integrācijas fond\w*|\bAMIF\b|фонд\w* убежища, миграции и интеграции",
    "ESF": r"eiropas sociālā fond\w*|european social fund|европейск\w* социальн\w* фонд\w*|\bESF\+?",
}
_PROGRAMME_PATTERNS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in PROGRAMMES.items()}
PROGRAMME_NAMES = {  # the programmes' own names in Latvian and Russian, where they are not the same as in English
    "Europe for Citizens": {"lv": "Eiropa pilsoņiem", "ru": "Европа для граждан"},
    "European Solidarity Corps": {"lv": "Eiropas Solidaritātes korpuss", "ru": "Европейский корпус солидарности"},
    "Active Citizens Fund": {"lv": "Aktīvo iedzīvotāju fonds", "ru": "Фонд активных граждан"},
}


def find_programmes(text: str) -> list[str]:
    """Funding programmes a text names, the first named first (a Solidarity Corps deck that mentions Erasmus+
    later is the Corps')."""
    found = {name: match.start() for name, pattern in _PROGRAMME_PATTERNS.items() if (match := pattern.search(text))}
    return sorted(found, key=found.__getitem__)


def programme_name(name: str, language: str) -> str:
    """A programme's name as found by find_programmes, in a language ("lv", "en", "ru")."""
    return PROGRAMME_NAMES.get(name, {}).get(language, name)
