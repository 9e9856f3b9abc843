"""The interface's words in English, Latvian and Russian (LABELS): almost only data, one block per language with the
same keys (a test checks it).

A new interface language is a block here, and its words in ui/names.py's and ui/reasons.py's tables.
"""

from __future__ import annotations

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
        "show_results": "Show the results",
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
        "linked_values": "from the link: {values} (type to choose others)",
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
        "download_member": "Download this file from the archive",
        "collect": "Add to handout",
        "collected": "Added to the handout ({count}). Download it from the sidebar.",
        "uncollected": "Removed from the handout ({count} left).",
        "collect_underlined": "Add only the underlined text",
        "page_image": "Page {page} of “{title}” as an image; its text is beside it",
        "handout": "Handout",
        "handout_empty": "Tick hits or card sentences to collect them here.",
        "handout_gone": "Passages no longer in the knowledge base, left out: {count}.",
        "filters_gone": "Filter values in the link that match nothing in the knowledge base now were left out: {filters}.",
        "handout_repeated": "The same text from another copy, left out: {count}.",
        "handout_md": "Download Markdown",
        "handout_csv": "Download CSV",
        "csv_columns": "title|organisation|project_number|source|attachment|page|page_end|citation|language|text|passage_id"
        "|sheet|page_unit",
        "page_units": "page|slide|row",  # what a handout's page numbers count
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
        "slide": "slide",
        "slides": "slides",
        "row": "row",
        "rows": "rows",
        "sheet": "sheet",
        "attachment": "attachment",
        "member": "file",
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
        "show_results": "Rādīt rezultātus",
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
        "linked_values": "no saites: {values} (ierakstiet, lai izvēlētos citus)",
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
        "download_member": "Lejupielādēt šo failu no arhīva",
        "collect": "Pievienot izdales materiālam",
        "collected": "Pievienots izdales materiālam ({count}). Lejupielādējiet to sānjoslā.",
        "uncollected": "Izņemts no izdales materiāla (palika {count}).",
        "collect_underlined": "Pievienot tikai pasvītroto tekstu",
        "page_image": "Dokumenta “{title}” {page}. lapa attēlā; tās teksts ir blakus",
        "handout": "Izdales materiāls",
        "handout_empty": "Atzīmējiet rezultātus vai kartīšu teikumus, lai tos savāktu šeit.",
        "handout_gone": "Fragmenti, kuru zināšanu bāzē vairs nav, izlaisti: {count}.",
        "filters_gone": "Saites filtru vērtības, kurām zināšanu bāzē vairs nekas neatbilst, izlaistas: {filters}.",
        "handout_repeated": "Tas pats teksts no citas kopijas, izlaists: {count}.",
        "handout_md": "Lejupielādēt Markdown",
        "handout_csv": "Lejupielādēt CSV",
        "csv_columns": "nosaukums|organizācija|projekta numurs|avots|pielikums|lappuse|pēdējā lappuse|atsauce|valoda|teksts|"
        "fragmenta id|lapa|numuru vienība",
        "page_units": "lappuse|slaids|rinda",
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
        "slide": "{}. slaids",
        "slides": "{}.–{}. slaidi",
        "row": "{}. rinda",
        "rows": "{}.–{}. rindas",
        "sheet": "lapa",
        "attachment": "pielikums",
        "member": "fails",
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
        "show_results": "Показать результаты",
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
        "linked_values": "из ссылки: {values} (введите, чтобы выбрать другие)",
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
        "download_member": "Скачать этот файл из архива",
        "collect": "Добавить в раздаточный материал",
        "collected": "Добавлено в раздаточный материал ({count}). Скачайте его на боковой панели.",
        "uncollected": "Убрано из раздаточного материала (осталось {count}).",
        "collect_underlined": "Добавить только подчёркнутый текст",
        "page_image": "Страница {page} документа «{title}» в виде изображения; её текст рядом",
        "handout": "Раздаточный материал",
        "handout_empty": "Отметьте результаты или предложения карточек, чтобы собрать их здесь.",
        "handout_gone": "Фрагменты, которых больше нет в базе знаний, пропущены: {count}.",
        "filters_gone": "Значения фильтров из ссылки, которым в базе знаний больше ничего не соответствует, пропущены: "
        "{filters}.",
        "handout_repeated": "Тот же текст из другой копии, пропущен: {count}.",
        "handout_md": "Скачать Markdown",
        "handout_csv": "Скачать CSV",
        "csv_columns": "название|организация|номер проекта|источник|вложение|страница|последняя страница|ссылка|язык|текст|"
        "id фрагмента|лист|единица номеров",
        "page_units": "страница|слайд|строка",
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
        "slide": "слайд",
        "slides": "слайды {}–{}",
        "row": "строка",
        "rows": "строки {}–{}",
        "sheet": "лист",
        "attachment": "вложение",
        "member": "файл",
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

