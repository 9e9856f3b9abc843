"""Where a project happened, apart from the countries and places its text only mentions: a funder ("Norway Grants"),
a language, where people came from, where an application went, a name inside an organisation's, the next project's
plan. find_countries_by_role and find_places_by_role, over the gazetteer's names (ingest/gazetteer.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ingest.gazetteer import MENTION_REACH, gazetteer_matcher, name_form, named_matches
from ingest.metadata import unique
from ingest.organisations import ORGANISATION

# A country or place named as a funder ("ASV vēstniecība", "Norway Grants", "finansē Islande, Lihtenšteina un
# Norvēģija"), a language ("Brazīlijas valodas paveids") or where people came from ("imigranti no Āfrikas, ...
# Brazīlijas", "brīvprātīgie no Spānijas") is mentioned: the project did not happen there; nor where an application
# went ("Eiropas Komisijai Briselē"), nor a name inside an organisation's ("biedrība „Tukuma novada kopiena”"). The
# words after the name, and the same line before it, decide; for a list of names ("Islande, Lihtenšteina un
# Norvēģija"), the words before its first name and after its last decide for every name in it.
_MENTION_AFTER = re.compile(
    r"\s*(?:vēstniecīb|embass|посольств|valod|language|язык|fond|fund|grant|фонд|valdīb|government|правительств"
    r"|ministr|министерств|pilsoņ|citizen|граждан|prezident|president|президент)",
    re.IGNORECASE,
)
# "Norvēģijas finansēts", "Islandes, Lihtenšteinas un Norvēģijas finansēta": a funder only when the name is in the
# genitive (its own or its list's case); "uz Portugāli finansēta", "in Portugal financed by" is where the trip went
_FUNDED_AFTER = re.compile(r"\s*(?:līdz)?(?:finans|financ|финанс)", re.IGNORECASE)
_ENGLISH_FUNDED = re.compile(r"\s*financ\w*(\s+by\b)?", re.IGNORECASE)
CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")


# ... or the next meeting's place: "Kitas partnerių susitikimas vyks Tartu", "Järgmine kohtumine toimub Valgas"
_NEXT = (r"(?:nākam\w*\s+(?:projekt|gad|reiz|mobilitāt)|next\s+(?:project|year|time|mobility)|nākotnē|in\s+the\s+future"
         r"|в\s+следующ\w*\s+(?:проект|год|раз)|в\s+будущем|у\s+наступн\w*\s+(?:проєкт|проект|рік|раз)|в\s+майбутньому"
         r"|kit\w*\s+(?:\w+\s+)?susitikim|järgmi\w*\s+(?:\w+\s+)?(?:kohtumi|koosole))")
_WANTED = (r"(?:vēlam|plānojam|gribam|ceram|want|plan|hope|would\s+like|intend|хотим|хотели\s+бы|планируем|надеемся"
           r"|хочемо|плануємо|сподіваємо|vyks|planuoj|toimub|plaanime)")
_MENTION_BEFORE = re.compile(
    r"(?:(?:imigrant|migrant|bēgļ|bēgl|refugee|иммигрант|мигрант|беженц|ārzemniek|foreigner|іммігрант|мігрант|біженц)\w*"
    r"\s+(?:\w+\s+){0,2}(?:no|from|из|з|із|зі)\b[^.\n]*|(?:embassy|vēstniecīb\w*|посольств\w*)\s+(?:of\s+(?:the\s+)?|в\s+)?"
    r"|(?:komisij|commission|комисси)\w*\s+(?:in\s+|в\s+)?"
    r"|(?:brīvprātīg|tūrist|viesi|viesu|apmeklētāj|volunteer|tourist|visitor|guest|волонт[её]р|турист|гост[иейья]"
    r"|посетител)\w*\s+(?:\w+\s+)?(?:no|from|из)\s+"  # volunteers from Spain came; "partners from" did the project
    r"|(?:(?:līdz)?finansē\w*|(?:co-)?funded\s+by|financed\s+by|supported\s+by|финансиру\w*|при\s+(?:финансовой\s+)?"
    r"поддержке)\s+(?:the\s+)?"
    # a plan for the next project: "Nākamajā projektā vēlamies doties uz Portugāli" (not "Nākamā mobilitāte notika
    # Portugālē", which happened, nor "nākamajā dienā", a day of it); the sentence says what is next and is wanted
    rf"|(?:^|(?<=[.!?]\s))(?=[^.\n]*?{_NEXT})(?=[^.\n]*?{_WANTED})[^.\n]*)$",
    re.IGNORECASE,
)
_LIST_GLUE = re.compile(r"\s*,\s*(?:(?:un|and|и|&)\s+)?|\s+(?:un|and|и|&|vai|or|или)\s+")


def _funder_case(name: re.Match) -> bool:
    """Whether a name before a funding word names the funder: in the Latvian genitive ("Norvēģijas finansēts", not
    "uz Portugāli finansēta"), in Russian in any case but where a trip went or was ("Норвегии финансировался", not
    "в Литву финансировалась", "в Литве"), in English the verb's subject ("Norway financed", not "Portugal financed
    by")."""
    word, after = name.group().casefold(), name.string[name.end() : name.end() + 60]
    if CYRILLIC_LETTER.search(word):
        return not word.endswith(("у", "ю", "е"))
    english = _ENGLISH_FUNDED.match(after)  # "financed the project", not "financed by"
    return not english[1] if english else word.endswith("s")


