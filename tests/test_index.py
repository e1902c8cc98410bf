"""The index: it describes itself, is rebuilt when stale or corrupt, survives crashes, and opens without Chroma."""

import dataclasses
import hashlib
import json
import os
import random
import shutil
import string
import subprocess
import sys

import pytest

from eaeu_qa.generations import generation_dir
from eaeu_qa.index import (INFO_FILE, IndexUnavailable, build_index, expected_fingerprint, index_problem,
                           open_index, read_info)


def test_built_index_describes_itself(settings, index_handle):
    info = index_handle.info
    assert info.fingerprint == expected_fingerprint(settings)
    assert info.chunk_count == len(index_handle.chunks) == sum(info.chunks_per_source.values())
    assert set(info.chunks_per_source) == {"article", "eaeu_treaty", "accession_treaty"}
    assert index_handle.store._collection.count() == info.chunk_count
    assert index_problem(settings) is None
    assert info.generation and index_handle.path == generation_dir(settings.index_dir, info.generation)
    assert read_info(index_handle.path) == info  # the generation folder describes itself too


@pytest.fixture
def index_copy(settings, index_handle, tmp_path):
    """Settings pointing at a private copy of the session index, to damage at will."""
    target = tmp_path / "index"
    shutil.copytree(settings.index_dir, target, ignore=shutil.ignore_patterns(".*"))
    return dataclasses.replace(settings, index_dir=target)


def _log():
    messages = []
    return messages, messages.append


def test_stale_index_is_rebuilt_with_a_reason(index_copy):
    info_file = index_copy.index_dir / INFO_FILE
    info = json.loads(info_file.read_text())
    info["fingerprint"] = "0" * 16
    info_file.write_text(json.dumps(info))
    assert "changed" in index_problem(index_copy)
    messages, log = _log()
    handle = open_index(index_copy, log=log)
    assert any("Rebuilding the index" in m and "changed" in m for m in messages)
    assert handle.info.fingerprint == expected_fingerprint(index_copy)
    assert index_problem(index_copy) is None


def test_corrupt_index_is_rebuilt(index_copy):
    generation = read_info(index_copy.index_dir).generation
    sqlite = generation_dir(index_copy.index_dir, generation) / "chroma" / "chroma.sqlite3"
    assert sqlite.is_file()
    sqlite.write_bytes(b"this is not a database" * 100)
    messages, log = _log()
    handle = open_index(index_copy, log=log)
    assert any("corrupt" in m for m in messages), messages
    assert handle.store.similarity_search("Court of the EAEU seat", k=1)


def test_truncated_chunk_list_is_detected(index_copy):
    chunks_file = generation_dir(index_copy.index_dir, read_info(index_copy.index_dir).generation) / "chunks.jsonl"
    lines = chunks_file.read_text(encoding="utf-8").splitlines()
    chunks_file.write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="eaeu-qa index --rebuild"):
        open_index(index_copy, rebuild=False)


def test_crash_mid_build_keeps_the_old_index(index_copy):
    before = read_info(index_copy.index_dir)

    def crash(done, total):
        raise KeyboardInterrupt("power cut")

    with pytest.raises(KeyboardInterrupt):
        build_index(index_copy, progress=crash, log=lambda _m: None)
    assert read_info(index_copy.index_dir) == before
    assert index_problem(index_copy) is None
    leftovers = [p.name for p in index_copy.index_dir.parent.iterdir() if p.name.startswith(".index")]
    leftovers += [p.name for p in index_copy.index_dir.iterdir() if ".building-" in p.name]
    assert leftovers == []


def test_missing_index_without_rebuild_is_a_clear_error(settings, tmp_path):
    empty = dataclasses.replace(settings, index_dir=tmp_path / "none")
    with pytest.raises(IndexUnavailable, match="no index has been built"):
        open_index(empty, rebuild=False)


