"""Tables (DOCX, PPTX, ODT, HTML, spreadsheets) as blocks: one a row, each cell after its column's header; a
two-column form as "label: text" rows; a row across the table a heading over the rows under it; rows of text joined
by " | "; a text beside its translation read a column after the other (table_blocks).
"""

from __future__ import annotations

from ingest.enrich import writing_script
from ingest.text import normalize_text
from ingest.types import Block

HEADER_WORDS = 6  # a column's header is a name; a cell of more words in a two-column table's first row is text


def _text_cell(cell: str) -> bool:
    """A cell of text, not a column's name: more than HEADER_WORDS words, and no question or label ("Ko jūs
    iemācījāties un ko izmantosiet savā biedrībā?" heads a survey's answers)."""
    return len(cell.split()) > HEADER_WORDS and not cell.rstrip().endswith(("?", ":"))


TRANSLATED_WORDS = 4  # words a cell has on average in a table of a text beside its translation


def _parallel_columns(rows: list[list[str]]) -> tuple[int, int] | None:
    """The two columns of a table of the same text in two scripts side by side (Latvian | Russian, row by row), or
    None: each column's text in one script, another for each, in two rows or more, each row's two cells of like
    lengths and of TRANSLATED_WORDS words or more on average. Read a column after the other,
    each language's text stays whole (ingest/split.py starts a passage where the script changes)."""
    if len(rows) < 2 or any(len(row) != 2 for row in rows):
        return None
    scripts = [writing_script(" ".join(row[column] for row in rows)) for column in (0, 1)]
    if None in scripts or scripts[0] == scripts[1]:
        return None
    # a translation: sentences, row by row of like lengths (not names beside roles, not a glossary's words)
    lengths = [(len(first.split()), len(second.split())) for first, second in rows]
    if any(bool(a) != bool(b) or max(a, b) > 2 * min(a, b) for a, b in lengths if a or b):
        return None
    return (0, 1) if sum(a + b for a, b in lengths) >= 2 * TRANSLATED_WORDS * len(rows) else None


def table_blocks(
    rows: list[list[str]], page: int | None, row_pages: list[int] | None = None, headed: bool = False
) -> list[Block]:
    """A table (DOCX, PPTX, ODT, HTML) as one block per row, each cell prefixed by its column header; a two-column
    table whose first row is not a header ("Koris | Ukraiņu un latviešu koris ...") as "label: text" rows. A row of
    one cell in a wider table (a DOCX cell merged across it: "Janvāris", "2. diena") is a heading over the rows under
    it (a line of its own when none are), never the columns' header. A first row with a cell of text (more than
    HEADER_WORDS words, not a survey's question) is no header but the table's first line ("2. diena | Dalībnieki
    apmeklēja ... | Foto"): each row is then its cells joined by " | ". `headed`: the first row is the header, whatever
    it holds (a spreadsheet's reader decided: a survey's questions may be long)."""
    pages = row_pages or [page] * len(rows)  # each row's page (a long DOCX table's), else the table's
    kept = [([normalize_text(cell).strip() for cell in row], at) for row, at in zip(rows, pages)]
    kept = [(row, at) for row, at in kept if any(row)]
    rows, pages = [row for row, _ in kept], [at for _, at in kept]
    if (columns := _parallel_columns(rows)) is not None:  # a leaflet's Latvian text beside its Russian translation
        return [Block(row[column], "paragraph", at) for column in columns for row, at in zip(rows, pages) if row[column]]
    wide = max((len(row) for row in rows), default=0) > 1
    blocks = []
    while rows and wide and len(rows[0]) == 1:  # a title across the table
        blocks.append(Block(rows.pop(0)[0], "heading", pages.pop(0)))
    if not rows:
        return blocks
    header, body = rows[0], rows[1:]
    form = all(len(row) in (1, 2) for row in rows) and len(header) == 2 and len(header[1].split()) > HEADER_WORDS
    form = form and not _text_cell(header[0]) and not headed  # a label and its text, not two paragraphs side by side
    if not form and (not body or not headed and any(_text_cell(cell) for cell in header)):  # no header: rows of text
        return [*blocks, *(Block(" | ".join(cell for cell in row if cell), "table", at) for row, at in zip(rows, pages))]
    listed, listed_pages = (rows, pages) if form else (body, pages[1:])
    for number, (row, at) in enumerate(zip(listed, listed_pages)):
        if wide and len(row) == 1:  # over the rows under it; the last row (a total, a summary) is a line of the table
            labels = number + 1 < len(listed) and len(listed[number + 1]) > 1
            blocks.append(Block(row[0], "heading" if labels else "table", at))
        elif form:
            label, value = row
            if value:  # a form's "label | text" rows
                blocks.append(Block(f"{label}: {value}" if label else value, "table", at))
        elif cells := [f"{name}: {value}" if name else value for name, value in zip(header, row) if value]:
            blocks.append(Block("; ".join(cells), "table", at))
    return blocks
