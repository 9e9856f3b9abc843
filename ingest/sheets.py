"""Read spreadsheets: Excel (XLSX and macro-enabled XLSM with openpyxl, legacy XLS with xlrd), OpenDocument (ODS, read
by ingest/opendocument.py's odfpy reader) and CSV or TSV text.

Participants' feedback forms (Google Forms and Microsoft Forms export them as XLSX or CSV), activity plans and
partner lists are kept as spreadsheets. Each sheet becomes a heading (its name, unless it is the program's default:
"Sheet1", "Lapa1", "Лист1") and one table block per row, each cell after its column's
header ("Ko jūs iemācījāties?: Kā vadīt kafejnīcu ..."): a feedback answer keeps its question. A sheet's first row of
two or more cells is its header, single cells above it its title lines; after an empty row, a row of short labels
starts another table. Cells are shown as the program would: whole numbers without ".0", dates as 2024-05-03. A
spreadsheet has no pages: a block's page is its row's number as the program shows it, and its sheet is named (unless
the workbook's only sheet has the program's name for it), so a passage is cited "sheet Atsauksmes, rows 12-14".
Formulas give their last computed value (what Excel saved); charts and pictures are not read.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import struct
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from ingest.packages import BROKEN_PACKAGE, ENCRYPTED_PACKAGE, OLE_MAGIC, check_unpacked_size, transitional
from ingest.tables import HEADER_WORDS, table_blocks
from ingest.text import decode_text, normalize_text
from ingest.types import Block, Document
from kb.errors import UnreadableFile, corrupt

MAX_ROWS = 20_000  # rows read from one file, all sheets together: a data export's millions of rows are not lessons
MAX_COLUMNS = 200  # columns read from one row (a stray cell in column XFD would widen every row to 16,384)
SHEET_NAME_CHARS = 100  # of a sheet's name in a citation (Excel allows 31; Calc's may run on): it stays one line
# A sheet name the program gave ("Sheet1", "Lapa1", "Лист1", "Form Responses 1"), not a person ("Grupa 1", "Q1")
DEFAULT_SHEET_NAME = re.compile(
    r"(?i)(?:sheet|lapa|лист|tabelle|feuil|hoja|foglio|arkusz|blad|planilha|munkalap|taulukko|list|tabula|form responses"
    r"|veidlapas atbildes|ответы на форму)\s?\d{0,3}"
)

FIGURE = re.compile(r"[-+\d\s.,:%/]+")
YEAR = re.compile(r"(?:19|20)\d\d")

Rows = Iterable[tuple[int, Sequence[object]]]  # each row's number as the program shows it (from 1), and its cells


def read_spreadsheet(data: bytes, file_type: str, max_unpacked_mb: float = 500) -> Document:
    """Read an 'xlsx', 'xls', 'csv' or 'tsv' file's bytes (ODS: ingest/opendocument.py); raise UnreadableFile when it cannot be
    read."""
    if file_type in ("csv", "tsv"):
        return read_csv(data, "\t" if file_type == "tsv" else None)
    if data.startswith(OLE_MAGIC):  # an .xls, whatever its name; or an .xlsx a password encrypts
        if ENCRYPTED_PACKAGE in data:
            raise UnreadableFile("encrypted: needs a password")
        return read_xls(data)
    if data.startswith(b"PK"):  # an .xlsx, whatever its name
        return read_xlsx(data, max_unpacked_mb)
    raise UnreadableFile(f"corrupt {file_type.upper()}: not an Excel workbook")


def read_xlsx(data: bytes, max_unpacked_mb: float = 500) -> Document:
    """An Excel 2007+ workbook (.xlsx, .xlsm, templates) by openpyxl, read-only: rows are parsed as they are read."""
    check_unpacked_size(data, "XLSX", max_unpacked_mb)
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # a workbook saved as "Strict Open XML" has the ISO namespaces, which openpyxl reads as no sheets at all
        workbook = openpyxl.load_workbook(io.BytesIO(transitional(data)), read_only=True, data_only=True, keep_links=False)
        try:
            # a hidden sheet holds what its author keeps out of sight (working figures, a board's notes, personal data)
            shown = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"] or workbook.worksheets
            for sheet in shown:
                sheet.reset_dimensions()  # a sheet's own <dimension> may claim fewer rows than it has: read them all
            # every row from the first, those a sheet leaves out too (as one empty tuple): numbered as Excel shows them
            sheets = [(sheet.title, enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1)) for sheet in shown]
            hidden = [sheet.title for sheet in workbook.worksheets if sheet not in shown]
            return spreadsheet_document("xlsx", sheets, workbook.properties.title, hidden)  # a broken sheet: found as read
        finally:
            workbook.close()
    except UnreadableFile:
        raise
    except (*BROKEN_PACKAGE, InvalidFileException, SyntaxError) as error:
        raise corrupt("XLSX", error) from None


def read_xls(data: bytes) -> Document:
    """An Excel 97-2003 workbook by xlrd."""
    import xlrd
    from xlrd.compdoc import CompDocError

    try:
        # ragged: a row as long as its own cells (one cell in IV65536 padded every row to 256: 5 s and 155 MB a sheet)
        book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True, logfile=io.StringIO())
        try:
            names = book.sheet_names()
            # each sheet's visibility, from the workbook's sheet list (xlrd keeps it there; a sheet's own attribute
            # needs the sheet loaded): 0 shown, 1 hidden, 2 "very hidden"
            shown = [index for index, seen in enumerate(book._sheet_visibility) if seen == 0] or range(len(names))
            sheets = [(names[index], _xls_rows(book, index)) for index in shown]
            hidden = [name for index, name in enumerate(names) if index not in shown]
            return spreadsheet_document("xls", sheets, None, hidden)
        finally:
            book.release_resources()
    except UnreadableFile:
        raise
    except xlrd.XLRDError as error:
        if "encrypted" in str(error).lower():
            raise UnreadableFile("encrypted: needs a password") from None
        raise corrupt("XLS", error) from None
    except (*BROKEN_PACKAGE, CompDocError, AssertionError, struct.error) as error:
        raise corrupt("XLS", error) from None


def _xls_rows(book, index: int) -> Rows:
    """A sheet's rows, the sheet loaded when its rows are read and let go after."""
    import xlrd

    sheet = book.sheet_by_index(index)
    for number in range(sheet.nrows):
        row = []
        for cell in sheet.row_slice(number, 0, min(sheet.row_len(number), MAX_COLUMNS)):
            if cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                except (xlrd.xldate.XLDateError, ValueError, OverflowError):
                    row.append(cell.value)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                row.append(bool(cell.value))
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                row.append(None)
            else:
                row.append(cell.value)
        yield number + 1, row
    book.unload_sheet(index)


