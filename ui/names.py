"""What things are called in the interface language: Streamlit's own buttons and regions for screen readers,
the documents' languages, the themes and kinds of the taxonomy, and years in a sentence."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ingest.tag import load_taxonomy
from ui.labels import LABELS

# What Streamlit names its own buttons and regions for screen readers (aria-label attributes, which no CSS can
# change), said in the interface language by ui.page_style.screen_reader_names; a name that starts with a key ending in a space
# or ": " keeps its rest ("Remove Latvija" -> "Noņemt Latvija", "Fullscreen: 12. lpp.").
SCREEN_READER_NAMES: dict[str, dict[str, str]] = {
    "lv": {
        "Sidebar": "Sānjosla", "Collapse sidebar": "Sakļaut sānjoslu", "Expand sidebar": "Izvērst sānjoslu",
        "Open": "Atvērt", "Close": "Aizvērt", "Dismiss": "Aizvērt", "Clear all": "Notīrīt visu",
        "Clear value": "Notīrīt vērtību", "Selected values": "Izvēlētās vērtības", "Remove ": "Noņemt ",
        "Fullscreen": "Pilnekrāna režīms", "Fullscreen: ": "Pilnekrāna režīms: ", "Exit fullscreen": "Iziet no pilnekrāna",
        "Link to heading": "Saite uz virsrakstu", "Show password": "Rādīt paroli", "Hide password": "Slēpt paroli",
        "Scroll tabs left": "Ritināt cilnes pa kreisi", "Scroll tabs right": "Ritināt cilnes pa labi",
        "Search": "Meklēt", "Download as CSV": "Lejupielādēt CSV", "Show/hide columns": "Rādīt vai slēpt kolonnas",
        "Dataframe column menu": "Kolonnas izvēlne", "Running": "Darbojas", "Notifications": "Paziņojumi",
        "Add files": "Pievienot failus", "file upload": "faila augšupielāde", "Help for ": "Paskaidrojums: ",
    },
    "ru": {
        "Sidebar": "Боковая панель", "Collapse sidebar": "Свернуть боковую панель",
        "Expand sidebar": "Развернуть боковую панель", "Open": "Открыть", "Close": "Закрыть", "Dismiss": "Закрыть",
        "Clear all": "Очистить всё", "Clear value": "Очистить значение", "Selected values": "Выбранные значения",
        "Remove ": "Убрать ", "Fullscreen": "Во весь экран", "Fullscreen: ": "Во весь экран: ",
        "Exit fullscreen": "Выйти из полноэкранного режима", "Link to heading": "Ссылка на заголовок",
        "Show password": "Показать пароль", "Hide password": "Скрыть пароль",
        "Scroll tabs left": "Прокрутить вкладки влево", "Scroll tabs right": "Прокрутить вкладки вправо",
        "Search": "Поиск", "Download as CSV": "Скачать CSV", "Show/hide columns": "Показать или скрыть столбцы",
        "Dataframe column menu": "Меню столбца", "Running": "Выполняется", "Notifications": "Уведомления",
        "Add files": "Добавить файлы", "file upload": "загрузка файла", "Help for ": "Пояснение: ",
    },
}  # fmt: skip
for _language in LABELS:  # what the page draws again in the interface language (ui.page_style.streamlit_labels), said alike
    _names = SCREEN_READER_NAMES.setdefault(_language, {})
    _names["Skip to main content"] = LABELS[_language]["skip_to_content"]
    _names["Upload"] = LABELS[_language]["upload_button"]
    _names["No results"] = LABELS[_language]["no_options"]


@lru_cache(maxsize=1)
def _taxonomy_labels() -> dict[str, dict[str, str]]:
    taxonomy = load_taxonomy()
    return {label.id: label.names for label in taxonomy.themes + taxonomy.kinds}


LANGUAGE_NAMES: dict[str, dict[str, str]] = {  # the documents' languages (ISO codes), named in the interface language
    "en": {"lv": "Latvian", "en": "English", "ru": "Russian", "lt": "Lithuanian", "et": "Estonian", "de": "German",
           "pt": "Portuguese", "pl": "Polish", "uk": "Ukrainian", "fr": "French", "es": "Spanish", "it": "Italian",
           "hr": "Croatian", "fi": "Finnish", "sv": "Swedish", "nl": "Dutch", "da": "Danish", "no": "Norwegian",
           "cs": "Czech", "sk": "Slovak", "sl": "Slovene", "hu": "Hungarian", "ro": "Romanian", "ca": "Catalan",
           "tr": "Turkish", "el": "Greek", "bg": "Bulgarian"},
    "lv": {"lv": "latviešu", "en": "angļu", "ru": "krievu", "lt": "lietuviešu", "et": "igauņu", "de": "vācu",
           "pt": "portugāļu", "pl": "poļu", "uk": "ukraiņu", "fr": "franču", "es": "spāņu", "it": "itāļu",
           "hr": "horvātu", "fi": "somu", "sv": "zviedru", "nl": "nīderlandiešu", "da": "dāņu", "no": "norvēģu",
           "cs": "čehu", "sk": "slovāku", "sl": "slovēņu", "hu": "ungāru", "ro": "rumāņu", "ca": "katalāņu",
           "tr": "turku", "el": "grieķu", "bg": "bulgāru"},
    "ru": {"lv": "латышский", "en": "английский", "ru": "русский", "lt": "литовский", "et": "эстонский", "de": "немецкий",
           "pt": "португальский", "pl": "польский", "uk": "украинский", "fr": "французский", "es": "испанский",
           "it": "итальянский", "hr": "хорватский", "fi": "финский", "sv": "шведский", "nl": "нидерландский",
           "da": "датский", "no": "норвежский", "cs": "чешский", "sk": "словацкий", "sl": "словенский",
           "hu": "венгерский", "ro": "румынский", "ca": "каталанский", "tr": "турецкий", "el": "греческий",
           "bg": "болгарский"},
}  # fmt: skip


YEARS_AND = {"en": "and", "lv": "un", "ru": "и"}


def years_in(years: Sequence[str], language: str) -> str:
    """Years as a sentence names them: "2019 and 2020", "2019. un 2020." (before "gada"), "2019 и 2020 гг."."""
    shown = [f"{year}." for year in years] if language == "lv" else list(years)
    joined = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} {YEARS_AND[language]} {shown[-1]}"
    return joined + ({"ru": " гг." if len(years) > 1 else " г."}.get(language, ""))


def language_name(code: str, language: str) -> str:
    """A document language's name in the interface language (a code it does not know is shown as it is)."""
    return LANGUAGE_NAMES[language].get(code, code)


def tag_label(tag_id: str, language: str) -> str:
    """A theme's or kind's name in the interface language (ids the taxonomy does not know are shown as they are)."""
    return _taxonomy_labels().get(tag_id, {}).get(language, tag_id)

