"""An Outlook message (.msg: what Outlook saves when a message is dragged to a folder) read from its properties with
python-oxmsg, for ingest/mail.py: the subject, sender and date, the plain-text body (the HTML one when the plain one is
a stub), the attached files (msg_content). An old "Outlook Message Format" file's 8-bit text is decoded by the code
pages the message declares; a message attached inside it (Outlook's "forward as attachment") is read after its text,
with its own subject and sender. A file cut short, or another compound file, is refused first (compound_streams).
"""

from __future__ import annotations

import email.utils
from typing import TYPE_CHECKING

from ingest.attachments import type_of
from ingest.filetypes import PICTURE_TYPES
from ingest.mail_text import html_text, is_forward, lines_blocks, opening_blocks, plain_unless_stub
from ingest.mime import decoded_text
from ingest.types import Block
from kb.errors import UnreadableFile, corrupt

if TYPE_CHECKING:
    from oxmsg import Message
    from oxmsg.attachment import Attachment

NOT_OUTLOOK, CUT_SHORT = "corrupt MSG: not an Outlook message", "corrupt MSG: cut short"
PAST_THE_END = ("sector index out of range", "incomplete OLE sector", "incomplete OLE stream")  # olefile, of a cut file
PROPERTIES = "__properties_version1.0"  # the stream of an Outlook message's fixed-size properties (MS-OXMSG)
SUBJECT, BODY, HTML = 0x0037, 0x1000, 0x1013  # PidTagSubject, PidTagBody, PidTagHtml
CODE_PAGES = (0x3FFD, 0x3FDE)  # PidTagMessageCodepage, PidTagInternetCodepage
SENDER_NAMES = (0x0042, 0x0C1A, 0x5D01, 0x0C1F)  # the name it was sent for (an .eml's From:), the sender's, addresses
EIGHT_BIT_STREAMS = {f"__substg1.0_{tag:04X}{kind}" for tag in (SUBJECT, BODY, HTML) for kind in ("001E", "0102")} | {
    f"__substg1.0_{tag:04X}001E" for tag in SENDER_NAMES
}
ATTACH_FLAGS, ATT_MHTML_REF = 0x3714, 4  # PidTagAttachFlags; its bit for "the HTML text refers to it"
EMBEDDED, MAX_EMBEDDED = "__substg1.0_3701000D", 5  # the storage of a message attached inside one; how deep read
LONG_FILE_NAME, MIME_TAG = 0x3707, 0x370E  # PidTagAttachLongFilename (python-oxmsg's file_name), PidTagAttachMimeTag
DISPLAY_NAME = 0x3001  # an attachment's name in Outlook's list (PidTagDisplayName), where an attached message has no file name


def msg_content(
    message: Message, streams: dict[str, bytes], depth: int = 0
) -> tuple[str, list[Block], list[Block], list[tuple[str, bytes, str]]]:
    """An Outlook message's subject, opening blocks (subject, sender, date), text, and attachments (name, bytes, MIME
    type). A message attached inside it (Outlook's "forward as attachment") is read after its text with its own
    subject and sender, as an .eml's forwarded message is, and its attachments join the message's."""
    subject = _text_property(message, SUBJECT, streams)
    forward = is_forward(subject)
    subject, blocks = opening_blocks(subject, _msg_sender(message, streams), _sent_day(message))
    plain = lines_blocks(_text_property(message, BODY, streams), forward)
    html = _text_property(message, HTML, streams)
    text_blocks = plain_unless_stub(plain, lines_blocks(html_text(html), forward) if html else [])
    attached = []
    for attachment in message.attachments:
        inner = _embedded_message(attachment) if depth < MAX_EMBEDDED else None
        if inner is not None:
            _, opening, text, more = msg_content(*inner, depth + 1)
            text_blocks += opening + text if text else []
            attached += more
        elif not _picture_in_text(attachment):
            mime_type = _short_text(attachment.properties, MIME_TAG)
            attached.append((_attachment_name(attachment), attachment.file_bytes or b"", mime_type))
    return subject, blocks, text_blocks, attached


def _embedded_message(attachment: Attachment) -> tuple[Message, dict[str, bytes]] | None:
    """The message stored inside an attachment, and its 8-bit text streams; None for a file. python-oxmsg reads only
    a file's root message, so the attachment's message storage is given to it as one: its properties stream has the
    24-byte header of an embedded message (MS-OXMSG 2.4.1.2), a root's has 32. Should a newer python-oxmsg change
    what this relies on, the attachment is named in the report as before."""
    from oxmsg import Message
    from oxmsg.storage import Storage, Stream

    try:
        inner = next((storage for storage in attachment._storage.storages if storage.name == EMBEDDED), None)
        if inner is None:
            return None
        def padded(header: bytes) -> bytes:  # a root's 8 reserved bytes after the 24 an embedded message has
            return header[:24] + bytes(8) + header[24:]

        streams = tuple(Stream(s.path, padded(s.bytes_)) if s.name == PROPERTIES else s for s in inner.streams)
        eight_bit = {s.name: s.bytes_ for s in inner.streams if s.name in EIGHT_BIT_STREAMS}
        return Message(Storage(inner.path, streams, inner.storages)), eight_bit
    except (AttributeError, TypeError):
        return None


