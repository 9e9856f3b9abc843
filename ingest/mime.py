"""A saved e-mail (.eml) as a MIME message, for ingest/mail.py: parsed with Python's own `email` package, its headers
within limits first (parsed_message; a page saved as MHTML is such a message too); its subject, sender and date
decoded in any charset, 8-bit bytes without encoded words as a text file is (header_text, message_opening); its parts in
order as text blocks (of each plain-text and HTML alternative the plain one, unless it is a stub) and the attachments
it holds, a message forwarded as an attachment read with its own subject and sender (part_content, attachment_payloads).
"""

from __future__ import annotations

import codecs
import email
import email.header
import email.policy
import email.utils
import re
from email.message import EmailMessage

from ingest.mail_text import html_text, is_forward, lines_blocks, one_line, opening_blocks, plain_unless_stub
from ingest.text import decode_text
from ingest.types import Block
from kb.errors import UnreadableFile

HEADER_LIMIT = 64 * 1024  # a message's own headers beyond this are cut to the ones read (a 1 MB subject took minutes)
READ_HEADERS = {"subject", "from", "date", "mime-version", "content-type", "content-transfer-encoding"}
HEADER_CHARS = 2000  # each of them, past HEADER_LIMIT; and a part's Content-* header line, wherever it is
LONG_HEADER_LINE = re.compile(rb"(?im)^(content-[\w-]{1,30}:[^\r\n]{%d})[^\r\n]+" % (HEADER_CHARS - 40))
SIGNATURE_TYPES = {"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature"}


def parsed_message(data: bytes) -> EmailMessage:
    """A saved e-mail's bytes parsed, as read_eml and attached_file read them (and a page saved as MHTML, a MIME
    message too), its headers within limits first: Python's parser took minutes over a 600 KB Content-Type line."""
    data = _within_limits(data.removeprefix(codecs.BOM_UTF8).lstrip(b"\r\n"))
    return email.message_from_bytes(data, policy=email.policy.default)  # type: ignore[return-value]


def attachment_payloads(attachments: list[tuple[str, EmailMessage]]) -> list[tuple[str, bytes, str]]:
    """An e-mail's attachments as (name, bytes, MIME type)."""
    return [(name, part.get_payload(decode=True) or b"", part.get_content_type()) for name, part in attachments]


def _within_limits(data: bytes) -> bytes:
    """The message with a binary file refused, an mbox "From " line dropped, and headers past HEADER_LIMIT cut to the
    ones read."""
    if b"\x00" in data[:4096]:  # a message a Windows tool saved as UTF-16, with or without a byte order mark
        try:
            text = decode_text(data).removeprefix("\ufeff")
        except UnreadableFile:
            text = ""
        data = text.encode("utf-8") if re.match(r"[A-Za-z][\w-]{0,40}:", text) else data
    if data.startswith(b"From ") and b"\n" in data[:1000]:
        data = data.split(b"\n", 1)[1]  # an mbox file's separator line
    data = LONG_HEADER_LINE.sub(rb"\1", data)  # a 100 KB file name in a part's headers: its first 2,000 bytes
    end = re.search(rb"\r?\n\r?\n", data)
    head = data[: end.start()] if end else data
    if b"\x00" in head:
        raise UnreadableFile("corrupt EML: binary content, not an e-mail message")
    if len(head) <= HEADER_LIMIT:
        return data
    headers = re.split(rb"\r?\n(?![ \t])", head)  # one header with its continuation lines
    kept = [h[:HEADER_CHARS] for h in headers if h.split(b":", 1)[0].strip().lower().decode("latin-1") in READ_HEADERS]
    return b"\n".join(kept) + (data[end.start() :] if end else b"")


def message_opening(message: EmailMessage) -> tuple[str, list[Block]]:
    subject, sender, date = (header_text(message, name) for name in ("subject", "from", "date"))
    return opening_blocks(subject, _person(sender), _day(date))


# Charsets mail programs declare for text in a larger one, as browsers read them (the WHATWG Encoding Standard): a
# subject declared gb2312 holding one GBK character stayed "=?gb2312?B?...?=" as written
CHARSET_SUPERSETS = {"gb2312": "gbk", "gbk": "gb18030", "ks_c_5601-1987": "cp949", "euc-kr": "cp949",
                     "iso-8859-1": "cp1252", "us-ascii": "cp1252", "iso-8859-8-i": "iso-8859-8"}  # fmt: skip


def header_text(message: EmailMessage, name: str) -> str:
    text = str(message.get(name, "") or "")
    if "\ufffd" in text:  # a charset that does not hold the header's bytes, or 8-bit bytes without encoded words
        raw = str(next((value for key, value in message.raw_items() if key.lower() == name), ""))
        if "=?" in raw:
            text = "".join(_in_superset(chunk, charset) if isinstance(chunk, bytes) else chunk
                           for chunk, charset in _encoded_words(raw))  # fmt: skip
        else:
            text = decoded_text(raw.encode("utf-8", "surrogateescape"))  # decoded as a text file is
    return one_line(text)


