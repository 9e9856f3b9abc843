"""Read an e-mail saved as a file (.eml: what mail programs and webmail save when a message is downloaded).

Python's own `email` package parses the message: MIME parts, encoded headers, any charset. The subject is the title
and a heading; the sender and the date follow as one line ("From: ..., 2024-03-14"), so a hit says who wrote and
when. The plain-text part is read as lines (read.blocks_from_lines); a message with only an HTML part is read as a
web page (ingest/html.py). What a reply quotes ("> ..." and the "... wrote:" line above it) and the signature after
"-- " are left out: the quoted message is a message of its own. Attachments are not read; the report names them, so
they can be saved beside the message and indexed as files of their own. A message has no pages.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
from email.message import EmailMessage

from ingest.read import blocks_from_lines, decode_text, normalize_text
from ingest.types import Block, Document
from kb.errors import UnreadableFile

REPLY_PREFIX = re.compile(r"^(?:(?:re|fwd?|fw|aw|sv|vs|tr|pārs|отв|пересл)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
QUOTED = re.compile(r"^\s*>")
SIGNATURE = "-- "  # RFC 3676: the line that opens a signature
BYLINE = "From: "  # opens the line naming the sender and the date


def read_eml(data: bytes) -> Document:
    """A saved e-mail's subject, sender, date and text; raises UnreadableFile when it is no message or has no text."""
    if b"\x00" in data[:4096]:
        raise UnreadableFile("corrupt EML: binary content, not an e-mail message")
    try:
        message: EmailMessage = email.message_from_bytes(data, policy=email.policy.default)  # type: ignore[assignment]
        subject, sender, date = (_header(message, name) for name in ("subject", "from", "date"))
    except (RecursionError, LookupError, ValueError, TypeError, IndexError) as error:
        raise UnreadableFile(f"corrupt EML: {type(error).__name__}") from None
    if not (subject or sender or date):
        raise UnreadableFile("corrupt EML: not an e-mail message (no subject, sender or date)")
    title = REPLY_PREFIX.sub("", subject).strip() or None
    blocks = [Block(title, "heading")] if title else []
    if byline := ", ".join(part for part in (_person(sender), _day(date)) if part):
        blocks.append(Block(BYLINE + byline, "paragraph"))
    text_blocks = _body_blocks(message)
    attachments = _names([part.get_filename() or "(unnamed)" for part in message.iter_attachments()])
    warnings = (f"attachments not read: {attachments}",) if attachments else ()
    if not text_blocks:
        raise UnreadableFile("empty: no text" + (f", only attachments ({attachments})" if attachments else ""))
    return Document("eml", tuple(blocks + text_blocks), None, title, warnings)


def _names(names: list[str], shown: int = 5) -> str:
    """'a.pdf, b.jpg' on one line; past `shown` names, how many more."""
    listed = ", ".join(" ".join(normalize_text(name).split())[:80] for name in names[:shown])
    return listed + (f" and {len(names) - shown} more" if len(names) > shown else "")


def _header(message, name: str) -> str:
    return normalize_text(" ".join(str(message.get(name, "") or "").split()))


def _person(sender: str) -> str:
    """The sender's name, or the address when the message gives no name."""
    name, address = email.utils.parseaddr(sender)
    return name or address or sender


def _day(date: str) -> str:
    try:
        return email.utils.parsedate_to_datetime(date).date().isoformat() if date else ""
    except (TypeError, ValueError, IndexError):
        return date


def _body_blocks(message: EmailMessage) -> list[Block]:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return []
    try:
        content = body.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset, a broken transfer encoding
        content = decode_text(body.get_payload(decode=True) or b"")
    if not isinstance(content, str):
        return []
    if body.get_content_subtype() == "html":
        return _html_blocks(content)
    return blocks_from_lines(_without_quotes_and_signature(normalize_text(content).split("\n")), None)


def _without_quotes_and_signature(lines: list[str]) -> list[str]:
    if SIGNATURE in lines:
        lines = lines[: lines.index(SIGNATURE)]
    kept: list[str] = []
    for line in lines:
        if QUOTED.match(line):
            while kept and not kept[-1].strip():
                kept.pop()
            if kept and kept[-1].rstrip().endswith(":") and "@" in kept[-1]:  # "On ..., Anna <a@b.lv> wrote:"
                kept.pop()
            continue
        kept.append(line)
    return kept


def _html_blocks(content: str) -> list[Block]:
    """An HTML-only message: its article as a web page's; a short note trafilatura takes for no article, as text."""
    from ingest.html import read_html

    try:
        return list(read_html(content.encode("utf-8")).blocks)
    except UnreadableFile:
        import lxml.html

        try:
            text = lxml.html.document_fromstring(content).text_content()
        except ValueError:  # lxml's "Document is empty"
            return []
        return blocks_from_lines(normalize_text(text).split("\n"), None)
