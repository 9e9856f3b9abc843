"""Read an e-mail saved as a file (.eml: what mail programs and webmail save when a message is downloaded).

Python's own `email` package parses the message: MIME parts, encoded headers, any charset (a part that declares
none, or ASCII, but holds 8-bit text is decoded as a text file is). The subject is the title and a heading; the
sender and the date follow as one line ("✉ Anna Liepa, 2024-03-14": a sign read in any language), so a hit says who
wrote and when. Then the text:
of each plain-text and HTML alternative the plain one (the HTML one when the plain one is a stub such as "view it in
your browser"), every inline text part in order, and a message forwarded as an attachment with its own subject and
sender. A reply's earlier message is left out, as it is a message of its own: lines quoted with ">" and the "...
wrote:" line above them, what follows an Outlook "Original Message" line or header block ("From: / Sent: / To: /
Subject:", in Latvian "No: / Nosūtīts: / Kam: / Tēma:", in Russian "От: / Отправлено: / ..."), and in HTML the
blockquotes. A forwarded message keeps its text and loses its header lines. The signature after "-- " and "Sent
from my iPhone" lines go too. Attached documents (PDF, Word, slides, OpenDocument, RTF, text, web pages) are read
after the message, each under its file's name as a heading (the programme an invitation sends along), and so are
the files in an attached ZIP archive or signed container (ingest/containers.py); pictures and the like are named in
the report. A message has no pages; a passage of an attachment is cited by the
attachment's name and its own pages ("attachment programma.pdf, p. 2"), and never spans the message and an
attachment; an attached .eml or .msg file is read as a message, a file in it cited as "vēstule.eml › programma.pdf".

An Outlook message (.msg: what Outlook saves when a message is dragged to a folder) is read the same way from its
properties (python-oxmsg): the subject, sender and date, the plain-text body (the HTML one when the plain one is a
stub), the attached documents. A message attached inside it (Outlook's "forward as attachment") is read after its
text, with its own subject and sender.
"""

from __future__ import annotations

import dataclasses
import email
import email.header
import email.policy
import email.utils
import io
import re
import struct
from typing import TYPE_CHECKING

from ingest.attachments import cited_type, listed_names, named_files, read_attachments, type_of
from ingest.filetypes import PICTURE_TYPES
from ingest.mail_text import html_text, is_forward, lines_blocks, opening_blocks, plain_unless_stub
from ingest.mime import content, decoded, header, message_opening, parsed_message, payloads
from ingest.ocr import OcrSettings, PageProgress
from ingest.packages import OLE_MAGIC, office_embedded_files
from ingest.pdf import embedded_files
from ingest.types import WITHIN, Block, Document
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

ENCRYPTED_TYPES = {"application/pgp-encrypted", "application/pkcs7-mime", "application/x-pkcs7-mime"}
ENCRYPTED_NAMES = (".pgp", ".pgp-encrypted", ".gpg", ".p7m", "smime.p7m")


def read_eml(
    data: bytes, max_unpacked_mb: float = 500, ocr: OcrSettings | None = None, on_page: PageProgress | None = None
) -> Document:
    """A saved e-mail's subject, sender, date, text and attached documents; raises UnreadableFile when it is no
    message or has no text. Scanned attachments are OCR'd with `ocr`, calling on_page, as a scanned file is."""
    if data.startswith(OLE_MAGIC):  # an Outlook message saved under an .eml name (as an .eml under .msg is read too)
        return dataclasses.replace(read_msg(data, max_unpacked_mb, ocr, on_page), file_type="eml")
    try:
        message = parsed_message(data)
        subject, blocks = message_opening(message)
        if not blocks:
            raise UnreadableFile("corrupt EML: not an e-mail message (no subject, sender or date)")
        text_blocks, attachments = content(message, is_forward(header(message, "subject")))
        attached = payloads(attachments)
    except RecursionError:
        raise UnreadableFile("corrupt EML: nested too deeply") from None
    except (LookupError, ValueError, TypeError, IndexError, AttributeError) as error:
        raise UnreadableFile(f"corrupt EML: {type(error).__name__}") from None
    return _message_document("eml", subject, blocks, text_blocks, attached, max_unpacked_mb, ocr, on_page)


