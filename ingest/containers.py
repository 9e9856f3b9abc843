"""Containers: the documents inside a signed container (a Latvian .edoc from eParaksts, an ASiC-E .asice or .sce, an
Estonian .bdoc) or a ZIP archive.

Official letters, contracts and partnership agreements signed electronically come as a signed container: a ZIP of
the signed files (a PDF, a DOCX, ...) beside the signatures and their metadata (META-INF/ in ASiC-E; _rels/, docProps/
and the signature folder in the EDOC 1.0 that eParakstītājs wrote before 2018). A project's reports, annexes and
minutes are often sent or kept as one .zip. Either way each file inside is read as an e-mail's attached documents are
(ingest/attachments.py): under its own name (in an archive, its path there: "Atskaites/2023.pdf"), with its own pages, so a
passage is cited by the file it comes from ("…, pielikums līgums.pdf, 2. lpp."), and "read in context" can show that
file's page. Signatures are not checked: that is the signing software's job; a reader of this index cites, it does not
rely. An archive's photos are not read (a trip's pictures are no documents); a signed scan is. Containers inside
containers are read MAX_NESTING deep, a ZIP that holds itself ends there, and all a file holds unpacks to one limit
(ingest/packages.py's refuse_past).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path, PurePosixPath

from ingest.attachments import cited_type, listed_names, named_files, read_attachments
from ingest.filetypes import PICTURE_TYPES, SUPPORTED_SUFFIXES
from ingest.ocr import OcrSettings, PageProgress
from ingest.packages import refuse_past
from ingest.types import Document
from kb.errors import UnreadableFile, corrupt

# What a signed container holds beside the signed files: ASiC's mimetype and META-INF/, Open Packaging's parts (EDOC 1.0)
NOT_SIGNED_FILES = ("mimetype", "[Content_Types].xml")
NOT_SIGNED_FOLDERS = ("META-INF", "_rels", "docProps", "Signature", "Signatures")
# What an archive holds beside the files someone put in it: macOS's resource forks, Windows' thumbnails and folder settings
NOT_ARCHIVED_FILES = ("Thumbs.db", "desktop.ini")
NOT_ARCHIVED_FOLDERS = ("__MACOSX",)
BALTIC_LETTERS = set("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽąęėįųĄĘĖĮŲ")  # Latvian and Lithuanian, as code page 775 has them
RUSSIAN_LETTERS = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
MAX_NESTING = 3  # a container in a container in a container is read; one deeper is named as not read
_nesting: ContextVar[int] = ContextVar("nesting", default=0)


def read_container(
    data: bytes, file_type: str, max_unpacked_mb: float = 500, ocr: OcrSettings | None = None,
    on_page: PageProgress | None = None,
) -> Document:  # fmt: skip
    """The documents in a signed container ("edoc") or an archive ("zip"), each read under its own name; the ones that
    could not be read named in the warnings."""
    if _nesting.get() >= MAX_NESTING:
        raise UnreadableFile(f"nested too deeply: at most {MAX_NESTING} containers in one another")
    files, notes = contained_files(data, file_type, max_unpacked_mb)
    if not files and not notes:
        raise UnreadableFile("empty: no signed document in the container" if file_type == "edoc" else "empty: no files")
    with one_level_down():  # a signed scan is a document; an archive's photos are not (contained_files left them out)
        blocks, warnings, unread = read_attachments(files, max_unpacked_mb, ocr, on_page, pictures=True)
    warnings = notes + warnings + unread
    if not blocks:
        raise UnreadableFile("; ".join(["empty: no text", *warnings]))
    return Document(file_type, tuple(blocks), None, None, tuple(warnings))


@contextmanager
def one_level_down() -> Iterator[None]:
    """Reading the files a container holds (an archive's, a PDF's embedded files) one level deeper; refused with
    "nested too deeply" past MAX_NESTING."""
    if _nesting.get() >= MAX_NESTING:
        raise UnreadableFile(f"nested too deeply: at most {MAX_NESTING} containers in one another")
    token = _nesting.set(_nesting.get() + 1)
    try:
        yield
    finally:
        _nesting.reset(token)


def contained_files(
    data: bytes, file_type: str, max_unpacked_mb: float | None = None
) -> tuple[list[tuple[str, bytes, str]], list[str]]:
    """The files in the container a reader knows (an archive's photos aside) as (name to cite it by, bytes, MIME
    type), named as e-mail attachments are, and what to say of the others: "attachment budžets.xlsx not read:
    encrypted: needs a password", "attachments not read: talka.jpg". One broken or password-protected file costs only
    itself; only the files read count toward max_unpacked_mb (with what the file being read unpacked before them)."""
    kind = file_type.upper()
    try:
        container = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, OSError) as error:
        raise corrupt(kind, error) from None
    signed = file_type == "edoc" or _asic(container)  # an EDOC sent as a ZIP, or with no name
    members = [member for member in container.infolist() if _contained(member, signed)]
    paths = [PurePosixPath(_path(member)) for member in members]
    named = named_files([(path.name if signed else str(path), b"", "") for path in paths])  # a signed file: its name
    wanted = [(member, name) for member, (name, _, _) in zip(members, named) if _readable(name, signed)]
    skipped = [name for member, (name, _, _) in zip(members, named) if not _readable(name, signed)]
    if max_unpacked_mb is not None:
        refuse_past(sum(member.file_size for member, _ in wanted), max_unpacked_mb)
    files, notes, seen = [], [], {}
    for member, name in wanted:
        try:
            content = container.read(member)
        except RuntimeError:  # zipfile: "File ... is encrypted, password required"
            notes.append(f"attachment {name} not read: encrypted: needs a password")
            continue
        except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError, zlib.error) as error:
            notes.append(f"attachment {name} not read: {corrupt(kind, error)}")
            continue
        if (first := seen.setdefault(hashlib.sha256(content).digest(), name)) != name:  # a copy in another folder: once
            notes.append(f"attachment {name}: the same file as {first}")
        else:
            files.append((name, content, ""))
    return files, notes + ([f"attachments not read: {listed_names(skipped)}"] if skipped else [])


def _asic(container: zipfile.ZipFile) -> bool:
    """Whether an archive is a signed container whatever its name: ASiC's "mimetype" member says so."""
    try:
        with container.open("mimetype") as mimetype:
            return mimetype.read(64).startswith(b"application/vnd.etsi.asic")
    except (KeyError, RuntimeError, zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError, zlib.error):
        return False


