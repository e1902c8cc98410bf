import dataclasses
import hashlib
import json
import random
import shutil
import string

import pytest

from eaeu_qa.index import (INFO_FILE, IndexUnavailable, build_index, expected_fingerprint, index_problem,
                           open_index, read_info)


def test_built_index_describes_itself(settings, index_handle):
    info = index_handle.info
    assert info.fingerprint == expected_fingerprint(settings)
    assert info.chunk_count == len(index_handle.chunks) == sum(info.chunks_per_source.values())
    assert set(info.chunks_per_source) == {"article", "eaeu_treaty", "accession_treaty"}
    assert index_handle.store._collection.count() == info.chunk_count
    assert index_problem(settings) is None


@pytest.fixture
def index_copy(settings, index_handle, tmp_path):
    """Settings pointing at a private copy of the session index, to damage at will."""
    target = tmp_path / "index"
    shutil.copytree(index_handle.path, target)
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
    sqlite = index_copy.index_dir / "chroma" / "chroma.sqlite3"
    assert sqlite.is_file()
    sqlite.write_bytes(b"this is not a database" * 100)
    messages, log = _log()
    handle = open_index(index_copy, log=log)
    assert any("corrupt" in m for m in messages), messages
    assert handle.store.similarity_search("Court of the EAEU seat", k=1)


def test_truncated_chunk_list_is_detected(index_copy):
    chunks_file = index_copy.index_dir / "chunks.jsonl"
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
    assert embeddings.computed.get(model, 0) - before == 1
    assert info.chunk_count == len(index_handle.chunks)
    edited = next(c for c in handle.chunks if marker in c.text)
    assert handle.store.similarity_search(edited.search_text, k=1)[0].metadata["chunk_id"] == edited.chunk_id