SEPARATOR_LINE = re.compile(r"sep=(.)\r?\n")
SEPARATORS = ";\t,|"  # in this order on a tie: a Latvian Excel's ";" CSV has commas in its numbers and headers


def read_csv(data: bytes, separator: str | None = None) -> Document:
    """Comma, semicolon (what Excel writes where the decimal sign is a comma, as in Latvian) or tab separated text: the
    separator that splits the first lines into the same number of fields, more than one, most often (a TSV: tab)."""
    text = decode_text(data).lstrip("\ufeff")
    if declared := SEPARATOR_LINE.match(text):  # Excel's "sep=;" line names the separator, and is no row of the table
        separator, text = separator or declared[1], text[declared.end() :]
    if separator is None:
        sample = text[:20_000].split("\n")[:50]
        if len(sample) > 1 and len(text) > 20_000:
            sample = sample[:-1]  # the last line may be cut
        separator = max(SEPARATORS, key=lambda candidate: _steadiness(sample, candidate))
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))  # a survey's long answer: a field of any length
    widest = 0

    def rows() -> Iterator[list[str]]:
        nonlocal widest
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            widest = max(widest, len(row))
            yield row[:MAX_COLUMNS]

    try:
        document = spreadsheet_document("csv", [("", enumerate(rows(), 1))], None)  # a record of lines is one row
    except csv.Error as error:
        raise corrupt("CSV", error) from None
    if widest > MAX_COLUMNS:
        document = replace(document, warnings=(*document.warnings, f"only the first {MAX_COLUMNS} of {widest:,} columns read"))
    return document


