import pytest

from eaeu_qa.files import atomic_write_text


def test_atomic_write_creates_and_replaces(tmp_path):
    target = tmp_path / "sub" / "a.json"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text(encoding="utf-8") == "two"
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "a.json"
    atomic_write_text(target, "kept")
    with pytest.raises(TypeError):
        atomic_write_text(target, None)
    assert target.read_text(encoding="utf-8") == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
