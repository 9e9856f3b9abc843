"""The SQLite store: documents, the files they came from, and passages (row = vector id = BM25 id)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.types import DocumentInfo, PageStarts, PartInfo, Passage
from kb import filters
from kb.analysis import fold

SCHEMA = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,      -- first 16 hex digits of the content's SHA-256
    file_type TEXT NOT NULL,
    title TEXT NOT NULL,
    language TEXT NOT NULL,
    pages INTEGER,
    organisations TEXT NOT NULL,  -- JSON lists
    project_numbers TEXT NOT NULL,
    years TEXT NOT NULL,
    countries TEXT NOT NULL,
    places TEXT NOT NULL,
    warnings TEXT NOT NULL,
    parts TEXT NOT NULL           -- JSON [[name, organisations, project numbers], ...]: an e-mail's message ("") and files
);
CREATE TABLE files (              -- every file seen, indexed or skipped: the ingest report
    path TEXT PRIMARY KEY,        -- absolute path, for sync
    source TEXT NOT NULL,         -- the name shown in citations
    sha256 TEXT,
    size INTEGER,
    mtime_ns INTEGER,
    doc_id TEXT REFERENCES documents(doc_id),  -- NULL when skipped
    warnings TEXT NOT NULL
);
CREATE TABLE passages (
    row INTEGER PRIMARY KEY,      -- position in the vector and BM25 indexes
    passage_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    heading TEXT NOT NULL,
    page_start INTEGER,
    page_end INTEGER,
    language TEXT NOT NULL,
    words INTEGER NOT NULL,       -- length, for the dense leg's short-passage prior
    themes TEXT NOT NULL,         -- JSON list of theme ids (ingest/taxonomy.json)
    kind TEXT NOT NULL,           -- knowledge kind: practice, recommendation, result, ...
    ocr INTEGER NOT NULL,         -- 1 when some of its text was read by OCR (ingest/ocr_pages.py)
    attachment TEXT NOT NULL,     -- the e-mail attachment it was read from ('' for none); its pages are that file's
    page_starts TEXT NOT NULL,    -- JSON [[offset, page], ...]: where in text each of its pages starts
    kinds TEXT NOT NULL,          -- JSON list: its kind, then the other kinds its sentences surely carry, for the kind filter
    sheet TEXT                    -- a spreadsheet's passage: its sheet ('' unnamed), and its pages are rows; NULL otherwise
);
CREATE INDEX passages_by_document ON passages(doc_id, position);
CREATE INDEX passages_by_language ON passages(language);  -- the language filter: 86 -> 3 ms at 1M passages
CREATE INDEX files_by_document ON files(doc_id);
"""

LIST_FIELDS = ("organisations", "project_numbers", "years", "countries", "places")
# Which of a document's files (the same content under several names) its citations name: the oldest, then the shortest
# name. A copy made later ("pārskats (1).pdf", "pārskats - kopija.pdf") never takes over the name hits were cited by.
CITED_FIRST = "ORDER BY mtime_ns, length(source), source"


def cited_first(record: FileRecord) -> tuple:
    """CITED_FIRST's order for records in hand (a sort key)."""
    return record.mtime_ns or 0, len(record.source), record.source


@dataclass(frozen=True)
class FileRecord:
    path: str
    source: str
    sha256: str | None
    size: int | None
    mtime_ns: int | None
    doc_id: str | None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredDocument:
    doc_id: str
    file_type: str
    info: DocumentInfo
    pages: int | None
    warnings: tuple[str, ...]
    sources: tuple[str, ...]
    passages: int


def create(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA)
    return _with_functions(connection)


def open_read_only(path: Path) -> Store:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return Store(_with_functions(connection))


def _with_functions(connection: sqlite3.Connection) -> sqlite3.Connection:
    """fold(text) for the filters (kb.filters): SQLite's lower() leaves every letter outside ASCII as it is."""
    connection.create_function("fold", 1, lambda text: fold(text) if isinstance(text, str) else text, deterministic=True)
    return connection


def write_document(
    connection: sqlite3.Connection,
    doc_id: str,
    file_type: str,
    info: DocumentInfo,
    pages: int | None,
    warnings: Sequence[str],
) -> None:
    connection.execute(
        "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            doc_id,
            file_type,
            info.title,
            info.language,
            pages,
            *(json.dumps(list(getattr(info, name)), ensure_ascii=False) for name in LIST_FIELDS),
            json.dumps(list(warnings), ensure_ascii=False),
            json.dumps([[p.name, p.organisations, p.project_numbers] for p in info.parts], ensure_ascii=False),
        ),
    )


