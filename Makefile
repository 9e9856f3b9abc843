# The README's commands. `make` alone prints this help.
VENV   := .venv
PY     := $(VENV)/bin/python
KB     := $(VENV)/bin/kb
DOCS   ?= corpus
INDEX  ?= index
PORT   ?= 8501
HOST   ?= localhost

.PHONY: help run test test-fast index bench eval corpus clean
help:           ## show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet torch==2.13.0   # the local CPU build; never the CUDA one
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

index: $(VENV)/.installed   ## build or sync the index of corpus/ (DOCS=folder: yours instead; skips unchanged files)
	$(KB) ingest $(DOCS) --index $(INDEX)

run: index      ## install, index corpus/ (or DOCS=folder), serve the app on this computer only (HOST=0.0.0.0: the network)
	KB_INDEX=$(INDEX) $(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.address $(HOST) --server.headless true

test: $(VENV)/.installed-test   ## install test dependencies and run the test suite
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

test-fast: $(VENV)/.installed-test   ## the tests that need neither the model nor a browser and take < 3 s each
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -m "not model and not browser and not slow"

bench: $(VENV)/.installed   ## encoder, ingest and 10k/100k/1M search benchmarks (~30 min; QUICK=1: minutes; BENCH_OUT=FILE: JSON)
	$(PY) scripts/bench.py $(if $(BENCH_OUT),--out $(BENCH_OUT)) $(if $(QUICK),--quick)

EVAL_INDEX := eval/build
eval: $(VENV)/.installed   ## index the evaluation sets (eval/build/, ~30 min the first time) and print kb eval for each
	$(PY) scripts/build_eval_sets.py --distractors-only
	$(KB) ingest corpus --index $(EVAL_INDEX)/index-seed
	$(KB) ingest corpus eval/build/distractors --index $(EVAL_INDEX)/index-seed-distractors
	$(KB) ingest eval/flores/passages --index $(EVAL_INDEX)/index-flores
	$(KB) ingest eval/flores_loo/passages --index $(EVAL_INDEX)/index-flores-loo
	$(KB) ingest eval/flores/passages eval/build/distractors --index $(EVAL_INDEX)/index-flores-distractors
	$(KB) ingest eval/flores_loo/passages eval/build/distractors --index $(EVAL_INDEX)/index-flores-loo-distractors
	@# collections in two languages: the seed one plus the FLORES articles in Russian, or in English (copied first:
	@# only those articles are embedded)
	test -d $(EVAL_INDEX)/index-seed-ru || cp -r $(EVAL_INDEX)/index-seed-distractors $(EVAL_INDEX)/index-seed-ru
	$(KB) ingest corpus eval/build/distractors eval/flores_ru/passages --index $(EVAL_INDEX)/index-seed-ru
	test -d $(EVAL_INDEX)/index-seed-en || cp -r $(EVAL_INDEX)/index-seed-distractors $(EVAL_INDEX)/index-seed-en
	$(KB) ingest corpus eval/build/distractors eval/flores_en/passages --index $(EVAL_INDEX)/index-seed-en
	@echo "== seed queries, sample corpus only";   $(KB) eval eval/seed_dev.jsonl --index $(EVAL_INDEX)/index-seed
	@echo "== seed queries, with 2,306 FullStack-LV documents as distractors"; $(KB) eval eval/seed_dev.jsonl --index $(EVAL_INDEX)/index-seed-distractors
	@echo "== the English seed queries in Russian, sample corpus only"; $(KB) eval eval/seed_ru.jsonl --index $(EVAL_INDEX)/index-seed
	@echo "== the English seed queries in Russian, with the distractors"; $(KB) eval eval/seed_ru.jsonl --index $(EVAL_INDEX)/index-seed-distractors
	@echo "== FLORES-200 English -> Latvian";      $(KB) eval eval/flores/en2lv.jsonl --index $(EVAL_INDEX)/index-flores
	@echo "== FLORES-200 23 other languages -> Latvian"; $(KB) eval eval/flores/xx2lv.jsonl --index $(EVAL_INDEX)/index-flores
	@echo "== FLORES-200 Latvian -> Latvian, leave-one-out"; $(KB) eval eval/flores_loo/lv2lv.jsonl --index $(EVAL_INDEX)/index-flores-loo
	@echo "== FLORES-200 English -> Latvian, among the FullStack-LV documents"; $(KB) eval eval/flores/en2lv.jsonl --index $(EVAL_INDEX)/index-flores-distractors
	@echo "== FLORES-200 23 other languages -> Latvian, among the FullStack-LV documents"; $(KB) eval eval/flores/xx2lv.jsonl --index $(EVAL_INDEX)/index-flores-distractors
	@echo "== FLORES-200 Latvian -> Latvian, leave-one-out, among the FullStack-LV documents"; $(KB) eval eval/flores_loo/lv2lv.jsonl --index $(EVAL_INDEX)/index-flores-loo-distractors
	@echo "== Latvian and Russian: FLORES-200 Latvian -> the Russian articles, among the FullStack-LV documents"; $(KB) eval eval/flores_ru/lv2ru.jsonl --index $(EVAL_INDEX)/index-seed-ru
	@echo "== Latvian and Russian: seed queries, with the distractors and the Russian articles"; $(KB) eval eval/seed_dev.jsonl --index $(EVAL_INDEX)/index-seed-ru
	@echo "== Latvian and Russian: the Russian seed queries, the same collection"; $(KB) eval eval/seed_ru.jsonl --index $(EVAL_INDEX)/index-seed-ru
	@echo "== Latvian and English: FLORES-200 Latvian -> the English articles, among the FullStack-LV documents"; $(KB) eval eval/flores_en/lv2en.jsonl --index $(EVAL_INDEX)/index-seed-en
	@echo "== Latvian and English: seed queries, with the distractors and the English articles"; $(KB) eval eval/seed_dev.jsonl --index $(EVAL_INDEX)/index-seed-en

corpus: $(VENV)/.installed   ## regenerate corpus/ from ../shared/seeds
	$(PY) -m pip install --quiet fpdf2
	$(PY) scripts/make_corpus.py

clean:          ## remove the virtualenv and the index
	rm -rf $(VENV) $(INDEX)
