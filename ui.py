"""What the app shows besides documents: labels in English, Latvian and Russian, safe rendering of untrusted text,
and the editor password's rate limit.

Document text is never translated or altered, and never rendered as Markdown or HTML: it is shown as text.
"""

from __future__ import annotations

import hmac
import html
import math
import re
import threading
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Literal

from ingest.tag import load_taxonomy
from kb.analysis import GROUPED_NUMBER, analyse
from kb.errors import KnowledgeBaseError
from kb.plan import KEPT_EARLIER, OCR_LANGUAGES_SAID
from kb.types import Hit

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "NGO lessons learned",
        "caption": (
            "Search good practices and advice from NGO project reports, in Latvian, English, Russian or another "
            "European language."
        ),
        "search": "Search",
        "placeholder": "e.g. how did others find project partners?",
        "empty": "Type a question in any language. The index holds {documents} documents, {passages} passages.",
        "no_hits": "No passages match this search. Try other words or remove filters.",
        "filters": "Filters",
        "language": "Language",
        "document": "Document",
        "type_to_filter": "type part of the name",
        "no_options": "No matching value",
        "skip_to_content": "Skip to main content",
        "connection_lost": "Connection lost",
        "connection_lost_hint": (
            "The server does not answer. Reload the page in a moment;"
            " if that does not help, ask whoever runs this knowledge base."
        ),
        "typed_matches": "matching: {count}",
        "organisation": "Organisation",
        "year": "Year",
        "theme": "Theme",
        "kind": "Kind of knowledge",
        "country": "Country",
        "cards_tab": "Practice cards",
        "cards_intro": "One card per document or project: what it did, advised and achieved, each with its page. Tick a "
        "sentence to add it to the handout.",
        "no_cards": "No card matches these choices.",
        "cards_shown": "{shown} of {count} cards shown",
        "practices": "Practices",
        "recommendations": "Recommendations",
        "results": "Results",
        "by_theme": "Passages by theme",
        "any": "any",
        "any_year": "any",
        "matched": "Matched by",
        "weak": "nearest, but not a close match",
        "matched_on": "underlined text: {}",
        "all_weak": "Nothing in the knowledge base answers this closely. These are the nearest passages.",
        "meaning": "meaning",
        "keywords": "keywords",
        "context": "Read in context",
        "download": "Download the original file",
        "download_attachment": "Download the attached file",
        "collect": "Add to handout",
        "collected": "Added to the handout ({count}). Download it from the sidebar.",
        "collect_underlined": "Add only the underlined text",
        "page_image": "Page {page} of “{title}” as an image; its text is beside it",
        "handout": "Handout",
        "handout_empty": "Tick hits or card sentences to collect them here.",
        "handout_gone": "Passages no longer in the knowledge base, left out: {count}.",
        "handout_repeated": "The same text from another copy, left out: {count}.",
        "handout_md": "Download Markdown",
        "handout_csv": "Download CSV",
        "csv_columns": "title|organisation|project_number|source|attachment|page|page_end|citation|language|text|passage_id",
        "handout_docx": "Download Word (DOCX)",
        "sources": "Sources",
        "clear": "Clear handout",
        "more": "Show more",
        "shown": "{count} passages shown for “{query}”",
        "searched_as": "Searched for “{query}”: the letters typed, read on the other keyboard layout or as Russian",
        "left_out": "Without passages holding: {words}",
        "only_left_out": "The search only leaves words out: type what to search for too.",
        "only_years": "Show only documents of {years}",
        "together": "Passages holding these words in a row first: {words}",
        "cannot_open": "The knowledge base cannot be opened.",
        "index_missing": "There is no knowledge base here yet.",
        "index_building": "The knowledge base is being built: reload this page in a minute.",
        "index_damaged": (
            "Its files are damaged; the administrator can build it again: `kb ingest FOLDER... --index DIR --rebuild`."
        ),
        "index_incompatible": (
            "It was built by a newer version of this tool or with another model. The administrator can update this tool "
            "(`git pull`, then `make run`); or build the knowledge base again, keeping only the folders named: "
            "`kb ingest FOLDER... --index DIR --rebuild`."
        ),
        "index_outdated": (
            "It was built by an older version of this tool; the administrator can update it by syncing its folders: "
            "`kb ingest FOLDER... --index DIR`."
        ),
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
        "signed_in": "Signed in as an editor.",
        "sign_out": "Sign out",
        "upload": "PDF (scans too), DOCX, DOC, PPTX, PPT, ODT, ODP, XLSX, XLS, ODS, CSV, RTF, HTML, EML, MSG, MBOX, EDOC, ZIP, "
        "TXT or MD files, "
        "or scanned pages and photos (JPG, PNG, TIFF, HEIC, WebP, BMP, GIF)",
        "upload_button": "Choose files",
        "upload_limit": "up to {mb} MB a file",
        "upload_refused": "Not uploaded: a file can have up to {mb} MB",
        "add_button": "Add to the knowledge base",
        "rejected": "Not added: {name}: {reason}",
        "renamed": (
            "{name} is saved as {saved}: another file of that name was added before, and both are kept (to replace it, "
            'tick "Replace files of the same name").'
        ),
        "replace": "Replace files of the same name",
        "replace_help": (
            "A new version takes the place of the file uploaded before under its name; the earlier file is kept aside for "
            "the administrator. Unticked, both are kept."
        ),
        "replaced": "{name} replaces the file of that name uploaded before.",
        "not_replaced": "{name} was not replaced: the file uploaded before stays in the knowledge base.",
        "remove_heading": "Remove uploaded files",
        "remove_pick": "Files added here",
        "remove_caption": (
            "Removed files leave the search; the server keeps them aside for its administrator. Documents of the "
            "administrator's own folder are removed there."
        ),
        "remove_button": "Remove from the knowledge base",
        "removed": "Files removed: {count}. {documents} documents, {passages} passages in the index.",
        "remove_failed": "Nothing was removed: {reason}.",
        "page": "p.",
        "pages": "pp.",
        "attachment": "attachment",
        "report_columns": "file|status|pages|passages|language|warnings",
        "statuses": "new|updated|unchanged|duplicate|skipped|removed",
        "events": "Events",
        "partners": "Partners",
        "stage_read": "Reading files",
        "stage_embed": "Embedding passages and sentences",
        "stage_tag": "Tagging themes and kinds",
        "ocr_progress": "Reading the scan {name}: page {done} of {total}",
        "upload_waiting": "Waiting for another upload or ingest to finish…",
        "upload_goes_on": "Indexing goes on if you leave this page; the library shows the files once it is done.",
        "added": "Done: {documents} documents, {passages} passages in the index.",
        "nothing_added": "Nothing was added: none of the files could be indexed.",
        "opening": "Opening the knowledge base…",
        "password_locked": "Too many wrong passwords. Try again in {seconds} s.",
        "upload_failed": "Nothing was added: {reason}. The uploaded files were set aside; upload them again once this is fixed.",
        "disk_error": (
            "the server could not write its files ({reason}): ask its administrator to free disk space or fix permissions"
        ),
        "unexpected_error": "an unexpected error ({kind}); the details are in the server log",
        "choose": "choose",
        "find_document": "Find a document",
        "find_document_hint": "part of its title, file name, organisation or project number",
        "no_documents": "No document matches what you typed.",
        "library_csv": "Download the table (CSV)",
        "library_file": "library",
        "handout_file": "handout",
        "columns": "title|files|pages|passages|language|organisations|project numbers|years|countries|warnings|file|reason",
    },
    "lv": {
        "title": "NVO pieredzes krātuve",
        "caption": "Meklējiet labo praksi un ieteikumus NVO projektu atskaitēs latviešu, angļu, krievu vai citā Eiropas valodā.",
        "search": "Meklēt",
        "placeholder": "piem., kā citi atrada projektu partnerus?",
        "empty": "Ierakstiet jautājumu jebkurā valodā. Krātuvē ir dokumenti: {documents}, fragmenti: {passages}.",
        "no_hits": "Nekas netika atrasts. Mēģiniet citus vārdus vai noņemiet filtrus.",
        "filters": "Filtri",
        "language": "Valoda",
        "document": "Dokuments",
        "type_to_filter": "ierakstiet daļu no nosaukuma",
        "no_options": "Nav atbilstošas vērtības",
        "skip_to_content": "Pāriet uz galveno saturu",
        "connection_lost": "Savienojums pārtrūka",
        "connection_lost_hint": (
            "Serveris neatbild. Pēc brīža pārlādējiet lapu; ja tas nelīdz, vērsieties pie šīs krātuves uzturētāja."
        ),
        "typed_matches": "atbilst: {count}",
        "organisation": "Organizācija",
        "year": "Gads",
        "theme": "Tēma",
        "kind": "Zināšanu veids",
        "country": "Valsts",
        "cards_tab": "Prakses kartītes",
        "cards_intro": "Pa vienai kartītei katram dokumentam vai projektam: ko darīja, ieteica un sasniedza, ar lappusēm. "
        "Atzīmējiet teikumu, lai to pievienotu izdales materiālam.",
        "no_cards": "Neviena kartīte neatbilst izvēlei.",
        "cards_shown": "Parādītas {shown} no {count} kartītēm",
        "practices": "Prakse",
        "recommendations": "Ieteikumi",
        "results": "Rezultāti",
        "by_theme": "Fragmenti pa tēmām",
        "any": "jebkura",
        "any_year": "jebkurš",
        "matched": "Atrasts pēc",
        "weak": "tuvākais, taču ne cieša atbilstība",
        "matched_on": "pasvītrotais teksts: {}",
        "all_weak": "Zināšanu bāzē nav nekā, kas uz šo atbildētu tieši. Šie ir tuvākie fragmenti.",
        "meaning": "nozīmes",
        "keywords": "atslēgvārdiem",
        "context": "Lasīt kontekstā",
        "download": "Lejupielādēt oriģinālo failu",
        "download_attachment": "Lejupielādēt pielikumu",
        "collect": "Pievienot izdales materiālam",
        "collected": "Pievienots izdales materiālam ({count}). Lejupielādējiet to sānjoslā.",
        "collect_underlined": "Pievienot tikai pasvītroto tekstu",
        "page_image": "Dokumenta “{title}” {page}. lapa attēlā; tās teksts ir blakus",
        "handout": "Izdales materiāls",
        "handout_empty": "Atzīmējiet rezultātus vai kartīšu teikumus, lai tos savāktu šeit.",
        "handout_gone": "Fragmenti, kuru zināšanu bāzē vairs nav, izlaisti: {count}.",
        "handout_repeated": "Tas pats teksts no citas kopijas, izlaists: {count}.",
        "handout_md": "Lejupielādēt Markdown",
        "handout_csv": "Lejupielādēt CSV",
        "csv_columns": "nosaukums|organizācija|projekta numurs|avots|pielikums|lappuse|pēdējā lappuse|atsauce|valoda|teksts|"
        "fragmenta id",
        "handout_docx": "Lejupielādēt Word (DOCX)",
        "sources": "Avoti",
        "clear": "Notīrīt izdales materiālu",
        "more": "Rādīt vairāk",
        "shown": "Parādīti fragmenti vaicājumam “{query}”: {count}",
        "searched_as": "Meklēts “{query}”: ierakstītie burti, nolasīti citā tastatūras izkārtojumā vai krieviski",
        "left_out": "Bez fragmentiem, kuros ir: {words}",
        "only_left_out": "Meklējumā ir tikai izslēgti vārdi: ierakstiet arī to, ko meklēt.",
        "only_years": "Rādīt tikai {years} gada dokumentus",
        "together": "Vispirms fragmenti, kuros šie vārdi ir pēc kārtas: {words}",
        "cannot_open": "Zināšanu krātuvi nevar atvērt.",
        "index_missing": "Šeit vēl nav zināšanu krātuves.",
        "index_building": "Zināšanu krātuve tiek veidota: pārlādējiet šo lapu pēc minūtes.",
        "index_damaged": (
            "Tās faili ir bojāti; administrators to var izveidot no jauna: `kb ingest MAPE... --index DIR --rebuild`."
        ),
        "index_incompatible": (
            "To izveidoja jaunāka šī rīka versija vai cits modelis. Administrators var atjaunināt šo rīku "
            "(`git pull`, tad `make run`) vai izveidot zināšanu krātuvi no jauna, paturot tikai nosauktās mapes: "
            "`kb ingest MAPE... --index DIR --rebuild`."
        ),
        "index_outdated": (
            "To izveidoja vecāka šī rīka versija; administrators to var atjaunināt, sinhronizējot tās mapes: "
            "`kb ingest MAPE... --index DIR`."
        ),
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
        "signed_in": "Jūs esat pieteicies kā redaktors.",
        "sign_out": "Iziet",
        "upload": "PDF (arī skenēti), DOCX, DOC, PPTX, PPT, ODT, ODP, XLSX, XLS, ODS, CSV, RTF, HTML, EML, MSG, MBOX, EDOC, ZIP, "
        "TXT vai MD faili vai skenētas lapas un foto (JPG, PNG, TIFF, HEIC, WebP, BMP, GIF)",
        "upload_button": "Izvēlēties failus",
        "upload_limit": "līdz {mb} MB failā",
        "upload_refused": "Nav augšupielādēts: failā var būt līdz {mb} MB",
        "add_button": "Pievienot zināšanu krātuvei",
        "rejected": "Netika pievienots: {name}: {reason}",
        "renamed": (
            "{name} saglabāts kā {saved}: cits fails ar tādu pašu nosaukumu jau ir pievienots, un paliek abi (lai to "
            "aizstātu, atzīmējiet „Aizstāt tāda paša nosaukuma failus”)."
        ),
        "replace": "Aizstāt tāda paša nosaukuma failus",
        "replace_help": (
            "Jaunā versija aizstāj agrāk ar šo nosaukumu augšupielādēto failu; agrāko serveris patur malā "
            "administratoram. Ja nav atzīmēts, paliek abi."
        ),
        "replaced": "{name} aizstāj agrāk augšupielādēto failu ar šo nosaukumu.",
        "not_replaced": "{name} netika aizstāts: agrāk augšupielādētais fails paliek krātuvē.",
        "remove_heading": "Izņemt augšupielādētos failus",
        "remove_pick": "Šeit pievienotie faili",
        "remove_caption": (
            "Izņemtie faili vairs netiek meklēti; serveris tos patur malā administratoram. Administratora mapes "
            "dokumentus izņem tur."
        ),
        "remove_button": "Izņemt no zināšanu krātuves",
        "removed": "Izņemti faili: {count}. Indeksā ir dokumenti: {documents}, fragmenti: {passages}.",
        "remove_failed": "Nekas netika izņemts: {reason}.",
        "page": "{}. lpp.",  # Latvian puts the number first: "14. lpp.", "14.–15. lpp."
        "pages": "{}.–{}. lpp.",
        "attachment": "pielikums",
        "report_columns": "fails|statuss|lappuses|fragmenti|valoda|brīdinājumi",
        "statuses": "jauns|atjaunināts|nemainīts|dublikāts|izlaists|izņemts",
        "events": "Pasākumi",
        "partners": "Partneri",
        "stage_read": "Lasa failus",
        "stage_embed": "Vektorizē fragmentus un teikumus",
        "stage_tag": "Piešķir tēmas un veidus",
        "ocr_progress": "Lasa skenējumu {name}: {done}. lapa no {total}",
        "upload_waiting": "Gaida, kamēr beigsies cita augšupielāde vai indeksēšana…",
        "upload_goes_on": "Indeksēšana turpinās arī tad, ja aizejat no šīs lapas; bibliotēkā faili parādās, kad tā beigusies.",
        "added": "Gatavs: indeksā ir dokumenti: {documents}, fragmenti: {passages}.",
        "nothing_added": "Nekas netika pievienots: nevienu failu nevarēja indeksēt.",
        "opening": "Atver pieredzes krātuvi…",
        "password_locked": "Pārāk daudz nepareizu paroļu. Mēģiniet vēlreiz pēc {seconds} s.",
        "upload_failed": (
            "Nekas netika pievienots: {reason}. Augšupielādētie faili nolikti malā; augšupielādējiet tos vēlreiz, "
            "kad tas būs novērsts."
        ),
        "disk_error": (
            "serveris nevarēja ierakstīt failus ({reason}): lūdziet administratoram atbrīvot diska vietu vai labot "
            "piekļuves tiesības"
        ),
        "unexpected_error": "negaidīta kļūda ({kind}); sīkāka informācija ir servera žurnālā",
        "choose": "izvēlieties",
        "find_document": "Atrast dokumentu",
        "find_document_hint": "daļa no nosaukuma, faila nosaukuma, organizācijas vai projekta numura",
        "no_documents": "Neviens dokuments neatbilst ierakstītajam.",
        "library_csv": "Lejupielādēt tabulu (CSV)",
        "library_file": "biblioteka",
        "handout_file": "izdales-materials",
        "columns": (
            "nosaukums|faili|lappuses|fragmenti|valoda|organizācijas|projektu numuri|gadi|valstis|brīdinājumi|fails|iemesls"
        ),
    },
    "ru": {
        "title": "Опыт НКО",
        "caption": (
            "Ищите лучшие практики и советы из отчётов о проектах НКО на латышском, английском, русском или другом "
            "европейском языке."
        ),
        "search": "Поиск",
        "placeholder": "напр., как другие нашли партнёров для проекта?",
        "empty": "Введите вопрос на любом языке. В базе документов: {documents}, фрагментов: {passages}.",
        "no_hits": "Ничего не найдено. Попробуйте другие слова или уберите фильтры.",
        "filters": "Фильтры",
        "language": "Язык",
        "document": "Документ",
        "type_to_filter": "введите часть названия",
        "no_options": "Нет подходящих значений",
        "skip_to_content": "Перейти к основному содержимому",
        "connection_lost": "Соединение прервано",
        "connection_lost_hint": (
            "Сервер не отвечает. Через минуту обновите страницу;"
            " если это не поможет, обратитесь к тому, кто поддерживает эту базу."
        ),
        "typed_matches": "совпадений: {count}",
        "organisation": "Организация",
        "year": "Год",
        "theme": "Тема",
        "kind": "Вид знания",
        "country": "Страна",
        "cards_tab": "Карточки практик",
        "cards_intro": "По карточке на документ или проект: что сделали, что советуют и чего достигли, со страницами. "
        "Отметьте предложение, чтобы добавить его в раздаточный материал.",
        "no_cards": "Нет карточек для этого выбора.",
        "cards_shown": "Показано карточек: {shown} из {count}",
        "practices": "Практики",
        "recommendations": "Рекомендации",
        "results": "Результаты",
        "by_theme": "Фрагменты по темам",
        "any": "любая",
        "any_year": "любой",
        "matched": "Найдено по",
        "weak": "ближайшее, но не точное совпадение",
        "matched_on": "подчёркнутый текст: {}",
        "all_weak": "В базе нет ничего, что отвечало бы на это точно. Это ближайшие фрагменты.",
        "meaning": "смыслу",
        "keywords": "ключевым словам",
        "context": "Читать в контексте",
        "download": "Скачать исходный файл",
        "download_attachment": "Скачать вложение",
        "collect": "Добавить в раздаточный материал",
        "collected": "Добавлено в раздаточный материал ({count}). Скачайте его на боковой панели.",
        "collect_underlined": "Добавить только подчёркнутый текст",
        "page_image": "Страница {page} документа «{title}» в виде изображения; её текст рядом",
        "handout": "Раздаточный материал",
        "handout_empty": "Отметьте результаты или предложения карточек, чтобы собрать их здесь.",
        "handout_gone": "Фрагменты, которых больше нет в базе знаний, пропущены: {count}.",
        "handout_repeated": "Тот же текст из другой копии, пропущен: {count}.",
        "handout_md": "Скачать Markdown",
        "handout_csv": "Скачать CSV",
        "csv_columns": "название|организация|номер проекта|источник|вложение|страница|последняя страница|ссылка|язык|текст|"
        "id фрагмента",
        "handout_docx": "Скачать Word (DOCX)",
        "sources": "Источники",
        "clear": "Очистить раздаточный материал",
        "more": "Показать ещё",
        "shown": "Показано фрагментов по запросу «{query}»: {count}",
        "searched_as": "Искали «{query}»: набранные буквы, прочитанные в другой раскладке или как русский текст",
        "left_out": "Без фрагментов, в которых есть: {words}",
        "only_left_out": "В запросе только исключённые слова: введите и то, что искать.",
        "only_years": "Показать только документы за {years}",
        "together": "Сначала фрагменты, в которых эти слова стоят подряд: {words}",
        "cannot_open": "Базу знаний не удаётся открыть.",
        "index_missing": "Здесь пока нет базы знаний.",
        "index_building": "База знаний создаётся: обновите страницу через минуту.",
        "index_damaged": (
            "Её файлы повреждены; администратор может создать её заново: `kb ingest ПАПКА... --index DIR --rebuild`."
        ),
        "index_incompatible": (
            "Её создала более новая версия этой программы или другая модель. Администратор может обновить программу "
            "(`git pull`, затем `make run`) или создать базу знаний заново, сохранив только указанные папки: "
            "`kb ingest ПАПКА... --index DIR --rebuild`."
        ),
        "index_outdated": (
            "Её создала более старая версия этой программы; администратор может обновить её, синхронизировав её "
            "папки: `kb ingest ПАПКА... --index DIR`."
        ),
        "how_to_build": (
            "Создайте её командой `make run` (она индексирует `corpus/`) или `kb ingest ПАПКА --index DIR` "
            "и задайте KB_INDEX=DIR."
        ),
        "interface": "Язык интерфейса",
        "search_tab": "Поиск",
        "library_tab": "Библиотека",
        "add_tab": "Добавить документы",
        "similar": "Похожие фрагменты",
        "documents": "Документы",
        "skipped": "Файлы, которые не удалось проиндексировать",
        "by_language": "Фрагменты по языкам",
        "admin_off": "Документы добавляют редакторы. Чтобы включить это, запустите приложение с переменной KB_ADMIN_PASSWORD.",
        "password": "Пароль редактора",
        "wrong_password": "Неверный пароль.",
        "signed_in": "Вы вошли как редактор.",
        "sign_out": "Выйти",
        "upload": "Файлы PDF (и сканы), DOCX, DOC, PPTX, PPT, ODT, ODP, XLSX, XLS, ODS, CSV, RTF, HTML, EML, MSG, MBOX, EDOC, "
        "ZIP, TXT или MD, "
        "или сканы и фото страниц (JPG, PNG, TIFF, HEIC, WebP, BMP, GIF)",
        "upload_button": "Выбрать файлы",
        "upload_limit": "до {mb} МБ на файл",
        "upload_refused": "Не загружено: файл может быть не больше {mb} МБ",
        "add_button": "Добавить в базу знаний",
        "rejected": "Не добавлено: {name}: {reason}",
        "renamed": (
            "{name} сохранён как {saved}: другой файл с таким именем уже был добавлен, сохранены оба (чтобы заменить "
            "его, отметьте «Заменять файлы с тем же именем»)."
        ),
        "replace": "Заменять файлы с тем же именем",
        "replace_help": (
            "Новая версия занимает место файла, загруженного ранее под этим именем; прежний файл сервер хранит отдельно "
            "для администратора. Без отметки сохраняются оба."
        ),
        "replaced": "{name} заменяет файл с этим именем, загруженный ранее.",
        "not_replaced": "{name} не заменён: файл, загруженный ранее, остаётся в базе.",
        "remove_heading": "Удалить загруженные файлы",
        "remove_pick": "Файлы, добавленные здесь",
        "remove_caption": (
            "Удалённые файлы больше не ищутся; сервер хранит их отдельно для администратора. Документы из папки "
            "администратора удаляются там."
        ),
        "remove_button": "Удалить из базы знаний",
        "removed": "Удалено файлов: {count}. В индексе документов: {documents}, фрагментов: {passages}.",
        "remove_failed": "Ничего не удалено: {reason}.",
        "page": "с.",
        "pages": "с. {}–{}",  # a range with an en dash, as Russian typesets it
        "attachment": "вложение",
        "report_columns": "файл|статус|страницы|фрагменты|язык|предупреждения",
        "statuses": "новый|обновлён|без изменений|дубликат|пропущен|удалён",
        "events": "Мероприятия",
        "partners": "Партнёры",
        "stage_read": "Чтение файлов",
        "stage_embed": "Векторизация фрагментов и предложений",
        "stage_tag": "Темы и виды знаний",
        "ocr_progress": "Распознавание скана {name}: страница {done} из {total}",
        "upload_waiting": "Ожидание завершения другой загрузки или индексации…",
        "upload_goes_on": (
            "Индексация продолжится, даже если вы уйдёте с этой страницы; файлы появятся в библиотеке, когда она закончится."
        ),
        "added": "Готово: в индексе документов: {documents}, фрагментов: {passages}.",
        "nothing_added": "Ничего не добавлено: ни один файл не удалось проиндексировать.",
        "opening": "Открываем базу…",
        "password_locked": "Слишком много неверных паролей. Повторите через {seconds} с.",
        "upload_failed": (
            "Ничего не добавлено: {reason}. Загруженные файлы отложены; загрузите их снова, когда это будет исправлено."
        ),
        "disk_error": (
            "сервер не смог записать файлы ({reason}): попросите администратора освободить место на диске или исправить "
            "права доступа"
        ),
        "unexpected_error": "непредвиденная ошибка ({kind}); подробности в журнале сервера",
        "choose": "выберите",
        "find_document": "Найти документ",
        "find_document_hint": "часть названия, имени файла, организации или номера проекта",
        "no_documents": "Ни один документ не соответствует введённому.",
        "library_csv": "Скачать таблицу (CSV)",
        "library_file": "библиотека",
        "handout_file": "раздаточный-материал",
        "columns": "название|файлы|страницы|фрагменты|язык|организации|номера проектов|годы|страны|предупреждения|файл|причина",
    },
}