def _encoded_words(raw: str) -> list[tuple[bytes | str, str | None]]:
    """The header's parts; 8-bit bytes beside encoded words come back as bytes, not as "\\udcff" escapes."""
    return [(chunk.decode("raw-unicode-escape").encode("utf-8", "surrogateescape"), None)
            if isinstance(chunk, bytes) and charset is None else (chunk, charset)
            for chunk, charset in email.header.decode_header(raw)]  # fmt: skip


def _in_superset(data: bytes, charset: str | None) -> str:
    """Bytes in their declared charset's superset (gb2312 as GBK), or as a text file of unknown charset is read."""
    if not charset:
        return decoded_text(data)
    try:
        return data.decode(CHARSET_SUPERSETS.get(charset.lower(), charset), "replace")
    except LookupError:
        return decoded_text(data)


def _person(sender: str) -> str:
    """The sender's name, or the address when the message gives no name."""
    name, address = email.utils.parseaddr(sender)
    return name or address or sender


def _day(date: str) -> str:
    try:
        return email.utils.parsedate_to_datetime(date).date().isoformat() if date else ""
    except (TypeError, ValueError, IndexError, OverflowError):
        return date[:40]


def part_content(part: EmailMessage, forward: bool = False) -> tuple[list[Block], list[tuple[str, EmailMessage]]]:
    """The blocks of a message part's text, in order, and the attachments it holds (name, part); `forward`: the
    message forwards another, whose text below its header block is read too."""
    kind = part.get_content_type()
    if kind == "message/rfc822":  # a message forwarded as an attachment: read with its subject and sender
        inner = part.get_content()
        _, opening = message_opening(inner)
        blocks, attachments = part_content(inner, is_forward(header_text(inner, "subject")))
        return (opening + blocks if blocks else []), attachments
    if part.is_multipart():
        found = [part_content(child, forward) for child in part.iter_parts()]  # type: ignore[arg-type]
        attachments = [attachment for _, child_attachments in found for attachment in child_attachments]
        if kind == "multipart/alternative":  # the same text twice: one of them; attachments from either
            return _best_alternative(list(part.iter_parts()), [blocks for blocks, _ in found]), attachments
        return [block for blocks, _ in found for block in blocks], attachments
    if kind.startswith("multipart/"):  # a multipart without its boundary: its text as it is
        return _text_blocks(part, forward), []
    name, disposition = part.get_filename(), part.get_content_disposition()
    if kind in SIGNATURE_TYPES or (kind.startswith("image/") and disposition != "attachment"):
        return [], []  # a signature's certificate, a picture shown in the text: nothing a reader would miss
    if kind in ("text/plain", "text/html") and disposition != "attachment" and not name:
        return _text_blocks(part, forward), []
    return [], [(_file_name(part), part)]


def _file_name(part: EmailMessage) -> str:
    """A part's file name ('' for none); 8-bit bytes in it (no encoded words) decoded as a text file is, as in headers."""
    name = part.get_filename() or ""
    if "\ufffd" in name:
        raw = " ".join(str(value) for key, value in part.raw_items() if key.lower() in ("content-disposition", "content-type"))
        found = re.search(r'name\*?="?([^";\r\n]+)', decoded_text(raw.encode("utf-8", "surrogateescape")))
        name = found[1] if found else name
    return name


def _best_alternative(children: list, read: list[list[Block]]) -> list[Block]:
    """Of the alternatives read, the plain-text one, unless it is a stub next to the richer one ("Skatīt pārlūkā")."""
    plain = next((blocks for child, blocks in zip(children, read) if child.get_content_type() == "text/plain"), [])
    rich = next((blocks for child, blocks in zip(children, read) if child.get_content_type() != "text/plain" and blocks), [])
    return plain_unless_stub(plain, rich)


def _text_blocks(part: EmailMessage, forward: bool = False) -> list[Block]:
    try:
        text = part.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset, a broken transfer encoding
        text = None
    charset = part.get_content_charset()
    if not isinstance(text, str) or ("\ufffd" in text and charset in (None, "us-ascii")):
        text = decoded_text(part.get_payload(decode=True) or b"")
    elif "\ufffd" in text and charset in CHARSET_SUPERSETS:
        text = _in_superset(part.get_payload(decode=True) or b"", charset)
    if part.get_content_type() == "text/html":
        text = html_text(text)
    elif (part.get_param("format") or "").lower() == "flowed":  # RFC 3676: a line ending in a space goes on
        text = text.replace("\r\n", "\n")
        joined = "" if (part.get_param("delsp") or "").lower() == "yes" else " "
        text = re.sub(r"(?<!^--) \n(?!>)", joined, text, flags=re.MULTILINE)  # not the signature's "-- " line
    return lines_blocks(text, forward)


def decoded_text(data: bytes) -> str:
    try:
        return decode_text(data)
    except UnreadableFile:  # binary: nothing a reader could use
        return ""