def _steadiness(lines: list[str], separator: str) -> float:
    """How steadily the separator splits the lines: the share of them with its most common number of fields, 0 when
    that is one field; ties go to the earlier separator (max keeps the first)."""
    try:
        counts = Counter(len(row) for row in csv.reader(io.StringIO("\n".join(lines), newline=""), delimiter=separator) if row)
    except csv.Error:
        return 0.0
    if not counts:
        return 0.0
    fields, lines_with_them = counts.most_common(1)[0]
    return lines_with_them / sum(counts.values()) if fields > 1 else 0.0


def spreadsheet_document(
    file_type: str, sheets: Sequence[tuple[str, Rows]], title: str | None, hidden: Sequence[str] = ()
) -> Document:
    """The blocks of a workbook's shown sheets (name, rows of cell values), MAX_ROWS rows that are not empty at most,
    with a warning when more were left unread, and one naming its hidden sheets, which are not read (a board's notes,
    working figures, personal data its author keeps out of sight)."""
    blocks: list[Block] = []
    warnings: list[str] = [f"hidden sheets not read: {', '.join(hidden)}"] if hidden else []
    left, cut = MAX_ROWS, False
    first_title = None  # the first sheet's title cell ("Dalībnieku atsauksmes 2024"), or the name of a sole sheet
    for number, (name, rows) in enumerate(sheets):
        texts: list[list[str]] = []
        numbers: list[int] = []  # each of texts' rows' number
        empty: Sequence[object] = ()
        for at, row in rows:
            if row is empty and not (texts and texts[-1]):  # openpyxl gives one tuple for every row a sheet leaves out
                continue  # (a million, if it likes): counted once after each table
            if row.count(None) + row.count("") == len(row):
                empty = row
                if texts and texts[-1]:  # empty rows part tables: one is enough
                    texts.append([])
                    numbers.append(at)
                continue
            if left == 0:
                warnings.append(f"only the first {MAX_ROWS:,} rows read" + (f" (sheet {name} not to its end)" if name else ""))
                cut = True
                break
            texts.append([cell_text(value) for value in row])
            numbers.append(at)
            left -= 1
        sheet_blocks = table_blocks_of_sheet(texts, numbers)
        named = bool(sheet_blocks and name and not DEFAULT_SHEET_NAME.fullmatch(name.strip()))  # not "Sheet1", not empty
        if number == 0:
            cell = next((block.text for block in sheet_blocks if block.kind == "heading"), None)
            first_title = cell or (name if named and len(sheets) == 1 else None)
        shown_name = normalize_text(name).strip()
        if named:
            sheet_blocks.insert(0, Block(shown_name, "heading"))
        # its rows are cited on it: by its name (on one line), unless it is the only sheet and the program named it
        # ("Sheet1")
        cited = " ".join(shown_name.split())[:SHEET_NAME_CHARS] if named or len(sheets) > 1 else ""
        blocks += [replace(block, sheet=cited) for block in sheet_blocks]
        if cut:
            break
    if not blocks:
        raise UnreadableFile("empty: no text in any cell" if sheets else "empty: no sheets")
    # its own title, else its first sheet's title cell, or the name of its one sheet; not a name of one of several
    title = normalize_text(title or "").strip() or (normalize_text(first_title).strip() if first_title else None)
    return Document(file_type, tuple(blocks), None, title or None, tuple(warnings))


