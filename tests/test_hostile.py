"""Hostile and broken files: each costs its own report line, never the batch, the memory or the clock."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from conftest import FIXTURES
from hostile import docx_bomb, one_line_text, padded_xlsx, unclosed_odt, write_hostile_batch

from ingest.pipeline import ReadLimits
from ingest.split import SplitSettings
from ingest.workers import ReadJob, read_in_workers
from kb.errors import UnreadableFile
from kb.search import KnowledgeBase
from kb.settings import Settings
from kb.sync import sync_index

EXPECTED = {  # report line of each hostile file (see tests/hostile.py)
    "malformed.docx": "corrupt DOCX",
    "billion-laughs.docx": "corrupt DOCX",
    "billion-laughs.xlsx": "corrupt XLSX",
    "unclosed.odt": "corrupt ODT",
    "bomb.docx": "too large when unpacked",
    "flate-bomb.pdf": "too large when unpacked",
    "long-stream.pdf": "too large when unpacked",
    "many-pages.pdf": "too large when unpacked",
    "xfa-bomb.pdf": "too large when unpacked",
    "one-line.txt": "too much text",
    "pixel-bomb.png": "too large: > 179 MP",
    "web-page.jpg": "corrupt JPEG: not a picture",
    "pipe.txt": "not a regular file: a named pipe",
}


def read_one(data: bytes, file_type: str, limits: ReadLimits) -> object:
    [(_, result)] = read_in_workers([ReadJob("doc", data, file_type, "title")], SplitSettings(), limits)
    return result


@pytest.mark.slow
def test_a_batch_of_hostile_files_reports_each_and_indexes_the_good_ones(tmp_path, fake_embedder):
    settings = Settings(index_dir=tmp_path / "index")  # read in worker processes, as users' files are
    batch = tmp_path / "batch"
    write_hostile_batch(batch, bomb_mb=600, text_mb=8)
    shutil.copy(FIXTURES / "good.docx", batch / "good.docx")
    pipe_as_argument = batch / "pipe.txt"  # given by name too: it must not hang the sync

    result = sync_index([batch, pipe_as_argument], settings, fake_embedder)

    reports = {report.source.removeprefix("batch/"): report for report in result.reports}
    assert len(result.reports) == len(EXPECTED) + 3  # every file once, the pipe included
    for name, reason in EXPECTED.items():
        assert reports[name].status == "skipped" and reason in reports[name].warnings[0], name
    assert reports["good.docx"].status == "new"
    # a stream declaring 10^15 bytes: pypdf refuses the file, PDFium reads its one word without allocating them
    assert reports["huge-length.pdf"].status == "new" and reports["huge-length.pdf"].warnings == (
        "damaged PDF: read by a second PDF reader",
    )
    strange = reports["nav-utf8-\\xff\\xfe.txt"]  # stored and shown with the bytes that are not UTF-8 escaped
    assert strange.status == "new"
    knowledge_base = KnowledgeBase(settings.index_dir, fake_embedder)
    assert "batch/nav-utf8-\\xff\\xfe.txt" in knowledge_base.search("senioriem pašvaldību")[0].citation
    assert knowledge_base.original_file(strange.doc_id) == batch / os.fsdecode(b"nav-utf8-\xff\xfe.txt")
    knowledge_base.close()

    again = sync_index([batch, pipe_as_argument], settings, fake_embedder)  # the bad files stay: nothing changes
    assert not again.written
    assert [(r.source, r.warnings) for r in again.reports if r.status == "skipped"] == [
        (r.source, r.warnings) for r in result.reports if r.status == "skipped"
    ]


@pytest.mark.slow
def test_a_bomb_that_fits_the_unpacked_limit_runs_out_of_the_workers_memory_only():
    limits = ReadLimits(memory_mb=400, unpacked_mb=1000)
    result = read_one(docx_bomb(200), "docx", limits)
    assert isinstance(result, UnreadableFile) and "too large when unpacked: needs more than the 400 MB" in str(result)
    good = read_one((FIXTURES / "good.docx").read_bytes(), "docx", limits)
    assert good.passages  # type: ignore[attr-defined]


def test_an_e_mail_with_a_megabyte_of_encoded_headers_is_read_from_the_headers_it_needs():
    subject = "Subject: " + "=?utf-8?B?U8STZGU=?= " * 50_000  # "Sēde" 50,000 times: the parser needed gigabytes
    data = f"{subject}\nFrom: Anna <anna@b.lv>\nContent-Type: text/plain; charset=utf-8\n\nSēde notiks ceturtdien.\n"
    result = read_one(data.encode(), "eml", ReadLimits(memory_mb=400, seconds=30))
    assert not isinstance(result, UnreadableFile), result
    assert result.info.title.startswith("SēdeSēde") and "Sēde notiks ceturtdien." in result.passages[0].text  # type: ignore[attr-defined]


def test_an_e_mail_whose_attachment_has_a_huge_file_name_is_read():
    message = (
        'Subject: Sede\nFrom: anna@b.lv\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\n'
        'Sēde notiks ceturtdien.\n--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="'
        + "=?utf-8?B?U8STZGU=?=" * 8_000 + '"\n\nx\n--b--\n'
    )  # one header line of 168 KB in the attached part
    result = read_one(message.encode(), "eml", ReadLimits(memory_mb=400, seconds=30))
    assert not isinstance(result, UnreadableFile), result  # a nested part's headers needed gigabytes
    assert "Sēde notiks ceturtdien." in result.passages[0].text  # type: ignore[attr-defined]


def test_an_e_mail_of_thousands_of_from_lines_is_read_in_its_time():
    body = "Sēde notiks ceturtdien.\n\n" + "From: a\n\n" * 20_000  # 180 KB: each line looked ahead at all the rest
    data = f"Subject: Fwd: Sēde\nFrom: anna@b.lv\nContent-Type: text/plain; charset=utf-8\n\n{body}"
    result = read_one(data.encode(), "eml", ReadLimits(memory_mb=400, seconds=30))  # it took three minutes
    assert not isinstance(result, UnreadableFile), result
    assert "Sēde notiks ceturtdien." in result.passages[0].text  # type: ignore[attr-defined]


def test_a_web_page_saved_as_one_file_with_a_huge_content_type_line_is_read_in_its_time():
    page = (FIXTURES / "good.html").read_bytes()
    data = (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"; x="' + b"a " * 300_000 + b'"\r\n\r\n'
            b"--b\r\nContent-Type: text/html\r\n\r\n" + page + b"\r\n--b--\r\n")  # fmt: skip
    result = read_one(data, "mhtml", ReadLimits(memory_mb=400, seconds=30))  # its parameters' parsing took 92 s
    assert not isinstance(result, UnreadableFile), result
    assert "Tartu" in result.info.title  # type: ignore[attr-defined]


def test_an_odt_of_unclosed_tags_is_refused_in_its_time():
    result = read_one(unclosed_odt(), "odt", ReadLimits(memory_mb=400, seconds=30))  # 43 s in its first version
    assert isinstance(result, UnreadableFile) and str(result).startswith("corrupt ODT")


def test_a_workbook_that_says_it_fills_every_cell_is_read_in_its_time():
    result = read_one(padded_xlsx(), "xlsx", ReadLimits(memory_mb=400, seconds=30))  # 7.7 s a sheet in its first version
    assert not isinstance(result, UnreadableFile), result
    text = "\n".join(passage.text for passage in result.passages)  # type: ignore[attr-defined]
    assert "Pirmā rinda" in text and "Pēdējā rinda" in text


@pytest.mark.slow
def test_a_file_that_takes_too_long_is_stopped_and_the_next_one_is_read(tmp_path, fake_embedder):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a-slow.txt").write_bytes(one_line_text(8))
    shutil.copy(FIXTURES / "notes.md", folder / "b-notes.md")
    settings = Settings(index_dir=tmp_path / "index", read=ReadLimits(seconds=0.5), read_workers=1)
    reports = sync_index([folder], settings, fake_embedder).reports
    assert [(r.source, r.status) for r in reports] == [("docs/a-slow.txt", "skipped"), ("docs/b-notes.md", "new")]
    assert reports[0].warnings == ("took longer than 0.5 s to read",)


def test_a_worker_killed_mid_file_costs_only_that_file():
    def kill_the_worker() -> None:  # what the kernel's out-of-memory killer would do
        for _ in range(500):
            for process in Path("/proc").glob("[0-9]*"):
                try:
                    parent = int((process / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    if parent == os.getpid() and b"ingest.workers" in (process / "cmdline").read_bytes():
                        return os.kill(int(process.name), signal.SIGKILL)
                except (OSError, ValueError):
                    continue
            time.sleep(0.01)

    killer = threading.Thread(target=kill_the_worker)
    killer.start()
    result = read_one(one_line_text(8), "txt", ReadLimits())
    killer.join()
    assert isinstance(result, UnreadableFile) and str(result) == "the reader was killed (out of memory?)"
    assert read_one((FIXTURES / "notes.md").read_bytes(), "md", ReadLimits()).passages  # type: ignore[attr-defined]


def test_devices_and_pipes_are_reported_without_being_opened(tmp_path, fake_embedder):
    settings = Settings(index_dir=tmp_path / "index")
    pipe = tmp_path / "waiting.txt"
    os.mkfifo(pipe)
    finished = threading.Event()
    reports: list = []

    def ingest() -> None:
        reports.extend(sync_index([pipe, Path("/dev/zero")], settings, fake_embedder).reports)
        finished.set()

    threading.Thread(target=ingest, daemon=True).start()
    if not finished.wait(60):
        with open(pipe, "wb"):  # unblock the reader so the test process can end
            pass
        pytest.fail("the sync waited on a named pipe")
    assert [(r.source, r.status, r.warnings) for r in reports] == [
        (f"{tmp_path.name}/waiting.txt", "skipped", ("not a regular file: a named pipe",)),
        ("dev/zero", "skipped", ("unsupported type: no extension",)),
    ]


def test_a_reader_keeps_its_temporary_files_in_its_own_folder_removed_with_it(monkeypatch):
    """A reader killed at its time limit left tesseract's page images and LibreOffice's copies of documents in /tmp,
    readable by every local user; each reader now writes them in a folder of its own, only its owner's, removed
    when it stops."""
    import subprocess

    from ingest import workers

    started = []
    real_popen = subprocess.Popen
    spy = lambda *args, **options: started.append(options) or real_popen(*args, **options)  # noqa: E731
    monkeypatch.setattr(workers.subprocess, "Popen", spy)
    worker = workers._Worker(ReadLimits())
    try:
        folder = Path(worker.temporary)
        assert started[0]["env"]["TMPDIR"] == str(folder)  # where its libraries' temporary files go
        assert folder.stat().st_mode & 0o777 == 0o700
        (folder / "tess_input.PNG").write_bytes(b"a page")  # left by a tesseract the kill stopped
    finally:
        worker.stop()
    assert not folder.exists()
