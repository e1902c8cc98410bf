"""Atomic writes (a failed write keeps the old file, no temporary left) and keep_newest."""

import os
import pickle
import threading

import pytest

from eaeu_qa.files import atomic_write, atomic_write_bytes, atomic_write_text, keep_newest


def test_atomic_write_creates_and_replaces(tmp_path):
    target = tmp_path / "sub" / "a.json"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two ü")
    assert target.read_text(encoding="utf-8") == "two ü"
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "a.json"
    atomic_write_text(target, "kept")
    with pytest.raises(AttributeError):
        atomic_write_text(target, None)

    def half_then_fail(out):
        out.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_a_writer_and_bytes_reach_the_file(tmp_path):
    atomic_write(tmp_path / "v.pickle", lambda out: pickle.dump({"n": 1}, out))
    assert pickle.loads((tmp_path / "v.pickle").read_bytes()) == {"n": 1}
    atomic_write_bytes(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"


def test_the_temporary_file_is_unique_and_not_named_like_its_target(tmp_path):
    """Threads writing one target never share a temporary file, and a glob for the targets never sees one."""
    seen, started = [], threading.Barrier(8)

    def write(out):
        started.wait(timeout=10)  # all eight temporary files exist now
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        out.write(b"x" * 1000)

    threads = [threading.Thread(target=atomic_write, args=(tmp_path / "same.pickle", write)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    temporaries = seen[0]
    assert len(set(temporaries)) == 8 and all(name.endswith(".partial") for name in temporaries)
    assert not any(name.endswith(".pickle") for name in temporaries)  # a glob for the targets sees none
    assert (tmp_path / "same.pickle").read_bytes() == b"x" * 1000
    assert [p.name for p in tmp_path.iterdir()] == ["same.pickle"]


def test_keep_newest_removes_the_oldest_files_and_folders(tmp_path):
    entries = []
    for age, name in enumerate(["newest", "middle", "old-folder", "oldest"]):
        entry = tmp_path / name
        if name.endswith("folder"):
            entry.mkdir()
            (entry / "inside").write_text("x")
        else:
            entry.write_text(name)
        os.utime(entry, (1_000_000 - age * 10, 1_000_000 - age * 10))
        entries.append(entry)
    keep_newest(entries, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["middle", "newest"]
    keep_newest([tmp_path / "gone", tmp_path / "newest"], 1)  # a vanished entry is no error
    assert (tmp_path / "newest").exists()
