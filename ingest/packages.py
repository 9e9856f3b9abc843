"""Packages, as the readers share them: the compound file of the 97-2003 formats and the encrypted packages kept in
one (OLE_MAGIC, ENCRYPTED_PACKAGE); what a damaged ZIP package (DOCX, PPTX, XLSX, ODT, ...) makes the parsers raise;
a "Strict Open XML" package written again in the usual namespaces (transitional); the documents embedded in an Office
package (office_embedded_files); and what the packages of the file being read unpack to together (check_unpacked_size,
refuse_past).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from contextvars import ContextVar

from ingest.filetypes import PICTURE_TYPES
from kb.errors import UnreadableFile, corrupt

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file: .doc, .ppt, .xls, and encrypted OOXML files
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted DOCX, PPTX or XLSX is kept in
# What a damaged zip package or the XML in it makes the parsers raise (their own error types aside)
BROKEN_PACKAGE = (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, KeyError, ValueError, TypeError,
                  AttributeError, IndexError, LookupError)  # fmt: skip


# What the packages of the file being read (a DOCX, an archive, the archives and documents in it, an e-mail's
# attachments) unpacked so far, in bytes: together they unpack to max_unpacked_mb at most, so sixteen archives of
# sixteen archives, each under the limit, cannot unpack to 256 limits. None outside a read.
unpacked_so_far: ContextVar[list[int] | None] = ContextVar("unpacked", default=None)


OFFICE_EMBEDDINGS = ("word/embeddings/", "ppt/embeddings/", "xl/embeddings/")  # Insert > Object's files in a package
RELATIONSHIP_TARGET = re.compile(rb'Target="([^"]*)"')  # in a package's .rels part


def office_embedded_files(data: bytes) -> tuple[list[tuple[str, bytes, str]], list[str], list[str]]:
    """The documents embedded in an Office package, as (name, bytes, "") a reader knows by its name; the names of the
    others; and what to say of each that will not inflate (it costs only itself). None in a file that is no package
    (a .doc, .xls or .ppt under a new name, whose objects are not read)."""
    import io
    import zipfile
    import zlib

    from ingest.attachments import cited_type

    files, others, broken = [], [], []
    if not data.startswith(b"PK"):
        return files, others, broken
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):  # its reader said what is wrong
        return files, others, broken

    def inflated(member: zipfile.ZipInfo) -> bytes | None:
        try:
            return package.read(member)
        except (zipfile.BadZipFile, zlib.error, ValueError, OSError, NotImplementedError, EOFError) as error:
            broken.append(f"attachment {member.filename.rpartition('/')[2]} not read: {corrupt('ZIP', error)}")
            return None

    # a chart's figures are a workbook in the embeddings too: read as the chart's series, not again
    chart_parts = [inflated(member) or b"" for member in members if "/charts/_rels/" in member.filename]
    charts = {target.rpartition(b"/")[2].decode("utf-8", "replace") for part in chart_parts
              for target in RELATIONSHIP_TARGET.findall(part)}  # fmt: skip
    for member in members:
        name = member.filename.rpartition("/")[2]
        if not member.filename.startswith(OFFICE_EMBEDDINGS) or not name or name in charts:
            continue
        file_type = cited_type(name)
        if file_type is None or file_type in PICTURE_TYPES:
            others.append(name)
        elif (content := inflated(member)) is not None:
            files.append((name, content, ""))
    return files, others, broken


def check_unpacked_size(data: bytes, kind: str, max_mb: float) -> None:
    """Refuse a ZIP package (DOCX, PPTX, ODT) whose members would inflate past max_mb, before inflating any.

    The sizes are the package's own declarations; Python's zipfile never inflates a member past its
    declared size (it stops and reports a bad CRC), so a lying package cannot get round the check.
    """
    import io
    import zipfile

    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as error:
        raise corrupt(kind, error) from None
    refuse_past(sum(member.file_size for member in members), max_mb)


def refuse_past(unpacking: int, max_mb: float) -> None:
    """Refuse what would unpack to more than max_mb (the sizes a package declares), together with what the file being
    read unpacked before it (the other documents in its archive or e-mail); else count it."""
    counted = unpacked_so_far.get() or [0]
    if counted[0] + unpacking > max_mb * 1_000_000:
        size = f"{unpacking / 1e6:,.0f}" if unpacking >= 10_000_000 else f"{unpacking / 1e6:.1f}"  # not "1 MB" past 1 MB
        more = f" more than the {counted[0] / 1e6:.1f} MB before it" if counted[0] else ""
        raise UnreadableFile(f"too large when unpacked: {size} MB{more}, the limit is {max_mb:g} MB")
    counted[0] += unpacking


STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/(\w+)/")  # "Strict Open XML": the ISO namespaces


def transitional(data: bytes) -> bytes:
    """An Office Open XML package saved as "Strict Open XML" (Word's and Excel's Save As choice), written again with
    the namespaces of the usual ("Transitional") format, which python-docx reads; any other package as it is."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if not STRICT.search(package.read("_rels/.rels")):
                return data
            rewritten = io.BytesIO()
            with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as out:
                for member in package.infolist():
                    content = package.read(member)
                    if member.filename.endswith((".xml", ".rels")):
                        content = STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/", content)
                    out.writestr(member.filename, content)
            return rewritten.getvalue()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
        return data  # the reader says what is wrong with it