# What Streamlit names its own buttons and regions for screen readers (aria-label attributes, which no CSS can
# change), said in the interface language by app.screen_reader_names; a name that starts with a key ending in a space
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
for _language in LABELS:  # what the page draws again in the interface language (app.streamlit_labels), said alike
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


# A see-through orange over whatever the theme's background is, not a fixed cream: with a dark theme the sentence was
# white on cream (1.1:1); the underline 4.5:1 against white (#e8a33d was 2:1)
MATCHED_STYLE = "border-bottom: 2px solid #b45309; background: rgba(232, 163, 61, 0.22)"


def highlight(passage: str, terms: set[str], matched: tuple[int, int] | None = None) -> str:
    """The passage as escaped HTML, with the words that match the query's terms marked and the
    sentence window that matched best (character offsets) underlined."""

    def mark(match: re.Match) -> str:
        word = match.group(0)
        if word.startswith("&"):  # an escaped character such as &quot; stays whole
            return word
        return f"<mark>{word}</mark>" if terms & set(analyse(word)) else word

    def marked(text: str) -> str:  # an amount in groups of three digits ("18 400") is one word, as analyse reads it
        return re.sub(rf"&#?\w+;|{GROUPED_NUMBER.pattern}|[^\W_]+", mark, html.escape(text))

    if matched is None:
        return marked(passage)
    start, end = matched
    inside = f"<span class='matched' style='{MATCHED_STYLE}'>{marked(passage[start:end])}</span>"
    return marked(passage[:start]) + inside + marked(passage[end:])


