"""The index description and its problems, without building an index (eaeu_qa/index_info.py)."""

import dataclasses
import json

from eaeu_qa import index, index_info
from eaeu_qa.index_info import INFO_FILE, IndexInfo, current_generation, index_problem, read_info


def test_index_re_exports_the_description_helpers():
    assert index.read_info is read_info and index.IndexInfo is IndexInfo and index.INFO_FILE == INFO_FILE


def test_missing_or_unreadable_descriptions_are_problems(settings, tmp_path):
    missing = dataclasses.replace(settings, index_dir=tmp_path / "nothing", chroma_host="")
    assert index_problem(missing) == "no index has been built yet"
    folder = tmp_path / "index"
    folder.mkdir()
    (folder / INFO_FILE).write_text("{not json", encoding="utf-8")
    assert read_info(folder) is None and current_generation(folder) is None
    assert "missing or unreadable" in index_problem(dataclasses.replace(missing, index_dir=folder))


def test_a_description_from_another_build_is_a_stale_index(settings, tmp_path):
    info = IndexInfo(fingerprint="0" * 16, built_at="", build_seconds=0.0, chunk_count=0, chunks_per_source={},
                     model="m", chunker_version="1", generation="g1", unit_count=0)
    (tmp_path / INFO_FILE).write_text(json.dumps({**dataclasses.asdict(info), "unknown_field": 1}), encoding="utf-8")
    assert read_info(tmp_path) == info  # unknown fields of newer builds are ignored
    stale = dataclasses.replace(settings, index_dir=tmp_path, chroma_host="")
    assert index_problem(stale) == "the sources, chunker or model changed since the index was built"
    assert index_info.expected_fingerprint(settings) != info.fingerprint