def cell_text(value: object) -> str:
    """A cell's value as the program shows it: 12 not 12.0, 0.15, 2024-05-03 (a time only when it has one), text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".15g")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ", "minutes")
    if isinstance(value, datetime.time):
        return value.isoformat("minutes")
    if isinstance(value, str) and "_x" in value:  # Excel's escape of a character XML cannot hold: "_x000D_" is "\r"
        from openpyxl.utils.escape import unescape

        value = unescape(value)
    return normalize_text(str(value)).strip()


def table_blocks_of_sheet(rows: Sequence[Sequence[str]], numbers: Sequence[int] = ()) -> list[Block]:
    """A sheet's rows as tables, each block on its row's number (numbers: each row's; by default 1, 2, ...). Single
    cells of text above wider rows are titles; the first row is the header, unless it holds a number or a date other
    than a year (a sheet of data only), and a sheet of one column is read under its first row; after an empty row, the
    rows are read under the header before it, unless their first row is a row of short labels (another table:
    _starts_table), and single cells under a wider table are lines of their own."""
    blocks: list[Block] = []
    header: Sequence[str] = ()
    header_at = 0
    for run, at in _runs(rows, numbers or range(1, len(rows) + 1)):
        while run and _filled(run[0]) < 2 and not _number(_first_filled(run[0])) and (
            any(_filled(row) >= 2 for row in run[1:]) or (not header and len(run) == 1)
        ):
            blocks.append(Block(_first_filled(run[0]), "heading", at[0]))
            run, at = run[1:], at[1:]
        if not run:
            continue
        if len(run) == 1 and not header and _labels(run[0]):  # labels with nothing under them: a line of text
            blocks.append(Block(" | ".join(cell for cell in run[0] if cell), "table", at[0]))
            continue
        if header and _filled(header) >= 2 and all(_filled(row) < 2 for row in run):  # notes under a table
            blocks += [Block(_first_filled(row), "table", row_at) for row, row_at in zip(run, at)]
            continue
        if _starts_table(run, header):
            header, header_at, run, at = run[0], at[0], run[1:], at[1:]
        if header:
            width = max(len(row) for row in [header, *run])
            rows_read = [[*header, *[""] * (width - len(header))], *run]
            blocks += table_blocks(rows_read, None, row_pages=[header_at, *at], headed=True)
        else:
            blocks += [Block("; ".join(cell for cell in row if cell), "table", row_at) for row, row_at in zip(run, at)]
    return blocks


def _starts_table(run: Sequence[Sequence[str]], header: Sequence[str]) -> bool:
    """Whether a run's first row is its header: in a sheet's first table, a row with rows under it and no number or
    date in it but a year above other values ("Pozīcija | 2023 | 2024"); after it, a row of labels with rows under it
    that do not repeat its cells (["Asociação Sol", "Portugāle"] above ["Asociação Lua", "Portugāle"] is data, as is
    a row of text alone)."""
    first, below = run[0], run[1:]
    repeated = any(cell and any(column < len(row) and row[column] == cell for row in below) for column, cell in enumerate(first))
    if not header:
        years = [column for column, cell in enumerate(first) if YEAR.fullmatch(cell)]
        figures = any(_number(cell) and column not in years for column, cell in enumerate(first))
        years_below = any(column < len(row) and YEAR.fullmatch(row[column]) for column in years for row in below)
        return bool(below) and not figures and not years_below and not (years and repeated)
    return bool(below) and _labels(first) and not repeated


def _runs(rows: Sequence[Sequence[str]], numbers: Sequence[int]) -> list[tuple[list[Sequence[str]], list[int]]]:
    """The rows between empty rows, each run with its rows' numbers."""
    runs: list[tuple[list[Sequence[str]], list[int]]] = [([], [])]
    for row, number in zip(rows, numbers):
        if any(row):
            runs[-1][0].append(row)
            runs[-1][1].append(number)
        elif runs[-1][0]:
            runs.append(([], []))
    return [run for run in runs if run[0]]


def _first_filled(row: Sequence[str]) -> str:
    return next(cell for cell in row if cell)


def _filled(row: Sequence[str]) -> int:
    return sum(bool(cell) for cell in row)


def _number(cell: str) -> bool:
    """A figure, a date or a time as cells show them ("1 200,50", "2024-05-03 10:15", "03.05.2024", "15%")."""
    return bool(FIGURE.fullmatch(cell)) and any(character.isdigit() for character in cell)


def _labels(row: Sequence[str]) -> bool:
    """A row of column labels: two or more cells, each a few words and no number."""
    cells = [cell for cell in row if cell]
    return len(cells) >= 2 and all(len(cell.split()) <= HEADER_WORDS and not _number(cell) for cell in cells)
