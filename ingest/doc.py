"""Read a Word 97-2003 document (DOC) with antiword (Debian package antiword), catdoc when antiword cannot (a Word for
Windows 2.0 file only catdoc reads); both run as child processes with a time limit (ingest/tools.py). Its text does not
say which lines are headings or where pages break, so blocks come from text.blocks_from_lines and pages are None. RTF
saved under a .doc name is read as RTF (ingest/rtf.py).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from ingest.packages import OLE_MAGIC
from ingest.rtf import read_rtf
from ingest.text import blocks_from_lines, normalize_text
from ingest.tools import run_tool, tool_message
from ingest.types import Document
from kb.errors import UnreadableFile

WORD_2 = b"\xdb\xa5"  # how a Word for Windows 2.0 document begins (not a compound file)
WORDPERFECT = b"\xffWPC"
WORD_SYMBOL = re.compile(r'SYMBOL \d+ \\f "[^"]*"(?: \\s \d+)?(?: \\h)?')  # a bullet's field code, as catdoc prints it
NEEDS_ANTIWORD = "needs antiword: install antiword (Debian: apt-get install antiword)"
NEEDS_CATDOC = "needs catdoc: install catdoc (Debian: apt-get install catdoc)"  # Word for Windows 2.0, which antiword cannot read


def read_doc(data: bytes) -> Document:
    """A Word 97-2003 file through antiword (catdoc when antiword cannot read it)."""
    if data.lstrip().startswith(b"{\\rtf"):
        return read_rtf(data)  # Word and other tools save RTF under a .doc name
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableFile("corrupt DOC: a DOCX or ODT file under a .doc name: rename it")
    if data.startswith(WORDPERFECT):
        raise UnreadableFile("unsupported type: a WordPerfect document under a .doc name (save it as DOCX)")
    old_word = data.startswith(WORD_2)  # Word for Windows 2.0: catdoc reads it, antiword does not
    if not data.startswith(OLE_MAGIC) and not old_word:
        raise UnreadableFile("corrupt DOC: not a Word 97-2003 document")
    antiword, catdoc = None if old_word else shutil.which("antiword"), shutil.which("catdoc")
    if not antiword and not catdoc:
        raise UnreadableFile(NEEDS_CATDOC if old_word else NEEDS_ANTIWORD)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.doc"
        path.write_bytes(data)
        text, failure = None, ""
        if antiword:
            run = run_tool([antiword, "-w", "0", "-m", "UTF-8.txt", str(path)], folder)
            if run.returncode == 0:
                text = run.stdout
            elif "ncrypted" in run.stderr:
                raise UnreadableFile("encrypted: needs a password")
            else:
                failure = tool_message(run.stderr, path)
        if text is None and catdoc:
            run = run_tool([catdoc, "-w", "-d", "utf-8", str(path)], folder)
            if run.returncode == 0:
                text = run.stdout
            else:
                failure = failure or tool_message(run.stderr, path)
    if text is None:
        raise UnreadableFile(f"corrupt DOC: {failure or 'antiword could not read it'}")
    text = WORD_SYMBOL.sub("•", normalize_text(text).replace("\uf0b7", "•"))  # the Symbol font's bullet
    return Document("doc", tuple(blocks_from_lines(text.split("\n"), None)))
