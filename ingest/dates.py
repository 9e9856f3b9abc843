"""Dates and years a document's text names: written-out dates and ranges in Latvian (Latgalian too), English, Russian,
Ukrainian, Lithuanian and Estonian, four-digit years, and which years a project ran (find_project_years) as against
those of a foundation, a programme's period or the background (find_background_years).
"""

from __future__ import annotations

import re

from ingest.programmes import PROGRAMMES
from ingest.project_numbers import find_project_numbers

_MONTH_LV = r"(?:janvār|februār|mart|aprī[lļ]|maij|jūnij|jūlij|august|septembr|oktobr|novembr|decembr)[a-zāēīū]*"
_MONTH_EN = (  # capitalised: "may" is a verb
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)
_MONTH_RU = r"(?:(?:январ|феврал|март|апрел|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*|ма[йяюе]\b)"  # not "Маяк"
_MONTH_UK = r"(?:січн|лют|березн|квітн|травн|червн|липн|серпн|вересн|жовтн|листопад|грудн)[а-яіїє]*"
# Lithuanian months in the genitive ("kovo", "liepos"); Estonian ones in any case ("märtsil", "septembrist", "maini")
_MONTH_LT = r"(?:sausio|vasario|kovo|balandžio|gegužės|birželio|liepos|rugpjūčio|rugsėjo|spalio|lapkričio|gruodžio)"
_MONTH_ET_NOMINATIVE = r"(?:jaanuar|veebruar|märts|aprill|mai|juuni|juuli|august|september|oktoober|november|detsember)"
_MONTH_ET = (r"(?:(?:jaanuari?|veebruari?|märtsi?|aprilli?|mai|juuni|juuli|augusti?|septembri|oktoobri|novembri|detsembri)"
             rf"(?:s|st|sse|le|l|lt|ks|ni)?|{_MONTH_ET_NOMINATIVE})")
_DAYS = r"\d{1,2}(?:\s?[-–]\s?\d{1,2})?"  # 6-10
# 3-9, с 3 по 9, с 28 февраля по 2 (марта)
_DAYS_RU = rf"(?:с\s)?\d{{1,2}}(?:\s?[-–]\s?\d{{1,2}}|\sпо\s\d{{1,2}}|\s{_MONTH_RU}\sпо\s\d{{1,2}})?"
_MONTH_RU_SHORT = r"(?:янв|февр?|мар|апр|июн|июл|авг|сент?|окт|нояб?|дек)\."  # 1 сент. 2019
_WRITTEN_DATE = re.compile(
    r"\b\d{1,2}\.(?:\s?[-–]\s?\d{1,2}\.)?\s?\d{1,2}\.\s?(?:19|20)\d\d\b"  # 21.-22.11.2016, 14.07.2016
    r"|\b\d{1,2}\.\d{1,2}\.\d\d\.?\s?[-–]\s?\d{1,2}\.\d{1,2}\.\d\d\b\.?"  # 01.06.23. -31.05.24. (a period)
    rf"|\b(?:19|20)\d\d\.\s?gada\s+(?:\d{{1,2}}\.\s?)?(?:{_MONTH_LV}\s+)?līdz\s+(?:(?:19|20)\d\d\.\s?gada\s+)?"
    rf"(?:\d{{1,2}}\.\s?)?{_MONTH_LV}"  # (no) 2023. gada 14. līdz 20. maijam, 2022. gada aprīļa līdz 2023. gada oktobrim
    # 2024.gada 7. - 16.marts; Latgalian's "2023 goda 18. novembrī"
    rf"|\b(?:19|20)\d\d(?:\.\s?gada|\.?\s?goda)\s+(?:\d{{1,2}}\.(?:\s?[-–]\s?\d{{1,2}}\.)?\s?)?{_MONTH_LV}"
    r"|\b(?:19|20)\d\d-\d\d-\d\d\b"  # 2024-03-05
    rf"|\b(?:{_DAYS}\s)?{_MONTH_EN},?\s(?:{_DAYS},?\s)?(?:19|20)\d\d\b"  # 6-10 May 2023, March 12, 2024
    rf"|(?<!\w)(?:{_DAYS_RU}\s)?(?:{_MONTH_RU}|{_MONTH_RU_SHORT})\s(?:19|20)\d\d\b"  # 9 июня 2023, с 3 по 9 марта 2024
    rf"|(?<!\w)(?:{_DAYS}\s)?{_MONTH_UK}\s(?:19|20)\d\d\b"  # 14 березня 2023 (року)
    rf"|\b(?:19|20)\d\d\s?m\.\s+{_MONTH_LT}(?:\s+{_DAYS}\s?d\.)?"  # 2023 m. kovo 14 d., 2024 m. liepos 8–16 d.
    # 10.–18. juulil 2022, 1. septembrist 2022, märts 2023; 2023. aasta märtsis
    rf"|\b\d{{1,2}}\.(?:\s?[-–]\s?\d{{1,2}}\.)?\s?{_MONTH_ET}\s(?:19|20)\d\d\b|\b{_MONTH_ET_NOMINATIVE}\s(?:19|20)\d\d\b"
    rf"|\b(?:19|20)\d\d\.\s?aasta\s+{_MONTH_ET}(?!\w)",
    re.IGNORECASE,
)
_SHORT_YEAR = re.compile(r"\d{1,2}\.\d{1,2}\.(\d\d)\b")


