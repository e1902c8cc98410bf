"""Sources: the manifest's pins and licences, fetching from a mirror or URL, and tampered or missing files."""

import dataclasses
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from eaeu_qa.corpus import CorpusError, fetch_sources, load_manifest, sha256_of, source_status, verified_path


def test_manifest_names_every_source_with_pin_and_licence(settings):
    specs = {s.id: s for s in load_manifest(settings)}
    assert set(specs) == {"article", "eaeu_treaty", "accession_treaty"}
    for spec in specs.values():
        assert len(spec.sha256) == 64 and spec.licence and spec.attribution
    assert specs["article"].shipped and not specs["eaeu_treaty"].shipped
    assert specs["eaeu_treaty"].url.startswith("https://") and "2558ee5e9aafb1fe02d586768def7feb8906123d" in specs["eaeu_treaty"].url


def test_fixture_sources_are_verified(settings):
    for spec in load_manifest(settings):
        assert source_status(spec, settings).state == "ok"


@pytest.fixture
def fresh(settings, tmp_path):
    """Settings with an empty cache and a private copy of the mirror, to damage at will."""
    mirror = tmp_path / "mirror"
    shutil.copytree(settings.sources, mirror)
    return dataclasses.replace(settings, cache_dir=tmp_path / "cache", sources=mirror)


def test_fetch_from_mirror_fills_the_cache(fresh):
    statuses = fetch_sources(fresh, log=lambda _m: None)
    assert [s.state for s in statuses] == ["ok", "ok", "ok"]
    assert (fresh.cache_dir / "tota" / "pta_440.xml").is_file()


def test_tampered_mirror_file_is_rejected_and_nothing_is_left(fresh):
    target = fresh.sources / "tota" / "pta_444.xml"
    target.write_bytes(target.read_bytes().replace(b"Minsk", b"Moscow") + b"<!-- edited -->")
    with pytest.raises(CorpusError, match="SHA-256") as error:
        fetch_sources(fresh, log=lambda _m: None)
    assert str(target) in str(error.value)  # names the file ...
    assert "Replace" in str(error.value) and "EAEU_QA_SOURCES" in str(error.value)  # ... and the fix
    leftovers = list((fresh.cache_dir / "tota").iterdir())
    assert all(p.name == "pta_440.xml" for p in leftovers), leftovers


def test_missing_mirror_file_is_a_clear_error(fresh):
    (fresh.sources / "tota" / "pta_440.xml").unlink()
    with pytest.raises(CorpusError, match="not found in the mirror"):
        fetch_sources(fresh, log=lambda _m: None)


def test_tampered_cached_file_is_detected_and_replaced(fresh):
    fetch_sources(fresh, log=lambda _m: None)
    spec = next(s for s in load_manifest(fresh) if s.id == "eaeu_treaty")
    cached = fresh.cache_dir / spec.file
    cached.write_text("tampered", encoding="utf-8")
    with pytest.raises(CorpusError, match="changed or damaged"):
        verified_path(spec, fresh)
    fetch_sources(fresh, log=lambda _m: None)
    assert sha256_of(cached) == spec.sha256


class _Server:
    """A real HTTP server on 127.0.0.1 serving the mirror folder, optionally cutting bodies short."""

    def __init__(self, root: Path, truncate: bool = False):
        truncate_body = truncate

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(root), **kwargs)

            def copyfile(self, source, outputfile):
                data = source.read()
                outputfile.write(data[: len(data) // 2] if truncate_body else data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _with_urls(settings, base_url: str, tmp_path: Path):
    """A manifest copy whose pinned URLs point at the local server."""
    text = settings.manifest_file.read_text(encoding="utf-8")
    text = text.replace("https://raw.githubusercontent.com/mappingtreaties/tota/"
                        "2558ee5e9aafb1fe02d586768def7feb8906123d/xml/", f"{base_url}/tota/")
    manifest = tmp_path / "sources.toml"
    manifest.write_text(text, encoding="utf-8")
    return dataclasses.replace(settings, manifest_file=manifest, sources=None)


def test_download_from_pinned_url(fresh, tmp_path):
    with _Server(fresh.sources) as url:
        statuses = fetch_sources(_with_urls(fresh, url, tmp_path), log=lambda _m: None)
    assert [s.state for s in statuses] == ["ok", "ok", "ok"]


def test_partial_download_leaves_no_file(fresh, tmp_path):
    with _Server(fresh.sources, truncate=True) as url:
        with pytest.raises(CorpusError):
            fetch_sources(_with_urls(fresh, url, tmp_path), log=lambda _m: None)
    tota = fresh.cache_dir / "tota"
    assert not tota.exists() or list(tota.iterdir()) == []


def test_unreachable_url_is_a_clear_error(fresh, tmp_path):
    unreachable = _with_urls(fresh, "http://127.0.0.1:9", tmp_path)
    with pytest.raises(CorpusError, match="Could not download"):
        fetch_sources(unreachable, log=lambda _m: None)


def test_a_folder_where_the_cached_file_should_be_is_a_clear_error(fresh):
    spec = next(s for s in load_manifest(fresh) if s.id == "eaeu_treaty")
    (fresh.cache_dir / spec.file).mkdir(parents=True)
    assert source_status(spec, fresh).state == "not a file"
    for attempt in (lambda: fetch_sources(fresh, log=lambda _m: None), lambda: verified_path(spec, fresh)):
        with pytest.raises(CorpusError, match=r"is a folder .* Remove it \(rm -r") as error:
            attempt()
        assert str(fresh.cache_dir / spec.file) in str(error.value) and "Errno" not in str(error.value)


def _status(env_settings, tmp_path):
    env = dict(os.environ, HF_HUB_OFFLINE="1", EAEU_QA_CACHE_DIR=str(env_settings.cache_dir),
               EAEU_QA_INDEX_DIR=str(tmp_path / "no-index"))
    return subprocess.run([sys.executable, "-m", "eaeu_qa.cli", "corpus", "status"], env=env, capture_output=True,
                          text=True, timeout=120)


def test_corpus_status_exits_non_zero_when_sources_are_missing(settings, fresh, tmp_path):
    ok = _status(settings, tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count(" ok ") == 3
    missing = _status(fresh, tmp_path)  # its cache is empty: the treaties have not been fetched
    assert missing.returncode == 1
    assert "missing" in missing.stdout and "eaeu-qa corpus fetch" in missing.stderr
    assert str(fresh.cache_dir / "tota" / "pta_440.xml") in missing.stderr and "Traceback" not in missing.stderr


def test_a_source_is_hashed_again_only_when_its_file_changed(fresh, monkeypatch):
    from eaeu_qa import corpus

    fetch_sources(fresh, log=lambda _m: None)
    spec = next(s for s in load_manifest(fresh) if s.id == "eaeu_treaty")
    hashed = []
    monkeypatch.setattr(corpus, "sha256_of", lambda path: hashed.append(path) or sha256_of(path))
    assert [source_status(spec, fresh).state for _ in range(3)] == ["ok", "ok", "ok"]
    assert hashed == []  # fetch_sources hashed it already
    cached = fresh.cache_dir / spec.file
    original = cached.read_bytes()
    cached.write_bytes(original.replace(b"Astana", b"Astena"))  # same size, new modification time
    assert source_status(spec, fresh).state == "checksum mismatch"
    cached.write_bytes(original)
    assert source_status(spec, fresh).state == "ok"
    assert hashed == [cached, cached]  # once per change
