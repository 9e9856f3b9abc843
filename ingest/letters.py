"""A letter's formulas: the greeting that opens it and the closing before the signature.

Short lines ("Labdien!", "Ar cieņu", "Best regards", "С уважением", "Pagarbiai", "Lugupidamisega") that the readers'
heading rule would take for headings, and that a document's title would otherwise be taken from.
"""

from __future__ import annotations

import re

# A greeting ends with "!" or "," ("Cienījamie kolēģi!", "Dear partners,") or is the greeting alone ("Labdien"), so
# that a heading that starts like one ("Dārgakmeņu darbnīca", "Дороги и мосты", "History") stays a heading.
GREETING = re.compile(
    r"(?:labdien|labrīt|labvakar|sveik[ia]s?|(?:esiet )?sveicināt[iasā]|cienījam\w+|godājam\w+|dārg(?:ais|ā|ie|ās)"
    r"|mīļ(?:ais|ā|ie|ās)|hello|hi|dear|good (?:morning|afternoon|evening)|greetings|здравствуй(?:те)?"
    r"|добрый (?:день|вечер)|доброе утро|привет\w*|уважаем\w+|дорог(?:ой|ая|ие)"
    r"|gerbiam\w+|gerb\.|mieli|brangūs|laba diena(?=\s*[,!]|\s*$)|lugupeetud|tere|head (?:partnerid|kolleegid|sõbrad)"  # lt, et
    r"|hea (?:partner|kolleeg|sõber))(?:[\s,!]+\S.*[!,]|\s*[!,]?)",
    re.IGNORECASE,
)
CLOSING = re.compile(
    r"(?:ar (?:cieņu|labiem vēlējumiem|vislabākajiem vēlējumiem|(?:draudzīgiem |sirsnīgiem )?sveicieniem)"
    r"|(?:best|kind|warm) (?:regards|wishes)|regards|sincerely|yours (?:sincerely|faithfully|truly)"
    r"|с (?:уважением|наилучшими пожеланиями)|всего (?:доброго|хорошего)"
    r"|pagarbiai|su pagarba|su geriausiais linkėjimais|lugupidamisega|(?:parimate|heade) (?:soovidega|tervitustega)"
    r"|tervitustega)\b",
    re.IGNORECASE,
)
# Thanks close a letter or a talk ("Paldies par uzmanību!") but also open a report's acknowledgements: no heading, but
# what follows is no signature.
THANKS = re.compile(r"(?:(?:liels )?paldies|thank you|thanks|спасибо|благодарю|ačiū|dėkojame|aitäh|täname)\b", re.IGNORECASE)
FORMULA_WORDS = 6  # "Cienījamie projekta partneri!", "Ar cieņu, Jānis Bērziņš"
SIGNATURE_LINES = 4  # after a closing: a name, a role, an organisation, a telephone number


def letter_formula(text: str) -> str | None:
    """The kind of letter formula a short line is, "greeting", "closing" or "thanks"; None for any other line."""
    text = text.strip()
    if len(text.split()) > FORMULA_WORDS:
        return None
    if GREETING.fullmatch(text):
        return "greeting"
    if CLOSING.match(text):
        return "closing"
    return "thanks" if THANKS.match(text) else None
