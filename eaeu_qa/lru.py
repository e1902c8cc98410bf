"""A bounded least-recently-used mapping under a lock, for caches that the sessions' threads share."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRUCache(Generic[K, V]):
    """At most `size` entries; the least recently read or written goes first. Every operation holds the lock
    (Streamlit answers each session in its own thread). Hand-rolled: functools.lru_cache caches a function's calls,
    not a mapping an object fills (encoded words, units of chunks, unit vectors), and cachetools is no dependency."""

    def __init__(self, size: int):
        self.size = max(0, size)
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __contains__(self, key: K) -> bool:
        with self._lock:
            return key in self._entries

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
