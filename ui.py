"""What the app shows besides documents: labels in English and Latvian, and safe rendering of document text.

Document text is never translated or altered, and never rendered as HTML without escaping.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from ingest.tag import load_taxonomy
from kb.analysis import analyse

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "NGO lessons learned",
        "caption": "Search good practices and advice from NGO project reports, in Latvian, English or Russian.",
        "search": "Search",
        "placeholder": "e.g. how did others find project partners?",
        "empty": "Type a question in any language. The index holds {documents} documents, {passages} passages.",
        "no_hits": "No passages match this search. Try other words or remove filters.",
        "filters": "Filters",
        "language": "Language",
        "document": "Document",
        "organisation": "Organisation",
        "year": "Year",
        "theme": "Theme",
        "kind": "Kind of knowledge",
        "country": "Country",
        "cards_tab": "Practice cards",
        "cards_intro": "One card per document or project: what it did, advised and achieved, each with its page.",
        "no_cards": "No card matches these choices.",
        "practices": "Practices",
        "recommendations": "Recommendations",
        "results": "Results",
        "by_theme": "Passages by theme",
        "any": "any",
        "matched": "Matched by",
        "weak": "nearest, but not a close match",
        "all_weak": "Nothing in the knowledge base answers this closely. These are the nearest passages.",
        "meaning": "meaning",
        "keywords": "keywords",
        "context": "Read in context",
        "download": "Download the original file",
        "collect": "Add to handout",
        "handout": "Handout",
        "handout_empty": "Tick hits to collect them here.",
        "handout_md": "Download Markdown",
        "handout_csv": "Download CSV",
        "clear": "Clear handout",
        "more": "Show more",
        "shown": "{count} passages shown for “{query}”",
        "cannot_open": "The knowledge base cannot be opened.",
        "how_to_build": (
            "Build it with `make run` (it indexes `corpus/`), or `kb ingest FOLDER --index DIR` and set KB_INDEX=DIR."
        ),
        "interface": "Interface language",
        "search_tab": "Search",
        "library_tab": "Library",
        "add_tab": "Add documents",
        "similar": "More like this",
        "documents": "Documents",
        "skipped": "Files that could not be indexed",
        "by_language": "Passages by language",
        "admin_off": (
            "Adding documents is for editors. Start the app with the environment variable KB_ADMIN_PASSWORD set to enable it."
        ),
        "password": "Editor password",
        "wrong_password": "Wrong password.",
        "upload": "PDF, DOCX, TXT or MD files",
        "add_button": "Add to the knowledge base",
        "rejected": "Not added: {name}: {reason}",
        "added": "Done: {documents} documents, {passages} passages in the index.",
    },
    "lv": {
        "title": "NVO pieredzes krātuve",
        "caption": "Meklējiet labo praksi un ieteikumus NVO projektu atskaitēs latviešu, angļu vai krievu valodā.",
        "search": "Meklēt",
        "placeholder": "piem., kā citi atrada projektu partnerus?",
        "empty": "Ierakstiet jautājumu jebkurā valodā. Krātuvē ir {documents} dokumenti, {passages} fragmenti.",
        "no_hits": "Nekas netika atrasts. Mēģiniet citus vārdus vai noņemiet filtrus.",
        "filters": "Filtri",
        "language": "Valoda",
        "document": "Dokuments",
        "organisation": "Organizācija",
        "year": "Gads",
        "theme": "Tēma",
        "kind": "Zināšanu veids",
        "country": "Valsts",
        "cards_tab": "Prakses kartītes",
        "cards_intro": "Pa vienai kartītei katram dokumentam vai projektam: ko darīja, ieteica un sasniedza, ar lappusēm.",
        "no_cards": "Neviena kartīte neatbilst izvēlei.",
        "practices": "Prakse",
        "recommendations": "Ieteikumi",
        "results": "Rezultāti",
        "by_theme": "Fragmenti pa tēmām",
        "any": "jebkura",
        "matched": "Atrasts pēc",
        "weak": "tuvākais, taču ne cieša atbilstība",
        "all_weak": "Zināšanu bāzē nav nekā, kas uz šo atbildētu tieši. Šie ir tuvākie fragmenti.",
        "meaning": "nozīmes",
        "keywords": "atslēgvārdiem",
        "context": "Lasīt kontekstā",
        "download": "Lejupielādēt oriģinālo failu",
        "collect": "Pievienot izdales materiālam",
        "handout": "Izdales materiāls",
        "handout_empty": "Atzīmējiet rezultātus, lai tos savāktu šeit.",
        "handout_md": "Lejupielādēt Markdown",
        "handout_csv": "Lejupielādēt CSV",
        "clear": "Notīrīt",
        "more": "Rādīt vairāk",
        "shown": "Parādīti fragmenti vaicājumam “{query}”: {count}",
        "cannot_open": "Zināšanu krātuvi nevar atvērt.",
        "how_to_build": (
            "Izveidojiet to ar `make run` (tas indeksē `corpus/`) vai `kb ingest MAPE --index DIR` un iestatiet KB_INDEX=DIR."
        ),
        "interface": "Saskarnes valoda",
        "search_tab": "Meklēšana",
        "library_tab": "Bibliotēka",
        "add_tab": "Pievienot dokumentus",
        "similar": "Līdzīgi fragmenti",
        "documents": "Dokumenti",
        "skipped": "Faili, kurus nevarēja indeksēt",
        "by_language": "Fragmenti pa valodām",
        "admin_off": "Dokumentus pievieno redaktori. Lai to ieslēgtu, palaidiet lietotni ar vides mainīgo KB_ADMIN_PASSWORD.",
        "password": "Redaktora parole",
        "wrong_password": "Nepareiza parole.",
        "upload": "PDF, DOCX, TXT vai MD faili",
        "add_button": "Pievienot zināšanu krātuvei",
        "rejected": "Netika pievienots: {name}: {reason}",
        "added": "Gatavs: indeksā ir {documents} dokumenti, {passages} fragmenti.",
    },
}


@lru_cache(maxsize=1)
def _taxonomy_labels() -> dict[str, dict[str, str]]:
    taxonomy = load_taxonomy()
    return {label.id: label.names for label in taxonomy.themes + taxonomy.kinds}


def tag_label(tag_id: str, language: str) -> str:
    """A theme's or kind's name in the interface language (ids the taxonomy does not know are shown as they are)."""
    return _taxonomy_labels().get(tag_id, {}).get(language, tag_id)


MATCHED_STYLE = "border-bottom: 2px solid #e8a33d; background: #fff5e0"


def highlight(passage: str, terms: set[str], matched: tuple[int, int] | None = None) -> str:
    """The passage as escaped HTML, with the words that match the query's terms marked and the
    sentence window that matched best (character offsets) underlined."""

    def mark(match: re.Match) -> str:
        word = match.group(0)
        if word.startswith("&"):  # an escaped character such as &quot; stays whole
            return word
        return f"<mark>{word}</mark>" if terms & set(analyse(word)) else word

    def marked(text: str) -> str:
        return re.sub(r"&#?\w+;|[^\W_]+", mark, html.escape(text))

    if matched is None:
        return marked(passage)
    start, end = matched
    inside = f"<span class='matched' style='{MATCHED_STYLE}'>{marked(passage[start:end])}</span>"
    return marked(passage[:start]) + inside + marked(passage[end:])


def escape_markdown(text: str) -> str:
    """Markdown-escape text taken from documents."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~" else ch for ch in text)


def safe_file_name(name: str) -> str:
    """An uploaded file's name, reduced to a plain name in the uploads folder (no paths, no traversal)."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    return cleaned[:120] or "upload"
