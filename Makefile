# The README's commands. `make` alone prints this help.
VENV   := .venv
PY     := $(VENV)/bin/python
KB     := $(VENV)/bin/kb
INDEX  ?= index
PORT   ?= 8501

.PHONY: help run test index bench corpus clean
help:           ## show the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet torch==2.13.0   # the local CPU build; never the CUDA one
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

index: $(VENV)/.installed   ## build or sync the index of corpus/ (skips unchanged files)
	$(KB) ingest corpus --index $(INDEX)

run: index      ## install, index corpus/, serve the app on http://localhost:$(PORT)
	KB_INDEX=$(INDEX) $(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

test: $(VENV)/.installed-test   ## install test dependencies and run the test suite
	$(VENV)/bin/pytest

bench: $(VENV)/.installed   ## ingest and search benchmark on real Latvian text
	$(PY) scripts/bench_ingest.py

corpus: $(VENV)/.installed   ## regenerate corpus/ from ../shared/seeds
	$(PY) -m pip install --quiet fpdf2
	$(PY) scripts/make_corpus.py

clean:          ## remove the virtualenv and the index
	rm -rf $(VENV) $(INDEX)
