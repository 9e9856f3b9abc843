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

Here are the readers (read_eml, read_msg, read_mbox) and attached_file; the message's MIME parts and headers are read
by ingest/mime.py, an Outlook message's properties by ingest/outlook.py, the text's clean-up is ingest/mail_text.py's,
and the attached files are read by ingest/attachments.py.
"""

from __future__ import annotations

import dataclasses
import io
import re
import struct

from ingest.attachments import cited_type, listed_names, named_files, read_attachments
from ingest.filetypes import CONTAINER_TYPES
from ingest.mail_text import is_forward
from ingest.mime import attachment_payloads, header_text, message_opening, parsed_message, part_content
from ingest.ocr import OcrSettings, PageProgress
from ingest.outlook import NOT_OUTLOOK, compound_streams, msg_content
from ingest.packages import OLE_MAGIC, office_embedded_files
from ingest.pdf import embedded_files
from ingest.types import WITHIN, Block, Document
from kb.errors import UnreadableFile, corrupt

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
        text_blocks, attachments = part_content(message, is_forward(header_text(message, "subject")))
        attached = attachment_payloads(attachments)
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
    subjects = [header_text(parsed_message(HEADERS_END.split(one, 1)[0]), "subject") for one in raw]  # not their bodies
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
        streams = compound_streams(data)  # first: it says why a file is cut short or no message
        subject, blocks, text_blocks, attached = msg_content(Message.load(data), streams)
    except KeyError:  # python-oxmsg names the stream that is not there
        raise UnreadableFile("corrupt MSG: a part of the message is missing") from None
    except (LookupError, ValueError, TypeError, IndexError, AttributeError, OSError, struct.error) as error:
        raise corrupt("MSG", error) from None  # olefile's and python-oxmsg's complaints
    return _message_document("msg", subject, blocks, text_blocks, attached, max_unpacked_mb, ocr, on_page)


def attached_file(data: bytes, file_type: str, name: str) -> bytes | None:
    """The bytes of the file attached to a message (an "eml" or "msg" file's bytes), held in a container ("edoc",
    "zip") or embedded in a PDF or an Office file, under the name a passage cites it by ("programma.pdf", "Dokuments.pdf (2)",
    "vēstule.eml › programma.pdf" for one inside an attached message); None when there is no such file. For a cited
    page's picture and download."""
    from oxmsg import Message

    outer, _, inner = name.partition(WITHIN)
    if file_type in CONTAINER_TYPES:
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
        named = named_files(msg_content(Message.load(data), {})[3])
    else:
        named = named_files(attachment_payloads(part_content(parsed_message(data))[1]))
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


