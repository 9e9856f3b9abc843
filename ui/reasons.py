"""Why a file was not indexed or an upload failed, said in the interface language: ingest's English reasons matched
by pattern and translated (their figures, page lists and system words too), and server paths left out."""

from __future__ import annotations

import re
from collections.abc import Callable

from kb.errors import KnowledgeBaseError
from kb.plan import KEPT_EARLIER, OCR_LANGUAGES_SAID


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
        (r"^page numbers not known: the file does not say where all its pages break \(a PDF of it does\)$",
         {"lv": "lappušu numuri nav zināmi: fails nenorāda, kur beidzas visas tā lappuses (tā PDF norāda)",
          "ru": "номера страниц неизвестны: файл не указывает, где кончаются все его страницы (его PDF указывает)"}),
        (r"^hidden slides not read: (.+)$",
         {"lv": "slēptie slaidi netika nolasīti: {0}", "ru": "скрытые слайды не прочитаны: {0}"}),
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
        (r"^not in (.+), where its folder was moved$",
         {"lv": "nav mapē {0}, uz kuru pārvietota tā mape", "ru": "нет в папке {0}, куда перемещена его папка"}),
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
        # OCR (ingest/recover.py, ingest/ocr.py); a trailing ": install tesseract-ocr ..." is said apart (INSTALL_HINT)
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

