"""The keyword leg's analyser: text -> index terms, the same for passages and queries.

Latvian first: Unicode normalisation, case folding, stopwords dropped, Latvian inflection
stripped by Lucene's light Latvian stemmer (the LatvianStemmer package: it needs the diacritics,
so it runs before they are folded), then diacritics folded (people type "kafejnica" for
"kafejnīca") and stems capped at MAX_STEM letters. Cyrillic words go through the Snowball Russian
stemmer, a Ukrainian passage's through a Ukrainian dictionary (simplemma: Snowball has no Ukrainian) where it knows
them. Other Latin-script words (English) go through the same steps, with a few English endings
stripped when the Latvian stemmer left the word alone; the cap makes cognates meet
("partners", "partneru" -> "partn").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import LatvianStemmer
import simplemma
import Stemmer
from bm25s import stopwords as bm25s_stopwords
from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_RUSSIAN

from ingest.enrich import CYRILLIC

# stored in the manifest: a change rebuilds the keyword index on the next sync (5: place terms; 6: names; 7: Ukrainian)
ANALYSER_VERSION = 7
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# A number written in groups of three digits ("4 800 EUR", "1 250 000"), as Latvian and Russian write amounts: one term
GROUPED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?!\d)")

# Written without diacritics: matching happens after folding.
LATVIAN_STOPWORDS = set(
    """
    un ir ar no uz par ka lai ari tas ta to ko kas vai bet jo pie pec lidz tiek bija ir nav
    ka ari vel tad tur seit ja ne nu gan ka vien pa pret caur starp zem virs aiz bez kur kad
    kuru kura kuri kuras kuram kurai kuros kuras sis si so sie sis sai tie tas tam tai tiem
    vins vina vini vinas es tu mes jus savs sava savu savas savi sev man tev mums jums
    bus buts esam esat biju bijam var varu tik cik ka lai kopa ari ka ka nekas viss visi visas
    """.split()
)
ENGLISH_STOPWORDS = set(STOPWORDS_EN_PLUS)
# Russian's and Ukrainian's function words: bm25s has no Ukrainian list, and its "з" (with) met every Ukrainian passage
CYRILLIC_STOPWORDS = set(STOPWORDS_RUSSIAN) | set(
    """
    з зі із і й та в у на до для що як це не від по за про але або чи ще вже так також при через між під над без після
    щоб якщо коли де там тут його її їх їм ми ви вони він вона воно я ти цей ця ці той ті свій своя свої який яка яке
    які бути є був була було були буде будуть же б би ні нам вам нас вас
    """.split()
)
UKRAINIAN_LETTERS = re.compile("[іїєґ]")  # no Russian word has them (Belarusian's і and Kazakh's do)
# of a text's Cyrillic words in small letters, those with them: Ukrainian. Names are left aside: a Russian report
# naming «Світанок» from "Києва" is Russian, and its words keep their Russian stems
UKRAINIAN_SHARE = 0.05
# Ukrainian writes its apostrophe three ways ("сімʼя", "сім’я", "сім'я") and keyboards often drop it ("пятниця")
APOSTROPHES = str.maketrans({"ʼ": "'", "’": "'", "‘": "'", "`": "'"})
APOSTROPHE = re.compile("[ʼ’‘`]")
DROPPED_APOSTROPHE = re.compile(r"([бпвмфр])([яюєї])")

# Function words of other languages people ask in, dropped from their queries only: a Portuguese
# "de", "para" or "os" would otherwise match Latvian words. Keyed by langdetect's codes.
QUERY_STOPWORDS = {
    language: set(getattr(bm25s_stopwords, f"STOPWORDS_{name}"))
    for language, name in (
        ("pt", "PORTUGUESE"),
        ("es", "SPANISH"),
        ("fr", "FRENCH"),
        ("de", "GERMAN"),
        ("it", "ITALIAN"),
        ("nl", "DUTCH"),
        ("da", "DANISH"),
        ("sv", "SWEDISH"),
        ("no", "NORWEGIAN"),
        ("tr", "TURKISH"),
    )
}

ENGLISH_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "ly")
MIN_STEM = 3
# Measured with kb eval (keyword leg, MRR@10) for caps 5 / 6 / 7 / none: FLORES en->lv 0.560 / 0.527 /
# 0.508 / 0.436, lv->lv leave-one-out 0.642 / 0.632 / 0.626 / 0.624 (plain Latvian seed questions
# among distractors preferred 7: 0.776 / 0.800 / 0.825 / 0.815, 21 questions).
MAX_STEM = 5
# Distinct words whose terms are remembered (a few tens of megabytes): a collection's vocabulary is mostly
# far smaller, and a server that sees text in many languages does not grow without end.
WORD_CACHE = 1 << 18


def fold(text: str) -> str:
    """Case-fold and strip diacritics: 'Kafejnīcā' -> 'kafejnica'; Cyrillic ё -> е and й -> и alike."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def analyse(text: str, ukrainian: bool | None = None) -> list[str]:
    """Index terms of a passage, in order (duplicates kept: BM25 counts them). A word written with a capital gives,
    after its stem, the term of the country or place it names (place_term) and its sounds' key, tagged with its script
    (name_key). ukrainian: read its Cyrillic words as Ukrainian or not; None: as the text reads (reads_ukrainian)."""
    terms = []
    words = WORD.findall(_normalised(text))
    if ukrainian is None:
        ukrainian = bool(CYRILLIC.search(text)) and reads_ukrainian(words)
    for word in words:
        lowered = word.casefold()
        if term := word_term(lowered, True) if ukrainian else word_term(lowered):
            terms.append(term)
        if word[:1].isupper():
            if place := place_term(lowered):
                terms.append(place)
            if key := name_key(lowered):
                terms.append((NAME_IN_CYRILLIC if CYRILLIC.search(word) else NAME_IN_LATIN) + key)
    return terms


