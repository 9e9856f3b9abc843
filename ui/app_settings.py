"""The app's settings: the KB_* variables, and the index named as kb takes it (`streamlit run app.py -- --index DIR`)."""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path

from kb.settings import Settings

log = logging.getLogger("app")  # the app's log, as when this was app.py


def app_settings() -> Settings:
    """The KB_* variables, and the index named as kb takes it: `streamlit run app.py -- --index DIR` (the argument wins;
    it was ignored without a word, and the app served the index of KB_INDEX)."""
    index_dir = index_argument(tuple(sys.argv[1:]))
    settings = Settings.from_env()
    return replace(settings, index_dir=index_dir) if index_dir else settings


@cache  # said once, not at every rerun
def index_argument(arguments: tuple[str, ...]) -> Path | None:
    parser = argparse.ArgumentParser(prog="streamlit run app.py --", allow_abbrev=False)
    parser.add_argument("--index", type=Path)
    known, ignored = parser.parse_known_args(arguments)
    if ignored:
        log.warning("arguments not understood, ignored: %s", " ".join(ignored))
    return known.index

