"""Cold-start behaviour: what a one-shot `eaeu-qa ask` imports (the speed itself is measured by `make bench`)."""

from __future__ import annotations

import json
import subprocess
import sys


def _probe(code: str, env: dict | None = None) -> dict:
    import os

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, **(env or {})))
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_langsmith_api_types_are_built_only_when_used():
    report = _probe(
        "import json, sys\n"
        "import eaeu_qa, langchain_core.retrievers, langchain_core.runnables\n"
        "types = sys.modules['langsmith.types']\n"
        "before = 'Run' in vars(types)\n"
        "from langsmith.types import Run\n"
        "from langsmith.types.run_select_field import RunSelectField\n"
        "print(json.dumps({'before': before, 'after': Run.__name__, 'rich': 'rich' in sys.modules}))\n")
    assert report == {"before": False, "after": "Run", "rich": False}


def test_httpx_still_works_without_its_command_line_tool():
    report = _probe("import json, eaeu_qa, httpx\n"
                    "print(json.dumps({'client': httpx.Client.__name__, 'main': callable(httpx.main)}))\n")
    assert report == {"client": "Client", "main": True}


def test_the_diet_can_be_switched_off():
    report = _probe("import json, sys, eaeu_qa, langchain_core.retrievers\n"
                    "print(json.dumps({'built': 'Run' in vars(sys.modules['langsmith.types'])}))\n",
                    env={"EAEU_QA_IMPORT_DIET": "0"})
    assert report == {"built": True}
