"""The process's view of the current index generation: checked on each question, switched to once complete.

`live_index(settings).handle()` costs one stat of index/index.json (with a Chroma server: one read of its
pointer record) while nothing changes. When another
process (or a "Rebuild index" click) points it at a new generation, the first caller opens the new one
while every other thread keeps answering from the old one; objects built over a generation (the chain)
are rebuilt the same way through `derived()`. A generation is released two switches later, so questions
still running on it finish; another process's cleanup deletes it only after that release.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Callable, TypeVar

from .index import IndexHandle, current_info, open_index, pointer_token
from .settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")
# Derived values kept per process, the least recently used dropped first: the main chain plus chains over
# workspaces' uploads (one per workspace and set of documents), each holding its own retriever.
DERIVED_KEEP = 16


class LiveIndex:
    """The current IndexHandle of one index folder, plus values derived from it, per process."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._switching = threading.Lock()
        self._handle: IndexHandle | None = None
        self._stamp: tuple | None = None
        self._retired: list[IndexHandle] = []
        self._derived: OrderedDict[str, tuple[str, object]] = OrderedDict()
        self._deriving: dict[str, threading.Lock] = {}
        self._order = threading.Lock()  # guards the order and the eviction of _derived

    def handle(self) -> IndexHandle:
        """The newest complete generation this process could open (the previous one while switching)."""
        current = self._handle
        if current is not None and self._token() == self._stamp:
            return current
        # The first open waits; later switches are done by one thread while the others use the old handle.
        if not self._switching.acquire(blocking=current is None):
            return current
        try:
            return self._switch()
        finally:
            self._switching.release()

    def _switch(self) -> IndexHandle:
        stamp = self._token()
        current = self._handle
        if current is not None and (stamp == self._stamp or _generation(self.settings) == current.generation):
            self._stamp = stamp
            return current
        try:
            new = open_index(self.settings, rebuild=current is None, log=log.info)
        except Exception:
            if current is None:
                raise
            log.exception("The new index generation could not be opened; still serving %s", current.generation)
            self._stamp = stamp  # retried when the pointer changes again
            return current
        if current is not None:
            log.info("Switched from index generation %s to %s", current.generation or "(unversioned)",
                     new.generation)
            self._retired.append(current)
            while len(self._retired) > 1:  # keep the previous one: questions may still run on it
                self._retired.pop(0).release()
        self._handle, self._stamp = new, stamp
        return new

    def _token(self):
        try:
            return pointer_token(self.settings)
        except Exception:  # a Chroma server that is briefly away: keep serving what is open
            if self._handle is None:
                raise
            log.warning("Cannot check for a new index generation; still serving %s", self._handle.generation,
                        exc_info=True)
            return self._stamp

    def derived(self, key: str, build: Callable[[IndexHandle], T]) -> T:
        """build(handle) for the current generation, cached (at most DERIVED_KEEP keys, the least recently used
        dropped); the old value is served while a new one builds."""
        handle = self.handle()
        cached = self._derived.get(key)
        if cached is not None and cached[0] == handle.generation:
            self._touch(key)
            return cached[1]
        lock = self._deriving.setdefault(key, threading.Lock())
        if not lock.acquire(blocking=cached is None):
            return cached[1]
        try:
            cached = self._derived.get(key)
            if cached is None or cached[0] != handle.generation:
                try:
                    value = build(handle)
                except Exception:
                    if cached is None:
                        raise
                    log.exception("Building %s for index generation %s failed; still serving the old one",
                                  key, handle.generation)
                    return cached[1]
                cached = (handle.generation, value)
                self._derived[key] = cached
                self._touch(key)
            return cached[1]
        finally:
            lock.release()

    def _touch(self, key: str) -> None:
        """Mark `key` as just used and drop the least recently used keys beyond DERIVED_KEEP."""
        with self._order:
            if key in self._derived:
                self._derived.move_to_end(key)
            while len(self._derived) > DERIVED_KEEP:
                old, _ = self._derived.popitem(last=False)
                self._deriving.pop(old, None)

    def close(self) -> None:
        for handle in self._retired + ([self._handle] if self._handle else []):
            handle.release()
        self._retired, self._handle, self._derived = [], None, OrderedDict()


def _generation(settings: Settings) -> str | None:
    info = current_info(settings)
    return None if info is None else info.generation


@lru_cache(maxsize=8)
def live_index(settings: Settings) -> LiveIndex:
    """One LiveIndex per settings object in this process."""
    return LiveIndex(settings)


def current_handle(settings: Settings) -> IndexHandle:
    """The handle of the current generation of settings.index_dir (for the app and service)."""
    return live_index(settings).handle()