def test_rebuild_after_one_source_changes_embeds_only_the_changed_text(settings, index_handle, tmp_path):
    """The embedding cache keeps every unchanged chunk's vector: only the edited paragraph is embedded."""
    from eaeu_qa import embeddings
    from eaeu_qa.corpus import load_manifest

    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    spec = next(s for s in load_manifest(settings) if s.shipped)
    path = corpus / spec.file
    paragraphs = path.read_text(encoding="utf-8").split("\n")
    # New words on every run, so the shared embedding cache cannot already hold the edited text.
    marker = "edited " + "".join(random.choices(string.ascii_lowercase, k=16))
    body = [i for i, p in enumerate(paragraphs) if len(p) > 300]  # a body paragraph, not a heading
    paragraphs[body[len(body) // 2]] += " " + marker
    path.write_text("\n".join(paragraphs), encoding="utf-8")
    manifest = corpus / settings.manifest_file.name
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        spec.sha256, hashlib.sha256(path.read_bytes()).hexdigest()), encoding="utf-8")
    changed = dataclasses.replace(settings, corpus_dir=corpus, manifest_file=manifest, index_dir=tmp_path / "index")
    model = embeddings.model_id(settings.model_name, settings.embedding_cache_dir)
    before = embeddings.computed.get(model, 0)

    info = build_index(changed, log=lambda _m: None)

    handle = open_index(changed, rebuild=False)
    new_texts = {c.search_text for c in handle.chunks} - {c.search_text for c in index_handle.chunks}
    assert len(new_texts) == 1 and marker in new_texts.pop()
    # Only the edited texts are embedded: its chunk, its changed sentence and the words new to the corpus.
    from eaeu_qa.answering.evidence import corpus_words
    from eaeu_qa.answering.units import chunk_units, embedding_text

    def texts(chunks):
        return ({c.search_text for c in chunks} | {embedding_text(u) for c in chunks for u in chunk_units(c)}
                | set(corpus_words(chunks)))
    changed_texts = texts(handle.chunks) - texts(index_handle.chunks)
    with_marker = {t for t in changed_texts if marker.split()[1] in t}  # never seen before by any cache
    assert len(with_marker) == 3  # the chunk, its edited sentence, the marker word
    assert len(with_marker) <= embeddings.computed.get(model, 0) - before <= len(changed_texts)
    assert info.chunk_count == len(index_handle.chunks)
    edited = next(c for c in handle.chunks if marker in c.text)
    assert handle.store.similarity_search(edited.search_text, k=1)[0].metadata["chunk_id"] == edited.chunk_id


