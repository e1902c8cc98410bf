"""Index generations on disk: gen-<id> folders, the atomically replaced pointer, reader locks, cleanup.

index/
  index.json          the pointer: the current generation's id and description (replaced atomically)
  gen-<id>/           one complete build: chroma/, chunks.jsonl, index.json, reader.lock
  .gen-<id>.building-<pid>   a build in progress (removed at the next start if its process died)

A process that serves a generation holds a shared flock on its reader.lock; a generation that is not
current is deleted only when nobody holds that lock, so a rebuild never pulls files from under a reader.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import secrets
import shutil
import time
from pathlib import Path

log = logging.getLogger(__name__)

GENERATION_PREFIX = "gen-"
READER_LOCK = "reader.lock"
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?:building|old|deleting)-(?P<pid>\d+)")


def new_generation_id() -> str:
    """Sortable by build time, unique across processes."""
    return f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(3)}"


def generation_dir(index_dir: Path, generation: str) -> Path:
    """Where a generation's files live; "" is the layout of earlier versions (files directly in index/)."""
    return index_dir / f"{GENERATION_PREFIX}{generation}" if generation else index_dir


def staging_dir(index_dir: Path, generation: str) -> Path:
    return index_dir / f".{GENERATION_PREFIX}{generation}.building-{os.getpid()}"


def pointer_stamp(pointer: Path) -> tuple | None:
    """A cheap change marker for the pointer file (one stat), None when it does not exist."""
    try:
        stat = pointer.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


class ReaderLock:
    """A shared lock on a generation, held while this process serves it; release() lets cleanup delete it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._fd: int | None = None
        self._released = False
        try:
            self._fd = os.open(folder / READER_LOCK, os.O_RDONLY)
        except FileNotFoundError:
            return  # no lock file: a generation of an earlier version, or a folder being deleted
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    @property
    def held(self) -> bool:
        return not self._released

    def release(self) -> None:
        self._released = True
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    def __del__(self):
        self.release()


def create_reader_lock(folder: Path) -> None:
    (folder / READER_LOCK).touch()


def remove_unused(index_dir: Path, keep: set[str]) -> list[str]:
    """Delete generation folders not in `keep` that no process holds; returns the removed names."""
    removed = []
    for folder in sorted(index_dir.glob(f"{GENERATION_PREFIX}*")):
        generation = folder.name[len(GENERATION_PREFIX):]
        if generation in keep or not folder.is_dir():
            continue
        try:
            fd = os.open(folder / READER_LOCK, os.O_RDONLY)
        except FileNotFoundError:
            continue  # not a generation this code wrote
        except OSError as exc:
            log.debug("Cannot check %s: %s", folder, exc)
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a process still serves it; a later cleanup removes it
            doomed = index_dir / f".{folder.name}.deleting-{os.getpid()}"
            try:
                folder.rename(doomed)  # readers that waited for the lock now find the folder gone
            except OSError as exc:
                log.debug("Cannot remove %s: %s", folder, exc)
                continue
        finally:
            os.close(fd)
        shutil.rmtree(doomed, ignore_errors=True)
        removed.append(folder.name)
    if removed:
        log.info("Removed unused index generation(s) %s from %s", ", ".join(removed), index_dir)
    return removed


def remove_leftovers(index_dir: Path) -> list[Path]:
    """Remove folders of builds (and swaps, deletions) whose process is gone: `.gen-*.building-PID` in
    index/, and the `.index.building-PID` / `.index.old-PID` folders of earlier versions beside it."""
    removed = []
    places = [(index_dir, None), (index_dir.parent, index_dir.name)]
    for place, name in places:
        try:
            entries = list(place.iterdir())
        except OSError:
            continue
        for entry in entries:
            match = _LEFTOVER.fullmatch(entry.name)
            if not match or (name is not None and match["name"] != name) or _alive(int(match["pid"])):
                continue
            shutil.rmtree(entry, ignore_errors=True)
            if not entry.exists():
                removed.append(entry)
    if removed:
        log.info("Removed %d leftover folder(s) of interrupted index builds: %s", len(removed),
                 ", ".join(str(p) for p in removed))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