def find_countries_by_role(text: str) -> tuple[list[str], list[str]]:
    """Countries where the project happened (venues, partners, destinations), and those only mentioned
    (funders, languages, where people came from): each list in order of first appearance, apart."""
    return _by_role("countries", text)


def find_places_by_role(text: str) -> tuple[list[str], list[str]]:
    """Places where the project happened, and places only mentioned, as find_countries_by_role."""
    return _by_role("places", text)


def _by_role(kind: str, text: str) -> tuple[list[str], list[str]]:
    pattern, canonical_by_form = gazetteer_matcher(kind)
    in_names = [match.span() for match in ORGANISATION.finditer(text)]
    where, mentioned = [], []
    for names in _name_lists(named_matches(pattern, text)):
        funded = _agree(names) and _funder_case(names[-1])
        whole_list = _is_mention(text, names[0].start(), names[-1].end(), after=_agree(names), funded=funded)
        for match in names:
            in_a_name = any(start <= match.start() < end for start, end in in_names)
            is_mention = whole_list or in_a_name or _is_mention(text, match.start(), match.end())
            (mentioned if is_mention else where).append(canonical_by_form[name_form(match.group())])
    where = unique(where)
    return where, [name for name in unique(mentioned) if name not in where]


def _name_lists(matches: Iterable[re.Match]) -> Iterator[list[re.Match]]:
    """Names found in a row, joined only by commas, "un", "and", "и" or "or", as one list each."""
    names: list[re.Match] = []
    for match in matches:
        if names and not _LIST_GLUE.fullmatch(match.string, names[-1].end(), match.start()):
            yield names
            names = []
        names.append(match)
    if names:
        yield names


def _agree(names: list[re.Match]) -> bool:
    """Whether the words after a list's last name speak of all of them: a list of three or more, or of names in one
    grammatical case ("Islandes un Norvēģijas finansēta"; not "Latvijā un Norvēģijas fonds")."""
    return len(names) >= 3 or len({match.group()[-1].casefold() for match in names}) == 1


def _is_mention(text: str, start: int, end: int, after: bool = True, funded: bool = False) -> bool:
    """Whether the words before text[start:end] (on its line) or, when asked, after it name it a funder, an origin,
    a language; funded: the funding words after it count too."""
    reach = max(0, start - MENTION_REACH)
    line_start = text.rfind("\n", reach, start) + 1 or reach  # its line, at most MENTION_REACH back
    named_after = after and (_MENTION_AFTER.match(text, end, end + 40) or funded and _FUNDED_AFTER.match(text, end, end + 40))
    return bool(named_after or _MENTION_BEFORE.search(text[line_start:start]))
