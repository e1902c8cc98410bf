"""Start-up diet: do not run library code that eaeu-qa never uses (docs/benchmarks.md, cold start).

Installed by `eaeu_qa/__init__.py`, so it is in place before LangChain is imported. Both parts only
postpone or leave out imports; neither changes what any library function does:

- `langsmith.types` (about 0.3 s of a cold `eaeu-qa ask`): LangChain's runnables import
  `langsmith.run_trees`, which reaches `langsmith.types.run_select_field` for one type alias; Python
  first runs the package's `__init__`, which builds ~100 pydantic models of the LangSmith REST API. Here
  the package is created with its `__path__` (so submodules import as usual) and its `__init__` runs the
  first time anything reads a name from the package itself (PEP 562 module `__getattr__`). The standard
  `importlib.util.LazyLoader` cannot do this: importing a submodule reads the package's `__path__`, which
  makes LazyLoader run the `__init__` at once.
- `import_without` (bm25s without scipy, about 0.1 s): bm25s imports scipy.sparse inside try/except and
  builds its matrix with numpy when scipy is missing; eaeu-qa asks bm25s to do that (identical rankings,
  tests/test_derived_cache.py). The modules are hidden from one import in one thread only, and a version
  that fails without them is imported again as usual.
- `OPTIONAL_WHILE_IMPORTING` (langsmith.client without OpenTelemetry, about 0.04 s CPU): LangChain's
  runnables import LangSmith's client whatever the tracing settings (and `Runnable.invoke` configures its
  callbacks through it), and the client imports `opentelemetry.sdk.trace` inside try/except only for a
  type (its OTEL mode imports what it uses when switched on, `langsmith.client._import_otel`). The same
  hint as `import_without`, given while that one module runs (it is reached through LangChain's imports,
  not imported here): OpenTelemetry is hidden from it in the importing thread; if it is imported already,
  or the module fails without it, nothing is hidden.

If langsmith.types is no longer a package on the path, it is imported as usual. Set EAEU_QA_IMPORT_DIET=0
to switch the diet off.

The earlier version also skipped the `overrides` package's signature checks of Chroma's classes and the
httpx command-line module (rich, click). Those changed or removed library code and mattered only for
processes that import chromadb, which `eaeu-qa ask` no longer does (the index's exported vectors are
searched: eaeu_qa/index_store.py LazyStore); they were dropped as fragile against library upgrades.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
import threading

DEFERRED_PACKAGES = frozenset({"langsmith.types"})
# module -> the optional top-level packages it is imported without (each imported inside try/except ImportError)
OPTIONAL_WHILE_IMPORTING = {"langsmith.client": ("opentelemetry",)}
_skipped_here = threading.local()  # modules hidden only in one thread, during one import (import_without)


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


class _WithoutOptional(importlib.abc.Loader):
    """Run a module with its optional dependencies `optional` hidden in this thread (import_without's hint, for a
    module that a library imports); run it again as usual if it needs them after all."""

    def __init__(self, loader, optional: tuple[str, ...]):
        self.loader, self.optional = loader, optional

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        before = getattr(_skipped_here, "names", ())
        hidden = tuple(name for name in self.optional if name not in sys.modules)
        _skipped_here.names = before + hidden
        try:
            self.loader.exec_module(module)
        except ImportError:
            if not hidden:
                raise
            _skipped_here.names = before  # a version that needs them: its own code again, in the same namespace
            self.loader.exec_module(module)
        finally:
            _skipped_here.names = before


class _Diet(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name in getattr(_skipped_here, "names", ()):
            raise ImportError(f"{name} is not imported here (eaeu_qa.import_diet.import_without)", name=name)
        if name not in DEFERRED_PACKAGES and name not in OPTIONAL_WHILE_IMPORTING:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None  # not the module this was written for: import it normally
        if name in OPTIONAL_WHILE_IMPORTING:
            spec.loader = _WithoutOptional(spec.loader, OPTIONAL_WHILE_IMPORTING[name])
            return spec
        if not spec.submodule_search_locations:
            return None
        spec.loader = _DeferredInit(spec.loader)
        return spec


def import_without(module: str, optional: tuple[str, ...]):
    """Import `module` as if its optional dependencies `optional` were not installed (in this thread only;
    other threads and later imports see them as usual). Used for bm25s, which imports scipy.sparse
    (0.1-0.2 s) only to offer a second way of building its matrix; without it bm25s uses numpy.
    With the diet switched off, `module` is imported as usual."""
    import importlib

    if not _installed or module in sys.modules or any(name in sys.modules for name in optional):
        return importlib.import_module(module)
    _skipped_here.names = optional
    try:
        return importlib.import_module(module)
    except ImportError:  # a version that needs them after all: forget the partial import, import as usual
        for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
            del sys.modules[name]
        _skipped_here.names = ()
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
