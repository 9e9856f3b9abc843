"""Settings.from_env: the one place that reads KB_* variables, for the CLI and the app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from cli import cli
from kb.errors import KnowledgeBaseError, SettingsInvalid
from kb.settings import ENVIRONMENT, Settings


def test_variables_set_nested_settings_and_empty_ones_are_ignored():
    settings = Settings.from_env(
        {"KB_INDEX": "/srv/kb", "KB_READ_SECONDS": "30", "KB_OCR_LANGUAGES": "lav+rus", "KB_MAX_FILE_MB": " ", "HOME": "/x"}
    )
    assert settings.index_dir == Path("/srv/kb") and settings.read.seconds == 30.0
    assert settings.read.ocr.languages == "lav+rus" and settings.read.ocr.dpi == Settings().read.ocr.dpi
    assert settings.max_file_mb == Settings().max_file_mb


def test_a_variable_that_is_not_a_number_is_named_in_one_line():
    with pytest.raises(SettingsInvalid, match=r"^KB_READ_MEMORY_MB='1.5 GB' is not a whole number of at least 300$"):
        Settings.from_env({"KB_READ_MEMORY_MB": "1.5 GB"})
    result = CliRunner().invoke(cli, ["search", "x"], env={"KB_MAX_FILE_MB": "lots"})
    assert result.exit_code == 1 and result.output == "Error: KB_MAX_FILE_MB='lots' is not a number above 0\n"


@pytest.mark.parametrize(
    ("option", "variable", "value"),
    [("--max-file-mb", "KB_MAX_FILE_MB", "nan"), ("--max-file-mb", "KB_MAX_FILE_MB", "-1"),
     ("--max-file-mb", "KB_MAX_FILE_MB", "0"), ("--read-seconds", "KB_READ_SECONDS", "-1"),
     ("--read-memory-mb", "KB_READ_MEMORY_MB", "0")],
)  # fmt: skip
def test_a_limit_no_file_could_pass_is_refused_before_anything_is_read(tmp_path, option, variable, value):
    """'--max-file-mb -1' skipped every file as too large; 'nan' ended in a traceback; memory 0 crashed every reader."""
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--index", str(tmp_path / "index"), option, value])
    assert result.exit_code == 2 and f"Invalid value for '{option}': '{value}' is not a" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "index").exists()
    with pytest.raises(SettingsInvalid, match=f"^{variable}='{value}' is not a"):
        Settings.from_env({variable: value})


def test_cli_options_default_to_the_variables_and_win_over_them(tmp_path, monkeypatch):
    seen = []

    def sync_index(paths, settings, **_):  # what the CLI passes on is all this test needs
        seen.append(settings)
        raise KnowledgeBaseError("stopped here")

    monkeypatch.setattr("kb.sync.sync_index", sync_index)
    env = {"KB_INDEX": str(tmp_path / "from-env"), "KB_READ_SECONDS": "7"}
    CliRunner().invoke(cli, ["ingest", str(tmp_path)], env=env)
    CliRunner().invoke(cli, ["ingest", str(tmp_path), "--read-seconds", "9", "--index", str(tmp_path / "given")], env=env)
    assert [(s.index_dir.name, s.read.seconds) for s in seen] == [("from-env", 7.0), ("given", 9.0)]


def test_every_variable_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [name for name in ENVIRONMENT if not re.search(rf"\b{name}\b", readme)] == []