# A hit's lines styled as Streamlit draws a bold line and a caption: one HTML block is less work for a
# browser than a Markdown element per line (about 18 % less renderer CPU a query: docs/performance.md).
# Colours come from the theme.
# 0.6 was 3.9:1 on white, under WCAG AA's 4.5:1; a long file name wraps (on a phone it pushed the page 300 px sideways)
CAPTION_STYLE = "font-size: 0.875rem; opacity: 0.8; margin: 0; overflow-wrap: anywhere"
# A hit's or a card's title: a heading under the page's one, so that a screen reader goes from hit to hit; drawn at the
# size of the text
TITLE_STYLE = "font-size: 1rem; font-weight: 600; margin: 0; padding: 0; line-height: 1.6; overflow-wrap: anywhere"


def unbroken(escaped: str, words: Sequence[str]) -> str:
    """Escaped HTML with these words (a project number "2023-1-LV01-KA122-ADU-000141852") kept on one line."""
    for word in words:
        escaped = escaped.replace(html.escape(word), f"<span style='white-space: nowrap'>{html.escape(word)}</span>")
    return escaped


def hit_html(hit: Hit, terms: set[str], text: dict[str, str], language: str) -> str:
    """A hit card's title, citation line, passage (highlight) and why it matched, as one block of escaped HTML."""
    tags = [tag_label(tag, language) for tag in (*(hit.kinds or (hit.kind,)), *hit.themes) if tag]  # every kind it holds
    cited = " · ".join([cite(hit, text), language_name(hit.language, language), *tags])
    matched = (hit.matched_start, hit.matched_end) if hit.matched_start is not None else None
    why = [text[name] for name, rank in (("meaning", hit.dense_rank), ("keywords", hit.keyword_rank)) if rank]
    on_page = hit.matched_pages(text["page"], text["pages"])  # the passage is on several pages: the sentence's
    notes = [text["matched_on"].format(on_page) if on_page else "", text["weak"] if hit.weak_match else ""]
    reason = " · ".join([f"{text['matched']}: {', '.join(why)}", *filter(None, notes)])
    # the passage's language, so that a screen reader reads a Latvian passage in the Russian interface with a Latvian voice
    lang = f" lang='{hit.language}'" if re.fullmatch(r"[a-z]{2,3}", hit.language) else ""
    return (
        f"<h2 class='hit-title'{lang} style='{TITLE_STYLE}'>{html.escape(hit.title)}</h2>"
        f"<p class='hit-cite' style='{CAPTION_STYLE}'>{unbroken(html.escape(cited), hit.project_numbers[:1])}</p>"
        f"<div class='hit-text'{lang} style='white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.5rem 0'>"
        f"{highlight(hit.text, terms, matched)}</div>"
        f"<p class='hit-why' style='{CAPTION_STYLE}'>{html.escape(reason)}</p>"
    )


