"""Corpus sources: the manifest, fetching pinned files into the cache, and checksum verification."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .records import SourceSpec
from .settings import Settings

logger = logging.getLogger(__name__)


class CorpusError(RuntimeError):
    """A source is missing, tampered with, or could not be fetched. The message is for the user."""


@dataclass(frozen=True)
class SourceStatus:
    spec: SourceSpec
    path: Path
    state: str  # "ok" | "missing" | "checksum mismatch" | "not a file"
    actual_sha256: str = ""


def load_manifest(settings: Settings) -> list[SourceSpec]:
    try:
        data = tomllib.loads(settings.manifest_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"Cannot read the corpus manifest {settings.manifest_file}: {exc}") from exc
    return [SourceSpec(**entry) for entry in data.get("source", [])]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


_HASHES: dict[Path, tuple[tuple[int, int, int], str]] = {}  # path -> ((mtime_ns, size, inode), SHA-256)


def cached_sha256_of(path: Path) -> str:
    """sha256_of(path), computed again only when the file's modification time, size or inode changed (the app
    shows every source's checksum state on each rerun)."""
    info = path.stat()
    stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
    known = _HASHES.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    digest = sha256_of(path)
    _HASHES[path] = (stamp, digest)
    return digest


def local_path(spec: SourceSpec, settings: Settings) -> Path:
    """Where the project keeps the file: shipped ones in corpus/, fetched ones in the cache."""
    base = settings.corpus_dir if spec.shipped else settings.cache_dir
    return base / spec.file


def source_status(spec: SourceSpec, settings: Settings) -> SourceStatus:
    path = local_path(spec, settings)
    if path.exists() and not path.is_file():
        return SourceStatus(spec, path, "not a file")
    if not path.is_file():
        return SourceStatus(spec, path, "missing")
    actual = cached_sha256_of(path)
    state = "ok" if actual == spec.sha256 else "checksum mismatch"
    return SourceStatus(spec, path, state, actual)


def verified_path(spec: SourceSpec, settings: Settings) -> Path:
    """The source's local path, after checking its SHA-256; raises CorpusError otherwise."""
    status = source_status(spec, settings)
    if status.state == "missing":
        hint = "" if spec.shipped else " Run `eaeu-qa corpus fetch` first."
        raise CorpusError(f"{spec.short_title}: file {status.path} is missing.{hint}")
    if status.state == "not a file":
        raise CorpusError(_not_a_file(spec, status.path))
    if status.state != "ok":
        raise CorpusError(
            f"{spec.short_title}: {status.path} has SHA-256 {status.actual_sha256}, "
            f"expected {spec.sha256}. The file was changed or damaged; "
            + ("restore it from git." if spec.shipped else "run `eaeu-qa corpus fetch` to replace it.")
        )
    return status.path


def fetch_sources(settings: Settings, log=None) -> list[SourceStatus]:
    """Put every non-shipped source into the cache from the mirror or its pinned URL, checksum-verified."""
    log = log or logger.info
    results = []
    for spec in load_manifest(settings):
        status = source_status(spec, settings)
        if status.state != "ok" and not spec.shipped:
            _install_source(spec, settings, log)
            status = source_status(spec, settings)
        elif status.state != "ok":
            verified_path(spec, settings)  # shipped file damaged: raise the explanatory error
        results.append(status)
    return results


def _not_a_file(spec: SourceSpec, path: Path) -> str:
    return (f"{spec.short_title}: {path} is a folder (or another non-file) where the source file should be. "
            f"Remove it (rm -r '{path}') and run `eaeu-qa corpus fetch`.")


def _install_source(spec: SourceSpec, settings: Settings, log) -> None:
    target = local_path(spec, settings)
    if target.exists() and not target.is_file():
        raise CorpusError(_not_a_file(spec, target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusError(f"{spec.short_title}: cannot create the cache folder {target.parent} "
                          f"({exc.strerror or exc}); set EAEU_QA_CACHE_DIR to a writable folder.") from exc
    # Write next to the target, check, then rename: a failed or partial transfer leaves nothing behind.
    fd, tmp_name = tempfile.mkstemp(prefix=".partial-", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if settings.sources is not None:
            origin = settings.sources / spec.file
            if not origin.is_file():
                raise CorpusError(f"{spec.short_title}: not found in the mirror folder {settings.sources} "
                                  f"(EAEU_QA_SOURCES); expected {origin}.")
            log(f"Copying {spec.short_title} from {origin}")
            shutil.copyfile(origin, tmp)
        else:
            log(f"Downloading {spec.short_title} from {spec.url}")
            _download(spec.url, tmp, settings.download_timeout_s)
        actual = sha256_of(tmp)
        if actual != spec.sha256:
            if settings.sources is not None:
                fix = (f"Replace {origin} with the pinned file from {spec.url or 'the original source'}, "
                       "or unset EAEU_QA_SOURCES to download it from there.")
            else:
                fix = f"The server returned a different file; check {spec.url} or set EAEU_QA_SOURCES to a mirror."
            raise CorpusError(f"{spec.short_title}: {origin if settings.sources is not None else spec.url} has "
                              f"SHA-256 {actual}, expected {spec.sha256} (pinned in {settings.manifest_file}). "
                              f"It was changed or damaged and was not installed. {fix}")
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def _download(url: str, dest: Path, timeout_s: float) -> None:
    import urllib.error  # here, not at the top: most runs find the files in place (a cold `ask` saves ~20 ms)
    import urllib.request

    if not url:
        raise CorpusError("No URL is pinned for this source and no mirror folder is set (EAEU_QA_SOURCES).")
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response, dest.open("wb") as out:
            expected = response.headers.get("Content-Length")
            copied = 0
            for block in iter(lambda: response.read(1 << 16), b""):
                out.write(block)
                copied += len(block)
        if expected is not None and copied != int(expected):
            raise CorpusError(f"Download of {url} stopped after {copied} of {expected} bytes.")
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise CorpusError(f"Could not download {url}: {exc}. Set EAEU_QA_SOURCES to a folder that "
                          "holds the files (tota/pta_440.xml, tota/pta_444.xml) to work offline.") from exc
