"""A query as its writer meant it, before it is searched: typed with the keyboard set to the other alphabet
("офгтшуыг фзьфштф" for "jauniesu apmaina", "rfat lkz" for "кафе для") or Russian typed in Latin letters ("kafe dlja
pensionerov") in the letters meant, a shouted query in small letters, and Latvian typed without its diacritics
("sadarbiba ar pasvaldibu", as people type on a phone or an English keyboard) or in "translits" ("pashvaldiibaa":
"sh" for š, "aa" for ā, "nj" for ņ) written with them. Also the years a question asks about, offered as the year filter.

Each is rewritten only when most of its words are unknown as typed and most are words of the word list (below) as
rewritten: a Russian question with a word the list lacks ("подкаст") stays as typed.

The model reads "pasvaldibu" as other tokens than "pašvaldību", langdetect takes it for Indonesian, and the Latvian
stemmer needs the diacritics: such a query lost its answer on both legs. Each word is given back its diacritics from
the Latvian word forms the garbled-page check reads (ingest/words.tsv.gz: of the forms that fold alike, the most
frequent that ends as typed), but only when half the query's words or more that are not Latvian as typed ("valodas")
have such a form: an English question naming "Kraslava" stays English.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Collection, Iterator
from datetime import date
from functools import cache, lru_cache
from itertools import islice, product

from ingest.dates import PERIOD_YEARS, YEAR_RANGE, find_background_years, find_project_years
from ingest.enrich import CYRILLIC
from ingest.quality import WORDS_FILE, fold

WORD = re.compile(r"[^\W\d_]{2,}")
CODE = re.compile(r"\S*\d\S*")  # a project number, a year, "KA122": a word of none is a code's part
PLAIN_WORD = re.compile(r"(?<![\w-])[^\W\d_]{2,}(?![\w-])")  # a word standing alone, not part of a code
LATVIAN_DIACRITICS = re.compile(r"[āčēģīķļņšūž]", re.I)
# Latvian "translits": a long vowel typed twice, a soft or hushing consonant with "h" or "j" after it ("jaunieshu
# apmainjaa" for "jauniešu apmaiņā")
TRANSLIT = re.compile(r"aa|ee|ii|uu|[csz]h|[glkn]j")
TRANSLIT_LETTERS = {"aa": "ā", "ee": "ē", "ii": "ī", "uu": "ū", "ch": "č", "sh": "š", "zh": "ž", "gj": "ģ", "kj": "ķ",
                    "lj": "ļ", "nj": "ņ"}  # fmt: skip
# spelt so in no Latvian word ("shēma" aside); "ch" is German's, Polish's and Czech's too
TRANSLIT_ONLY = re.compile(r"[sz]h|(?:aa|ee|ii|uu)\b")
HUSHING = re.compile(r"[csz]h")
TRANSLIT_PAIRS = 6  # read in a word at most (2**6 readings)
SHOUTED_WORDS = 3  # a query of this many words or more in capitals is shouted; fewer are acronyms ("ESTO KA1")


# The Russian keyboard's letters (ЙЦУКЕН) on the Latin one's keys (QWERTY, as the Latvian layout has them)
LATIN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>"
RUSSIAN_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ"
TO_RUSSIAN_KEYS = str.maketrans(LATIN_KEYS, RUSSIAN_KEYS)
TO_LATIN_KEYS = str.maketrans(RUSSIAN_KEYS, LATIN_KEYS)
# Russian in Latin letters, as people write it: every common spelling of a letter ("ja", "ya", "ia" for я; "y" for ы
# and й), the longer pieces first. The transliteration libraries each give one scheme's spelling; people mix them
# ("dlja", "yazyka", "pozhilyh"), so each word's readings are tried against the word list.
TRANSLITERATIONS = {
    "shch": "щ", "sch": "щ", "zh": "ж", "kh": "х", "ch": "ч", "sh": "шщ", "ts": "ц", "tz": "ц", "ya": "я", "ja": "я",
    "ia": "я", "yu": "ю", "ju": "ю", "iu": "ю", "yo": "ё", "jo": "ё", "ye": "е", "je": "е", "a": "а", "b": "б",
    "v": "в", "w": "в", "g": "г", "d": "д", "e": "еэё", "z": "зж", "i": "ийы", "j": "йж", "y": "ыйи", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф", "h": "х",
    "c": "цкч", "x": "х", "q": "к", "'": "ьъ",
}  # fmt: skip
READINGS_TRIED = 500  # a word's readings tried at most (a long word of many "y", "e" and "i" has more)
TRANSLITERATED_WORDS = 12  # a longer query in Latin letters that reads as no words is another language, not Russian
LONGEST_READ = 30  # letters: a longer word is not read as Russian
# A letter Latin has none for, as Russian typed in Latin letters spells it ("dlja", "pozhilyh", "partnerov"): a word so
# spelt must read as a Russian word (Polish "dobra praktyka" spells none; German "Schule" reads as none), unless it is
# spelt as only Russian is ("molodezhnyj", a form the word list lacks)
RUSSIAN_IN_LATIN = re.compile(r"zh|kh|ch|sh|ts|[jy][aou]|(?:ov|ev|ogo|ego|[iy][jy])\b", re.IGNORECASE)
ONLY_RUSSIAN_IN_LATIN = re.compile(r"zh|kh|(?:ogo|ego|[iy][jy])\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def as_meant(query: str) -> str:
    """The query in the letters meant, shouting lowered and Latvian diacritics given back where typed without them."""
    return with_diacritics(lowered_if_shouted(in_letters_meant(query)))


def searched_otherwise(query: str) -> str | None:
    """What the query was searched as, when its letters were read otherwise (the other keyboard layout, Russian in
    Latin letters): for the app and kb search to say so; else None."""
    return as_meant(query) if in_letters_meant(query) != query else None


# A code a year is part of: a project number ("2023-1-LV01-KA122-ADU-000123456", in any case) or a number after its
# label ("līgums Nr. 2022/15")
CODES = re.compile(r"\S*[a-z]{2,3}\d\S*|(?:\b[Nn]r\.|\bNo\.|№)\s*\S+", re.IGNORECASE)
YEAR = r"((?:19|20)\d\d)"
# A period: "2019-2021" (as the documents' are read), "no 2019. līdz 2021. gadam", "between 2021 and 2023", "с 2019 по
# 2021 год"
PERIOD = re.compile(
    rf"{YEAR_RANGE.pattern}"
    rf"|(?<!\w)(?:no|from|between|starp|с|з|від)\s+{YEAR}\.?(?:\s*(?:gada|года|року|g\.|г\.))?"
    rf"\s+(?:līdz|to|until|till|and|un|по|до)\s+{YEAR}(?!\d)",
    re.IGNORECASE,
)
# A period open at one end: its one year would hide the rest ("pēc 2021. gada", "until 2022", "2020 and later"; "since",
# "kopš", "pirms" and "с" the documents' years already leave out)
OPEN_PERIOD = re.compile(
    rf"(?<!\w)(?:after|pēc|после|після|from|no|until|till|līdz|до|before|by)\s+{YEAR}\S*"
    rf"|{YEAR}\S*\s+(?:onwards|and later|or later|and earlier|or earlier|un vēlāk|и позже|і пізніше)",
    re.IGNORECASE,
)

# Years named by their distance from this one: "pērn", "pagājušajā gadā", "last year", "в прошлом году" (not "in past
# years", "pagājušajos gados", "в прошлые годы": those name no one year; nor "the last year of the project")
LAST_YEAR_LV = r"pērn(?:ais|ajā|ā|o|ējais|ējā|ējo)?|pagājušgad|pagājuš(?:ajā gadā|ais gads|o gadu|ā gada)"
LAST_YEAR_CYRILLIC = r"прошл(?:ом году|ого года|ый год)|минул(?:ого року|ому році|ий рік)"  # Russian, Ukrainian
RELATIVE_YEARS = (
    (re.compile(r"(?<!\w)(?:šogad|šajā gadā|this year|в этом году|этого года|цього року|цей рік)(?!\w)", re.I), 0),
    (re.compile(rf"(?<!\w)(?:{LAST_YEAR_LV}|(?<!the )last year|{LAST_YEAR_CYRILLIC}|торік)(?!\w)", re.I), 1),
    (re.compile(rf"(?<!\w)(?:aiz(?:{LAST_YEAR_LV})|the year before last|поза(?:{LAST_YEAR_CYRILLIC}))(?!\w)", re.I), 2),
)


def typed_years(query: str, today: date | None = None) -> list[int]:
    """The years a question asks about, as the documents' years are read ("2019. gadā", "in 2021", "05.2023") or by
    their distance from today's ("pērn", "last year"), and a period's ("2019-2021", "no 2019. līdz 2021. gadam") up to
    PERIOD_YEARS, ascending; not a code's ("2023-1-LV01-KA122-...", "Nr. 2022/15"), nor an open period's ("since
    2019", "pēc 2021. gada", "until 2022": that one year would hide the rest)."""
    text = CODES.sub(" ", query)
    years = set()
    for match in PERIOD.finditer(text):
        first, last = (int(year) for year in match.groups() if year)
        if 0 <= last - first < PERIOD_YEARS:
            years.update(range(first, last + 1))
    text = OPEN_PERIOD.sub(" ", PERIOD.sub(" ", text))
    this_year = (today or date.today()).year
    years |= {this_year - back for pattern, back in RELATIVE_YEARS if pattern.search(text)}
    return sorted(years | set(find_background_years(text)) | set(find_project_years(text)))


def years_to_offer(query: str, held: Collection[str], today: date | None = None) -> list[str]:
    """The years the question names that the passages the other filters keep hold (held), to offer as the year filter
    (a typed year is searched as a word only); none where they are all the years held (the filter would keep all)."""
    offered = [str(year) for year in typed_years(query, today) if str(year) in held]
    return offered if len(set(held)) > len(offered) else []


def load_word_lists() -> None:
    """Read the word lists a query is read by (about 0.3 s): at a server's start, not in its first search."""
    written_forms()
    _english_beginnings()
    _english_and_latvian_forms()
    _russian_forms()


@lru_cache(maxsize=256)
def in_letters_meant(query: str) -> str:
    """The query as typed on the other keyboard layout, or Russian in Latin letters in Cyrillic ones, when most of its
    words are no words as typed and most are words so; else as typed (a query in both scripts too). Codes stay as
    typed ("KA122", "2022-1-LV01")."""
    words = PLAIN_WORD.findall(query)
    if len({bool(CYRILLIC.search(word)) for word in words}) != 1 or _known_share(query) >= 0.5:
        return query
    keys = TO_LATIN_KEYS if CYRILLIC.search(query) else TO_RUSSIAN_KEYS
    on_other_keys = _words_rewritten(query, lambda word: word.translate(keys))
    # of its words of four letters or more: "exe" and "kb cif" read "учу" and "ли сша" on the other keys
    if _known_share(on_other_keys, shortest=4, of_none=0.0) >= 0.5:
        return on_other_keys
    # one word is too little to tell ("kafe" is Latvian slang, "кафе" Russian); a longer query is another language
    if not 1 < len(words) <= TRANSLITERATED_WORDS or not query.isascii():
        return query
    if not _spells_russian(words):
        return query
    in_cyrillic = _words_rewritten(query, lambda word: re.sub(r"[a-zA-Z']+", _russian_reading, word))
    return in_cyrillic if _mostly_russian(in_cyrillic) else query


READ_AS_RUSSIAN = 40  # words of a passage read to tell whether it is Russian in Latin letters


def is_russian_in_latin(text: str) -> bool:
    """Whether a text in Latin letters is Russian written so ("Privet vsem! Obshchestvo "Dobrye sosedi" priglashaet
    na vstrechu"), as chats and social posts are: langdetect calls it Slovene or Croatian. Read as queries are (a
    word spelling out a letter Latin lacks, two thirds of its longer words Russian words when read), over its first
    words, and not when most of them are English or Latvian words as written."""
    words = PLAIN_WORD.findall(text)[:READ_AS_RUSSIAN]
    if len(words) < 3 or not all(word.isascii() for word in words) or _known_share(" ".join(words)) >= 0.5:
        return False
    return _spells_russian(words) and _mostly_russian(" ".join(re.sub(r"[a-zA-Z']+", _russian_reading, w) for w in words))


def _spells_russian(words: list[str]) -> bool:
    """Whether a word spells out a letter Latin lacks and reads as a Russian word ("dlja", "partnerov"; German
    "Schule" does not)."""
    spelt = [word for word in words if RUSSIAN_IN_LATIN.search(word)]
    return any(ONLY_RUSSIAN_IN_LATIN.search(word) or _russian_form(word.lower()) for word in spelt)


def _mostly_russian(in_cyrillic: str) -> bool:
    """Whether two thirds of a reading's longer words are Russian: Slovene or Croatian typed without diacritics shares
    short words with Russian ("Bolnik je bil v Nigeriji" reads "болник же бил в нигерийи")."""
    return _known_share(in_cyrillic, shortest=3, of_none=0.0) >= 2 / 3


def _words_rewritten(query: str, rewrite: Callable[[str], str]) -> str:
    """The query with each word between spaces rewritten, but codes: one with a digit or two capitals or more ("KA122",
    "ESTO"; not "D" of "D rfrjv", "В каком")."""
    def word(match: re.Match) -> str:
        typed = match.group()
        code = any(char.isdigit() for char in typed) or typed.isupper() and sum(char.isalpha() for char in typed) > 1
        return typed if code else rewrite(typed)

    return re.sub(r"\S+", word, query)


def _known_share(text: str, shortest: int = 2, of_none: float = 1.0) -> float:
    """The share of the text's words (of shortest letters or more; not in capitals: "ESTO", "EVAK") that are Latvian
    (with or without diacritics), English or Russian word forms; of_none for a text of no such words, 0 for one in
    both scripts (nor is it rewritten: Ukrainian's і and є are on no key of the Russian layout)."""
    words = [word.casefold() for word in PLAIN_WORD.findall(text) if not word.isupper() and len(word) >= shortest]
    if not words:
        return of_none
    if any(CYRILLIC.search(word) for word in words) and not all(CYRILLIC.search(word) for word in words):
        return 0.0
    english, latvian = _english_and_latvian_forms()
    russian = _russian_forms()
    return sum(word in english or word in latvian or fold(word) in russian for word in words) / len(words)


def _russian_reading(match: re.Match) -> str:
    """A Latin word read as Russian: the first of its readings the word list knows, else its first reading; a word
    over LONGEST_READ letters as typed."""
    word = match.group()
    if len(word) > LONGEST_READ:
        return word
    return _russian_form(word.lower()) or next(_readings(word.lower()), word)


@lru_cache(maxsize=4096)
def _russian_form(latin: str) -> str | None:
    """The first of a small-letter Latin word's readings that the word list knows (or that with a soft sign at its
    end, often left out: "pomoshch"); None when none is, or the word is over LONGEST_READ letters."""
    if len(latin) > LONGEST_READ:
        return None
    russian = _russian_forms()
    for cyrillic in islice(_readings(latin), READINGS_TRIED):
        for form in (cyrillic, cyrillic + "ь"):
            if fold(form) in russian:
                return russian[fold(form)]
    return None


def _readings(latin: str) -> Iterator[str]:
    """Every Cyrillic reading of a Latin word, the likelier first (longer pieces, then each piece's first letter)."""
    if not latin:
        yield ""
        return
    for size in (4, 3, 2, 1):
        for letter in TRANSLITERATIONS.get(latin[:size], "") if len(latin) >= size else "":
            for rest in _readings(latin[size:]):
                yield letter + rest


@cache
def _russian_forms() -> dict[str, str]:
    """The word list's Russian forms by their form without diacritics ("ё" as "е", "й" as "и"), the most frequent first."""
    forms: dict[str, str] = {}
    for word in listed_forms()["ru"]:
        forms.setdefault(fold(word), word)
    return forms


def lowered_if_shouted(query: str) -> str:
    """'HOW CAN A MOBILITY BE MADE ACCESSIBLE?' -> in small letters: langdetect took such queries for German or
    Somali, and the model reads capitals as other tokens."""
    words = PLAIN_WORD.findall(query)  # not a project number's "LV01", "KA122", "ADU"
    if len(words) >= SHOUTED_WORDS and all(word.isupper() for word in words):
        return query.lower()
    return query


def with_diacritics(query: str) -> str:
    """Latvian words typed without diacritics or in translits written with them, when half the query's words or more
    are such (of those not Latvian as typed: "kursi", "no"). Names are left as typed and not counted: capitalised words
    but a sentence's first (a capital alone, "Ludza", or before another, "Janis Berzins", is a name too): "Ludza" is a
    town, "lūdza" a verb. Codes stay as typed ("ka122-adu-000087654")."""
    if LATVIAN_DIACRITICS.search(query):
        return query  # typed with its diacritics
    codes = [code.span() for code in CODE.finditer(query)]
    matches = [word for word in WORD.finditer(query) if not any(start <= word.start() < end for start, end in codes)]
    first, following = (matches + [None, None])[:2]
    # "Sadarbiba ar ...": a sentence's capital; not a name alone ("Ludza") or a name's first part ("Janis Berzins")
    opening = first.group() if first and first.group()[1:].islower() and following and following.group().islower() else ""
    words = [word.group() for word in matches if word.group().islower() or word.group() == opening]
    restorable = [word for word in words if written_as(word.lower()) or spelt_in_translits(word.lower())]
    # Latvian words right without diacritics ("valodas", "kursi", "no") count neither way
    unsure = [word for word in words if word.lower() not in plain_forms()]
    if not restorable or 2 * len(restorable) < len(unsure):
        return query
    # a query in translits: its words the word list lacks in the letters they spell too ("mobilitaatee": "mobilitātē")
    in_translits = any(TRANSLIT.search(word) and word.lower() not in written_forms() for word in restorable)

    def restored(match: re.Match) -> str:
        word = match.group()
        if any(start <= match.start() < end for start, end in codes):
            return word  # a code's part
        if word.islower() or (word == opening and match.start() == first.start()):
            lower = word.lower()
            # a word typed right ("pieejams", "miljoni": its pairs are its letters) stays as it is
            spelt = spelt_out(lower) if in_translits and lower not in plain_forms() and maybe_translits(lower) else lower
            meant = written_as(lower) or spelt
            return meant if word.islower() else meant.capitalize()
        return word

    return WORD.sub(restored, query)


def spelt_in_translits(word: str) -> bool:
    """Whether a word the word list lacks is spelt as only translits spell Latvian: "sh" or "zh", or a long vowel typed
    twice at its end ("tallinaa")."""
    return bool(TRANSLIT_ONLY.search(word)) and maybe_translits(word)


def maybe_translits(word: str) -> bool:
    """Not an English word ("coffee"), nor one with "sh", "ch" or "zh" beginning as an English word does ("shadowing",
    "checklist"), nor German's "sch" ("schengen")."""
    if "sch" in word or word in _english_and_latvian_forms()[0]:
        return False
    return not HUSHING.search(word) or word[:WORD_BEGINNING] not in _english_beginnings()


@cache
def _english_beginnings() -> frozenset[str]:
    return frozenset(word[:WORD_BEGINNING] for word in listed_forms()["en"])


def spelt_out(word: str) -> str:
    """A word in translits in the letters it spells: "kafejniicaa" -> "kafejnīcā"."""
    return TRANSLIT.sub(lambda pair: TRANSLIT_LETTERS[pair.group()], word)


def written_as(word: str) -> str | None:
    """A Latvian word form typed without its diacritics ("pasvaldibu") or in translits ("pashvaldiibu"), as written
    ("pašvaldību"); None for a word typed right ("valodas", "pieejams") or none the word list has."""
    if word in written_forms():
        return written_forms()[word]
    if word in plain_forms():
        return None
    # each translit pair read as a letter or, as in "pieejams" and "miljoni", as typed: the most read so first
    pairs = list(TRANSLIT.finditer(word))[:TRANSLIT_PAIRS]
    for read in sorted(product((True, False), repeat=len(pairs)), key=lambda read: -sum(read))[:-1]:
        spelt, end = "", 0
        for pair, as_letter in zip(pairs, read):
            spelt += word[end : pair.start()] + (TRANSLIT_LETTERS[pair.group()] if as_letter else pair.group())
            end = pair.end()
        spelt += word[end:]
        marked = [place for place, letter in enumerate(spelt) if not letter.isascii()]
        # of the forms that fold alike, those with the letters typed so ("apmainjaa": "apmaiņā", not "apmaiņa"), the
        # one ending as typed first
        forms = [form for form in _forms_by_fold().get(fold(spelt), ()) if all(form[at] == spelt[at] for at in marked)]
        if forms:
            return next((form for form in forms if form[-1] == spelt[-1]), forms[0])
    return None


@cache
def _forms_by_fold() -> dict[str, tuple[str, ...]]:
    """The Latvian word forms with diacritics by their form without them, the most frequent first."""
    forms: dict[str, list[str]] = {}
    for word in listed_forms()["lv"]:
        if not word.isascii():
            forms.setdefault(fold(word), []).append(word)
    return {folded: tuple(words) for folded, words in forms.items()}


def english_and_latvian_words(text: str) -> tuple[int, int, int]:
    """How many of the text's words (not parts of codes, nor in capitals: "KA210", "DROP TABLE") are English word forms
    and not Latvian ones, how many the other way round (typed with or without diacritics), and how many words there are."""
    english, latvian = _english_and_latvian_forms()
    words = [word.casefold() for word in PLAIN_WORD.findall(text) if not word.isupper()]
    return (sum(word in english and word not in latvian for word in words),
            sum(word in latvian and word not in english for word in words), len(words))  # fmt: skip


@cache
def _english_and_latvian_forms() -> tuple[frozenset[str], frozenset[str]]:
    forms = listed_forms()
    return frozenset(forms["en"]), frozenset(forms["lv"]) | {fold(word) for word in forms["lv"]}


@cache
def listed_forms() -> dict[str, tuple[str, ...]]:
    """The word list's forms per language ("lv", "en", "ru"), in small letters, the most frequent first."""
    forms: dict[str, list[str]] = {}
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as lines:
        section = ""
        for line in lines:
            if line.startswith("#"):
                section = line.strip("# \n")
                continue
            forms.setdefault(section, []).append(line.split("\t", 1)[0].rstrip("\n"))
    return {language: tuple(words) for language, words in forms.items()}


WORD_BEGINNING = 5  # letters


@cache
def word_beginnings() -> frozenset[str]:
    """The first WORD_BEGINNING letters of the word list's Latvian, English and Russian forms (shorter forms whole), in
    small letters."""
    return frozenset(word[:WORD_BEGINNING] for words in listed_forms().values() for word in words)


@cache
def plain_forms() -> frozenset[str]:
    """The Latvian word forms written without diacritics ("valodas", "kursi")."""
    return frozenset(word for word in listed_forms()["lv"] if word.isascii())


@cache
def written_forms() -> dict[str, str]:
    """Latvian word forms with diacritics by their form without them ('pasvaldibu' -> 'pašvaldību'), the most frequent
    of those that fold alike and end as typed; not where the form without diacritics is a word too ('ka' and 'kā')."""
    # the ending as typed: "sadarbiba" is more often "sadarbība" than the more frequent "sadarbībā" (a case ending's
    # long vowel is what people leave out least knowingly)
    return {
        folded: next((word for word in words if word[-1] == folded[-1]), words[0])
        for folded, words in _forms_by_fold().items()
        if folded not in plain_forms()
    }
