"""Start-up diet: skip the parts of library imports that eaeu-qa never uses (docs/benchmarks.md, cold start).

Installed by `eaeu_qa/__init__.py`, so it is in place before LangChain or Chroma are imported:

- `langsmith.types` (about 0.4 s of a cold start): LangChain's retriever and tracer modules import
  `langsmith.run_trees`, which imports one type alias from `langsmith.types.run_select_field`; Python
  first runs the package's `__init__`, which builds ~100 pydantic models of the LangSmith REST API. Here
  the package is created with its `__path__` (so submodules import as usual) and its `__init__` runs the
  first time anything reads a name from the package itself (PEP 562 module `__getattr__`).
- `overrides` signature checks (about 0.3 s): Chroma marks ~200 methods with `@override`, and the
  `overrides` package compares each one's type hints with its base class's while the class is created.
  A mismatch could only raise TypeError for library code that is pinned and already works; the check is
  skipped (the decorator still copies docstrings and refuses methods without a base method).
- `httpx._main` (rich, click, pygments; about 0.1 s): the `httpx` command-line tool, which httpx imports
  inside `try/except ImportError` and replaces by a stub when it is missing. Chroma imports httpx.

Each step checks that the module still sits where it did; if a library changes, the import happens as
it would without this module. Set EAEU_QA_IMPORT_DIET=0 to switch it off.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
import threading

DEFERRED_PACKAGES = frozenset({"langsmith.types"})
SKIPPED_MODULES = frozenset({"httpx._main"})
PATCHED_MODULES = {"overrides.overrides": lambda module: _skip_signature_check(module)}
_skipped_here = threading.local()  # modules skipped only in one thread, during one import (import_without)


class _DeferredInit(importlib.abc.Loader):
    """Create a package module without running its __init__ until a name is read from it."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        lock = threading.RLock()
        loader = self.loader

        def __getattr__(name: str):
            with lock:
                if module.__dict__.get("__getattr__") is __getattr__:
                    del module.__dict__["__getattr__"]
                    loader.exec_module(module)  # the package's real __init__, in the same namespace
            try:
                return module.__dict__[name]
            except KeyError:
                if "__getattr__" in module.__dict__:  # the real __init__ defines its own
                    return module.__dict__["__getattr__"](name)
                raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}") from None

        module.__getattr__ = __getattr__


def _skip_signature_check(module) -> None:
    if callable(getattr(module, "ensure_signature_is_compatible", None)):
        module.ensure_signature_is_compatible = lambda *args, **kwargs: None


class _Patched(importlib.abc.Loader):
    """Run the module as usual, then adjust it."""

    def __init__(self, loader, patch):
        self.loader, self.patch = loader, patch

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        self.patch(module)


class _Diet(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name in SKIPPED_MODULES or name in getattr(_skipped_here, "names", ()):
            raise ImportError(f"{name} is not imported by eaeu-qa (eaeu_qa.import_diet)", name=name)
        if name not in DEFERRED_PACKAGES and name not in PATCHED_MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if name in PATCHED_MODULES:
            if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = _Patched(spec.loader, PATCHED_MODULES[name])
                return spec
            return None
        if spec is None or spec.loader is None or not spec.submodule_search_locations \
                or not hasattr(spec.loader, "exec_module"):
            return None  # not the package this was written for: import it normally
        spec.loader = _DeferredInit(spec.loader)
        return spec


def import_without(module: str, optional: tuple[str, ...]):
    """Import `module` as if its optional dependencies `optional` were not installed (in this thread only;
    other threads and later imports see them as usual). Used for bm25s, which imports scipy.sparse
    (0.15-0.2 s) only to offer a second way of building its matrix; without it bm25s uses numpy."""
    import importlib

    if module in sys.modules or any(name in sys.modules for name in optional):
        return importlib.import_module(module)
    _skipped_here.names = optional
    try:
        return importlib.import_module(module)
    finally:
        _skipped_here.names = ()


_installed = False


def install() -> None:
    """Put the finder first on sys.meta_path (once; a no-op with EAEU_QA_IMPORT_DIET=0)."""
    global _installed
    if _installed or os.environ.get("EAEU_QA_IMPORT_DIET", "1") == "0":
        return
    _installed = True
    sys.meta_path.insert(0, _Diet())