ESCAPED_FROM = re.compile(rb"(?m)^>(>*From )")
HEADERS_END = re.compile(rb"\r?\n\r?\n")  # the empty line between a message's headers and its body
SAVED_MESSAGE = re.compile(rb"\s*(?:[\w-]+:[^\n]*\n)*(?:Subject|From|Date|Message-ID):", re.IGNORECASE)  # headers first
# A mailbox's line that starts a message: "From ", a sender (or "-"), a date ending in its time, its zone perhaps and
# its year ("From 1787@xxx Thu May 02 10:00:00 +0000 2024", "From - Thu May  2 10:00:00 2024")
POSTMARK = re.compile(rb"(?m)^From \S+ .*\d\d:\d\d(?::\d\d)?(?: [+-]\d{4})? \d{4}[ \t\r]*$")


def read_mbox(
    data: bytes, max_unpacked_mb: float = 500, ocr: OcrSettings | None = None, on_page: PageProgress | None = None
) -> Document:
    """A mailbox file (.mbox: a Thunderbird folder saved so, a Gmail Takeout export): each message read as a saved e-mail is,
    with its attachments, and cited by its subject ("Re: Partneru tikšanās.eml"); the ones not read named."""
    from ingest.containers import one_level_down

    messages = mbox_messages(data)
    if not messages:
        raise UnreadableFile("corrupt MBOX: no messages (a mailbox file starts each with a \"From \" line)")
    with one_level_down():
        blocks, warnings, unread = read_attachments(messages, max_unpacked_mb, ocr, on_page)
    if not blocks:
        raise UnreadableFile("; ".join(["empty: no text", *warnings]))
    return Document("mbox", tuple(blocks), None, None, tuple(unread + warnings))


def mbox_messages(data: bytes) -> list[tuple[str, bytes, str]]:
    """A mailbox file's messages, each as (the name to cite it by: its subject, as named_files names files; its bytes;
    its MIME type). A message starts at a postmark line ("From sender Thu May  2 10:00:00 2024", Thunderbird's "From -
    ..."), not at any line that begins "From " (Python's mailbox cut a message at a body's "From Braga we expect ...",
    which not every program escapes); a body line escaped as ">From " is read as it was (mboxrd: one ">" less)."""
    starts = [match.start() for match in POSTMARK.finditer(data)]
    raw = [data[start:end].split(b"\n", 1)[-1] for start, end in zip(starts, [*starts[1:], len(data)])]
    if not starts and SAVED_MESSAGE.match(data):  # one message saved under an .mbox name (as an .eml is)
        raw = [data]
    raw = [ESCAPED_FROM.sub(rb"\1", one) for one in raw if one.strip()]
    subjects = [header(parsed_message(HEADERS_END.split(one, 1)[0]), "subject") for one in raw]  # not their bodies
    return named_files([(f"{subject or 'message'}.eml", one, "message/rfc822") for subject, one in zip(subjects, raw)])


def read_msg(
    data: bytes, max_unpacked_mb: float = 500, ocr: OcrSettings | None = None, on_page: PageProgress | None = None
) -> Document:
    """An Outlook message's subject, sender, date, text and attached documents, as read_eml reads a saved e-mail;
    raises UnreadableFile when it is no Outlook message or has no text."""
    from oxmsg import Message

    if not data.startswith(OLE_MAGIC):
        return _saved_as_text(data, max_unpacked_mb, ocr, on_page)
    try:
        streams = _compound_streams(data)  # first: it says why a file is cut short or no message
        subject, blocks, text_blocks, attached = _msg_content(Message.load(data), streams)
    except KeyError:  # python-oxmsg names the stream that is not there
        raise UnreadableFile("corrupt MSG: a part of the message is missing") from None
    except (LookupError, ValueError, TypeError, IndexError, AttributeError, OSError, struct.error) as error:
        raise corrupt("MSG", error) from None  # olefile's and python-oxmsg's complaints
    return _message_document("msg", subject, blocks, text_blocks, attached, max_unpacked_mb, ocr, on_page)


