"""eaeu-qa: cited question answering about Kyrgyzstan v. Russia at the EAEU Court."""

import os

# numpy's OpenBLAS splits a matrix-vector product of a few thousand rows (the word table, an upload store)
# over two threads; on a shared 2-core machine the second thread waits for a core, and such a product's p95
# went from 0.25 ms to 2-70 ms (warm retrieval p95 37-45 ms with one thread, 68-136 ms without, same
# sitting: docs/benchmarks.md). Every matrix here is small, so one thread. OpenBLAS reads this when numpy
# loads it (numpy is not imported before this package in the CLI, the app or the tests); a value set by the
# user is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from . import import_diet  # noqa: E402

import_diet.install()  # before LangChain and Chroma are imported: see docs/benchmarks.md (cold start)
