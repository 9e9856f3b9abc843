"""Read Rich Text Format (RTF) with striprtf, its pictures, embedded objects and theme left out first. Its text does not
say which lines are headings or where pages break, so blocks come from text.blocks_from_lines and pages are None.
"""

from __future__ import annotations

import codecs
import re

from ingest.text import blocks_from_lines, normalize_text
from ingest.types import Document
from kb.errors import UnreadableFile, corrupt

ANSI_CODE_PAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def read_rtf(data: bytes) -> Document:
    """Rich Text Format through striprtf; each RTF paragraph is a block, headings guessed from short lines."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise UnreadableFile("corrupt RTF: not an RTF file (it does not start with {\\rtf)")
    from striprtf.striprtf import rtf_to_text

    try:
        source = data.decode("utf-8")  # RTF is 7-bit ASCII; a few writers put UTF-8 in
    except UnicodeDecodeError:
        source = data.decode(_code_page(data), errors="replace")  # raw 8-bit text is in the declared code page
    source = _without_binary_groups(source)
    source = re.sub(r"\\bin(?![0-9A-Za-z-])", "", source)  # pandoc's picture: "\bin" and hex, no byte count (int(""))
    # "\*" marks a group as one to skip only where it opens the group ("{\*\dest ...}"); StarWriter writes it inside a
    # run of text too ("{\loch\f2\*\cs7 The quick brown fox}"), and the run was skipped: the file read "empty"
    source = re.sub(r"(?<![{\\])\\\*", "", source)
    try:
        text = rtf_to_text(source, errors="replace")
    except (ValueError, LookupError, IndexError) as error:
        raise corrupt("RTF", error) from None
    text = normalize_text(text).replace("\uf0b7", "•")  # the Symbol font's bullet
    lines = [part for line in text.split("\n") for part in (line, "")]  # a line is a paragraph (\par)
    return Document("rtf", tuple(blocks_from_lines(lines, None)))


# Groups holding a picture, an embedded object or a theme as hex: striprtf lost its way in the RTF specification's
# pictures (Word 2002) and read the rest of the file, three quarters of it, as nothing but hex digits.
BINARY_GROUP = re.compile(
    r"\{(?:\\\*)?\\(?:pict|shppict|nonshppict|objdata|themedata|colorschememapping|datastore|datafield|blipuid)"
    r"(?![a-z])"
)
BRACE_OR_ESCAPE = re.compile(r"\\bin([0-9]{1,9}) ?|\\.|[{}]", re.S)


def _without_binary_groups(source: str) -> str:
    """The RTF with its picture, object data and theme groups left out, braces matched (escaped ones, and those among
    the raw bytes after "\\binN", not counted); an object's "\\result", the text it shows, stays."""
    kept, position = [], 0
    while start := BINARY_GROUP.search(source, position):
        kept.append(source[position : start.start()])
        depth, at, position = 0, start.start(), len(source)
        while token := BRACE_OR_ESCAPE.search(source, at):
            at = token.end() + (int(token[1]) if token[1] else 0)
            depth += {"{": 1, "}": -1}.get(token.group(), 0)
            if depth == 0:
                position = token.end()
                break
    kept.append(source[position:])
    return "".join(kept)


def _code_page(data: bytes) -> str:
    declared = ANSI_CODE_PAGE.search(data[:4096])
    name = f"cp{declared[1].decode()}" if declared else "cp1252"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name