def _msg_content(
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
            _, opening, text, more = _msg_content(*inner, depth + 1)
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


def _compound_streams(data: bytes) -> dict[str, bytes]:
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
    return _eight_bit(message, tag, {f"__substg1.0_{tag:04X}001E": raw}) or decoded(raw)


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


def attached_file(data: bytes, file_type: str, name: str) -> bytes | None:
    """The bytes of the file attached to a message (an "eml" or "msg" file's bytes), held in a container ("edoc",
    "zip") or embedded in a PDF or an Office file, under the name a passage cites it by ("programma.pdf", "Dokuments.pdf (2)",
    "vēstule.eml › programma.pdf" for one inside an attached message); None when there is no such file. For a cited
    page's picture and download."""
    from oxmsg import Message

    outer, _, inner = name.partition(WITHIN)
    if file_type in ("edoc", "zip"):
        from ingest.containers import contained_files

        named = contained_files(data, file_type)[0]  # named as they were read
    elif file_type == "pdf":
        from pypdf import PdfReader

        named = embedded_files(PdfReader(io.BytesIO(data)), wanted=outer)[0]
    elif file_type == "mbox":
        named = mbox_messages(data)
    elif file_type in ("docx", "pptx", "xlsx"):  # embedded in a Word, PowerPoint or Excel file
        named = office_embedded_files(data)[0]
    elif file_type == "msg" and data.startswith(OLE_MAGIC):
        named = named_files(_msg_content(Message.load(data), {})[3])
    else:
        named = named_files(payloads(content(parsed_message(data))[1]))
    found = next((payload for cited, payload, _ in named if cited == outer), None)
    if found is None or not inner:
        return found
    by_name = cited_type(outer)  # else, as it was read, by its MIME type: an archive sent as application/zip
    holders = ("edoc", "zip", "msg", "eml", "mbox", "pdf", "docx", "pptx", "xlsx")  # files that hold other files
    inner_type = by_name if by_name in holders else "zip" if found.startswith(b"PK") else "eml"
    return attached_file(found, "msg" if found.startswith(OLE_MAGIC) else inner_type, inner)


def _saved_as_text(data: bytes, max_unpacked_mb: float, ocr: OcrSettings | None, on_page: PageProgress | None) -> Document:
    """An e-mail saved as text (.eml) under a .msg name, read as one; else the reason it is no Outlook message."""
    try:
        return dataclasses.replace(read_eml(data, max_unpacked_mb, ocr, on_page), file_type="msg")
    except UnreadableFile as error:
        raise (UnreadableFile(NOT_OUTLOOK) if str(error).startswith("corrupt EML") else error) from None


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


def _message_document(
    file_type: str, subject: str, blocks: list[Block], text_blocks: list[Block], attached: list[tuple[str, bytes, str]],
    max_unpacked_mb: float, ocr: OcrSettings | None, on_page: PageProgress | None,
) -> Document:  # fmt: skip
    """The message's Document: its opening blocks, text, and attached documents read after it; the attachments not
    read named in its warnings."""
    attached = named_files(attached)
    read, warnings, unread = read_attachments(attached, max_unpacked_mb, ocr, on_page)
    text_blocks += read
    if not text_blocks:  # what the attachments' readers said, if anything ("needs OCR: install ...")
        names = [name for name, _, _ in attached]
        if any(kind in ENCRYPTED_TYPES or name.lower().endswith(ENCRYPTED_NAMES) for name, _, kind in attached):
            raise UnreadableFile("encrypted: needs the recipient's key")  # PGP or S/MIME: its text is in the attachment
        reason = "empty: no text" + (f", only attachments: {listed_names(names)}" if names else "")
        raise UnreadableFile("; ".join([reason, *warnings]))
    return Document(file_type, tuple(blocks + text_blocks), None, subject or None, tuple(unread + warnings))


