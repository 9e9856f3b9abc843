"""Build ingest/words.tsv.gz, the word list the garbled-text check (ingest/quality.py) reads.

    .venv/bin/python scripts/build_wordlist.py

A `## lv`, `## en`, `## ru` line starts each language; then one lower-case word form a line, most
frequent first, followed by `<TAB>stem` when its stem (ingest.quality.stem_word) differs from it,
stored so that reading the list costs no stemming:
  lv  every form in FullStack-LV paragraphs and the Latvian side of Tatoeba (three sets)
  en  the 20,000 most frequent forms of Tatoeba's English sentences
  ru  the 30,000 most frequent forms of Tatoeba's Russian sentences
Sources (../shared/data, see its README): FullStack-LV (CC BY-SA 4.0, LUMII-AILab/FullStack) and
Tatoeba (CC BY 2.0 FR). FLORES-200 and SIB-200 (FLORES text) are left out on purpose: the
threshold is measured on them (scripts/calibrate_garbled.py), so they must be text the list has
not seen. The output is deterministic (ties broken alphabetically, gzip without a time stamp).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ingest.quality import stem_word  # noqa: E402

DATA = REPO.parent / "shared" / "data"
OUT = REPO / "ingest" / "words.tsv.gz"
WORD = re.compile(r"[^\W\d_]+")
TOP = {"lv": None, "en": 20_000, "ru": 30_000}
HEADER = (
    "# Word forms for ingest/quality.py, built by scripts/build_wordlist.py from FullStack-LV (CC BY-SA 4.0,"
    " LUMII-AILab/FullStack) and Tatoeba (CC BY 2.0 FR) sentences;"
    " per language (## lv, ## en, ## ru) one word[<TAB>stem] a line, most frequent first.\n"
)


def words(text: str) -> list[str]:
    return [word.casefold() for word in WORD.findall(unicodedata.normalize("NFC", text)) if len(word) > 1]


def counts() -> dict[str, Counter]:
    found = {language: Counter() for language in TOP}
    with (DATA / "fullstack_lv" / "paragraphs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            found["lv"].update(words(json.loads(line)["text"]))
    for name in ("tatoeba_v2021_bitext.jsonl", "laser_tatoeba_bitext.jsonl"):
        with (DATA / "tatoeba_lv_en" / name).open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                found["lv"].update(words(row["lv"]))
                found["en"].update(words(row["en"]))
    languages = {"lav": "lv", "eng": "en", "rus": "ru"}
    with gzip.open(DATA / "scale_multilingual" / "passages.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            if '"source": "tatoeba' not in line:
                continue
            row = json.loads(line)
            if row["lang"] in languages:
                found[languages[row["lang"]]].update(words(row["text"]))
    return found


def main() -> None:
    lines = [HEADER]
    for language, counter in counts().items():
        ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[: TOP[language]]
        lines.append(f"## {language}\n")
        lines += [f"{word}\n" if stem_word(word) == word else f"{word}\t{stem_word(word)}\n" for word, _ in ranked]
        print(f"{language}: {min(len(counter), TOP[language] or len(counter)):,} of {len(counter):,} forms")
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as packed:
        packed.write("".join(lines).encode("utf-8"))
    print(f"wrote {OUT.relative_to(REPO)}: {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
