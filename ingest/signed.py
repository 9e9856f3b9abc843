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
from pathlib import PurePosixPath

from ingest.mail import attached_blocks, listed_names, named_files
from ingest.ocr import OcrSettings, PageProgress
from ingest.read import check_unpacked_size
from ingest.types import Block, Document
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
    blocks: list[Block] = []
    warnings: list[str] = []
    unread: list[str] = []
    files = signed_files(data)
    if not files:
        raise UnreadableFile("empty: no signed document in the container")
    for name, payload, _ in files:
        read, said = attached_blocks(name, payload, "", max_unpacked_mb, ocr, on_page, pictures=True)  # a signed scan
        blocks += read
        warnings += said
        unread += [] if read or said else [name]  # a spreadsheet, an archive: a type no reader knows
    warnings += [f"attachments not read: {listed_names(unread)}"] if unread else []
    if not blocks:
        raise UnreadableFile("; ".join(["empty: no text", *warnings]))
    return Document("edoc", tuple(blocks), None, None, tuple(warnings))


def signed_files(data: bytes) -> list[tuple[str, bytes, str]]:
    """The signed files in the container as (name to cite it by, bytes, MIME type): named as e-mail attachments are."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as container:
            members = [member for member in container.infolist() if _signed(member)]
            files = [(PurePosixPath(member.filename).name, container.read(member), "") for member in members]
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        raise UnreadableFile("encrypted: needs a password") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError) as error:
        raise corrupt("EDOC", error) from None
    return named_files(files)


def _signed(member: zipfile.ZipInfo) -> bool:
    path = PurePosixPath(member.filename)
    return not member.is_dir() and path.name not in NOT_SIGNED_FILES and not set(path.parts[:-1]) & set(NOT_SIGNED_FOLDERS)