def write_passages(connection: sqlite3.Connection, first_row: int, passages: Iterable[Passage]) -> None:
    connection.executemany(
        "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (
                first_row + i,
                p.passage_id,
                p.doc_id,
                p.position,
                p.text,
                p.heading,
                p.page_start,
                p.page_end,
                p.language,
                len(p.text.split()),
                json.dumps(list(p.themes)),
                p.kind,
                int(p.ocr),
                p.attachment,
                json.dumps(p.page_starts),
                json.dumps(list(p.kinds or (p.kind,))),
                p.sheet,
            )
            for i, p in enumerate(passages)
        ),
    )


def write_file(connection: sqlite3.Connection, record: FileRecord) -> None:
    connection.execute(
        "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?)",
        (
            record.path,
            record.source,
            record.sha256,
            record.size,
            record.mtime_ns,
            record.doc_id,
            json.dumps(list(record.warnings), ensure_ascii=False),
        ),
    )


class Store:
    """Read access, safe to share across threads (one connection, one lock, no writes)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._connection.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        columns = {row["name"] for row in self.query("PRAGMA table_info(documents)")}
        self._parts = ", d.parts" if "parts" in columns else ""  # a store written before schema version 6 has none
        passage_columns = {row["name"] for row in self.query("PRAGMA table_info(passages)")}
        # before schema version 7 a passage has only its own kind
        self._filter_columns = {} if "kinds" in passage_columns else {"p.kinds": "json_array(p.kind)"}

    def query(self, sql: str, parameters: Sequence = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._connection.execute(sql, parameters).fetchall()

    def passage_texts(self, batch: int = 2000) -> Iterator[tuple[str, str]]:
        """Every passage's id and text, in row order, read a batch at a time: other searches wait for one batch, not
        for the whole scan."""
        after = -1
        while rows := self.query("SELECT row, passage_id, text FROM passages WHERE row > ? ORDER BY row LIMIT ?", (after, batch)):
            yield from ((row["passage_id"], row["text"]) for row in rows)
            after = rows[-1]["row"]

    def close(self) -> None:
        self._connection.close()

    def files(self) -> list[FileRecord]:
        return [
            FileRecord(
                r["path"],
                r["source"],
                r["sha256"],
                r["size"],
                r["mtime_ns"],
                r["doc_id"],
                tuple(json.loads(r["warnings"])),
            )
            for r in self.query("SELECT * FROM files ORDER BY source")
        ]

    def documents(self) -> list[StoredDocument]:
        rows = self.query(
            f"""SELECT d.*, (SELECT json_group_array(source) FROM (SELECT source FROM files f WHERE f.doc_id = d.doc_id
                                                                  {CITED_FIRST})) AS sources,
                      (SELECT count(*) FROM passages p WHERE p.doc_id = d.doc_id) AS passage_count
               FROM documents d ORDER BY d.title"""
        )
        return [_document(row) for row in rows]

    def word_counts(self) -> np.ndarray:
        """Words per passage, indexed by row."""
        with self._lock:  # streamed: a million rows never exist as Python objects at once
            cursor = self._connection.execute("SELECT words FROM passages ORDER BY row")
            return np.fromiter((row[0] for row in cursor), dtype=np.int32)

    def language_codes(self) -> tuple[list[str], np.ndarray]:
        """The passages' languages as (names, code of each row): a million rows in a few megabytes."""
        names: dict[str, int] = {}
        with self._lock:
            cursor = self._connection.execute("SELECT language FROM passages ORDER BY row")
            codes = np.fromiter((names.setdefault(row[0], len(names)) for row in cursor), dtype=np.int16)
        return list(names), codes

    def passages_of(self, doc_id: str) -> list[Passage]:
        rows = self.query("SELECT * FROM passages WHERE doc_id = ? ORDER BY position", (doc_id,))
        return [passage_of(row) for row in rows]

    def rows_of(self, doc_id: str) -> list[int]:
        return [r["row"] for r in self.query("SELECT row FROM passages WHERE doc_id = ? ORDER BY position", (doc_id,))]

    def hit_rows(self, rows: Sequence[int]) -> dict[int, sqlite3.Row]:
        """Passage, document and first source for each row, for building hits."""
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        result = self.query(
            f"""SELECT p.*, d.title, d.file_type, d.organisations, d.project_numbers, d.years, d.countries{self._parts},
                       (SELECT source FROM files f WHERE f.doc_id = p.doc_id {CITED_FIRST} LIMIT 1) AS source
                FROM passages p JOIN documents d USING (doc_id) WHERE p.row IN ({marks})""",
            list(rows),
        )
        return {row["row"]: row for row in result}

    def filtered_rows(self, chosen: Mapping[str, Sequence]) -> list[int]:
        """Rows passing every filter given values (kb/filters.py); several values of one filter accept any."""
        where, parameters = filters.where_clause(chosen)
        sql = self._in_this_store(f"SELECT p.row FROM {filters.PASSAGES} WHERE {where}")
        return [r["row"] for r in self.query(sql, parameters)]

    def facet(self, facet: filters.Filter, chosen: Mapping[str, Sequence]) -> list[tuple[str, int]]:
        """The facet's values and passage counts among the passages the chosen values of the other filters keep."""
        where, parameters = filters.where_clause({name: values for name, values in chosen.items() if name != facet.name})
        return [(str(r[0]), r[1]) for r in self.query(self._in_this_store(facet.facet.format(where=where)), parameters)]

    def _in_this_store(self, sql: str) -> str:
        """A filter's SQL on the columns this store has (one an older kb wrote lacks the newest)."""
        for column, older in self._filter_columns.items():
            sql = sql.replace(column, older)
        return sql