# A day without its year: "12. maijā", "14.07.", "2023. gadā", "12 мая", "12 May", "May 12"
_DAY = re.compile(
    r"\d{1,2}\.\s?\d{1,2}\.|(?:19|20)\d\d\.?\s?(?:gad|g\.)|\d{1,2}\.\s?(?:janv|febr|mart|apr|maij|jūn|jūl|aug|sept|okt|nov|dec)"
    rf"|(?<!\w)\d{{1,2}}\s(?:{_MONTH_RU}|{_MONTH_RU_SHORT}|{_MONTH_UK})|\b\d{{1,2}}\s{_MONTH_EN}|\b{_MONTH_EN}\s\d{{1,2}}\b"
    rf"|\b{_MONTH_LT}\s\d{{1,2}}\s?d\.|\b\d{{1,2}}\.\s?{_MONTH_ET}(?!\w)",  # kovo 14 d., 14. märtsil
    re.IGNORECASE,
)


def names_a_day(text: str) -> bool:
    """Whether a text names a day: a written-out date (find_dates) or a day without its year ("12. maijā", "12 мая",
    "12 May"); a year alone ("Mobilitāte uz Slovēniju 2023") names none."""
    return bool(_WRITTEN_DATE.search(text) or _DAY.search(text))


def find_dates(text: str) -> list[str]:
    """Written-out dates and date ranges, as written (white space tidied): 21.-22.11.2016, 2016.gada 6.jūlijs."""
    return [" ".join(match.split()) for match in _WRITTEN_DATE.findall(text)]


def date_years(date: str) -> list[int]:
    """The years a date found by find_dates is in: '01.06.23. -31.05.24.' -> [2023, 2024]."""
    return find_years(date) or sorted({2000 + int(year) for year in _SHORT_YEAR.findall(date)})


# Four-digit years only ("01.06.23." is not a year); not an amount ("2000 EUR", "Summa: 2015.00"; "2023.10" is a
# month), a length ("Maksimums 2000 rakstzīmes") or a regulation's number ("(ES) 2016/679", "Nr. 1303/2013")
_YEAR = re.compile(
    r"(?<!\d)(?<!(?<!\d)\d{3}/)(?<!(?<!\d)1[0-8]\d\d/)(199\d|20[0-3]\d)"
    r"(?!\d|\s?(?i:eur\b|€|euros?\b|eiro\b|rakstzīm|rakstu\s+zīm|zīmes\b|zīmju\b|chars?\b|characters?\b|words\b"
    r"|vārd(?:i|u|iem)\b|знак|символ|слов\b)|/(?!(?:19|20)\d\d)\d{3,}|[.,](?!0[1-9]|1[0-2])\d\d(?!\d|\.\d))"
)
# "tālr. 2034 5678", "Tālrunis: 2029 1144", "+371 2034 5678" (not "mobilitāte 2023", "Hotel 2023")
_PHONE_BEFORE = re.compile(
    r"(?:(?<!\w)(?i:(?:tel|tālr|mob|тел)\.|telef\w*|tālrun\w*|phone|mobile|mobilais|телефон\w*)\s*:?|\+\d{3})\s*$"
)


def find_years(text: str) -> list[int]:
    """Years 1990-2039 written with four digits, ascending."""
    return sorted({int(year) for year in _YEAR.findall(text)})


