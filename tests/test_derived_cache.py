"""Word statistics and the BM25 index are computed once per corpus and code, then read from disk."""

from __future__ import annotations

import dataclasses

from eaeu_qa import derived_cache
from eaeu_qa.keyword_index import bm25_folder
from eaeu_qa.retrieval import HybridRetriever


def test_value_is_computed_once_and_keyed_by_chunks_and_code(tmp_path, index_handle):
    chunks = index_handle.chunks[:20]
    code = tmp_path / "code.py"
    code.write_text("version 1")
    calls = []

    def build():
        calls.append(1)
        return {"n": len(calls)}

    first = derived_cache.cached("stats", chunks, [code], build, folder=tmp_path / "cache")
    again = derived_cache.cached("stats", chunks, [code], build, folder=tmp_path / "cache")
    assert first == again == {"n": 1} and len(calls) == 1
    edited = [dataclasses.replace(chunks[0], search_text=chunks[0].search_text + " more")] + chunks[1:]
    assert derived_cache.cached("stats", edited, [code], build, folder=tmp_path / "cache") == {"n": 2}
    code.write_text("version 2")
    assert derived_cache.cached("stats", chunks, [code], build, folder=tmp_path / "cache") == {"n": 3}


def test_the_folder_is_the_callers_settings_instances(tmp_path, index_handle, settings, monkeypatch):
    """The answerer's statistics and the condenser's word statistics are kept under the embedding cache folder of
    the Settings instance the caller holds (set on the instance, not in the environment): derived_cache used to read
    EAEU_QA_EMBEDDING_CACHE_DIR again instead."""
    from eaeu_qa.answering.evidence import CorpusStats
    from eaeu_qa.entities import corpus_terms

    monkeypatch.delenv("EAEU_QA_EMBEDDING_CACHE_DIR", raising=False)
    mine = dataclasses.replace(settings, embedding_cache_dir=tmp_path / "mine")
    assert mine.derived_dir == tmp_path / "mine" / "derived"
    CorpusStats(index_handle.chunks[:30], instrument_window=4, settings=mine)
    corpus_terms(index_handle.chunks[:30], mine)
    kept = {p.name.rsplit("-", 1)[0] for p in mine.derived_dir.glob("*.pickle")}
    terms = f"corpus-terms-near{mine.near_words}-noun{mine.noun_least_share}-cap{mine.name_capitalised_share}"
    assert kept == {"stem-df", "instrument-words-4", "corpus-verbs", "name-initials", terms}


def test_damaged_file_is_computed_again(tmp_path, index_handle):
    chunks = index_handle.chunks[:5]
    code = tmp_path / "code.py"
    code.write_text("x")
    derived_cache.cached("stats", chunks, [code], lambda: 1, folder=tmp_path)
    (stored,) = tmp_path.glob("stats-*.pickle")
    stored.write_bytes(b"not a pickle")
    assert derived_cache.cached("stats", chunks, [code], lambda: 2, folder=tmp_path) == 2
    assert derived_cache.cached("stats", chunks, [code], lambda: 3, folder=tmp_path) == 2


def test_the_folder_keeps_only_the_newest_values(tmp_path, index_handle, monkeypatch):
    monkeypatch.setattr(derived_cache, "KEEP", 2)
    code = tmp_path / "code.py"
    code.write_text("x")
    for n in range(4):
        derived_cache.cached("stats", index_handle.chunks[:n + 1], [code], lambda n=n: n, folder=tmp_path / "c")
    assert len(list((tmp_path / "c").iterdir())) == 2  # no temporary file left either
    assert derived_cache.cached("stats", index_handle.chunks[:4], [code], lambda: "again", folder=tmp_path / "c") == 3


def test_bm25_loaded_from_disk_ranks_like_a_fresh_build(settings, index_handle, tmp_path):
    own = dataclasses.replace(settings, embedding_cache_dir=tmp_path)
    built = HybridRetriever(handles=[index_handle], settings=own)
    question = "medical care for family members of workers"
    fresh = [(c.chunk_id, round(s, 5)) for c, s in built.lexical_ranking(question, 10)]
    folder = bm25_folder(own, index_handle.chunks)
    assert (folder / "params.index.json").is_file()
    loaded = HybridRetriever(handles=[index_handle], settings=own)
    assert [(c.chunk_id, round(s, 5)) for c, s in loaded.lexical_ranking(question, 10)] == fresh
    assert bm25_folder(own, index_handle.chunks[:-1]) != folder  # another chunk set, another index


def test_a_package_table_is_built_once_however_many_threads_and_folders_ask(tmp_path):
    """PackageTable's lock (Streamlit answers each session in its own thread): eight threads over two folders at once
    build the table once; the second folder gets the first folder's value written, not a second build. The build
    sleeps so that, without the lock, the threads would overlap inside it."""
    import threading
    import time

    builds: list[int] = []

    def build() -> dict[str, int]:
        builds.append(1)
        time.sleep(0.2)  # widens the window a missing lock would show in; nothing is timed
        return {"word": 1}

    table = derived_cache.PackageTable("counted-table", "pytest", __file__, build)
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
    got: list[dict[str, int]] = []
    threads = [threading.Thread(target=lambda f=f: got.append(table.get(f))) for f in folders * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len(got) == 8 and all(value == {"word": 1} for value in got)
    assert all(list(folder.glob("counted-table-*")) for folder in folders)
