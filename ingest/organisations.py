"""Organisations and partners a document's text names: after a legal form ("biedrība „X”", "общество «X»", "VšĮ
X"), with a partner's own legal form ("Asociación Juvenil Horizonte"), an English name ending in what it is ("Oulu Adult
Education Centre"), under a label ("Organizācija: X"); partners after "partneris:", "host organisation -".
"""

from __future__ import annotations

import re
import unicodedata

from ingest.gazetteer import is_geographic
from ingest.metadata import UPPER, unique

_LEGAL_FORM = (
    r"biedrīb(?:as|ai|ām|a|u|ā)|biedreib(?:ys|ai|a|u|ā)|nodibinājum(?:am|s|a|u|ā)|asociācij(?:as|ai|a|u|ā)"  # Latgalian too
    r"|fond(?:am|s|a|u|ā)|association|foundation|ngo"
    r"|ассоциаци[яиюей]|обществ(?:ом|о|а|у|е)|фонд(?:ом|а|у|е)?|нко|нго|биедриб[аыеуой]"
    r"|общественн(?:ая|ой|ую) организаци[яиюей]|объединени[еяюи]|союз(?:ом|а|у|е)?|клуб(?:ом|а|у|е)?"
    r"|громадськ(?:а|ої|ій|у|ою) організаці(?:я|ї|ю|єю)|асоціаці(?:я|ї|ю|єю)|товариств(?:о|а|у|ом|і)"  # Ukrainian
    r"|благодійн(?:ий|ого|ому|им) фонд(?:у|ом|і)?|(?-i:ГО)"
    r"|asociacij(?:os|oje|ai|ą|a|u)|(?-i:VšĮ)|viešoji įstaiga|viešosios įstaigos|viešajai įstaigai|viešąją įstaigą"  # Lithuanian
    r"|bendruomen(?:ės|ėje|ei|ę|ė)|bendrij(?:os|oje|ai|ą|a)|labdaros(?: ir paramos)? fond(?:as|o|ui|ą|e)"
)
# "fonda", "союз", "клуб" name an organisation only before its quoted name; Lithuanian "asociacija X" is a partner's
# own form (_PARTNER_FORM), "kaimo bendruomenė" a village's community
_QUOTED_ONLY = ("fond", "союз", "объедин", "клуб", "asociacij", "bendruomen", "bendrij")
# One line break may fall inside quotes: "„Latvijas Vieglatlētikas\nveterānu asociācija”" is one name.
_QUOTED_NAME = r"[„\"«“”]\s*([^„\"«»“”\n]{1,100}?(?:\n[^„\"«»“”\n]{1,100}?)?)\s*[”\"»“]"
_NAME_WORD = rf"(?:[dl]['’])?[{UPPER}][\w&'’-]*"  # "d'Ardèche" too
_CONNECTOR = r"(?:de|da|do|dos|das|del|des|du|di|la|van|von|der|of|and|for|the|un|und|и)"  # lowercase, between capitals
_BARE_NAME = rf"({_NAME_WORD}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?{_NAME_WORD}){{0,5}})"
# the legal form said again in the other language between them: "общества (biedrība) «Аистёнок»"; what kind, in
# Russian or Ukrainian words of small letters in the genitive: "Общество русской культуры «Родник»", "Спілка
# ветеранів «...»"; not a verb and what it did: "Общество провело фестиваль «...»", "Фонд поддержал проект «...»"
_KIND_WORD = r"[а-яёіїєґ'-]+(?:ой|ей|ых|их|ов|ев|ёв|ы|и|ої|ів|їв|ій|ий|і)(?<!ли)(?<!ти)(?<!ті)"
_KIND_WORDS = rf"(?:[ \t]+{_KIND_WORD}){{0,3}}"
ORGANISATION = re.compile(
    rf"(?<!\w)(?i:({_LEGAL_FORM}))(?:(?:\s*\([^()\n]{{1,30}}\))?(?-i:{_KIND_WORDS})\s+{_QUOTED_NAME}|[ \t]+{_BARE_NAME})"
)
# Partners' own legal forms, part of their names: "Asociación Juvenil Horizonte", "Associação Cultural Fios de Tradição"
_PARTNER_FORM = re.compile(
    rf"(?<!\w)(?:Asociaci[óo]n|Associa[çc][ãa]o|Associazione|Fundaci[óo]n|Funda[çc][ãa]o|Fondazione|Stowarzyszenie"
    rf"|Fundacja|Asociacija|MTÜ|[Mm]ittetulundusühing(?:u|ule|us|ust|uga)?|[Ss]ihtasutus(?:e|ele|es|est|ega)?|Verein)"
    rf"[ \t]+{_BARE_NAME}"
)
# an Estonian legal form in another case is the same organisation's: "Mittetulundusühingu Karula Külakeskus juhatus"
_NOMINATIVE_FORM = re.compile(r"^([Mm]ittetulundusühing|[Ss]ihtasutus)\w*")
# English names that end in what they are: "Oulu Adult Education Centre", "Alūksne Youth Council"
_NAMED_FIRST = re.compile(
    rf"(?<![\w-])((?:{_NAME_WORD}[ \t]+(?:{_CONNECTOR}[ \t]+)?){{1,5}}(?:Centre|Center|Association|Foundation|Society"
    rf"|Council|Institute|College|Network|Federation|Cooperative|Club))\b"
)
_ARTICLE = re.compile(r"^(?:The|A|An|Our|This|That|Each|Every)\s+")
# Words that say what kind of place, not which one: "the Youth Council met", "a Community Centre" name no organisation
_GENERIC = frozenset(
    "youth community education adult adults cultural culture village women senior seniors local regional national "
    "european international volunteer volunteers training research social sports art arts music heritage rural "
    "municipal city town parish student students family health learning resource information visitor day care "
    "partner partners project and of for the".split()
)