def _readable(name: str, signed: bool) -> bool:
    """Whether a reader knows the file by its name; a photo only in a signed container (a scan signed)."""
    file_type = cited_type(name)
    return file_type is not None and (signed or file_type not in PICTURE_TYPES)


def _path(member: zipfile.ZipInfo) -> str:
    """The member's path with "/" between folders (a Windows tool writes "\\"), its name decoded as it was written."""
    return _decoded_name(member).replace("\\", "/").lstrip("/")


def _decoded_name(member: zipfile.ZipInfo) -> str:
    """A name not flagged as UTF-8 is bytes in some code page, which zipfile reads as DOS's 437 ("Zaδâ Sëta.pdf"):
    UTF-8 when they are (macOS, Linux, 7-Zip write it unflagged), else the Baltic DOS code page Windows' own ZIP writes
    in Latvia (775) when it gives Latvian or Lithuanian letters, else the Russian one (866) when it gives Cyrillic."""
    if member.flag_bits & 0x800 or member.filename.isascii():
        return member.filename
    try:
        raw = member.filename.encode("cp437")
    except UnicodeError:  # zipfile read it in another code page: as it is
        return member.filename
    try:
        return raw.decode("utf-8")
    except UnicodeError:
        pass
    for name, letters in ((raw.decode("cp775"), BALTIC_LETTERS), (raw.decode("cp866"), RUSSIAN_LETTERS)):
        if all(character.isascii() or character in letters for character in name):
            return name
    return member.filename


def documents_inside(path: Path) -> str:
    """What documents an archive on disk holds ("Atskaite.docx, Programma.pdf (+3)"; pictures and types no reader
    knows aside), from its directory alone: for the report of an archive too large to read. '' when it holds none or
    is no ZIP archive."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [_path(member) for member in archive.infolist() if _contained(member, signed=False)]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return ""
    kinds = (SUPPORTED_SUFFIXES.get(PurePosixPath(name).suffix.lower()) for name in names)
    return listed_names([name for name, kind in zip(names, kinds) if kind and kind not in PICTURE_TYPES])


def _contained(member: zipfile.ZipInfo, signed: bool) -> bool:
    path = PurePosixPath(_path(member))
    if member.is_dir() or not path.name:
        return False
    if signed:
        return path.name not in NOT_SIGNED_FILES and not set(path.parts[:-1]) & set(NOT_SIGNED_FOLDERS)
    hidden = any(part.startswith(".") for part in path.parts) or path.name.startswith("~$")  # .DS_Store, Word's lock
    return not hidden and path.name not in NOT_ARCHIVED_FILES and not set(path.parts[:-1]) & set(NOT_ARCHIVED_FOLDERS)
