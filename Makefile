# One entry point for people and CI. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
export HF_HUB_OFFLINE := 1
# A local mirror of the ToTA treaty files, when one sits beside the checkout (CI, dev machines).
ifneq ($(wildcard ../shared/corpus/tota),)
export EAEU_QA_SOURCES ?= $(abspath ../shared/corpus)
endif

.PHONY: setup run test bench eval browser-deps clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/eaeu-qa corpus fetch
	$(BIN)/eaeu-qa index

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

browser-deps:
	bash scripts/install-browser.sh

test: setup browser-deps
	$(BIN)/python -m pytest; status=$$?; [ $$status -ne 5 ] || echo "pytest collected no tests: that is a failure" >&2; exit $$status

bench: setup
	$(BIN)/python scripts/bench.py

eval: setup
	$(BIN)/eaeu-qa eval eval/dev.jsonl --out eval/runs/latest --answerer extractive --compare baseline

clean:
	rm -rf index .cache data tests/artifacts eval/runs