def compound_streams(data: bytes) -> dict[str, bytes]:
    """The message's 8-bit text streams (EIGHT_BIT_STREAMS) by name; raises UnreadableFile when the file is
    cut short or is another compound file (a Word or PowerPoint 97-2003 file)."""
    import olefile

    if not olefile.isOleFile(data=data):
        raise UnreadableFile(CUT_SHORT)
    try:
        with olefile.OleFileIO(data) as ole:
            entries = ole.listdir(streams=True, storages=False)
            if [PROPERTIES] not in entries:
                raise UnreadableFile(NOT_OUTLOOK)
            found = {"/".join(entry): ole.openstream(entry).read() for entry in entries}
            if any(len(found["/".join(entry)]) < ole.get_size(entry) for entry in entries):
                raise UnreadableFile(CUT_SHORT)  # olefile gives what is there: an attachment would be lost unsaid
    except OSError as error:  # olefile.OleFileError
        raise UnreadableFile(CUT_SHORT) if str(error).endswith(PAST_THE_END) else corrupt("MSG", error) from None
    return {name: found[name] for name in EIGHT_BIT_STREAMS if name in found}


def _text_property(message: Message, tag: int, streams: dict[str, bytes]) -> str:
    """A text property (subject, body, HTML). An 8-bit one (an old "Outlook Message Format" file) by the code pages the
    message declares, else as python-oxmsg decodes it; when its bytes are in neither, as a text file is (Windows-1257,
    -1251, ...)."""
    if tag != HTML and (text := _eight_bit(message, tag, streams)) is not None:
        return text
    try:
        if tag == HTML:
            return message.html_body or ""
        return message.properties.str_prop_value(tag) or ""
    except (UnicodeDecodeError, LookupError):
        raw = next((data for name, data in streams.items() if name.startswith(f"__substg1.0_{tag:04X}")), b"")
    return _eight_bit(message, tag, {f"__substg1.0_{tag:04X}001E": raw}) or decoded_text(raw)


# Windows' numbers of the code pages a message may declare that Python names otherwise than "cp" and the number
CODECS = {65001: "utf-8", 20866: "koi8_r", 21866: "koi8_u", 28591: "latin_1", 28592: "iso8859_2", 28595: "iso8859_5",
          28597: "iso8859_7", 28603: "iso8859_13", 28605: "iso8859_15"}  # fmt: skip


def _eight_bit(message: Message, tag: int, streams: dict[str, bytes]) -> str | None:
    """An 8-bit string property decoded by the first code page the message declares that reads it (python-oxmsg reads
    it as Windows-1252 whatever the message says: a Latvian or Chinese subject turned to mojibake without an error);
    None when the property is not 8-bit or no declared code page reads it."""
    raw = streams.get(f"__substg1.0_{tag:04X}001E")
    if raw is None:
        return None
    for code_page in filter(None, map(message.properties.int_prop_value, CODE_PAGES)):
        try:
            return raw.decode(CODECS.get(code_page, f"cp{code_page}")).rstrip("\x00")
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _msg_sender(message: Message, streams: dict[str, bytes]) -> str:
    """The sender's name, else an address (an Exchange account's "/O=.../CN=RECIPIENTS/..." is none)."""
    found = (_eight_bit(message, tag, streams) or _short_text(message.properties, tag) for tag in SENDER_NAMES)
    return next((sender for sender in found if sender.strip() and not sender.startswith("/")), "")


def _short_text(properties, tag: int) -> str:
    """A name property; '' when its bytes are not in the code page the message declares (the message is read anyway)."""
    try:
        return properties.str_prop_value(tag) or ""
    except (UnicodeDecodeError, LookupError):
        return ""


def _sent_day(message: Message) -> str:
    """The day the message was sent where it was sent, as an .eml's date says: a received message keeps the sender's
    "Date:" among its transport headers. Else the day Outlook's sent time (UTC) falls on where kb runs: a message sent
    at 00:40 in Riga is of that day there, not of the day before."""
    try:  # python-oxmsg decodes the headers by the declared code page: an old file's 8-bit ones may not be in it
        date = next((value for name, value in message.message_headers.items() if name.lower() == "date"), "")
        return email.utils.parsedate_to_datetime(date).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError, LookupError):  # none (saved before it was sent), or broken
        pass
    try:
        sent = message.sent_date
        return sent.astimezone().date().isoformat() if sent and sent.year > 1601 else ""  # Outlook's 0: 1601-01-01
    except (OverflowError, ValueError, OSError):  # a time past what Python's datetime holds: no date
        return ""


def _picture_in_text(attachment: Attachment) -> bool:
    """A picture the HTML text shows (a logo in the signature, a pasted screenshot): as in an .eml, nothing a reader
    would miss, so not named in the report."""
    shown = (attachment.properties.int_prop_value(ATTACH_FLAGS) or 0) & ATT_MHTML_REF
    return bool(shown) and type_of(_short_text(attachment.properties, LONG_FILE_NAME)) in PICTURE_TYPES


def _attachment_name(attachment: Attachment) -> str:
    """The attached file's name; for a message attached inside the message, its subject (Outlook's display name)."""
    names = (_short_text(attachment.properties, tag) for tag in (LONG_FILE_NAME, DISPLAY_NAME))
    return next((name for name in names if name), "")  # none: named by its number (named_files)