# A line naming whose a practice or project is, as compendia and application forms write it: "Organizācija:
# Kylätoiminta ry", "Implementing organisation – Irish Rural Link" (not a host's or a partner's); a coordinator or lead
# partner only by a name with its legal form ("Koordinatorius: VšĮ „X“", not "Koordinatorius: Jonas Petrauskas")
_ORGANISATION_LABEL = re.compile(
    r"(?im)^[ \t]*(?:organizācija|organizacija|organisatsioon|organisation|organization|организация|īstenotājs"
    r"|projekta īstenotājs|implementing organi[sz]ation|(koordinatorius|koordinaator|lead partner|vadošais partneris))"
    r"[ \t]*(?::|[ \t][-–—][ \t])[ \t]*([^\n;]{3,80}?)"
    r"[ \t]*(?:$|(?=[ \t][^\W\d_]+:))"  # to the line's end or the next label ("... In Loco Valsts: Portugāle")
)


def find_labelled_organisations(text: str, names_only: bool = False) -> list[str]:
    """The organisations a line names under its label ("Organizācija: Kylätoiminta ry"), as the name its legal form
    gives, if any ("Biedrība „Lauku ceļotājs”": "Lauku ceļotājs"), else the whole value when it reads as a name: a
    feedback form's "Organizācija: ļoti laba, ..." or "Organization - 5 out of 5" rates how an event was organised.
    names_only: the label is known to name organisations (a compendium's other practices' do), so any value that
    could be a name is one ("Kauno bendruomenių centras")."""
    names = []
    for match in _ORGANISATION_LABEL.finditer(text):
        role, value = match.group(1), match.group(2).strip(" .,")
        if named := find_organisations(value, labelled=False):
            names.append(named[0])
        elif role:
            continue
        elif _could_be_a_name(value) if names_only else _reads_as_a_name(value):
            names.append(value)
    return unique(names, key=str.casefold)


def _could_be_a_name(value: str) -> bool:
    """At most eight words, the first capitalised, no clause after a comma."""
    starts = value[:1].isupper() or value[:1] in "\"'„“«"
    return starts and len(value.split()) <= 8 and not re.search(r",\s*[^\W\d_]*[a-zа-яā-ž]", value)


def _reads_as_a_name(value: str) -> bool:
    """At most eight words, the first capitalised, no clause after a comma, and: every word capitalised ("Irish Rural
    Link"; two only when not both are listed words: not "Very Good"), an acronym ("ESTO"), most capitalised and one no
    word list has, or most no word list has (not "Ļoti laba", "Well organised", "Excellent")."""
    from ingest.quality import known_words

    words = value.split()
    if not _could_be_a_name(value):
        return False
    capitals, known = sum(word[:1].isupper() or word[:1] in "\"'„“«(" for word in words), known_words(value, shortest=1)
    title_case = capitals == len(words) > 2 or capitals == len(words) == 2 > known  # not "Very Good"
    if title_case or (len(words) == 1 and value.isupper() and len(value) > 1):
        return True  # "Irish Rural Link", "Spolek Venkov", "ESTO"
    # most of its words capitalised and one no list has ("Asociația Dor de Sat"), or most no list has ("Kylätoiminta ry")
    return (2 * capitals > len(words) and known < len(words)) or 2 * known < len(words)