def passage_of(row: sqlite3.Row) -> Passage:
    """The passage a row of the passages table holds (with or without its document's columns)."""
    return Passage(
        row["passage_id"],
        row["doc_id"],
        row["position"],
        row["text"],
        row["heading"],
        row["page_start"],
        row["page_end"],
        row["language"],
        tuple(json.loads(row["themes"])),
        row["kind"],
        bool(row["ocr"]),
        attachment_of(row),
        page_starts_of(row),
        tuple(json.loads(row["kinds"])) if "kinds" in row.keys() else (row["kind"],),  # before schema version 7
        sheet_of(row),
    )


def attachment_of(row: sqlite3.Row) -> str:
    """The passage's attachment; '' in a store written before schema version 5 (no such column)."""
    return row["attachment"] if "attachment" in row.keys() else ""


def sheet_of(row: sqlite3.Row) -> str | None:
    """The sheet of a spreadsheet's passage; None for other passages and in a store written before schema version 8
    (its spreadsheets' passages had no rows: their file is read again, READER_VERSION)."""
    return row["sheet"] if "sheet" in row.keys() else None


def cited_metadata(row: sqlite3.Row) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The organisations and project numbers a passage's citation names (a hit_rows row): its own part's in an e-mail
    (the message's, or the attached file's it comes from), else its document's."""
    for name, organisations, project_numbers in parts_of(row):
        if name == attachment_of(row):
            return tuple(organisations), tuple(project_numbers)
    return tuple(json.loads(row["organisations"])), tuple(json.loads(row["project_numbers"]))


def parts_of(row: sqlite3.Row) -> list:
    """A document row's parts as stored; [] in a store written before schema version 6 (no such column)."""
    return json.loads(row["parts"]) if "parts" in row.keys() else []


def page_starts_of(row: sqlite3.Row) -> PageStarts:
    """Where the passage's pages start; () in a store written before schema version 6 (no such column)."""
    return tuple(map(tuple, json.loads(row["page_starts"]))) if "page_starts" in row.keys() else ()  # type: ignore[return-value]


def _document(row: sqlite3.Row) -> StoredDocument:
    lists = (tuple(json.loads(row[name])) for name in LIST_FIELDS)
    parts = tuple(PartInfo(name, tuple(organisations), tuple(numbers)) for name, organisations, numbers in parts_of(row))
    info = DocumentInfo(row["title"], row["language"], *lists, parts=parts)
    return StoredDocument(
        row["doc_id"],
        row["file_type"],
        info,
        row["pages"],
        tuple(json.loads(row["warnings"])),
        tuple(json.loads(row["sources"])),  # the one cited first
        row["passage_count"],
    )
