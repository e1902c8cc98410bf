"""eaeu-qa: cited question answering about Kyrgyzstan v. Russia at the EAEU Court."""

from . import import_diet

import_diet.install()  # before LangChain and Chroma are imported: see docs/benchmarks.md (cold start)