def query_words(query: str, language: str, ukrainian_collection: bool = False) -> list[tuple[str, ...]]:
    """A query's words, each as the terms that stand for it: its stem, then (written in any case, as people type)
    the term of the place it names, and its sounds' key in the other script ("Наталья" asks for "Natālija") where it
    is written with a capital or the query is as short as a name. A word counts once, by the best of its terms a
    passage holds (kb/lexical.py). The function words of the query's own language are dropped: a Portuguese "de" or
    "para" would otherwise match Latvian words."""
    stopwords = QUERY_STOPWORDS.get(language, ())
    words = []
    typed = WORD.findall(_normalised(query))
    ukrainian = language == "uk" or reads_ukrainian(typed)
    for word in typed:
        lowered = word.casefold()
        if lowered in stopwords or not (stem := word_term(lowered, ukrainian)):
            continue
        # a Cyrillic word may be Russian or Ukrainian ("дитячий куточок" has no letter only Ukrainian has): both
        ask_other = CYRILLIC.search(word) and (ukrainian or ukrainian_collection)  # no dictionary loaded for nothing
        other_language = word_term(lowered, not ukrainian) if ask_other else ""
        # a name is written with a capital, or looked up alone ("наталья сергеева"): each key is read from disk
        named = word[:1].isupper() or len(typed) <= NAME_LOOKUP_WORDS
        place, key = place_term(lowered), name_key(lowered) if named else ""
        other_script = NAME_IN_LATIN if CYRILLIC.search(word) else NAME_IN_CYRILLIC
        words.append((stem, *([other_language] if other_language not in ("", stem) else []),
                      *([place] if place else []), *([other_script + key] if key else [])))  # fmt: skip
    return words


def reads_ukrainian(words: list[str]) -> bool:
    """Whether a text's Cyrillic words (WORD's) are Ukrainian: enough of those in small letters have a letter Russian
    lacks (UKRAINIAN_SHARE); a name's spelling says nothing of the text's language."""
    small = [word for word in words if word[:1].islower() and CYRILLIC.search(word)]
    ukrainian = sum(bool(UKRAINIAN_LETTERS.search(word)) for word in small)
    return ukrainian > 0 and ukrainian >= UKRAINIAN_SHARE * len(small)


def _normalised(text: str) -> str:
    """NFKC (composed letters, no ligatures), an amount's groups of digits joined ("4 800" is met by "4800"), one
    apostrophe."""
    joined = unicodedata.normalize("NFKC", GROUPED_NUMBER.sub(lambda number: re.sub(r"\D", "", number[0]), text))
    return joined.translate(APOSTROPHES) if APOSTROPHE.search(joined) else joined


