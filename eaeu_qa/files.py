"""Atomic file writes: write beside the target, flush to disk, then rename, so a crash never leaves half a file.

The one place that writes files this way: JSON and text (`atomic_write_text`), bytes (`atomic_write_bytes`),
anything a writer puts through a file handle (`atomic_write`, e.g. a pickle), and the pruning of a cache
folder to its newest entries (`keep_newest`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterable


def atomic_write(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """write(handle) into a new file beside `path`, then rename it over `path`; on any failure `path` is as
    it was and no temporary file is left. The temporary name is unique, so threads and processes writing
    the same target at once never write into one file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Named apart from the target's kind (".<name>.<random>.partial"), so no glob for the targets sees it.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    return atomic_write(path, lambda out: out.write(data))


def atomic_write_text(path: Path, content: str) -> Path:
    return atomic_write(path, lambda out: out.write(content.encode("utf-8")))


def keep_newest(entries: Iterable[Path], keep: int) -> None:
    """Remove all but the `keep` most recently modified of `entries` (files or folders); best effort."""
    def modified(entry: Path) -> float:
        try:
            return entry.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(entries, key=modified, reverse=True)[keep:]:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