WORD_JOINER = "\u2060"  # invisible: splits the patterns Streamlit turns into links, icons and emoji


def escape_markdown(text: str) -> str:
    """Untrusted text (from a document, a file name, a URL or an error) for st.markdown, st.caption, st.error and
    the like: it shows as the same characters on one line, and nothing in it is interpreted.

    - Markdown and HTML syntax is backslash-escaped: links, images, <autolinks>, HTML tags, emphasis, code, ~strike~,
      $math$ and entities everywhere; headings, quotes and list markers at the start. Line breaks become spaces.
    - Streamlit also rewrites text after parsing, where backslashes no longer count: bare URLs, www. and e-mail
      addresses become links, :smile: an emoji, :material/x: an icon, :red[x] colour. An invisible word joiner after
      each ':' and '@' that is followed by text, and inside 'www.', breaks those patterns.
    """
    line = re.sub(r"[\\`*_\[\]<~$&]", r"\\\g<0>", " ".join(text.split()))
    line = re.sub(r"^([#>+\-=])|^(\d+)([.)])", lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)
    return re.sub(r"(?<=[:@])(?=\S)|(?<=www)(?=\.)", WORD_JOINER, line, flags=re.IGNORECASE)


class PasswordThrottle:
    """Failed password attempts, counted for the whole process (every session, so new sessions do not help an
    attacker). After `free` failures in a row checking is locked for `first_wait` seconds, doubling with each further
    failure up to `longest_wait`; while locked no password is compared at all, so a right one is refused too."""

    def __init__(
        self, free: int = 5, first_wait: float = 30, longest_wait: float = 900, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.free, self.first_wait, self.longest_wait, self.clock = free, first_wait, longest_wait, clock
        self.failures = 0
        self.locked_until = 0.0
        self._lock = threading.Lock()  # sessions run in threads of their own

    def check(self, password: str, expected: str) -> Literal["accepted", "wrong", "locked"]:
        with self._lock:
            if self.clock() < self.locked_until:
                return "locked"
            if hmac.compare_digest(password.encode(), expected.encode()):
                self.failures, self.locked_until = 0, 0.0
                return "accepted"
            self.failures += 1
            if self.failures >= self.free:
                wait = self.first_wait * 2 ** min(self.failures - self.free, 20)
                self.locked_until = self.clock() + min(wait, self.longest_wait)
            return "wrong"

    def seconds_to_wait(self) -> int:
        return max(1, math.ceil(self.locked_until - self.clock()))


EDITOR_PASSWORD = PasswordThrottle()  # lives as long as the server process: the app's script reruns, modules stay


def failure_reason(error: Exception, text: dict[str, str]) -> str:
    """What went wrong, in one line without server paths (the log has the details)."""
    if isinstance(error, KnowledgeBaseError):
        return hide_paths(str(error))
    if isinstance(error, OSError):  # disk full, permissions
        return text["disk_error"].format(reason=error.strerror or type(error).__name__)
    return text["unexpected_error"].format(kind=type(error).__name__)


# Why a file was not indexed, as ingest and the uploads folder word it (English), and the same in the other
# interface languages; the technical detail after it ("startxref not found") stays as it is.
PAGE_LIST = r"(pages? [\d, -]+(?: \.\.\.)?)"  # "page 3", "pages 1-4, 7": ingest/recover.py's page_list
REASONS: tuple[tuple[re.Pattern, dict[str, str]], ...] = tuple(
    (re.compile(pattern), names)
    for pattern, names in (
        # what a file's reader says (ingest/read.py, pdf.py, word.py, powerpoint.py, html.py, ...) before the general ones below
        (r"^corrupt PPTX: an old PowerPoint 97-2003 file \(\.ppt\) under a \.pptx name: rename it$",
         {"lv": "vecs PowerPoint 97-2003 fails (.ppt) ar .pptx paplašinājumu: pārdēvējiet to",
          "ru": "старый файл PowerPoint 97-2003 (.ppt) с расширением .pptx: переименуйте его"}),
        (r"^corrupt PPTX: not a PowerPoint deck \(its main part is (.+)\)$",
         {"lv": "bojāts PPTX fails (nav PowerPoint prezentācija: tā galvenā daļa ir {0})",
          "ru": "повреждённый файл PPTX (не презентация PowerPoint: его основная часть — {0})"}),
        (r"^corrupt DOCX: not a Word document \(its main part is (.+)\)$",
         {"lv": "bojāts DOCX fails (nav Word dokuments: tā galvenā daļa ir {0})",
          "ru": "повреждённый файл DOCX (не документ Word: его основная часть — {0})"}),
        (r"^corrupt PPT: not a PowerPoint 97-2003 file$",
         {"lv": "bojāts PPT fails (nav PowerPoint 97-2003 fails)", "ru": "повреждённый файл PPT (не файл PowerPoint 97-2003)"}),
        (r"^corrupt PPT: a Word document under a \.ppt name: rename it to \.doc$",
         {"lv": "Word dokuments ar .ppt paplašinājumu: pārdēvējiet to par .doc",
          "ru": "документ Word с расширением .ppt: переименуйте его в .doc"}),
        (r"^LibreOffice stopped unexpectedly \(exit code (.+)\)$",
         {"lv": "LibreOffice negaidīti apstājās (izejas kods {0})", "ru": "LibreOffice неожиданно остановился (код выхода {0})"}),
        (r"^LibreOffice stopped unexpectedly \(it wrote no copy of the deck\)$",
         {"lv": "LibreOffice negaidīti apstājās (tas neuzrakstīja prezentācijas kopiju)",
          "ru": "LibreOffice неожиданно остановился (он не записал копию презентации)"}),
        (r"^corrupt PPT: LibreOffice could not read it$",
         {"lv": "bojāts PPT fails (LibreOffice to nevarēja nolasīt)",
          "ru": "повреждённый файл PPT (LibreOffice не смог его прочитать)"}),
        (r"^needs (antiword|catdoc|LibreOffice): install (.+) \(Debian: (.+)\)$",
         {"lv": "vajag {0}: jāuzstāda {1} (Debian: {2})", "ru": "нужен {0}: установите {1} (Debian: {2})"}),
        (r"^corrupt DOC: a DOCX or ODT file under a \.doc name: rename it$",
         {"lv": "DOCX vai ODT fails ar .doc paplašinājumu: pārdēvējiet to",
          "ru": "файл DOCX или ODT с расширением .doc: переименуйте его"}),
        (r"^corrupt DOC: not a Word 97-2003 document$",
         {"lv": "bojāts DOC fails (nav Word 97-2003 dokuments)", "ru": "повреждённый файл DOC (не документ Word 97-2003)"}),
        (r"^corrupt RTF: not an RTF file", {"lv": "bojāts RTF fails (nav RTF fails)", "ru": "повреждённый файл RTF (не RTF)"}),
        (r"^corrupt EML: binary content, not an e-mail message$",
         {"lv": "bojāts EML fails (binārs saturs, nevis e-pasta vēstule)",
          "ru": "повреждённый файл EML (двоичные данные, а не письмо)"}),
        (r"^corrupt EML: not an e-mail message \(no subject, sender or date\)$",
         {"lv": "bojāts EML fails (nav e-pasta vēstule: nav temata, sūtītāja vai datuma)",
          "ru": "повреждённый файл EML (не письмо: нет темы, отправителя или даты)"}),
        (r"^corrupt MSG: not an Outlook message$",
         {"lv": "bojāts MSG fails (nav Outlook vēstule)", "ru": "повреждённый файл MSG (не письмо Outlook)"}),
        (r"^corrupt MSG: cut short$", {"lv": "bojāts MSG fails (nepilnīgs)", "ru": "повреждённый файл MSG (обрезан)"}),
        (r"^corrupt MSG: a part of the message is missing$",
         {"lv": "bojāts MSG fails (trūkst vēstules daļas)", "ru": "повреждённый файл MSG (не хватает части письма)"}),
        (r"^attachments not read: (.+)$", {"lv": "pielikumi netika nolasīti: {0}", "ru": "вложения не прочитаны: {0}"}),
        (r"^nested too deeply: at most (\d+) containers in one another$",
         {"lv": "pārāk dziļi ligzdots: ne vairāk kā {0} konteineri cits citā",
          "ru": "слишком глубокая вложенность: не более {0} контейнеров друг в друге"}),
        (r"^the same file as (.+)$", {"lv": "tas pats fails, kas {0}", "ru": "тот же файл, что и {0}"}),
        (r"^corrupt (\w+): File is not a zip file$",
         {"lv": "bojāts {0} fails (nav ZIP fails)", "ru": "повреждённый файл {0} (не ZIP-файл)"}),
        (r"^empty: no files$", {"lv": "arhīvā nav neviena faila", "ru": "в архиве нет ни одного файла"}),
        (r"^hidden sheets not read: (.+)$",
         {"lv": "slēptās lapas netika nolasītas: {0}", "ru": "скрытые листы не прочитаны: {0}"}),
        (r"^embedded objects not read: (.+)$",
         {"lv": "iegultie objekti netika nolasīti: {0}", "ru": "встроенные объекты не прочитаны: {0}"}),
        (r"^corrupt MBOX: no messages \(a mailbox file starts each with a \"From \" line\)$",
         {"lv": "bojāts MBOX fails (nav vēstuļu: pastkastes fails katru sāk ar rindu \"From \")",
          "ru": "повреждённый файл MBOX (нет писем: файл почтового ящика начинает каждое строкой \"From \")"}),
        (r"^embedded files not read: (.+)$",
         {"lv": "iegultie faili netika nolasīti: {0}", "ru": "вложенные файлы не прочитаны: {0}"}),
        (r"^empty: an XFA form \(Adobe LiveCycle\) with no answers$",
         {"lv": "XFA veidlapa (Adobe LiveCycle) bez atbildēm", "ru": "форма XFA (Adobe LiveCycle) без ответов"}),
        (r"^an XFA form: its answers read, without pages$",
         {"lv": "XFA veidlapa: nolasītas tās atbildes, bez lappusēm", "ru": "форма XFA: прочитаны её ответы, без страниц"}),
        (r"^empty: no signed document in the container$",
         {"lv": "parakstītajā konteinerā nav neviena dokumenta", "ru": "в подписанном контейнере нет ни одного документа"}),
        (r"^corrupt HTML: binary content, not a web page$",
         {"lv": "bojāts HTML fails (binārs saturs, nevis tīmekļa lapa)",
          "ru": "повреждённый файл HTML (двоичные данные, а не веб-страница)"}),
        (r"^corrupt (\w+): not a picture$",
         {"lv": "bojāts {0} fails (nav attēls)", "ru": "повреждённый файл {0} (не изображение)"}),
        (r"^corrupt (\w+): nested too deeply$",
         {"lv": "bojāts {0} fails (pārāk dziļi ligzdots)", "ru": "повреждённый файл {0} (слишком глубокая вложенность)"}),
        (r"^corrupt (XLSX|XLS): not an Excel workbook$",
         {"lv": "bojāts {0} fails (nav Excel darbgrāmata)", "ru": "повреждённый файл {0} (не книга Excel)"}),
        (r"^only the first (.+) rows read \(sheet (.+) not to its end\)$",
         {"lv": "nolasītas tikai pirmās {0} rindas (lapa {1} ne līdz galam)",
          "ru": "прочитаны только первые {0} строк (лист {1} не до конца)"}),
        (r"^only the first (.+) rows read$",
         {"lv": "nolasītas tikai pirmās {0} rindas", "ru": "прочитаны только первые {0} строк"}),
        (r"^only the first (\d+) of (.+) columns read$",
         {"lv": "nolasītas tikai pirmās {0} no {1} kolonnām", "ru": "прочитаны только первые {0} из {1} столбцов"}),
        (r"^corrupt PDF: a filter name pypdf no longer reads$",
         {"lv": "bojāts PDF fails (filtra nosaukums, ko pypdf vairs nelasa)",
          "ru": "повреждённый файл PDF (имя фильтра, которое pypdf больше не читает)"}),
        (r"^corrupt (\w+): its XML is not well-formed$",
         {"lv": "bojāts {0} fails (tā XML nav pareizi veidots)", "ru": "повреждённый файл {0} (его XML построен неверно)"}),
        (r"^corrupt PDF: no pages$", {"lv": "bojāts PDF fails (nav lappušu)", "ru": "повреждённый файл PDF (нет страниц)"}),
        (r"^unsupported type: an OpenDocument file of type (.*)$",
         {"lv": "neatbalstīts faila tips (OpenDocument: {0})", "ru": "неподдерживаемый тип файла (OpenDocument: {0})"}),
        (r"^too much text: (.+) passages, the limit is (.+) a file: split the file$",
         {"lv": "pārāk daudz teksta: {0} fragmenti, robeža {1} vienā failā: sadaliet failu",
          "ru": "слишком много текста: {0} фрагментов, предел {1} на файл: разделите файл"}),
        # what the worker reading it says (ingest/workers.py) and the sync (kb/plan.py)
        (r"^too large when unpacked: needs more than the (.+) a file may use$",
         {"lv": "pārāk liels pēc atpakošanas: vajag vairāk par {0}, ko drīkst izmantot viens fails",
          "ru": "слишком большой после распаковки: нужно больше {0}, допустимых для одного файла"}),
        (r"^the reader did not start within (.+)$",
         {"lv": "lasītājs nesāka darbu {0} laikā", "ru": "программа чтения не запустилась за {0}"}),
        (r"^the reader crashed \(signal (.+)\): corrupt or hostile file$",
         {"lv": "lasītājs avarēja (signāls {0}): bojāts vai kaitīgs fails",
          "ru": "программа чтения аварийно завершилась (сигнал {0}): повреждённый или вредоносный файл"}),
        (r"^the reader stopped unexpectedly \(exit code (.+)\)$",
         {"lv": "lasītājs negaidīti apstājās (izejas kods {0})",
          "ru": "программа чтения неожиданно остановилась (код выхода {0})"}),
        (r"^its content stays in the index as (.+)$",
         {"lv": "tā saturs paliek indeksā kā {0}", "ru": "его содержимое остаётся в индексе как {0}"}),
        (r"^file vanished before it could be read$",
         {"lv": "fails pazuda, pirms to varēja nolasīt", "ru": "файл исчез, прежде чем его удалось прочитать"}),
        (r"^cannot read: (.*)$", {"lv": "nevar nolasīt ({0})", "ru": "не удаётся прочитать ({0})"}),
        (r"^a link to a file that is not there$", {"lv": "saite uz failu, kura nav", "ru": "ссылка на несуществующий файл"}),
        (r"^folder cannot be read \((.*)\): the documents indexed from it stay as they were$",
         {"lv": "mapi nevar nolasīt ({0}): no tās indeksētie dokumenti paliek, kā bija",
          "ru": "папку не удаётся прочитать ({0}): документы из неё остаются в индексе как были"}),
        (r"^not a regular file: (.*)$", {"lv": "nav parasts fails ({0})", "ru": "не обычный файл ({0})"}),
        (r"^unsupported type: (\.\w+), a link to a Google file, not its text: download it as (\w+) \(File > Download\) to "
         r"index it$",
         {"lv": "neatbalstīts faila tips ({0}): saite uz Google failu, nevis tā saturs; lejupielādējiet to kā {1}, lai to "
                "indeksētu",
          "ru": "неподдерживаемый тип файла ({0}): ссылка на файл Google, а не его содержимое; скачайте его как {1}, "
                "чтобы проиндексировать"}),
        (r"^unsupported type:? ?(.*)$", {"lv": "neatbalstīts faila tips ({0})", "ru": "неподдерживаемый тип файла ({0})"}),
        (r"^it holds (.+): unpack it to index them, or raise --max-file-mb$",
         {"lv": "tajā ir {0}: izpakojiet to, lai tos indeksētu, vai palieliniet faila izmēra robežu",
          "ru": "в нём: {0}; распакуйте его, чтобы проиндексировать их, или увеличьте предел размера файла"}),
        (r"^too large when unpacked: (.+) more than the (.+) before it, the limit is (.+)$",
         {"lv": "pārāk liels pēc atpakošanas: vēl {0} pēc {1}, kas atpakoti pirms tā, robeža {2}",
          "ru": "слишком большой после распаковки: ещё {0} после {1}, распакованных до него, предел {2}"}),
        (r"^too large when unpacked: (.+), the limit is (.+)$",
         {"lv": "pārāk liels pēc atpakošanas: {0}, robeža {1}", "ru": "слишком большой после распаковки: {0}, предел {1}"}),
        (r"^too large when unpacked: (.+)$",
         {"lv": "pārāk liels pēc atpakošanas ({0})", "ru": "слишком большой после распаковки ({0})"}),
        (r"^too large: (.+), the limit is (.+)$",
         {"lv": "pārāk liels: {0}, robeža {1}", "ru": "слишком большой: {0}, предел {1}"}),
        (r"^larger than (.+)$", {"lv": "lielāks par {0}", "ru": "больше {0}"}),
        # a parser's own English words ("startxref not found") are left to the English interface and the log
        (r"^corrupt (\w+): (.*)$", {"lv": "bojāts {0} fails", "ru": "повреждённый файл {0}"}),
        (r"^encrypted: needs a password$", {"lv": "šifrēts: vajadzīga parole", "ru": "зашифрован: нужен пароль"}),
        (r"^encrypted: needs the recipient's key$",
         {"lv": "šifrēts: vajadzīga adresāta atslēga", "ru": "зашифровано: нужен ключ получателя"}),
        (r"^empty file$", {"lv": "tukšs fails", "ru": "пустой файл"}),
        (r"^empty: (.*)$", {"lv": "bez teksta", "ru": "без текста"}),  # (its English detail left out)
        (r"^binary content, not text$", {"lv": "binārs saturs, nevis teksts", "ru": "двоичные данные, а не текст"}),
        (r"^took longer than (.+) to read \((.+)\)$",
         {"lv": "lasīšana ilga ilgāk par {0} ({1})", "ru": "чтение заняло больше {0} ({1})"}),
        (r"^took longer than (.+) to read$", {"lv": "lasīšana ilga ilgāk par {0}", "ru": "чтение заняло больше {0}"}),
        (r"^install (tesseract-ocr.*)$",
         {"lv": "skenētu lapu lasīšanai jāuzstāda {0}", "ru": "для чтения сканов установите {0}"}),
        (r"^could not be saved \((.*)\)$", {"lv": "neizdevās saglabāt ({0})", "ru": "не удалось сохранить ({0})"}),
        # OCR (ingest/ocr.py); a trailing ": install tesseract-ocr ..." is said apart (INSTALL_HINT)
        (rf"^{PAGE_LIST} read by OCR$", {"lv": "nolasīts ar OCR: {0}", "ru": "распознано OCR: {0}"}),
        (rf"^garbled text layer on {PAGE_LIST}: read by OCR instead$",
         {"lv": "bojāts teksta slānis ({0}): nolasīts ar OCR", "ru": "испорченный текстовый слой ({0}): распознан OCR"}),
        (rf"^text on {PAGE_LIST} looks garbled, and OCR read it no better$",
         {"lv": "teksts izskatās bojāts ({0}), un OCR to nenolasīja labāk",
          "ru": "текст выглядит испорченным ({0}), и OCR не распознал его лучше"}),
        (r"^no text layer, and OCR found no text$",
         {"lv": "nav teksta slāņa, un OCR neatrada tekstu", "ru": "нет текстового слоя, и OCR не нашёл текста"}),
        (rf"^no text layer, and OCR failed on {PAGE_LIST}$",
         {"lv": "nav teksta slāņa, un OCR neizdevās ({0})", "ru": "нет текстового слоя, и OCR не удался ({0})"}),
        (rf"^garbled text layer on {PAGE_LIST}: OCR failed$",
         {"lv": "bojāts teksta slānis ({0}): OCR neizdevās", "ru": "испорченный текстовый слой ({0}): OCR не удался"}),
        (rf"^text of {PAGE_LIST} could not be read$",
         {"lv": "teksts nebija nolasāms ({0})", "ru": "текст не удалось прочитать ({0})"}),
        # the second PDF reader (PDFium): pages or a whole file pypdf read badly or not at all
        (rf"^text of {PAGE_LIST} read by a second PDF reader$",
         {"lv": "teksts ({0}) nolasīts ar otru PDF lasītāju", "ru": "текст ({0}) прочитан вторым PDF-читателем"}),
        (rf"^garbled text layer on {PAGE_LIST}: read by a second PDF reader instead$",
         {"lv": "bojāts teksta slānis ({0}): nolasīts ar otru PDF lasītāju",
          "ru": "испорченный текстовый слой ({0}): прочитан вторым PDF-читателем"}),
        (r"^damaged PDF: read by a second PDF reader$",
         {"lv": "bojāts PDF: nolasīts ar otru PDF lasītāju", "ru": "повреждённый PDF: прочитан вторым PDF-читателем"}),
        (rf"^OCR failed on {PAGE_LIST}$", {"lv": "OCR neizdevās ({0})", "ru": "OCR не удался ({0})"}),
        (rf"^{PAGE_LIST} not OCR'd: at most (\d+) pages a file$",
         {"lv": "nav nolasīts ar OCR: {0} (ne vairāk kā {1} lappuses vienā failā)",
          "ru": "не распознано OCR: {0} (не больше {1} страниц в файле)"}),
        (r"^no text layer: needs OCR$", {"lv": "nav teksta slāņa: vajag OCR", "ru": "нет текстового слоя: нужен OCR"}),
        (r"^a picture: needs OCR$", {"lv": "attēls: vajag OCR", "ru": "изображение: нужен OCR"}),
        (r"^OCR found no text$", {"lv": "OCR neatrada tekstu", "ru": "OCR не нашёл текста"}),
        (r"^OCR found no text: only stray letters, as a photo of people or a place gives$",
         {"lv": "OCR neatrada tekstu: tikai atsevišķus burtus, kā cilvēku vai vietas fotoattēlā",
          "ru": "OCR не нашёл текста: лишь отдельные буквы, как на фото людей или места"}),
        (rf"^no text layer on {PAGE_LIST}: needs OCR$",
         {"lv": "nav teksta slāņa ({0}): vajag OCR", "ru": "нет текстового слоя ({0}): нужен OCR"}),
        (rf"^garbled text layer on {PAGE_LIST}: needs OCR$",
         {"lv": "bojāts teksta slānis ({0}): vajag OCR", "ru": "испорченный текстовый слой ({0}): нужен OCR"}),
        (r"^OCR without (\S+)$", {"lv": "OCR bez {0}", "ru": "OCR без {0}"}),
        (rf"^text on {PAGE_LIST} seems to be in (\w+), a language OCR did not use: add (\w+) to the OCR languages "
         r"\((tesseract-ocr-[\w-]+)\)$",
         {"lv": "teksts ({0}) šķiet valodā {1}, ko OCR neizmantoja: pievienojiet {2} OCR valodām ({3})",
          "ru": "текст ({0}), похоже, на языке {1}, который OCR не использовал: добавьте {2} в языки OCR ({3})"}),
    )
)  # fmt: skip
INSTALL_HINT = re.compile(r": install (tesseract-ocr.*)$")
# The system's words a reason quotes (an OS error, a kind of file), said in each language; others are left out
SYSTEM_WORDS = {
    "Permission denied": {"lv": "nav piekļuves tiesību", "ru": "нет прав доступа"},
    "No space left on device": {"lv": "diskā nav vietas", "ru": "на диске нет места"},
    "Too many levels of symbolic links": {"lv": "saišu cilpa", "ru": "петля ссылок"},
    "Input/output error": {"lv": "diska lasīšanas kļūda", "ru": "ошибка чтения диска"},
    "a named pipe": {"lv": "nosaukts kanāls", "ru": "именованный канал"},
    "a device": {"lv": "ierīce", "ru": "устройство"},
    "a socket": {"lv": "ligzda", "ru": "сокет"},
}
INSTALL_IN = {"lv": "jāuzstāda {0}", "ru": "установите {0}"}


def reason_in(reason: str, language: str) -> str:
    """An ingest or upload reason ("corrupt PDF: startxref not found") in the interface language, each of its
    "; "-separated parts; a reason no pattern knows stays as it is."""
    if language == "en":
        return reason
    return "; ".join(_reason_part_in(part, language) for part in reason.split("; "))


# ingest/attachments.py: an attached document's reason or warning, the reader's own words after the name
ATTACHMENT_REASON = re.compile(r"^attachment (.+?)( not read)?: (.+)$")
ATTACHMENT_IN = {"lv": ("pielikums {0}: {1}", "pielikums {0} netika nolasīts: {1}"),
                 "ru": ("вложение {0}: {1}", "вложение {0} не прочитано: {1}")}  # fmt: skip


KEPT_EARLIER_IN = {"lv": ": iepriekš indeksētā versija paliek meklēšanā",
                   "ru": ": ранее проиндексированная версия остаётся в поиске"}
OCR_LANGUAGES_IN = {"lv": " (OCR valodas: {})", "ru": " (языки OCR: {})"}
OCR_LANGUAGES = re.compile(re.escape(OCR_LANGUAGES_SAID).replace(r"\{\}", r"([\w+]+)") + "$")


def _reason_part_in(part: str, language: str) -> str:
    if attached := ATTACHMENT_REASON.match(part):
        said = ATTACHMENT_IN[language][bool(attached[2])]
        return said.format(attached[1], _reason_part_in(attached[3], language))
    if part.endswith(KEPT_EARLIER):  # "cannot read: ...: the version indexed before stays in the search"
        return _reason_part_in(part.removesuffix(KEPT_EARLIER), language) + KEPT_EARLIER_IN[language]
    if languages := OCR_LANGUAGES.search(part):  # "OCR found no text (OCR in lav+eng+rus)"
        return _reason_part_in(part[: languages.start()], language) + OCR_LANGUAGES_IN[language].format(languages[1])
    install = ""
    if hint := INSTALL_HINT.search(part):  # "no text layer: needs OCR: install tesseract-ocr ...": said apart
        part, install = part[: hint.start()], ": " + INSTALL_IN[language].format(hint[1])
    for pattern, names in REASONS:
        if match := pattern.match(part):
            groups = (page_list_in(group, language) if group and PAGE_LIST_TEXT.fullmatch(group)
                      else SYSTEM_WORDS[group][language] if group in SYSTEM_WORDS else figure_in(group)
                      for group in match.groups())  # fmt: skip
            return names[language].format(*groups) + install
    return part + install


PAGE_LIST_TEXT = re.compile(PAGE_LIST)
FIGURE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?((?: [A-Za-z]+)?)")  # "20,000", "81.0 MB", "3,001 MB"


def figure_in(text: str | None) -> str | None:
    """A figure as Latvian and Russian write it: "20 000", "81,0 MB" (a thin space between thousands); other text as it is."""
    found = FIGURE.fullmatch(text) if text else None
    if not found:
        return text
    return found[1].replace(",", "\u202f") + (found[2] or "").replace(".", ",") + found[3]


PAGE_LISTS: dict[str, Callable[[str], str]] = {  # how each language writes the page numbers "1-4, 7"
    "lv": lambda numbers: ", ".join(".–".join(run.split("-")) + "." for run in numbers.split(", ")) + " lpp.",
    "ru": lambda numbers: "с. " + numbers.replace("-", "–"),
}


def page_list_in(pages: str, language: str) -> str:
    """'pages 1-4, 7' as Latvian ('1.–4., 7. lpp.') or Russian ('с. 1–4, 7') writes it."""
    numbers, more = pages.split(" ", 1)[1].removesuffix(" ..."), pages.endswith(" ...")
    return PAGE_LISTS[language](numbers) + (" …" if more else "")


SERVER_FOLDERS = re.compile(r"(?<![\w:/.~-])/(?:[^\s/]+/)+")  # "/srv/kb/" in "/srv/kb/index" (not in URLs)


def hide_paths(message: str) -> str:
    """The message on one line, with absolute paths reduced to their last part ("/srv/kb/index" -> "index")."""
    return " ".join(SERVER_FOLDERS.sub("", message).split())


def cite(hit: Hit, text: dict[str, str]) -> str:
    """The hit's citation with the interface language's page labels ("14. lpp.", "с. 14") and word for an e-mail's
    attachment ("pielikums programma.pdf")."""
    return hit.cite(text["page"], text["pages"], text["attachment"])


def place(hit: Hit, text: dict[str, str]) -> str:
    """Where in its file a passage is: "pielikums programma.pdf, 2. lpp.", "14. lpp.", or ''."""
    return hit.place(text["page"], text["pages"], text["attachment"])
