"""Documents page: read the analysis article and both treaties; citations deep-link here (?doc=...&loc=...)."""

from __future__ import annotations

from eaeu_qa.service import get_service
from eaeu_qa.ui import reader, style

style.apply()
reader.render(get_service())
