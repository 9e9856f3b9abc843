"""Fuzzing the readers and the splitter with mutated real files: each ends as a document or one report line.

Hypothesis mutates the real fixtures (bytes flipped, cut, repeated, inserted; for DOCX also the XML
inside the package). KB_FUZZ_EXAMPLES sets the number of files per test (default 400; the README's
run used 5,000).
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import traceback
import zipfile

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st

from ingest.filetypes import file_type_of
from ingest.pipeline import PreparedDocument, ReadLimits
from ingest.split import SplitSettings
from ingest.workers import ReadJob, prepare_safely
from kb.errors import UnreadableFile
from kb.settings import Settings
from kb.sync import sync_index

EXAMPLES = int(os.environ.get("KB_FUZZ_EXAMPLES", "400"))
SEEDS = {
    name: (FIXTURES / name).read_bytes()
    for name in ("good.pdf", "good.docx", "notes.md", "cp1257.txt", "utf16.txt", "good.eml", "good.msg", "good.edoc", "form.pdf",
                 "xfa.pdf", "good.xlsx", "good.xls", "good.ods", "good.csv")
}
REPORT_PREFIXES = ("corrupt ", "too large", "too much text", "empty", "binary content", "encrypted", "no text layer")
fuzz = fuzz_settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated_bytes(draw, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        operation = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "delete"]))
        if operation == "flip":
            data = data[:position] + bytes([draw(st.integers(0, 255))]) + data[position + 1 :]
        elif operation == "cut":
            data = data[:position]
        elif operation == "repeat":
            length = draw(st.integers(1, 2000))
            data = data[:position] + data[position : position + length] * draw(st.integers(2, 50)) + data[position:]
        elif operation == "insert":
            data = data[:position] + draw(st.binary(min_size=1, max_size=64)) + data[position:]
        else:
            data = data[:position] + data[position + draw(st.integers(1, 500)) :]
    return data


class Mutated(bytes):
    """File bytes with a short repr, so a failing example prints its size and hash, not 40 kB."""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes, sha256 {hashlib.sha256(self).hexdigest()[:12]}>"


@st.composite
def mutated_file(draw) -> tuple[str, Mutated]:
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = SEEDS[name]
    if name.endswith(".docx") and draw(st.booleans()):  # mutate the XML inside a valid package
        package = zipfile.ZipFile(io.BytesIO(data))
        member = draw(st.sampled_from(["word/document.xml", "word/styles.xml", "[Content_Types].xml", "docProps/core.xml"]))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in package.infolist():
                content = package.read(item)
                target.writestr(item.filename, draw(mutated_bytes(content)) if item.filename == member else content)
        return name, Mutated(out.getvalue())
    return name, Mutated(draw(mutated_bytes(data)))


def check_result(result: PreparedDocument | UnreadableFile, split: SplitSettings) -> None:
    """What the index and the report rely on: storable text, passages within bounds, one-line reasons."""
    if isinstance(result, UnreadableFile):
        reason = str(result)
        assert reason.startswith(REPORT_PREFIXES) and "\n" not in reason and len(reason) <= 300, reason
        return
    assert isinstance(result, PreparedDocument) and result.passages
    strings = [result.info.title, *result.warnings, *(s for p in result.passages for s in (p.text, p.heading))]
    for text in strings:
        text.encode("utf-8")  # SQLite refuses lone surrogates
    for passage in result.passages:
        assert passage.text.strip() and len(passage.text.split()) <= split.max_words * 1.2
        if passage.page_start is not None:
            assert 1 <= passage.page_start <= passage.page_end <= (result.pages or passage.page_end)


@pytest.mark.slow
@fuzz
@given(mutated_file())
def test_mutated_files_end_as_a_document_or_a_one_line_reason(file):
    name, data = file
    split = SplitSettings()
    check_result(prepare_safely(ReadJob("doc", data, file_type_of(name), "title"), split, ReadLimits()), split)


def scan_picture(kind: str) -> bytes:
    """The first page of scan.pdf as a small picture (a two-frame TIFF), as a scanner would save it."""
    import pypdfium2

    document = pypdfium2.PdfDocument(FIXTURES / "scan.pdf")
    page = document[0].render(scale=40 / 72).to_pil()
    document.close()
    out = io.BytesIO()
    page.save(out, kind, **({"save_all": True, "append_images": [page.convert("L")]} if kind == "TIFF" else {}))
    return out.getvalue()


PICTURES = {kind: scan_picture(kind) for kind in ("PNG", "JPEG", "TIFF", "WEBP", "BMP", "GIF")}
PICTURES["HEIC"] = (FIXTURES / "phone_photo.heic").read_bytes()


def mutated_picture(kind: str):
    return mutated_bytes(PICTURES[kind]).map(Mutated)


@pytest.mark.slow
@fuzz
@given(st.sampled_from(sorted(PICTURES)).flatmap(lambda kind: st.tuples(st.just(kind), mutated_picture(kind))))
def test_mutated_pictures_are_drawn_for_ocr_or_refused_with_a_one_line_reason(picture):
    """Each in a child process: a decoder's crash (libheif's, on a mutated HEIC) ends the child as it ends a reader's
    worker, which the report gives as "the reader crashed (signal 11): corrupt or hostile file" (ingest/workers.py)."""
    from ingest.picture import _count_frames, picture_sheets

    kind, mutated = picture

    def drawn_or_refused() -> None:
        try:
            frames = _count_frames(mutated, kind.lower())
            sheets = picture_sheets(mutated, [])
            for number in range(1, min(frames, 3) + 1):  # what OCR would be given
                page, dpi = sheets.draw(number)
                assert page.mode == "L" and page.width * page.height <= 40_000_000 and dpi >= 1
            sheets.close()
        except UnreadableFile as error:
            reason = str(error)
            assert reason.startswith(("corrupt ", "too large")) and "\n" not in reason and len(reason) <= 300, reason

    child = os.fork()
    if child == 0:
        try:
            drawn_or_refused()
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(child, 0)
    assert os.WIFSIGNALED(status) or os.WEXITSTATUS(status) == 0, "an exception or a failed check (above)"


@fuzz
@given(st.text(max_size=5000), st.sampled_from(["txt", "md"]))
def test_any_text_is_read_and_split_without_an_exception(text, file_type):
    split = SplitSettings(min_words=5, max_words=20)
    data = text.encode("utf-8", "surrogatepass")
    check_result(prepare_safely(ReadJob("doc", data, file_type, "t"), split, ReadLimits()), split)


@pytest.mark.slow
def test_a_sync_of_mutated_files_reports_every_one_and_writes_the_index(tmp_path, fake_embedder):
    settings = Settings(index_dir=tmp_path / "index")  # in worker processes
    folder = tmp_path / "mutated"
    folder.mkdir()
    rng = random.Random(13)
    for number in range(60):
        name = rng.choice(sorted(SEEDS))
        data = bytearray(SEEDS[name])
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        (folder / f"{number:02d}-{name}").write_bytes(bytes(data))
    result = sync_index([folder], settings, fake_embedder)
    assert len(result.reports) == 60 and result.written
    assert {report.status for report in result.reports} <= {"new", "skipped", "duplicate"}
    assert result.count("new") > 0