PLACE = "@"  # opens a place's term: no word's stem starts so
# A name written in one script is met in the other: "Наталья Сергеева" in Russian minutes is "Natālija Sergejeva" in a
# Latvian report, "Олег Смирнов" is "Oļegs Smirnovs" (name_key). A name's term is tagged with the script it was
# written in, and a query's word asks for the other script's: within a script, its stem meets it already.
NAME_IN_CYRILLIC, NAME_IN_LATIN = "≈c", "≈l"
ADDED = (PLACE, "≈")  # terms added beside a word's stem: a query's count only where the collection holds them
CYRILLIC_TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "z", "з": "z", "и": "i", "й": "j",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "s", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "ju", "я": "ja",
    "і": "i", "ї": "ji", "є": "je", "ў": "u",
})  # fmt: skip
LATIN_SPELLINGS = (("shch", "s"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"), ("ts", "c"),
                   ("tz", "c"), ("w", "v"), ("x", "ks"), ("q", "k"), ("ph", "f"))  # fmt: skip
NAME_ENDING = re.compile(r"(?:am|em|im|om|um|ai|ei|oi|ui|as|es|is|os|us|a|e|i|o|u|s)$")  # a case's or gender's ending
NAME_LETTERS = 4  # a shorter word is no name to look for across scripts
NAME_LOOKUP_WORDS = 4  # a query of this many words or fewer may be a name in small letters


def place_term(word: str) -> str:
    """The term of the country or place a lower-case word names in any of its forms and languages ("ludzā",
    "лудзе" -> "@ludza"), or "". Stems are cut at five letters, so "Ludza" met "lūdzam" (we ask) and "Daugavpils"
    the river Daugava's "Daugavas"; the stem stays (it meets "Latvian" by "Latvija"), and the name's own term is
    added: it ranks the town's passages first and meets its Russian and English names."""
    canonical = _names().get(word)
    return PLACE + "_".join(fold(canonical).split()) if canonical else ""


@lru_cache(maxsize=WORD_CACHE)
def name_key(word: str) -> str:
    """A lower-case word as its sounds, alike in Latin and Cyrillic letters and across Latvian and Russian endings:
    "natālija", "наталья", "natalya" -> "natal"; "sergejevai", "сергеевой" -> "sergev"; "artjoms", "артём" ->
    "artom"; "" for a word too short."""
    if len(word) < NAME_LETTERS:
        return ""
    key = fold(word.translate(CYRILLIC_TO_LATIN)) if CYRILLIC.search(word) else fold(word)
    for spelt, sound in LATIN_SPELLINGS:
        key = key.replace(spelt, sound)
    # Ukrainian г is "h" in Latvian and English ("Григоренко": Hrihorenko, Hryhorenko), "g" from Russian (Grigorenko)
    key = key.replace("h", "g")
    key = re.sub(r"y(?=[aeiou])", "j", key).replace("y", "i").replace("j", "")  # "ya", "ja" and "я" alike
    key = re.sub(r"(.)\1+", r"\1", key)  # "yuliia" and "юлія" alike
    key = re.sub(r"i(?=[aeou])", "", key)  # "natalia" and "natala" ("наталья") alike
    while (ending := NAME_ENDING.search(key)) and ending.start() >= NAME_LETTERS:  # "artjoms", "артём": "artom"
        key = key[: ending.start()]
    return key if len(key) >= MIN_STEM and key.isalpha() else ""


@cache
def _names() -> dict[str, str]:
    from ingest.gazetteer import one_word_names

    return one_word_names()


@lru_cache(maxsize=WORD_CACHE)
def word_term(word: str, ukrainian: bool = False) -> str:
    """One case-folded word's index term, or "" for a function word: each distinct word is analysed once. A Ukrainian
    text's word is its dictionary form where the dictionary knows it (ukrainian_lemma), else its Russian stem."""
    word = word.translate(APOSTROPHES)
    if CYRILLIC.search(word):
        if word in CYRILLIC_STOPWORDS:
            return ""
        lemma = ukrainian and ukrainian_lemma(word)
        if lemma in CYRILLIC_STOPWORDS:  # "чому" is a form of "що", "йому" of "він"
            return ""
        return lemma or _russian_stemmer().stemWord(word)
    folded = fold(word)
    if folded in LATVIAN_STOPWORDS or folded in ENGLISH_STOPWORDS or len(folded) < 2:
        return ""
    return stem_latin(word)


def ukrainian_lemma(word: str) -> str:
    """A lower-case Ukrainian word's dictionary form, or "" where the dictionary does not know it: "біженці",
    "біженців", "біженцям" -> "біженець" (the Russian stemmer, blind to і, made them three terms); "пятницю", typed
    without its apostrophe -> "п'ятниця"."""
    for form in dict.fromkeys((word, DROPPED_APOSTROPHE.sub(r"\1'\2", word))):
        if simplemma.is_known(form, lang="uk"):
            return simplemma.lemmatize(form, lang="uk").casefold()
    return ""


def analyse_query(query: str, language: str) -> list[str]:
    """A query's terms, its words' (query_words) one after the other."""
    return [term for word in query_words(query, language) for term in word]


def stem_latin(word: str) -> str:
    """A lower-case Latin-script word -> its stem, diacritics folded: 'kafejnīcā' -> 'kafej'."""
    if word.isdigit():
        return word
    stem = fold(LatvianStemmer.stem(word))
    if stem == fold(word):  # no Latvian ending: try the common English ones
        for suffix in ENGLISH_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_STEM:
                stem = stem[: -len(suffix)]
                break
    return stem[:MAX_STEM]


@cache
def _russian_stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("russian")
