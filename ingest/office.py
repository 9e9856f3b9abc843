"""Read office files: PowerPoint (PPTX, and PPT through LibreOffice), OpenDocument text, slides and spreadsheets
(ODT, ODP, ODS: its sheets as ingest/sheets.py reads any spreadsheet's), legacy Word (DOC), RTF.

read_office hands a file to the reader of its format: PPTX and PPT to ingest/powerpoint.py (what slide decks share:
ingest/decks.py), ODT, ODP and ODS to ingest/opendocument.py, DOC to ingest/doc.py (antiword and catdoc, run by
ingest/tools.py), RTF to ingest/rtf.py.
"""

from __future__ import annotations

from ingest.doc import read_doc
from ingest.opendocument import read_odf
from ingest.powerpoint import read_ppt, read_pptx
from ingest.rtf import read_rtf
from ingest.types import Document
from kb.errors import UnreadableFile


def read_office(data: bytes, file_type: str, max_unpacked_mb: float = 500) -> Document:
    """Read a 'pptx', 'ppt', 'odt', 'odp', 'doc' or 'rtf' file's bytes; raise UnreadableFile when there is nothing to index."""
    if file_type == "pptx":
        return read_pptx(data, max_unpacked_mb)
    if file_type == "ppt":
        return read_ppt(data, max_unpacked_mb)
    if file_type in ("odt", "odp", "ods"):
        return read_odf(data, file_type, max_unpacked_mb)
    if file_type == "doc":
        return read_doc(data)
    if file_type == "rtf":
        return read_rtf(data)
    raise UnreadableFile(f"unsupported type: {file_type}")
