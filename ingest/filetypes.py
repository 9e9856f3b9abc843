"""The file types ingest reads, known by a file's name: SUPPORTED_SUFFIXES (a new format is one entry here and its
reader's branch in ingest/read.py), which of them are pictures of pages (PICTURE_TYPES, read by OCR), and file_type_of.
"""

from __future__ import annotations

from pathlib import Path

from kb.errors import UnreadableFile

SUPPORTED_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".md": "md", ".markdown": "md",
                      ".docm": "docx", ".dotx": "docx", ".dotm": "docx",  # Word's macro-enabled documents, its templates
                      ".pptx": "pptx", ".pptm": "pptx", ".ppsx": "pptx", ".ppsm": "pptx", ".potx": "pptx", ".potm": "pptx",
                      ".ppt": "ppt", ".pps": "ppt", ".pot": "ppt", ".doc": "doc", ".dot": "doc", ".rtf": "rtf",  # 97-2003 too
                      ".odt": "odt", ".odp": "odp", ".ott": "odt", ".otp": "odp",  # OpenDocument, its templates too
                      ".html": "html", ".htm": "html", ".mhtml": "mhtml", ".mht": "mhtml", ".eml": "eml", ".msg": "msg",
                      ".mbox": "mbox", ".edoc": "edoc", ".asice": "edoc", ".sce": "edoc", ".bdoc": "edoc", ".zip": "zip",
                      ".xlsx": "xlsx", ".xlsm": "xlsx", ".xltx": "xlsx", ".xltm": "xlsx", ".xls": "xls",  # spreadsheets
                      ".xlt": "xls", ".ods": "ods", ".ots": "ods", ".csv": "csv", ".tsv": "tsv",
                      ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff", ".tiff": "tiff",
                      ".heic": "heic", ".heif": "heic", ".webp": "webp", ".bmp": "bmp", ".gif": "gif"}  # fmt: skip
PICTURE_TYPES = ("png", "jpeg", "tiff", "heic", "webp", "bmp", "gif")  # scans or photos of pages: OCR'd (ingest/picture.py)
CONTAINER_TYPES = ("edoc", "zip")  # files of files: a signed container and an archive (ingest/containers.py)


# What Google Drive for desktop leaves in a synced folder for a Google Docs, Sheets or Slides file: a link, no text
CLOUD_LINKS = {".gdoc": "DOCX", ".gsheet": "XLSX", ".gslides": "PPTX"}


def file_type_of(name: str) -> str:
    """The file type ('pdf', 'docx', 'pptx', 'html', ...) from SUPPORTED_SUFFIXES; raises UnreadableFile for anything else."""
    suffix = Path(name).suffix.lower()
    if suffix in CLOUD_LINKS:
        raise UnreadableFile(f"unsupported type: {suffix}, a link to a Google file, not its text: download it as "
                             f"{CLOUD_LINKS[suffix]} (File > Download) to index it")  # fmt: skip
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(f"unsupported type: {suffix or 'no extension'}")
    return SUPPORTED_SUFFIXES[suffix]