# A period written as years: "(2023/2024)", "2016/2017", "2021-2027" (not a project number's start).
YEAR_RANGE = re.compile(r"(?<![\d-])((?:19|20)\d\d)\.?\s?[/–-]\s?((?:19|20)\d\d)(?![\d-])")  # "2021.–2022. gadā" too
# Years that date the organisation or the background, not the project: "dibināta 2010.gadā", "kopš 2005.gada",
# "founded in 2013", "основано в 1998 году", "заснована у 2014 році", "с 2005 года", "įkurta 2005 m.", "asutatud 2011.
# aastal" (not "nuo 2022 iki 2023", "alates 2022. aastast kuni 2023": from ... to)
_FOUNDED = r"dibināt|founded|established|основан|заснован|įkurt|įsteigt|asutat"
_NOT_PROJECT_YEAR = re.compile(
    rf"(?:{_FOUNDED}|reģistrēt|registered|since|kopš|зарегистр|зареєстр|pirms|(?<!\w)[сз](?=\s*$))\w*"
    r"(?:\s+(?:in|в|у))?\W{0,3}$",
    re.IGNORECASE,
)
_FOUNDED_YEAR = re.compile(rf"(?:{_FOUNDED})\w*(?:\s+(?:in|в|у))?\W{{0,3}}$", re.IGNORECASE)


# A programme's or a plan's period, not a project's: "Erasmus+ programma 2021-2027", "Interreg V-A 2014-2020",
# "programming period 2021-2027", "Nacionālais attīstības plāns 2021.–2027. gadam" (not "Erasmus+ projekts 2022/2023")
_PROGRAMME_BEFORE = re.compile(
    rf"(?:{'|'.join(PROGRAMMES.values())}|programm\w*|программ\w*|plānošanas\s+period\w*|programming\s+period"
    r"|plān\w*|stratēģij\w*|pamatnostādn\w*|strateg\w*|plan|agenda|план\w*|стратеги\w*)"  # a national plan's too
    r"(?:[ \t]+(?!projekt|project|проект)[^\W\d][\w+-]*){0,2}[ \t:]*$",  # at most two words between
    re.IGNORECASE,
)


PERIOD_YEARS = 8  # a longer period written as years is no project's: its years are not each counted
PROGRAMME_YEARS = 4  # a programme's period is this many years or more (Nordplus 2018-2022, Erasmus+ 2021-2027); a
# project's, fewer ("Pasākumu programma 2023-2024", "Programmā 2022-2023 piedalījās 40 jaunieši")


def _programme_periods(text: str) -> list[tuple[int, int]]:
    """Where the text writes a programme's period."""
    return [match.span() for match in YEAR_RANGE.finditer(text) if int(match[2]) - int(match[1]) >= PROGRAMME_YEARS
            and _PROGRAMME_BEFORE.search(text, max(0, match.start() - 60), match.start())]  # fmt: skip


def find_project_years(text: str, project_number: str | None = None) -> list[int]:
    """The years a project ran, ascending: from its dates ("01.06.23. -31.05.24.", "2016.gada jūlijā"), its
    number's call year (2023-1-LV01-...) and periods written as years ("(2023/2024)"); a period right after
    another project's number is that project's. Years of foundation or background ("kopš 2005.gada") are not."""
    years = {year for match in _WRITTEN_DATE.finditer(text) for year in date_years(match.group())
             if not _FOUNDED_YEAR.search(text, max(0, match.start() - 20), match.start())}  # "dibināta 2005. gada 12. martā"
    if project_number and re.match(r"(?:19|20)\d\d-", project_number) and project_number in find_project_numbers(text):
        years.add(int(project_number[:4]))
    periods = _programme_periods(text)
    for match in YEAR_RANGE.finditer(text):
        named_before = find_project_numbers(text[max(0, match.start() - 60) : match.start()])
        if named_before and project_number not in named_before:
            continue
        if _NOT_PROJECT_YEAR.search(text, max(0, match.start() - 20), match.start()) or match.span() in periods:
            continue
        first, last = int(match.group(1)), int(match.group(2))
        years.update(range(first, last + 1) if last - first < PERIOD_YEARS else ())
    return sorted(years)


def find_background_years(text: str, only_founding: bool = False) -> list[int]:
    """Years written with four digits, except those of foundation ("dibināta 2010.gadā"), of a programme's period
    ("Erasmus+ 2021-2027") and (unless only_founding:
    a document's years for the filter, "Проєкт триває з 2023 року" among them) "since" ones."""
    not_wanted = _FOUNDED_YEAR if only_founding else _NOT_PROJECT_YEAR
    periods = _programme_periods(text)
    return sorted({int(m[1]) for m in _YEAR.finditer(text) if not not_wanted.search(text, max(0, m.start() - 20), m.start())
                   and not _PHONE_BEFORE.search(text, max(0, m.start() - 12), m.start())
                   and not any(start <= m.start() < end for start, end in periods)})  # fmt: skip
