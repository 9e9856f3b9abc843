"""Countries and places a document's text names, from gazetteer.json, where each name is listed per language as exact
forms or as "stem|set": the stem plus each case ending of the named set (Latvian "Portugāl|e" -> Portugāle,
Portugāles, ...). Found as canonical names (countries in English), shown in a language by display_name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from ingest.metadata import unique

GAZETTEER_PATH = Path(__file__).with_name("gazetteer.json")


def find_countries(text: str) -> list[str]:
    """Countries named in Latvian, English, Russian, Ukrainian, Lithuanian or Estonian (any case form), as English names."""
    return _find_gazetteer_names("countries", text)


def find_places(text: str) -> list[str]:
    """Cities, towns and regions, as Latvian nominatives (Rīga) or international names (Tallinn)."""
    return _find_gazetteer_names("places", text)


_COMMA = re.compile(r",\s*")


def country_of_place(place: str) -> str | None:
    """The country a place found by find_places is in (English name), as find_countries names it."""
    return _gazetteer()["place_countries"].get(place)


def _find_gazetteer_names(kind: str, text: str) -> list[str]:
    pattern, canonical_by_form = gazetteer_matcher(kind)
    # Case-insensitive, but proper nouns start with a capital: avoids "malta kafija", "saldus".
    return unique(canonical_by_form[name_form(match.group())] for match in named_matches(pattern, text))


_PLACE_PREPOSITION = re.compile(r"(?:\b(?:in|to|at|from|near|uz|no|līdz|pie|в|во|из|до|под)\s+)$", re.IGNORECASE)
# a street named after a town is no place the project was in ("Rīgas ielā 77" in Līvāni, "Daugavpils šoseja")
_STREET = re.compile(
    r"\s+(?:iel(?:a|ā|as|u|ai|ām|ās)|prospekt(?:s|ā|a|u)|bulvār(?:is|ī|a|i)|šosej(?:a|ā|as|u)|gatv(?:e|ē|es)"
    r"|street|road|avenue|улиц[аеуы]|проспект[ауе]?|шоссе)(?!\w)",
    re.IGNORECASE,
)
_STREET_BEFORE = re.compile(r"(?:\b(?:ул|улица|пр|просп)\.?\s+)$", re.IGNORECASE)
# How far before a name these look: a preposition or a street's word (a search from the text's start, for each name,
# took minutes on a long one-line text), and the words that make a name a mention (its sentence, in practice)
WORD_REACH = 20
MENTION_REACH = 400


def named_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match]:
    """The gazetteer's names in a text: written with a capital (not "malta kafija", "saldus"), not a street's ("Rīgas
    ielā"), and a place whose name is also a first name or a word ("Paldies Sofijai", "Split the group") only where
    it is a place: in the Latvian locative ("Sofijā", "Splitā"), after a preposition ("uz Sofiju", "to Split", "в
    Софии") or before its country ("Sofia, Bulgaria")."""
    for match in pattern.finditer(text):
        if not match.group()[0].isupper():
            continue
        if _STREET.match(text, match.end()) or _STREET_BEFORE.search(text, max(0, match.start() - WORD_REACH), match.start()):
            continue
        form = name_form(match.group())
        if form in _name_like_forms() and not (form.endswith(("ā", "ē")) or _placed(text, match.start(), match.end())):
            continue
        yield match


def _placed(text: str, start: int, end: int) -> bool:
    """Whether a preposition comes before text[start:end] ("uz", "to", "в") or its country after it ("Sofia, Bulgaria")."""
    comma = _COMMA.match(text, end)
    country = comma and gazetteer_matcher("countries")[0].match(text, comma.end())
    return bool(_PLACE_PREPOSITION.search(text, max(0, start - WORD_REACH), start) or country)


@cache
def _name_like_forms() -> frozenset[str]:
    """Every form of the gazetteer's name_like places ("Sofija", "Sofijai", "Sofia", "Софию", "Split")."""
    gazetteer, forms = _gazetteer(), set()
    for name in gazetteer["name_like"]:
        for language, entries in gazetteer["places"][name].items():
            endings = gazetteer["endings"].get(language, {})
            forms |= {name_form(form) for entry in entries for form in _expand(entry, endings)}
    return frozenset(forms)


def is_geographic(name: str) -> bool:
    """True when the whole name is a country or place ("biedrība Latvijā" names no organisation)."""
    return any(gazetteer_matcher(kind)[0].fullmatch(name) for kind in ("countries", "places"))


def display_name(canonical: str, language: str) -> str:
    """A country's or place's name in a language ("lv", "en", "ru"): the first form the gazetteer lists for it
    there, in the nominative ("Croatia" -> "Horvātija", "Хорватия"); the canonical name when it lists none."""
    gazetteer = _gazetteer()
    for kind in ("countries", "places"):
        entries = gazetteer[kind].get(canonical, {}).get(language)
        if entries:
            return _expand(entries[0], gazetteer["endings"].get(language, {}))[0]
    return canonical


@cache
def _gazetteer() -> dict:
    return json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))


@cache
def gazetteer_matcher(kind: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every form of every name of this kind, and each form's canonical name."""
    gazetteer = _gazetteer()
    canonical_by_form: dict[str, str] = {}
    for canonical, forms_by_language in gazetteer[kind].items():
        for language, entries in forms_by_language.items():
            endings = gazetteer["endings"].get(language, {})
            for entry in entries:
                for form in _expand(entry, endings):
                    canonical_by_form[name_form(form)] = canonical
    # Grouped by first letter (20x faster than one flat alternation); longest first within a
    # group, so "Bosnija un Hercegovina" wins over "Bosnija"; any whitespace between words.
    rests_by_first: dict[str, list[str]] = {}
    for form in sorted(canonical_by_form, key=len, reverse=True):
        rests_by_first.setdefault(form[0], []).append(re.escape(form[1:]).replace(r"\ ", r"\s+"))
    groups = "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in rests_by_first.items())
    pattern = re.compile(rf"(?<!\w)(?:{groups})(?!\w)", re.IGNORECASE)
    return pattern, canonical_by_form


@cache
def one_word_names() -> dict[str, str]:
    """Every one-word form of the gazetteer's countries and places in small letters ("ludzā", "даугавпилсе",
    "lithuania"), and the name it is a form of; not those of places whose name is also a person's or a word."""
    names = {form: canonical for kind in ("countries", "places") for form, canonical in gazetteer_matcher(kind)[1].items()}
    return {form: canonical for form, canonical in names.items() if " " not in form and form not in _name_like_forms()}


def _expand(entry: str, endings: dict[str, list[str]]) -> list[str]:
    """'Rīg|a' -> ['Rīga', 'Rīgas', ...]; an entry without '|' is an exact form."""
    if "|" not in entry:
        return [entry]
    stem, ending_set = entry.split("|")
    return [stem + ending for ending in endings[ending_set]]


def name_form(form: str) -> str:
    return " ".join(form.split()).lower()
