"""Read spreadsheets: Excel (XLSX and macro-enabled XLSM with openpyxl, legacy XLS with xlrd), OpenDocument (ODS, read
by ingest/office.py's odfpy reader) and CSV or TSV text.

Participants' feedback forms (Google Forms and Microsoft Forms export them as XLSX or CSV), activity plans and
partner lists are kept as spreadsheets. Each sheet becomes a heading (its name, unless it is the program's default:
"Sheet1", "Lapa1", "Лист1") and one table block per row, each cell after its column's
header ("Ko jūs iemācījāties?: Kā vadīt kafejnīcu ..."): a feedback answer keeps its question. A sheet's first row of
two or more cells is its header, single cells above it its title lines; after an empty row, a row of short labels
starts another table. Cells are shown as the program would: whole numbers without ".0", dates as 2024-05-03. A
spreadsheet has no pages: a passage is cited by its file and found by its sheet's name. Formulas give their last
computed value (what Excel saved); charts and pictures are not read.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import struct
from collections.abc import Iterable, Sequence

from ingest.office import BROKEN_PACKAGE
from ingest.read import ENCRYPTED_PACKAGE, HEADER_WORDS, OLE_MAGIC, check_unpacked_size, decode_text, normalize_text, table_blocks
from ingest.types import Block, Document
from kb.errors import UnreadableFile, corrupt

MAX_ROWS = 20_000  # rows read from one file, all sheets together: a data export's millions of rows are not lessons
MAX_COLUMNS = 200  # columns read from one row (a stray cell in column XFD would widen every row to 16,384)
# A sheet name the program gave: "Sheet1", "Lapa1", "Лист1", "Tabelle1", "Form Responses 1", "Veidlapas atbildes 1"
DEFAULT_SHEET_NAME = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)? ?\d{1,3}|Sheet")

Rows = Iterable[Sequence[object]]  # a row is a list or a tuple


def read_spreadsheet(data: bytes, file_type: str, max_unpacked_mb: float = 500) -> Document:
    """Read an 'xlsx', 'xls' or 'csv' file's bytes (ODS: ingest/office.py); raise UnreadableFile when it cannot be read."""
    if file_type == "csv":
        return read_csv(data)
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
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        try:
            sheets = [(sheet.title, sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)) for sheet in workbook.worksheets]
            return spreadsheet_document("xlsx", sheets, workbook.properties.title)  # a broken sheet: found as it is read
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
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
        try:
            sheets = [(name, _xls_rows(book, book.sheet_by_index(index))) for index, name in enumerate(book.sheet_names())]
            return spreadsheet_document("xls", sheets, None)
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


def _xls_rows(book, sheet) -> Rows:
    import xlrd

    for number in range(sheet.nrows):
        row = []
        for cell in sheet.row_slice(number, 0, min(sheet.ncols, MAX_COLUMNS)):
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
        yield row


def read_csv(data: bytes) -> Document:
    """Comma, semicolon (what Excel writes where the decimal sign is a comma, as in Latvian) or tab separated text."""
    text = decode_text(data).lstrip("\ufeff")
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    rows = (row[:MAX_COLUMNS] for row in csv.reader(io.StringIO(text, newline=""), dialect))
    try:
        return spreadsheet_document("csv", [("", rows)], None)
    except csv.Error as error:  # a field past csv's limit of 131,072 characters
        raise corrupt("CSV", error) from None


def spreadsheet_document(file_type: str, sheets: Sequence[tuple[str, Rows]], title: str | None) -> Document:
    """The blocks of a workbook's sheets (name, rows of cell values), MAX_ROWS rows that are not empty at most, with a
    warning when more were left unread."""
    blocks: list[Block] = []
    warnings: list[str] = []
    left = MAX_ROWS
    for name, rows in sheets:
        texts: list[list[str]] = []
        empty: Sequence[object] = ()
        for row in rows:
            if row is empty:  # openpyxl gives one tuple for every row a sheet leaves out (a million, if it likes)
                continue
            if row.count(None) + row.count("") == len(row):
                empty = row
                if texts and texts[-1]:  # empty rows part tables: one is enough
                    texts.append([])
                continue
            if left == 0:
                warnings.append(f"only the first {MAX_ROWS:,} rows read" + (f" (sheet {name} not to its end)" if name else ""))
                break
            texts.append([cell_text(value) for value in row])
            left -= 1
        sheet_blocks = table_blocks_of_sheet(texts)
        if sheet_blocks and name and not DEFAULT_SHEET_NAME.fullmatch(name.strip()):
            sheet_blocks.insert(0, Block(normalize_text(name).strip(), "heading"))
        blocks += sheet_blocks
        if left == 0 and warnings:
            break
    if not blocks:
        raise UnreadableFile("empty: no text in any cell" if sheets else "empty: no sheets")
    return Document(file_type, tuple(blocks), None, normalize_text(title).strip() or None if title else None, tuple(warnings))


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
    return normalize_text(str(value)).strip()


def table_blocks_of_sheet(rows: Sequence[Sequence[str]]) -> list[Block]:
    """A sheet's rows as tables. Single cells of text above other rows are titles; the first row of two or more cells is the
    header, unless it holds a number or a date (a sheet of data only); after an empty row, the rows are read under
    the header before it, unless their first row is a row of short labels (another table: _starts_table)."""
    blocks: list[Block] = []
    header: Sequence[str] = ()
    for run in _runs(rows):
        while run and (len(run) > 1 or not header) and _filled(run[0]) < 2 and not _number(_first_filled(run[0])):
            blocks.append(Block(_first_filled(run[0]), "heading"))
            run = run[1:]
        if not run:
            continue
        if not header and len(run) == 1 and _labels(run[0]):  # labels with nothing under them: a line of text
            blocks.append(Block(" | ".join(cell for cell in run[0] if cell), "table"))
            continue
        if _starts_table(run, header):
            header, run = run[0], run[1:]
        if header:
            width = max(len(row) for row in [header, *run])
            blocks += table_blocks([[*header, *[""] * (width - len(header))], *run], None)
        else:
            blocks += [Block("; ".join(cell for cell in row if cell), "table") for row in run]
    return blocks


def _starts_table(run: Sequence[Sequence[str]], header: Sequence[str]) -> bool:
    """Whether a run's first row is its header: in a sheet's first table, any row without a number or a date; after
    it, a row of labels with rows under it that do not repeat its cells (["Asociação Sol", "Portugāle"] above
    ["Asociação Lua", "Portugāle"] is data, as is a row of text alone)."""
    first, below = run[0], run[1:]
    if not header:
        return not any(_number(cell) for cell in first)
    repeated = any(cell and any(column < len(row) and row[column] == cell for row in below) for column, cell in enumerate(first))
    return bool(below) and _labels(first) and not repeated


def _runs(rows: Sequence[Sequence[str]]) -> list[list[Sequence[str]]]:
    """The rows between empty rows."""
    runs: list[list[Sequence[str]]] = [[]]
    for row in rows:
        if any(row):
            runs[-1].append(row)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _first_filled(row: Sequence[str]) -> str:
    return next(cell for cell in row if cell)


def _filled(row: Sequence[str]) -> int:
    return sum(bool(cell) for cell in row)


def _number(cell: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d\s.,:%/]*\d[\d\s.,:%/]*", cell))


def _labels(row: Sequence[str]) -> bool:
    """A row of column labels: two or more cells, each a few words and no number."""
    cells = [cell for cell in row if cell]
    return len(cells) >= 2 and all(len(cell.split()) <= HEADER_WORDS and not _number(cell) for cell in cells)
