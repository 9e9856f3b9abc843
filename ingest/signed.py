"""Signed containers: the documents inside a Latvian .edoc (eParaksts), an ASiC-E .asice or .sce, or an Estonian .bdoc.

Official letters, contracts and partnership agreements signed electronically come as such a ZIP: the signed files
(a PDF, a DOCX, ...) beside the signatures and their metadata (META-INF/ in ASiC-E; _rels/, docProps/ and the
signature folder in the EDOC 1.0 that eParakstītājs wrote before 2018). The signed files are read as an e-mail's
attached documents are (ingest/mail.py): each under its own name, with its own pages, so a passage is cited by the
file it comes from ("…, pielikums līgums.pdf, 2. lpp."), and "read in context" can show that file's page. The
signatures are not checked: that is the signing software's job, and a reader of this index cites, it does not rely.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePosixPath

from ingest.mail import named_files, read_attachments
from ingest.ocr import OcrSettings, PageProgress
from ingest.read import check_unpacked_size
from ingest.types import Document
from kb.errors import UnreadableFile, corrupt

# What a container holds beside the signed files: ASiC's mimetype and META-INF/, Open Packaging's parts (EDOC 1.0)
NOT_SIGNED_FILES = ("mimetype", "[Content_Types].xml")
NOT_SIGNED_FOLDERS = ("META-INF", "_rels", "docProps", "Signature", "Signatures")


def read_signed(
    data: bytes, max_unpacked_mb: float = 500, ocr: OcrSettings | None = None, on_page: PageProgress | None = None
) -> Document:
    """The container's signed documents, each read under its own name; the ones that could not be read named in the
    warnings."""
    check_unpacked_size(data, "EDOC", max_unpacked_mb)
    files, unpacked = signed_files(data)
    if not files and not unpacked:
        raise UnreadableFile("empty: no signed document in the container")
    blocks, warnings, unread = read_attachments(files, max_unpacked_mb, ocr, on_page, pictures=True)  # signed scans too
    warnings = unpacked + warnings + unread
    if not blocks:
        raise UnreadableFile("; ".join(["empty: no text", *warnings]))
    return Document("edoc", tuple(blocks), None, None, tuple(warnings))


def signed_files(data: bytes) -> tuple[list[tuple[str, bytes, str]], list[str]]:
    """The signed files in the container as (name to cite it by, bytes, MIME type), named as e-mail attachments are,
    and why any could not be taken out ("attachment budžets.xlsx not read: encrypted: needs a password"): one broken
    or password-protected file costs only itself."""
    try:
        container = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, OSError) as error:
        raise corrupt("EDOC", error) from None
    members = [member for member in container.infolist() if _signed(member)]
    named = named_files([(PurePosixPath(_path(member)).name, b"", "") for member in members])
    files, unpacked = [], []
    for member, (name, _, _) in zip(members, named):
        try:
            files.append((name, container.read(member), ""))
        except RuntimeError:  # zipfile: "File ... is encrypted, password required"
            unpacked.append(f"attachment {name} not read: encrypted: needs a password")
        except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError, zlib.error) as error:
            unpacked.append(f"attachment {name} not read: {corrupt('EDOC', error)}")
    return files, unpacked


def _path(member: zipfile.ZipInfo) -> str:
    return member.filename.replace("\\", "/")  # a Windows tool's "META-INF\\signatures0.xml"


def _signed(member: zipfile.ZipInfo) -> bool:
    path = PurePosixPath(_path(member))
    return not member.is_dir() and path.name not in NOT_SIGNED_FILES and not set(path.parts[:-1]) & set(NOT_SIGNED_FOLDERS)