def test_killed_builds_leave_nothing_after_the_next_start(index_copy):
    """Folders of builds whose process died are removed when the index is next opened; live ones stay."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        killed = [index_copy.index_dir / f".gen-20260101T000000-abcdef.building-{dead_pid}",
                  index_copy.index_dir.parent / f".index.building-{dead_pid}",  # earlier versions' layout
                  index_copy.index_dir.parent / f".index.old-{dead_pid}"]
        running = index_copy.index_dir / f".gen-20260101T000000-fedcba.building-{sleeper.pid}"
        for folder in killed + [running]:
            (folder / "chroma").mkdir(parents=True)
        open_index(index_copy, rebuild=False).release()
        assert [f for f in killed if f.exists()] == []
        assert running.is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_an_index_of_the_layout_before_generations_still_opens(index_copy):
    """index/index.json without a generation and the files directly in index/ (earlier versions)."""
    folder = generation_dir(index_copy.index_dir, read_info(index_copy.index_dir).generation)
    for name in ("chroma", "chunks.jsonl"):
        shutil.move(folder / name, index_copy.index_dir / name)
    info = json.loads((index_copy.index_dir / INFO_FILE).read_text())
    del info["generation"]
    (index_copy.index_dir / INFO_FILE).write_text(json.dumps(info))
    shutil.rmtree(folder)
    handle = open_index(index_copy, rebuild=False)
    assert handle.generation == "" and handle.path == index_copy.index_dir
    assert handle.store.similarity_search("Court of the EAEU seat", k=1)
    handle.release()


def test_unwritable_index_folder_is_a_clear_error(settings, tmp_path):
    (tmp_path / "not-a-folder").write_text("x")
    target = dataclasses.replace(settings, index_dir=tmp_path / "not-a-folder" / "index")
    with pytest.raises(IndexUnavailable, match=r"Cannot create the index folder .*not-a-folder"):
        build_index(target, log=lambda _m: None)


def test_the_exported_vectors_are_exactly_what_chroma_stores(index_handle):
    """The build writes every vector of both collections beside Chroma (ids sorted); search reads those."""
    import numpy as np

    for store in (index_handle.store, index_handle.sentences):
        ids, matrix = store.exported_vectors
        assert ids == sorted(ids) and matrix.shape == (len(ids), 384) and matrix.dtype == np.float32
        stored = store._collection.get(include=["embeddings"])
        by_id = dict(zip(stored["ids"], np.asarray(stored["embeddings"], dtype=np.float32)))
        assert sorted(by_id) == ids
        assert np.array_equal(np.stack([by_id[i] for i in ids]), matrix)
    assert len(index_handle.sentences.exported_vectors[0]) == index_handle.info.unit_count


def test_opening_the_index_and_searching_it_start_no_chroma_client(settings, index_handle):
    code = ("import json, sys\n"
            "from eaeu_qa.index import open_index\n"
            "from eaeu_qa.retrieval import HybridRetriever\n"
            "from eaeu_qa.settings import Settings\n"
            "settings = Settings.from_env()\n"
            "handle = open_index(settings, rebuild=False)\n"
            "passages = HybridRetriever(handles=[handle], settings=settings).search('Article 98 medical care', k=8)\n"
            "print(json.dumps({'found': len(passages), 'chroma': 'chromadb' in sys.modules,\n"
            "                  'opened': handle.store.opened or handle.sentences.opened}))\n")
    env = dict(os.environ, HF_HUB_OFFLINE="1", EAEU_QA_INDEX_DIR=str(settings.index_dir),
               EAEU_QA_CACHE_DIR=str(settings.cache_dir), EAEU_QA_DATA_DIR=str(settings.data_dir))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"found": 8, "chroma": False, "opened": False}


@pytest.mark.parametrize("damage", ["truncated vectors", "other ids", "database header"])
def test_damaged_vector_files_or_database_are_found_at_open(index_copy, damage):
    folder = generation_dir(index_copy.index_dir, read_info(index_copy.index_dir).generation)
    if damage == "truncated vectors":
        path = folder / "vectors-eaeu_qa_sentences.npy"
        path.write_bytes(path.read_bytes()[:1000])
    elif damage == "other ids":
        listing = json.loads((folder / "vectors.json").read_text())
        listing["ids"]["eaeu_qa"][0] = "not-a-chunk"
        (folder / "vectors.json").write_text(json.dumps(listing))
    else:
        sqlite = folder / "chroma" / "chroma.sqlite3"
        sqlite.write_bytes(b"\0" * 16 + sqlite.read_bytes()[16:])
    with pytest.raises(IndexUnavailable, match="corrupt"):
        open_index(index_copy, rebuild=False)


def _edit_one_paragraph(settings, tmp_path):
    """Settings over a copy of corpus/ whose analysis article has one body paragraph extended."""
    from eaeu_qa.corpus import load_manifest

    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    spec = next(s for s in load_manifest(settings) if s.shipped)
    path = corpus / spec.file
    paragraphs = path.read_text(encoding="utf-8").split("\n")
    body = [i for i, p in enumerate(paragraphs) if len(p) > 300]
    paragraphs[body[len(body) // 2]] += " An added sentence about the Court."
    path.write_text("\n".join(paragraphs), encoding="utf-8")
    manifest = corpus / settings.manifest_file.name
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        spec.sha256, hashlib.sha256(path.read_bytes()).hexdigest()), encoding="utf-8")
    return dataclasses.replace(settings, corpus_dir=corpus, manifest_file=manifest)


def _contents(settings):
    """Every record of both collections of the current generation: id -> (document, metadata), and the
    exported (ids, vectors)."""
    import numpy as np

    handle = open_index(settings, rebuild=False)
    found = []
    for store in (handle.store, handle.sentences):
        stored = store._collection.get(include=["documents", "metadatas", "embeddings"])
        records = {i: (d, m, np.asarray(e, dtype=np.float32).tobytes())
                   for i, d, m, e in zip(stored["ids"], stored["documents"], stored["metadatas"], stored["embeddings"])}
        ids, matrix = store.exported_vectors
        found.append((records, ids, matrix.tobytes()))
    handle.release()
    return found


def test_a_changed_source_rewrites_only_the_records_that_differ(index_copy, tmp_path):
    """`eaeu-qa index` after a source changed starts from a copy of the current generation's Chroma folder;
    the result holds exactly the records and vectors of a build from nothing."""
    changed = _edit_one_paragraph(index_copy, tmp_path)
    messages, log = _log()
    build_index(changed, log=log, reuse=True)
    built = next(m for m in messages if m.startswith("Index built"))
    written = int(built.split("; ")[1].split()[0].replace(",", ""))
    assert 0 < written < 100, built
    fresh = dataclasses.replace(changed, index_dir=tmp_path / "fresh")
    fresh_messages, fresh_log = _log()
    build_index(fresh, log=fresh_log, reuse=True)  # nothing to reuse there: every record is written
    assert "copied" not in next(m for m in fresh_messages if m.startswith("Index built"))
    assert _contents(changed) == _contents(fresh)


def test_a_copy_that_cannot_be_trusted_is_not_reused(index_copy, tmp_path):
    """A previous generation whose exported vectors disagree with its Chroma copy: everything is written."""
    import numpy as np

    folder = generation_dir(index_copy.index_dir, read_info(index_copy.index_dir).generation)
    path = folder / "vectors-eaeu_qa.npy"
    np.save(path, np.load(path) * 0.5)
    changed = _edit_one_paragraph(index_copy, tmp_path)
    messages, log = _log()
    build_index(changed, log=log, reuse=True)
    assert any("not reused" in m for m in messages), messages
    assert "copied" not in next(m for m in messages if m.startswith("Index built"))
    assert index_problem(changed) is None