def find_organisations(text: str, foreign: bool = True, labelled: bool = True) -> list[str]:
    """Names after a legal-form word: quoted ("Biedrība „X”"), or capitalised words ("biedrībai ESTO"); and (foreign)
    a partner's name with its own legal form ("Asociación Juvenil Horizonte") and an English one ending in what it is
    ("Oulu Adult Education Centre"); and (labelled) one a line names under its label ("Organizācija: Irish Rural
    Link"); in the order the text names them."""
    found = []  # (where, name)
    for match in _ORGANISATION_LABEL.finditer(text) if labelled else ():
        found += [(match.start(), name) for name in find_labelled_organisations(match.group())]
    for match in ORGANISATION.finditer(text):
        legal_form, quoted, bare = match.groups()
        if bare and legal_form.lower().startswith(_QUOTED_ONLY):
            continue  # "Sabiedrības integrācijas fonda", "союз с Литвой": only with a quoted name
        found.append((match.start(), quoted or bare))
    found += [(match.start(), _NOMINATIVE_FORM.sub(r"\1", match.group())) for match in _PARTNER_FORM.finditer(text) if foreign]
    for match in _NAMED_FIRST.finditer(text) if foreign else ():
        name = _ARTICLE.sub("", match.group(1))
        if any(word.casefold() not in _GENERIC for word in name.split()[:-1]):
            found.append((match.start(), name))
    names = [" ".join(name.split()) for _, name in sorted(found)]
    return unique([name for name in names if any(c.isalpha() for c in name) and not is_geographic(name)], key=str.casefold)


# "Projekta partneris: Pašvaldība X", "uzņemošajā organizācijā - pašvaldībā X", "Partner organisation: X",
# "9 partneri no 5 valstīm - Latvijas, Lietuvas, ..." ("9 partners from 5 countries: ..."): as written.
_PARTNER_LABEL = (
    r"partner\w*|uzņēmēj\w*\s+organizācij\w*|uzņemoš\w*\s+organizācij\w*|host(?:ing)?\s+organi[sz]ation\w*"
    r"|nosūtoš\w*\s+organizācij\w*|sending\s+organi[sz]ation\w*|партн[её]р\w*|принимающ\w*\s+организаци\w*"
)
_NOT_LEAD = r"(?<![Ll]ead )(?<![Vv]adošais )"  # a lead partner is the author (_ORGANISATION_LABEL)
_PARTNER_LINE = re.compile(rf"{_NOT_LEAD}(?i:{_PARTNER_LABEL})[ \t]*(?::|[ \t][-–—][ \t])[ \t]*([^\n]{{3,120}})")
_NAME_LETTERS = r"(?:[\w&'’-]|\.(?=\S))*"  # a name's word: "S.A.", "e.V.", not "Somijā. Viņa" (a sentence's end)
# ... or a name of two words or more in capitals right after the word, without a colon: "kur uzņēma partneris
# Associação Rede Local" (one word is a place or a programme: "partneri Somijā", "partneri Erasmus projektos")
_PARTNER_NAMED = re.compile(
    rf"{_NOT_LEAD}(?i:{_PARTNER_LABEL})[ \t]+"
    rf"([{UPPER}]{_NAME_LETTERS}(?:[ \t]+(?:[{UPPER}]{_NAME_LETTERS}|de|da|do|of|and|für|и)){{1,6}})"
)
# A partner's description after its name ("Udruga Mali Korak, a community centre"; ", pieaugušo izglītības centrs"),
# not the next partner of a list, whose legal form is written in small letters (", biedrība X", ", and Y", ", фонд Z")
_NEXT_PARTNER = (rf"(?i:{_LEGAL_FORM}|pašvaldīb\w*|skol\w*|союз\w*|объединени\w*|школ\w*|and|un|kā\s+arī|и|а\s+также)"
                 rf"\s+[{UPPER}„\"«“]")  # a legal form or "and", then a name: the next partner
_DESCRIPTION = re.compile(rf",\s+(?!{_NEXT_PARTNER})(?:(?:a|an|the)\s|[a-zāčēģīķļņšūžа-яё]).*$")
_PARTNER_COUNT = re.compile(
    r"\b\d+\s+(?:partner\w*|партн[её]р\w*)\s+(?:no|from|из)\s+\d+\s+\w+\s*[-–:]?\s*[^.\n]{3,120}", re.IGNORECASE
)


def find_partners(text: str) -> list[str]:
    """The project's partners as the text names them: after "partneris:", "host organisation -" (without what
    describes them), a name in capitals right after "partneris", or a count of partners with their countries ("9
    partneri no 5 valstīm - Latvijas, ...")."""
    found = [(m.start(), _DESCRIPTION.sub("", m.group(1))) for m in _PARTNER_LINE.finditer(text)]
    found += [(m.start(), m.group(1)) for m in _PARTNER_NAMED.finditer(text)
              if not _PARTNER_LINE.match(text, m.start()) and not is_geographic(m.group(1))  # "partneri Koimbras ..."
              and not is_geographic(m.group(1).split()[0])]  # "partneris Latvijā Tobijs Mūrs": where, then a person
    found += [(m.start(), m.group()) for m in _PARTNER_COUNT.finditer(text)]
    names = [" ".join(value.split()).strip(" ,;.-–") for _, value in sorted(found)]
    return unique((name for name in names if any(c.isalpha() for c in name)), key=partner_key)


def partner_key(name: str) -> str:
    """One partner written twice ("Pašvaldība DE ALQUEIDÃO", "pašvaldībā De Alqueidao") has one key: the
    name's end, case and diacritics folded (the start is often a legal form in some grammatical case)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))[-20:]
