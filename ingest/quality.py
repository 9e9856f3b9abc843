"""Is a page's text layer real text, or garbage a reader should OCR again?

Scanners' OCR layers lose diacritics ("Biedriba" for "Biedrība") or were read with the wrong
language ("Biedrlbas", "202Lgada"), and PDF exporters with broken font maps give mojibake
("PÄ•RSKATS", "Biedrîba"). Such a page is indexed as it is unless something notices.

The score of a page is the share of its words that read as words, less the share of words damaged
in a known way and of mojibake sequences: an unknown word may just be a name, a damaged one is
positive evidence. A word reads as a word when its stem (Lucene's light Latvian stemmer for Latin
script, Snowball's Russian one for Cyrillic) is the stem of a form in ingest/words.tsv.gz: Latvian,
English and Russian word forms from FullStack-LV and Tatoeba (scripts/build_wordlist.py). It is
damaged when it reads as a word only with the diacritics it lacks ("biedriba"), or only when its
Windows-1252 letters are read as the Windows-1257 ones they stand for ("biedrîba"). Mojibake
sequences are those ftfy's badness counts ("PÄ•RSKATS"). A page scoring below GARBLED_BELOW is
garbled; a page of fewer than MIN_WORDS words is not judged, nor one that langdetect finds to be in
another language (a Lithuanian or Portuguese partner's page knows few listed words) unless it holds
mojibake (Russian read in the wrong code page looks like Vietnamese to langdetect) or symbols between
letters (a font map shifted by a few codes: "+HL]XQJVDQODJHQ"). Words in other scripts (Arabic,
Chinese) are not counted, nor unknown words written as codes are ("RAD51", "mTORi", "UML"): neither
is a sign of damage.

Measured by scripts/calibrate_garbled.py on pages that no text in the list came from (FLORES-200
passages, the seeds, the sample corpus, good OCR of rendered pages, and those pages stripped of
diacritics, as mojibake, and OCR'd in English only): see GARBLED_BELOW.

A page in a language or variety the list lacks (Latgalian: "Školuotuoju seminars Daugpilī") scores as low as a
garbled one, and OCR tells them apart: where OCR reads the layer's words again (`agrees`), the layer was text all
along, and keeps its letters (OCR had read "Skoluotuoju").
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from ingest.enrich import CYRILLIC, detect_language

WORDS_FILE = Path(__file__).resolve().parent / "words.tsv.gz"
WORD = re.compile(r"[^\W\d_]+")
# What a PDF's text gives for a glyph its font does not map to a letter: pypdf's "/g18/g152/g135", "/uni0441", a
# "(cid:42)": each stands for a letter the page lost, and counts as a word no list knows
GLYPH_CODE = re.compile(r"/(?:g|cid|glyph)\d{1,5}|/uni[0-9A-Fa-f]{4,6}|\(cid:\d+\)")
# Letters between which a symbol stands: a font map shifted by a few codes gives "+HL]XQJVDQODJHQ" and "N|QQHQ"
BROKEN = re.compile(r"[^\W\d_][^\w\s'’\-/.,:;!?&@()\"«»„“”]+[^\W\d_]")
# A run of single characters apart ("F n e m b \\ h e h k ;"): a font map shifted and spaced letter by letter, which
# word by word judges nothing (single letters are no words); each of them counts as a word no list knows. Not a
# table of contents' leaders ("- - - - -", ". . . ."), which made a clean report's contents page "garbled" and OCR'd.
SPACED_LETTERS = re.compile(r"(?:(?<!\S)[^\s\d.\-_·…–—=*](?: |$)){6,}")
MIN_WORDS = 12  # fewer words (a title slide) say too little to judge
LISTED_LANGUAGES = ("lv", "en", "ru")  # the word list's (langdetect's codes)
# scripts/calibrate_garbled.py: with names not counted (_name_like), the lowest of 668 good pages scores 0.80, and
# 723 of 734 stripped, mojibake and wrong-language OCR pages score below 0.75 (before: good pages from 0.678, and at
# 0.64, the bar then, 712 of 734); OCR of 60-dpi images (most words right) mostly passes; pages in partner languages
# are not judged.
GARBLED_BELOW = 0.75


@dataclass(frozen=True)
class PageQuality:
    words: int  # words judged (two letters or more)
    known: int  # words whose stem the list knows
    damaged: int  # words it knows only with the diacritics they lack, or in another code page
    mojibake: int  # mojibake sequences (ftfy's badness)
    language: str = "unknown"  # langdetect's guess, asked only for a page that scores low
    broken: int = 0  # symbols between letters (BROKEN)

    @property
    def score(self) -> float:
        """(known - damaged - mojibake) / words; 1.0 when there are too few words to judge, unless they hold mojibake
        (a title slide's "Kopienas dÄrza projekts GrobiÅÄ" is damaged however short)."""
        if self.words < MIN_WORDS and not self.mojibake:
            return 1.0
        return (self.known - self.damaged - self.mojibake) / max(self.words, 1)

    @property
    def garbled(self) -> bool:
        return self.garbled_at(GARBLED_BELOW)

    def garbled_at(self, threshold: float) -> bool:
        # a partner's language is judged only when its text is broken too: a shifted font map reads as German or
        # Vietnamese to langdetect
        judged = self.language in (*LISTED_LANGUAGES, "unknown") or self.mojibake > 0 or 10 * self.broken > self.words
        return judged and self.score < threshold


AGREES = 0.7  # of a layer's words, the share OCR reads alike (diacritics aside) when the layer is text


def agrees(layer: PageQuality, layer_text: str, reading: str) -> bool:
    """Whether OCR's reading of a page repeats its layer's words (diacritics and case aside): the layer is text in a
    language the word list lacks, not garbage. Not where the layer's words are damaged in a known way (it lost its
    diacritics, or holds mojibake), as a reading of a damaged layer repeats it but for those."""
    if layer.mojibake or 10 * layer.damaged > layer.words:
        return False
    words = [fold(word.casefold()) for word in WORD.findall(unicodedata.normalize("NFC", layer_text)) if len(word) > 2]
    read = Counter(fold(word.casefold()) for word in WORD.findall(unicodedata.normalize("NFC", reading)))
    found = sum((Counter(words) & read).values())
    return bool(words) and found >= AGREES * len(words)


def mends(layer: PageQuality, reading: PageQuality) -> bool:
    """Whether another reading of a short page mends its layer's mojibake: none left, and more words known."""
    return layer.mojibake > 0 and reading.mojibake == 0 and reading.known > layer.known


def page_quality(text: str, language_below: float = GARBLED_BELOW) -> PageQuality:
    """The page's word counts; its language is detected (about 4 ms) only when it scores below language_below."""
    import ftfy.badness

    stems, stripped_stems = _vocabulary()
    text = unicodedata.normalize("NFC", text)
    # Arabic, Chinese, Thai: no list of this product's languages could know them
    matches = [m for m in WORD.finditer(text) if len(m.group()) > 1 and LISTED_SCRIPT.fullmatch(m.group().casefold())]
    capitals = sum(m.group().isupper() for m in matches) * 2 > len(matches)  # a page in capitals has no acronyms
    # Cyrillic OCR'd as Latin gives capitals inside words ("neTHeM narepe", "YuacTBoBanu": a scanner app's English
    # OCR of a Russian page); a page of such words is broken, not a page of gene names ("mTORi") nor of the tools an
    # association used ("YouTube, LinkedIn, PowerPoint": one capital inside)
    inner = sum(_cyrillic_as_latin(m.group()) for m in matches)
    camel_case = inner * 4 > len(matches)
    counted = known = damaged = 0
    for match in matches:
        word = match.group().casefold()
        stem = stem_word(word)
        if stem in stems:
            known += 1
        elif match.group().isupper() and _code_like(text, match, capitals) and not camel_case:
            continue  # an acronym ("ADU" of a project number) is no word that lost its diacritics ("ādu")
        elif stem in stripped_stems or _other_code_page(word) in stems:
            damaged += 1
        elif (_code_like(text, match, capitals) and not camel_case) or _name_like(match.group(), capitals):
            continue  # a gene, a part number, an acronym, a person's or a place's name: unknown, but no sign of damage
        counted += 1
    codes = len(GLYPH_CODE.findall(text))
    spaced = sum(len(run.split()) for run in SPACED_LETTERS.findall(text))
    broken = len(BROKEN.findall(text)) + spaced + (inner if camel_case else 0)
    quality = PageQuality(counted + codes + spaced, known, damaged, ftfy.badness.badness(text), broken=broken)
    if quality.score < language_below and codes * 2 < quality.words:  # glyph codes are no language (langdetect: Tagalog)
        quality = replace(quality, language=detect_language(text))
    return quality


def known_words(text: str, shortest: int = 3) -> int:
    """How many of the text's words of shortest letters or more read as words (their stem is a listed form's)."""
    stems, _ = _vocabulary()
    words = (match.group().casefold() for match in WORD.finditer(unicodedata.normalize("NFC", text)))
    return sum(stem_word(word) in stems for word in words if len(word) >= shortest)


LISTED_SCRIPT = re.compile(r"[a-z\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff]+")  # Latin and Cyrillic, lower case


def _inner_capital(word: str) -> bool:
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


def _cyrillic_as_latin(word: str) -> bool:
    """Two capitals or more inside a word of small letters: "neTHeM", "YuacTBoBanu" (not "YouTube", nor "ESTO")."""
    return _inner_capital(word) and sum(letter.isupper() for letter in word[1:]) >= 2


def _code_like(text: str, match: re.Match, capitals: bool) -> bool:
    """A word written as codes are: a capital after a small letter ("mTORi", "HydroJunction"), or of up to eight
    letters beside a digit ("RAD51", "NIHOVCAR3") or in capitals on a page that is not ("UML", "OVCAR")."""
    word, start, end = match.group(), match.start(), match.end()
    if _inner_capital(word):
        return True
    beside_digit = (start > 0 and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit())
    return len(word) <= 8 and (beside_digit or (word.isupper() and not capitals))


# Scripts by the first word of a letter's Unicode name; East Asian scripts mix within a word as one ("東京タワー")
SCRIPTS = frozenset(
    "LATIN CYRILLIC GREEK ARMENIAN HEBREW ARABIC SYRIAC THAANA NKO SAMARITAN MANDAIC DEVANAGARI BENGALI GURMUKHI GUJARATI "
    "ORIYA TAMIL TELUGU KANNADA MALAYALAM SINHALA THAI LAO TIBETAN MYANMAR GEORGIAN ETHIOPIC CHEROKEE KHMER MONGOLIAN".split()
)
EAST_ASIAN = frozenset({"CJK", "HANGUL", "HIRAGANA", "KATAKANA", "BOPOMOFO"})


def mixed_scripts(text: str) -> int:
    """Words whose letters come from two scripts or more: a CID font's codes read as letters give "ӝ߸ࣿചী" (Cyrillic,
    N'Ko, Malayalam, Bengali) where the page says "보안기술"; real words keep to one script."""
    return sum(len({_script(letter) for letter in word} - {None}) > 1 for word in WORD.findall(text))


def scripts(text: str) -> set[str]:
    """The scripts of at least 3 % of a text's letters: a Japanese CID font pypdf maps to letters gives Greek, Latin,
    Cyrillic, Arabic, Kannada, Tamil and Thaana at once (pdfminer's kampo.pdf), the same page read by PDFium CJK and
    Latin."""
    counts = Counter(_script(letter) for letter in text if letter.isalpha())
    counts.pop(None, None)
    total = sum(counts.values())
    return {script for script, count in counts.items() if count >= 0.03 * total}


@lru_cache(maxsize=10_000)
def _script(letter: str) -> str | None:
    name = unicodedata.name(letter, "").split(" ")[0]
    return "CJK" if name in EAST_ASIAN else name if name in SCRIPTS else None


def reads_better(layer: str, other: str) -> bool:
    """Whether another reader's text of a page (PDFium's) should replace the layer's (pypdf's): the layer is empty,
    garbled, mixes scripts within 3 % of its words (a formula's "nε" is one word in hundreds) or spreads its letters
    over three scripts or more, and the other text is not (a third as many mixed words at most, fewer scripts), loses
    no letters (a glyph code stands for one; a layer of letters from several scripts may hold two for each of the other
    reading's), and is judged good where the layer was empty or garbled. A page in three scripts that both read alike
    (a multilingual greeting) stays as it is."""
    kept = letters(other) / max(1, letters(layer) + len(GLYPH_CODE.findall(layer)))
    if not WORD.search(other) or kept < 0.5:
        return False
    judged = page_quality(other)
    judged_good = judged.words >= MIN_WORDS and not judged.garbled
    if not WORD.search(layer):
        return judged_good
    quality = page_quality(layer)
    if quality.garbled:
        return kept >= 0.9 and judged_good and judged.score > quality.score
    if judged.garbled:
        return False
    mixed = mixed_scripts(layer)
    if kept >= 0.9 and mixed >= 2 and mixed >= 0.03 * len(WORD.findall(layer)) and 3 * mixed_scripts(other) <= mixed:
        return True
    spread = len(scripts(layer))
    return spread >= 3 and len(scripts(other)) < spread


def _name_like(word: str, capitals: bool) -> bool:
    """A capital and then up to 14 small letters on a page not in capitals ("Schuette", "Alcona"): a name no list
    knows. OCR's damage to such a word ("Biedrlbas") is rare beside its damage to the page's other words; words a
    layer glued together ("Thinkofyourfavorite") are longer."""
    return not capitals and len(word) <= 15 and word[0].isupper() and word[1:].islower()


def letters(text: str) -> int:
    """The letters of a text, glyph codes ("/g18") aside: OCR that reads far fewer than a layer has lost text."""
    return sum(char.isalpha() for char in GLYPH_CODE.sub("", text))


def _other_code_page(word: str) -> str:
    """The stem of the word with its Windows-1252 bytes read as Windows-1257: 'biedrîba' -> 'biedrīb'."""
    try:
        repaired = word.encode("cp1252").decode("cp1257")
    except UnicodeError:
        return ""
    return stem_word(repaired.casefold()) if repaired != word else ""


L_FOR_CAPITAL_I = re.compile(r"(?<!\w)l([^\W\d_]{4,})")  # "leguvumi": a word OCR began with l, perhaps for I


def mend_capital_i(text: str) -> str:
    """OCR's small l for a word's capital I, mended where only the I reads as a word: "leguvumi" -> "Ieguvumi",
    "leteikums" -> "Ieteikums", "lranas" -> "Iranas" (Tesseract reads a sans-serif I as l); "lapa" stays."""
    stems, stripped = _vocabulary()

    def mended(match: re.Match) -> str:
        word, rest = match.group(), match.group(1)
        as_read = stem_word(word.casefold())
        if as_read in stems or as_read in stripped or stem_word("i" + rest.casefold()) not in stems:
            return word
        return "I" + rest

    return L_FOR_CAPITAL_I.sub(mended, text)


@lru_cache(maxsize=100_000)
def stem_word(word: str) -> str:
    """A lower-case word's stem: Snowball Russian for Cyrillic, Lucene's light Latvian stemmer otherwise.

    ingest/words.tsv.gz stores these stems: run scripts/build_wordlist.py after changing this.
    """
    if CYRILLIC.search(word):
        return _russian_stemmer().stemWord(word)
    import LatvianStemmer

    return LatvianStemmer.stem(word)


@cache
def _russian_stemmer():
    import Stemmer

    return Stemmer.Stemmer("russian")


@cache
def _vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """The stems of the listed forms, and those of the stems with diacritics written without them."""
    stems = set()
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("#"):
                stems.add(line.rstrip("\n").split("\t")[-1])  # "word" or "word<TAB>stem"
    stripped = {fold(stem) for stem in stems if not stem.isascii() and not CYRILLIC.search(stem)} - stems
    return frozenset(stems), frozenset(stripped)


def fold(word: str) -> str:
    """The word without its diacritics: 'biedrīb' -> 'biedrib'."""
    decomposed = unicodedata.normalize("NFKD", word)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
